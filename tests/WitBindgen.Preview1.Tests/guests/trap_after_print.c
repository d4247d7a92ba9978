// Writes to stdout and stderr (stdout line-buffered by wasi-libc, so flushed at the newline), then traps.
#include <stdio.h>
int main(void) {
    printf("before the trap\n");
    fprintf(stderr, "to stderr\n");
    __builtin_trap();
}
