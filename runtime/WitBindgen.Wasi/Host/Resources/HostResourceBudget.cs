using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace WitBindgen.Wasi;

/// <summary>
/// Bounds the host resources one guest instance holds open at once — file descriptors of open files and directory
/// listings, sockets — well below the process's own limit, so that a guest opening files in a loop gets an error code
/// (<c>insufficient-memory</c> from the filesystem, <c>new-socket-limit</c> from sockets) instead of exhausting the
/// process's descriptors and starving the host and every other instance. Every budget also draws on one
/// process-wide budget that stops short of <c>RLIMIT_NOFILE</c>, leaving a reserve for the host itself.
/// </summary>
public sealed class HostResourceBudget
{
    /// <summary>The default limit per instance.</summary>
    public const int DefaultLimit = 1024;

    private static long s_processInUse;
    private int _inUse;

    /// <summary>Creates a budget of <paramref name="limit"/> open host resources.</summary>
    public HostResourceBudget(int limit = DefaultLimit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        Limit = limit;
    }

    /// <summary>The most host resources the instance may hold open at once.</summary>
    public int Limit { get; }

    /// <summary>How many it holds open now.</summary>
    public int InUse => Volatile.Read(ref _inUse);

    /// <summary>
    /// The most host resources all instances of the process together may hold: the soft <c>RLIMIT_NOFILE</c> less a
    /// reserve of an eighth (at least 64) for the host's own files, pipes and sockets.
    /// </summary>
    public static long ProcessLimit { get; } = ComputeProcessLimit();

    /// <summary>How many host resources all instances of the process hold now.</summary>
    public static long ProcessInUse => Interlocked.Read(ref s_processInUse);

    /// <summary>Takes one resource from this budget and the process's; null when either is spent.</summary>
    public HostResourceLease? TryAcquire()
    {
        if (Interlocked.Increment(ref _inUse) > Limit)
        {
            Interlocked.Decrement(ref _inUse);
            return null;
        }
        if (Interlocked.Increment(ref s_processInUse) > ProcessLimit)
        {
            Interlocked.Decrement(ref s_processInUse);
            Interlocked.Decrement(ref _inUse);
            return null;
        }
        return new HostResourceLease(this);
    }

    internal void Release()
    {
        Interlocked.Decrement(ref s_processInUse);
        Interlocked.Decrement(ref _inUse);
    }

    private static long ComputeProcessLimit()
    {
        long soft = 8192; // Windows and unknown systems: the CRT-independent handle count is large; stay modest.
        try
        {
            if (OperatingSystem.IsLinux() && GetRLimit(7, out var linux) == 0) soft = Clamp(linux.Current);
            else if (OperatingSystem.IsMacOS() && GetRLimit(8, out var mac) == 0) soft = Clamp(mac.Current);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
        }
        return Math.Max(16, soft - Math.Max(64, soft / 8));
    }

    private static long Clamp(ulong value) => (long)Math.Min(value, 1UL << 30);

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [DllImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static extern int GetRLimit(int resource, out RLimit limit);
}
