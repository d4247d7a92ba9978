using System;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using Xunit;

namespace WitBindgen.Wasi.Tests;

/// <summary>Real TCP and UDP sockets and name lookup on 127.0.0.1, through WAT guests (ports are always 0 or the OS's choice).</summary>
public class SocketsTests
{
    internal const string Imports = """
          (import "instance-network" "instance-network" (func $instance_network (result i32)))
          (import "network" "drop-network" (func $drop_network (param i32)))
          (import "poll" "poll-oneoff" (func $poll_oneoff (param i32 i32 i32)))
          (import "poll" "drop-pollable" (func $drop_pollable (param i32)))
          (import "streams" "blocking-read" (func $blocking_read (param i32 i64 i32)))
          (import "streams" "blocking-write" (func $blocking_write (param i32 i32 i32 i32)))
          (import "streams" "drop-input-stream" (func $drop_input (param i32)))
          (import "streams" "drop-output-stream" (func $drop_output (param i32)))
          (import "tcp-create-socket" "create-tcp-socket" (func $create_tcp (param i32 i32)))
          (import "tcp" "start-bind" (func $tcp_start_bind (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)))
          (import "tcp" "finish-bind" (func $tcp_finish_bind (param i32 i32)))
          (import "tcp" "start-connect" (func $tcp_start_connect (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)))
          (import "tcp" "finish-connect" (func $tcp_finish_connect (param i32 i32)))
          (import "tcp" "start-listen" (func $tcp_start_listen (param i32 i32 i32)))
          (import "tcp" "finish-listen" (func $tcp_finish_listen (param i32 i32)))
          (import "tcp" "accept" (func $tcp_accept (param i32 i32)))
          (import "tcp" "local-address" (func $tcp_local_address (param i32 i32)))
          (import "tcp" "remote-address" (func $tcp_remote_address (param i32 i32)))
          (import "tcp" "address-family" (func $tcp_address_family (param i32) (result i32)))
          (import "tcp" "ipv6-only" (func $tcp_ipv6_only (param i32 i32)))
          (import "tcp" "set-listen-backlog-size" (func $tcp_set_backlog (param i32 i64 i32)))
          (import "tcp" "keep-alive" (func $tcp_keep_alive (param i32 i32)))
          (import "tcp" "set-keep-alive" (func $tcp_set_keep_alive (param i32 i32 i32)))
          (import "tcp" "no-delay" (func $tcp_no_delay (param i32 i32)))
          (import "tcp" "set-no-delay" (func $tcp_set_no_delay (param i32 i32 i32)))
          (import "tcp" "unicast-hop-limit" (func $tcp_hop_limit (param i32 i32)))
          (import "tcp" "set-unicast-hop-limit" (func $tcp_set_hop_limit (param i32 i32 i32)))
          (import "tcp" "receive-buffer-size" (func $tcp_receive_buffer (param i32 i32)))
          (import "tcp" "set-receive-buffer-size" (func $tcp_set_receive_buffer (param i32 i64 i32)))
          (import "tcp" "subscribe" (func $tcp_subscribe (param i32) (result i32)))
          (import "tcp" "shutdown" (func $tcp_shutdown (param i32 i32 i32)))
          (import "tcp" "drop-tcp-socket" (func $tcp_drop (param i32)))
          (import "udp-create-socket" "create-udp-socket" (func $create_udp (param i32 i32)))
          (import "udp" "start-bind" (func $udp_start_bind (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)))
          (import "udp" "finish-bind" (func $udp_finish_bind (param i32 i32)))
          (import "udp" "start-connect" (func $udp_start_connect (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)))
          (import "udp" "finish-connect" (func $udp_finish_connect (param i32 i32)))
          (import "udp" "local-address" (func $udp_local_address (param i32 i32)))
          (import "udp" "remote-address" (func $udp_remote_address (param i32 i32)))
          (import "udp" "ipv6-only" (func $udp_ipv6_only (param i32 i32)))
          (import "udp" "set-ipv6-only" (func $udp_set_ipv6_only (param i32 i32 i32)))
          (import "udp" "receive" (func $udp_receive (param i32 i32)))
          (import "udp" "send" (func $udp_send (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)))
          (import "udp" "subscribe" (func $udp_subscribe (param i32) (result i32)))
          (import "udp" "drop-udp-socket" (func $udp_drop (param i32)))
          (import "ip-name-lookup" "resolve-addresses" (func $resolve (param i32 i32 i32 i32 i32 i32 i32)))
          (import "ip-name-lookup" "resolve-next-address" (func $resolve_next (param i32 i32)))
          (import "ip-name-lookup" "subscribe" (func $resolve_subscribe (param i32) (result i32)))
          (import "ip-name-lookup" "drop-resolve-address-stream" (func $resolve_drop (param i32)))
        """;

