using System;

namespace WitBindgen.Wasi;

/// <summary>The default <c>monotonic-clock</c>: the context's <see cref="MonotonicClockSource"/>; <c>subscribe</c> makes a timer pollable.</summary>
public class WasiMonotonicClock : IMonotonicClock
{
    /// <summary>Serves the clock of <paramref name="context"/>.</summary>
    public WasiMonotonicClock(WasiContext context) => Context = context ?? throw new ArgumentNullException(nameof(context));

    /// <summary>The context.</summary>
    protected WasiContext Context { get; }

    /// <inheritdoc/>
    public virtual ulong Now() => Context.Clocks.Monotonic.Now();

    /// <inheritdoc/>
    public virtual ulong Resolution() => Context.Clocks.Monotonic.Resolution();

    /// <inheritdoc/>
    public virtual uint Subscribe(ulong when, bool absolute)
    {
        var clock = Context.Clocks.Monotonic;
        var deadline = absolute ? when : MonotonicClockSource.SaturatingAdd(clock.Now(), when);
        return Context.Table.Insert(new TimerPollable(clock, deadline), "monotonic-clock.subscribe");
    }
}
