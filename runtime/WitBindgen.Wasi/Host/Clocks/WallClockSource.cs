using System;

namespace WitBindgen.Wasi;

/// <summary>
/// The source of WASI's wall clock, in seconds and nanoseconds since 1970-01-01T00:00:00Z. Replace it with
/// <see cref="WasiContextBuilder.WallClock"/> (as the monotonic clock with <see cref="WasiContextBuilder.MonotonicClock"/>):
/// <see cref="FixedWallClock"/> always reads the same instant.
/// </summary>
public abstract class WallClockSource
{
    /// <summary>The host's wall clock.</summary>
    public static WallClockSource Host { get; } = new SystemWallClock();

    /// <summary>The current instant.</summary>
    public abstract WallClockTime Now();

    /// <summary>The clock's resolution.</summary>
    public abstract WallClockTime Resolution();
}
