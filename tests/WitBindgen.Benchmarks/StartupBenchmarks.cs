using System;
using BenchmarkDotNet.Attributes;
using Wasmtime;
using WitBindgen.Runtime.Abi;
using WitBindgen.Wasi;

namespace WitBindgen.Benchmarks;

/// <summary>
/// Starting a small command of the seed world (it writes a line to stdout and returns): a linker of its own per
/// instance (127 host functions defined each time, capturing the context) against one <see cref="WasiLinker"/> shared
/// by every instance (what <see cref="WasiCommand"/> uses).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class StartupBenchmarks
{
    /// <summary>The command both start-up measurements run: it writes "hello\n" to stdout.</summary>
    internal const string Command = """
        (module
          (import "stdout" "get-stdout" (func $get-stdout (result i32)))
          (import "streams" "write" (func $write (param i32 i32 i32 i32)))
          (memory (export "memory") 1)
          (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 0x2000))
          (func (export "run#run") (result i32)
            (call $write (call $get-stdout) (i32.const 0x100) (i32.const 6) (i32.const 0x200))
            (i32.const 0))
          (data (i32.const 0x100) "hello\n"))
        """;

    private Engine _engine = null!;
    private Module _module = null!;
    private WasiLinker _shared = null!;
    private Engine _pooledEngine = null!;
    private Module _pooledModule = null!;
    private WasiLinker _pooled = null!;

    /// <summary>An engine with Wasmtime's pooling allocator: instances take memories and tables from preallocated slots.</summary>
    internal static Engine PooledEngine()
    {
        using var pooling = new PoolingAllocationConfig().WithMaxCoreInstances(1000).WithMaxMemories(1000)
            .WithMaxTables(1000).WithMaxMemorySize(64 * 65536);
        return new Engine(new Config().WithPoolingAllocationStrategy(pooling));
    }

    [GlobalSetup]
    public void Setup()
    {
        _engine = new Engine();
        _module = Module.FromText(_engine, "hello", Command);
        _shared = new WasiLinker(_engine);
        _pooledEngine = PooledEngine();
        _pooledModule = Module.FromText(_pooledEngine, "hello", Command);
        _pooled = new WasiLinker(_pooledEngine);
        if (OwnLinker() != 6 || SharedLinker() != 6 || PooledSharedLinker() != 6)
            throw new InvalidOperationException("the command did not write its line");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _shared.Dispose();
        _module.Dispose();
        _engine.Dispose();
        _pooled.Dispose();
        _pooledModule.Dispose();
        _pooledEngine.Dispose();
    }

    [Benchmark(Baseline = true, Description = "instantiate + run: a linker per instance")]
    public int OwnLinker()
    {
        var stdout = new MemoryOutputPipe();
        using var context = new WasiContextBuilder().Stdout(stdout).Build();
        using var store = new Store(_engine);
        using var linker = new Linker(_engine);
        var guest = new GuestContext();
        context.AddToLinker(linker, guest); // the 127 host functions, capturing this context
        var instance = linker.Instantiate(store, _module);
        guest.Bind(instance);
        new RunExports(instance, guest).Run();
        context.FlushOutputs();
        return stdout.Contents.Length;
    }

    [Benchmark(Description = "instantiate + run: one WasiLinker for all")]
    public int SharedLinker()
    {
        var stdout = new MemoryOutputPipe();
        using var context = new WasiContextBuilder().Stdout(stdout).Build();
        WasiCommand.Run(_shared, _module, context);
        return stdout.Contents.Length;
    }

    [Benchmark(Description = "instantiate + run: one WasiLinker, pooling allocator")]
    public int PooledSharedLinker()
    {
        var stdout = new MemoryOutputPipe();
        using var context = new WasiContextBuilder().Stdout(stdout).Build();
        WasiCommand.Run(_pooled, _pooledModule, context);
        return stdout.Contents.Length;
    }
}
