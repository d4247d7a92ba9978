/* Copies stdin to stdout with stdio, as `cat` does: a WASI preview-1 program (wasi-libc) for the stdin tests. */
#include <stdio.h>

int main(void) {
    char buffer[4096];
    size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, stdin)) > 0) {
        if (fwrite(buffer, 1, n, stdout) != n) { perror("stdout"); return 1; }
    }
    if (ferror(stdin)) { perror("stdin"); return 1; }
    return 0;
}
