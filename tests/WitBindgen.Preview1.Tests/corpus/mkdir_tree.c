#include <stdio.h>
#include <sys/stat.h>
#include <errno.h>
#include <string.h>
#include <dirent.h>
#include <stdlib.h>
static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }
static void walk(const char *path, int depth) {
    DIR *d = opendir(path); if (!d) { perror(path); exit(1); }
    char *names[32]; int n = 0; struct dirent *e;
    while ((e = readdir(d))) if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) names[n++] = strdup(e->d_name);
    closedir(d); qsort(names, n, sizeof *names, cmp);
    for (int i = 0; i < n; i++) {
        char p[256]; snprintf(p, sizeof p, "%s/%s", path, names[i]);
        struct stat st; stat(p, &st);
        printf("%*s%s%s\n", depth * 2, "", names[i], S_ISDIR(st.st_mode) ? "/" : "");
        if (S_ISDIR(st.st_mode)) walk(p, depth + 1);
        free(names[i]);
    }
}
int main(void) {
    const char *dirs[] = { "/data/t", "/data/t/a", "/data/t/a/b", "/data/t/c" };
    for (int i = 0; i < 4; i++) printf("mkdir %s: %d\n", dirs[i], mkdir(dirs[i], 0755));
    errno = 0; int r = mkdir("/data/t/a", 0755);
    printf("mkdir again: %d %s\n", r, errno == EEXIST ? "EEXIST" : strerror(errno));
    errno = 0; r = mkdir("/data/nope/x", 0755);
    printf("mkdir no parent: %d %s\n", r, errno == ENOENT ? "ENOENT" : strerror(errno));
    for (int i = 0; i < 3; i++) { char p[64]; snprintf(p, sizeof p, "/data/t/a/b/f%d.txt", i); FILE *f = fopen(p, "w"); fprintf(f, "file %d\n", i); fclose(f); }
    walk("/data", 0);
    return 0;
}
