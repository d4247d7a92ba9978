#include <stdio.h>
#include <fcntl.h>
#include <unistd.h>
#include <string.h>
int main(void) {
    int fd = open("/data/seek.bin", O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) { perror("open"); return 1; }
    write(fd, "0123456789", 10);
    printf("end: %lld\n", (long long)lseek(fd, 0, SEEK_CUR));
    printf("set 3: %lld\n", (long long)lseek(fd, 3, SEEK_SET));
    char b[8] = {0}; read(fd, b, 4); printf("read: %s\n", b);
    printf("cur -2: %lld\n", (long long)lseek(fd, -2, SEEK_CUR));
    write(fd, "AB", 2);
    printf("end-1: %lld\n", (long long)lseek(fd, -1, SEEK_END));
    memset(b, 0, sizeof b); read(fd, b, 4); printf("read: %s\n", b);
    printf("past end: %lld\n", (long long)lseek(fd, 14, SEEK_SET));
    write(fd, "Z", 1);
    pwrite(fd, "pw", 2, 0);
    memset(b, 0, sizeof b); pread(fd, b, 3, 8); printf("pread@8: %s\n", b);
    printf("cur after pread: %lld\n", (long long)lseek(fd, 0, SEEK_CUR));
    ftruncate(fd, 12);
    printf("size after truncate: %lld\n", (long long)lseek(fd, 0, SEEK_END));
    close(fd);
    return 0;
}
