using System;
using System.Collections.Generic;
using System.Linq;
using Wasmtime;
using WitBindgen.Runtime.Abi;

namespace WitBindgen.Wasi;

/// <summary>
/// Runs a core module of the May-2023 WASI <c>command</c> world (it exports <c>run#run</c>, <c>memory</c> and
/// <c>cabi_realloc</c>): links every import through the context's <see cref="CommandHost"/>, instantiates, binds
/// the guest's memory and realloc, calls <c>run</c> and returns the exit status. Stdout and stderr are flushed
/// however it ends, a trap included, so nothing the guest wrote is lost.
/// </summary>
/// <example>
/// <code>
/// var stdout = new MemoryOutputPipe();
/// using var engine = new Engine();
/// using var module = Module.FromFile(engine, "hello.wasm");
/// using var context = new WasiContextBuilder().Args("hello").Stdout(stdout).Build();
/// int status = WasiCommand.Run(engine, module, context);
/// </code>
/// </example>
public sealed class WasiCommand : IDisposable
{
    private readonly RunExports _run;
    private bool _ran;
    private bool _disposed;

    /// <summary>Links and instantiates <paramref name="module"/> with <paramref name="context"/> (which then serves only this instance),
    /// through the engine's shared <see cref="WasiLinker.For(Engine)"/>.</summary>
    /// <exception cref="WasiLinkException">The module imports something the command world does not provide, or with another signature.</exception>
    /// <exception cref="InvalidOperationException">The module lacks the <c>memory</c> or <c>run#run</c> export.</exception>
    public WasiCommand(Engine engine, Module module, WasiContext context)
        : this(WasiLinker.For(engine ?? throw new ArgumentNullException(nameof(engine))), module, context)
    {
    }

    /// <summary>
    /// Instantiates <paramref name="module"/> with a linker shared by many instances (see <see cref="WasiLinker"/>);
    /// <paramref name="context"/> then serves only this instance.
    /// </summary>
    /// <exception cref="WasiLinkException">The module imports something the linker does not define, or with another signature.</exception>
    /// <exception cref="InvalidOperationException">The module lacks the <c>memory</c> or <c>run#run</c> export.</exception>
    public WasiCommand(WasiLinker linker, Module module, WasiContext context)
        : this((linker ?? throw new ArgumentNullException(nameof(linker))).Engine, () => linker.Linker, linker.CheckImports, module,
            new WasiStoreData(context ?? throw new ArgumentNullException(nameof(context)), new GuestContext()))
    {
    }

    /// <summary>
    /// Instantiates <paramref name="module"/> with a linker shared by stores whose data is the host's own
    /// <typeparamref name="TData"/> (see <see cref="WasiLinker{TData}"/>); its <see cref="IWasiStoreData.WasiContext"/>
    /// then serves only this instance, and its <see cref="WitBindgen.Runtime.Abi.IGuestStoreData.Guest"/> is bound to it.
    /// </summary>
    /// <exception cref="WasiLinkException">The module imports something the linker does not define, or with another signature.</exception>
    /// <exception cref="InvalidOperationException">The module lacks the <c>memory</c> or <c>run#run</c> export.</exception>
    public static WasiCommand Create<TData>(WasiLinker<TData> linker, Module module, TData data) where TData : class, IWasiStoreData
    {
        ArgumentNullException.ThrowIfNull(linker);
        ArgumentNullException.ThrowIfNull(data);
        return new WasiCommand(linker.Engine, () => linker.Linker, linker.CheckImports, module, data);
    }

    /// <summary>Instantiates <paramref name="module"/> in a store holding <paramref name="data"/>, runs it and returns its exit status.</summary>
    public static int Run<TData>(WasiLinker<TData> linker, Module module, TData data) where TData : class, IWasiStoreData
    {
        using var command = Create(linker, module, data);
        return command.Run();
    }

