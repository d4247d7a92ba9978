// Raw wasi_snapshot_preview1 calls whose errno, file types and rights a runtime must get exactly as native preview 1
// does: stdio and preopen fdstat, forged and closed fds, fd_renumber, writes to a read-only fd, seeks on stdio,
// paths leaving the preopen, clocks, poll_oneoff, sockets on non-sockets. Prints one line per probe.
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

static void fdstat(const char *what, __wasi_fd_t fd) {
  __wasi_fdstat_t st;
  memset(&st, 0xAA, sizeof st);
  __wasi_errno_t e = __wasi_fd_fdstat_get(fd, &st);
  if (e) { printf("fdstat %s: errno %d\n", what, e); return; }
  printf("fdstat %s: type %d flags %d base %llx inheriting %llx\n", what, st.fs_filetype, st.fs_flags,
         (unsigned long long)st.fs_rights_base, (unsigned long long)st.fs_rights_inheriting);
}

static __wasi_fd_t open_at(const char *path, __wasi_oflags_t oflags, __wasi_rights_t rights, __wasi_fdflags_t fdflags,
                           __wasi_errno_t *err) {
  __wasi_fd_t fd = (__wasi_fd_t)-1;
  *err = __wasi_path_open(3, 0, path, oflags, rights, rights, fdflags, &fd);
  return fd;
}

