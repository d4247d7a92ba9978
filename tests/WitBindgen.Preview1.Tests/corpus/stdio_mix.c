#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv) {
    for (int i = 0; i < 3; i++) { printf("out %d\n", i); fprintf(stderr, "err %d\n", i); }
    char *big = malloc(70000);
    for (int i = 0; i < 69999; i++) big[i] = 'a' + i % 26;
    big[69999] = 0;
    fwrite(big, 1, 69999, stdout);
    printf("\nbig write done\n");
    return 0;
}
