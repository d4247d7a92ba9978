using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using Consumer.Wasi;
using Wasmtime;
using WitBindgen.Runtime;
using WitBindgen.Runtime.Abi;
using Xunit;

namespace WitBindgen.Consumer.Tests;

/// <summary>The generated import glue of the command world, driven by real guests on Wasmtime.</summary>
public class GlueImportTests
{
    private static CommandHost FullHost() => new()
    {
        WallClock = new FixedClock(DateTimeOffset.UnixEpoch),
        Poll = Unimplemented.Create<IPoll>(),
        MonotonicClock = Unimplemented.Create<IMonotonicClock>(),
        Timezone = Unimplemented.Create<ITimezone>(),
        Streams = new StubStreams(),
        Filesystem = new StubFilesystem(),
        Network = Unimplemented.Create<INetwork>(),
        InstanceNetwork = Unimplemented.Create<IInstanceNetwork>(),
        IpNameLookup = Unimplemented.Create<IIpNameLookup>(),
        Tcp = Unimplemented.Create<ITcp>(),
        TcpCreateSocket = Unimplemented.Create<ITcpCreateSocket>(),
        Udp = Unimplemented.Create<IUdp>(),
        UdpCreateSocket = Unimplemented.Create<IUdpCreateSocket>(),
        Random = Unimplemented.Create<IRandom>(),
        InsecureRandom = Unimplemented.Create<IInsecureRandom>(),
        InsecureRandomSeed = Unimplemented.Create<IInsecureRandomSeed>(),
        Environment = Unimplemented.Create<IEnvironment>(),
        EnvironmentPreopens = Unimplemented.Create<IEnvironmentPreopens>(),
        Exit = Unimplemented.Create<IExit>(),
        Stdin = Unimplemented.Create<IStdin>(),
        Stdout = Unimplemented.Create<IStdout>(),
        Stderr = Unimplemented.Create<IStderr>(),
    };

    [Fact]
    public void The_era_s_own_dummy_guest_links_against_exactly_the_127_generated_imports()
    {
        // jco 0.7.0 (wit-component 0.9.0) made this module from wit/: it imports what any guest of the world imports.
        var path = Guest.RepositoryFile("tests/jco/out/command-dummy.wasm");
        Assert.True(File.Exists(path), $"{path} is made by scripts/test.sh (tests/jco); run it first");
        using var engine = new Engine();
        using var module = Module.FromFile(engine, path);
        var imports = module.Imports.Select(i => $"{i.ModuleName}.{i.Name}").ToList();
        var expected = File.ReadAllLines(Guest.RepositoryFile("tests/jco/core-abi.expected.txt"))
            .Where(l => l.Length > 0).Select(l => l.Substring(0, l.IndexOf(' '))).ToList();
        Assert.Equal(127, expected.Count);
        Assert.Equal(expected, imports);

        using var store = new Store(engine);
        using var linker = new Linker(engine);
        var context = new GuestContext();
        FullHost().AddToLinker(linker, context);
        // Wasmtime checks every import's name and core signature against what the glue defined.
        var instance = linker.Instantiate(store, module);
        Assert.NotNull(instance.GetFunction("run#run"));
    }

    [Fact]
    public void A_host_missing_an_implementation_says_which()
    {
        var host = FullHost();
        host.Tcp = null;
        host.Stdout = null;
        using var engine = new Engine();
        using var linker = new Linker(engine);
        var ex = Assert.Throws<InvalidOperationException>(() => host.AddToLinker(linker, new GuestContext()));
        Assert.Contains("tcp, stdout", ex.Message);
    }

    [Fact]
    public void Wall_clock_now_is_stored_at_the_guest_s_return_pointer()
    {
        const string wat = $$"""
            (module
              (import "wall-clock" "now" (func $now (param i32)))
              {{Guest.Prelude}}
              (func (export "seconds") (result i64) (call $now (i32.const 256)) (i64.load (i32.const 256)))
              (func (export "nanos") (result i32) (i32.load (i32.const 264))))
            """;
        using var guest = new Guest(wat, (linker, context) =>
            WallClock.AddToLinker(linker, new FixedClock(new DateTimeOffset(2023, 5, 18, 0, 0, 1, 250, TimeSpan.Zero)), context));
        Assert.Equal(1684368001L, guest.Instance.GetFunction<long>("seconds")!());
        Assert.Equal(250_000_000, guest.Instance.GetFunction<int>("nanos")!());
    }