    private WasiCommand(Engine engine, Func<Linker> linker, Action<Module, Store> checkImports, Module module, IWasiStoreData data)
    {
        ArgumentNullException.ThrowIfNull(module);
        Context = data.WasiContext ?? throw new ArgumentException("the store data has no WasiContext", nameof(data));
        Guest = data.Guest ?? throw new ArgumentException("the store data has no GuestContext", nameof(data));
        Context.Attach(Guest);
        Store = new Store(engine, data);
        try
        {
            checkImports(module, Store);
            Instance = Instantiate(linker(), module);
            _run = new RunExports(Instance, Guest);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    private Instance Instantiate(Linker linker, Module module)
    {
        Instance instance;
        try
        {
            instance = linker.Instantiate(Store, module);
        }
        finally
        {
            Context.FlushOutputs(); // a start function may have written, then trapped
        }
        Guest.Bind(instance);
        return instance;
    }

    /// <summary>The context that serves the instance.</summary>
    public WasiContext Context { get; }

    /// <summary>The store the instance lives in.</summary>
    public Store Store { get; }

    /// <summary>The guest's memory and realloc, as the generated glue sees them.</summary>
    public GuestContext Guest { get; }

    /// <summary>The instance.</summary>
    public Instance Instance { get; }

    /// <summary>
    /// Calls the guest's <c>run</c> (once) and returns its exit status: 0 for <c>ok</c>, 1 for <c>err</c>, or the status
    /// it passed to <c>exit</c>. A trap propagates (as Wasmtime's exception; a <see cref="WitTrapException"/> inside it
    /// says what the guest did wrong) after stdout and stderr are flushed.
    /// </summary>
    public int Run()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_ran) throw new InvalidOperationException("a command runs once: make a new WasiCommand (and WasiContext) to run again");
        _ran = true;
        return Context.RunEntry(() => _run.Run().IsOk ? 0 : 1);
    }

    /// <summary>Instantiates <paramref name="module"/> with <paramref name="context"/>, runs it and returns its exit status.</summary>
    public static int Run(Engine engine, Module module, WasiContext context)
    {
        using var command = new WasiCommand(engine, module, context);
        return command.Run();
    }

    /// <summary>Instantiates <paramref name="module"/> with a shared <paramref name="linker"/> and <paramref name="context"/>, runs it and returns its exit status.</summary>
    public static int Run(WasiLinker linker, Module module, WasiContext context)
    {
        using var command = new WasiCommand(linker, module, context);
        return command.Run();
    }

    /// <summary>The status of a <see cref="GuestExitException"/> in <paramref name="exception"/> or its causes, if any.</summary>
    public static int? ExitStatus(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is GuestExitException exit) return exit.Status;
        return null;
    }

    internal static void CheckImports(Module module, Linker linker, Store store)
    {
        var missing = new List<string>();
        var mismatched = new List<string>();
        foreach (var import in module.Imports)
        {
            var name = $"{import.ModuleName}.{import.Name}";
            if (import is not FunctionImport function)
            {
                missing.Add($"{name} ({Describe(import)})");
                continue;
            }
            var defined = linker.GetFunction(store, import.ModuleName, import.Name);
            if (defined is null)
            {
                missing.Add(name);
                continue;
            }
            if (!defined.Parameters.SequenceEqual(function.Parameters) || !defined.Results.SequenceEqual(function.Results))
                mismatched.Add($"{name}: the module imports it as {Signature(function.Parameters, function.Results)}, the command world defines {Signature(defined.Parameters, defined.Results)}");
        }
        if (missing.Count == 0 && mismatched.Count == 0) return;
        var message = new List<string>();
        if (missing.Count > 0) message.Add($"the module imports what the WASI command world does not provide: {string.Join(", ", missing)}");
        if (mismatched.Count > 0) message.Add($"the module imports functions with the wrong signature: {string.Join("; ", mismatched)}");
        throw new WasiLinkException(string.Join("; and ", message), missing, mismatched);
    }

    private static string Describe(Import import) => import switch
    {
        MemoryImport => "a memory",
        _ => $"a {import.GetType().Name.Replace("Import", "", StringComparison.Ordinal).ToLowerInvariant()}",
    };

    private static string Signature(IReadOnlyList<ValueKind> parameters, IReadOnlyList<ValueKind> results) =>
        $"({string.Join(", ", parameters.Select(Kind))}) -> ({string.Join(", ", results.Select(Kind))})";

    private static string Kind(ValueKind kind) => kind switch
    {
        ValueKind.Int32 => "i32",
        ValueKind.Int64 => "i64",
        ValueKind.Float32 => "f32",
        ValueKind.Float64 => "f64",
        ValueKind.V128 => "v128",
        ValueKind.FuncRef => "funcref",
        ValueKind.ExternRef => "externref",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>Disposes the store. The context stays: dispose it to drop its handles.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Store.Dispose();
    }
}
