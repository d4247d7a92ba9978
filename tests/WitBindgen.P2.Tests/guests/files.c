// wasi:filesystem on the preopen /data: every descriptor method, directory streams, preopens and the error codes
// both hosts must agree on. Each step prints "step: ok …" or "step: <error-code>" and goes on (so the same program
// also runs with /data read-only). Directory listings are sorted here: hosts may list in any order.
#include "wasi02.h"

static _Alignas(8) unsigned char ret[128];
static handle data = -1;

#define S(x) x, slen(x)
enum { READ = 1, WRITE = 2, MUTATE = 32 };
enum { CREATE = 1, DIRECTORY = 2, EXCLUSIVE = 4, TRUNCATE = 8 };
static const char *const types[] = { "unknown", "block-device", "character-device", "directory", "fifo", "symbolic-link", "regular-file", "socket" };

// result<_, error-code>
static int unit(const char *step) { puts_(step); puts_(": "); puts_(ret[0] ? code_name(ret[1]) : "ok"); flush_line(); return !ret[0]; }
// result<T, error-code> with T at 4 (handles, strings, lists)
static int at4(const char *step) { if (ret[0]) { puts_(step); puts_(": "); puts_(code_name(ret[4])); flush_line(); } return !ret[0]; }
// result<T, error-code> with T at 8 (u64, stats, hashes)
static int at8(const char *step) { if (ret[0]) { puts_(step); puts_(": "); puts_(code_name(ret[8])); flush_line(); } return !ret[0]; }

static handle open_(const char *step, handle dir, int32_t pflags, const char *path, int32_t oflags, int32_t dflags) {
  d_open_at(dir, pflags, path, slen(path), oflags, dflags, ret);
  if (!at4(step)) return -1;
  puts_(step); puts_(": ok"); flush_line();
  return *(handle *)(ret + 4);
}

static void stat_(const char *step, handle d) {
  d_stat(d, ret);
  if (!at8(step)) return;
  puts_(step); puts_(": "); puts_(types[ret[8]]); puts_(" size "); putu(*(uint64_t *)(ret + 24));
  puts_(" links "); putu(*(uint64_t *)(ret + 16)); flush_line();
}

static void stat_at(const char *step, handle d, int follow, const char *path) {
  d_stat_at(d, follow, path, slen(path), ret);
  if (!at8(step)) return;
  puts_(step); puts_(": "); puts_(types[ret[8]]); puts_(" size "); putu(*(uint64_t *)(ret + 24));
  // Only a time the program set is comparable; others are when the test made the file.
  uint64_t mtime = *(uint64_t *)(ret + 64);
  puts_(" mtime "); if (!ret[56]) puts_("none"); else if (mtime < 1600000000ull) putu(mtime); else puts_("recent"); flush_line();
}

static void write_stream(const char *step, handle stream, const char *text) {
  out_blocking_write_and_flush(stream, text, slen(text), ret);
  puts_(step); puts_(": "); puts_(ret[0] ? (ret[4] == 1 ? "closed" : "failed") : "ok");
  if (ret[0] && ret[4] == 0) {
    handle e = *(handle *)(ret + 8);
    filesystem_error_code(e, ret);
    puts_(" "); puts_(ret[0] ? code_name(ret[1]) : "no-code");
    error_drop(e);
  }
  flush_line();
}

static void list_dir(const char *step, handle d) {
  d_read_directory(d, ret);
  if (!at4(step)) return;
  handle s = *(handle *)(ret + 4);
  static char names[32][64]; static unsigned char kinds[32]; int n = 0;
  for (;;) {
    dir_read_entry(s, ret);
    if (ret[0]) { puts_(step); puts_(": "); puts_(code_name(ret[4])); flush_line(); break; }
    if (!ret[4]) break;
    size_t len = *(size_t *)(ret + 16); const char *p = *(const char **)(ret + 12);
    if (n < 32 && len < 64) { for (size_t i = 0; i < len; i++) names[n][i] = p[i]; names[n][len] = 0; kinds[n] = ret[8]; n++; }
  }
  dir_stream_drop(s);
  for (int i = 1; i < n; i++)  // insertion sort by name
    for (int j = i; j > 0; j--) {
      const char *a = names[j - 1], *b = names[j]; int k = 0;
      while (a[k] && a[k] == b[k]) k++;
      if ((unsigned char)a[k] <= (unsigned char)b[k]) break;
      char t[64]; unsigned char tk = kinds[j];
      for (int q = 0; q < 64; q++) { t[q] = names[j][q]; names[j][q] = names[j - 1][q]; names[j - 1][q] = t[q]; }
      kinds[j] = kinds[j - 1]; kinds[j - 1] = tk;
    }
  puts_(step); puts_(":"); for (int i = 0; i < n; i++) { puts_(" "); puts_(names[i]); puts_("("); puts_(types[kinds[i]]); puts_(")"); } flush_line();
}

