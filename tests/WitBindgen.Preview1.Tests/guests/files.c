#include <stdio.h>
#include <ctype.h>
#include <string.h>
int main(void) {
    FILE *in = fopen("/data/in.txt", "r");
    if (!in) { perror("open /data/in.txt"); return 2; }
    char buf[4096];
    size_t n = fread(buf, 1, sizeof buf, in);
    fclose(in);
    FILE *out = fopen("/data/out.txt", "w");
    if (!out) { perror("open /data/out.txt"); return 3; }
    for (size_t i = 0; i < n; i++) fputc(toupper((unsigned char)buf[i]), out);
    fprintf(out, "(%zu bytes)\n", n);
    if (fflush(out) != 0 || ferror(out)) { perror("write /data/out.txt"); return 4; }
    if (fclose(out) != 0) { perror("close /data/out.txt"); return 5; }
    printf("copied %zu bytes\n", n);
    return 0;
}
