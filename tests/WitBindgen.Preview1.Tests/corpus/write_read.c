#include <stdio.h>
#include <string.h>
int main(void) {
    FILE *f = fopen("/data/new.txt", "w");
    if (!f) { perror("open w"); return 1; }
    for (int i = 0; i < 5; i++) fprintf(f, "line %d\n", i);
    fclose(f);
    f = fopen("/data/new.txt", "a");
    fputs("appended\n", f);
    fclose(f);
    f = fopen("/data/new.txt", "r");
    char buf[256]; int n = 0, bytes = 0;
    while (fgets(buf, sizeof buf, f)) { n++; bytes += strlen(buf); printf("read: %s", buf); }
    fclose(f);
    printf("lines=%d bytes=%d\n", n, bytes);
    return 0;
}
