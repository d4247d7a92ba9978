#include <stdio.h>
#include <unistd.h>
#include <string.h>
#include <stdlib.h>
int main(void) {
    unsigned char a[16], b[16];
    int ra = getentropy(a, sizeof a), rb = getentropy(b, sizeof b);
    int nz = 0; for (int i = 0; i < 16; i++) nz |= a[i];
    printf("getentropy ok: %s\n", ra == 0 && rb == 0 ? "yes" : "no");
    printf("16 random bytes, not all zero: %s\n", nz ? "yes" : "no");
    printf("two draws differ: %s\n", memcmp(a, b, 16) != 0 ? "yes" : "no");
    unsigned char big[256]; getentropy(big, sizeof big);
    int seen[256] = {0}, distinct = 0; for (int i = 0; i < 256; i++) if (!seen[big[i]]++) distinct++;
    printf("256 bytes, > 100 distinct values: %s\n", distinct > 100 ? "yes" : "no");
    printf("arc4random differs: %s\n", arc4random() != arc4random() ? "yes" : "no");
    return 0;
}