    private sealed class RecordingStreams : StubStreams
    {
        public List<(uint Stream, byte[] Bytes, bool SameMemory)> Writes { get; } = new();
        public IntPtr GuestBase { get; set; }
        public Func<uint, ulong, Result<(ReadOnlyMemory<byte>, bool), Streams.StreamError>>? OnRead { get; set; }
        public Exception? Throw { get; set; }

        public override Result<ulong, Streams.StreamError> Write(uint @this, ReadOnlySpan<byte> buf)
        {
            if (Throw is { } ex) throw ex;
            unsafe
            {
                fixed (byte* p = buf)
                {
                    Writes.Add((@this, buf.ToArray(), (IntPtr)p == GuestBase + 0x200));
                }
            }
            return Result.Ok((ulong)buf.Length);
        }

        public override Result<(ReadOnlyMemory<byte>, bool), Streams.StreamError> Read(uint @this, ulong len) =>
            OnRead is { } read ? read(@this, len) : throw new NotSupportedException();
    }

    private const string StreamsGuest = $$"""
        (module
          (import "streams" "write" (func $write (param i32 i32 i32 i32)))
          (import "streams" "read" (func $read (param i32 i64 i32)))
          {{Guest.Prelude}}
          (data (i32.const 0x200) "hello")
          (func (export "write") (param $stream i32) (param $ptr i32) (param $len i32) (param $ret i32) (result i64)
            (call $write (local.get $stream) (local.get $ptr) (local.get $len) (local.get $ret))
            (i64.load (i32.add (local.get $ret) (i32.const 8))))
          (func (export "read") (param $len i64) (call $read (i32.const 3) (local.get $len) (i32.const 0x300))))
        """;

    [Fact]
    public void Streams_write_hands_the_implementation_a_span_over_guest_memory_not_a_copy()
    {
        var streams = new RecordingStreams();
        using var guest = new Guest(StreamsGuest, (linker, context) => Streams.AddToLinker(linker, streams, context));
        streams.GuestBase = guest.Memory.GetPointer();
        var written = guest.Instance.GetFunction<int, int, int, int, long>("write")!(7, 0x200, 5, 0x400);
        Assert.Equal(5L, written);
        var (stream, bytes, sameMemory) = Assert.Single(streams.Writes);
        Assert.Equal(7u, stream);
        Assert.Equal("hello", Encoding.ASCII.GetString(bytes));
        Assert.True(sameMemory, "the span should point into guest memory");
        Assert.Equal(0, guest.Memory.ReadByte(0x400)); // ok
    }

    [Fact]
    public void Streams_read_allocates_the_returned_bytes_with_the_guest_s_realloc()
    {
        var streams = new RecordingStreams { OnRead = (s, len) => Result.Ok((new ReadOnlyMemory<byte>(new byte[] { 0xC3, 0xA9, 0x21 }), true)) };
        using var guest = new Guest(StreamsGuest, (linker, context) => Streams.AddToLinker(linker, streams, context));
        guest.Instance.GetAction<long>("read")!(10);
        var memory = guest.Memory;
        Assert.Equal(0, memory.ReadByte(0x300));               // result: ok
        int pointer = memory.ReadInt32(0x304), length = memory.ReadInt32(0x308);
        Assert.Equal(3, length);
        Assert.True(pointer >= 0x8000, "the list lives in memory the guest's cabi_realloc handed out");
        Assert.Equal(new byte[] { 0xC3, 0xA9, 0x21 }, memory.GetSpan(pointer, 3).ToArray());
        Assert.Equal(1, memory.ReadByte(0x30c));               // end of stream: true
    }

    // ---- bad input: a trap with a clear message, and the host carries on ----

    private static WitTrapException Trap(Action call)
    {
        var ex = Assert.ThrowsAny<WasmtimeException>(call);
        return Assert.IsType<WitTrapException>(ex.InnerException);
    }

    [Fact]
    public void A_list_out_of_bounds_traps_naming_the_function()
    {
        var streams = new RecordingStreams();
        using var guest = new Guest(StreamsGuest, (linker, context) => Streams.AddToLinker(linker, streams, context));
        var write = guest.Instance.GetFunction<int, int, int, int, long>("write")!;
        var trap = Trap(() => write(1, unchecked((int)0xFFFFFFF0), 100, 0x400));
        Assert.Equal("streams.write: 100 bytes at 0xfffffff0 are out of bounds of guest memory (65536 bytes)", trap.Message);
        Assert.Empty(streams.Writes);
        // The same instance still works.
        Assert.Equal(5L, write(1, 0x200, 5, 0x400));
    }

