// wasi:sockets 0.2 (tcp, udp, ip-name-lookup, network) imported directly. argv[1] picks the scenario:
//   denied            what a host that allows sockets but no address and no lookup answers (Wasmtime's default)
//   states            the state machines and argument checks on real sockets on the loopback (v4, then v6)
//   server <fam>      a TCP server on the loopback: prints its port, accepts one client, echoes it "echo:"-prefixed
//   client <fam> <p>  a TCP client: sends a line to port p, half-closes, prints the answer
//   udp <fam> <p>     sends a datagram to port p, prints the answer and where it came from
//   lookup            resolves localhost and IP literals
//   limit             creates sockets until the host says no
//   forged|stale|wrong-type|udp-streams-twice|send-unpermitted   a bad handle or contract breach: must trap
//                     (forged: a tcp-socket never given; stale: a dropped network; wrong-type: a pollable as a tcp-socket)
// <fam> is 4 or 6. Prints only what both hosts must agree on (no ports, no sizes the system picks).
#include "wasi02_sockets.h"

// clang lowers zeroed locals to memset; there is no libc.
void *memset(void *d, int c, size_t n) { volatile unsigned char *p = d; while (n--) *p++ = (unsigned char)c; return d; }
void *memcpy(void *d, const void *s, size_t n) { volatile unsigned char *p = d; const unsigned char *q = s; while (n--) *p++ = *q++; return d; }

static _Alignas(8) unsigned char ret[64];
struct str { const char *p; size_t n; };
static struct str *args; static size_t argc;

static int ok(void) { return ret[0] == 0; }
// "label: ok" or "label: <error-code>" (the code at offset off of the result).
static int report(const char *label, int off) {
  puts_(label); puts_(": "); puts_(ok() ? "ok" : net_code(ret[off])); flush_line();
  return ok();
}
static void fail_unless(int c) { if (!c) __builtin_trap(); }
static int argint(size_t i) { int v = 0; for (size_t k = 0; k < args[i].n; k++) v = v * 10 + (args[i].p[k] - '0'); return v; }

static handle new_tcp(int fam) { create_tcp_socket(fam, ret); fail_unless(ok()); return *(handle *)(ret + 4); }
static handle new_udp(int fam) { create_udp_socket(fam, ret); fail_unless(ok()); return *(handle *)(ret + 4); }
static void wait_on(handle p) { io_poll(&p, 1, ret); pollable_drop(p); }
static void wait_socket(handle s) { wait_on(tcp_subscribe(s)); }

static handle bound_tcp(handle net, int fam, int port) {
  handle s = new_tcp(fam);
  sockaddr02 a = loopback(fam, port);
  tcp_start_bind(s, net, SA(a), ret); fail_unless(ok());
  tcp_finish_bind(s, ret); fail_unless(ok());
  return s;
}
static int local_port_tcp(handle s) { tcp_local_address(s, ret); fail_unless(ok()); return port_at(ret + 4); }
static handle listener(handle net, int fam) {
  handle s = bound_tcp(net, fam, 0);
  tcp_start_listen(s, ret); fail_unless(ok());
  tcp_finish_listen(s, ret); fail_unless(ok());
  return s;
}

// Writes all of p to a stream with the 0.2 contract (check-write, write, flush), waiting when it must.
static void write_all(handle out, const char *p, size_t n) {
  while (n > 0) {
    out_check_write(out, ret); fail_unless(ok());
    uint64_t permit = *(uint64_t *)(ret + 8);
    if (permit == 0) { wait_on(out_subscribe(out)); continue; }
    size_t k = n < permit ? n : (size_t)permit;
    out_write(out, p, k, ret); fail_unless(ok());
    p += k; n -= k;
  }
  out_blocking_flush(out, ret); fail_unless(ok());
}
// Reads until the stream is closed, waiting on its pollable; returns the length read into buf.
static size_t read_all(handle in, char *buf, size_t cap) {
  size_t n = 0;
  for (;;) {
    in_read(in, cap - n, ret);
    if (!ok()) { fail_unless(ret[4] == 1); return n; }
    size_t k = *(size_t *)(ret + 8);
    const char *p = *(const char **)(ret + 4);
    for (size_t i = 0; i < k; i++) buf[n++] = p[i];
    if (k == 0) wait_on(in_subscribe(in));
  }
}

