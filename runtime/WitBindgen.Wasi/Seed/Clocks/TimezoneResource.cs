using System;

namespace WitBindgen.Wasi;

/// <summary>A <c>timezone</c> handle: a .NET <see cref="System.TimeZoneInfo"/>.</summary>
[WasiResourceKind("timezone")]
internal sealed class TimezoneResource : WasiResource
{
    /// <summary>Wraps a zone.</summary>
    public TimezoneResource(TimeZoneInfo zone) => Zone = zone ?? throw new ArgumentNullException(nameof(zone));

    /// <summary>The zone.</summary>
    public TimeZoneInfo Zone { get; }
}
