using System;

namespace WitBindgen.Wasi;

// The seed world's side of FixedWallClock: its WIT datetime, for an IWallClock written by hand.
public sealed partial class FixedWallClock
{
    /// <summary>The seed world's <c>datetime</c> of <paramref name="instant"/> (see <see cref="WallClockTime.FromDateTimeOffset"/>).</summary>
    public static WallClock.Datetime ToDatetime(DateTimeOffset instant) => WasiWallClock.ToDatetime(WallClockTime.FromDateTimeOffset(instant));
}
