/* A heap that grows far past the initial memory, with WASI calls in between: wasi-libc's malloc (before 2023)
   takes memory up to sbrk(0) as its first heap, so this catches a host whose own pages sit inside it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

static uint32_t fill(unsigned char *p, size_t n, uint32_t seed) {
    uint32_t x = seed, sum = 0;
    for (size_t i = 0; i < n; i++) { x = x * 1103515245u + 12345u; p[i] = (unsigned char)(x >> 16); sum += p[i]; }
    return sum;
}

static uint32_t sum(const unsigned char *p, size_t n) {
    uint32_t s = 0;
    for (size_t i = 0; i < n; i++) s += p[i];
    return s;
}

int main(void) {
    enum { Blocks = 32 };
    unsigned char *blocks[Blocks];
    size_t sizes[Blocks];
    uint32_t sums[Blocks];
    FILE *log = fopen("/data/heap.log", "w");
    if (!log) { perror("open /data/heap.log"); return 1; }
    size_t total = 0;
    for (int i = 0; i < Blocks; i++) {
        sizes[i] = 1000 + (size_t)i * i * 3000;           /* 1 KB .. 2.9 MB, 31 MB in all */
        blocks[i] = malloc(sizes[i]);
        if (!blocks[i]) { printf("malloc %zu failed\n", sizes[i]); return 2; }
        sums[i] = fill(blocks[i], sizes[i], (uint32_t)i);
        total += sizes[i];
        fprintf(log, "block %d: %zu bytes, sum %u\n", i, sizes[i], sums[i]);
        fflush(log);                                    /* a WASI call with the heap at its largest so far */
        if (i % 8 == 7) printf("%zu bytes allocated\n", total);
    }
    for (int i = 0; i < Blocks; i += 2) { free(blocks[i]); blocks[i] = NULL; }
    for (int i = 1; i < Blocks; i += 2) {
        blocks[i] = realloc(blocks[i], sizes[i] * 2);
        if (!blocks[i]) { printf("realloc failed\n"); return 3; }
        if (sum(blocks[i], sizes[i]) != sums[i]) { printf("block %d changed under realloc\n", i); return 4; }
        memset(blocks[i] + sizes[i], 0x5a, sizes[i]);
    }
    int bad = 0;
    for (int i = 1; i < Blocks; i += 2)
        if (sum(blocks[i], sizes[i]) != sums[i] || sum(blocks[i] + sizes[i], sizes[i]) != (uint32_t)(0x5a * sizes[i])) bad++;
    printf("%d blocks checked, %d bad\n", Blocks / 2, bad);
    fclose(log);
    return bad;
}
