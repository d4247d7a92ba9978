#include <stdio.h>
#include <string.h>
int main(int argc, char **argv) {
    printf("argc=%d\n", argc);
    size_t total = 0;
    for (int i = 0; i < argc; i++) { printf("argv[%d]=[%s] len=%zu\n", i, argv[i], strlen(argv[i])); total += strlen(argv[i]); }
    printf("argv[argc] is NULL: %s total=%zu\n", argv[argc] == NULL ? "yes" : "no", total);
    return 0;
}
