using System;
using Wasmtime;
using WitBindgen.Runtime.Abi;

namespace WitBindgen.Wasi.Preview1Host;

/// <summary>
/// The preview-1 state of one instance: its context's <see cref="CommandHost"/> (every call goes through it, so
/// every override applies), the program's memory (bound once after instantiation) and the descriptor table, made
/// at the first call that needs it from <c>get-stdin</c>/<c>get-stdout</c>/<c>get-stderr</c> and
/// <c>get-directories</c>, as wasmtime does.
/// </summary>
internal sealed class Preview1State : IWasiFaceState<Preview1State>
{
    private FdTable? _fds;

    public Preview1State(WasiContext context) => Context = context;

    public static Preview1State Create(WasiContext context) => new(context);

    public WasiContext Context { get; }

    public CommandHost Host => Context.Host;

    /// <summary>The program's exported memory, once bound.</summary>
    public Memory? Memory { get; set; }

    public IFilesystem Filesystem => Host.Filesystem ?? throw Missing("filesystem");

    public IStreams Streams => Host.Streams ?? throw Missing("streams");

    public IPoll Poll => Host.Poll ?? throw Missing("poll");

    public IMonotonicClock MonotonicClock => Host.MonotonicClock ?? throw Missing("monotonic-clock");

    public IWallClock WallClock => Host.WallClock ?? throw Missing("wall-clock");

    private static WitTrapException Missing(string name) => new($"wasi_snapshot_preview1: the context has no {name} implementation");

    /// <summary>Checked access to the program's memory for <paramref name="function"/>.</summary>
    public GuestMemory Guest(Caller caller, string function)
    {
        var memory = Memory;
        if (memory is null)
        {
            // Called before the instance was bound (from a start function): find the export this once.
            memory = caller.GetMemory("memory")
                ?? throw new WitTrapException($"{function}: the program exports no memory named \"memory\"");
        }
        return new GuestMemory(memory, function);
    }

    /// <summary>The descriptor table, made on first use.</summary>
    public FdTable Fds => _fds ??= CreateTable();

    private FdTable CreateTable()
    {
        var table = new FdTable();
        var host = Host;
        uint stdin = (host.Stdin ?? throw Missing("stdin")).GetStdin();
        uint stdout = (host.Stdout ?? throw Missing("stdout")).GetStdout();
        uint stderr = (host.Stderr ?? throw Missing("stderr")).GetStderr();
        table.TryPush(new FdEntry(FdKind.Stdin, stdin) { IsTerminal = IsTerminal(stdin, 0) }, out _);
        table.TryPush(new FdEntry(FdKind.Stdout, stdout) { IsTerminal = IsTerminal(stdout, 1) }, out _);
        table.TryPush(new FdEntry(FdKind.Stderr, stderr) { IsTerminal = IsTerminal(stderr, 2) }, out _);
        foreach (var (handle, path) in (host.EnvironmentPreopens ?? throw Missing("environment-preopens")).GetDirectories())
            table.TryPush(new FdEntry(FdKind.Directory, handle) { PreopenPath = path }, out _);
        return table;
    }

    /// <summary>A stdio stream is a terminal only when it is the process's own console stream and that is a terminal.</summary>
    private bool IsTerminal(uint handle, int stdioFd)
    {
        if (Context.Table.TryGet<WasiResource>(handle, out var resource) != HandleStatus.Valid) return false;
        return (resource, stdioFd) switch
        {
            (StreamInputStream input, 0) => input.IsConsole && !Console.IsInputRedirected,
            (StreamOutputStream output, 1) => output.IsConsole && !Console.IsOutputRedirected,
            (StreamOutputStream output, 2) => output.IsConsole && !Console.IsErrorRedirected,
            _ => false,
        };
    }

    /// <summary>Drops a directory's cached <c>fd_readdir</c> listing, if any.</summary>
    public void DropListing(FdEntry entry)
    {
        if (entry.Listing is { } listing) Filesystem.DropDirectoryEntryStream(listing);
        entry.Listing = null;
        entry.ListingLast = null;
    }

    /// <summary>Drops the handle behind a descriptor that leaves the table (closed, or replaced by <c>fd_renumber</c>).</summary>
    public void Drop(FdEntry entry)
    {
        switch (entry.Kind)
        {
            case FdKind.Stdin:
                Streams.DropInputStream(entry.Handle);
                break;
            case FdKind.Stdout:
            case FdKind.Stderr:
                Streams.DropOutputStream(entry.Handle);
                break;
            default:
                DropListing(entry);
                Filesystem.DropDescriptor(entry.Handle);
                break;
        }
    }
}
