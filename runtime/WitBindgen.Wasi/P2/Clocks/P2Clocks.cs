namespace WitBindgen.Wasi.P2;

using WitBindgen.Wasi.P2.Bindings;

/// <summary><c>wasi:clocks/wall-clock</c> over the context's wall clock source (<see cref="WasiContextBuilder.WallClock"/>).</summary>
internal sealed class P2WallClock(WasiContext context) : IWallClock
{
    public WallClock.Datetime Now()
    {
        var now = context.Clocks.Wall.Now();
        return new(now.Seconds, now.Nanoseconds);
    }

    public WallClock.Datetime Resolution()
    {
        var resolution = context.Clocks.Wall.Resolution();
        return new(resolution.Seconds, resolution.Nanoseconds);
    }
}

/// <summary>
/// <c>wasi:clocks/monotonic-clock</c> over the context's monotonic clock source (which <c>poll</c> also waits on, so
/// a <see cref="ManualMonotonicClock"/> makes timers deterministic).
/// </summary>
internal sealed class P2MonotonicClock(P2Face face) : IMonotonicClock
{
    private MonotonicClockSource Clock => face.Context.Clocks.Monotonic;

    public ulong Now() => Clock.Now();

    public ulong Resolution() => Clock.Resolution();

    public Poll.IPollable SubscribeInstant(ulong when) => new P2Pollable(face, new TimerPollable(Clock, when));

    public Poll.IPollable SubscribeDuration(ulong when) =>
        new P2Pollable(face, new TimerPollable(Clock, MonotonicClockSource.SaturatingAdd(Clock.Now(), when)));
}
