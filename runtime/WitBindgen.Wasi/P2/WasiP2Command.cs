using System;
using System.Linq;
using System.Runtime.CompilerServices;
using Wasmtime;
using WitBindgen.Runtime.Abi;

namespace WitBindgen.Wasi.P2;

/// <summary>
/// Runs a core module of the WASI 0.2 <c>wasi:cli/command</c> world (any 0.2.x): one that exports
/// <c>wasi:cli/run@0.2.x#run</c> with <c>memory</c> and <c>cabi_realloc</c> (what wasi-sdk, Rust
/// <c>wasm32-wasip2</c> and wit-bindgen emit), or <c>cm32p2|wasi:cli/run@0.2|run</c> with <c>cm32p2_memory</c> and
/// <c>cm32p2_realloc</c> (jco 1.35.0's names). Its imports are served by the WASI 0.2 face of the context (stdio,
/// arguments, environment, preopens, clocks, random and limits as the builder configured them). Stdout and stderr
/// are flushed however the run ends.
/// </summary>
/// <example>
/// <code>
/// using var engine = new Engine();
/// using var module = Module.FromFile(engine, "hello.wasm");   // e.g. built for wasm32-wasip2, not yet a component
/// using var context = new WasiContextBuilder().Args("hello").InheritStdio().Build();
/// int status = WasiP2Command.Run(engine, module, context);
/// </code>
/// </example>
public sealed class WasiP2Command : IDisposable
{
    private readonly Function _run;
    private readonly string? _initialize;
    private bool _ran;
    private bool _disposed;

    /// <summary>Links and instantiates <paramref name="module"/> through the engine's shared <see cref="WasiLinker.For(Engine)"/>.</summary>
    /// <exception cref="WasiLinkException">The module imports something WASI 0.2 does not provide, or with another signature.</exception>
    /// <exception cref="InvalidOperationException">The module lacks the run export or its memory.</exception>
    public WasiP2Command(Engine engine, Module module, WasiContext context)
        : this(WasiLinker.For(engine ?? throw new ArgumentNullException(nameof(engine))), module, context)
    {
    }

