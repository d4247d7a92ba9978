// Opens one file again and again without closing it, until an open fails.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
int main(void) {
    int count = 0;
    for (;;) {
        if (open("/data/in.txt", O_RDONLY) < 0) break;
        if (++count == 1000000) break;
    }
    printf("%d opens, then: %s\n", count, strerror(errno));
    return 0;
}