// ---- denied: sockets allowed, every address refused, no lookups ----
static void denied(handle net) {
  for (int fam = 0; fam < 2; fam++) {
    puts_("tcp ipv"); puts_(fam ? "6" : "4"); flush_line();
    create_tcp_socket(fam, ret);
    if (!report("create-tcp-socket", 4)) {
      create_udp_socket(fam, ret); report("create-udp-socket", 4);
      continue;
    }
    handle s = *(handle *)(ret + 4);
    puts_("address-family "); putu(tcp_address_family(s)); flush_line();
    tcp_finish_bind(s, ret); report("finish-bind", 1);
    tcp_finish_connect(s, ret); report("finish-connect", 4);
    tcp_finish_listen(s, ret); report("finish-listen", 1);
    sockaddr02 a = loopback(fam, 0), other = loopback(1 - fam, 0), remote = loopback(fam, 80);
    tcp_start_bind(s, net, SA(a), ret); report("start-bind", 1);
    tcp_start_bind(s, net, SA(other), ret); report("start-bind other family", 1);
    tcp_start_connect(s, net, SA(remote), ret); report("start-connect", 1);
    tcp_start_listen(s, ret); report("start-listen", 1);
    tcp_accept(s, ret); report("accept", 4);
    tcp_local_address(s, ret); report("local-address", 4);
    tcp_remote_address(s, ret); report("remote-address", 4);
    puts_("is-listening "); putu(tcp_is_listening(s)); flush_line();
    tcp_shutdown(s, 2, ret); report("shutdown", 1);
    tcp_set_listen_backlog_size(s, 0, ret); report("backlog 0", 1);
    tcp_set_listen_backlog_size(s, 64, ret); report("backlog 64", 1);
    tcp_set_keep_alive_enabled(s, 1, ret); report("keep-alive on", 1);
    tcp_keep_alive_enabled(s, ret); puts_("keep-alive "); putu(ret[1]); flush_line();
    tcp_set_keep_alive_idle_time(s, 0, ret); report("idle 0", 1);
    tcp_set_keep_alive_idle_time(s, 30000000000ull, ret); report("idle 30s", 1);
    tcp_keep_alive_idle_time(s, ret); puts_("idle "); putu(*(uint64_t *)(ret + 8)); flush_line();
    tcp_set_keep_alive_interval(s, 3000000000ull, ret); report("interval 3s", 1);
    tcp_keep_alive_interval(s, ret); puts_("interval "); putu(*(uint64_t *)(ret + 8)); flush_line();
    tcp_set_keep_alive_count(s, 0, ret); report("count 0", 1);
    tcp_set_keep_alive_count(s, 5, ret); report("count 5", 1);
    tcp_keep_alive_count(s, ret); puts_("count "); putu(*(uint32_t *)(ret + 4)); flush_line();
    tcp_set_hop_limit(s, 0, ret); report("hop-limit 0", 1);
    tcp_set_hop_limit(s, 42, ret); report("hop-limit 42", 1);
    tcp_hop_limit(s, ret); puts_("hop-limit "); putu(ret[1]); flush_line();
    tcp_set_receive_buffer_size(s, 0, ret); report("receive-buffer 0", 1);
    tcp_set_receive_buffer_size(s, 65536, ret); report("receive-buffer 65536", 1);
    tcp_receive_buffer_size(s, ret); puts_("receive-buffer "); putu(*(uint64_t *)(ret + 8)); flush_line();
    tcp_set_send_buffer_size(s, 0, ret); report("send-buffer 0", 1);
    tcp_set_send_buffer_size(s, 65536, ret); report("send-buffer 65536", 1);
    tcp_send_buffer_size(s, ret); puts_("send-buffer "); putu(*(uint64_t *)(ret + 8)); flush_line();
    handle p = tcp_subscribe(s);
    puts_("subscribe ready "); putu(pollable_ready(p)); flush_line();
    pollable_drop(p);
    tcp_drop(s);

    puts_("udp ipv"); puts_(fam ? "6" : "4"); flush_line();
    handle u = new_udp(fam);
    puts_("address-family "); putu(udp_address_family(u)); flush_line();
    udp_finish_bind(u, ret); report("finish-bind", 1);
    udp_stream(u, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ret); report("stream unbound", 4);
    udp_local_address(u, ret); report("local-address", 4);
    udp_remote_address(u, ret); report("remote-address", 4);
    udp_start_bind(u, net, SA(a), ret); report("start-bind", 1);
    udp_set_unicast_hop_limit(u, 0, ret); report("hop-limit 0", 1);
    udp_set_unicast_hop_limit(u, 7, ret); report("hop-limit 7", 1);
    udp_unicast_hop_limit(u, ret); puts_("hop-limit "); putu(ret[1]); flush_line();
    udp_set_receive_buffer_size(u, 0, ret); report("receive-buffer 0", 1);
    udp_set_receive_buffer_size(u, 65536, ret); report("receive-buffer 65536", 1);
    udp_receive_buffer_size(u, ret); puts_("receive-buffer "); putu(*(uint64_t *)(ret + 8)); flush_line();
    udp_set_send_buffer_size(u, 65536, ret); report("send-buffer 65536", 1);
    udp_send_buffer_size(u, ret); puts_("send-buffer "); putu(*(uint64_t *)(ret + 8)); flush_line();
    p = udp_subscribe(u);
    puts_("subscribe ready "); putu(pollable_ready(p)); flush_line();
    pollable_drop(p);
    udp_drop(u);
  }
  static const char *const names[] = { "localhost", "127.0.0.1", "::1", "not a name!" };
  for (int i = 0; i < 4; i++) {
    resolve_addresses(net, names[i], slen(names[i]), ret);
    puts_("resolve "); puts_(names[i]); puts_(": "); puts_(ok() ? "stream" : net_code(ret[4])); flush_line();
    if (ok()) resolve_drop(*(handle *)(ret + 4));
  }
}

