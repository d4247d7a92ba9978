#include <stdio.h>
#include <time.h>
int main(void) {
    struct timespec a, b, r, w;
    clock_gettime(CLOCK_MONOTONIC, &a);
    volatile unsigned long x = 0; for (unsigned long i = 0; i < 2000000; i++) x += i;
    clock_gettime(CLOCK_MONOTONIC, &b);
    long long da = a.tv_sec * 1000000000LL + a.tv_nsec, db = b.tv_sec * 1000000000LL + b.tv_nsec;
    printf("monotonic increased: %s\n", db > da ? "yes" : "no");
    clock_gettime(CLOCK_REALTIME, &w);
    printf("realtime after 2020: %s\n", w.tv_sec > 1577836800 ? "yes" : "no");
    printf("realtime before 2100: %s\n", w.tv_sec < 4102444800LL ? "yes" : "no");
    printf("time() agrees: %s\n", time(NULL) - w.tv_sec <= 1 ? "yes" : "no");
    printf("monotonic res ok: %s\n", clock_getres(CLOCK_MONOTONIC, &r) == 0 && r.tv_sec == 0 && r.tv_nsec > 0 ? "yes" : "no");
    printf("realtime res ok: %s\n", clock_getres(CLOCK_REALTIME, &r) == 0 && r.tv_sec == 0 && r.tv_nsec > 0 ? "yes" : "no");
    struct timespec s = {0, 1000000}; clock_gettime(CLOCK_MONOTONIC, &a); nanosleep(&s, NULL); clock_gettime(CLOCK_MONOTONIC, &b);
    long long slept = (b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec);
    printf("nanosleep 1ms slept >= 1ms: %s\n", slept >= 1000000 ? "yes" : "no");
    return 0;
}
