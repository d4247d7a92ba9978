#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(int argc, char **argv) {
    int code = argc > 1 ? atoi(argv[1]) : 0;
    printf("will exit %d\n", code);
    FILE *f = fopen("/data/marker.txt", "w"); fputs("before exit\n", f); fclose(f);
    fflush(stdout);
    exit(code);
}
