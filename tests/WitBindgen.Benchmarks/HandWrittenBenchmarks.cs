using System;
using System.Buffers.Binary;
using System.Text;
using BenchmarkDotNet.Attributes;
using Bench;
using Wasmtime;
using WitBindgen.Runtime.Abi;

namespace WitBindgen.Benchmarks;

/// <summary>
/// Our generated glue against what a careful person writes by hand on Wasmtime's core API for the same WIT: typed
/// <c>DefineFunction</c> callbacks over a <see cref="Memory"/> cached per instance, and typed
/// <c>Instance.GetFunction</c> calls. Same core module, same implementation, same checks (UTF-8 validated, bounds
/// checked by the span). Imports are called 1,000 times by a loop in the guest: the figures are per call.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class HandWrittenBenchmarks
{
    private const int Calls = 1000;
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    /// <summary>The implementation of the span-taking host: the same work as <see cref="GlueBenchmarks.HostImpl"/>.</summary>
    private sealed class SpanHostImpl : Bench.Spans.IHost
    {
        private readonly GlueBenchmarks.HostImpl _inner = new();

        public uint Add(uint a, uint b) => _inner.Add(a, b);
        public uint Inc(uint x) => _inner.Inc(x);
        public uint NameLength(ReadOnlySpan<char> name) => (uint)name.Length;
        public ulong Sum(ReadOnlySpan<byte> data) => _inner.Sum(data);

        public Runtime.Result<ulong, Bench.Spans.Host.Miss> Lookup(uint key)
        {
            var result = _inner.Lookup(key);
            return result.IsOk ? Runtime.Result.Ok(result.OkValue) : Runtime.Result.Err(new Bench.Spans.Host.Miss(result.ErrValue.Code, result.ErrValue.Detail));
        }
    }

    private Engine _engine = null!;
    private Store _glueStore = null!, _handStore = null!, _spanGlueStore = null!, _spanHandStore = null!;
    private Linker _glueLinker = null!, _handLinker = null!, _spanGlueLinker = null!, _spanHandLinker = null!;
    private GuestExports _glue = null!;
    private Memory _memory = null!, _spanMemory = null!;
    private Func<int, int> _spanGlueLoopNameLength = null!, _spanHandLoopNameLength = null!;
    private Func<int, int, int> _handAdd = null!;
    private Func<int, int> _handLoopInc = null!, _handLoopNameLength = null!;
    private Func<int, long> _handLoopLookup = null!;
    private Func<int, int, int, int, int> _handRealloc = null!;
    private Func<int, int, int> _handEcho = null!;

    [GlobalSetup]
    public void Setup()
    {
        _engine = new Engine();
        using var module = Module.FromText(_engine, "bench", GlueBenchmarks.CoreModule);
        var implementation = new GlueBenchmarks.HostImpl();

        _glueStore = new Store(_engine);
        _glueLinker = new Linker(_engine);
        var context = new GuestContext();
        Host.AddToLinker(_glueLinker, implementation, context);
        _glue = new GuestExports(_glueLinker.Instantiate(_glueStore, module), context);

        _handStore = new Store(_engine);
        _handLinker = new Linker(_engine);
        DefineByHand(_handLinker, implementation);
        var instance = _handLinker.Instantiate(_handStore, module);
        _memory = instance.GetMemory("memory")!;
        _handAdd = instance.GetFunction<int, int, int>("guest#add")!;
        _handLoopInc = instance.GetFunction<int, int>("guest#loop-inc")!;
        _handLoopNameLength = instance.GetFunction<int, int>("guest#loop-name-length")!;
        _handLoopLookup = instance.GetFunction<int, long>("guest#loop-lookup")!;
        _handRealloc = instance.GetFunction<int, int, int, int, int>("cabi_realloc")!;
        _handEcho = instance.GetFunction<int, int, int>("guest#echo")!;

        // The span-taking host, through the glue and by hand (name-length decoded into the stack either way).
        var spanHost = new SpanHostImpl();
        _spanGlueStore = new Store(_engine);
        _spanGlueLinker = new Linker(_engine);
        var spanContext = new GuestContext();
        Bench.Spans.Host.AddToLinker(_spanGlueLinker, spanHost, spanContext);
        var spanGlue = _spanGlueLinker.Instantiate(_spanGlueStore, module);
        spanContext.Bind(spanGlue);
        _spanGlueLoopNameLength = spanGlue.GetFunction<int, int>("guest#loop-name-length")!;
        _spanHandStore = new Store(_engine);
        _spanHandLinker = new Linker(_engine);
        DefineByHand(_spanHandLinker, implementation);
        _spanHandLinker.AllowShadowing = true;
        _spanHandLinker.DefineFunction("host", "name-length", (int ptr, int len) =>
        {
            var bytes = _spanMemory.GetSpan(ptr, len);
            Span<char> chars = (uint)len <= 1024u ? stackalloc char[len] : new char[len];
            return (int)spanHost.NameLength(chars.Slice(0, StrictUtf8.GetChars(bytes, chars)));
        });
        var spanHand = _spanHandLinker.Instantiate(_spanHandStore, module);
        _spanMemory = spanHand.GetMemory("memory")!;
        _spanHandLoopNameLength = spanHand.GetFunction<int, int>("guest#loop-name-length")!;

        if (_spanGlueLoopNameLength(Calls) != _spanHandLoopNameLength(Calls) || _spanGlueLoopNameLength(Calls) != _handLoopNameLength(Calls)
            || _glue.LoopInc(Calls) != (uint)_handLoopInc(Calls) || _glue.LoopNameLength(Calls) != (uint)_handLoopNameLength(Calls)
            || _glue.LoopLookup(Calls) != (ulong)_handLoopLookup(Calls) || _glue.Add(2, 3) != (uint)_handAdd(2, 3)
            || _glue.Echo("hello, world") != EchoByHand("hello, world"))
            throw new InvalidOperationException("the two hosts disagree");
    }

    // The hand-written host functions: what the glue does for these three signatures, without the generator.
    private void DefineByHand(Linker linker, IHost host)
    {
        linker.DefineFunction("host", "add", (int a, int b) => (int)host.Add((uint)a, (uint)b));
        linker.DefineFunction("host", "sum", (int ptr, int len) =>
        {
            return (long)host.Sum(_memory.GetSpan(ptr, len));
        });
        linker.DefineFunction("host", "inc", (int x) => (int)host.Inc((uint)x));
        linker.DefineFunction("host", "name-length", (int ptr, int len) =>
        {
            return (int)host.NameLength(StrictUtf8.GetString(_memory.GetSpan(ptr, len)));
        });
        linker.DefineFunction("host", "lookup", (int key, int ret) =>
        {
            if ((ret & 7) != 0) throw new InvalidOperationException("misaligned return pointer");
            var target = _memory.GetSpan(ret, 24);
            var result = host.Lookup((uint)key);
            if (result.IsOk)
            {
                target[0] = 0;
                BinaryPrimitives.WriteUInt64LittleEndian(target.Slice(8), result.OkValue);
            }
            else
            {
                target[0] = 1;
                BinaryPrimitives.WriteUInt32LittleEndian(target.Slice(8), result.ErrValue.Code);
                BinaryPrimitives.WriteUInt64LittleEndian(target.Slice(16), result.ErrValue.Detail);
            }
        });
    }

    private string EchoByHand(string text)
    {
        int length = Encoding.UTF8.GetByteCount(text);
        int ptr = _handRealloc(0, 0, 1, length);
        Encoding.UTF8.GetBytes(text, _memory.GetSpan(ptr, length));
        int ret = _handEcho(ptr, length);
        var pair = _memory.GetSpan(ret, 8);
        int resultPtr = BinaryPrimitives.ReadInt32LittleEndian(pair);
        int resultLength = BinaryPrimitives.ReadInt32LittleEndian(pair.Slice(4));
        return StrictUtf8.GetString(_memory.GetSpan(resultPtr, resultLength));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _glueStore.Dispose();
        _handStore.Dispose();
        _spanGlueStore.Dispose();
        _spanHandStore.Dispose();
        _glueLinker.Dispose();
        _handLinker.Dispose();
        _spanGlueLinker.Dispose();
        _spanHandLinker.Dispose();
        _engine.Dispose();
    }

    [Benchmark(Description = "import inc(u32): glue", OperationsPerInvoke = Calls)]
    public uint ImportInc_Glue() => _glue.LoopInc(Calls);

    [Benchmark(Description = "import inc(u32): hand-written", OperationsPerInvoke = Calls)]
    public int ImportInc_Hand() => _handLoopInc(Calls);

    [Benchmark(Description = "import name-length(string): glue", OperationsPerInvoke = Calls)]
    public uint ImportString_Glue() => _glue.LoopNameLength(Calls);

    [Benchmark(Description = "import name-length(string): hand-written", OperationsPerInvoke = Calls)]
    public int ImportString_Hand() => _handLoopNameLength(Calls);

    [Benchmark(Description = "import name-length(string) as a span: glue", OperationsPerInvoke = Calls)]
    public int ImportStringSpan_Glue() => _spanGlueLoopNameLength(Calls);

    [Benchmark(Description = "import name-length(string) as a span: hand-written", OperationsPerInvoke = Calls)]
    public int ImportStringSpan_Hand() => _spanHandLoopNameLength(Calls);

    [Benchmark(Description = "import lookup -> result<u64, record>: glue", OperationsPerInvoke = Calls)]
    public ulong ImportResult_Glue() => _glue.LoopLookup(Calls);

    [Benchmark(Description = "import lookup -> result<u64, record>: hand-written", OperationsPerInvoke = Calls)]
    public long ImportResult_Hand() => _handLoopLookup(Calls);

    // Exports are called 1,000 times by a loop in C#, so that one call's figure is not lost in the harness's own.
    [Benchmark(Description = "export add(u32,u32): glue", OperationsPerInvoke = Calls)]
    public uint ExportAdd_Glue()
    {
        uint sum = 0;
        for (uint i = 0; i < Calls; i++) sum += _glue.Add(i, 3);
        return sum;
    }

    [Benchmark(Description = "export add(u32,u32): hand-written", OperationsPerInvoke = Calls)]
    public int ExportAdd_Hand()
    {
        int sum = 0;
        for (int i = 0; i < Calls; i++) sum += _handAdd(i, 3);
        return sum;
    }

    [Benchmark(Description = "export echo(string): glue")]
    public string ExportEcho_Glue() => _glue.Echo("hello, world");

    [Benchmark(Description = "export echo(string): hand-written")]
    public string ExportEcho_Hand() => EchoByHand("hello, world");
}