__attribute__((export_name("wasi:cli/run@" WASI_V "#run")))
int32_t run(void) {
  get_directories(ret);
  unsigned char *dirs = *(unsigned char **)ret; size_t ndirs = *(size_t *)(ret + 4);
  puts_("preopens "); putu(ndirs);
  for (size_t i = 0; i < ndirs; i++) { puts_(" "); put(*(const char **)(dirs + 12 * i + 4), *(size_t *)(dirs + 12 * i + 8)); }
  flush_line();
  data = *(handle *)dirs;
  d_get_type(data, ret); puts_("data type: "); puts_(ret[0] ? code_name(ret[1]) : types[ret[1]]); flush_line();
  d_get_flags(data, ret); puts_("data flags: "); putu(ret[1]); flush_line();
  stat_("data stat", data);
  list_dir("list data", data);

  // A new file: positional writes and reads, size, streams.
  handle f = open_("open new.txt", data, 0, "new.txt", CREATE | EXCLUSIVE, READ | WRITE);
  if (f >= 0) {
    d_get_flags(f, ret); puts_("new.txt flags: "); putu(ret[1]); flush_line();
    d_write(f, S("hello p2\n"), 0, ret); if (at8("write")) { puts_("write: "); putu(*(uint64_t *)(ret + 8)); flush_line(); }
    d_write(f, S("tail"), 20, ret); if (at8("write at 20")) { puts_("write at 20: "); putu(*(uint64_t *)(ret + 8)); flush_line(); }
    stat_("new.txt stat", f);
    d_set_size(f, 30, ret); unit("set-size 30");
    d_read(f, 100, 0, ret);
    if (at4("read")) { puts_("read: "); putu(*(size_t *)(ret + 8)); puts_(" end "); putu(ret[12]); flush_line(); }
    d_read(f, 10, 100, ret);
    if (at4("read past end")) { puts_("read past end: "); putu(*(size_t *)(ret + 8)); puts_(" end "); putu(ret[12]); flush_line(); }
    d_write_via_stream(f, 0, ret);
    if (at4("write-via-stream")) { handle s = *(handle *)(ret + 4); write_stream("stream write", s, "HELLO"); out_drop(s); }
    d_append_via_stream(f, ret);
    if (at4("append-via-stream")) { handle s = *(handle *)(ret + 4); write_stream("stream append", s, "+app\n"); out_drop(s); }
    stat_("new.txt stat after streams", f);
    d_advise(f, 0, 10, 1, ret); unit("advise");
    d_sync_data(f, ret); unit("sync-data");
    d_sync(f, ret); unit("sync");
    d_set_times(f, 0, 0, 0, 2, 1000000000, 5, ret); unit("set-times");
    stat_at("stat-at new.txt", data, 1, "new.txt");
    d_get_type(f, ret); puts_("new.txt type: "); puts_(ret[0] ? code_name(ret[1]) : types[ret[1]]); flush_line();
    d_drop(f);
  }
  handle again = open_("open new.txt exclusive again", data, 0, "new.txt", CREATE | EXCLUSIVE, READ | WRITE);
  if (again >= 0) d_drop(again);

  // Reading an existing file through a stream; a read-only descriptor refuses writes.
  handle in = open_("open in.txt", data, 0, "in.txt", 0, READ);
  if (in >= 0) {
    d_read_via_stream(in, 0, ret);
    if (at4("read-via-stream")) {
      handle s = *(handle *)(ret + 4);
      puts_("in.txt: ");
      for (;;) { in_blocking_read(s, 3, ret); if (ret[0]) break; put(*(const char **)(ret + 4), *(size_t *)(ret + 8)); }
      flush_line();
      in_drop(s);
    }
    d_write(in, S("x"), 0, ret); at8("write to read-only descriptor");
    d_write_via_stream(in, 0, ret); at4("write-via-stream on read-only descriptor");
    d_set_size(in, 0, ret); unit("set-size on read-only descriptor");
    d_create_directory_at(in, S("x"), ret); unit("create-directory-at on a file");
    d_read_directory(in, ret); at4("read-directory on a file");
    handle in2 = open_("open in.txt twice", data, 0, "in.txt", 0, READ);
    handle old = open_("open old.txt", data, 0, "old.txt", 0, READ);
    if (in2 >= 0 && old >= 0) {
      puts_("same object in/in2 "); puts_(d_is_same_object(in, in2) ? "yes" : "no"); flush_line();
      puts_("same object in/old "); puts_(d_is_same_object(in, old) ? "yes" : "no"); flush_line();
      uint64_t a[2], b[2], c[2];
      d_metadata_hash(in, ret); a[0] = *(uint64_t *)(ret + 8); a[1] = *(uint64_t *)(ret + 16);
      d_metadata_hash(in2, ret); b[0] = *(uint64_t *)(ret + 8); b[1] = *(uint64_t *)(ret + 16);
      d_metadata_hash(old, ret); c[0] = *(uint64_t *)(ret + 8); c[1] = *(uint64_t *)(ret + 16);
      puts_("hash in == in2 "); puts_(a[0] == b[0] && a[1] == b[1] ? "yes" : "no"); flush_line();
      puts_("hash in != old "); puts_(a[0] != c[0] || a[1] != c[1] ? "yes" : "no"); flush_line();
      d_metadata_hash_at(data, 0, S("in.txt"), ret);
      puts_("hash-at in.txt == in "); puts_(!ret[0] && *(uint64_t *)(ret + 8) == a[0] && *(uint64_t *)(ret + 16) == a[1] ? "yes" : "no"); flush_line();
      get_directories(ret);
      handle data2 = **(handle **)ret;
      puts_("same object data/data2 "); puts_(d_is_same_object(data, data2) ? "yes" : "no"); flush_line();
      d_drop(data2);
    }
    if (in2 >= 0) d_drop(in2);
    if (old >= 0) d_drop(old);
    d_drop(in);
  }

  // Directories, renames, links.
  d_create_directory_at(data, S("d1"), ret); unit("create-directory-at d1");
  d_create_directory_at(data, S("d1"), ret); unit("create-directory-at d1 again");
  handle d1 = open_("open d1", data, 0, "d1", DIRECTORY, READ | MUTATE);
  if (d1 >= 0) {
    d_get_flags(d1, ret); puts_("d1 flags: "); putu(ret[1]); flush_line();
    handle g = open_("open d1/g.txt", d1, 0, "g.txt", CREATE, WRITE);
    if (g >= 0) { d_write(g, S("gee\n"), 0, ret); at8("write g"); d_drop(g); }
    d_read(d1, 1, 0, ret); at4("read on a directory");
    d_rename_at(data, S("old.txt"), d1, S("renamed.txt"), ret); unit("rename-at old.txt -> d1/renamed.txt");
    d_rename_at(data, S("missing.txt"), d1, S("x.txt"), ret); unit("rename-at missing.txt");
    list_dir("list d1", d1);
  }
  d_symlink_at(data, S("in.txt"), S("link"), ret); unit("symlink-at link -> in.txt");
  d_readlink_at(data, S("link"), ret);
  if (at4("readlink-at link")) { puts_("readlink-at link: "); put(*(const char **)(ret + 4), *(size_t *)(ret + 8)); flush_line(); }
  d_readlink_at(data, S("in.txt"), ret); at4("readlink-at a file");
  stat_at("stat-at link follow", data, 1, "link");
  stat_at("stat-at link nofollow", data, 0, "link");
  d_link_at(data, 0, S("in.txt"), data, S("hard.txt"), ret); unit("link-at hard.txt");
  stat_at("stat-at hard.txt", data, 0, "hard.txt");
  d_set_times_at(data, 0, S("hard.txt"), 0, 0, 0, 2, 1500000000, 0, ret); unit("set-times-at hard.txt");
  stat_at("stat-at in.txt after set-times-at", data, 0, "in.txt");
  d_unlink_file_at(data, S("hard.txt"), ret); unit("unlink-file-at hard.txt");
  d_unlink_file_at(data, S("hard.txt"), ret); unit("unlink-file-at hard.txt again");
  d_unlink_file_at(data, S("sub"), ret); unit("unlink-file-at a directory");
  d_remove_directory_at(data, S("sub"), ret); unit("remove-directory-at sub (not empty)");
  d_remove_directory_at(data, S("in.txt"), ret); unit("remove-directory-at a file");
  if (d1 >= 0) {
    d_unlink_file_at(d1, S("g.txt"), ret); unit("unlink-file-at d1/g.txt");
    d_unlink_file_at(d1, S("renamed.txt"), ret); unit("unlink-file-at d1/renamed.txt");
    d_drop(d1);
  }
  d_remove_directory_at(data, S("d1"), ret); unit("remove-directory-at d1");

  // Opening errors.
  handle h;
  h = open_("open missing.txt", data, 0, "missing.txt", 0, READ); if (h >= 0) d_drop(h);
  h = open_("open in.txt as directory", data, 0, "in.txt", DIRECTORY, READ); if (h >= 0) d_drop(h);
  h = open_("open sub for writing", data, 0, "sub", 0, READ | WRITE); if (h >= 0) d_drop(h);
  h = open_("open sub/a.txt", data, 0, "sub/a.txt", 0, READ); if (h >= 0) d_drop(h);
  h = open_("open sub/../in.txt", data, 0, "sub/../in.txt", 0, READ); if (h >= 0) d_drop(h);
  h = open_("open in.txt truncate", data, 0, "in.txt", TRUNCATE, WRITE); if (h >= 0) d_drop(h);
  list_dir("list data at the end", data);
  return 0;
}
