using System;

namespace WitBindgen.Wasi;

/// <summary>The clocks of one instance (wasmtime's <c>WasiCtx.clocks</c>): the wall and monotonic clock sources and the time zone with its handle.</summary>
public sealed class WasiClockState
{
    internal WasiClockState(WallClockSource wall, MonotonicClockSource monotonic, TimeZoneInfo zone, HandleTable table)
    {
        Wall = wall;
        Monotonic = monotonic;
        TimeZone = zone;
        TimezoneHandle = table.Insert(new TimezoneResource(zone));
    }

    /// <summary>The source of <c>wall-clock</c>.</summary>
    public WallClockSource Wall { get; }

    /// <summary>The source of <c>monotonic-clock</c>, and how <c>poll-oneoff</c> waits.</summary>
    public MonotonicClockSource Monotonic { get; }

    /// <summary>The instance's time zone.</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <summary>The <c>timezone</c> handle of <see cref="TimeZone"/>.</summary>
    public uint TimezoneHandle { get; }
}