// ---- states: real sockets on the loopback ----
static void tcp_states(handle net, int fam) {
  puts_("tcp ipv"); puts_(fam ? "6" : "4"); flush_line();
  sockaddr02 any = loopback(fam, 0), wrong = loopback(1 - fam, 0);
  handle s = new_tcp(fam);
  tcp_start_bind(s, net, SA(wrong), ret); report("start-bind other family", 1);
  sockaddr02 multicast = fam == 0 ? v4addr(224, 0, 0, 1, 0) : v6addr((const uint16_t[8]){0xff02, 0, 0, 0, 0, 0, 0, 1}, 0);
  tcp_start_bind(s, net, SA(multicast), ret); report("start-bind multicast", 1);
  if (fam == 0) { sockaddr02 b = v4addr(255, 255, 255, 255, 0); tcp_start_bind(s, net, SA(b), ret); report("start-bind broadcast", 1); }
  else { sockaddr02 m = v6addr((const uint16_t[8]){0, 0, 0, 0, 0, 0xffff, 0x7f00, 1}, 0); tcp_start_bind(s, net, SA(m), ret); report("start-bind v4-mapped", 1); }
  tcp_start_listen(s, ret); report("start-listen unbound", 1);
  tcp_start_bind(s, net, SA(any), ret); report("start-bind", 1);
  tcp_start_bind(s, net, SA(any), ret); report("start-bind again", 1);
  tcp_local_address(s, ret); report("local-address while binding", 4);
  tcp_finish_bind(s, ret); report("finish-bind", 1);
  tcp_finish_bind(s, ret); report("finish-bind again", 1);
  int port = local_port_tcp(s);
  puts_("bound to a port "); puts_(port > 0 ? "yes" : "no"); flush_line();
  tcp_start_listen(s, ret); report("start-listen", 1);
  tcp_start_listen(s, ret); report("start-listen again", 1);
  tcp_local_address(s, ret); report("local-address while listening starts", 4);
  tcp_finish_listen(s, ret); report("finish-listen", 1);
  tcp_finish_listen(s, ret); report("finish-listen again", 1);
  puts_("is-listening "); putu(tcp_is_listening(s)); flush_line();
  // Both sockets have SO_REUSEADDR (as in wasmtime): the port is taken once one of them listens on it.
  handle taken = new_tcp(fam);
  sockaddr02 same = loopback(fam, port);
  tcp_start_bind(taken, net, SA(same), ret); report("start-bind taken port", 1);
  tcp_accept(s, ret); report("accept none pending", 4);
  tcp_set_listen_backlog_size(s, 16, ret); report("backlog while listening", 1);
  sockaddr02 to = loopback(fam, port);
  tcp_start_connect(s, net, SA(to), ret); report("start-connect on listener", 1);
  tcp_start_bind(s, net, SA(any), ret); report("start-bind on listener", 1);

  handle c = new_tcp(fam);
  sockaddr02 unspec = fam == 0 ? v4addr(0, 0, 0, 0, port) : v6addr(v6_any, port), port0 = loopback(fam, 0);
  tcp_start_connect(c, net, SA(unspec), ret); report("start-connect unspecified", 1);
  tcp_start_connect(c, net, SA(port0), ret); report("start-connect port 0", 1);
  tcp_start_connect(c, net, SA(wrong), ret); report("start-connect other family", 1);
  tcp_start_connect(c, net, SA(to), ret); report("start-connect", 1);
  tcp_start_connect(c, net, SA(to), ret); report("start-connect again", 1);
  wait_socket(c);
  tcp_finish_connect(c, ret); report("finish-connect", 4);
  handle cin = *(handle *)(ret + 4), cout = *(handle *)(ret + 8);
  tcp_finish_connect(c, ret); report("finish-connect again", 4);
  tcp_start_connect(c, net, SA(to), ret); report("start-connect when connected", 1);
  tcp_remote_address(c, ret); report("remote-address", 4);
  puts_("remote port is the listener's "); puts_(port_at(ret + 4) == port ? "yes" : "no"); flush_line();
  tcp_set_hop_limit(c, 9, ret); report("hop-limit when connected", 1);
  wait_socket(s);
  tcp_accept(s, ret); report("accept", 4);
  handle a = *(handle *)(ret + 4), ain = *(handle *)(ret + 8), aout = *(handle *)(ret + 12);
  tcp_remote_address(a, ret); fail_unless(ok());
  int peer = port_at(ret + 4);
  puts_("accepted peer is the client "); puts_(peer == local_port_tcp(c) ? "yes" : "no"); flush_line();
  puts_("accepted is-listening "); putu(tcp_is_listening(a)); flush_line();
  write_all(cout, "ping", 4);
  tcp_shutdown(c, 1, ret); report("shutdown send", 1);
  out_check_write(cout, ret); puts_("write after shutdown: "); puts_(!ok() && ret[8] == 1 ? "closed" : "other"); flush_line();
  char buf[64];
  size_t n = read_all(ain, buf, sizeof buf);
  puts_("server read "); put(buf, n); flush_line();
  write_all(aout, "pong", 4);
  tcp_shutdown(a, 2, ret); report("shutdown both", 1);
  in_read(ain, 10, ret); puts_("read after shutdown: "); puts_(!ok() && ret[4] == 1 ? "closed" : "other"); flush_line();
  n = read_all(cin, buf, sizeof buf);
  puts_("client read "); put(buf, n); flush_line();
  in_drop(ain); out_drop(aout); tcp_drop(a);
  in_drop(cin); out_drop(cout); tcp_drop(c);

  // A port that is bound but not listening refuses: the socket is then unusable.
  handle r = new_tcp(fam);
  handle closed = bound_tcp(net, fam, 0);
  sockaddr02 refused = loopback(fam, local_port_tcp(closed));
  tcp_start_connect(r, net, SA(refused), ret); report("start-connect to a closed port", 1);
  wait_socket(r);
  tcp_finish_connect(r, ret); report("finish-connect", 4);
  tcp_local_address(r, ret); report("local-address after failure", 4);
  tcp_start_connect(r, net, SA(refused), ret); report("start-connect after failure", 1);
  tcp_finish_connect(r, ret); report("finish-connect after failure", 4);
  tcp_drop(r); tcp_drop(closed); tcp_drop(taken); tcp_drop(s);
}

