using System;

namespace WitBindgen.Wasi;

/// <summary>An instant of a <see cref="WallClockSource"/> (or a resolution): seconds and nanoseconds since 1970-01-01T00:00:00Z.</summary>
/// <param name="Seconds">Whole seconds.</param>
/// <param name="Nanoseconds">Nanoseconds past them, below 1,000,000,000.</param>
public readonly record struct WallClockTime(ulong Seconds, uint Nanoseconds)
{
    /// <summary>The time of <paramref name="instant"/>, to the tick (100 ns); instants before the epoch read as the epoch.</summary>
    public static WallClockTime FromDateTimeOffset(DateTimeOffset instant)
    {
        var ticks = (instant - DateTimeOffset.UnixEpoch).Ticks;
        if (ticks < 0) return new(0, 0);
        return new((ulong)(ticks / TimeSpan.TicksPerSecond), (uint)(ticks % TimeSpan.TicksPerSecond * 100));
    }

    /// <summary>The length of <paramref name="span"/> (a resolution), to the tick.</summary>
    public static WallClockTime FromTimeSpan(TimeSpan span) =>
        new((ulong)(span.Ticks / TimeSpan.TicksPerSecond), (uint)(span.Ticks % TimeSpan.TicksPerSecond * 100));
}
