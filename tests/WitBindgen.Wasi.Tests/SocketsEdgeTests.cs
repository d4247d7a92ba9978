using System;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using Xunit;
using static WitBindgen.Wasi.Tests.SocketsTests;

namespace WitBindgen.Wasi.Tests;

/// <summary>Socket paths beyond <see cref="SocketsTests"/>: TCP over [::1], a peer that never reads, and lookups that fail.</summary>
public class SocketsEdgeTests
{
    private const string MoreImports = """
          (import "streams" "write" (func $write (param i32 i32 i32 i32)))
          (import "tcp" "set-send-buffer-size" (func $tcp_set_send_buffer (param i32 i64 i32)))
        """;

    /// <summary>The flat words and scope id of ::1 (to follow a port and a flow-info).</summary>
    private const string V6Loopback = "(i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 0)";

    private static string Guest(string run, string data = "") => Wat.Command(Imports + MoreImports, run, Helpers + data);

    /// <summary>True if a .NET socket can bind to [::1] here.</summary>
    private static bool HasIpv6Loopback()
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    [Fact]
    public async Task Tcp_over_ipv6_loopback_connects_and_echoes()
    {
        if (!HasIpv6Loopback()) return; // nothing to connect to on a host without [::1] (as in Udp_over_ipv6_loopback_sends_to_itself)
        using var listener = Listen(IPAddress.IPv6Loopback, out var port);
        var server = EchoOnce(listener, 6);
        var wat = Guest($$"""
            {{OpenTcp(1)}}
            (call $print_u64 (i64.extend_i32_u (call $tcp_address_family (local.get $sock)))) (call $print_char (i32.const 32))
            (call $tcp_start_connect (local.get $sock) (local.get $net) {{Loopback($"(i32.const {port})")}} (i32.const 0x1000)) (call $res (i32.const 1))
            (call $tcp_start_connect (local.get $sock) (local.get $net) (i32.const 1) (i32.const {{port}}) (i32.const 0) {{V6Loopback}} (i32.const 0x1000)) (call $res (i32.const 1))
            (call $wait (call $tcp_subscribe (local.get $sock)))
            (call $tcp_finish_connect (local.get $sock) (i32.const 0x1000)) (call $res (i32.const 4))
            (local.set $in (i32.load (i32.const 0x1004)))
            (local.set $out (i32.load (i32.const 0x1008)))
            ;; remote-address: the ipv6 tag, the port, the last word of ::1
            (call $tcp_remote_address (local.get $sock) (i32.const 0x1000)) (call $res (i32.const 4))
            (call $print_u64 (i64.extend_i32_u (i32.load8_u (i32.const 0x1004)))) (call $print_char (i32.const 32))
            (call $print_u64 (i64.extend_i32_u (i32.load16_u (i32.const 0x1008)))) (call $print_char (i32.const 32))
            (call $print_u64 (i64.extend_i32_u (i32.load16_u (i32.const 0x101e)))) (call $print_char (i32.const 32))
            ;; local-address: ipv6, ::1, an ephemeral port
            (call $tcp_local_address (local.get $sock) (i32.const 0x1000)) (call $res (i32.const 4))
            (call $print_u64 (i64.extend_i32_u (i32.load8_u (i32.const 0x1004)))) (call $print_char (i32.const 32))
            (call $print_u64 (i64.extend_i32_u (i32.load16_u (i32.const 0x101e)))) (call $print_char (i32.const 32))
            (call $print_u64 (i64.extend_i32_u (i32.ne (i32.load16_u (i32.const 0x1008)) (i32.const 0)))) (call $print_char (i32.const 32))
            {{EchoAndClose(6)}}
            (i32.const 0)
            """, """(data (i32.const 0x100) "hello6")""");
        var (status, stdout) = Runner.Capture(wat, Allow);
        Assert.Equal(0, status);
        var (echoed, rest, peer) = await server.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(("hello6", 0), (echoed, rest));
        Assert.Equal(IPAddress.IPv6Loopback, peer);
        Assert.Equal($"0 1 1:{E(Network.ErrorCode.AddressFamilyMismatch)} 0 0 0 1 {port} 1 0 1 1 1 0 6 0 hello6 0 ", stdout);
    }