static void udp_states(handle net, int fam) {
  puts_("udp ipv"); puts_(fam ? "6" : "4"); flush_line();
  sockaddr02 any = loopback(fam, 0), wrong = loopback(1 - fam, 0);
  handle a = new_udp(fam), b = new_udp(fam);
  udp_start_bind(a, net, SA(wrong), ret); report("start-bind other family", 1);
  udp_start_bind(a, net, SA(any), ret); report("start-bind", 1);
  udp_start_bind(a, net, SA(any), ret); report("start-bind again", 1);
  udp_local_address(a, ret); report("local-address while binding", 4);
  udp_finish_bind(a, ret); report("finish-bind", 1);
  udp_start_bind(b, net, SA(any), ret); fail_unless(ok());
  udp_finish_bind(b, ret); fail_unless(ok());
  udp_local_address(a, ret); int pa = port_at(ret + 4);
  udp_local_address(b, ret); int pb = port_at(ret + 4);
  sockaddr02 to_a = loopback(fam, pa), to_b = loopback(fam, pb);
  udp_stream(a, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ret); report("stream", 4);
  handle ain = *(handle *)(ret + 4), aout = *(handle *)(ret + 8);
  udp_remote_address(a, ret); report("remote-address unconnected", 4);
  udp_stream(b, 1, SA(to_a), ret); report("stream to a", 4);
  handle bin = *(handle *)(ret + 4), bout = *(handle *)(ret + 8);
  udp_remote_address(b, ret); report("remote-address", 4);
  puts_("b's remote is a "); puts_(port_at(ret + 4) == pa ? "yes" : "no"); flush_line();
  // b sends to a (its remote, implicit), then to a elsewhere (refused), then too much.
  unsigned char dg[3][44] = {{0}};
  *(const char **)dg[0] = "hi a"; *(size_t *)(dg[0] + 4) = 4;
  udp_check_send(bout, ret); puts_("check-send "); putu(*(uint64_t *)(ret + 8)); flush_line();
  udp_send(bout, dg, 1, ret); puts_("send: "); puts_(ok() ? "ok " : net_code(ret[8])); if (ok()) putu(*(uint64_t *)(ret + 8)); flush_line();
  dg[1][8] = 1;
  // An explicit address that is not b's remote: invalid-argument.
  *(const char **)dg[1] = "x"; *(size_t *)(dg[1] + 4) = 1; dg[1][12] = (unsigned char)fam; *(uint16_t *)(dg[1] + 16) = (uint16_t)pb;
  if (fam == 0) { dg[1][18] = 127; dg[1][21] = 1; } else { *(uint16_t *)(dg[1] + 38) = 1; }
  udp_check_send(bout, ret);
  udp_send(bout, dg[1], 1, ret); puts_("send elsewhere: "); puts_(ok() ? "ok" : net_code(ret[8])); flush_line();
  static char big[70000];
  *(const char **)dg[2] = big; *(size_t *)(dg[2] + 4) = sizeof big;
  udp_check_send(bout, ret);
  udp_send(bout, dg[2], 1, ret); puts_("send too large: "); puts_(ok() ? "ok" : net_code(ret[8])); flush_line();
  wait_on(udp_in_subscribe(ain));
  udp_receive(ain, 0, ret); puts_("receive 0: "); putu(*(size_t *)(ret + 8)); flush_line();
  udp_receive(ain, 10, ret); fail_unless(ok());
  unsigned char *d = *(unsigned char **)(ret + 4);
  puts_("a received "); putu(*(size_t *)(ret + 8)); puts_(": "); put(*(const char **)d, *(size_t *)(d + 4));
  puts_(", from b "); puts_(port_at(d + 8) == pb ? "yes" : "no"); flush_line();
  // a answers to b's address, given explicitly.
  unsigned char reply[44] = {0};
  *(const char **)reply = "hi b"; *(size_t *)(reply + 4) = 4; reply[8] = 1; reply[12] = (unsigned char)fam; *(uint16_t *)(reply + 16) = (uint16_t)pb;
  if (fam == 0) { reply[18] = 127; reply[21] = 1; } else { *(uint16_t *)(reply + 38) = 1; }
  udp_check_send(aout, ret); fail_unless(ok());
  udp_send(aout, reply, 1, ret); report("a sends to b", 8);
  unsigned char wrongfam[44] = {0};
  *(const char **)wrongfam = "x"; *(size_t *)(wrongfam + 4) = 1; wrongfam[8] = 1; wrongfam[12] = (unsigned char)(1 - fam); *(uint16_t *)(wrongfam + 16) = (uint16_t)pb;
  udp_check_send(aout, ret);
  udp_send(aout, wrongfam, 1, ret); puts_("send other family: "); puts_(ok() ? "ok" : net_code(ret[8])); flush_line();
  unsigned char noaddr[44] = {0};
  *(const char **)noaddr = "x"; *(size_t *)(noaddr + 4) = 1;
  udp_check_send(aout, ret);
  udp_send(aout, noaddr, 1, ret); puts_("send without address: "); puts_(ok() ? "ok" : net_code(ret[8])); flush_line();
  wait_on(udp_in_subscribe(bin));
  udp_receive(bin, 10, ret); fail_unless(ok());
  d = *(unsigned char **)(ret + 4);
  puts_("b received "); putu(*(size_t *)(ret + 8)); puts_(": "); put(*(const char **)d, *(size_t *)(d + 4)); flush_line();
  // New streams for b, now without a remote address.
  udp_in_drop(bin); udp_out_drop(bout);
  udp_stream(b, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ret); report("stream again unconnected", 4);
  udp_in_drop(*(handle *)(ret + 4)); udp_out_drop(*(handle *)(ret + 8));
  udp_remote_address(b, ret); report("remote-address after", 4);
  (void)to_b;
  udp_in_drop(ain); udp_out_drop(aout); udp_drop(a); udp_drop(b);
}

