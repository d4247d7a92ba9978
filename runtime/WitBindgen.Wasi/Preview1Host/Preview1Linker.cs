using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Wasmtime;
using WitBindgen.Runtime.Abi;
using F = WitBindgen.Wasi.Preview1Host.Preview1Functions;

namespace WitBindgen.Wasi.Preview1Host;

/// <summary>
/// A linker with all 46 functions of <c>wasi_snapshot_preview1</c> defined once, implemented in C# over the seed
/// world's interfaces of each store's <see cref="WasiContext"/> (its <see cref="CommandHost"/>): no adapter module.
/// Each call finds its instance's state in the store's <see cref="WasiStoreData"/>, so one linker serves any number
/// of instances, also on several threads at once. <see cref="For(Engine)"/> gives the engine's shared one. A function
/// is defined when a module first imports it, so that starting a program costs only what it imports.
/// </summary>
public sealed class Preview1Linker : IDisposable
{
    private static readonly ConditionalWeakTable<Engine, Preview1Linker> PerEngine = new();
    private readonly ConditionalWeakTable<Module, object> _checked = new();
    private readonly Linker _linker;
    // Functions are defined when a module first needs them (the JIT compiles each on definition); the writer lock
    // keeps a definition from racing an instantiation on another thread. Once all are defined, no lock is taken.
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly HashSet<string> _defined = new(StringComparer.Ordinal);
    private volatile bool _complete;

    /// <summary>A linker for <paramref name="engine"/>; each function is defined when a module first imports it.</summary>
    public Preview1Linker(Engine engine)
    {
        Engine = engine ?? throw new ArgumentNullException(nameof(engine));
        _linker = new Linker(engine);
    }

    /// <summary>The engine's shared linker (made on first use, kept as long as the engine object lives). Do not dispose it.</summary>
    public static Preview1Linker For(Engine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return PerEngine.GetValue(engine, e => new Preview1Linker(e));
    }

    /// <summary>The engine.</summary>
    public Engine Engine { get; }

    /// <summary>
    /// The linker with all the <c>wasi_snapshot_preview1</c> functions (asking for it defines those not defined yet;
    /// define more imports here before the first instantiation).
    /// </summary>
    public Linker Linker
    {
        get
        {
            Define(Definitions.Keys);
            return _linker;
        }
    }

    /// <summary>True if <paramref name="module"/> imports anything from <c>wasi_snapshot_preview1</c>.</summary>
    public static bool ImportsPreview1(Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        return module.Imports.Any(i => i.ModuleName == Abi.Module);
    }

