using System;
using System.IO;
using BenchmarkDotNet.Attributes;
using Wasmtime;
using Wasmtime.Components;
using WitBindgen.Wasi;
using WitBindgen.Wasi.P2;

namespace WitBindgen.Benchmarks;

/// <summary>
/// The same WASI 0.2 core guest (<c>guests/p2bench.c</c>, built by <c>prepare-p2.sh</c>) on our WASI 0.2 face and,
/// made a component by jco 1.35.0, on Wasmtime's own WASI 0.2 (<c>ComponentLinker.AddWasiPreview2</c>). Each
/// operation is a whole command: instantiate, run, tear down; stdout goes to <c>/dev/null</c> on both sides.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class P2Benchmarks
{
    private Engine _engine = null!;
    private WasiLinker _linker = null!;
    private ComponentLinker _componentLinker = null!;
    private Module _now = null!, _stream = null!, _hello = null!;
    private Component _nowComponent = null!, _streamComponent = null!, _helloComponent = null!;

    [GlobalSetup]
    public void Setup()
    {
        var output = FindOut();
        _engine = new Engine();
        _linker = WasiLinker.For(_engine);
        _componentLinker = new ComponentLinker(_engine);
        _componentLinker.AddWasiPreview2();
        Module Core(string name) => Module.FromFile(_engine, Path.Combine(output, name + ".wasm"));
        Component Made(string name) => Component.FromBytes(_engine, File.ReadAllBytes(Path.Combine(output, name + ".component.wasm")));
        (_now, _stream, _hello) = (Core("p2-now"), Core("p2-stream64"), Core("p2-hello"));
        (_nowComponent, _streamComponent, _helloComponent) = (Made("p2-now"), Made("p2-stream64"), Made("p2-hello"));
        foreach (var (ours, theirs) in new[] { (_now, _nowComponent), (_stream, _streamComponent), (_hello, _helloComponent) })
        {
            if (Ours(ours) != 0 || Theirs(theirs) != 0) throw new InvalidOperationException("a benchmark guest failed on one of the runtimes");
        }
    }

    // Stdout unbuffered on both sides (Wasmtime writes straight to the file it opened).
    private int Ours(Module module)
    {
        // The context never closes a stream it is given, so the operation closes its own (as Wasmtime closes its file).
        using var stdout = new FileStream("/dev/null", FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
        using var context = new WasiContextBuilder().Stdout(stdout).Build();
        return WasiP2Command.Run(_linker, module, context);
    }

    private int Theirs(Component component)
    {
        using var store = new Store(_engine);
        store.SetWasiConfiguration(new WasiConfiguration().WithStandardOutput("/dev/null"));
        var instance = _componentLinker.Instantiate(store, component);
        var run = instance.GetFunction("wasi:cli/run@0.2.12", "run") ?? throw new InvalidOperationException("no wasi:cli/run@0.2.12.run");
        return run.Call() is { IsOk: true } ? 0 : 1;
    }

    private static string FindOut()
    {
        var relative = Path.Combine("tests", "WitBindgen.Benchmarks", "out");
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative, "p2-now.wasm");
            if (File.Exists(candidate)) return Path.GetDirectoryName(candidate)!;
        }
        throw new FileNotFoundException("run tests/WitBindgen.Benchmarks/prepare-p2.sh first");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var d in new IDisposable[] { _devNull, _now, _stream, _hello, _nowComponent, _streamComponent, _helloComponent, _componentLinker, _engine }) d.Dispose();
    }

    [Benchmark(Description = "wall-clock.now x 10^6: ours")]
    public int Now_Ours() => Ours(_now);

    [Benchmark(Description = "wall-clock.now x 10^6: wasmtime")]
    public int Now_Wasmtime() => Theirs(_nowComponent);

    [Benchmark(Description = "64 MiB to stdout in 64 KiB writes: ours")]
    public int Stream_Ours() => Ours(_stream);

    [Benchmark(Description = "64 MiB to stdout in 64 KiB writes: wasmtime")]
    public int Stream_Wasmtime() => Theirs(_streamComponent);

    [Benchmark(Description = "hello (instantiate, run, one line): ours")]
    public int Hello_Ours() => Ours(_hello);

    [Benchmark(Description = "hello (instantiate, run, one line): wasmtime")]
    public int Hello_Wasmtime() => Theirs(_helloComponent);

    // The same with stdout a stream the host opened once (as a server passing its own stream would): how much of
    // hello is the .NET FileStream the operation above opens on /dev/null each time.
    private readonly FileStream _devNull = new("/dev/null", FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);

    [Benchmark(Description = "hello, stdout a /dev/null stream opened once (ours only)")]
    public int Hello_OursSharedStdout()
    {
        using var context = new WasiContextBuilder().Stdout(_devNull).Build();
        return WasiP2Command.Run(_linker, _hello, context);
    }
}