static void server(handle net, int fam) {
  handle s = listener(net, fam);
  puts_("port "); putu(local_port_tcp(s)); flush_line();
  wait_socket(s);
  tcp_accept(s, ret); fail_unless(ok());
  handle c = *(handle *)(ret + 4), in = *(handle *)(ret + 8), out = *(handle *)(ret + 12);
  static char buf[4096];
  size_t n = read_all(in, buf + 5, sizeof buf - 5);
  for (int i = 0; i < 5; i++) buf[i] = "echo:"[i];
  write_all(out, buf, n + 5);
  tcp_shutdown(c, 1, ret); fail_unless(ok());
  puts_("served "); putu(n); puts_(" bytes"); flush_line();
  in_drop(in); out_drop(out); tcp_drop(c); tcp_drop(s);
}

static void client(handle net, int fam, int port) {
  handle c = new_tcp(fam);
  sockaddr02 to = loopback(fam, port);
  tcp_start_connect(c, net, SA(to), ret); fail_unless(ok());
  for (;;) {
    tcp_finish_connect(c, ret);
    if (ok()) break;
    fail_unless(ret[4] == 8 /* would-block */);
    wait_socket(c);
  }
  handle in = *(handle *)(ret + 4), out = *(handle *)(ret + 8);
  const char *msg = "hello from wasm";
  write_all(out, msg, slen(msg));
  tcp_shutdown(c, 1, ret); fail_unless(ok());
  static char buf[4096];
  size_t n = read_all(in, buf, sizeof buf);
  puts_("got: "); put(buf, n); flush_line();
  in_drop(in); out_drop(out); tcp_drop(c);
}