    /// <summary>Links and instantiates <paramref name="module"/> with a linker shared by many instances.</summary>
    /// <exception cref="WasiLinkException">The module imports something WASI 0.2 does not provide, or with another signature.</exception>
    /// <exception cref="InvalidOperationException">The module lacks the run export or its memory.</exception>
    public WasiP2Command(WasiLinker linker, Module module, WasiContext context)
    {
        ArgumentNullException.ThrowIfNull(linker);
        ArgumentNullException.ThrowIfNull(module);
        Context = context ?? throw new ArgumentNullException(nameof(context));
        Guest = new GuestContext();
        context.Attach(Guest);
        var data = new WasiStoreData(context, Guest);
        Store = new Store(linker.Engine, data);
        try
        {
            var shape = Shape(module);
            var p2 = P2Linker.For(linker).CheckedForModule(module, Store);
            try
            {
                Instance = p2.Instantiate(Store, module);
            }
            finally
            {
                context.FlushOutputs();
            }
            if (!shape.HasMemory) throw new InvalidOperationException($"the module does not export its memory as \"{shape.Memory}\"");
            Guest.Bind(Instance, shape.Memory, shape.Realloc);
            _run = Instance.GetFunction(shape.Entry)!;
            _initialize = shape.Initialize;
            RunExport = shape.Entry;
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The run export of a WASI 0.2 command, if <paramref name="module"/> has one.</summary>
    public static string? FindRun(Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        foreach (var export in module.Exports)
        {
            if (export is not FunctionExport function || function.Parameters.Count != 0 || function.Results.Count != 1) continue;
            if (export.Name == "cm32p2|wasi:cli/run@0.2|run") return export.Name;
            const string prefix = "wasi:cli/run@";
            if (export.Name.StartsWith(prefix, StringComparison.Ordinal) && export.Name.EndsWith("#run", StringComparison.Ordinal)
                && P2Versions.IsZeroTwo(export.Name.AsSpan(prefix.Length, export.Name.Length - prefix.Length - 4)))
                return export.Name;
        }
        return null;
    }

    /// <summary>What instantiating a module needs to know of its exports, found once per module.</summary>
    private sealed record ModuleShape(string Entry, string Memory, bool HasMemory, string Realloc, string? Initialize);

    private static readonly ConditionalWeakTable<Module, ModuleShape> Shapes = new();

    private static ModuleShape Shape(Module module)
    {
        if (Shapes.TryGetValue(module, out var known)) return known;
        var entry = FindRun(module) ?? throw new InvalidOperationException(
            "the module exports no wasi:cli/run@0.2.x#run (or cm32p2|wasi:cli/run@0.2|run): is it a WASI 0.2 command?");
        bool cm32p2 = entry.StartsWith("cm32p2", StringComparison.Ordinal);
        bool Exports<T>(string name) where T : Export => module.Exports.Any(e => e is T && e.Name == name);
        var memory = cm32p2 && Exports<MemoryExport>("cm32p2_memory") ? "cm32p2_memory" : "memory";
        var realloc = cm32p2 && Exports<FunctionExport>("cm32p2_realloc") ? "cm32p2_realloc" : "cabi_realloc";
        bool IsAction(string name) => module.Exports.Any(e => e is FunctionExport f && f.Name == name && f.Parameters.Count == 0 && f.Results.Count == 0);
        var initialize = IsAction("_initialize") ? "_initialize" : IsAction("cm32p2_initialize") ? "cm32p2_initialize" : null;
        var shape = new ModuleShape(entry, memory, Exports<MemoryExport>(memory), realloc, initialize);
        Shapes.AddOrUpdate(module, shape);
        return shape;
    }

    /// <summary>True when <paramref name="module"/> is a WASI 0.2 command (see <see cref="FindRun"/>).</summary>
    public static bool IsCommand(Module module) => FindRun(module) is not null;

    /// <summary>The context that serves the instance.</summary>
    public WasiContext Context { get; }

    /// <summary>The store the instance lives in.</summary>
    public Store Store { get; }

    /// <summary>The guest's memory and realloc, and its resource table.</summary>
    public GuestContext Guest { get; }

    /// <summary>The instance.</summary>
    public Instance Instance { get; } = null!;

    /// <summary>The export <see cref="Run()"/> calls.</summary>
    public string RunExport { get; } = "";

    /// <summary>
    /// Calls <c>_initialize</c> (or <c>cm32p2_initialize</c>) if the module has it, then <c>run</c> (once), and returns the exit status: 0 for
    /// <c>ok</c>, 1 for <c>err</c>, or the status the guest passed to <c>exit</c> / <c>exit-with-code</c>.
    /// A trap propagates after stdout and stderr are flushed.
    /// </summary>
    public int Run()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_ran) throw new InvalidOperationException("a command runs once: make a new WasiP2Command (and WasiContext) to run again");
        _ran = true;
        return Context.RunEntry(() =>
        {
            if (_initialize is not null) Instance.GetAction(_initialize)!.Invoke();
            var result = _run.Invoke() is int status ? status : throw new WitTrapException($"{RunExport} returned no i32");
            return result switch
            {
                0 => 0,
                1 => 1,
                _ => throw new WitTrapException($"{RunExport} returned {result}, which is not a result<_, _> discriminant"),
            };
        });
    }

    /// <summary>Instantiates <paramref name="module"/> with <paramref name="context"/>, runs it and returns its exit status.</summary>
    public static int Run(Engine engine, Module module, WasiContext context)
    {
        using var command = new WasiP2Command(engine, module, context);
        return command.Run();
    }

    /// <summary>Instantiates <paramref name="module"/> with a shared <paramref name="linker"/>, runs it and returns its exit status.</summary>
    public static int Run(WasiLinker linker, Module module, WasiContext context)
    {
        using var command = new WasiP2Command(linker, module, context);
        return command.Run();
    }

    /// <summary>Disposes the store. The context stays: dispose it to drop its handles.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Store.Dispose();
    }
}
