// Prints the realtime clock (clock_time_get through wasi-libc's clock_gettime and time) and its resolution.
#include <stdio.h>
#include <time.h>
int main(void) {
    struct timespec now, res;
    clock_gettime(CLOCK_REALTIME, &now);
    clock_getres(CLOCK_REALTIME, &res);
    printf("realtime %lld.%09ld\n", (long long)now.tv_sec, now.tv_nsec);
    printf("time %lld\n", (long long)time(NULL));
    printf("resolution %lld.%09ld\n", (long long)res.tv_sec, res.tv_nsec);
    return 0;
}
