using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace WitBindgen.Wasi;

/// <summary>
/// A monotonic clock for tests: it reads <see cref="Current"/>, which moves only by <see cref="Advance(ulong)"/> — or when
/// the guest waits for a deadline with nothing else ready, in which case time jumps straight to the deadline. A
/// guest that sleeps for an hour under it finishes at once, deterministically.
/// </summary>
public sealed class ManualMonotonicClock : MonotonicClockSource
{
    private ulong _current;

    /// <summary>Starts at <paramref name="start"/> nanoseconds with the given resolution.</summary>
    public ManualMonotonicClock(ulong start = 0, ulong resolution = 1)
    {
        _current = start;
        ResolutionNanoseconds = resolution;
    }

    /// <summary>The clock's reading.</summary>
    public ulong Current => Interlocked.Read(ref _current);

    /// <summary>What <see cref="Resolution"/> returns.</summary>
    public ulong ResolutionNanoseconds { get; }

    /// <summary>Moves the clock forward.</summary>
    public void Advance(ulong nanoseconds)
    {
        ulong seen, next;
        do
        {
            seen = Current;
            next = SaturatingAdd(seen, nanoseconds);
        }
        while (Interlocked.CompareExchange(ref _current, next, seen) != seen);
    }

    /// <summary>Moves the clock forward by a <see cref="TimeSpan"/>.</summary>
    public void Advance(TimeSpan time) => Advance((ulong)time.Ticks * 100UL);

    /// <inheritdoc/>
    public override ulong Now() => Current;

    /// <inheritdoc/>
    public override ulong Resolution() => ResolutionNanoseconds;

    /// <summary>Returns at once if a wakeup is done; else jumps to the deadline, or waits for a wakeup if there is none.</summary>
    public override void Wait(ulong? deadline, IReadOnlyList<Task> wakeups)
    {
        ArgumentNullException.ThrowIfNull(wakeups);
        if (wakeups.Any(t => t.IsCompleted)) return;
        if (deadline is { } due)
        {
            var now = Current;
            if (due > now) Advance(due - now);
            return;
        }
        if (wakeups.Count == 0) throw new InvalidOperationException("waiting for nothing: no deadline and no stream to wait for");
        Task.WaitAny(wakeups as Task[] ?? wakeups.ToArray());
    }
}
