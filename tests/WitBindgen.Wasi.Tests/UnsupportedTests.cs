using System;
using System.IO;
using Xunit;

namespace WitBindgen.Wasi.Tests;

/// <summary>The stand-ins for what is not implemented yet (filesystem, sockets) answer honestly.</summary>
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
    public void Filesystem_functions_answer_unsupported_for_a_preopen_and_bad_descriptor_otherwise()
    {
        var wat = Wat.Command(Imports, $"""
            (call $get_type (i32.const 4) (i32.const 0x1000)) {Result()}
            (call $open_at (i32.const 4) (i32.const 0) (i32.const 0x100) (i32.const 1) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0x1000)) {Result(4)}
            (call $get_type (i32.const 0) (i32.const 0x1000)) {Result()}
            (call $drop_descriptor (i32.const 4))
            (call $get_type (i32.const 4) (i32.const 0x1000)) {Result()}
            (i32.const 0)
            """, """(data (i32.const 0x100) "a")""");
        var dir = Directory.CreateTempSubdirectory("wasi-");
        try
        {
            var (status, stdout) = Runner.Capture(wat, b => b.Preopen(dir.FullName, "/"));
            Assert.Equal(0, status);
            var unsupported = (int)Filesystem.ErrorCode.Unsupported;
            var bad = (int)Filesystem.ErrorCode.BadDescriptor;
            Assert.Equal($"1:{unsupported} 1:{unsupported} 1:{bad} 1:{bad} ", stdout);
        }
        finally
        {
            dir.Delete();
        }
    }

    [Fact]
    public void Filesystem_functions_without_a_result_trap_saying_so()
    {
        var dir = Directory.CreateTempSubdirectory("wasi-");
        try
        {
            using var context = new WasiContextBuilder().Preopen(dir.FullName, "/").Build();
            var trap = Runner.Trap(() => Runner.Run(Wat.Command(Imports, "(drop (call $read_via_stream (i32.const 4) (i64.const 0))) (i32.const 0)"), context));
            Assert.Equal("filesystem.read-via-stream: the filesystem is not implemented by this host yet", trap.Message);
        }
        finally
        {
            dir.Delete();
        }
    }

    [Fact]
    public void Sockets_answer_not_supported_and_networks_come_and_go()
    {
        var wat = Wat.Command(Imports, $"""
            (local $network i32)
            (local.set $network (call $instance_network))
            (call $create_tcp (i32.const 0) (i32.const 0x1000)) {Result(4)}
            (call $create_udp (i32.const 1) (i32.const 0x1000)) {Result(4)}
            (call $resolve (local.get $network) (i32.const 0x100) (i32.const 9) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0x1000)) {Result(4)}
            (call $finish_bind (i32.const 77) (i32.const 0x1000)) {Result()}
            (call $drop_network (local.get $network))
            (i32.const 0)
            """, """(data (i32.const 0x100) "localhost")""");
        var (status, stdout) = Runner.Capture(wat, b => b.InheritNetwork());
        Assert.Equal(0, status);
        var code = (int)Network.ErrorCode.NotSupported;
        Assert.Equal($"1:{code} 1:{code} 1:{code} 1:{code} ", stdout);
    }

    [Fact]
    public void Socket_functions_without_a_result_trap_saying_so()
    {
        using var context = new WasiContextBuilder().Build();
        var trap = Runner.Trap(() => Runner.Run(Wat.Command(Imports, "(call $drop_tcp (i32.const 5)) (i32.const 0)"), context));
        Assert.Equal("tcp.drop-tcp-socket: handle 5 is not a tcp-socket: this host makes none (sockets are not implemented yet)", trap.Message);
    }

    [Fact]
    public void The_network_policy_is_off_by_default_and_configurable()
    {
        using (var context = new WasiContextBuilder().Build())
        {
            Assert.False(context.Network.AllowTcp || context.Network.AllowUdp || context.Network.AllowIpNameLookup);
        }
        using var configured = new WasiContextBuilder()
            .AllowTcp()
            .SocketAddressCheck((endpoint, use) => System.Net.IPAddress.IsLoopback(endpoint.Address))
            .Build();
        var policy = configured.Network;
        Assert.True(policy.AllowTcp);
        Assert.False(policy.AllowUdp);
        Assert.True(policy.IsAllowed(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 80), SocketAddressUse.TcpConnect));
        Assert.False(policy.IsAllowed(new System.Net.IPEndPoint(System.Net.IPAddress.Parse("192.0.2.1"), 80), SocketAddressUse.TcpConnect));
        Assert.False(policy.IsAllowed(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 53), SocketAddressUse.UdpConnect));
    }
}
