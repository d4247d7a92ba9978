// wasi:io/streams and poll with the 0.2 contract: stdin read without and with blocking (subscribe + poll), skip,
// the end as `closed`; stdout written through check-write/write/flush/subscribe in chunks, write-zeroes, both
// blocking writes; a file spliced to stdout; stderr. Prints counts and checksums.
#include "wasi02.h"

static _Alignas(8) unsigned char ret[64];
static unsigned char big[70000];

static handle open_file(const char *path) {
  get_directories(ret);
  unsigned char *dirs = *(unsigned char **)ret;
  handle data = *(handle *)dirs;
  d_open_at(data, 0, path, slen(path), 0, 1 /* read */, ret);
  if (ret[0] != 0) __builtin_trap();
  return *(handle *)(ret + 4);
}

__attribute__((export_name("wasi:cli/run@" WASI_V "#run")))
int32_t run(void) {
  handle in = get_stdin();
  // Non-blocking reads: wait on the stream's pollable until something comes.
  uint64_t total = 0, sum = 0;
  handle ready = in_subscribe(in);
  for (;;) {
    in_read(in, 100, ret);
    if (ret[0] != 0) { say("first read closed"); break; }
    size_t n = *(size_t *)(ret + 8);
    unsigned char *p = *(unsigned char **)(ret + 4);
    if (n == 0) { io_poll(&ready, 1, ret); continue; }
    for (size_t i = 0; i < n; i++) sum = sum * 31 + p[i];
    total += n;
    break;
  }
  pollable_drop(ready);
  puts_("first read at most 100 "); puts_(total <= 100 && total > 0 ? "yes" : "no"); flush_line();
  in_blocking_skip(in, 1000, ret);
  uint64_t skipped = ret[0] == 0 ? *(uint64_t *)(ret + 8) : 0;
  puts_("skipped "); putu(skipped); flush_line();
  int reads = 0;
  for (;;) {
    in_blocking_read(in, 4096, ret);
    if (ret[0] != 0) { puts_("end: "); puts_(ret[4] == 1 ? "closed" : "failed"); flush_line(); break; }
    size_t n = *(size_t *)(ret + 8);
    unsigned char *p = *(unsigned char **)(ret + 4);
    for (size_t i = 0; i < n; i++) sum = sum * 31 + p[i];
    total += n;
    reads++;
    heap_top = 16 + 65536; // the bump heap: reuse the same space for every read
  }
  puts_("stdin bytes "); putu(total + skipped); puts_(" checksum "); putu(sum); flush_line();
  in_read(in, 10, ret); puts_("read after end: "); puts_(ret[0] && ret[4] == 1 ? "closed" : "other"); flush_line();
  in_skip(in, 10, ret); puts_("skip after end: "); puts_(ret[0] && ret[8] == 1 ? "closed" : "other"); flush_line();
  in_drop(in);

  // The 0.2 write contract on stdout: never more than check-write permits.
  handle out = get_stdout();
  for (size_t i = 0; i < sizeof big; i++) big[i] = (unsigned char)('a' + i % 26);
  big[sizeof big - 1] = '\n';
  size_t at = 0; int waits = 0;
  while (at < sizeof big) {
    out_check_write(out, ret);
    if (ret[0] != 0) __builtin_trap();
    uint64_t permit = *(uint64_t *)(ret + 8);
    if (permit == 0) { handle p = out_subscribe(out); pollable_block(p); pollable_drop(p); waits++; continue; }
    size_t n = sizeof big - at < permit ? sizeof big - at : (size_t)permit;
    out_write(out, big + at, n, ret);
    if (ret[0] != 0) __builtin_trap();
    at += n;
    out_flush(out, ret);
    if (ret[0] != 0) __builtin_trap();
  }
  out_blocking_flush(out, ret);
  if (ret[0] != 0) __builtin_trap();
  out_check_write(out, ret);
  out_write_zeroes(out, 3, ret);
  puts_("write-zeroes ok "); puts_(ret[0] == 0 ? "yes" : "no"); flush_line();
  out_blocking_write_zeroes_and_flush(out, 2, ret);
  puts_("blocking-write-zeroes ok "); puts_(ret[0] == 0 ? "yes" : "no"); flush_line();

  // A file spliced to stdout, blocking and not.
  handle file = open_file("in.txt");
  d_read_via_stream(file, 0, ret);
  handle fin = *(handle *)(ret + 4);
  uint64_t spliced = 0;
  for (;;) {
    out_blocking_splice(out, fin, 5, ret);
    if (ret[0] != 0) { puts_("splice end: "); puts_(ret[8] == 1 ? "closed" : "failed"); flush_line(); break; }
    spliced += *(uint64_t *)(ret + 8);
  }
  puts_("spliced "); putu(spliced); flush_line();
  in_drop(fin);
  d_read_via_stream(file, 6, ret);
  fin = *(handle *)(ret + 4);
  // Non-blocking: 0 bytes is a fine answer while the file's bytes are on their way; wait on the source then.
  uint64_t moved = 0; int closed = 0;
  while (!closed) {
    out_splice(out, fin, 100, ret);
    if (ret[0] != 0) { closed = ret[8] == 1; if (!closed) __builtin_trap(); break; }
    uint64_t n = *(uint64_t *)(ret + 8);
    moved += n;
    if (n == 0) { handle p = in_subscribe(fin); pollable_block(p); pollable_drop(p); }
  }
  puts_("non-blocking splice "); putu(moved); puts_(closed ? " then closed" : ""); flush_line();
  in_drop(fin);
  d_drop(file);
  out_drop(out);

  handle err = get_stderr();
  const char msg[] = "to stderr\n";
  out_blocking_write_and_flush(err, msg, sizeof msg - 1, ret);
  out_drop(err);
  say("done");
  return 0;
}
