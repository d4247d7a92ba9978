// One preview-1 call with a bad argument, chosen by argv[1]: a runtime must trap where native preview 1 traps
// (invalid enum values, bad pointers, exit codes >= 126) and return the same errno where it returns one.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wasi/api.h>

// Not declared by every wasi-libc (Debian 12's lacks it), but part of the snapshot.
int32_t raw_proc_raise(int32_t signal) __attribute__((__import_module__("wasi_snapshot_preview1"), __import_name__("proc_raise")));

int main(int argc, char **argv) {
  const char *p = argc > 1 ? argv[1] : "";
  __wasi_errno_t e = 0;
  __wasi_size_t n = 0;
  __wasi_filesize_t pos = 0;
  __wasi_timestamp_t t = 0;
  __wasi_fd_t fd = 0;
  __wasi_ciovec_t iov = {(const uint8_t *)"x", 1};
  if (!strcmp(p, "bad_whence")) e = __wasi_fd_seek(3, 0, 7, &pos);
  else if (!strcmp(p, "bad_clock")) e = __wasi_clock_time_get(9, 0, &t);
  else if (!strcmp(p, "bad_advice")) e = __wasi_fd_advise(3, 0, 0, 9);
  else if (!strcmp(p, "bad_fdflags")) e = __wasi_fd_fdstat_set_flags(3, 0x100);
  else if (!strcmp(p, "bad_oflags")) e = __wasi_path_open(3, 0, "in.txt", 0x40, 0, 0, 0, &fd);
  else if (!strcmp(p, "bad_lookupflags")) e = __wasi_path_filestat_get(3, 0x10, "in.txt", &(__wasi_filestat_t){0});
  else if (!strcmp(p, "bad_rights")) e = __wasi_path_open(3, 0, "in.txt", 0, 1ULL << 40, 0, 0, &fd);
  else if (!strcmp(p, "bad_fstflags")) e = __wasi_path_filestat_set_times(3, 0, "in.txt", 0, 0, 0x20);
  else if (!strcmp(p, "set_and_now")) e = __wasi_path_filestat_set_times(3, 0, "in.txt", 0, 0, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_ATIM_NOW);
  else if (!strcmp(p, "bad_signal")) e = raw_proc_raise(99);
  else if (!strcmp(p, "raise")) e = raw_proc_raise(15);
  else if (!strcmp(p, "bad_sdflags")) e = __wasi_sock_shutdown(1, 9);
  else if (!strcmp(p, "bad_poll_tag")) {
    __wasi_subscription_t s;
    memset(&s, 0, sizeof s);
    s.u.tag = 9;
    __wasi_event_t ev;
    e = __wasi_poll_oneoff(&s, &ev, 1, &n);
  }
  else if (!strcmp(p, "exit_125")) __wasi_proc_exit(125);
  else if (!strcmp(p, "exit_126")) __wasi_proc_exit(126);
  else if (!strcmp(p, "iovec_out_of_bounds")) e = __wasi_fd_write(1, (const __wasi_ciovec_t *)0x7ffffff0, 1, &n);
  else if (!strcmp(p, "buffer_out_of_bounds")) {
    __wasi_ciovec_t bad = {(const uint8_t *)0x7ffffff0, 100};
    e = __wasi_fd_write(1, &bad, 1, &n);
  }
  else if (!strcmp(p, "huge_iovec_count")) e = __wasi_fd_write(1, &iov, 0x20000000, &n);
  else if (!strcmp(p, "misaligned_result")) e = __wasi_fd_seek(3, 0, 0, (__wasi_filesize_t *)((char *)&pos + 1));
  else if (!strcmp(p, "result_out_of_bounds")) e = __wasi_clock_time_get(0, 0, (__wasi_timestamp_t *)0xfffffff8);
  else if (!strcmp(p, "path_out_of_bounds")) e = __wasi_path_create_directory(3, (const char *)0x7ffffff0);
  else if (!strcmp(p, "invalid_utf8_path")) e = __wasi_path_create_directory(3, "\xff\xfe");
  else if (!strcmp(p, "huge_poll")) {
    __wasi_event_t ev;
    e = __wasi_poll_oneoff((const __wasi_subscription_t *)16, &ev, 0x10000000, &n);
  }
  else if (!strcmp(p, "big_iovec_count")) e = __wasi_fd_write(1, &iov, 0x1000000, &n);
  else if (!strcmp(p, "big_poll")) {
    __wasi_event_t ev;
    e = __wasi_poll_oneoff((const __wasi_subscription_t *)16, &ev, 0x100000, &n);
  }
  else if (!strcmp(p, "misaligned_ok")) {
    static uint64_t slots[2];
    e = __wasi_clock_res_get(1, (__wasi_timestamp_t *)((char *)slots + 4));
  }
  else if (!strcmp(p, "misaligned_iovec")) {
    static char raw[32];
    memcpy(raw + 1, &iov, sizeof iov);
    e = __wasi_fd_write(1, (const __wasi_ciovec_t *)(raw + 1), 1, &n);
  }
  else if (!strcmp(p, "iovec_count_64k")) e = __wasi_fd_write(1, &iov, 0x10000, &n);
  else if (!strcmp(p, "iovec_count_2_at_end")) {
    char *end = (char *)(__builtin_wasm_memory_size(0) * 65536);
    memcpy(end - 8, &iov, sizeof iov);
    e = __wasi_fd_write(1, (const __wasi_ciovec_t *)(end - 8), 2, &n);
  }
  else if (!strcmp(p, "empty_then_oob_iovec")) {
    char *end = (char *)(__builtin_wasm_memory_size(0) * 65536);
    __wasi_ciovec_t empty = {(const uint8_t *)"", 0};
    memcpy(end - 8, &empty, sizeof empty);
    e = __wasi_fd_write(1, (const __wasi_ciovec_t *)(end - 8), 2, &n);
  }
  else if (!strcmp(p, "iovec_count")) {
    unsigned long count = strtoul(argv[2], 0, 0);
    printf("memory %lu bytes, iovec array %lu bytes\n", (unsigned long)__builtin_wasm_memory_size(0) * 65536, count * 8);
    e = __wasi_fd_write(1, &iov, count, &n);
  }
  else if (!strcmp(p, "random_out_of_bounds")) e = __wasi_random_get((uint8_t *)0x7ffffff0, 100);
  else { printf("unknown probe %s\n", p); return 2; }
  printf("%s: errno %d\n", p, e);
  return 0;
}
