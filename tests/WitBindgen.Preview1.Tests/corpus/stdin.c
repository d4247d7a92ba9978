#include <stdio.h>
#include <unistd.h>
int main(void) {
    unsigned char buf[1000]; ssize_t n; long total = 0, lines = 0; unsigned long sum = 0; int reads = 0;
    while ((n = read(0, buf, sizeof buf)) > 0) {
        reads++;
        for (ssize_t i = 0; i < n; i++) { total++; sum = sum * 31 + buf[i]; if (buf[i] == '\n') lines++; }
    }
    printf("bytes=%ld lines=%ld hash=%lu eof=%s\n", total, lines, sum, n == 0 ? "yes" : "no");
    printf("read again at eof: %zd\n", read(0, buf, sizeof buf));
    return 0;
}
