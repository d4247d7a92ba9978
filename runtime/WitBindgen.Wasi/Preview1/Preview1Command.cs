using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using Wasmtime;
using WitBindgen.Runtime.Abi;

namespace WitBindgen.Wasi.Preview1;

/// <summary>
/// Runs a WASI preview-1 core module (a <c>wasi_snapshot_preview1</c> command such as wasi-libc's, exporting
/// <c>memory</c> and <c>_start</c>) on the preview-2 runtime through the published preview-1 component adapter
/// (<c>wasi_preview1_component_adapter.command.wasm</c> of <c>@bytecodealliance/jco@0.7.0</c>).
/// </summary>
/// <remarks>
/// <para>Both modules live in one store. The program is instantiated first, its <c>wasi_snapshot_preview1</c>
/// imports defined as host functions that forward to the adapter's exports of the same names (the adapter is
/// instantiated next, as it imports the program's memory as <c>env.memory</c> and its <c>_start</c> as
/// <c>__main_module__._start</c>). Before that, the program's memory grows by two pages for the adapter: its stack and
/// its 64 KiB of state, which <c>__main_module__.cabi_realloc</c> answers when the adapter asks (once). Load the
/// program with <see cref="LoadProgram(Engine, byte[], string)"/> so that its <c>memory.size</c> does not count these
/// pages (<see cref="ProgramModule"/> says why wasi-libc before 2023 needs it).</para>
/// <para>The adapter's preview-2 imports come from a <see cref="WasiLinker"/> (the engine's, unless one is given), whose
/// host functions are defined once and find this store's <see cref="WasiStoreData"/>: the context's
/// <see cref="CommandHost"/>, and the adapter's <c>cabi_import_realloc</c> and the shared memory bound in
/// <see cref="Guest"/>. Except: <c>filesystem</c> goes
/// through <see cref="DescriptorFlagsTranslation.Wrap"/> (the adapter's descriptor-flags lack <c>non-blocking</c>),
/// <c>preopens.get-directories</c> is <c>environment-preopens.get-directories</c>, and <c>preopens.get-stdio</c>
/// writes the stdin, stdout and stderr handles.</para>
/// <para>The adapter as published has no stack; see <see cref="AdapterModule"/>. After instantiating it this does
/// what <c>wit-component</c>'s start function would: <c>allocation_state</c> = 1, <c>__stack_pointer</c> = the end of
/// the stack page, <c>allocation_state</c> = 2.</para>
/// </remarks>
public sealed class Preview1Command : IDisposable
{
    private const string Preview1Module = "wasi_snapshot_preview1";
    private const int PageSize = 65536;

    // A module's imports and exports are read from Wasmtime anew on each access (about 24 µs for the adapter and a
    // small program): read them once per module.
    private static readonly ConditionalWeakTable<Module, Import[]> Imports = new();
    private static readonly ConditionalWeakTable<Module, Dictionary<string, FunctionExport>> FunctionExportsOf = new();

    private static Import[] ImportsOf(Module module) => Imports.GetValue(module, m => m.Imports.ToArray());
    private readonly Function _run;
    private Instance? _adapter;
    private int? _exitStatus;
    private bool _ran;
    private bool _disposed;

    /// <summary>Links and instantiates <paramref name="program"/> and <paramref name="adapter"/> with <paramref name="context"/> (which then serves only this pair).</summary>
    /// <param name="engine">The engine both modules were compiled with.</param>
    /// <param name="program">The preview-1 command, prepared by <see cref="LoadProgram(Engine, byte[], string)"/>.</param>
    /// <param name="adapter">The adapter, prepared by <see cref="LoadAdapter(Engine, byte[])"/>.</param>
    /// <param name="context">The WASI context.</param>
    /// <exception cref="WasiLinkException">The program imports something other than <c>wasi_snapshot_preview1</c> functions the adapter exports.</exception>
    /// <exception cref="InvalidOperationException">The program lacks <c>memory</c> or <c>_start</c>, or the adapter is not the expected one.</exception>
    public Preview1Command(Engine engine, Module program, Module adapter, WasiContext context)
        : this(WasiLinker.For(engine ?? throw new ArgumentNullException(nameof(engine))), program, adapter, context)
    {
    }