static void udp_peer(handle net, int fam, int port) {
  handle u = new_udp(fam);
  sockaddr02 any = loopback(fam, 0);
  udp_start_bind(u, net, SA(any), ret); fail_unless(ok());
  udp_finish_bind(u, ret); fail_unless(ok());
  udp_stream(u, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ret); fail_unless(ok());
  handle in = *(handle *)(ret + 4), out = *(handle *)(ret + 8);
  unsigned char dg[44] = {0};
  const char *msg = "datagram from wasm";
  *(const char **)dg = msg; *(size_t *)(dg + 4) = slen(msg); dg[8] = 1; dg[12] = (unsigned char)fam; *(uint16_t *)(dg + 16) = (uint16_t)port;
  if (fam == 0) { dg[18] = 127; dg[21] = 1; } else { *(uint16_t *)(dg + 38) = 1; }
  udp_check_send(out, ret); fail_unless(ok());
  udp_send(out, dg, 1, ret); report("send", 8);
  for (;;) {
    udp_receive(in, 4, ret); fail_unless(ok());
    if (*(size_t *)(ret + 8) > 0) break;
    wait_on(udp_in_subscribe(in));
  }
  unsigned char *d = *(unsigned char **)(ret + 4);
  puts_("got: "); put(*(const char **)d, *(size_t *)(d + 4));
  puts_(" from the peer's port "); puts_(port_at(d + 8) == port ? "yes" : "no"); flush_line();
  udp_in_drop(in); udp_out_drop(out); udp_drop(u);
}