    [Fact]
    public async Task Tcp_write_to_a_peer_that_never_reads_comes_back_short_then_empty_without_blocking()
    {
        // The peer accepts but reads nothing until the guest is done. The guest's non-blocking `write`s of 16 KiB
        // fill the kernel's buffers, then take 0 bytes (the 2023 `write` has no would-block error: a short write is
        // how "not now" is said). It stops at the first 0 and prints "1 " (a 0 came), "1 " (some writes took bytes
        // first) and how many bytes were taken in all; the peer then reads exactly that many.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Server.ReceiveBufferSize = 8192;
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var guestDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var server = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync();
            await guestDone.Task;
            var stream = client.GetStream();
            var buffer = new byte[64 * 1024];
            long total = 0;
            int n;
            while ((n = await stream.ReadAsync(buffer)) > 0) total += n;
            return total;
        });
        var wat = Guest($$"""
            (local $net i32) (local $sock i32) (local $in i32) (local $out i32)
            (local $i i32) (local $n i64) (local $total i64) (local $zero i32)
            (local.set $net (call $instance_network))
            (call $create_tcp (i32.const 0) (i32.const 0x1000))
            (local.set $sock (i32.load (i32.const 0x1004)))
            (call $tcp_set_send_buffer (local.get $sock) (i64.const 16384) (i32.const 0x1000)) (call $res (i32.const 1))
            (call $tcp_start_connect (local.get $sock) (local.get $net) {{Loopback($"(i32.const {port})")}} (i32.const 0x1000)) (call $res (i32.const 1))
            (call $wait (call $tcp_subscribe (local.get $sock)))
            (call $tcp_finish_connect (local.get $sock) (i32.const 0x1000)) (call $res (i32.const 4))
            (local.set $in (i32.load (i32.const 0x1004)))
            (local.set $out (i32.load (i32.const 0x1008)))
            (block $done
              (loop $more
                (br_if $done (i32.ge_u (local.get $i) (i32.const 4096))) ;; 64 MiB: far beyond any loopback buffer
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (call $write (local.get $out) (i32.const 0x2000) (i32.const 0x4000) (i32.const 0x1000))
                (if (i32.load8_u (i32.const 0x1000)) (then (call $print_char (i32.const 69)) (br $done)))
                (local.set $n (i64.load (i32.const 0x1008)))
                (local.set $total (i64.add (local.get $total) (local.get $n)))
                (if (i64.eqz (local.get $n)) (then (local.set $zero (i32.const 1)) (br $done)))
                (br $more)))
            (call $print_u64 (i64.extend_i32_u (local.get $zero))) (call $print_char (i32.const 32))
            (call $print_u64 (i64.extend_i32_u (i32.gt_u (local.get $i) (i32.const 1)))) (call $print_char (i32.const 32))
            (call $print_u64 (local.get $total))
            (call $drop_input (local.get $in))
            (call $drop_output (local.get $out))
            (call $tcp_drop (local.get $sock))
            (call $drop_network (local.get $net))
            (i32.const 0)
            """);
        int status;
        string stdout;
        try
        {
            (status, stdout) = await Task.Run(() => Runner.Capture(wat, Allow)).WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            guestDone.TrySetResult();
        }
        Assert.Equal(0, status);
        Assert.StartsWith("0 0 0 1 1 ", stdout);
        var written = long.Parse(stdout["0 0 0 1 1 ".Length..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(written, 1, 4096L * 0x4000 - 1);
        Assert.Equal(written, await server.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    private const string LookupInvalid = """
        (local $net i32) (local $stream i32)
        (local.set $net (call $instance_network))
        (call $resolve (local.get $net) (i32.const 0x100) (i32.const 19) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0x1000)) (call $res (i32.const 4))
        (if (i32.load8_u (i32.const 0x1000)) (then (return (i32.const 0))))
        (local.set $stream (i32.load (i32.const 0x1004)))
        (call $wait (call $resolve_subscribe (local.get $stream)))
        (call $resolve_next (local.get $stream) (i32.const 0x1000)) (call $res (i32.const 2))
        (call $resolve_next (local.get $stream) (i32.const 0x1000)) (call $res (i32.const 2))
        (call $resolve_drop (local.get $stream))
        (call $drop_network (local.get $net))
        (i32.const 0)
        """;

    private const string InvalidName = """(data (i32.const 0x100) "nonexistent.invalid")""";

    [Fact]
    public void Name_lookup_of_an_unresolvable_name_is_name_unresolvable()
    {
        // resolve-addresses succeeds (the lookup runs in the background); once done, every resolve-next-address
        // reports the resolver's "host not found" as name-unresolvable.
        var (status, stdout) = Runner.Capture(Guest(LookupInvalid, InvalidName), Allow);
        Assert.Equal(0, status);
        var code = E(Network.ErrorCode.NameUnresolvable);
        Assert.Equal($"0 1:{code} 1:{code} ", stdout);
    }

    [Fact]
    public void Name_lookup_without_its_permission_is_access_denied_before_any_lookup()
    {
        // TCP and UDP allowed, name lookup not: resolve-addresses itself fails.
        var (status, stdout) = Runner.Capture(Guest(LookupInvalid, InvalidName), b => b.AllowTcp().AllowUdp());
        Assert.Equal(0, status);
        Assert.Equal($"1:{E(Network.ErrorCode.AccessDenied)} ", stdout);
    }
}
