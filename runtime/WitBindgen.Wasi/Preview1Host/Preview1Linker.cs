using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using Wasmtime;
using WitBindgen.Runtime.Abi;
using F = WitBindgen.Wasi.Preview1Host.Preview1Functions;

namespace WitBindgen.Wasi.Preview1Host;

/// <summary>
/// A linker with all 46 functions of <c>wasi_snapshot_preview1</c> defined once, implemented in C# over the seed
/// world's interfaces of each store's <see cref="WasiContext"/> (its <see cref="CommandHost"/>): no adapter module.
/// Each call finds its instance's state in the store's <see cref="WasiStoreData"/>, so one linker serves any number
/// of instances, also on several threads at once. <see cref="For(Engine)"/> gives the engine's shared one.
/// </summary>
public sealed class Preview1Linker : IDisposable
{
    private static readonly ConditionalWeakTable<Engine, Preview1Linker> PerEngine = new();
    private readonly ConditionalWeakTable<Module, object> _checked = new();
    private readonly Lazy<Linker> _linker;

    /// <summary>A linker for <paramref name="engine"/>; the functions are defined on first use.</summary>
    public Preview1Linker(Engine engine)
    {
        Engine = engine ?? throw new ArgumentNullException(nameof(engine));
        _linker = new Lazy<Linker>(() => Define(new Linker(engine)));
    }

    /// <summary>The engine's shared linker (made on first use, kept as long as the engine object lives). Do not dispose it.</summary>
    public static Preview1Linker For(Engine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return PerEngine.GetValue(engine, e => new Preview1Linker(e));
    }

    /// <summary>The engine.</summary>
    public Engine Engine { get; }

    /// <summary>The linker with the <c>wasi_snapshot_preview1</c> functions (define more imports here before the first instantiation).</summary>
    public Linker Linker => _linker.Value;

    /// <summary>True if <paramref name="module"/> imports anything from <c>wasi_snapshot_preview1</c>.</summary>
    public static bool ImportsPreview1(Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        return module.Imports.Any(i => i.ModuleName == Abi.Module);
    }

