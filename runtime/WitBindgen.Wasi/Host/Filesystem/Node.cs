using System.Collections.Generic;
using Microsoft.Win32.SafeHandles;

namespace WitBindgen.Wasi.Host;

/// <summary>A new timestamp of a file: left as it is, the current time, or a given time.</summary>
internal readonly record struct FsTimestamp(FsTimestamp.Change Kind, ulong Seconds = 0, uint Nanoseconds = 0)
{
    public enum Change { NoChange, Now, At }

    public static FsTimestamp NoChange => new(Change.NoChange);
    public static FsTimestamp Now => new(Change.Now);
    public static FsTimestamp At(ulong seconds, uint nanoseconds) => new(Change.At, seconds, nanoseconds);
}

/// <summary>
/// What a descriptor of the sandboxed filesystem opens: a <see cref="Dir"/> or a <see cref="File"/> beneath a root,
/// with the operations both have (stat, sync, times, <c>flock</c> locks). A directory's own file is opened on demand.
/// </summary>
internal abstract class Node
{
    protected Node(SandboxRoot root, IReadOnlyList<string> components, SharedFile? shared)
    {
        Root = root;
        Components = components;
        Shared = shared;
    }

    public SandboxRoot Root { get; }
    public IReadOnlyList<string> Components { get; }

    /// <summary>The open file (for a directory: opened on demand, to stat, lock or sync it).</summary>
    public SharedFile? Shared { get; private set; }

    public string HostPath => Root.Join(Components);

    /// <summary>Opens the directory's own file if it is not open yet, checked to lie beneath the root; one of the instance's host resources.</summary>
    protected FsError? EnsureOpen(HostResourceBudget budget)
    {
        if (Shared is not null) return null;
        if (budget.TryAcquire() is not { } lease) return FsError.InsufficientMemory;
        var err = Native.Open(HostPath, Native.O_RDONLY | Native.O_DIRECTORY | Native.O_NOFOLLOW, 0, out var fd);
        if (SharedFile.Adopt(err, fd, lease, Root, out var file) is { } refused) return refused;
        Shared = file;
        return null;
    }

    public FsError? Stat(HostResourceBudget budget, out NativeStat stat)
    {
        stat = default;
        if (EnsureOpen(budget) is { } error) return error;
        return FsErrors.Check(Native.FStat(Shared!.Fd, out stat));
    }

    public FsError? Sync(HostResourceBudget budget, bool dataOnly)
    {
        if (EnsureOpen(budget) is { } error) return error;
        return FsErrors.Check(dataOnly ? Native.Fdatasync(Shared!.Fd) : Native.Fsync(Shared!.Fd));
    }

    /// <summary>A <c>flock</c> lock (per open file, so two descriptors of one guest exclude each other).</summary>
    public FsError? Lock(HostResourceBudget budget, bool exclusive, bool wait)
    {
        var op = (exclusive ? Native.LOCK_EX : Native.LOCK_SH) | (wait ? 0 : Native.LOCK_NB);
        return Flock(budget, op);
    }

    public FsError? Unlock(HostResourceBudget budget) => Flock(budget, Native.LOCK_UN);

    private FsError? Flock(HostResourceBudget budget, int operation)
    {
        if (EnsureOpen(budget) is { } error) return error;
        return FsErrors.Check(Native.Flock(Shared!.Fd, operation));
    }

    public FsError? SetTimes(HostResourceBudget budget, FsTimestamp access, FsTimestamp modification)
    {
        if (Root.ReadOnly) return FsError.ReadOnly;
        if (Times(access, modification, out var times) is { } bad) return bad;
        if (EnsureOpen(budget) is { } error) return error;
        return FsErrors.Check(Native.Futimens(Shared!.Fd, times));
    }

    /// <summary>The <c>timespec[2]</c> of <c>utimensat</c>/<c>futimens</c>; <see cref="FsError.Invalid"/> for an out-of-range time.</summary>
    internal static FsError? Times(FsTimestamp access, FsTimestamp modification, out long[] times)
    {
        var t4 = new long[4];
        times = t4;
        FsError? error = null;
        void Put(int at, FsTimestamp t)
        {
            switch (t.Kind)
            {
                case FsTimestamp.Change.NoChange: t4[at + 1] = Native.UTIME_OMIT; break;
                case FsTimestamp.Change.Now: t4[at + 1] = Native.UTIME_NOW; break;
                default:
                    if (t.Nanoseconds >= 1_000_000_000 || t.Seconds > long.MaxValue) error = FsError.Invalid;
                    t4[at] = (long)t.Seconds;
                    t4[at + 1] = t.Nanoseconds;
                    break;
            }
        }
        Put(0, access);
        Put(2, modification);
        return error;
    }

    /// <summary>Lets go of the open file (closed when its streams let go too).</summary>
    public void Release()
    {
        Shared?.Release();
        Shared = null;
    }
}
