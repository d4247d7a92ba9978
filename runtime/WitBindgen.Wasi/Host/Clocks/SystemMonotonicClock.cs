using System;
using System.Diagnostics;

namespace WitBindgen.Wasi;

/// <summary>The host's monotonic clock (<see cref="Stopwatch"/>), in nanoseconds.</summary>
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