    [Fact]
    public void A_misaligned_return_pointer_traps_after_the_implementation_ran_as_canon_lower_checks_it()
    {
        // canon lower stores the results after the callee returned, checking the pointer then (CanonicalABI.md,
        // lower_heap_values): the call happened, its results are not written.
        var streams = new RecordingStreams();
        using var guest = new Guest(StreamsGuest, (linker, context) => Streams.AddToLinker(linker, streams, context));
        var trap = Trap(() => guest.Instance.GetFunction<int, int, int, int, long>("write")!(1, 0x200, 5, 0x403));
        Assert.Equal("streams.write: pointer 0x403 is not aligned to 8", trap.Message);
        Assert.Single(streams.Writes);
    }

    [Fact]
    public void An_implementation_exception_becomes_a_trap_with_its_message()
    {
        var streams = new RecordingStreams { Throw = new IOException("disk on fire") };
        using var guest = new Guest(StreamsGuest, (linker, context) => Streams.AddToLinker(linker, streams, context));
        var trap = Trap(() => guest.Instance.GetFunction<int, int, int, int, long>("write")!(1, 0x200, 5, 0x400));
        Assert.Equal("streams.write: the implementation threw IOException: disk on fire", trap.Message);
        Assert.IsType<IOException>(trap.InnerException);
        streams.Throw = null;
        Assert.Equal(5L, guest.Instance.GetFunction<int, int, int, int, long>("write")!(1, 0x200, 5, 0x400));
    }

    private sealed class Lookup : IIpNameLookup
    {
        public List<(string Name, Network.IpAddressFamily? Family, bool Unavailable)> Calls { get; } = new();
        public Result<uint, Network.ErrorCode> ResolveAddresses(uint network, string name, Network.IpAddressFamily? addressFamily, bool includeUnavailable)
        {
            Calls.Add((name, addressFamily, includeUnavailable));
            return Result.Ok(42u);
        }
        public Result<Network.IpAddress?, Network.ErrorCode> ResolveNextAddress(uint @this) => throw new NotSupportedException();
        public void DropResolveAddressStream(uint @this) => throw new NotSupportedException();
        public uint Subscribe(uint @this) => throw new NotSupportedException();
    }

    private const string LookupGuest = $$"""
        (module
          (import "ip-name-lookup" "resolve-addresses" (func $resolve (param i32 i32 i32 i32 i32 i32 i32)))
          {{Guest.Prelude}}
          (data (i32.const 0x200) "localhost")
          (data (i32.const 0x210) "bad\ff\feutf8")
          (func (export "resolve") (param $ptr i32) (param $len i32) (param $has i32) (param $family i32) (result i32)
            (call $resolve (i32.const 1) (local.get $ptr) (local.get $len) (local.get $has) (local.get $family) (i32.const 1) (i32.const 0x300))
            (i32.load (i32.const 0x304))))
        """;

    [Fact]
    public void Strings_options_enums_and_bools_are_lifted_from_flat_arguments()
    {
        var lookup = new Lookup();
        using var guest = new Guest(LookupGuest, (linker, context) => IpNameLookup.AddToLinker(linker, lookup, context));
        var resolve = guest.Instance.GetFunction<int, int, int, int, int>("resolve")!;
        Assert.Equal(42, resolve(0x200, 9, 1, 1));
        Assert.Equal(42, resolve(0x200, 9, 0, 7)); // none: the payload slot is ignored
        Assert.Equal(("localhost", Network.IpAddressFamily.Ipv6, true), lookup.Calls[0]);
        Assert.Equal(("localhost", (Network.IpAddressFamily?)null, true), lookup.Calls[1]);
    }

    [Fact]
    public void Invalid_utf8_traps()
    {
        var lookup = new Lookup();
        using var guest = new Guest(LookupGuest, (linker, context) => IpNameLookup.AddToLinker(linker, lookup, context));
        var trap = Trap(() => guest.Instance.GetFunction<int, int, int, int, int>("resolve")!(0x210, 9, 0, 0));
        Assert.Equal("ip-name-lookup.resolve-addresses: a string argument is not valid UTF-8 (byte 3 of 9 at 0x210)", trap.Message);
        Assert.Empty(lookup.Calls);
    }

