using System;

namespace WitBindgen.Wasi;

/// <summary>The default <c>wall-clock</c>: the context's <see cref="WallClockSource"/>.</summary>
public class WasiWallClock : IWallClock
{
    /// <summary>Serves the wall clock of <paramref name="context"/>.</summary>
    public WasiWallClock(WasiContext context) => Context = context ?? throw new ArgumentNullException(nameof(context));

    /// <summary>The context.</summary>
    protected WasiContext Context { get; }

    /// <inheritdoc/>
    public virtual WallClock.Datetime Now() => ToDatetime(Context.Clocks.Wall.Now());

    /// <inheritdoc/>
    public virtual WallClock.Datetime Resolution() => ToDatetime(Context.Clocks.Wall.Resolution());

    /// <summary>The WIT <c>datetime</c> of a core time.</summary>
    internal static WallClock.Datetime ToDatetime(WallClockTime time) => new(time.Seconds, time.Nanoseconds);
}
