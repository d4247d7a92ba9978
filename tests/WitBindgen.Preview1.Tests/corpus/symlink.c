#include <stdio.h>
#include <unistd.h>
#include <sys/stat.h>
#include <string.h>
#include <errno.h>
int main(void) {
    printf("symlink: %d\n", symlink("in.txt", "/data/link"));
    char buf[64] = {0};
    ssize_t n = readlink("/data/link", buf, sizeof buf - 1);
    printf("readlink: %zd %s\n", n, buf);
    struct stat st, lst;
    lstat("/data/link", &lst); stat("/data/link", &st);
    printf("lstat is link: %s, stat is file: %s size=%lld\n", S_ISLNK(lst.st_mode) ? "yes" : "no", S_ISREG(st.st_mode) ? "yes" : "no", (long long)st.st_size);
    FILE *f = fopen("/data/link", "r"); memset(buf, 0, sizeof buf); fgets(buf, sizeof buf, f); fclose(f);
    printf("through link: %s", buf);
    printf("symlink in sub: %d\n", symlink("../in.txt", "/data/sub/up"));
    errno = 0; int r = symlink("x", "/data/link");
    printf("symlink exists: %d %s\n", r, errno == EEXIST ? "EEXIST" : strerror(errno));
    printf("unlink link: %d\n", unlink("/data/link"));
    printf("target still there: %s\n", access("/data/in.txt", F_OK) == 0 ? "yes" : "no");
    return 0;
}
