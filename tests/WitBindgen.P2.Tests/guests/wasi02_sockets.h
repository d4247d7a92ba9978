// wasi:sockets 0.2 imported directly by core name (after wasi02.h). An ip-socket-address flattens to 12 i32s:
// the case, then the joined payload (ipv4: port, a, b, c, d; ipv6: port, flow-info, 8 words, scope-id).
#pragma once
#include "wasi02.h"

typedef struct { int32_t v[12]; } sockaddr02;
#define SA(a) (a).v[0], (a).v[1], (a).v[2], (a).v[3], (a).v[4], (a).v[5], (a).v[6], (a).v[7], (a).v[8], (a).v[9], (a).v[10], (a).v[11]
#define SA_PARAMS int32_t, int32_t, int32_t, int32_t, int32_t, int32_t, int32_t, int32_t, int32_t, int32_t, int32_t, int32_t
#define TCP(n) IMPORT("wasi:sockets/tcp", "[method]tcp-socket." n)
#define UDP(n) IMPORT("wasi:sockets/udp", n)

IMPORT("wasi:sockets/instance-network", "instance-network") handle instance_network(void);
IMPORT("wasi:sockets/network", "[resource-drop]network") void network_drop(handle n);
IMPORT("wasi:sockets/tcp-create-socket", "create-tcp-socket") void create_tcp_socket(int32_t family, void *ret);
IMPORT("wasi:sockets/udp-create-socket", "create-udp-socket") void create_udp_socket(int32_t family, void *ret);

TCP("start-bind") void tcp_start_bind(handle s, handle net, SA_PARAMS, void *ret);
TCP("finish-bind") void tcp_finish_bind(handle s, void *ret);
TCP("start-connect") void tcp_start_connect(handle s, handle net, SA_PARAMS, void *ret);
TCP("finish-connect") void tcp_finish_connect(handle s, void *ret);
TCP("start-listen") void tcp_start_listen(handle s, void *ret);
TCP("finish-listen") void tcp_finish_listen(handle s, void *ret);
TCP("accept") void tcp_accept(handle s, void *ret);
TCP("local-address") void tcp_local_address(handle s, void *ret);
TCP("remote-address") void tcp_remote_address(handle s, void *ret);
TCP("is-listening") int32_t tcp_is_listening(handle s);
TCP("address-family") int32_t tcp_address_family(handle s);
TCP("set-listen-backlog-size") void tcp_set_listen_backlog_size(handle s, uint64_t v, void *ret);
TCP("keep-alive-enabled") void tcp_keep_alive_enabled(handle s, void *ret);
TCP("set-keep-alive-enabled") void tcp_set_keep_alive_enabled(handle s, int32_t v, void *ret);
TCP("keep-alive-idle-time") void tcp_keep_alive_idle_time(handle s, void *ret);
TCP("set-keep-alive-idle-time") void tcp_set_keep_alive_idle_time(handle s, uint64_t v, void *ret);
TCP("keep-alive-interval") void tcp_keep_alive_interval(handle s, void *ret);
TCP("set-keep-alive-interval") void tcp_set_keep_alive_interval(handle s, uint64_t v, void *ret);
TCP("keep-alive-count") void tcp_keep_alive_count(handle s, void *ret);
TCP("set-keep-alive-count") void tcp_set_keep_alive_count(handle s, int32_t v, void *ret);
TCP("hop-limit") void tcp_hop_limit(handle s, void *ret);
TCP("set-hop-limit") void tcp_set_hop_limit(handle s, int32_t v, void *ret);
TCP("receive-buffer-size") void tcp_receive_buffer_size(handle s, void *ret);
TCP("set-receive-buffer-size") void tcp_set_receive_buffer_size(handle s, uint64_t v, void *ret);
TCP("send-buffer-size") void tcp_send_buffer_size(handle s, void *ret);
TCP("set-send-buffer-size") void tcp_set_send_buffer_size(handle s, uint64_t v, void *ret);
TCP("subscribe") handle tcp_subscribe(handle s);
TCP("shutdown") void tcp_shutdown(handle s, int32_t how, void *ret);
IMPORT("wasi:sockets/tcp", "[resource-drop]tcp-socket") void tcp_drop(handle s);

