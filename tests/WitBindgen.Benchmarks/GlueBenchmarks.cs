using System;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using Bench;
using Wasmtime;
using Wasmtime.Components;
using WitBindgen.Runtime.Abi;

namespace WitBindgen.Benchmarks;

public static class Program
{
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "idle")
        {
            IdleInstances.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 500);
            return;
        }
        if (args.Length > 0 && args[0] == "exportadd")
        {
            ExportAddCosts.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 200);
            return;
        }
        if (args.Length > 0 && args[0] == "streamcosts")
        {
            StreamCosts.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 30, args.Length > 2 ? args[2] : null);
            return;
        }
        if (args.Length > 0 && args[0] == "shapes")
        {
            DefineShapes.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 30);
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}

/// <summary>
/// One guest, two ways to host it: our generated glue on Wasmtime's core API, and Wasmtime's own component model
/// with generic <see cref="ComponentValue"/>s. The core module is the same in both.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class GlueBenchmarks
{
    private const string Core = """
          (func (export "guest#add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
          (func (export "guest#call-add") (param i32 i32) (result i32) (call $add (local.get 0) (local.get 1)))
          (func (export "guest#call-sum") (param i32) (result i64) (call $sum (i32.const 0x1000) (local.get 0)))
          (func (export "guest#echo") (param i32 i32) (result i32)
            (i32.store (i32.const 0x3000) (local.get 0)) (i32.store (i32.const 0x3004) (local.get 1)) (i32.const 0x3000))
        """;

    /// <summary>The core module both hosts of <see cref="GlueBenchmarks"/> and <see cref="HandWrittenBenchmarks"/> load.</summary>
    internal const string CoreModule = $$"""
        (module
          (import "host" "add" (func $add (param i32 i32) (result i32)))
          (import "host" "sum" (func $sum (param i32 i32) (result i64)))
          (import "host" "inc" (func $inc (param i32) (result i32)))
          (import "host" "name-length" (func $name-length (param i32 i32) (result i32)))
          (import "host" "lookup" (func $lookup (param i32 i32)))
          (memory (export "memory") 1)
          (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 0x2000))
          {{Core}}
          (func (export "guest#loop-inc") (param $n i32) (result i32) (local $acc i32)
            (block $done (loop $next
              (br_if $done (i32.eqz (local.get $n)))
              (local.set $acc (call $inc (local.get $acc)))
              (local.set $n (i32.sub (local.get $n) (i32.const 1)))
              (br $next)))
            (local.get $acc))
          (func (export "guest#loop-name-length") (param $n i32) (result i32) (local $acc i32)
            (block $done (loop $next
              (br_if $done (i32.eqz (local.get $n)))
              (local.set $acc (i32.add (local.get $acc) (call $name-length (i32.const 0x5000) (i32.const 64))))
              (local.set $n (i32.sub (local.get $n) (i32.const 1)))
              (br $next)))
            (local.get $acc))
          (func (export "guest#loop-lookup") (param $n i32) (result i64) (local $acc i64)
            (block $done (loop $next
              (br_if $done (i32.eqz (local.get $n)))
              (local.set $n (i32.sub (local.get $n) (i32.const 1)))
              (call $lookup (local.get $n) (i32.const 0x4000))
              ;; result<u64, miss>: tag at 0, the u64 at 8
              (if (i32.eqz (i32.load8_u (i32.const 0x4000)))
                (then (local.set $acc (i64.add (local.get $acc) (i64.load (i32.const 0x4008))))))
              (br $next)))
            (local.get $acc))
          (data (i32.const 0x5000) "a-name-of-sixty-four-bytes-for-the-string-parameter-benchmark!!!"))
        """;

    private const string ComponentText = $$"""
        (component
          (import "host-add" (func $host-add (param "a" u32) (param "b" u32) (result u32)))
          (import "host-sum" (func $host-sum (param "data" (list u8)) (result u64)))
          (core module $libc
            (memory (export "memory") 1)
            (func (export "realloc") (param i32 i32 i32 i32) (result i32) (i32.const 0x2000)))
          (core instance $libc (instantiate $libc))
          (core func $add-lowered (canon lower (func $host-add)))
          (core func $sum-lowered (canon lower (func $host-sum) (memory (core memory $libc "memory")) (realloc (core func $libc "realloc"))))
          (core module $main
            (import "libc" "memory" (memory 1))
            (import "host" "add" (func $add (param i32 i32) (result i32)))
            (import "host" "sum" (func $sum (param i32 i32) (result i64)))
            {{Core}})
          (core instance $main (instantiate $main
            (with "libc" (instance $libc))
            (with "host" (instance (export "add" (func $add-lowered)) (export "sum" (func $sum-lowered))))))
          (func (export "add") (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $main "guest#add")))
          (func (export "call-add") (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $main "guest#call-add")))
          (func (export "call-sum") (param "n" u32) (result u64) (canon lift (core func $main "guest#call-sum")))
          (func (export "echo") (param "s" string) (result string)
            (canon lift (core func $main "guest#echo") (memory (core memory $libc "memory")) (realloc (core func $libc "realloc")))))
        """;

    internal sealed class HostImpl : IHost
    {
        public uint Add(uint a, uint b) => a + b;

        public uint Inc(uint x) => x + 1;

        public uint NameLength(string name) => (uint)name.Length;

        public Runtime.Result<ulong, Host.Miss> Lookup(uint key) =>
            key % 8 == 7 ? Runtime.Result.Err(new Host.Miss(404, key)) : Runtime.Result.Ok((ulong)key * 3);

        public ulong Sum(ReadOnlySpan<byte> data)
        {
            ulong total = 0;
            foreach (var b in data) total += b;
            return total;
        }
    }

    /// <summary>The data of a store instantiated with the shared linker.</summary>
    private sealed class BenchData : IGuestStoreData
    {
        public GuestContext Guest { get; } = new();
        public IHost Host { get; } = new HostImpl();
    }

    private Engine _engine = null!;
    private Store _store = null!;
    private Linker _linker = null!;
    private GuestExports _ours = null!;
    private Store _sharedStore = null!;
    private Linker _sharedLinker = null!;
    private GuestExports _oursShared = null!;

    private Engine _componentEngine = null!;
    private Store _componentStore = null!;
    private ComponentLinker _componentLinker = null!;
    private ComponentFunction _cAdd = null!, _cCallAdd = null!, _cCallSum = null!, _cEcho = null!;
    private readonly ComponentValue[] _two = { ComponentValue.U32(2), ComponentValue.U32(3) };
    private readonly ComponentValue[] _n = { ComponentValue.U32(256) };
    private readonly ComponentValue[] _text = { ComponentValue.String("hello, world") };

    [GlobalSetup]
    public void Setup()
    {
        _engine = new Engine();
        _store = new Store(_engine);
        _linker = new Linker(_engine);
        var context = new GuestContext();
        Host.AddToLinker(_linker, new HostImpl(), context);
        _sharedLinker = new Linker(_engine);
        Host.AddToLinker<BenchData>(_sharedLinker, data => data.Host);
        var shared = new BenchData();
        _sharedStore = new Store(_engine, shared);
        using (var module = Module.FromText(_engine, "bench", CoreModule))
        {
            var instance = _linker.Instantiate(_store, module);
            _ours = new GuestExports(instance, context);
            _oursShared = new GuestExports(_sharedLinker.Instantiate(_sharedStore, module), shared.Guest);
        }

        _componentEngine = new Engine(new Config().WithComponentModel(true));
        _componentStore = new Store(_componentEngine);
        _componentLinker = new ComponentLinker(_componentEngine);
        using (var root = _componentLinker.Root())
        {
            var host = new HostImpl();
            root.DefineFunction("host-add", (args, results) => results[0] = ComponentValue.U32(host.Add(args[0].AsU32(), args[1].AsU32())));
            root.DefineFunction("host-sum", (args, results) =>
            {
                ulong total = 0;
                foreach (var item in args[0].AsList()) total += item.AsU8();
                results[0] = ComponentValue.U64(total);
            });
        }
        using var component = Component.FromText(_componentEngine, ComponentText);
        var componentInstance = _componentLinker.Instantiate(_componentStore, component);
        _cAdd = componentInstance.GetFunction("add")!;
        _cCallAdd = componentInstance.GetFunction("call-add")!;
        _cCallSum = componentInstance.GetFunction("call-sum")!;
        _cEcho = componentInstance.GetFunction("echo")!;

        // Both ways must agree before they are timed.
        if (_ours.Add(2, 3) != _cAdd.Call(_two)!.AsU32() || _ours.CallAdd(2, 3) != _cCallAdd.Call(_two)!.AsU32()
            || _ours.CallSum(256) != _cCallSum.Call(_n)!.AsU64() || _ours.Echo("hello, world") != _cEcho.Call(_text)!.AsString()
            || _oursShared.CallAdd(2, 3) != 5 || _oursShared.CallSum(256) != _ours.CallSum(256))
            throw new InvalidOperationException("the two hosts disagree");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.Dispose();
        _linker.Dispose();
        _sharedStore.Dispose();
        _sharedLinker.Dispose();
        _engine.Dispose();
        _componentStore.Dispose();
        _componentLinker.Dispose();
        _componentEngine.Dispose();
    }

    [Benchmark(Description = "export add(u32,u32): glue")]
    public uint ExportAdd_Glue() => _ours.Add(2, 3);

    [Benchmark(Description = "export add(u32,u32): component model")]
    public uint ExportAdd_Component() => _cAdd.Call(_two)!.AsU32();

    [Benchmark(Description = "import add via guest: glue")]
    public uint ImportAdd_Glue() => _ours.CallAdd(2, 3);

    [Benchmark(Description = "import add via guest: glue, shared linker")]
    public uint ImportAdd_GlueShared() => _oursShared.CallAdd(2, 3);

    [Benchmark(Description = "import add via guest: component model")]
    public uint ImportAdd_Component() => _cCallAdd.Call(_two)!.AsU32();

    [Benchmark(Description = "import sum(list<u8> x256): glue")]
    public ulong ImportSum_Glue() => _ours.CallSum(256);

    [Benchmark(Description = "import sum(list<u8> x256): glue, shared linker")]
    public ulong ImportSum_GlueShared() => _oursShared.CallSum(256);

    [Benchmark(Description = "import sum(list<u8> x256): component model")]
    public ulong ImportSum_Component() => _cCallSum.Call(_n)!.AsU64();

    [Benchmark(Description = "export echo(string): glue")]
    public string ExportEcho_Glue() => _ours.Echo("hello, world");

    [Benchmark(Description = "export echo(string): component model")]
    public string ExportEcho_Component() => _cEcho.Call(_text)!.AsString();
}
