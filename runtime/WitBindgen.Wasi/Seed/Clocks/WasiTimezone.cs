using System;
using WitBindgen.Wasi.Host;

namespace WitBindgen.Wasi;

/// <summary>
/// The default <c>timezone</c>, over <see cref="TimeZoneInfo"/>: <c>utc-offset</c> is local time minus UTC in seconds
/// (+7200 for Paris in summer), the name is the zone's abbreviation from the IANA database ("CEST"), or the offset
/// ("+02:00") where there is none. A datetime out of .NET's range (after year 9999) gets the UTC display, as the
/// docs say for a datetime whose zone cannot be determined. A handle that is not a live timezone traps. The zone's
/// description is the host core's (<c>Host/Clocks</c>).
/// </summary>
public class WasiTimezone : ITimezone
{
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
        var (offset, name, daylight) = ZoneDisplay.Describe(zone, new WallClockTime(when.Seconds, when.Nanoseconds));
        return new(offset, name, daylight);
    }

    private static int? Offset(TimeZoneInfo zone, WallClock.Datetime when) => ZoneDisplay.UtcOffset(zone, new WallClockTime(when.Seconds, when.Nanoseconds));
}
