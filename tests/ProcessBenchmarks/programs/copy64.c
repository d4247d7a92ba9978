// Bulk file I/O: copy argv[1] to argv[2] inside a preopen, 64 KiB at a time.
#include <fcntl.h>
#include <unistd.h>
int main(int argc, char **argv) {
    if (argc != 3) return 2;
    int in = open(argv[1], O_RDONLY), out = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || out < 0) return 3;
    static char buf[64 * 1024];
    ssize_t n;
    while ((n = read(in, buf, sizeof buf)) > 0) {
        ssize_t done = 0;
        while (done < n) {
            ssize_t w = write(out, buf + done, (size_t)(n - done));
            if (w <= 0) return 4;
            done += w;
        }
    }
    return n < 0 ? 5 : (close(in) | close(out)) ? 6 : 0;
}
