// WASI 0.2 imported directly by core name (no libc, no bindings generator): the flat signatures of today's
// canonical ABI. WASI_V is the version in the import module names (0.2.12 by default; -DWASI_V=\"0.2.0\" builds a
// guest of an older 0.2.x).
#pragma once
#include <stdint.h>
#include <stddef.h>
#ifndef WASI_V
#define WASI_V "0.2.12"
#endif
#define IMPORT(m, n) __attribute__((import_module(m "@" WASI_V), import_name(n)))

typedef int32_t handle;

IMPORT("wasi:cli/environment", "get-arguments") void env_get_arguments(void *ret);
IMPORT("wasi:cli/environment", "get-environment") void env_get_environment(void *ret);
IMPORT("wasi:cli/environment", "initial-cwd") void env_initial_cwd(void *ret);
IMPORT("wasi:cli/exit", "exit") void cli_exit(int32_t err);
IMPORT("wasi:cli/exit", "exit-with-code") void cli_exit_with_code(int32_t code);
IMPORT("wasi:cli/stdin", "get-stdin") handle get_stdin(void);
IMPORT("wasi:cli/stdout", "get-stdout") handle get_stdout(void);
IMPORT("wasi:cli/stderr", "get-stderr") handle get_stderr(void);
IMPORT("wasi:cli/terminal-stdin", "get-terminal-stdin") void get_terminal_stdin(void *ret);
IMPORT("wasi:cli/terminal-stdout", "get-terminal-stdout") void get_terminal_stdout(void *ret);
IMPORT("wasi:cli/terminal-stderr", "get-terminal-stderr") void get_terminal_stderr(void *ret);

IMPORT("wasi:clocks/wall-clock", "now") void wall_now(void *ret);
IMPORT("wasi:clocks/wall-clock", "resolution") void wall_resolution(void *ret);
IMPORT("wasi:clocks/monotonic-clock", "now") uint64_t mono_now(void);
IMPORT("wasi:clocks/monotonic-clock", "resolution") uint64_t mono_resolution(void);
IMPORT("wasi:clocks/monotonic-clock", "subscribe-duration") handle mono_subscribe_duration(uint64_t ns);
IMPORT("wasi:clocks/monotonic-clock", "subscribe-instant") handle mono_subscribe_instant(uint64_t at);

IMPORT("wasi:io/poll", "poll") void io_poll(const handle *list, size_t len, void *ret);
IMPORT("wasi:io/poll", "[method]pollable.ready") int32_t pollable_ready(handle p);
IMPORT("wasi:io/poll", "[method]pollable.block") void pollable_block(handle p);
IMPORT("wasi:io/poll", "[resource-drop]pollable") void pollable_drop(handle p);
IMPORT("wasi:io/error", "[method]error.to-debug-string") void error_to_debug_string(handle e, void *ret);
IMPORT("wasi:io/error", "[resource-drop]error") void error_drop(handle e);

IMPORT("wasi:io/streams", "[method]input-stream.read") void in_read(handle s, uint64_t len, void *ret);
IMPORT("wasi:io/streams", "[method]input-stream.blocking-read") void in_blocking_read(handle s, uint64_t len, void *ret);
IMPORT("wasi:io/streams", "[method]input-stream.skip") void in_skip(handle s, uint64_t len, void *ret);
IMPORT("wasi:io/streams", "[method]input-stream.blocking-skip") void in_blocking_skip(handle s, uint64_t len, void *ret);
IMPORT("wasi:io/streams", "[method]input-stream.subscribe") handle in_subscribe(handle s);
IMPORT("wasi:io/streams", "[resource-drop]input-stream") void in_drop(handle s);
IMPORT("wasi:io/streams", "[method]output-stream.check-write") void out_check_write(handle s, void *ret);
IMPORT("wasi:io/streams", "[method]output-stream.write") void out_write(handle s, const void *p, size_t n, void *ret);
IMPORT("wasi:io/streams", "[method]output-stream.blocking-write-and-flush") void out_blocking_write_and_flush(handle s, const void *p, size_t n, void *ret);
IMPORT("wasi:io/streams", "[method]output-stream.flush") void out_flush(handle s, void *ret);
IMPORT("wasi:io/streams", "[method]output-stream.blocking-flush") void out_blocking_flush(handle s, void *ret);
IMPORT("wasi:io/streams", "[method]output-stream.subscribe") handle out_subscribe(handle s);
IMPORT("wasi:io/streams", "[method]output-stream.write-zeroes") void out_write_zeroes(handle s, uint64_t n, void *ret);
IMPORT("wasi:io/streams", "[method]output-stream.blocking-write-zeroes-and-flush") void out_blocking_write_zeroes_and_flush(handle s, uint64_t n, void *ret);
IMPORT("wasi:io/streams", "[method]output-stream.splice") void out_splice(handle s, handle src, uint64_t n, void *ret);
IMPORT("wasi:io/streams", "[method]output-stream.blocking-splice") void out_blocking_splice(handle s, handle src, uint64_t n, void *ret);
IMPORT("wasi:io/streams", "[resource-drop]output-stream") void out_drop(handle s);

