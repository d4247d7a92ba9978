using System;
using Wasmtime;
using WitBindgen.Runtime.Abi;

namespace WitBindgen.Wasi.Preview1Host;

/// <summary>
/// Runs a WASI preview-1 command (a core module importing <c>wasi_snapshot_preview1</c> and exporting <c>memory</c>
/// and <c>_start</c>, as wasi-libc and Rust's <c>wasm32-wasi</c> make) natively: the preview-1 functions are
/// implemented in C# over the context's seed-world interfaces (<see cref="Preview1Linker"/>), so no adapter module,
/// no rewriting of the program, and every override made on the <see cref="WasiContextBuilder"/> applies.
/// </summary>
/// <remarks>
/// Descriptors: stdin 0, stdout 1, stderr 2, the preopens from 3 (named by <c>fd_prestat_dir_name</c>). Stdout and
/// stderr are flushed however the program ends, a trap included. The exit status is the code given to
/// <c>proc_exit</c> (0 when <c>_start</c> returns); a code of 126 or more traps, as in wasmtime.
/// </remarks>
/// <example>
/// <code>
/// using var engine = new Engine();
/// using var module = Module.FromFile(engine, "hello.wasm");
/// using var context = new WasiContextBuilder().Args("hello").InheritStdio().Build();
/// int status = Preview1Program.Run(engine, module, context);
/// </code>
/// </example>
public sealed class Preview1Program : IDisposable
{
    private readonly Action _start;
    private bool _ran;
    private bool _disposed;

    /// <summary>Instantiates <paramref name="module"/> with <paramref name="context"/> (which then serves only this instance), through the engine's shared <see cref="Preview1Linker"/>.</summary>
    /// <exception cref="WasiLinkException">The module imports something preview 1 does not provide, or with another signature.</exception>
    /// <exception cref="InvalidOperationException">The module lacks the <c>memory</c> or <c>_start</c> export.</exception>
    public Preview1Program(Engine engine, Module module, WasiContext context)
        : this(Preview1Linker.For(engine ?? throw new ArgumentNullException(nameof(engine))), module, context)
    {
    }

    /// <summary>Instantiates <paramref name="module"/> through <paramref name="linker"/> (shared by any number of instances).</summary>
    /// <exception cref="WasiLinkException">The module imports something the linker does not define, or with another signature.</exception>
    /// <exception cref="InvalidOperationException">The module lacks the <c>memory</c> or <c>_start</c> export.</exception>
    public Preview1Program(Preview1Linker linker, Module module, WasiContext context)
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
            linker.CheckImports(module, Store);
            try
            {
                Instance = linker.Instantiate(Store, module);
            }
            finally
            {
                context.FlushOutputs(); // a start function may have written, then trapped
            }
            var memory = Instance.GetMemory("memory") ?? throw new InvalidOperationException("the program does not export its memory as \"memory\"");
            _start = Instance.GetAction("_start") ?? throw new InvalidOperationException("the program does not export \"_start\"");
            data.Face<Preview1State>().Memory = memory;
            Guest.Bind(memory, null);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The context that serves the instance.</summary>
    public WasiContext Context { get; }

    /// <summary>The store the instance lives in.</summary>
    public Store Store { get; }

    /// <summary>The program's memory, bound.</summary>
    public GuestContext Guest { get; }

    /// <summary>The instance.</summary>
    public Instance Instance { get; } = null!;

    /// <summary>
    /// Calls <c>_start</c> (once) and returns the exit status: 0 when it returns, n when it calls <c>proc_exit(n)</c>.
    /// A trap propagates (as Wasmtime's exception) after stdout and stderr are flushed.
    /// </summary>
    public int Run()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_ran) throw new InvalidOperationException("a program runs once: make a new Preview1Program (and WasiContext) to run again");
        _ran = true;
        return Context.RunEntry(() =>
        {
            _start();
            return 0;
        });
    }

    /// <summary>Instantiates and runs <paramref name="module"/> with <paramref name="context"/>, returning its exit status.</summary>
    public static int Run(Engine engine, Module module, WasiContext context)
    {
        using var program = new Preview1Program(engine, module, context);
        return program.Run();
    }

    /// <summary>Instantiates and runs <paramref name="module"/> through a shared <paramref name="linker"/>, returning its exit status.</summary>
    public static int Run(Preview1Linker linker, Module module, WasiContext context)
    {
        using var program = new Preview1Program(linker, module, context);
        return program.Run();
    }

    /// <summary>Disposes the store. The context stays: dispose it to drop its handles.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Store.Dispose();
    }
}
