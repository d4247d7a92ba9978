using System;
using System.IO;
using Xunit;

namespace WitBindgen.Wasi.Tests;

/// <summary>The network policy: off by default, and configurable. (The filesystem and sockets stand-ins these tests covered are gone.)</summary>
public class UnsupportedTests
{
    private const string Imports = """
          (import "filesystem" "get-type" (func $get_type (param i32 i32)))
          (import "filesystem" "open-at" (func $open_at (param i32 i32 i32 i32 i32 i32 i32 i32)))
          (import "filesystem" "read-via-stream" (func $read_via_stream (param i32 i64) (result i32)))
          (import "filesystem" "drop-descriptor" (func $drop_descriptor (param i32)))
          (import "instance-network" "instance-network" (func $instance_network (result i32)))
          (import "network" "drop-network" (func $drop_network (param i32)))
          (import "tcp-create-socket" "create-tcp-socket" (func $create_tcp (param i32 i32)))
          (import "udp-create-socket" "create-udp-socket" (func $create_udp (param i32 i32)))
          (import "ip-name-lookup" "resolve-addresses" (func $resolve (param i32 i32 i32 i32 i32 i32 i32)))
          (import "tcp" "finish-bind" (func $finish_bind (param i32 i32)))
          (import "tcp" "drop-tcp-socket" (func $drop_tcp (param i32)))
        """;

    /// <summary>Prints "tag:error " of a result at 0x1000 whose error byte is at 0x1000 + <paramref name="offset"/>.</summary>
    private static string Result(int offset = 1) => $"""
        (call $print_u64 (i64.extend_i32_u (i32.load8_u (i32.const 0x1000))))
        (call $print_char (i32.const 58))
        (call $print_u64 (i64.extend_i32_u (i32.load8_u (i32.const {0x1000 + offset}))))
        (call $print_char (i32.const 32))
        """;

    [Fact]
    public void The_network_policy_is_off_by_default_and_configurable()
    {
        using (var context = new WasiContextBuilder().Build())
        {
            Assert.False(context.Sockets.Policy.AllowTcp || context.Sockets.Policy.AllowUdp || context.Sockets.Policy.AllowIpNameLookup);
        }
        using var configured = new WasiContextBuilder()
            .AllowTcp()
            .SocketAddressCheck((endpoint, use) => System.Net.IPAddress.IsLoopback(endpoint.Address))
            .Build();
        var policy = configured.Sockets.Policy;
        Assert.True(policy.AllowTcp);
        Assert.False(policy.AllowUdp);
        Assert.True(policy.IsAllowed(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 80), SocketAddressUse.TcpConnect));
        Assert.False(policy.IsAllowed(new System.Net.IPEndPoint(System.Net.IPAddress.Parse("192.0.2.1"), 80), SocketAddressUse.TcpConnect));
        Assert.False(policy.IsAllowed(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 53), SocketAddressUse.UdpConnect));
    }
}
