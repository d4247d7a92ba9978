// poll_oneoff over stdin and a clock. First, with nothing written yet (the host writes only once it sees
// "waiting"), a 10 ms timer beside stdin: only the timer fires. Then stdin beside a 60 s timer: stdin fires once the
// host writes. Then it copies stdin upper-cased until the end, with fd_read (which blocks, as native preview 1's).
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

static void poll_once(const char *what, __wasi_timestamp_t timeout) {
    __wasi_subscription_t subs[2];
    __wasi_event_t events[2];
    memset(subs, 0, sizeof subs);
    memset(events, 0, sizeof events);
    subs[0].userdata = 1;
    subs[0].u.tag = __WASI_EVENTTYPE_FD_READ;
    subs[0].u.u.fd_read.file_descriptor = 0;
    subs[1].userdata = 2;
    subs[1].u.tag = __WASI_EVENTTYPE_CLOCK;
    subs[1].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    subs[1].u.u.clock.timeout = timeout;
    __wasi_size_t n = 0;
    __wasi_errno_t e = __wasi_poll_oneoff(subs, events, 2, &n);
    printf("%s: errno %d, %lu event(s):", what, e, (unsigned long)n);
    for (__wasi_size_t i = 0; i < n; i++)
        printf(" [userdata %llu type %d error %d]", (unsigned long long)events[i].userdata, events[i].type, events[i].error);
    printf("\n");
    fflush(stdout);
}

int main(void) {
    poll_once("before input", 10 * 1000 * 1000ull);
    printf("waiting\n");
    fflush(stdout);
    poll_once("after input", 60ull * 1000 * 1000 * 1000);
    char buf[256];
    __wasi_iovec_t iov = {(uint8_t *)buf, sizeof buf};
    for (;;) {
        __wasi_size_t n = 0;
        __wasi_errno_t e = __wasi_fd_read(0, &iov, 1, &n);
        if (e) { printf("read: errno %d\n", e); return 1; }
        if (n == 0) break;
        for (__wasi_size_t i = 0; i < n; i++) buf[i] = (char)toupper((unsigned char)buf[i]);
        fwrite(buf, 1, n, stdout);
    }
    printf("end of input\n");
    return 0;
}