    // Defines those of `names` that are preview-1 functions and not defined yet.
    private void Define(IEnumerable<string> names)
    {
        if (_complete) return;
        _lock.EnterWriteLock();
        try
        {
            foreach (var name in names)
                if (Definitions.TryGetValue(name, out var define) && _defined.Add(name)) define(_linker);
            _complete = _defined.Count == Definitions.Count;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Instantiates <paramref name="module"/> (checked by <see cref="CheckImports"/>) in <paramref name="store"/>.</summary>
    internal Instance Instantiate(Store store, Module module)
    {
        if (_complete) return _linker.Instantiate(store, module);
        _lock.EnterReadLock();
        try
        {
            return _linker.Instantiate(store, module);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>
    /// Defines the preview-1 functions <paramref name="module"/> imports, then checks once per module that the linker
    /// defines every import with its signature (else <see cref="WasiLinkException"/>).
    /// </summary>
    internal void CheckImports(Module module, Store store)
    {
        if (_checked.TryGetValue(module, out _)) return;
        var imports = module.Imports;
        Define(imports.Where(i => i is FunctionImport && i.ModuleName == Abi.Module).Select(i => i.Name));
        var missing = new List<string>();
        var mismatched = new List<string>();
        bool locked = !_complete;
        if (locked) _lock.EnterReadLock();
        try
        {
            foreach (var import in imports)
            {
                var name = $"{import.ModuleName}.{import.Name}";
                var defined = import is FunctionImport ? _linker.GetFunction(store, import.ModuleName, import.Name) : null;
                if (import is not FunctionImport function || defined is null) missing.Add(name);
                else if (!defined.Parameters.SequenceEqual(function.Parameters) || !defined.Results.SequenceEqual(function.Results)) mismatched.Add(name);
            }
        }
        finally
        {
            if (locked) _lock.ExitReadLock();
        }
        if (missing.Count > 0 || mismatched.Count > 0)
        {
            var parts = new List<string>();
            if (missing.Count > 0) parts.Add($"the program imports what preview 1 does not provide: {string.Join(", ", missing)}");
            if (mismatched.Count > 0) parts.Add($"the program imports preview-1 functions with another signature: {string.Join(", ", mismatched)}");
            throw new WasiLinkException(string.Join("; and ", parts), missing, mismatched);
        }
        _checked.AddOrUpdate(module, module);
    }

    private static Preview1State State(Caller caller, string function) =>
        CanonicalAbi.StoreData<WasiStoreData>(caller, function).Face<Preview1State>();

    private static (Preview1State, GuestMemory) At(Caller c, string fn)
    {
        var s = State(c, fn);
        return (s, s.Guest(c, fn));
    }

    private const string M = Abi.Module;

    // One definition per function, run only for the functions a module imports: each is a generic instantiation of
    // Wasmtime's DefineFunction that the JIT compiles on first use, so a hello-world need not pay for all 46.
    private static readonly Dictionary<string, Action<Linker>> Definitions = new(StringComparer.Ordinal)
    {
        ["args_get"] = l => l.DefineFunction(M, "args_get", (CallerFunc<int, int, int>)((c, a, b) => { var (s, m) = At(c, "args_get"); return (int)F.ArgsGet(s, m, (uint)a, (uint)b); })),
        ["args_sizes_get"] = l => l.DefineFunction(M, "args_sizes_get", (CallerFunc<int, int, int>)((c, a, b) => { var (s, m) = At(c, "args_sizes_get"); return (int)F.ArgsSizesGet(s, m, (uint)a, (uint)b); })),
        ["environ_get"] = l => l.DefineFunction(M, "environ_get", (CallerFunc<int, int, int>)((c, a, b) => { var (s, m) = At(c, "environ_get"); return (int)F.EnvironGet(s, m, (uint)a, (uint)b); })),
        ["environ_sizes_get"] = l => l.DefineFunction(M, "environ_sizes_get", (CallerFunc<int, int, int>)((c, a, b) => { var (s, m) = At(c, "environ_sizes_get"); return (int)F.EnvironSizesGet(s, m, (uint)a, (uint)b); })),
        ["clock_res_get"] = l => l.DefineFunction(M, "clock_res_get", (CallerFunc<int, int, int>)((c, id, r) => { var (s, m) = At(c, "clock_res_get"); return (int)F.ClockResGet(s, m, (uint)id, (uint)r); })),
        ["clock_time_get"] = l => l.DefineFunction(M, "clock_time_get", (CallerFunc<int, long, int, int>)((c, id, _, r) => { var (s, m) = At(c, "clock_time_get"); return (int)F.ClockTimeGet(s, m, (uint)id, (uint)r); })),
        ["fd_advise"] = l => l.DefineFunction(M, "fd_advise", (CallerFunc<int, long, long, int, int>)((c, fd, o, n, a) => (int)F.FdAdvise(State(c, "fd_advise"), (uint)fd, (ulong)o, (ulong)n, (uint)a))),
        ["fd_allocate"] = l => l.DefineFunction(M, "fd_allocate", (CallerFunc<int, long, long, int>)((c, fd, _, _) => (int)F.FdAllocate(State(c, "fd_allocate"), (uint)fd))),
        ["fd_close"] = l => l.DefineFunction(M, "fd_close", (CallerFunc<int, int>)((c, fd) => (int)F.FdClose(State(c, "fd_close"), (uint)fd))),
        ["fd_datasync"] = l => l.DefineFunction(M, "fd_datasync", (CallerFunc<int, int>)((c, fd) => (int)F.FdDatasync(State(c, "fd_datasync"), (uint)fd))),
        ["fd_fdstat_get"] = l => l.DefineFunction(M, "fd_fdstat_get", (CallerFunc<int, int, int>)((c, fd, r) => { var (s, m) = At(c, "fd_fdstat_get"); return (int)F.FdFdstatGet(s, m, (uint)fd, (uint)r); })),
        ["fd_fdstat_set_flags"] = l => l.DefineFunction(M, "fd_fdstat_set_flags", (CallerFunc<int, int, int>)((c, fd, f) => (int)F.FdFdstatSetFlags(State(c, "fd_fdstat_set_flags"), (uint)fd, (uint)f))),
        ["fd_fdstat_set_rights"] = l => l.DefineFunction(M, "fd_fdstat_set_rights", (CallerFunc<int, long, long, int>)((c, fd, b, i) => (int)F.FdFdstatSetRights(State(c, "fd_fdstat_set_rights"), (uint)fd, (ulong)b, (ulong)i))),
        ["fd_filestat_get"] = l => l.DefineFunction(M, "fd_filestat_get", (CallerFunc<int, int, int>)((c, fd, r) => { var (s, m) = At(c, "fd_filestat_get"); return (int)F.FdFilestatGet(s, m, (uint)fd, (uint)r); })),
        ["fd_filestat_set_size"] = l => l.DefineFunction(M, "fd_filestat_set_size", (CallerFunc<int, long, int>)((c, fd, n) => (int)F.FdFilestatSetSize(State(c, "fd_filestat_set_size"), (uint)fd, (ulong)n))),
        ["fd_filestat_set_times"] = l => l.DefineFunction(M, "fd_filestat_set_times", (CallerFunc<int, long, long, int, int>)((c, fd, a, mt, f) => (int)F.FdFilestatSetTimes(State(c, "fd_filestat_set_times"), (uint)fd, (ulong)a, (ulong)mt, (uint)f))),
        ["fd_pread"] = l => l.DefineFunction(M, "fd_pread", (CallerFunc<int, int, int, long, int, int>)((c, fd, iovs, n, o, r) => { var (s, m) = At(c, "fd_pread"); return (int)F.FdRead(s, m, (uint)fd, (uint)iovs, (uint)n, (ulong)o, (uint)r); })),
        ["fd_prestat_get"] = l => l.DefineFunction(M, "fd_prestat_get", (CallerFunc<int, int, int>)((c, fd, r) => { var (s, m) = At(c, "fd_prestat_get"); return (int)F.FdPrestatGet(s, m, (uint)fd, (uint)r); })),
        ["fd_prestat_dir_name"] = l => l.DefineFunction(M, "fd_prestat_dir_name", (CallerFunc<int, int, int, int>)((c, fd, p, n) => { var (s, m) = At(c, "fd_prestat_dir_name"); return (int)F.FdPrestatDirName(s, m, (uint)fd, (uint)p, (uint)n); })),
        ["fd_pwrite"] = l => l.DefineFunction(M, "fd_pwrite", (CallerFunc<int, int, int, long, int, int>)((c, fd, iovs, n, o, r) => { var (s, m) = At(c, "fd_pwrite"); return (int)F.FdWrite(s, m, (uint)fd, (uint)iovs, (uint)n, (ulong)o, (uint)r); })),
        ["fd_read"] = l => l.DefineFunction(M, "fd_read", (CallerFunc<int, int, int, int, int>)((c, fd, iovs, n, r) => { var (s, m) = At(c, "fd_read"); return (int)F.FdRead(s, m, (uint)fd, (uint)iovs, (uint)n, null, (uint)r); })),
        ["fd_readdir"] = l => l.DefineFunction(M, "fd_readdir", (CallerFunc<int, int, int, long, int, int>)((c, fd, b, n, k, r) => { var (s, m) = At(c, "fd_readdir"); return (int)F.FdReaddir(s, m, (uint)fd, (uint)b, (uint)n, (ulong)k, (uint)r); })),
        ["fd_renumber"] = l => l.DefineFunction(M, "fd_renumber", (CallerFunc<int, int, int>)((c, from, to) => (int)F.FdRenumber(State(c, "fd_renumber"), (uint)from, (uint)to))),
        ["fd_seek"] = l => l.DefineFunction(M, "fd_seek", (CallerFunc<int, long, int, int, int>)((c, fd, o, w, r) => { var (s, m) = At(c, "fd_seek"); return (int)F.FdSeek(s, m, (uint)fd, o, (uint)w, (uint)r); })),
        ["fd_sync"] = l => l.DefineFunction(M, "fd_sync", (CallerFunc<int, int>)((c, fd) => (int)F.FdSync(State(c, "fd_sync"), (uint)fd))),
        ["fd_tell"] = l => l.DefineFunction(M, "fd_tell", (CallerFunc<int, int, int>)((c, fd, r) => { var (s, m) = At(c, "fd_tell"); return (int)F.FdTell(s, m, (uint)fd, (uint)r); })),
        ["fd_write"] = l => l.DefineFunction(M, "fd_write", (CallerFunc<int, int, int, int, int>)((c, fd, iovs, n, r) => { var (s, m) = At(c, "fd_write"); return (int)F.FdWrite(s, m, (uint)fd, (uint)iovs, (uint)n, null, (uint)r); })),
        ["path_create_directory"] = l => l.DefineFunction(M, "path_create_directory", (CallerFunc<int, int, int, int>)((c, fd, p, n) => { var (s, m) = At(c, "path_create_directory"); return (int)F.PathCreateDirectory(s, m, (uint)fd, (uint)p, (uint)n); })),
        ["path_filestat_get"] = l => l.DefineFunction(M, "path_filestat_get", (CallerFunc<int, int, int, int, int, int>)((c, fd, f, p, n, r) => { var (s, m) = At(c, "path_filestat_get"); return (int)F.PathFilestatGet(s, m, (uint)fd, (uint)f, (uint)p, (uint)n, (uint)r); })),
        ["path_filestat_set_times"] = l => l.DefineFunction(M, "path_filestat_set_times", (CallerFunc<int, int, int, int, long, long, int, int>)((c, fd, f, p, n, a, mt, ff) => { var (s, m) = At(c, "path_filestat_set_times"); return (int)F.PathFilestatSetTimes(s, m, (uint)fd, (uint)f, (uint)p, (uint)n, (ulong)a, (ulong)mt, (uint)ff); })),
        ["path_link"] = l => l.DefineFunction(M, "path_link", (CallerFunc<int, int, int, int, int, int, int, int>)((c, ofd, of, op, on, nfd, np, nn) => { var (s, m) = At(c, "path_link"); return (int)F.PathLink(s, m, (uint)ofd, (uint)of, (uint)op, (uint)on, (uint)nfd, (uint)np, (uint)nn); })),
        ["path_open"] = l => l.DefineFunction(M, "path_open", (CallerFunc<int, int, int, int, int, long, long, int, int, int>)((c, fd, df, p, n, of, rb, ri, ff, r) => { var (s, m) = At(c, "path_open"); return (int)F.PathOpen(s, m, (uint)fd, (uint)df, (uint)p, (uint)n, (uint)of, (ulong)rb, (ulong)ri, (uint)ff, (uint)r); })),
        ["path_readlink"] = l => l.DefineFunction(M, "path_readlink", (CallerFunc<int, int, int, int, int, int, int>)((c, fd, p, n, b, bn, r) => { var (s, m) = At(c, "path_readlink"); return (int)F.PathReadlink(s, m, (uint)fd, (uint)p, (uint)n, (uint)b, (uint)bn, (uint)r); })),
        ["path_remove_directory"] = l => l.DefineFunction(M, "path_remove_directory", (CallerFunc<int, int, int, int>)((c, fd, p, n) => { var (s, m) = At(c, "path_remove_directory"); return (int)F.PathRemoveDirectory(s, m, (uint)fd, (uint)p, (uint)n); })),
        ["path_rename"] = l => l.DefineFunction(M, "path_rename", (CallerFunc<int, int, int, int, int, int, int>)((c, fd, op, on, nfd, np, nn) => { var (s, m) = At(c, "path_rename"); return (int)F.PathRename(s, m, (uint)fd, (uint)op, (uint)on, (uint)nfd, (uint)np, (uint)nn); })),
        ["path_symlink"] = l => l.DefineFunction(M, "path_symlink", (CallerFunc<int, int, int, int, int, int>)((c, op, on, fd, np, nn) => { var (s, m) = At(c, "path_symlink"); return (int)F.PathSymlink(s, m, (uint)op, (uint)on, (uint)fd, (uint)np, (uint)nn); })),
        ["path_unlink_file"] = l => l.DefineFunction(M, "path_unlink_file", (CallerFunc<int, int, int, int>)((c, fd, p, n) => { var (s, m) = At(c, "path_unlink_file"); return (int)F.PathUnlinkFile(s, m, (uint)fd, (uint)p, (uint)n); })),
        ["poll_oneoff"] = l => l.DefineFunction(M, "poll_oneoff", (CallerFunc<int, int, int, int, int>)((c, i, o, n, r) => { var (s, m) = At(c, "poll_oneoff"); return (int)F.PollOneoff(s, m, (uint)i, (uint)o, (uint)n, (uint)r); })),
        ["proc_exit"] = l => l.DefineFunction(M, "proc_exit", (CallerAction<int>)((c, code) => F.ProcExit(State(c, "proc_exit"), (uint)code))),
        ["proc_raise"] = l => l.DefineFunction(M, "proc_raise", (CallerFunc<int, int>)((c, sig) => (int)F.ProcRaise((uint)sig))),
        ["sched_yield"] = l => l.DefineFunction(M, "sched_yield", (CallerFunc<int>)(c => (int)F.SchedYield())),
        ["random_get"] = l => l.DefineFunction(M, "random_get", (CallerFunc<int, int, int>)((c, b, n) => { var (s, m) = At(c, "random_get"); return (int)F.RandomGet(s, m, (uint)b, (uint)n); })),
        ["sock_accept"] = l => l.DefineFunction(M, "sock_accept", (CallerFunc<int, int, int, int>)((c, fd, f, r) => { var (s, m) = At(c, "sock_accept"); return (int)F.SockAccept(s, m, (uint)fd, (uint)f, (uint)r); })),
        ["sock_recv"] = l => l.DefineFunction(M, "sock_recv", (CallerFunc<int, int, int, int, int, int, int>)((c, fd, _, _, f, n, of) => { var (s, m) = At(c, "sock_recv"); return (int)F.SockRecv(s, m, (uint)fd, (uint)f, (uint)n, (uint)of); })),
        ["sock_send"] = l => l.DefineFunction(M, "sock_send", (CallerFunc<int, int, int, int, int, int>)((c, fd, _, _, f, n) => { var (s, m) = At(c, "sock_send"); return (int)F.SockSend(s, m, (uint)fd, (uint)f, (uint)n); })),
        ["sock_shutdown"] = l => l.DefineFunction(M, "sock_shutdown", (CallerFunc<int, int, int>)((c, fd, how) => (int)F.SockShutdown(State(c, "sock_shutdown"), (uint)fd, (uint)how))),
    };

    /// <summary>Disposes the linker.</summary>
    public void Dispose()
    {
        _linker.Dispose();
        _lock.Dispose();
    }
}