static void lookup(handle net) {
  static const char *const names[] = { "localhost", "127.0.0.1", "[::1]", "::1", "not a name!", "" };
  for (int i = 0; i < 6; i++) {
    resolve_addresses(net, names[i], slen(names[i]), ret);
    puts_("resolve '"); puts_(names[i]); puts_("': ");
    if (!ok()) { puts_(net_code(ret[4])); flush_line(); continue; }
    handle s = *(handle *)(ret + 4);
    int v4_loopback = 0, v6_loopback_seen = 0, count = 0;
    for (;;) {
      resolve_next_address(s, ret);
      if (!ok()) {
        if (ret[2] == 8) { wait_on(resolve_subscribe(s)); continue; }
        puts_(net_code(ret[2])); break;
      }
      if (ret[2] == 0) break; // none left
      count++;
      if (ret[4] == 0 && ret[6] == 127 && ret[9] == 1) v4_loopback = 1;
      if (ret[4] == 1 && *(uint16_t *)(ret + 20) == 1 && *(uint16_t *)(ret + 6) == 0) v6_loopback_seen = 1;
    }
    puts_(count > 0 ? "addresses" : "none"); puts_(v4_loopback ? " 127.0.0.1" : ""); puts_(v6_loopback_seen ? " ::1" : ""); flush_line();
    resolve_drop(s);
  }
}

static void limit(void) {
  int n = 0;
  for (;;) {
    create_tcp_socket(0, ret);
    if (!ok()) { puts_("after "); putu(n); puts_(" sockets: "); puts_(net_code(ret[4])); flush_line(); break; }
    n++;
    if (n > 10000) { say("no limit"); break; }
  }
}

__attribute__((export_name("wasi:cli/run@" WASI_V "#run")))
int32_t run(void) {
  env_get_arguments(ret);
  args = *(struct str **)ret; argc = *(size_t *)(ret + 4);
  if (argc < 2) { say("usage: sockets <scenario>"); return 1; }
  struct str what = args[1];
  int fam = argc > 2 && args[2].p[0] == '6' ? 1 : 0;
  handle net = instance_network();
  if (seq(what.p, what.n, "denied")) denied(net);
  else if (seq(what.p, what.n, "states")) { tcp_states(net, 0); tcp_states(net, 1); udp_states(net, 0); udp_states(net, 1); }
  else if (seq(what.p, what.n, "server")) server(net, fam);
  else if (seq(what.p, what.n, "client")) client(net, fam, argint(3));
  else if (seq(what.p, what.n, "udp")) udp_peer(net, fam, argint(3));
  else if (seq(what.p, what.n, "lookup")) lookup(net);
  else if (seq(what.p, what.n, "limit")) limit();
  else if (seq(what.p, what.n, "forged")) { say("before"); tcp_local_address(4242, ret); say("after"); }
  else if (seq(what.p, what.n, "stale")) { network_drop(net); say("before"); resolve_addresses(net, "localhost", 9, ret); say("after"); }
  else if (seq(what.p, what.n, "wrong-type")) { handle p = mono_subscribe_duration(0); say("before"); tcp_local_address(p, ret); say("after"); }
  else if (seq(what.p, what.n, "udp-streams-twice")) {
    handle u = new_udp(0); sockaddr02 a = loopback(0, 0);
    udp_start_bind(u, net, SA(a), ret); fail_unless(ok()); udp_finish_bind(u, ret); fail_unless(ok());
    udp_stream(u, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ret); fail_unless(ok());
    say("before"); udp_stream(u, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ret); say("after");
  }
  else if (seq(what.p, what.n, "send-unpermitted")) {
    handle u = new_udp(0); sockaddr02 a = loopback(0, 0);
    udp_start_bind(u, net, SA(a), ret); fail_unless(ok()); udp_finish_bind(u, ret); fail_unless(ok());
    udp_stream(u, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ret); fail_unless(ok());
    handle out = *(handle *)(ret + 8);
    unsigned char dg[44] = {0};
    say("before"); udp_send(out, dg, 1, ret); say("after");
  }
  else { say("unknown scenario"); return 1; }
  network_drop(net);
  return 0;
}
