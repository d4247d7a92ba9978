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

internal sealed class SystemMonotonicClock : MonotonicClockSource
{
    private static readonly long Frequency = Stopwatch.Frequency;

    public override ulong Now()
    {
        var ticks = Stopwatch.GetTimestamp();
        return (ulong)(ticks / Frequency) * 1_000_000_000UL + (ulong)(ticks % Frequency * 1_000_000_000L / Frequency);
    }

    public override ulong Resolution() => Math.Max(1UL, (ulong)(1_000_000_000L / Frequency));
}

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

/// <summary>
/// A pollable: what <c>poll-oneoff</c> waits on. Derive from it for a custom event source: it is ready when
/// <see cref="IsReady"/>, and <see cref="WhenReady"/> completes (never faults) once it is — unless it is a timer,
/// whose <see cref="Deadline"/> the clock waits for instead.
/// </summary>
[WasiResourceKind("pollable")]
public abstract class Pollable : WasiResource
{
    /// <summary>True once the event happened.</summary>
    public abstract bool IsReady { get; }

    /// <summary>For a timer, the monotonic instant it fires at; null for anything else.</summary>
    public virtual ulong? Deadline => null;

    /// <summary>A task that completes when the pollable becomes ready; null for a timer.</summary>
    public virtual Task? WhenReady() => null;
}

/// <summary>A pollable that is ready once a monotonic clock reaches a deadline (<c>monotonic-clock.subscribe</c>).</summary>
internal sealed class TimerPollable : Pollable
{
    private readonly MonotonicClockSource _clock;

    /// <summary>Fires when <paramref name="clock"/> reaches <paramref name="deadline"/>.</summary>
    public TimerPollable(MonotonicClockSource clock, ulong deadline)
    {
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        Due = deadline;
    }

    /// <summary>The instant it fires at.</summary>
    public ulong Due { get; }

    /// <inheritdoc/>
    public override bool IsReady => _clock.Now() >= Due;

    /// <inheritdoc/>
    public override ulong? Deadline => Due;
}

/// <summary>
/// A pollable that is ready when a stream is (<c>subscribe-to-input-stream</c>, <c>subscribe-to-output-stream</c>):
/// data to read, room to write, the end, or an error. Once the stream's handle is dropped, it is ready for good.
/// </summary>
internal sealed class StreamPollable : Pollable
{
    private readonly InputStream? _input;
    private readonly OutputStream? _output;

    /// <summary>Ready when <paramref name="stream"/> has data, has ended or has failed.</summary>
    public StreamPollable(InputStream stream) => _input = stream ?? throw new ArgumentNullException(nameof(stream));

    /// <summary>Ready when <paramref name="stream"/> can take bytes, is closed or has failed.</summary>
    public StreamPollable(OutputStream stream) => _output = stream ?? throw new ArgumentNullException(nameof(stream));

    /// <inheritdoc/>
    public override bool IsReady => _input is not null
        ? _input.IsDropped || _input.HasEnded || _input.IsReady
        : _output!.IsDropped || _output.IsReady;

    /// <inheritdoc/>
    public override Task WhenReady() => IsReady ? Task.CompletedTask : _input is not null ? _input.WhenReady() : _output!.WhenReady();
}