    [Fact]
    public void An_enum_discriminant_out_of_range_traps()
    {
        using var guest = new Guest(LookupGuest, (linker, context) => IpNameLookup.AddToLinker(linker, new Lookup(), context));
        var trap = Trap(() => guest.Instance.GetFunction<int, int, int, int, int>("resolve")!(0x200, 9, 1, 9));
        Assert.Equal("ip-name-lookup.resolve-addresses: discriminant 9 of ip-address-family is out of range (it has 2 cases)", trap.Message);
    }

    [Fact]
    public void An_option_discriminant_out_of_range_traps()
    {
        using var guest = new Guest(LookupGuest, (linker, context) => IpNameLookup.AddToLinker(linker, new Lookup(), context));
        var trap = Trap(() => guest.Instance.GetFunction<int, int, int, int, int>("resolve")!(0x200, 9, 2, 0));
        Assert.Equal("ip-name-lookup.resolve-addresses: discriminant 2 of option is out of range (it has 2 cases)", trap.Message);
    }

    private sealed class Binder : ITcp
    {
        public List<Network.IpSocketAddress> Bound { get; } = new();
        public Network.ErrorCode? Fail { get; set; }

        public Result<Unit, Network.ErrorCode> StartBind(uint @this, uint network, Network.IpSocketAddress localAddress)
        {
            Bound.Add(localAddress);
            return Fail is { } error ? Result.Err(error) : Result.Ok();
        }

        public Result<Unit, Network.ErrorCode> FinishBind(uint @this) => throw new NotSupportedException();
        public Result<Unit, Network.ErrorCode> StartConnect(uint @this, uint network, Network.IpSocketAddress remoteAddress) => throw new NotSupportedException();
        public Result<(uint, uint), Network.ErrorCode> FinishConnect(uint @this) => throw new NotSupportedException();
        public Result<Unit, Network.ErrorCode> StartListen(uint @this, uint network) => throw new NotSupportedException();
        public Result<Unit, Network.ErrorCode> FinishListen(uint @this) => throw new NotSupportedException();
        public Result<(uint, uint, uint), Network.ErrorCode> Accept(uint @this) => throw new NotSupportedException();
        public Result<Network.IpSocketAddress, Network.ErrorCode> LocalAddress(uint @this) => throw new NotSupportedException();
        public Result<Network.IpSocketAddress, Network.ErrorCode> RemoteAddress(uint @this) => throw new NotSupportedException();
        public Network.IpAddressFamily AddressFamily(uint @this) => throw new NotSupportedException();
        public Result<bool, Network.ErrorCode> Ipv6Only(uint @this) => throw new NotSupportedException();
        public Result<Unit, Network.ErrorCode> SetIpv6Only(uint @this, bool value) => throw new NotSupportedException();
        public Result<Unit, Network.ErrorCode> SetListenBacklogSize(uint @this, ulong value) => throw new NotSupportedException();
        public Result<bool, Network.ErrorCode> KeepAlive(uint @this) => throw new NotSupportedException();
        public Result<Unit, Network.ErrorCode> SetKeepAlive(uint @this, bool value) => throw new NotSupportedException();
        public Result<bool, Network.ErrorCode> NoDelay(uint @this) => throw new NotSupportedException();
        public Result<Unit, Network.ErrorCode> SetNoDelay(uint @this, bool value) => throw new NotSupportedException();
        public Result<byte, Network.ErrorCode> UnicastHopLimit(uint @this) => throw new NotSupportedException();
        public Result<Unit, Network.ErrorCode> SetUnicastHopLimit(uint @this, byte value) => throw new NotSupportedException();
        public Result<ulong, Network.ErrorCode> ReceiveBufferSize(uint @this) => throw new NotSupportedException();
        public Result<Unit, Network.ErrorCode> SetReceiveBufferSize(uint @this, ulong value) => throw new NotSupportedException();
        public Result<ulong, Network.ErrorCode> SendBufferSize(uint @this) => throw new NotSupportedException();
        public Result<Unit, Network.ErrorCode> SetSendBufferSize(uint @this, ulong value) => throw new NotSupportedException();
        public uint Subscribe(uint @this) => throw new NotSupportedException();
        public Result<Unit, Network.ErrorCode> Shutdown(uint @this, Tcp.ShutdownType shutdownType) => throw new NotSupportedException();
        public void DropTcpSocket(uint @this) => throw new NotSupportedException();
    }