    /// <summary>Checks once per module that the linker defines every import with its signature (else <see cref="WasiLinkException"/>).</summary>
    internal void CheckImports(Module module, Store store)
    {
        if (_checked.TryGetValue(module, out _)) return;
        var missing = new List<string>();
        var mismatched = new List<string>();
        foreach (var import in module.Imports)
        {
            var name = $"{import.ModuleName}.{import.Name}";
            var defined = import is FunctionImport ? Linker.GetFunction(store, import.ModuleName, import.Name) : null;
            if (import is not FunctionImport function || defined is null) missing.Add(name);
            else if (!defined.Parameters.SequenceEqual(function.Parameters) || !defined.Results.SequenceEqual(function.Results)) mismatched.Add(name);
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

    private static Linker Define(Linker l)
    {
        const string M = Abi.Module;
        static (Preview1State, GuestMemory) At(Caller c, string fn)
        {
            var s = State(c, fn);
            return (s, s.Guest(c, fn));
        }

        l.DefineFunction(M, "args_get", (CallerFunc<int, int, int>)((c, a, b) => { var (s, m) = At(c, "args_get"); return (int)F.ArgsGet(s, m, (uint)a, (uint)b); }));
        l.DefineFunction(M, "args_sizes_get", (CallerFunc<int, int, int>)((c, a, b) => { var (s, m) = At(c, "args_sizes_get"); return (int)F.ArgsSizesGet(s, m, (uint)a, (uint)b); }));
        l.DefineFunction(M, "environ_get", (CallerFunc<int, int, int>)((c, a, b) => { var (s, m) = At(c, "environ_get"); return (int)F.EnvironGet(s, m, (uint)a, (uint)b); }));
        l.DefineFunction(M, "environ_sizes_get", (CallerFunc<int, int, int>)((c, a, b) => { var (s, m) = At(c, "environ_sizes_get"); return (int)F.EnvironSizesGet(s, m, (uint)a, (uint)b); }));
        l.DefineFunction(M, "clock_res_get", (CallerFunc<int, int, int>)((c, id, r) => { var (s, m) = At(c, "clock_res_get"); return (int)F.ClockResGet(s, m, (uint)id, (uint)r); }));
        l.DefineFunction(M, "clock_time_get", (CallerFunc<int, long, int, int>)((c, id, _, r) => { var (s, m) = At(c, "clock_time_get"); return (int)F.ClockTimeGet(s, m, (uint)id, (uint)r); }));
        l.DefineFunction(M, "fd_advise", (CallerFunc<int, long, long, int, int>)((c, fd, o, n, a) => (int)F.FdAdvise(State(c, "fd_advise"), (uint)fd, (ulong)o, (ulong)n, (uint)a)));
        l.DefineFunction(M, "fd_allocate", (CallerFunc<int, long, long, int>)((c, fd, _, _) => (int)F.FdAllocate(State(c, "fd_allocate"), (uint)fd)));
        l.DefineFunction(M, "fd_close", (CallerFunc<int, int>)((c, fd) => (int)F.FdClose(State(c, "fd_close"), (uint)fd)));
        l.DefineFunction(M, "fd_datasync", (CallerFunc<int, int>)((c, fd) => (int)F.FdDatasync(State(c, "fd_datasync"), (uint)fd)));
        l.DefineFunction(M, "fd_fdstat_get", (CallerFunc<int, int, int>)((c, fd, r) => { var (s, m) = At(c, "fd_fdstat_get"); return (int)F.FdFdstatGet(s, m, (uint)fd, (uint)r); }));
        l.DefineFunction(M, "fd_fdstat_set_flags", (CallerFunc<int, int, int>)((c, fd, f) => (int)F.FdFdstatSetFlags(State(c, "fd_fdstat_set_flags"), (uint)fd, (uint)f)));
        l.DefineFunction(M, "fd_fdstat_set_rights", (CallerFunc<int, long, long, int>)((c, fd, b, i) => (int)F.FdFdstatSetRights(State(c, "fd_fdstat_set_rights"), (uint)fd, (ulong)b, (ulong)i)));
        l.DefineFunction(M, "fd_filestat_get", (CallerFunc<int, int, int>)((c, fd, r) => { var (s, m) = At(c, "fd_filestat_get"); return (int)F.FdFilestatGet(s, m, (uint)fd, (uint)r); }));
        l.DefineFunction(M, "fd_filestat_set_size", (CallerFunc<int, long, int>)((c, fd, n) => (int)F.FdFilestatSetSize(State(c, "fd_filestat_set_size"), (uint)fd, (ulong)n)));
        l.DefineFunction(M, "fd_filestat_set_times", (CallerFunc<int, long, long, int, int>)((c, fd, a, mt, f) => (int)F.FdFilestatSetTimes(State(c, "fd_filestat_set_times"), (uint)fd, (ulong)a, (ulong)mt, (uint)f)));
        l.DefineFunction(M, "fd_pread", (CallerFunc<int, int, int, long, int, int>)((c, fd, iovs, n, o, r) => { var (s, m) = At(c, "fd_pread"); return (int)F.FdRead(s, m, (uint)fd, (uint)iovs, (uint)n, (ulong)o, (uint)r); }));
        l.DefineFunction(M, "fd_prestat_get", (CallerFunc<int, int, int>)((c, fd, r) => { var (s, m) = At(c, "fd_prestat_get"); return (int)F.FdPrestatGet(s, m, (uint)fd, (uint)r); }));
        l.DefineFunction(M, "fd_prestat_dir_name", (CallerFunc<int, int, int, int>)((c, fd, p, n) => { var (s, m) = At(c, "fd_prestat_dir_name"); return (int)F.FdPrestatDirName(s, m, (uint)fd, (uint)p, (uint)n); }));
        l.DefineFunction(M, "fd_pwrite", (CallerFunc<int, int, int, long, int, int>)((c, fd, iovs, n, o, r) => { var (s, m) = At(c, "fd_pwrite"); return (int)F.FdWrite(s, m, (uint)fd, (uint)iovs, (uint)n, (ulong)o, (uint)r); }));
        l.DefineFunction(M, "fd_read", (CallerFunc<int, int, int, int, int>)((c, fd, iovs, n, r) => { var (s, m) = At(c, "fd_read"); return (int)F.FdRead(s, m, (uint)fd, (uint)iovs, (uint)n, null, (uint)r); }));
        l.DefineFunction(M, "fd_readdir", (CallerFunc<int, int, int, long, int, int>)((c, fd, b, n, k, r) => { var (s, m) = At(c, "fd_readdir"); return (int)F.FdReaddir(s, m, (uint)fd, (uint)b, (uint)n, (ulong)k, (uint)r); }));
        l.DefineFunction(M, "fd_renumber", (CallerFunc<int, int, int>)((c, from, to) => (int)F.FdRenumber(State(c, "fd_renumber"), (uint)from, (uint)to)));
        l.DefineFunction(M, "fd_seek", (CallerFunc<int, long, int, int, int>)((c, fd, o, w, r) => { var (s, m) = At(c, "fd_seek"); return (int)F.FdSeek(s, m, (uint)fd, o, (uint)w, (uint)r); }));
        l.DefineFunction(M, "fd_sync", (CallerFunc<int, int>)((c, fd) => (int)F.FdSync(State(c, "fd_sync"), (uint)fd)));
        l.DefineFunction(M, "fd_tell", (CallerFunc<int, int, int>)((c, fd, r) => { var (s, m) = At(c, "fd_tell"); return (int)F.FdTell(s, m, (uint)fd, (uint)r); }));
        l.DefineFunction(M, "fd_write", (CallerFunc<int, int, int, int, int>)((c, fd, iovs, n, r) => { var (s, m) = At(c, "fd_write"); return (int)F.FdWrite(s, m, (uint)fd, (uint)iovs, (uint)n, null, (uint)r); }));
        l.DefineFunction(M, "path_create_directory", (CallerFunc<int, int, int, int>)((c, fd, p, n) => { var (s, m) = At(c, "path_create_directory"); return (int)F.PathCreateDirectory(s, m, (uint)fd, (uint)p, (uint)n); }));
        l.DefineFunction(M, "path_filestat_get", (CallerFunc<int, int, int, int, int, int>)((c, fd, f, p, n, r) => { var (s, m) = At(c, "path_filestat_get"); return (int)F.PathFilestatGet(s, m, (uint)fd, (uint)f, (uint)p, (uint)n, (uint)r); }));
        l.DefineFunction(M, "path_filestat_set_times", (CallerFunc<int, int, int, int, long, long, int, int>)((c, fd, f, p, n, a, mt, ff) => { var (s, m) = At(c, "path_filestat_set_times"); return (int)F.PathFilestatSetTimes(s, m, (uint)fd, (uint)f, (uint)p, (uint)n, (ulong)a, (ulong)mt, (uint)ff); }));
        l.DefineFunction(M, "path_link", (CallerFunc<int, int, int, int, int, int, int, int>)((c, ofd, of, op, on, nfd, np, nn) => { var (s, m) = At(c, "path_link"); return (int)F.PathLink(s, m, (uint)ofd, (uint)of, (uint)op, (uint)on, (uint)nfd, (uint)np, (uint)nn); }));
        l.DefineFunction(M, "path_open", (CallerFunc<int, int, int, int, int, long, long, int, int, int>)((c, fd, df, p, n, of, rb, ri, ff, r) => { var (s, m) = At(c, "path_open"); return (int)F.PathOpen(s, m, (uint)fd, (uint)df, (uint)p, (uint)n, (uint)of, (ulong)rb, (ulong)ri, (uint)ff, (uint)r); }));
        l.DefineFunction(M, "path_readlink", (CallerFunc<int, int, int, int, int, int, int>)((c, fd, p, n, b, bn, r) => { var (s, m) = At(c, "path_readlink"); return (int)F.PathReadlink(s, m, (uint)fd, (uint)p, (uint)n, (uint)b, (uint)bn, (uint)r); }));
        l.DefineFunction(M, "path_remove_directory", (CallerFunc<int, int, int, int>)((c, fd, p, n) => { var (s, m) = At(c, "path_remove_directory"); return (int)F.PathRemoveDirectory(s, m, (uint)fd, (uint)p, (uint)n); }));
        l.DefineFunction(M, "path_rename", (CallerFunc<int, int, int, int, int, int, int>)((c, fd, op, on, nfd, np, nn) => { var (s, m) = At(c, "path_rename"); return (int)F.PathRename(s, m, (uint)fd, (uint)op, (uint)on, (uint)nfd, (uint)np, (uint)nn); }));
        l.DefineFunction(M, "path_symlink", (CallerFunc<int, int, int, int, int, int>)((c, op, on, fd, np, nn) => { var (s, m) = At(c, "path_symlink"); return (int)F.PathSymlink(s, m, (uint)op, (uint)on, (uint)fd, (uint)np, (uint)nn); }));
        l.DefineFunction(M, "path_unlink_file", (CallerFunc<int, int, int, int>)((c, fd, p, n) => { var (s, m) = At(c, "path_unlink_file"); return (int)F.PathUnlinkFile(s, m, (uint)fd, (uint)p, (uint)n); }));
        l.DefineFunction(M, "poll_oneoff", (CallerFunc<int, int, int, int, int>)((c, i, o, n, r) => { var (s, m) = At(c, "poll_oneoff"); return (int)F.PollOneoff(s, m, (uint)i, (uint)o, (uint)n, (uint)r); }));
        l.DefineFunction(M, "proc_exit", (CallerAction<int>)((c, code) => F.ProcExit(State(c, "proc_exit"), (uint)code)));
        l.DefineFunction(M, "proc_raise", (CallerFunc<int, int>)((c, sig) => (int)F.ProcRaise((uint)sig)));
        l.DefineFunction(M, "sched_yield", (CallerFunc<int>)(c => (int)F.SchedYield()));
        l.DefineFunction(M, "random_get", (CallerFunc<int, int, int>)((c, b, n) => { var (s, m) = At(c, "random_get"); return (int)F.RandomGet(s, m, (uint)b, (uint)n); }));
        l.DefineFunction(M, "sock_accept", (CallerFunc<int, int, int, int>)((c, fd, f, r) => { var (s, m) = At(c, "sock_accept"); return (int)F.SockAccept(s, m, (uint)fd, (uint)f, (uint)r); }));
        l.DefineFunction(M, "sock_recv", (CallerFunc<int, int, int, int, int, int, int>)((c, fd, _, _, f, n, of) => { var (s, m) = At(c, "sock_recv"); return (int)F.SockRecv(s, m, (uint)fd, (uint)f, (uint)n, (uint)of); }));
        l.DefineFunction(M, "sock_send", (CallerFunc<int, int, int, int, int, int>)((c, fd, _, _, f, n) => { var (s, m) = At(c, "sock_send"); return (int)F.SockSend(s, m, (uint)fd, (uint)f, (uint)n); }));
        l.DefineFunction(M, "sock_shutdown", (CallerFunc<int, int, int>)((c, fd, how) => (int)F.SockShutdown(State(c, "sock_shutdown"), (uint)fd, (uint)how)));
        return l;
    }

    /// <summary>Disposes the linker.</summary>
    public void Dispose()
    {
        if (_linker.IsValueCreated) _linker.Value.Dispose();
    }
}
