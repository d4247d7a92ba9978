using System;

namespace WitBindgen.Wasi;

/// <summary>A wall clock that always reads the same instant (for tests).</summary>
public sealed partial class FixedWallClock : WallClockSource
{
    private readonly WallClockTime _now;
    private readonly WallClockTime _resolution;

    /// <summary>Reads <paramref name="now"/>, with a resolution of one nanosecond unless given.</summary>
    public FixedWallClock(DateTimeOffset now, TimeSpan? resolution = null)
    {
        _now = WallClockTime.FromDateTimeOffset(now);
        _resolution = resolution is { } r ? WallClockTime.FromTimeSpan(r) : new(0, 1);
    }

    /// <inheritdoc/>
    public override WallClockTime Now() => _now;

    /// <inheritdoc/>
    public override WallClockTime Resolution() => _resolution;
}