IMPORT("wasi:random/random", "get-random-bytes") void random_bytes(uint64_t n, void *ret);
IMPORT("wasi:random/random", "get-random-u64") uint64_t random_u64(void);
IMPORT("wasi:random/insecure", "get-insecure-random-bytes") void insecure_bytes(uint64_t n, void *ret);
IMPORT("wasi:random/insecure", "get-insecure-random-u64") uint64_t insecure_u64(void);
IMPORT("wasi:random/insecure-seed", "insecure-seed") void insecure_seed(void *ret);

IMPORT("wasi:filesystem/preopens", "get-directories") void get_directories(void *ret);
IMPORT("wasi:filesystem/types", "filesystem-error-code") void filesystem_error_code(handle err, void *ret);
IMPORT("wasi:filesystem/types", "[method]descriptor.read-via-stream") void d_read_via_stream(handle d, uint64_t off, void *ret);
IMPORT("wasi:filesystem/types", "[method]descriptor.write-via-stream") void d_write_via_stream(handle d, uint64_t off, void *ret);
IMPORT("wasi:filesystem/types", "[method]descriptor.append-via-stream") void d_append_via_stream(handle d, void *ret);
IMPORT("wasi:filesystem/types", "[method]descriptor.advise") void d_advise(handle d, uint64_t off, uint64_t len, int32_t advice, void *ret);
IMPORT("wasi:filesystem/types", "[method]descriptor.sync-data") void d_sync_data(handle d, void *ret);
IMPORT("wasi:filesystem/types", "[method]descriptor.sync") void d_sync(handle d, void *ret);
IMPORT("wasi:filesystem/types", "[method]descriptor.get-flags") void d_get_flags(handle d, void *ret);
IMPORT("wasi:filesystem/types", "[method]descriptor.get-type") void d_get_type(handle d, void *ret);
IMPORT("wasi:filesystem/types", "[method]descriptor.set-size") void d_set_size(handle d, uint64_t size, void *ret);
IMPORT("wasi:filesystem/types", "[method]descriptor.set-times") void d_set_times(handle d, int32_t at, int64_t as, int32_t an, int32_t mt, int64_t ms, int32_t mn, void *ret);
IMPORT("wasi:filesystem/types", "[method]descriptor.read") void d_read(handle d, uint64_t len, uint64_t off, void *ret);
IMPORT("wasi:filesystem/types", "[method]descriptor.write") void d_write(handle d, const void *p, size_t n, uint64_t off, void *ret);
IMPORT("wasi:filesystem/types", "[method]descriptor.read-directory") void d_read_directory(handle d, void *ret);
IMPORT("wasi:filesystem/types", "[method]descriptor.create-directory-at") void d_create_directory_at(handle d, const char *p, size_t n, void *ret);
IMPORT("wasi:filesystem/types", "[method]descriptor.stat") void d_stat(handle d, void *ret);
IMPORT("wasi:filesystem/types", "[method]descriptor.stat-at") void d_stat_at(handle d, int32_t flags, const char *p, size_t n, void *ret);
IMPORT("wasi:filesystem/types", "[method]descriptor.set-times-at") void d_set_times_at(handle d, int32_t flags, const char *p, size_t n, int32_t at, int64_t as, int32_t an, int32_t mt, int64_t ms, int32_t mn, void *ret);
IMPORT("wasi:filesystem/types", "[method]descriptor.link-at") void d_link_at(handle d, int32_t flags, const char *p, size_t n, handle nd, const char *q, size_t m, void *ret);
IMPORT("wasi:filesystem/types", "[method]descriptor.open-at") void d_open_at(handle d, int32_t pflags, const char *p, size_t n, int32_t oflags, int32_t dflags, void *ret);
IMPORT("wasi:filesystem/types", "[method]descriptor.readlink-at") void d_readlink_at(handle d, const char *p, size_t n, void *ret);
IMPORT("wasi:filesystem/types", "[method]descriptor.remove-directory-at") void d_remove_directory_at(handle d, const char *p, size_t n, void *ret);
IMPORT("wasi:filesystem/types", "[method]descriptor.rename-at") void d_rename_at(handle d, const char *p, size_t n, handle nd, const char *q, size_t m, void *ret);
IMPORT("wasi:filesystem/types", "[method]descriptor.symlink-at") void d_symlink_at(handle d, const char *p, size_t n, const char *q, size_t m, void *ret);
IMPORT("wasi:filesystem/types", "[method]descriptor.unlink-file-at") void d_unlink_file_at(handle d, const char *p, size_t n, void *ret);
IMPORT("wasi:filesystem/types", "[method]descriptor.is-same-object") int32_t d_is_same_object(handle d, handle other);
IMPORT("wasi:filesystem/types", "[method]descriptor.metadata-hash") void d_metadata_hash(handle d, void *ret);
IMPORT("wasi:filesystem/types", "[method]descriptor.metadata-hash-at") void d_metadata_hash_at(handle d, int32_t flags, const char *p, size_t n, void *ret);
IMPORT("wasi:filesystem/types", "[resource-drop]descriptor") void d_drop(handle d);
IMPORT("wasi:filesystem/types", "[method]directory-entry-stream.read-directory-entry") void dir_read_entry(handle s, void *ret);
IMPORT("wasi:filesystem/types", "[resource-drop]directory-entry-stream") void dir_stream_drop(handle s);

