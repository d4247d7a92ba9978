#include <stdio.h>
#include <sys/stat.h>
#include <errno.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
static void show(const char *p) {
    struct stat st;
    if (stat(p, &st) != 0) { printf("%s: error %s\n", p, errno == ENOENT ? "ENOENT" : strerror(errno)); return; }
    printf("%s: %s", p, S_ISDIR(st.st_mode) ? "dir" : S_ISREG(st.st_mode) ? "file" : "other");
    if (S_ISREG(st.st_mode)) printf(" size=%lld", (long long)st.st_size);
    printf(" nlink>=1: %s mtime>0: %s\n", st.st_nlink >= 1 ? "yes" : "no", st.st_mtim.tv_sec > 0 ? "yes" : "no");
}
int main(void) {
    show("/data"); show("/data/in.txt"); show("/data/sub"); show("/data/sub/b.txt"); show("/data/nope");
    int fd = open("/data/in.txt", O_RDONLY);
    struct stat a, b; fstat(fd, &a); stat("/data/in.txt", &b);
    printf("fstat matches stat: %s\n", a.st_size == b.st_size && a.st_ino == b.st_ino ? "yes" : "no");
    close(fd);
    return 0;
}
