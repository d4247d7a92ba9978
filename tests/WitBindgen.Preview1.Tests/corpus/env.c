#include <stdio.h>
#include <stdlib.h>
#include <string.h>
extern char **environ;
static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }
int main(void) {
    int n = 0; while (environ[n]) n++;
    char **copy = malloc(sizeof *copy * (n + 1)); memcpy(copy, environ, sizeof *copy * n);
    qsort(copy, n, sizeof *copy, cmp);
    printf("count=%d\n", n);
    for (int i = 0; i < n; i++) printf("%s\n", copy[i]);
    printf("getenv(GREETING)=%s\n", getenv("GREETING"));
    printf("getenv(MISSING) is NULL: %s\n", getenv("MISSING") == NULL ? "yes" : "no");
    setenv("ADDED", "1", 1);
    printf("after setenv: %s\n", getenv("ADDED"));
    return 0;
}