int main(void) {
  fdstat("stdin", 0);
  fdstat("stdout", 1);
  fdstat("stderr", 2);
  fdstat("preopen", 3);
  fdstat("forged 1234", 1234);

  __wasi_prestat_t pre;
  printf("prestat 3: errno %d len %lu\n", __wasi_fd_prestat_get(3, &pre), pre.u.dir.pr_name_len);
  printf("prestat 0: errno %d\n", __wasi_fd_prestat_get(0, &pre));
  printf("prestat 99: errno %d\n", __wasi_fd_prestat_get(99, &pre));
  char name[16] = {0};
  printf("prestat_dir_name 3 len 2: errno %d\n", __wasi_fd_prestat_dir_name(3, (uint8_t *)name, 2));
  printf("prestat_dir_name 3: errno %d name %s\n", __wasi_fd_prestat_dir_name(3, (uint8_t *)name, sizeof name - 1), name);
  printf("prestat_dir_name 1: errno %d\n", __wasi_fd_prestat_dir_name(1, (uint8_t *)name, sizeof name - 1));

  __wasi_filestat_t fst;
  memset(&fst, 0, sizeof fst);
  printf("filestat stdout: errno %d type %d size %llu nlink %llu\n", __wasi_fd_filestat_get(1, &fst), fst.filetype,
         (unsigned long long)fst.size, (unsigned long long)fst.nlink);

  // Forged descriptors.
  __wasi_ciovec_t iov = {(const uint8_t *)"x", 1};
  __wasi_size_t n = 0;
  printf("write forged: errno %d\n", __wasi_fd_write(77, &iov, 1, &n));
  printf("close forged: errno %d\n", __wasi_fd_close(77));
  printf("seek stdout: errno %d\n", __wasi_fd_seek(1, 0, __WASI_WHENCE_CUR, &(__wasi_filesize_t){0}));
  printf("tell preopen: errno %d\n", __wasi_fd_tell(3, &(__wasi_filesize_t){0}));
  printf("pwrite stdout: errno %d\n", __wasi_fd_pwrite(1, &iov, 1, 0, &n));
  __wasi_iovec_t riov = {(uint8_t *)name, 4};
  printf("pread stdin: errno %d\n", __wasi_fd_pread(0, &riov, 1, 0, &n));
  printf("write stdin: errno %d\n", __wasi_fd_write(0, &iov, 1, &n));
  printf("read stdout: errno %d\n", __wasi_fd_read(1, &riov, 1, &n));
  printf("read preopen: errno %d\n", __wasi_fd_read(3, &riov, 1, &n));

  // A file opened read-only: writing is EBADF.
  __wasi_errno_t err;
  __wasi_fd_t ro = open_at("in.txt", 0, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_SEEK | __WASI_RIGHTS_FD_TELL, 0, &err);
  printf("open in.txt ro: errno %d fd %u\n", err, ro);
  fdstat("ro file", ro);
  printf("write ro: errno %d\n", __wasi_fd_write(ro, &iov, 1, &n));
  printf("allocate ro: errno %d\n", __wasi_fd_allocate(ro, 0, 10));
  printf("read ro: errno %d n %lu\n", __wasi_fd_read(ro, &riov, 1, &n), n);
  __wasi_filesize_t pos = 0;
  printf("seek end: errno %d pos %llu\n", __wasi_fd_seek(ro, -2, __WASI_WHENCE_END, &pos), (unsigned long long)pos);
  printf("seek negative: errno %d\n", __wasi_fd_seek(ro, -100, __WASI_WHENCE_CUR, &pos));
  printf("tell: errno %d pos %llu\n", __wasi_fd_tell(ro, &pos), (unsigned long long)pos);
  printf("pread past end: errno %d n %lu\n", __wasi_fd_pread(ro, &riov, 1, 1000, &n), n);
  printf("open_directory on file: errno %d\n", (open_at("in.txt", __WASI_OFLAGS_DIRECTORY, 0, 0, &err), err));
  printf("path_open under file: errno %d\n", __wasi_path_open(ro, 0, "x", 0, 0, 0, 0, &(__wasi_fd_t){0}));

  // fd_renumber.
  printf("renumber ro -> 555 (unopened): errno %d\n", __wasi_fd_renumber(ro, 555));
  printf("renumber 555 -> ro: errno %d\n", __wasi_fd_renumber(555, ro));
  __wasi_fd_t other = open_at("old.txt", 0, __WASI_RIGHTS_FD_READ, 0, &err);
  printf("open old.txt: errno %d fd %u\n", err, other);
  printf("renumber other -> ro: errno %d\n", __wasi_fd_renumber(other, ro));
  printf("read renumbered: errno %d n %lu data %.4s\n", __wasi_fd_read(ro, &riov, 1, &n), n, name);
  printf("close moved-from: errno %d\n", __wasi_fd_close(other));
  printf("close ro: errno %d\n", __wasi_fd_close(ro));
  printf("close ro again: errno %d\n", __wasi_fd_close(ro));
  __wasi_fd_t reused = open_at("in.txt", 0, __WASI_RIGHTS_FD_READ, 0, &err);
  printf("reopen: errno %d fd %u\n", err, reused);

  // A writable file: append mode, fdstat flags and rights.
  __wasi_fd_t rw = open_at("new.txt", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC,
                           __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_SEEK, 0, &err);
  printf("open new.txt: errno %d\n", err);
  __wasi_ciovec_t two[2] = {{(const uint8_t *)"abc", 3}, {(const uint8_t *)"def", 3}};
  printf("writev: errno %d n %lu\n", __wasi_fd_write(rw, two, 2, &n), n);
  printf("set_flags append: errno %d\n", __wasi_fd_fdstat_set_flags(rw, __WASI_FDFLAGS_APPEND));
  printf("set_flags sync: errno %d\n", __wasi_fd_fdstat_set_flags(rw, __WASI_FDFLAGS_SYNC));
  fdstat("rw file", rw);
  printf("seek 0: errno %d\n", __wasi_fd_seek(rw, 0, __WASI_WHENCE_SET, &pos));
  printf("append write: errno %d n %lu\n", __wasi_fd_write(rw, &iov, 1, &n), n);
  printf("tell after append: errno %d pos %llu\n", __wasi_fd_tell(rw, &pos), (unsigned long long)pos);
  printf("pwrite in append: errno %d\n", __wasi_fd_pwrite(rw, &two[1], 1, 0, &n));
  printf("set_rights: errno %d\n", __wasi_fd_fdstat_set_rights(rw, 0, 0));
  printf("set_rights stdout: errno %d\n", __wasi_fd_fdstat_set_rights(1, 0, 0));
  printf("allocate rw: errno %d\n", __wasi_fd_allocate(rw, 0, 10));
  printf("advise: errno %d\n", __wasi_fd_advise(rw, 0, 10, __WASI_ADVICE_SEQUENTIAL));
  printf("datasync: errno %d sync: errno %d\n", __wasi_fd_datasync(rw), __wasi_fd_sync(rw));
  printf("datasync stdout: errno %d\n", __wasi_fd_datasync(1));
  printf("close rw: errno %d\n", __wasi_fd_close(rw));

  // Paths that leave the preopen.
  printf("open ../escape: errno %d\n", (open_at("../escape", 0, __WASI_RIGHTS_FD_READ, 0, &err), err));
  printf("open /etc/passwd: errno %d\n", (open_at("/etc/passwd", 0, __WASI_RIGHTS_FD_READ, 0, &err), err));
  printf("open sub/../../x: errno %d\n", (open_at("sub/../../x", 0, __WASI_RIGHTS_FD_READ, 0, &err), err));
  printf("symlink out: errno %d\n", __wasi_path_symlink("../../etc", 3, "out"));
  printf("open via link: errno %d\n", (open_at("out/passwd", 0, __WASI_RIGHTS_FD_READ, 0, &err), err));
  printf("unlink link: errno %d\n", __wasi_path_unlink_file(3, "out"));
  printf("mkdir on stdout: errno %d\n", __wasi_path_create_directory(1, "d"));
  printf("stat missing: errno %d\n", __wasi_path_filestat_get(3, 0, "missing", &fst));
  char link[32];
  printf("readlink non-link: errno %d\n", __wasi_path_readlink(3, "in.txt", (uint8_t *)link, sizeof link, &n));

  // Clocks.
  __wasi_timestamp_t t;
  printf("res process: errno %d\n", __wasi_clock_res_get(__WASI_CLOCKID_PROCESS_CPUTIME_ID, &t));
  printf("time thread: errno %d\n", __wasi_clock_time_get(__WASI_CLOCKID_THREAD_CPUTIME_ID, 0, &t));
  printf("res monotonic: errno %d\n", __wasi_clock_res_get(__WASI_CLOCKID_MONOTONIC, &t));

  // poll_oneoff.
  __wasi_subscription_t subs[3];
  __wasi_event_t events[3];
  memset(subs, 0, sizeof subs);
  memset(events, 0, sizeof events);
  printf("poll none: errno %d\n", __wasi_poll_oneoff(subs, events, 0, &n));
  subs[0].userdata = 11;
  subs[0].u.tag = __WASI_EVENTTYPE_CLOCK;
  subs[0].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
  subs[0].u.u.clock.timeout = 1000000;
  __wasi_errno_t pe = __wasi_poll_oneoff(subs, events, 1, &n);
  printf("poll sleep: errno %d n %lu userdata %llu type %d error %d\n", pe, n, (unsigned long long)events[0].userdata,
         events[0].type, events[0].error);
  subs[1].userdata = 22;
  subs[1].u.tag = __WASI_EVENTTYPE_FD_WRITE;
  subs[1].u.u.fd_write.file_descriptor = 1;
  subs[0].u.u.clock.timeout = 1000000000;
  pe = __wasi_poll_oneoff(subs, events, 2, &n);
  printf("poll clock+stdout: errno %d n %lu userdata %llu type %d\n", pe, n, (unsigned long long)events[0].userdata, events[0].type);
  subs[2].userdata = 33;
  subs[2].u.tag = __WASI_EVENTTYPE_FD_READ;
  subs[2].u.u.fd_read.file_descriptor = 1;
  printf("poll read stdout: errno %d\n", __wasi_poll_oneoff(subs, events, 3, &n));
  subs[2].u.u.fd_read.file_descriptor = 4242;
  printf("poll read forged: errno %d\n", __wasi_poll_oneoff(subs, events, 3, &n));
  subs[0].u.u.clock.id = __WASI_CLOCKID_PROCESS_CPUTIME_ID;
  printf("poll cputime clock: errno %d\n", __wasi_poll_oneoff(subs, events, 1, &n));

  // Sockets and the rest.
  printf("sock_accept stdout: errno %d\n", __wasi_sock_accept(1, 0, &(__wasi_fd_t){0}));
  printf("sock_accept forged: errno %d\n", __wasi_sock_accept(99, 0, &(__wasi_fd_t){0}));
  __wasi_roflags_t roflags;
  printf("sock_recv preopen: errno %d\n", __wasi_sock_recv(3, &riov, 1, 0, &n, &roflags));
  printf("sock_send stdout: errno %d\n", __wasi_sock_send(1, &iov, 1, 0, &n));
  printf("sock_shutdown stdin: errno %d\n", __wasi_sock_shutdown(0, __WASI_SDFLAGS_RD));
  printf("sched_yield: errno %d\n", __wasi_sched_yield());
  uint8_t random[40000];
  printf("random_get 40000: errno %d\n", __wasi_random_get(random, sizeof random));
  fflush(stdout);
  printf("close stdin: errno %d\n", __wasi_fd_close(0));
  printf("fdstat closed stdin: errno %d\n", (__wasi_fd_fdstat_get(0, &(__wasi_fdstat_t){0})));
  return 0;
}
