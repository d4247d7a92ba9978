// Writes to a file opened read-only: native preview 1 says EBADF.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
int main(void) {
    int fd = open("/data/in.txt", O_RDONLY);
    if (fd < 0) { perror("open"); return 2; }
    errno = 0;
    ssize_t n = write(fd, "x", 1);
    printf("write: %zd, errno %d (%s)\n", n, errno, strerror(errno));
    return 0;
}
