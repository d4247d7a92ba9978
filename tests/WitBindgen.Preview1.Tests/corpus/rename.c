#include <stdio.h>
#include <unistd.h>
#include <errno.h>
#include <string.h>
int main(void) {
    if (rename("/data/old.txt", "/data/renamed.txt") != 0) { perror("rename"); return 1; }
    printf("old exists: %s\n", access("/data/old.txt", F_OK) == 0 ? "yes" : "no");
    printf("new exists: %s\n", access("/data/renamed.txt", F_OK) == 0 ? "yes" : "no");
    if (rename("/data/sub/a.txt", "/data/moved-a.txt") != 0) { perror("rename across dirs"); return 1; }
    /* rename over an existing file replaces it */
    if (rename("/data/renamed.txt", "/data/in.txt") != 0) { perror("rename replace"); return 1; }
    FILE *f = fopen("/data/in.txt", "r"); char buf[64] = {0}; fgets(buf, sizeof buf, f); fclose(f);
    printf("in.txt now: %s", buf);
    errno = 0;
    int r = rename("/data/missing", "/data/x");
    printf("rename missing: %d %s\n", r, errno == ENOENT ? "ENOENT" : strerror(errno));
    return 0;
}
