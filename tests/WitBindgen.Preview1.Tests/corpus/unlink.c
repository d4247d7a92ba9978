#include <stdio.h>
#include <unistd.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
int main(void) {
    printf("unlink old.txt: %d\n", unlink("/data/old.txt"));
    printf("exists after: %s\n", access("/data/old.txt", F_OK) == 0 ? "yes" : "no");
    errno = 0; int r = unlink("/data/old.txt");
    printf("unlink again: %d %s\n", r, errno == ENOENT ? "ENOENT" : strerror(errno));
    printf("mkdir empty: %d\n", mkdir("/data/empty", 0755));
    printf("rmdir empty: %d\n", rmdir("/data/empty"));
    errno = 0; r = rmdir("/data/sub");
    printf("rmdir non-empty: %d %s\n", r, errno == ENOTEMPTY ? "ENOTEMPTY" : strerror(errno));
    unlink("/data/sub/a.txt"); unlink("/data/sub/b.txt");
    printf("rmdir emptied sub: %d\n", rmdir("/data/sub"));
    return 0;
}
