using System;
using Consumer.Wasi;
using Wasmtime;
using WitBindgen.Runtime;
using WitBindgen.Runtime.Abi;
using Xunit;

namespace WitBindgen.Consumer.Tests;

/// <summary>
/// The generated <c>AddToLinker&lt;TData&gt;</c> overloads: one linker, defined once, serving several stores, each call
/// reaching the implementation its own store's data selects and lifting from that store's guest memory.
/// </summary>
public class SharedLinkerTests
{
    private sealed class TenantData(IWallClock clock, IStreams streams) : IGuestStoreData
    {
        public IWallClock Clock { get; } = clock;
        public IStreams Streams { get; } = streams;
        public GuestContext Guest { get; } = new();
    }

    private sealed class CountingStreams : StubStreams
    {
        public string Written { get; private set; } = "";

        public override Result<ulong, Streams.StreamError> Write(uint @this, ReadOnlySpan<byte> buf)
        {
            Written += System.Text.Encoding.UTF8.GetString(buf);
            return Result.Ok((ulong)buf.Length);
        }
    }

    private const string Wat = $$"""
        (module
          (import "wall-clock" "now" (func $now (param i32)))
          (import "streams" "write" (func $write (param i32 i32 i32 i32)))
          {{Guest.Prelude}}
          (func (export "seconds") (result i64) (call $now (i32.const 256)) (i64.load (i32.const 256)))
          (func (export "say") (param $ptr i32) (param $len i32) (call $write (i32.const 1) (local.get $ptr) (local.get $len) (i32.const 0x400))))
        """;

    /// <summary>wall-clock and streams, defined once for every store holding a <see cref="TenantData"/>.</summary>
    private static Linker SharedLinker(Engine engine)
    {
        var linker = new Linker(engine);
        WallClock.AddToLinker<TenantData>(linker, data => data.Clock);
        global::Consumer.Wasi.Streams.AddToLinker<TenantData>(linker, data => data.Streams);
        return linker;
    }

    [Fact]
    public void One_linker_serves_stores_with_different_implementations()
    {
        using var engine = new Engine();
        using var linker = SharedLinker(engine);
        using var module = Module.FromText(engine, "tenant", Wat);

        var a = new TenantData(new FixedClock(DateTimeOffset.FromUnixTimeSeconds(1000)), new CountingStreams());
        var b = new TenantData(new FixedClock(DateTimeOffset.FromUnixTimeSeconds(2000)), new CountingStreams());
        using var storeA = new Store(engine, a);
        using var storeB = new Store(engine, b);
        var instanceA = linker.Instantiate(storeA, module);
        var instanceB = linker.Instantiate(storeB, module);
        a.Guest.Bind(instanceA);
        b.Guest.Bind(instanceB);

        instanceB.GetMemory("memory")!.WriteString(0x200, "from b");
        instanceA.GetMemory("memory")!.WriteString(0x200, "from a");
        Assert.Equal(2000L, instanceB.GetFunction<long>("seconds")!());
        Assert.Equal(1000L, instanceA.GetFunction<long>("seconds")!());
        instanceB.GetAction<int, int>("say")!(0x200, 6);
        instanceA.GetAction<int, int>("say")!(0x200, 6);
        Assert.Equal("from a", ((CountingStreams)a.Streams).Written);
        Assert.Equal("from b", ((CountingStreams)b.Streams).Written);
    }

    [Fact]
    public void A_store_with_other_data_traps_naming_the_function_and_the_type()
    {
        using var engine = new Engine();
        using var linker = SharedLinker(engine);
        using var module = Module.FromText(engine, "tenant", Wat);
        using var store = new Store(engine, "not tenant data");
        var instance = linker.Instantiate(store, module);
        var ex = Assert.ThrowsAny<WasmtimeException>(() => instance.GetFunction<long>("seconds")!());
        var trap = Assert.IsType<WitTrapException>(ex.InnerException);
        Assert.Equal("wall-clock.now: the store's data is not a TenantData (a linker shared by stores needs it: create the store with it)", trap.Message);
    }
}