UDP("[method]udp-socket.start-bind") void udp_start_bind(handle s, handle net, SA_PARAMS, void *ret);
UDP("[method]udp-socket.finish-bind") void udp_finish_bind(handle s, void *ret);
UDP("[method]udp-socket.stream") void udp_stream(handle s, int32_t some, SA_PARAMS, void *ret);
UDP("[method]udp-socket.local-address") void udp_local_address(handle s, void *ret);
UDP("[method]udp-socket.remote-address") void udp_remote_address(handle s, void *ret);
UDP("[method]udp-socket.address-family") int32_t udp_address_family(handle s);
UDP("[method]udp-socket.unicast-hop-limit") void udp_unicast_hop_limit(handle s, void *ret);
UDP("[method]udp-socket.set-unicast-hop-limit") void udp_set_unicast_hop_limit(handle s, int32_t v, void *ret);
UDP("[method]udp-socket.receive-buffer-size") void udp_receive_buffer_size(handle s, void *ret);
UDP("[method]udp-socket.set-receive-buffer-size") void udp_set_receive_buffer_size(handle s, uint64_t v, void *ret);
UDP("[method]udp-socket.send-buffer-size") void udp_send_buffer_size(handle s, void *ret);
UDP("[method]udp-socket.set-send-buffer-size") void udp_set_send_buffer_size(handle s, uint64_t v, void *ret);
UDP("[method]udp-socket.subscribe") handle udp_subscribe(handle s);
UDP("[resource-drop]udp-socket") void udp_drop(handle s);
UDP("[method]incoming-datagram-stream.receive") void udp_receive(handle s, uint64_t max, void *ret);
UDP("[method]incoming-datagram-stream.subscribe") handle udp_in_subscribe(handle s);
UDP("[resource-drop]incoming-datagram-stream") void udp_in_drop(handle s);
UDP("[method]outgoing-datagram-stream.check-send") void udp_check_send(handle s, void *ret);
UDP("[method]outgoing-datagram-stream.send") void udp_send(handle s, const void *list, size_t n, void *ret);
UDP("[method]outgoing-datagram-stream.subscribe") handle udp_out_subscribe(handle s);
UDP("[resource-drop]outgoing-datagram-stream") void udp_out_drop(handle s);

IMPORT("wasi:sockets/ip-name-lookup", "resolve-addresses") void resolve_addresses(handle net, const char *p, size_t n, void *ret);
IMPORT("wasi:sockets/ip-name-lookup", "[method]resolve-address-stream.resolve-next-address") void resolve_next_address(handle s, void *ret);
IMPORT("wasi:sockets/ip-name-lookup", "[method]resolve-address-stream.subscribe") handle resolve_subscribe(handle s);
IMPORT("wasi:sockets/ip-name-lookup", "[resource-drop]resolve-address-stream") void resolve_drop(handle s);

static const char *const net_codes[] = {
  "unknown", "access-denied", "not-supported", "invalid-argument", "out-of-memory", "timeout", "concurrency-conflict",
  "not-in-progress", "would-block", "invalid-state", "new-socket-limit", "address-not-bindable", "address-in-use",
  "remote-unreachable", "connection-refused", "connection-reset", "connection-aborted", "datagram-too-large",
  "name-unresolvable", "temporary-resolver-failure", "permanent-resolver-failure" };
static const char *net_code(unsigned c) { return c < sizeof net_codes / sizeof *net_codes ? net_codes[c] : "?"; }

static sockaddr02 v4addr(int a, int b, int c, int d, int port) {
  sockaddr02 s = {{0}}; s.v[0] = 0; s.v[1] = port; s.v[2] = a; s.v[3] = b; s.v[4] = c; s.v[5] = d; return s;
}
// An IPv6 address from its 8 words.
static sockaddr02 v6addr(const uint16_t w[8], int port) {
  sockaddr02 s = {{0}}; s.v[0] = 1; s.v[1] = port; for (int i = 0; i < 8; i++) s.v[3 + i] = w[i]; return s;
}
static const uint16_t v6_loopback[8] = {0, 0, 0, 0, 0, 0, 0, 1};
static const uint16_t v6_any[8] = {0};
static sockaddr02 loopback(int family, int port) { return family == 0 ? v4addr(127, 0, 0, 1, port) : v6addr(v6_loopback, port); }
// The port of an ip-socket-address stored at p (case byte, then the payload 4 bytes on).
static int port_at(const unsigned char *p) { return *(const uint16_t *)(p + 4); }