// ---- a tiny runtime: bump allocator (cabi_realloc), strings, printing to stdout ----
static unsigned char heap[1 << 20];
static size_t heap_top = 16;

__attribute__((export_name("cabi_realloc")))
void *cabi_realloc(void *old, size_t old_size, size_t align, size_t new_size) {
  size_t at = (heap_top + align - 1) & ~(align - 1);
  if (at + new_size > sizeof heap) __builtin_trap();
  heap_top = at + new_size;
  unsigned char *p = heap + at;
  for (size_t i = 0; i < old_size && i < new_size; i++) p[i] = ((unsigned char *)old)[i];
  return p;
}

static size_t slen(const char *s) { size_t n = 0; while (s[n]) n++; return n; }
static int seq(const char *a, size_t n, const char *b) { size_t m = slen(b); if (n != m) return 0; for (size_t i = 0; i < n; i++) if (a[i] != b[i]) return 0; return 1; }

static handle out_handle = -1;
static char line[8192];
static size_t line_len;

static void put(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) if (line_len < sizeof line) line[line_len++] = s[i];
}
static void puts_(const char *s) { put(s, slen(s)); }
static void putu(uint64_t v) {
  char buf[24]; int n = 0;
  do { buf[n++] = (char)('0' + v % 10); v /= 10; } while (v);
  while (n) put(&buf[--n], 1);
}
static void puti(int64_t v) { if (v < 0) { put("-", 1); putu((uint64_t)-v); } else putu((uint64_t)v); }
static void flush_line(void) {
  _Alignas(8) unsigned char ret[16];
  if (out_handle < 0) out_handle = get_stdout();
  put("\n", 1);
  for (size_t at = 0; at < line_len; at += 4096) {
    size_t n = line_len - at < 4096 ? line_len - at : 4096;
    out_blocking_write_and_flush(out_handle, line + at, n, ret);
    if (ret[0] != 0) __builtin_trap();
  }
  line_len = 0;
}
// A line of text: "label value".
static void say(const char *label) { puts_(label); flush_line(); }

static const char *const error_codes[] = {
  "access", "would-block", "already", "bad-descriptor", "busy", "deadlock", "quota", "exist", "file-too-large",
  "illegal-byte-sequence", "in-progress", "interrupted", "invalid", "io", "is-directory", "loop", "too-many-links",
  "message-size", "name-too-long", "no-device", "no-entry", "no-lock", "insufficient-memory", "insufficient-space",
  "not-directory", "not-empty", "not-recoverable", "unsupported", "no-tty", "no-such-device", "overflow",
  "not-permitted", "pipe", "read-only", "invalid-seek", "text-file-busy", "cross-device" };
static const char *code_name(unsigned c) { return c < sizeof error_codes / sizeof *error_codes ? error_codes[c] : "?"; }