    /// <summary>$res off: prints "0 " for ok, "1:e " for err(e) of the result at 0x1000 whose error byte is at 0x1000 + off. $wait p: polls one pollable and drops it.</summary>
    internal const string Helpers = """
          (func $res (param $off i32)
            (call $print_u64 (i64.extend_i32_u (i32.load8_u (i32.const 0x1000))))
            (if (i32.load8_u (i32.const 0x1000))
              (then (call $print_char (i32.const 58))
                    (call $print_u64 (i64.extend_i32_u (i32.load8_u (i32.add (i32.const 0x1000) (local.get $off)))))))
            (call $print_char (i32.const 32)))
          (func $wait (param $p i32)
            (i32.store (i32.const 0x200) (local.get $p))
            (call $poll_oneoff (i32.const 0x200) (i32.const 1) (i32.const 0x210))
            (call $drop_pollable (local.get $p)))
        """;

    /// <summary>The flat ip-socket-address of 127.0.0.1 and a port (a WAT expression).</summary>
    internal static string Loopback(string port) => $"(i32.const 0) {port} (i32.const 127) (i32.const 0) (i32.const 0) (i32.const 1) " +
                                                   "(i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0)";

    internal static int E(Network.ErrorCode code) => (int)code;

    /// <summary>Receives one datagram on <paramref name="peer"/>, answers its sender with <paramref name="reply"/> and returns what it received.</summary>
    internal static Task<string> ReplyOnce(UdpClient peer, string reply) => Task.Run(async () =>
    {
        var received = await peer.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(5));
        await peer.SendAsync(Encoding.ASCII.GetBytes(reply), received.RemoteEndPoint);
        return Encoding.ASCII.GetString(received.Buffer);
    });

    /// <summary>WAT: locals $net $sock; $net = the instance network, $sock = a new UDP socket of <paramref name="family"/> (0 ipv4, 1 ipv6).</summary>
    internal static string OpenUdp(int family) => $"""
            (local $net i32) (local $sock i32)
            (local.set $net (call $instance_network))
            (call $create_udp (i32.const {family}) (i32.const 0x1000)) (call $res (i32.const 4))
            (local.set $sock (i32.load (i32.const 0x1004)))
            """;

    /// <summary>A started listener on <paramref name="address"/> and an ephemeral <paramref name="port"/>.</summary>
    internal static TcpListener Listen(IPAddress address, out int port)
    {
        var listener = new TcpListener(address, 0);
        listener.Start();
        port = ((IPEndPoint)listener.LocalEndpoint).Port;
        return listener;
    }

    /// <summary>WAT: locals $net $sock $in $out; $net = the instance network, $sock = a new TCP socket of <paramref name="family"/> (0 ipv4, 1 ipv6).</summary>
    internal static string OpenTcp(int family) => $"""
            (local $net i32) (local $sock i32) (local $in i32) (local $out i32)
            (local.set $net (call $instance_network))
            (call $create_tcp (i32.const {family}) (i32.const 0x1000)) (call $res (i32.const 4))
            (local.set $sock (i32.load (i32.const 0x1004)))
            """;

    /// <summary>Accepts one connection, reads <paramref name="length"/> bytes (or to the end), writes them back and then
    /// reads once more: 0 when the peer shut down sending. Returns the text, that last count and the peer's address.</summary>
    internal static Task<(string Text, int After, IPAddress Peer)> EchoOnce(TcpListener listener, int length) => Task.Run(async () =>
    {
        using var client = await listener.AcceptTcpClientAsync();
        var remote = (IPEndPoint)client.Client.RemoteEndPoint!;
        var stream = client.GetStream();
        var buffer = new byte[length];
        var have = 0;
        while (have < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(have));
            if (n == 0) break;
            have += n;
        }
        await stream.WriteAsync(buffer.AsMemory(0, have));
        var rest = await stream.ReadAsync(new byte[1]); // the guest's shutdown(send) ends the stream
        return (Encoding.ASCII.GetString(buffer, 0, have), rest, remote.Address);
    });

    /// <summary>WAT: writes the <paramref name="length"/> bytes at 0x100 to $out and prints the count, reads as many back
    /// from $in and prints them, shuts down sending and drops $in, $out, $sock and $net.</summary>
    internal static string EchoAndClose(int length) => $"""
            (call $blocking_write (local.get $out) (i32.const 0x100) (i32.const {length}) (i32.const 0x1000)) (call $res (i32.const 1))
            (call $print_u64 (i64.load (i32.const 0x1008))) (call $print_char (i32.const 32))
            (call $blocking_read (local.get $in) (i64.const {length}) (i32.const 0x1000)) (call $res (i32.const 1))
            (call $print (i32.load (i32.const 0x1004)) (i32.load (i32.const 0x1008))) (call $print_char (i32.const 32))
            (call $tcp_shutdown (local.get $sock) (i32.const 1) (i32.const 0x1000)) (call $res (i32.const 1))
            (call $drop_input (local.get $in))
            (call $drop_output (local.get $out))
            (call $tcp_drop (local.get $sock))
            (call $drop_network (local.get $net))
            """;

    internal static Action<WasiContextBuilder> Allow => b => b.AllowTcp().AllowUdp().AllowIpNameLookup();

    private static string Guest(string run, string data = "") => Wat.Command(Imports, run, Helpers + data);

    [Fact]
    public async Task Tcp_connects_to_a_dotnet_listener_and_echoes_through_its_streams()
    {
        using var listener = Listen(IPAddress.Loopback, out var port);
        var server = EchoOnce(listener, 5);
        var wat = Guest($$"""
            {{OpenTcp(0)}}
            (call $tcp_finish_connect (local.get $sock) (i32.const 0x1000)) (call $res (i32.const 4))
            (call $tcp_start_connect (local.get $sock) (local.get $net) {{Loopback($"(i32.const {port})")}} (i32.const 0x1000)) (call $res (i32.const 1))
            (call $tcp_start_connect (local.get $sock) (local.get $net) {{Loopback($"(i32.const {port})")}} (i32.const 0x1000)) (call $res (i32.const 1))
            (call $wait (call $tcp_subscribe (local.get $sock)))
            (call $tcp_finish_connect (local.get $sock) (i32.const 0x1000)) (call $res (i32.const 4))
            (local.set $in (i32.load (i32.const 0x1004)))
            (local.set $out (i32.load (i32.const 0x1008)))
            (call $tcp_remote_address (local.get $sock) (i32.const 0x1000)) (call $res (i32.const 4))
            (call $print_u64 (i64.extend_i32_u (i32.load16_u (i32.const 0x1008)))) (call $print_char (i32.const 32))
            {{EchoAndClose(5)}}
            (i32.const 0)
            """, """(data (i32.const 0x100) "hello")""");
        var (status, stdout) = Runner.Capture(wat, Allow);
        Assert.Equal(0, status);
        var (echoed, rest, _) = await server.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(("hello", 0), (echoed, rest));
        Assert.Equal($"0 1:{E(Network.ErrorCode.NotInProgress)} 0 1:{E(Network.ErrorCode.ConcurrencyConflict)} 0 0 {port} 0 5 0 hello 0 ", stdout);
    }

    [Fact]
    public void Tcp_listens_accepts_its_own_connection_and_echoes()
    {
        // The guest listens on 127.0.0.1:0, connects a second socket to the port it got, accepts, and sends both ways.
        var wat = Guest($$"""
            (local $net i32) (local $listener i32) (local $client i32) (local $port i32)
            (local $cin i32) (local $cout i32) (local $server i32) (local $sin i32) (local $sout i32)
            (local.set $net (call $instance_network))
            (call $create_tcp (i32.const 0) (i32.const 0x1000)) (call $res (i32.const 4))
            (local.set $listener (i32.load (i32.const 0x1004)))
            (call $tcp_local_address (local.get $listener) (i32.const 0x1000)) (call $res (i32.const 4))
            (call $tcp_start_bind (local.get $listener) (local.get $net) {{Loopback("(i32.const 0)")}} (i32.const 0x1000)) (call $res (i32.const 1))
            (call $tcp_finish_bind (local.get $listener) (i32.const 0x1000)) (call $res (i32.const 1))
            (call $tcp_finish_bind (local.get $listener) (i32.const 0x1000)) (call $res (i32.const 1))
            (call $tcp_accept (local.get $listener) (i32.const 0x1000)) (call $res (i32.const 4))
            (call $tcp_set_backlog (local.get $listener) (i64.const 16) (i32.const 0x1000)) (call $res (i32.const 1))
            (call $tcp_start_listen (local.get $listener) (local.get $net) (i32.const 0x1000)) (call $res (i32.const 1))
            (call $tcp_finish_listen (local.get $listener) (i32.const 0x1000)) (call $res (i32.const 1))
            (call $tcp_accept (local.get $listener) (i32.const 0x1000)) (call $res (i32.const 4))
            (call $tcp_local_address (local.get $listener) (i32.const 0x1000)) (call $res (i32.const 4))
            (local.set $port (i32.load16_u (i32.const 0x1008)))
            (call $print_u64 (i64.extend_i32_u (i32.load8_u (i32.const 0x100a))))
            (call $print_u64 (i64.extend_i32_u (i32.load8_u (i32.const 0x100d)))) (call $print_char (i32.const 32))
            (call $create_tcp (i32.const 0) (i32.const 0x1000))
            (local.set $client (i32.load (i32.const 0x1004)))
            (call $tcp_start_connect (local.get $client) (local.get $net) {{Loopback("(local.get $port)")}} (i32.const 0x1000)) (call $res (i32.const 1))
            (call $wait (call $tcp_subscribe (local.get $client)))
            (call $tcp_finish_connect (local.get $client) (i32.const 0x1000)) (call $res (i32.const 4))
            (local.set $cin (i32.load (i32.const 0x1004)))
            (local.set $cout (i32.load (i32.const 0x1008)))
            (call $wait (call $tcp_subscribe (local.get $listener)))
            (call $tcp_accept (local.get $listener) (i32.const 0x1000)) (call $res (i32.const 4))
            (local.set $server (i32.load (i32.const 0x1004)))
            (local.set $sin (i32.load (i32.const 0x1008)))
            (local.set $sout (i32.load (i32.const 0x100c)))
            (call $tcp_start_listen (local.get $server) (local.get $net) (i32.const 0x1000)) (call $res (i32.const 1))
            (call $blocking_write (local.get $cout) (i32.const 0x100) (i32.const 4) (i32.const 0x1000)) (call $res (i32.const 1))
            (call $blocking_read (local.get $sin) (i64.const 4) (i32.const 0x1000)) (call $res (i32.const 1))
            (call $print (i32.load (i32.const 0x1004)) (i32.load (i32.const 0x1008))) (call $print_char (i32.const 32))
            (call $blocking_write (local.get $sout) (i32.const 0x110) (i32.const 4) (i32.const 0x1000)) (call $res (i32.const 1))
            (call $blocking_read (local.get $cin) (i64.const 4) (i32.const 0x1000)) (call $res (i32.const 1))
            (call $print (i32.load (i32.const 0x1004)) (i32.load (i32.const 0x1008))) (call $print_char (i32.const 32))
            ;; the server shuts down sending: the client's stream ends
            (call $tcp_shutdown (local.get $server) (i32.const 1) (i32.const 0x1000)) (call $res (i32.const 1))
            (call $blocking_read (local.get $cin) (i64.const 4) (i32.const 0x1000)) (call $res (i32.const 1))
            (call $print_u64 (i64.extend_i32_u (i32.load8_u (i32.const 0x100c))))
            (i32.const 0)
            """, """(data (i32.const 0x100) "ping") (data (i32.const 0x110) "pong")""");
        var (status, stdout) = Runner.Capture(wat, Allow);
        Assert.Equal(0, status);
        Assert.Equal(
            $"0 1:{E(Network.ErrorCode.NotBound)} 0 0 1:{E(Network.ErrorCode.NotInProgress)} 1:{E(Network.ErrorCode.NotListening)} 0 0 0 " +
            $"1:{E(Network.ErrorCode.WouldBlock)} 0 1271 0 0 0 1:{E(Network.ErrorCode.AlreadyConnected)} 0 0 ping 0 0 pong 0 0 1",
            stdout);
    }

    [Fact]
    public async Task Udp_round_trips_a_datagram_with_a_dotnet_client()
    {
        using var peer = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)peer.Client.LocalEndPoint!).Port;
        var server = ReplyOnce(peer, "pong!");
        var wat = Guest($$"""
            {{OpenUdp(0)}}
            (call $udp_send (local.get $sock) (i32.const 0x100) (i32.const 4) {{Loopback($"(i32.const {port})")}} (i32.const 0x1000)) (call $res (i32.const 1))
            (call $udp_start_bind (local.get $sock) (local.get $net) {{Loopback("(i32.const 0)")}} (i32.const 0x1000)) (call $res (i32.const 1))
            (call $udp_finish_bind (local.get $sock) (i32.const 0x1000)) (call $res (i32.const 1))
            (call $udp_receive (local.get $sock) (i32.const 0x1000)) (call $res (i32.const 4))
            (call $udp_send (local.get $sock) (i32.const 0x100) (i32.const 4) {{Loopback("(i32.const 0)")}} (i32.const 0x1000)) (call $res (i32.const 1))
            (call $udp_send (local.get $sock) (i32.const 0x100) (i32.const 4) {{Loopback($"(i32.const {port})")}} (i32.const 0x1000)) (call $res (i32.const 1))
            (call $wait (call $udp_subscribe (local.get $sock)))
            (call $udp_receive (local.get $sock) (i32.const 0x1000)) (call $res (i32.const 4))
            (call $print (i32.load (i32.const 0x1004)) (i32.load (i32.const 0x1008))) (call $print_char (i32.const 32))
            (call $print_u64 (i64.extend_i32_u (i32.load8_u (i32.const 0x100c)))) (call $print_char (i32.const 32))
            (call $print_u64 (i64.extend_i32_u (i32.load16_u (i32.const 0x1010)))) (call $print_char (i32.const 32))
            (call $print_u64 (i64.extend_i32_u (i32.load8_u (i32.const 0x1012))))
            (call $print_u64 (i64.extend_i32_u (i32.load8_u (i32.const 0x1015))))
            (call $udp_drop (local.get $sock))
            (i32.const 0)
            """, """(data (i32.const 0x100) "ping")""");
        var (status, stdout) = Runner.Capture(wat, Allow);
        Assert.Equal(0, status);
        Assert.Equal("ping", await server.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal($"0 1:{E(Network.ErrorCode.NotBound)} 0 0 1:{E(Network.ErrorCode.WouldBlock)} 1:{E(Network.ErrorCode.InvalidRemoteAddress)} 0 0 pong! 0 {port} 1271", stdout);
    }

    [Fact]
    public async Task Udp_connected_sockets_send_only_to_their_peer()
    {
        using var peer = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)peer.Client.LocalEndPoint!).Port;
        var other = port == 65535 ? port - 1 : port + 1;
        var server = ReplyOnce(peer, "back");
        var wat = Guest($$"""
            {{OpenUdp(0)}}
            (call $udp_remote_address (local.get $sock) (i32.const 0x1000)) (call $res (i32.const 4))
            (call $udp_start_connect (local.get $sock) (local.get $net) {{Loopback($"(i32.const {port})")}} (i32.const 0x1000)) (call $res (i32.const 1))
            (call $udp_finish_connect (local.get $sock) (i32.const 0x1000)) (call $res (i32.const 1))
            (call $udp_finish_connect (local.get $sock) (i32.const 0x1000)) (call $res (i32.const 1))
            (call $udp_remote_address (local.get $sock) (i32.const 0x1000)) (call $res (i32.const 4))
            (call $print_u64 (i64.extend_i32_u (i32.load16_u (i32.const 0x1008)))) (call $print_char (i32.const 32))
            (call $udp_local_address (local.get $sock) (i32.const 0x1000)) (call $res (i32.const 4))
            (call $udp_send (local.get $sock) (i32.const 0x100) (i32.const 4) {{Loopback($"(i32.const {other})")}} (i32.const 0x1000)) (call $res (i32.const 1))
            (call $udp_send (local.get $sock) (i32.const 0x100) (i32.const 4) {{Loopback($"(i32.const {port})")}} (i32.const 0x1000)) (call $res (i32.const 1))
            (call $wait (call $udp_subscribe (local.get $sock)))
            (call $udp_receive (local.get $sock) (i32.const 0x1000)) (call $res (i32.const 4))
            (call $print (i32.load (i32.const 0x1004)) (i32.load (i32.const 0x1008)))
            (i32.const 0)
            """, """(data (i32.const 0x100) "data")""");
        var (status, stdout) = Runner.Capture(wat, Allow);
        Assert.Equal(0, status);
        Assert.Equal("data", await server.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal($"0 1:{E(Network.ErrorCode.NotConnected)} 0 0 1:{E(Network.ErrorCode.NotInProgress)} 0 {port} 0 1:{E(Network.ErrorCode.AlreadyConnected)} 0 0 back", stdout);
    }

    [Fact]
    public void Udp_over_ipv6_loopback_sends_to_itself()
    {
        if (!Socket.OSSupportsIPv6) return; // nothing to test on a host without IPv6
        const string v6 = "(i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 0)";
        var wat = Guest($$"""
            (local $net i32) (local $sock i32) (local $port i32)
            (local.set $net (call $instance_network))
            (call $create_udp (i32.const 1) (i32.const 0x1000)) (call $res (i32.const 4))
            (local.set $sock (i32.load (i32.const 0x1004)))
            (call $udp_set_ipv6_only (local.get $sock) (i32.const 1) (i32.const 0x1000)) (call $res (i32.const 1))
            (call $udp_ipv6_only (local.get $sock) (i32.const 0x1000)) (call $res (i32.const 1))
            (call $print_u64 (i64.extend_i32_u (i32.load8_u (i32.const 0x1001)))) (call $print_char (i32.const 32))
            (call $udp_start_bind (local.get $sock) (local.get $net) {{Loopback("(i32.const 0)")}} (i32.const 0x1000)) (call $res (i32.const 1))
            (call $udp_start_bind (local.get $sock) (local.get $net) (i32.const 1) (i32.const 0) (i32.const 0) {{v6}} (i32.const 0x1000)) (call $res (i32.const 1))
            (call $udp_finish_bind (local.get $sock) (i32.const 0x1000)) (call $res (i32.const 1))
            (call $udp_set_ipv6_only (local.get $sock) (i32.const 0) (i32.const 0x1000)) (call $res (i32.const 1))
            (call $udp_local_address (local.get $sock) (i32.const 0x1000)) (call $res (i32.const 4))
            (call $print_u64 (i64.extend_i32_u (i32.load8_u (i32.const 0x1004)))) (call $print_char (i32.const 32))
            (call $print_u64 (i64.extend_i32_u (i32.load16_u (i32.const 0x101e)))) (call $print_char (i32.const 32))
            (local.set $port (i32.load16_u (i32.const 0x1008)))
            (call $udp_send (local.get $sock) (i32.const 0x100) (i32.const 3) (i32.const 1) (local.get $port) (i32.const 0) {{v6}} (i32.const 0x1000)) (call $res (i32.const 1))
            (call $wait (call $udp_subscribe (local.get $sock)))
            (call $udp_receive (local.get $sock) (i32.const 0x1000)) (call $res (i32.const 4))
            (call $print (i32.load (i32.const 0x1004)) (i32.load (i32.const 0x1008))) (call $print_char (i32.const 32))
            (call $print_u64 (i64.extend_i32_u (i32.load8_u (i32.const 0x100c)))) (call $print_char (i32.const 32))
            (call $print_u64 (i64.extend_i32_u (i32.eq (i32.load16_u (i32.const 0x1010)) (local.get $port))))
            (i32.const 0)
            """, """(data (i32.const 0x100) "six")""");
        var (status, stdout) = Runner.Capture(wat, Allow);
        Assert.Equal(0, status);
        Assert.Equal($"0 0 0 1 1:{E(Network.ErrorCode.AddressFamilyMismatch)} 0 0 1:{E(Network.ErrorCode.AlreadyBound)} 0 1 1 0 0 six 1 1", stdout);
    }

    [Fact]
    public void Tcp_connect_to_a_closed_port_is_refused()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var wat = Guest($$"""
            (local $net i32) (local $sock i32)
            (local.set $net (call $instance_network))
            (call $create_tcp (i32.const 0) (i32.const 0x1000))
            (local.set $sock (i32.load (i32.const 0x1004)))
            (call $tcp_start_connect (local.get $sock) (local.get $net) {{Loopback("(i32.const 0)")}} (i32.const 0x1000)) (call $res (i32.const 1))
            (call $tcp_start_connect (local.get $sock) (local.get $net) {{Loopback($"(i32.const {port})")}} (i32.const 0x1000)) (call $res (i32.const 1))
            (call $wait (call $tcp_subscribe (local.get $sock)))
            (call $tcp_finish_connect (local.get $sock) (i32.const 0x1000)) (call $res (i32.const 4))
            (call $tcp_finish_connect (local.get $sock) (i32.const 0x1000)) (call $res (i32.const 4))
            (i32.const 0)
            """);
        var (status, stdout) = Runner.Capture(wat, Allow);
        Assert.Equal(0, status);
        Assert.Equal($"1:{E(Network.ErrorCode.InvalidRemoteAddress)} 0 1:{E(Network.ErrorCode.ConnectionRefused)} 1:{E(Network.ErrorCode.NotInProgress)} ", stdout);
    }

    [Fact]
    public void Name_lookup_of_localhost_yields_loopback_addresses()
    {
        // Prints "4:a.b.c.d " or "6:w0 " for each address, then "end"; an IP address is an invalid name.
        var wat = Guest("""
            (local $net i32) (local $stream i32)
            (local.set $net (call $instance_network))
            (call $resolve (local.get $net) (i32.const 0x110) (i32.const 9) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0x1000)) (call $res (i32.const 4))
            (call $resolve (local.get $net) (i32.const 0x100) (i32.const 9) (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 0x1000)) (call $res (i32.const 4))
            (local.set $stream (i32.load (i32.const 0x1004)))
            (call $wait (call $resolve_subscribe (local.get $stream)))
            (block $done
              (loop $next
                (call $resolve_next (local.get $stream) (i32.const 0x1000))
                (if (i32.load8_u (i32.const 0x1000)) (then (call $res (i32.const 2)) (br $done)))
                (br_if $done (i32.eqz (i32.load8_u (i32.const 0x1002))))
                (if (i32.eqz (i32.load8_u (i32.const 0x1004)))
                  (then
                    (call $print_char (i32.const 52)) (call $print_char (i32.const 58))
                    (call $print_u64 (i64.extend_i32_u (i32.load8_u (i32.const 0x1006)))) (call $print_char (i32.const 46))
                    (call $print_u64 (i64.extend_i32_u (i32.load8_u (i32.const 0x1007)))) (call $print_char (i32.const 46))
                    (call $print_u64 (i64.extend_i32_u (i32.load8_u (i32.const 0x1008)))) (call $print_char (i32.const 46))
                    (call $print_u64 (i64.extend_i32_u (i32.load8_u (i32.const 0x1009)))))
                  (else
                    (call $print_char (i32.const 54)) (call $print_char (i32.const 58))
                    (call $print_u64 (i64.extend_i32_u (i32.load16_u (i32.const 0x1014))))))
                (call $print_char (i32.const 32))
                (br $next)))
            (call $print (i32.const 0x120) (i32.const 3))
            (call $resolve_drop (local.get $stream))
            (i32.const 0)
            """, """(data (i32.const 0x100) "localhost") (data (i32.const 0x110) "127.0.0.1") (data (i32.const 0x120) "end")""");
        var (status, stdout) = Runner.Capture(wat, Allow);
        Assert.Equal(0, status);
        Assert.StartsWith($"1:{E(Network.ErrorCode.InvalidName)} 0 ", stdout);
        Assert.EndsWith(" end", stdout);
        Assert.True(stdout.Contains("4:127.0.0.1 ") || stdout.Contains("6:1 "), stdout);
    }

    [Fact]
    public void With_the_policy_off_everything_is_access_denied()
    {
        var wat = Guest("""
            (local $net i32)
            (local.set $net (call $instance_network))
            (call $create_tcp (i32.const 0) (i32.const 0x1000)) (call $res (i32.const 4))
            (call $create_udp (i32.const 1) (i32.const 0x1000)) (call $res (i32.const 4))
            (call $resolve (local.get $net) (i32.const 0x100) (i32.const 9) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0x1000)) (call $res (i32.const 4))
            (i32.const 0)
            """, """(data (i32.const 0x100) "localhost")""");
        var (status, stdout) = Runner.Capture(wat);
        Assert.Equal(0, status);
        var denied = E(Network.ErrorCode.AccessDenied);
        Assert.Equal($"1:{denied} 1:{denied} 1:{denied} ", stdout);
    }

    [Fact]
    public void The_address_check_can_refuse_a_connect()
    {
        var seen = new System.Collections.Generic.List<(IPEndPoint, SocketAddressUse)>();
        var wat = Guest($$"""
            (local $net i32) (local $sock i32)
            (local.set $net (call $instance_network))
            (call $create_tcp (i32.const 0) (i32.const 0x1000))
            (local.set $sock (i32.load (i32.const 0x1004)))
            (call $tcp_start_bind (local.get $sock) (local.get $net) {{Loopback("(i32.const 0)")}} (i32.const 0x1000)) (call $res (i32.const 1))
            (call $tcp_finish_bind (local.get $sock) (i32.const 0x1000)) (call $res (i32.const 1))
            (call $tcp_start_connect (local.get $sock) (local.get $net) {{Loopback("(i32.const 9)")}} (i32.const 0x1000)) (call $res (i32.const 1))
            (call $tcp_finish_connect (local.get $sock) (i32.const 0x1000)) (call $res (i32.const 4))
            (i32.const 0)
            """);
        var (status, stdout) = Runner.Capture(wat, b => b.AllowTcp().SocketAddressCheck((endpoint, use) =>
        {
            seen.Add((endpoint, use));
            return use != SocketAddressUse.TcpConnect;
        }));
        Assert.Equal(0, status);
        Assert.Equal($"0 0 1:{E(Network.ErrorCode.AccessDenied)} 1:{E(Network.ErrorCode.NotInProgress)} ", stdout);
        Assert.Equal(new[] { (new IPEndPoint(IPAddress.Loopback, 0), SocketAddressUse.TcpBind), (new IPEndPoint(IPAddress.Loopback, 9), SocketAddressUse.TcpConnect) }, seen);
    }

    [Fact]
    public void Tcp_options_round_trip()
    {
        // Each getter prints its value after the result's tag ("0=1 "); buffer sizes print whether they are non-zero.
        var wat = Guest("""
            (local $sock i32)
            (call $create_tcp (i32.const 0) (i32.const 0x1000))
            (local.set $sock (i32.load (i32.const 0x1004)))
            (call $print_u64 (i64.extend_i32_u (call $tcp_address_family (local.get $sock)))) (call $print_char (i32.const 32))
            (call $tcp_ipv6_only (local.get $sock) (i32.const 0x1000)) (call $res (i32.const 1))
            (call $tcp_set_keep_alive (local.get $sock) (i32.const 1) (i32.const 0x1000)) (call $res (i32.const 1))
            (call $tcp_keep_alive (local.get $sock) (i32.const 0x1000)) (call $res (i32.const 1))
            (call $print_u64 (i64.extend_i32_u (i32.load8_u (i32.const 0x1001)))) (call $print_char (i32.const 32))
            (call $tcp_set_no_delay (local.get $sock) (i32.const 1) (i32.const 0x1000)) (call $res (i32.const 1))
            (call $tcp_no_delay (local.get $sock) (i32.const 0x1000)) (call $res (i32.const 1))
            (call $print_u64 (i64.extend_i32_u (i32.load8_u (i32.const 0x1001)))) (call $print_char (i32.const 32))
            (call $tcp_set_hop_limit (local.get $sock) (i32.const 42) (i32.const 0x1000)) (call $res (i32.const 1))
            (call $tcp_hop_limit (local.get $sock) (i32.const 0x1000)) (call $res (i32.const 1))
            (call $print_u64 (i64.extend_i32_u (i32.load8_u (i32.const 0x1001)))) (call $print_char (i32.const 32))
            (call $tcp_set_receive_buffer (local.get $sock) (i64.const 65536) (i32.const 0x1000)) (call $res (i32.const 1))
            (call $tcp_receive_buffer (local.get $sock) (i32.const 0x1000)) (call $res (i32.const 8))
            (call $print_u64 (i64.extend_i32_u (i64.ge_u (i64.load (i32.const 0x1008)) (i64.const 65536)))) (call $print_char (i32.const 32))
            (call $tcp_remote_address (local.get $sock) (i32.const 0x1000)) (call $res (i32.const 4))
            (call $tcp_shutdown (local.get $sock) (i32.const 2) (i32.const 0x1000)) (call $res (i32.const 1))
            (call $tcp_drop (local.get $sock))
            (i32.const 0)
            """);
        var (status, stdout) = Runner.Capture(wat, Allow);
        Assert.Equal(0, status);
        Assert.Equal(
            $"0 1:{E(Network.ErrorCode.Ipv6OnlyOperation)} 0 0 1 0 0 1 0 0 42 0 0 1 1:{E(Network.ErrorCode.NotConnected)} 1:{E(Network.ErrorCode.NotConnected)} ",
            stdout);
    }

    [Fact]
    public void Bad_socket_handles_trap_naming_the_function_and_the_handle()
    {
        var dropped = Guest("""
            (local $sock i32)
            (call $create_tcp (i32.const 0) (i32.const 0x1000))
            (local.set $sock (i32.load (i32.const 0x1004)))
            (call $tcp_drop (local.get $sock))
            (call $tcp_finish_bind (local.get $sock) (i32.const 0x1000))
            (i32.const 0)
            """);
        using (var context = BuildAllowed())
        {
            var trap = Runner.Trap(() => Runner.Run(dropped, context));
            Assert.Matches(@"^tcp\.finish-bind: handle \d+ is not a tcp-socket: it was dropped$", trap.Message);
        }
        using (var context = BuildAllowed())
        {
            var trap = Runner.Trap(() => Runner.Run(Guest("(call $udp_receive (i32.const 1) (i32.const 0x1000)) (i32.const 0)"), context));
            // (HandleTable's article rule says "an udp-socket" today; either article passes.)
            Assert.Matches(@"^udp\.receive: handle 1 is not an? udp-socket: it is an output-stream$", trap.Message);
        }
        using (var context = BuildAllowed())
        {
            var trap = Runner.Trap(() => Runner.Run(Guest("(call $tcp_drop (i32.const 77)) (i32.const 0)"), context));
            Assert.Equal("tcp.drop-tcp-socket: handle 77 is not a tcp-socket: no such handle was ever issued", trap.Message);
        }
        using (var context = BuildAllowed())
        {
            var wat = Guest($$"""
                (call $create_tcp (i32.const 0) (i32.const 0x1000))
                (call $tcp_start_bind (i32.load (i32.const 0x1004)) (i32.const 2) {{Loopback("(i32.const 0)")}} (i32.const 0x1000))
                (i32.const 0)
                """);
            var trap = Runner.Trap(() => Runner.Run(wat, context));
            Assert.Equal("tcp.start-bind: handle 2 is not a network: it is an output-stream", trap.Message);
        }
    }

    [Fact]
    public void Socket_addresses_convert_both_ways()
    {
        var v6 = new IPEndPoint(IPAddress.Parse("2001:db8::1:2%3"), 8080);
        var wit = Assert.IsType<Network.IpSocketAddress.Ipv6>(SocketAddresses.FromEndPoint(v6));
        Assert.Equal(((ushort)0x2001, (ushort)0xdb8, (ushort)0, (ushort)0, (ushort)0, (ushort)0, (ushort)1, (ushort)2), wit.Value.Address);
        Assert.Equal((ushort)8080, wit.Value.Port);
        Assert.Equal(3u, wit.Value.ScopeId);
        Assert.Equal(v6, SocketAddresses.ToEndPoint(wit));
        var v4 = new IPEndPoint(IPAddress.Parse("192.0.2.7"), 65535);
        var wit4 = Assert.IsType<Network.IpSocketAddress.Ipv4>(SocketAddresses.FromEndPoint(v4));
        Assert.Equal(((byte)192, (byte)0, (byte)2, (byte)7), wit4.Value.Address);
        Assert.Equal(v4, SocketAddresses.ToEndPoint(wit4));
        Assert.Equal(new Network.IpAddress.Ipv4((127, 0, 0, 1)), SocketAddresses.FromAddress(IPAddress.Loopback));
    }

    [Theory]
    [InlineData("localhost", "localhost")]
    [InlineData("example.com.", "example.com")]
    [InlineData("b\u00fccher.example", "xn--bcher-kva.example")]
    [InlineData("under_score.test", "under_score.test")]
    [InlineData("127.0.0.1", null)]
    [InlineData("::1", null)]
    [InlineData("[::1]", null)]
    [InlineData("", null)]
    [InlineData("a..b", null)]
    [InlineData("-a.test", null)]
    [InlineData("a b", null)]
    public void Names_are_idna_encoded_and_addresses_are_not_names(string name, string? ascii) =>
        Assert.Equal(ascii, WasiIpNameLookup.Ascii(System.Text.RegularExpressions.Regex.Unescape(name)));

    private static WasiContext BuildAllowed()
    {
        var builder = new WasiContextBuilder();
        Allow(builder);
        return builder.Build();
    }
}
