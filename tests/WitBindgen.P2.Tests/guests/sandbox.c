// Escapes from the preopen /data on the WASI 0.2 face: `..`, absolute paths, symlinks made by the guest that lead
// out (relative and absolute), through every path-taking method. Each prints its error code (or "ok").
#include "wasi02.h"

static _Alignas(8) unsigned char ret[128];
#define S(x) x, slen(x)
enum { READ = 1, WRITE = 2, MUTATE = 32 };
enum { CREATE = 1, DIRECTORY = 2 };

static void unit(const char *step) { puts_(step); puts_(": "); puts_(ret[0] ? code_name(ret[1]) : "ok"); flush_line(); }
static void at4(const char *step) { puts_(step); puts_(": "); puts_(ret[0] ? code_name(ret[4]) : "ok"); flush_line(); }
static void at8(const char *step) { puts_(step); puts_(": "); puts_(ret[0] ? code_name(ret[8]) : "ok"); flush_line(); }

static void try_open(handle d, const char *path, int32_t pflags, int32_t oflags, int32_t dflags) {
  d_open_at(d, pflags, path, slen(path), oflags, dflags, ret);
  puts_("open "); puts_(path); puts_(pflags ? " (follow)" : ""); puts_(": "); puts_(ret[0] ? code_name(ret[4]) : "ok"); flush_line();
  if (!ret[0]) d_drop(*(handle *)(ret + 4));
}

__attribute__((export_name("wasi:cli/run@" WASI_V "#run")))
int32_t run(void) {
  get_directories(ret);
  handle data = **(handle **)ret;
  try_open(data, "..", 0, DIRECTORY, READ);
  try_open(data, "../", 0, DIRECTORY, READ);
  try_open(data, "/etc/passwd", 0, 0, READ);
  try_open(data, "/", 0, DIRECTORY, READ);
  try_open(data, "sub/../../in.txt", 0, 0, READ);
  try_open(data, "sub/../in.txt", 0, 0, READ);
  try_open(data, "./in.txt", 0, 0, READ);
  try_open(data, "../escape.txt", 0, CREATE, WRITE);
  d_stat_at(data, 0, S(".."), ret); at8("stat-at ..");
  d_stat_at(data, 0, S("/etc"), ret); at8("stat-at /etc");
  d_stat_at(data, 0, S("."), ret); at8("stat-at .");
  d_create_directory_at(data, S("../made"), ret); unit("create-directory-at ../made");
  d_unlink_file_at(data, S("../in.txt"), ret); unit("unlink-file-at ../in.txt");
  d_remove_directory_at(data, S(".."), ret); unit("remove-directory-at ..");
  d_rename_at(data, S("in.txt"), data, S("../stolen.txt"), ret); unit("rename-at in.txt -> ../stolen.txt");
  d_link_at(data, 0, S("in.txt"), data, S("../linked.txt"), ret); unit("link-at in.txt -> ../linked.txt");
  d_readlink_at(data, S("../x"), ret); at4("readlink-at ../x");
  d_set_times_at(data, 0, S(".."), 1, 0, 0, 1, 0, 0, ret); unit("set-times-at ..");
  d_metadata_hash_at(data, 0, S(".."), ret); at8("metadata-hash-at ..");

  // Symlinks the guest makes.
  d_symlink_at(data, S("/etc/passwd"), S("abs-link"), ret); unit("symlink-at abs-link -> /etc/passwd");
  d_symlink_at(data, S("../.."), S("up-link"), ret); unit("symlink-at up-link -> ../..");
  d_symlink_at(data, S("sub/../.."), S("up2-link"), ret); unit("symlink-at up2-link -> sub/../..");
  d_symlink_at(data, S("in.txt"), S("ok-link"), ret); unit("symlink-at ok-link -> in.txt");
  d_symlink_at(data, S("x"), S("../outside-link"), ret); unit("symlink-at ../outside-link");
  try_open(data, "up-link", 1, DIRECTORY, READ);
  try_open(data, "up-link/etc/passwd", 1, 0, READ);
  try_open(data, "up-link", 0, DIRECTORY, READ);
  try_open(data, "up2-link", 1, DIRECTORY, READ);
  try_open(data, "ok-link", 1, 0, READ);
  try_open(data, "ok-link", 0, 0, READ);
  d_stat_at(data, 1, S("up-link"), ret); at8("stat-at up-link (follow)");
  d_stat_at(data, 0, S("up-link"), ret); at8("stat-at up-link");
  d_create_directory_at(data, S("up-link/made"), ret); unit("create-directory-at up-link/made");
  // A directory opened beneath /data is no way out either.
  d_open_at(data, 0, S("sub"), DIRECTORY, READ | MUTATE, ret);
  if (!ret[0]) {
    handle sub = *(handle *)(ret + 4);
    try_open(sub, "..", 0, DIRECTORY, READ);
    try_open(sub, "../in.txt", 0, 0, READ);
    d_stat_at(sub, 0, S("../sub"), ret); at8("sub: stat-at ../sub");
    d_drop(sub);
  }
  return 0;
}
