using System;

namespace WitBindgen.Wasi;

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