    /// <summary>
    /// As <see cref="Preview1Command(Engine, Module, Module, WasiContext)"/>, with the adapter's imports taken from
    /// <paramref name="linker"/> (defined once for any number of instances; each call finds this store's context).
    /// </summary>
    public Preview1Command(WasiLinker linker, Module program, Module adapter, WasiContext context)
    {
        ArgumentNullException.ThrowIfNull(linker);
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(adapter);
        Context = context ?? throw new ArgumentNullException(nameof(context));
        Guest = new GuestContext();
        context.Attach(Guest);
        Store = new Store(linker.Engine, new WasiStoreData(context, Guest));
        try
        {
            Program = new Instance(Store, program, Forwarders(program, adapter));
            var memory = Program.GetMemory("memory") ?? throw new InvalidOperationException("the program does not export its memory as \"memory\"");
            var start = Program.GetFunction("_start") ?? throw new InvalidOperationException("the program does not export \"_start\"");

            // The adapter's stack page and state page, reserved before the program runs (see ProgramModule).
            long reservation = memory.Grow(2);
            if (reservation < 0) throw new InvalidOperationException("the program's memory cannot grow by the adapter's two pages");
            ReservedPages = (checked((int)reservation), 2);
            if (Program.GetGlobal(ProgramModule.ReservationStartExport) is { } reservationStart
                && Program.GetGlobal(ProgramModule.ReservationEndExport) is { } reservationEnd)
            {
                reservationStart.SetValue((int)reservation);
                reservationEnd.SetValue((int)reservation + 2);
                HidesReservation = true;
            }
            int statePage = checked((int)((reservation + 1) * PageSize));
            var realloc = Function.FromCallback(Store, (int oldPointer, int oldSize, int alignment, int newSize) =>
            {
                // The adapter asks once, for its state: the reserved page. Anything else gets a fresh page.
                if (oldPointer != 0 || newSize > PageSize || alignment > PageSize)
                    throw new WitTrapException("the adapter asked __main_module__.cabi_realloc for something other than one fresh page");
                if (statePage != 0)
                {
                    int page = statePage;
                    statePage = 0;
                    return page;
                }
                long previous = memory.Grow(1);
                if (previous < 0) throw new WitTrapException("the program's memory cannot grow by the adapter's page");
                return checked((int)(previous * PageSize));
            });

            // The adapter's imports: the program's memory, _start and a realloc from this store, the rest from the
            // shared linker (whose host functions find this store's context in its data).
            var imports = new List<object>();
            // jco 0.7.0's adapter imports the seed's May-2023 world; today's (jco 1.35.0's) imports WASI 0.2.x,
            // served by the WASI 0.2 face.
            Linker? hostLinker = null;
            Linker HostLinker() => hostLinker ??= P2.P2AdapterSupport.ImportsWasi02(adapter)
                ? P2.P2Linker.For(linker).ForModule(adapter)
                : linker.FaceLinker(typeof(Preview1Command), e => DefineAdapterImports(new Linker(e)));
            foreach (var import in ImportsOf(adapter))
            {
                object? item = (import.ModuleName, import.Name) switch
                {
                    ("env", "memory") => memory,
                    ("__main_module__", "_start") => start,
                    ("__main_module__", "cabi_realloc") => realloc,
                    _ => import is FunctionImport ? HostLinker().GetFunction(Store, import.ModuleName, import.Name) : null,
                };
                imports.Add(item ?? throw new InvalidOperationException($"the adapter imports {import.ModuleName}.{import.Name}, which this runtime does not provide: is it jco 0.7.0's wasi_preview1_component_adapter.command.wasm or jco 1.35.0's wasi_snapshot_preview1.command.wasm?"));
            }
            try
            {
                _adapter = new Instance(Store, adapter, imports.ToArray());
            }
            finally
            {
                context.FlushOutputs();
            }
            var importRealloc = _adapter.GetFunction<int, int, int, int, int>("cabi_import_realloc")
                ?? throw new InvalidOperationException("the adapter does not export cabi_import_realloc");
            Guest.Bind(memory, importRealloc);
            _run = _adapter.GetFunction("run") ?? P2.P2AdapterSupport.RunExport(_adapter, adapter)
                ?? throw new InvalidOperationException("the adapter exports neither run nor wasi:cli/run@0.2.x#run");
            GiveAdapterAStack(_adapter, stackEnd: checked((int)((reservation + 1) * PageSize)));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>
    /// Defines on <paramref name="linker"/> what the adapter imports from the host, once for any number of stores
    /// (each a <see cref="WasiStoreData"/>): the command world, with <c>filesystem</c> in the adapter's
    /// <c>descriptor-flags</c> layout, and <c>preopens.get-directories</c> and <c>preopens.get-stdio</c>.
    /// </summary>
    internal static Linker DefineAdapterImports(Linker linker)
    {
        CommandHost.AddToLinker<WasiStoreData>(linker, data => data.Context.Host);
        linker.AllowShadowing = true;
        WitBindgen.Wasi.Bindings.Filesystem.AddToLinker<WasiStoreData>(linker, data => data.Face<AdapterState>().Filesystem, "filesystem");
        EnvironmentPreopens.AddToLinker<WasiStoreData>(linker, data => data.Context.Host.EnvironmentPreopens
            ?? throw new WitTrapException("the context has no environment-preopens"), "preopens");
        linker.DefineFunction("preopens", "get-stdio", (Caller caller, int pointer) =>
        {
            const string fn = "preopens.get-stdio";
            var data = CanonicalAbi.StoreData<WasiStoreData>(caller, fn);
            var host = data.Context.Host;
            uint stdin = (host.Stdin ?? throw new WitTrapException($"{fn}: the context has no stdin")).GetStdin();
            uint stdout = (host.Stdout ?? throw new WitTrapException($"{fn}: the context has no stdout")).GetStdout();
            uint stderr = (host.Stderr ?? throw new WitTrapException($"{fn}: the context has no stderr")).GetStderr();
            var memory = data.Guest.View; // all 4 GiB: the adapter's state may sit above 2 GiB
            if (pointer % 4 != 0 || !memory.Contains(pointer, 12))
                throw new WitTrapException($"{fn}: the return pointer is out of bounds or misaligned");
            memory.WriteUInt32(pointer, stdin);
            memory.WriteUInt32(unchecked(pointer + 4), stdout);
            memory.WriteUInt32(unchecked(pointer + 8), stderr);
        });
        return linker;
    }

    /// <summary>The context that serves the adapter.</summary>
    public WasiContext Context { get; }

    /// <summary>The store both instances live in.</summary>
    public Store Store { get; }

    /// <summary>The memory and realloc the generated glue uses (the program's memory, the adapter's <c>cabi_import_realloc</c>).</summary>
    public GuestContext Guest { get; }

    /// <summary>The program's instance.</summary>
    public Instance Program { get; }

    /// <summary>The adapter's instance.</summary>
    public Instance Adapter => _adapter ?? throw new InvalidOperationException("the adapter is not instantiated");

    /// <summary>The adapter's pages in the program's memory: the first page index and the count (its stack, then its state).</summary>
    public (int FirstPage, int Count) ReservedPages { get; }

    /// <summary>Whether the program was loaded by <see cref="LoadProgram(Engine, byte[], string)"/>, so its <c>memory.size</c>
    /// does not count <see cref="ReservedPages"/> while they are the top of memory.</summary>
    public bool HidesReservation { get; }

    /// <summary>Reads a preview-1 program from <paramref name="path"/> and compiles it as <see cref="LoadProgram(Engine, byte[], string)"/> does.</summary>
    public static Module LoadProgram(Engine engine, string path) =>
        LoadProgram(engine, File.ReadAllBytes(path), Path.GetFileNameWithoutExtension(path));

    /// <summary>
    /// Compiles a preview-1 program with its <c>memory.size</c> blind to the adapter's pages
    /// (<see cref="ProgramModule.HideHostPages"/>), so that a wasi-libc malloc of before 2023 does not take them as
    /// heap. A module whose code this cannot read is compiled as it is (Wasmtime then validates it).
    /// </summary>
    public static Module LoadProgram(Engine engine, byte[] programBytes, string name = "program")
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(programBytes);
        byte[] prepared;
        try
        {
            prepared = ProgramModule.HideHostPages(programBytes);
        }
        catch (InvalidDataException)
        {
            prepared = programBytes;
        }
        return Module.FromBytes(engine, name, prepared);
    }

    /// <summary>Reads the adapter from <paramref name="path"/> and compiles it with its stack globals exported (see <see cref="AdapterModule"/>).</summary>
    public static Module LoadAdapter(Engine engine, string path) => LoadAdapter(engine, File.ReadAllBytes(path));

    /// <summary>Compiles <paramref name="adapterBytes"/> with its stack globals exported (see <see cref="AdapterModule"/>).</summary>
    public static Module LoadAdapter(Engine engine, byte[] adapterBytes) =>
        Module.FromBytes(engine, "wasi_preview1_component_adapter", AdapterModule.ExportStackGlobals(adapterBytes));

    /// <summary>Whether <paramref name="module"/> imports from <c>wasi_snapshot_preview1</c> (read from its bytes, without compiling it).</summary>
    /// <exception cref="InvalidDataException">Not a core module, or its import section cannot be read.</exception>
    public static bool ImportsPreview1(byte[] module) => ProgramModule.ImportsPreview1(module);

    /// <summary>
    /// Calls the adapter's <c>run</c> (once), which calls the program's <c>_start</c>, and returns the exit status:
    /// 0 when it returns, n when it calls <c>proc_exit(n)</c>. (The adapter turns any n ≠ 0 into the preview-2
    /// <c>exit(err)</c>, which carries no code; the forwarder of <c>proc_exit</c> keeps n.) A trap propagates after
    /// stdout and stderr are flushed.
    /// </summary>
    public int Run()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_ran) throw new InvalidOperationException("a command runs once: make a new Preview1Command (and WasiContext) to run again");
        _ran = true;
        // proc_exit's own code, kept by its forwarder, beats the exit(err) the adapter turns it into.
        return Context.RunEntry(() => _run.Invoke() is int status && status == 0 ? 0 : 1, () => _exitStatus);
    }

    /// <summary>Instantiates and runs <paramref name="program"/> through <paramref name="adapter"/> with a shared <paramref name="linker"/>, returning its exit status.</summary>
    public static int Run(WasiLinker linker, Module program, Module adapter, WasiContext context)
    {
        using var command = new Preview1Command(linker, program, adapter, context);
        return command.Run();
    }

    /// <summary>Instantiates and runs <paramref name="program"/> through <paramref name="adapter"/>, returning its exit status.</summary>
    public static int Run(Engine engine, Module program, Module adapter, WasiContext context)
    {
        using var command = new Preview1Command(engine, program, adapter, context);
        return command.Run();
    }

    /// <summary>The program's imports, in order: functions of this store that forward to the adapter's exports of the same names.</summary>
    private object[] Forwarders(Module program, Module adapter)
    {
        var exports = FunctionExportsOf.GetValue(adapter, m => m.Exports.OfType<FunctionExport>().ToDictionary(e => e.Name, StringComparer.Ordinal));
        var forwarders = new List<object>();
        var missing = new List<string>();
        var mismatched = new List<string>();
        foreach (var import in ImportsOf(program))
        {
            var name = $"{import.ModuleName}.{import.Name}";
            if (import.ModuleName != Preview1Module || import is not FunctionImport function || !exports.TryGetValue(import.Name, out var export))
            {
                missing.Add(name);
                continue;
            }
            if (!export.Parameters.SequenceEqual(function.Parameters) || !export.Results.SequenceEqual(function.Results))
            {
                mismatched.Add(name);
                continue;
            }
            var exportName = import.Name;
            Function? target = null;
            int resultCount = function.Results.Count;
            bool isProcExit = exportName == "proc_exit" && function.Parameters.Count == 1;
            forwarders.Add(Function.FromCallback(Store, (Caller caller, ReadOnlySpan<ValueBox> arguments, Span<ValueBox> results) =>
            {
                target ??= Adapter.GetFunction(exportName) ?? throw new WitTrapException($"the adapter does not export {exportName}");
                object? value;
                try
                {
                    value = target.Invoke(arguments);
                }
                catch (Exception ex) when (WasiCommand.ExitStatus(ex) is { } status)
                {
                    // The adapter's proc_exit(n) calls exit(err) for any n != 0: the code is known only here.
                    if (isProcExit && status != 0 && arguments[0].AsInt32() != 0) status = arguments[0].AsInt32();
                    _exitStatus ??= status;
                    throw new GuestExitException(status);
                }
                if (resultCount == 1) results[0] = value switch
                {
                    int i => i,
                    long l => l,
                    _ => throw new WitTrapException($"{exportName} returned an unexpected {value?.GetType().Name ?? "nothing"}"),
                };
            }, function.Parameters.ToArray(), function.Results.ToArray()));
        }
        if (missing.Count == 0 && mismatched.Count == 0) return forwarders.ToArray();
        var message = new List<string>();
        if (missing.Count > 0) message.Add($"the program imports what the preview-1 adapter does not provide: {string.Join(", ", missing)}");
        if (mismatched.Count > 0) message.Add($"the program imports adapter functions with another signature: {string.Join(", ", mismatched)}");
        throw new WasiLinkException(string.Join("; and ", message), missing, mismatched);
    }

    private static void GiveAdapterAStack(Instance adapter, int stackEnd)
    {
        var stackPointer = adapter.GetGlobal(AdapterModule.StackPointerExport)
            ?? throw new InvalidOperationException("the adapter does not export its __stack_pointer (load it with LoadAdapter)");
        var allocationState = adapter.GetGlobal(AdapterModule.AllocationStateExport)
            ?? throw new InvalidOperationException("the adapter does not export its allocation_state (load it with LoadAdapter)");
        allocationState.SetValue(1);
        stackPointer.SetValue(stackEnd);
        allocationState.SetValue(2);
    }

    /// <summary>Disposes the store. The context stays: dispose it to drop its handles.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Store.Dispose();
    }
}
