// Bulk output: 64 MiB to stdout in 64 KiB writes.
#include <string.h>
#include <unistd.h>
int main(void) {
    static char chunk[64 * 1024];
    memset(chunk, 'x', sizeof chunk);
    for (int i = 0; i < 1024; i++) {
        size_t done = 0;
        while (done < sizeof chunk) {
            ssize_t n = write(1, chunk + done, sizeof chunk - done);
            if (n <= 0) return 1;
            done += (size_t)n;
        }
    }
    return 0;
}
