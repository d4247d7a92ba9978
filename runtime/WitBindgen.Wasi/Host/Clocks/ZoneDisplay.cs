using System;

namespace WitBindgen.Wasi.Host;

/// <summary>
/// How a <see cref="TimeZoneInfo"/> describes an instant: its offset from UTC in seconds (+7200 for Paris in summer),
/// its abbreviation from the IANA database ("CEST", or the offset "+02:00" where there is none) and whether daylight
/// saving time is in effect. An instant out of .NET's range (after year 9999) gets UTC's description.
/// </summary>
internal static class ZoneDisplay
{
    private const long MaxUnixSeconds = 253_402_300_799; // 9999-12-31T23:59:59Z

    /// <summary>The offset, name and daylight flag of <paramref name="zone"/> at <paramref name="when"/>.</summary>
    public static (int UtcOffset, string Name, bool Daylight) Describe(TimeZoneInfo zone, WallClockTime when)
    {
        if (Instant(when) is not { } instant) return (0, "UTC", false);
        var offset = (int)zone.GetUtcOffset(instant).TotalSeconds;
        var daylight = zone.IsDaylightSavingTime(instant);
        return (offset, TimeZoneAbbreviations.Name(zone, (long)when.Seconds, offset, daylight), daylight);
    }

    /// <summary>The offset of <paramref name="zone"/> at <paramref name="when"/>; null out of .NET's range.</summary>
    public static int? UtcOffset(TimeZoneInfo zone, WallClockTime when) =>
        Instant(when) is { } instant ? (int)zone.GetUtcOffset(instant).TotalSeconds : null;

    private static DateTimeOffset? Instant(WallClockTime when) =>
        when.Seconds >= MaxUnixSeconds ? null : DateTimeOffset.FromUnixTimeSeconds((long)when.Seconds).AddTicks(Math.Min(when.Nanoseconds, 999_999_999u) / 100);
}
