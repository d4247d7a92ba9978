#include <stdio.h>
#include <fcntl.h>
#include <unistd.h>
#include <string.h>
#include <sys/uio.h>
int main(void) {
    int fd = open("/data/vec.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    struct iovec iov[3] = { {"alpha ", 6}, {"beta ", 5}, {"gamma\n", 6} };
    printf("writev: %zd\n", writev(fd, iov, 3));
    close(fd);
    fd = open("/data/vec.txt", O_RDONLY);
    char a[7] = {0}, b[6] = {0}, c[7] = {0};
    struct iovec riov[3] = { {a, 6}, {b, 5}, {c, 6} };
    printf("readv: %zd [%s][%s][%s", readv(fd, riov, 3), a, b, c);
    printf("]\n");
    int flags = fcntl(fd, F_GETFL);
    printf("rdonly: %s\n", (flags & O_ACCMODE) == O_RDONLY ? "yes" : "no");
    close(fd);
    fd = open("/data/in.txt", O_WRONLY | O_APPEND);
    write(fd, "tail\n", 5);
    printf("append flag: %s\n", (fcntl(fd, F_GETFL) & O_APPEND) ? "yes" : "no");
    printf("fsync: %d fdatasync: %d\n", fsync(fd), fdatasync(fd));
    close(fd);
    fd = open("/data/in.txt", O_RDWR | O_TRUNC);
    write(fd, "short\n", 6);
    close(fd);
    return 0;
}