    private const string BindGuest = $$"""
        (module
          (import "tcp" "start-bind" (func $bind (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)))
          {{Guest.Prelude}}
          (func (export "bind4") (param $disc i32) (result i32)
            (call $bind (i32.const 5) (i32.const 1) (local.get $disc)
              (i32.const 8080) (i32.const 127) (i32.const 0) (i32.const 0) (i32.const 1)
              (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0x300))
            (i32.or (i32.load8_u (i32.const 0x300)) (i32.shl (i32.load8_u (i32.const 0x301)) (i32.const 8))))
          (func (export "bind6") (result i32)
            (call $bind (i32.const 5) (i32.const 1) (i32.const 1)
              (i32.const 443) (i32.const 7) (i32.const 0xfe80) (i32.const 0) (i32.const 0) (i32.const 0)
              (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 9) (i32.const 0x300))
            (i32.load8_u (i32.const 0x300))))
        """;

    [Fact]
    public void A_variant_of_records_of_tuples_is_lifted_from_fifteen_flat_arguments()
    {
        var tcp = new Binder();
        using var guest = new Guest(BindGuest, (linker, context) => Tcp.AddToLinker(linker, tcp, context));
        Assert.Equal(0, guest.Instance.GetFunction<int, int>("bind4")!(0));
        Assert.Equal(0, guest.Instance.GetFunction<int>("bind6")!());
        var v4 = Assert.IsType<Network.IpSocketAddress.Ipv4>(tcp.Bound[0]);
        Assert.Equal(new Network.Ipv4SocketAddress(8080, (127, 0, 0, 1)), v4.Value);
        var v6 = Assert.IsType<Network.IpSocketAddress.Ipv6>(tcp.Bound[1]);
        Assert.Equal(new Network.Ipv6SocketAddress(443, 7, (0xfe80, 0, 0, 0, 0, 0, 0, 1), 9), v6.Value);
    }

    [Fact]
    public void An_error_result_is_lowered_with_its_enum_payload()
    {
        var tcp = new Binder { Fail = Network.ErrorCode.AddressInUse };
        using var guest = new Guest(BindGuest, (linker, context) => Tcp.AddToLinker(linker, tcp, context));
        var word = guest.Instance.GetFunction<int, int>("bind4")!(0);
        Assert.Equal(1, word & 0xff);
        Assert.Equal((int)Network.ErrorCode.AddressInUse, word >> 8);
    }

    [Fact]
    public void A_variant_discriminant_out_of_range_traps()
    {
        var tcp = new Binder();
        using var guest = new Guest(BindGuest, (linker, context) => Tcp.AddToLinker(linker, tcp, context));
        var trap = Trap(() => guest.Instance.GetFunction<int, int>("bind4")!(7));
        Assert.Equal("tcp.start-bind: discriminant 7 of ip-socket-address is out of range (it has 2 cases)", trap.Message);
        Assert.Empty(tcp.Bound);
    }

    [Fact]
    public void An_implementation_returning_an_undefined_enum_value_traps()
    {
        var tcp = new Binder { Fail = (Network.ErrorCode)200 };
        using var guest = new Guest(BindGuest, (linker, context) => Tcp.AddToLinker(linker, tcp, context));
        var trap = Trap(() => guest.Instance.GetFunction<int, int>("bind4")!(0));
        Assert.Equal("tcp.start-bind: 200 is not a case of error-code (it has 32 cases)", trap.Message);
    }

    private sealed class Exiter : IExit
    {
        public void Exit(Result<Unit, Unit> status) => throw new GuestExitException(status.IsOk ? 0 : 1);
    }

    [Fact]
    public void An_exit_passes_through_the_glue_unchanged()
    {
        const string wat = $$"""
            (module
              (import "exit" "exit" (func $exit (param i32)))
              {{Guest.Prelude}}
              (func (export "quit") (param i32) (call $exit (local.get 0)) unreachable))
            """;
        using var guest = new Guest(wat, (linker, context) => Exit.AddToLinker(linker, new Exiter(), context));
        var ex = Assert.ThrowsAny<WasmtimeException>(() => guest.Instance.GetAction<int>("quit")!(1));
        Assert.Equal(1, Assert.IsType<GuestExitException>(ex.InnerException).Status);
    }

