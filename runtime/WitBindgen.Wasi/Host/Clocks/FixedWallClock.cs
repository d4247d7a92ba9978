using System;

namespace WitBindgen.Wasi;

/// <summary>A wall clock that always reads the same instant (for tests).</summary>
public sealed class FixedWallClock : WallClockSource
{
    private readonly WallClock.Datetime _now;
    private readonly WallClock.Datetime _resolution;

    /// <summary>Reads <paramref name="now"/>, with a resolution of one nanosecond unless given.</summary>
    public FixedWallClock(DateTimeOffset now, TimeSpan? resolution = null)
    {
        _now = ToDatetime(now);
        _resolution = resolution is { } r ? new((ulong)(r.Ticks / TimeSpan.TicksPerSecond), (uint)(r.Ticks % TimeSpan.TicksPerSecond * 100)) : new(0, 1);
    }

    /// <inheritdoc/>
    public override WallClock.Datetime Now() => _now;

    /// <inheritdoc/>
    public override WallClock.Datetime Resolution() => _resolution;

    /// <summary>Seconds and nanoseconds since 1970-01-01T00:00:00Z; instants before it read as the epoch.</summary>
    public static WallClock.Datetime ToDatetime(DateTimeOffset instant)
    {
        var ticks = (instant - DateTimeOffset.UnixEpoch).Ticks;
        if (ticks < 0) return new(0, 0);
        return new((ulong)(ticks / TimeSpan.TicksPerSecond), (uint)(ticks % TimeSpan.TicksPerSecond * 100));
    }
}
