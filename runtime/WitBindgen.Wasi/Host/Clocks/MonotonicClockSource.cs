using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace WitBindgen.Wasi;

/// <summary>
/// The source of WASI's monotonic clock, in nanoseconds from an arbitrary start, and the way
/// <c>poll-oneoff</c> waits for one of its deadlines. Replace it with <see cref="WasiContextBuilder.MonotonicClock"/>:
/// <see cref="ManualMonotonicClock"/> makes time stand still, and jump only when the guest waits.
/// </summary>
public abstract class MonotonicClockSource
{
    /// <summary>The host's monotonic clock (<see cref="Stopwatch"/>).</summary>
    public static MonotonicClockSource Host { get; } = new SystemMonotonicClock();

    /// <summary>The current instant in nanoseconds; never decreases.</summary>
    public abstract ulong Now();

    /// <summary>The clock's resolution in nanoseconds.</summary>
    public abstract ulong Resolution();

    /// <summary>
    /// Waits until the clock reaches <paramref name="deadline"/> (if any) or one of <paramref name="wakeups"/>
    /// completes, whichever comes first; may return early (the caller checks again). By default it waits in real
    /// time for the difference between the deadline and <see cref="Now"/>.
    /// </summary>
    public virtual void Wait(ulong? deadline, IReadOnlyList<Task> wakeups)
    {
        ArgumentNullException.ThrowIfNull(wakeups);
        var timeout = Timeout.Infinite;
        if (deadline is { } due)
        {
            var now = Now();
            if (now >= due) return;
            // Round up to whole milliseconds so that a short wait does not spin; cap to what WaitAny takes.
            var millis = (due - now + 999_999) / 1_000_000;
            timeout = (int)Math.Min(millis, int.MaxValue - 1);
        }
        if (wakeups.Count == 0)
        {
            if (timeout == Timeout.Infinite)
                throw new InvalidOperationException("waiting for nothing: no deadline and no stream to wait for");
            Thread.Sleep(timeout);
            return;
        }
        Task.WaitAny(wakeups as Task[] ?? wakeups.ToArray(), timeout);
    }

    /// <summary>Adds <paramref name="nanoseconds"/> to <paramref name="instant"/>, saturating at <see cref="ulong.MaxValue"/>.</summary>
    public static ulong SaturatingAdd(ulong instant, ulong nanoseconds) =>
        instant > ulong.MaxValue - nanoseconds ? ulong.MaxValue : instant + nanoseconds;
}
