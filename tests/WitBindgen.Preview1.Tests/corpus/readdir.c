#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }
static void list(const char *path) {
    DIR *d = opendir(path);
    if (!d) { perror(path); exit(1); }
    char *names[64]; int n = 0; struct dirent *e;
    while ((e = readdir(d)) && n < 64) names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, n, sizeof *names, cmp);
    printf("%s: %d entries\n", path, n);
    for (int i = 0; i < n; i++) { printf("  %s\n", names[i]); free(names[i]); }
}
int main(void) { list("/data"); list("/data/sub"); return 0; }
