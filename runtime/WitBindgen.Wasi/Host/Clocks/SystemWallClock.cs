using System;

namespace WitBindgen.Wasi;

/// <summary>The host's wall clock (<see cref="DateTimeOffset.UtcNow"/>), with a resolution of 100 ns (one tick).</summary>
internal sealed class SystemWallClock : WallClockSource
{
    /// <inheritdoc/>
    public override WallClockTime Now() => WallClockTime.FromDateTimeOffset(DateTimeOffset.UtcNow);

    /// <inheritdoc/>
    public override WallClockTime Resolution() => new(0, 100);
}
