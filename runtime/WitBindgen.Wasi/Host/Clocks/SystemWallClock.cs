using System;

namespace WitBindgen.Wasi;

/// <summary>The host's wall clock (<see cref="DateTimeOffset.UtcNow"/>), with a resolution of 100 ns (one tick).</summary>
public class SystemWallClock : WallClockSource
{
    /// <inheritdoc/>
    public override WallClock.Datetime Now() => FixedWallClock.ToDatetime(DateTimeOffset.UtcNow);

    /// <inheritdoc/>
    public override WallClock.Datetime Resolution() => new(0, 100);
}