    [Fact]
    public void A_call_before_the_context_is_bound_traps_with_advice()
    {
        const string wat = $$"""
            (module
              (import "wall-clock" "now" (func $now (param i32)))
              {{Guest.Prelude}}
              (func (export "now") (call $now (i32.const 256))))
            """;
        using var engine = new Engine();
        using var store = new Store(engine);
        using var linker = new Linker(engine);
        WallClock.AddToLinker(linker, new FixedClock(DateTimeOffset.UnixEpoch), new GuestContext());
        using var module = Module.FromText(engine, "guest", wat);
        var instance = linker.Instantiate(store, module);
        var trap = Trap(() => instance.GetAction("now")!());
        Assert.Contains("not bound", trap.Message);
    }

    [Fact]
    public void The_run_export_is_called_through_its_wrapper()
    {
        const string wat = $$"""
            (module
              {{Guest.Prelude}}
              (global $status (mut i32) (i32.const 0))
              (func (export "set") (param i32) (global.set $status (local.get 0)))
              (func (export "run#run") (result i32) (global.get $status)))
            """;
        using var guest = new Guest(wat, (_, _) => { });
        var run = new RunExports(guest.Instance, guest.Context);
        Assert.True(run.Run().IsOk);
        guest.Instance.GetAction<int>("set")!(1);
        Assert.False(run.Run().IsOk);
        guest.Instance.GetAction<int>("set")!(2);
        var trap = Assert.Throws<WitTrapException>(() => run.Run());
        Assert.Equal("run#run: discriminant 2 of result is out of range (it has 2 cases)", trap.Message);
    }

    [Fact]
    public void A_guest_without_the_export_is_refused_with_its_name_and_signature()
    {
        using var guest = new Guest($"(module {Guest.Prelude})", (_, _) => { });
        var ex = Assert.Throws<InvalidOperationException>(() => new RunExports(guest.Instance, guest.Context));
        Assert.Equal("the guest does not export 'run#run' as () -> i32", ex.Message);
    }

    [Fact]
    public void A_guest_that_imports_its_memory_and_names_its_realloc_cabi_import_realloc()
    {
        // As the preview-1 adapter does: memory comes from elsewhere, and import glue must allocate with
        // cabi_import_realloc, not cabi_realloc.
        const string wat = """
            (module
              (import "env" "memory" (memory 1))
              (import "streams" "read" (func $read (param i32 i64 i32)))
              (global $bump (mut i32) (i32.const 0x9000))
              (func (export "cabi_import_realloc") (param i32 i32 i32 i32) (result i32)
                (local $p i32) (local.set $p (global.get $bump))
                (global.set $bump (i32.add (local.get $p) (local.get 3))) (local.get $p))
              (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) unreachable)
              (func (export "read") (call $read (i32.const 3) (i64.const 10) (i32.const 0x300))))
            """;
        using var engine = new Engine();
        using var store = new Store(engine);
        using var linker = new Linker(engine);
        var memory = new Memory(store, 1);
        linker.Define("env", "memory", memory);
        var context = new GuestContext();
        var streams = new RecordingStreams { OnRead = (s, len) => Result.Ok((new ReadOnlyMemory<byte>(new byte[] { 1, 2, 3 }), false)) };
        Streams.AddToLinker(linker, streams, context);
        using var module = Wasmtime.Module.FromText(engine, "adapter-like", wat);
        var instance = linker.Instantiate(store, module);
        context.Bind(memory, instance.GetFunction<int, int, int, int, int>("cabi_import_realloc"));
        instance.GetAction("read")!();
        Assert.Equal(0x9000, memory.ReadInt32(0x304));
        Assert.Equal(new byte[] { 1, 2, 3 }, memory.GetSpan(0x9000, 3).ToArray());
    }

    [Fact]
    public void A_realloc_that_returns_a_misaligned_or_out_of_bounds_pointer_traps()
    {
        foreach (var (answer, message) in new[]
        {
            ("(i32.const 0xfff0)", "streams.read: the guest's realloc returned 0xfff0, whose 64 bytes lie outside its memory"),
        })
        {
            var wat = $$"""
                (module
                  (import "streams" "read" (func $read (param i32 i64 i32)))
                  (memory (export "memory") 1)
                  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) {{answer}})
                  (func (export "read") (call $read (i32.const 3) (i64.const 64) (i32.const 0x300))))
                """;
            var streams = new RecordingStreams { OnRead = (s, len) => Result.Ok((new ReadOnlyMemory<byte>(new byte[len]), false)) };
            using var guest = new Guest(wat, (linker, context) => Streams.AddToLinker(linker, streams, context));
            Assert.Equal(message, Trap(() => guest.Instance.GetAction("read")!()).Message);
        }
    }
}
