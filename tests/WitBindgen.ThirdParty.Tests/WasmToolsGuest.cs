using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json.Nodes;
using Jco.WasmTools;
using Wasmtime;
using WitBindgen.Runtime.Abi;

namespace WitBindgen.ThirdParty.Tests;

/// <summary>Where prepare.sh put jco 0.6.1 (with the guest) and the results of its JavaScript glue.</summary>
internal static class Files
{
    public static readonly string Root = typeof(Files).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "ThirdPartyDir").Value!;

    public static readonly string GuestPath = Path.Combine(Root, "node_modules", "@bytecodealliance", "jco", "wasm-tools.core.wasm");

    public static readonly string ExpectedPath = Path.Combine(Root, "out", "expected.json");

    public static string Missing(string path) => $"{path} is missing: run tests/WitBindgen.ThirdParty.Tests/prepare.sh first";

    private static readonly Lazy<JsonObject> ExpectedJson = new(() =>
        File.Exists(ExpectedPath)
            ? (JsonObject)JsonNode.Parse(File.ReadAllText(ExpectedPath))!
            : throw new FileNotFoundException(Missing(ExpectedPath)));

    /// <summary>out/expected.json: <c>{ jco, cases: [{ name, fn, args, result: {ok|err|trap}, logs }] }</c>.</summary>
    public static JsonObject Expected => ExpectedJson.Value;

    public static JsonObject Case(string name) =>
        Expected["cases"]!.AsArray().Select(c => c!.AsObject()).Single(c => (string)c["name"]! == name);
}

/// <summary>
/// The guest module, compiled once for all tests. It holds 3 MB of code: Cranelift without optimizations compiles it
/// in half the time, and what is tested here is the glue around it, not the machine code.
/// </summary>
internal static class CompiledGuest
{
    private static readonly Lazy<(Engine Engine, Wasmtime.Module Module)> Compiled = new(() =>
    {
        if (!File.Exists(Files.GuestPath)) throw new FileNotFoundException(Files.Missing(Files.GuestPath));
        var engine = new Engine(new Config().WithOptimizationLevel(OptimizationLevel.None));
        return (engine, Wasmtime.Module.FromFile(engine, Files.GuestPath));
    });

    public static Engine Engine => Compiled.Value.Engine;
    public static Wasmtime.Module Module => Compiled.Value.Module;
}

/// <summary>Records what the guest logs through its <c>console</c> import.</summary>
internal sealed class RecordingConsole : IConsole
{
    public List<string> Errors { get; } = new();
    public List<string> Logs { get; } = new();

    public void Log(string msg) => Logs.Add(msg);

    public void Error(string msg) => Errors.Add(msg);
}

/// <summary>
/// One instance of wasm-tools.core.wasm in its own store: the console import defined by our generated
/// <c>WitConsole.AddToLinker</c>, the exports called through our generated <c>ExportsExports</c>.
/// </summary>
internal sealed class WasmToolsGuest : IDisposable
{
    private readonly Store _store;
    private readonly Linker _linker;

    public WasmToolsGuest()
    {
        _store = new Store(CompiledGuest.Engine);
        _linker = new Linker(CompiledGuest.Engine);
        Context = new GuestContext();
        WitConsole.AddToLinker(_linker, Recorder, Context);
        Instance = _linker.Instantiate(_store, CompiledGuest.Module);
        Tools = new ExportsExports(Instance, Context);
    }

    public RecordingConsole Recorder { get; } = new();
    public GuestContext Context { get; }
    public Instance Instance { get; }
    public IExports Tools { get; }

    public void Dispose()
    {
        _linker.Dispose();
        _store.Dispose();
    }
}
