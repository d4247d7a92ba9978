// A directory of 300 entries with long names, listed through several fd_readdir calls (cookies, entries cut at the
// buffer's end); hard links; timestamps set with utimensat/futimens and read back; ftruncate; fdatasync on a dir fd.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(void) {
    if (mkdir("/data/big", 0755) != 0) { perror("mkdir"); return 1; }
    char path[256];
    for (int i = 0; i < 300; i++) {
        snprintf(path, sizeof path, "/data/big/entry-%03d-with-a-rather-long-name-to-fill-buffers-%s", i, i % 2 ? "odd" : "even");
        FILE *f = fopen(path, "w");
        if (!f) { perror("fopen"); return 1; }
        fprintf(f, "%d\n", i);
        fclose(f);
    }
    DIR *d = opendir("/data/big");
    if (!d) { perror("opendir"); return 1; }
    char *names[400];
    int n = 0, dots = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) { dots++; continue; }
        if (n < 400) names[n++] = strdup(e->d_name);
        if (e->d_type != DT_REG) printf("unexpected type %d for %s\n", e->d_type, e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof names[0], cmp);
    unsigned long sum = 0;
    for (int i = 0; i < n; i++)
        for (const char *c = names[i]; *c; c++) sum = sum * 31 + (unsigned char)*c;
    printf("listed %d entries (+%d dot entries), first %s, last %s, checksum %lu\n", n, dots, names[0], names[n - 1], sum);

    // Hard links.
    if (link("/data/big/entry-000-with-a-rather-long-name-to-fill-buffers-even", "/data/hard") != 0) perror("link");
    struct stat st;
    stat("/data/hard", &st);
    printf("hard link: nlink %lu size %lld\n", (unsigned long)st.st_nlink, (long long)st.st_size);
    printf("link over existing: %d %s\n", link("/data/hard", "/data/in.txt"), strerror(errno));
    printf("link missing: %d %s\n", link("/data/missing", "/data/x"), strerror(errno));

    // Timestamps.
    struct timespec times[2] = {{1000000000, 123456789}, {1600000000, 987654321}};
    printf("utimensat: %d\n", utimensat(AT_FDCWD, "/data/hard", times, 0));
    stat("/data/hard", &st);
    printf("atime %lld.%09ld mtime %lld.%09ld\n", (long long)st.st_atim.tv_sec, st.st_atim.tv_nsec,
           (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    int fd = open("/data/hard", O_RDWR);
    struct timespec only_mtime[2] = {{0, UTIME_OMIT}, {1500000000, 5}};
    printf("futimens: %d\n", futimens(fd, only_mtime));
    fstat(fd, &st);
    printf("atime %lld.%09ld mtime %lld.%09ld\n", (long long)st.st_atim.tv_sec, st.st_atim.tv_nsec,
           (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    printf("ftruncate 10: %d\n", ftruncate(fd, 10));
    fstat(fd, &st);
    printf("size %lld\n", (long long)st.st_size);
    close(fd);
    int dfd = open("/data/big", O_RDONLY | O_DIRECTORY);
    printf("fsync dir: %d %s\n", fsync(dfd), strerror(errno));
    printf("write dir: %zd %s\n", write(dfd, "x", 1), strerror(errno));
    close(dfd);
    // Leave a small tree behind for the comparison.
    for (int i = 0; i < 300; i++) {
        snprintf(path, sizeof path, "/data/big/%s", names[i]);
        if (i % 10 && unlink(path) != 0) perror("unlink");
    }
    return 0;
}
