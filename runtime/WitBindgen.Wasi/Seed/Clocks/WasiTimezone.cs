using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using WitBindgen.Runtime;
using WitBindgen.Runtime.Abi;

namespace WitBindgen.Wasi;

/// <summary>
/// The default <c>timezone</c>, over <see cref="TimeZoneInfo"/>: <c>utc-offset</c> is local time minus UTC in seconds
/// (+7200 for Paris in summer), the name is the zone's abbreviation from the IANA database ("CEST"), or the offset
/// ("+02:00") where there is none. A datetime out of .NET's range (after year 9999) gets the UTC display, as the
/// docs say for a datetime whose zone cannot be determined. A handle that is not a live timezone traps.
/// </summary>
public class WasiTimezone : ITimezone
{
    private const long MaxUnixSeconds = 253_402_300_799; // 9999-12-31T23:59:59Z

    /// <summary>Serves the timezones of <paramref name="context"/>.</summary>
    public WasiTimezone(WasiContext context) => Context = context ?? throw new ArgumentNullException(nameof(context));

    /// <summary>The context.</summary>
    protected WasiContext Context { get; }

    /// <inheritdoc/>
    public virtual Timezone.TimezoneDisplay Display(uint @this, WallClock.Datetime when) =>
        Describe(Context.Table.Get<TimezoneResource>(@this, "timezone.display").Zone, when);

    /// <inheritdoc/>
    public virtual int UtcOffset(uint @this, WallClock.Datetime when) =>
        Offset(Context.Table.Get<TimezoneResource>(@this, "timezone.utc-offset").Zone, when) ?? 0;

    /// <inheritdoc/>
    public virtual void DropTimezone(uint @this) => Context.Table.Remove<TimezoneResource>(@this, "timezone.drop-timezone");

    /// <summary>What <c>display</c> returns for <paramref name="zone"/> at <paramref name="when"/>.</summary>
    public static Timezone.TimezoneDisplay Describe(TimeZoneInfo zone, WallClock.Datetime when)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (Instant(when) is not { } instant) return new(0, "UTC", false);
        var offset = (int)zone.GetUtcOffset(instant).TotalSeconds;
        var daylight = zone.IsDaylightSavingTime(instant);
        return new(offset, TimeZoneAbbreviations.Name(zone, (long)when.Seconds, offset, daylight), daylight);
    }

    private static int? Offset(TimeZoneInfo zone, WallClock.Datetime when) =>
        Instant(when) is { } instant ? (int)zone.GetUtcOffset(instant).TotalSeconds : null;

    private static DateTimeOffset? Instant(WallClock.Datetime when) =>
        when.Seconds >= MaxUnixSeconds ? null : DateTimeOffset.FromUnixTimeSeconds((long)when.Seconds).AddTicks(Math.Min(when.Nanoseconds, 999_999_999u) / 100);
}
