// Drops a resource while one made from it is still alive, as argv[1] says; prints "dropped" if the host let it.
// Wasmtime's WASI 0.2 traps when a stream still has a pollable (the pollable is the stream's child in its table);
// ChildResourceTests checks ours does what Wasmtime does for each case.
#include "wasi02_sockets.h"

struct str { const char *p; size_t n; };
static _Alignas(8) unsigned char ret[128];
enum { READ = 1, WRITE = 2 };
enum { CREATE = 1 };

static handle data_dir(void) {
  get_directories(ret);
  return *(size_t *)(ret + 4) ? **(handle **)ret : -1;
}

static handle open_file(handle data) {
  char name[] = "child.txt";
  d_open_at(data, 0, name, slen(name), CREATE, READ | WRITE, ret);
  return ret[0] ? -1 : *(handle *)(ret + 4);
}

__attribute__((export_name("wasi:cli/run@" WASI_V "#run")))
int32_t run(void) {
  env_get_arguments(ret);
  struct str *args = *(struct str **)ret; size_t argc = *(size_t *)(ret + 4);
  if (argc < 2) return 1;
  struct str mode = args[1];
  say("start");
  if (seq(mode.p, mode.n, "input-pollable")) {
    handle in = get_stdin();
    handle p = in_subscribe(in);
    in_drop(in);
    say("dropped");
    pollable_drop(p);
  } else if (seq(mode.p, mode.n, "output-pollable")) {
    handle out = get_stderr();
    handle p = out_subscribe(out);
    out_drop(out);
    say("dropped");
    pollable_drop(p);
  } else if (seq(mode.p, mode.n, "pollable-first")) {
    handle in = get_stdin();
    handle p = in_subscribe(in);
    pollable_drop(p);
    in_drop(in);
    handle out = get_stderr();
    p = out_subscribe(out);
    pollable_drop(p);
    out_drop(out);
    say("dropped");
  } else if (seq(mode.p, mode.n, "file-pollable")) {
    handle f = open_file(data_dir());
    d_read_via_stream(f, 0, ret);
    handle s = *(handle *)(ret + 4);
    handle p = in_subscribe(s);
    in_drop(s);
    say("dropped");
    pollable_drop(p);
  } else if (seq(mode.p, mode.n, "descriptor-stream")) {
    handle f = open_file(data_dir());
    d_write_via_stream(f, 0, ret);
    handle s = *(handle *)(ret + 4);
    d_drop(f);
    say("dropped");
    out_blocking_write_and_flush(s, "abc", 3, ret);
    puts_("write after drop "); puts_(ret[0] ? "failed" : "ok"); flush_line();
    out_drop(s);
  } else if (seq(mode.p, mode.n, "descriptor-directory-stream")) {
    handle d = data_dir();
    d_read_directory(d, ret);
    handle s = *(handle *)(ret + 4);
    d_drop(d);
    say("dropped");
    dir_read_entry(s, ret);
    puts_("read after drop "); puts_(ret[0] ? "failed" : "ok"); flush_line();
    dir_stream_drop(s);
  } else if (seq(mode.p, mode.n, "tcp-pollable") || seq(mode.p, mode.n, "udp-pollable")) {
    int tcp = mode.p[0] == 't';
    if (tcp) create_tcp_socket(0, ret); else create_udp_socket(0, ret);
    if (ret[0]) { say("no socket"); return 1; }
    handle s = *(handle *)(ret + 4);
    handle p = tcp ? tcp_subscribe(s) : udp_subscribe(s);
    if (tcp) tcp_drop(s); else udp_drop(s);
    say("dropped");
    pollable_drop(p);
  } else {
    return 1;
  }
  say("end");
  return 0;
}
