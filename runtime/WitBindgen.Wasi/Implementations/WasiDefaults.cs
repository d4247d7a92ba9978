using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using WitBindgen.Runtime;
using WitBindgen.Runtime.Abi;

namespace WitBindgen.Wasi;

/// <summary>
/// The default <c>poll</c>. <c>poll-oneoff</c> blocks until at least one of the pollables is ready and returns one
/// byte per pollable, 1 for ready and 0 for not (the May-2023 WIT says <c>list&lt;u8&gt;</c>). Timers wait on the
/// context's <see cref="MonotonicClockSource"/>, streams on their readiness. An empty list returns an empty list at
/// once. A handle that is not a live pollable traps (the function returns no result to report it in).
/// </summary>
public class WasiPoll : IPoll
{
    /// <summary>Serves the pollables of <paramref name="context"/>.</summary>
    public WasiPoll(WasiContext context) => Context = context ?? throw new ArgumentNullException(nameof(context));

    /// <summary>The context whose handles this serves.</summary>
    protected WasiContext Context { get; }

    /// <inheritdoc/>
    public virtual void DropPollable(uint @this) => Context.Table.Remove<Pollable>(@this, "poll.drop-pollable");

    /// <inheritdoc/>
    public virtual ReadOnlyMemory<byte> PollOneoff(IReadOnlyList<uint> @in)
    {
        const string fn = "poll.poll-oneoff";
        var pollables = new Pollable[@in.Count];
        for (var i = 0; i < pollables.Length; i++) pollables[i] = Context.Table.Get<Pollable>(@in[i], fn);
        var ready = new byte[pollables.Length];
        if (pollables.Length == 0) return ready;
        var wakeups = new List<Task>();
        while (true)
        {
            var any = false;
            for (var i = 0; i < pollables.Length; i++)
            {
                if (!pollables[i].IsReady) continue;
                ready[i] = 1;
                any = true;
            }
            if (any) return ready;
            ulong? deadline = null;
            wakeups.Clear();
            foreach (var pollable in pollables)
            {
                if (pollable.Deadline is { } due) deadline = deadline is { } earliest ? Math.Min(earliest, due) : due;
                else if (pollable.WhenReady() is { } task) wakeups.Add(task);
            }
            if (deadline is null && wakeups.Count == 0)
                throw new WitTrapException($"{fn}: none of the pollables can ever become ready (no timer and nothing to wait for)");
            Context.Clocks.Monotonic.Wait(deadline, wakeups);
        }
    }
}

/// <summary>The default <c>wall-clock</c>: the context's <see cref="WallClockSource"/>.</summary>
public class WasiWallClock : IWallClock
{
    /// <summary>Serves the wall clock of <paramref name="context"/>.</summary>
    public WasiWallClock(WasiContext context) => Context = context ?? throw new ArgumentNullException(nameof(context));

    /// <summary>The context.</summary>
    protected WasiContext Context { get; }

    /// <inheritdoc/>
    public virtual WallClock.Datetime Now() => Context.Clocks.Wall.Now();

    /// <inheritdoc/>
    public virtual WallClock.Datetime Resolution() => Context.Clocks.Wall.Resolution();
}

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

/// <summary>The default <c>stdin</c>, <c>stdout</c> and <c>stderr</c>: the handles the context issued for them.</summary>
public class WasiStdio : IStdin, IStdout, IStderr
{
    /// <summary>Serves the stdio of <paramref name="context"/>.</summary>
    public WasiStdio(WasiContext context) => Context = context ?? throw new ArgumentNullException(nameof(context));

    /// <summary>The context.</summary>
    protected WasiContext Context { get; }

    /// <inheritdoc/>
    public virtual uint GetStdin() => Context.Cli.StdinHandle;

    /// <inheritdoc/>
    public virtual uint GetStdout() => Context.Cli.StdoutHandle;

    /// <inheritdoc/>
    public virtual uint GetStderr() => Context.Cli.StderrHandle;
}

/// <summary>
/// The default <c>random</c>: the context's secure source (the host's CSPRNG unless replaced). Asking for more than
/// <see cref="WasiRandomState.MaxBytes"/> bytes traps (the function must return exactly <c>len</c> bytes, so a
/// shorter answer is not an option), rather than letting a guest make the host allocate 2^64 bytes.
/// </summary>
public class WasiRandom : IRandom
{
    /// <summary>Serves the secure random source of <paramref name="context"/>.</summary>
    public WasiRandom(WasiContext context) => Context = context ?? throw new ArgumentNullException(nameof(context));

    /// <summary>The context.</summary>
    protected WasiContext Context { get; }

    /// <inheritdoc/>
    public virtual ReadOnlyMemory<byte> GetRandomBytes(ulong len) => Bytes(Context, Context.Random.Secure, len, "random.get-random-bytes");

    /// <inheritdoc/>
    public virtual ulong GetRandomU64() => Context.Random.Secure.NextUInt64();

    internal static byte[] Bytes(WasiContext context, RandomSource source, ulong len, string function)
    {
        if (len > (ulong)context.Random.MaxBytes)
            throw new WitTrapException($"{function}: {len} bytes asked for, more than this host's limit of {context.Random.MaxBytes} (WasiContextBuilder.MaxRandomBytes)");
        var bytes = new byte[(int)len];
        source.Fill(bytes);
        return bytes;
    }
}

/// <summary>The default <c>insecure-random</c>: the context's insecure source (see <see cref="RandomSource.Seeded"/>).</summary>
public class WasiInsecureRandom : IInsecureRandom
{
    /// <summary>Serves the insecure random source of <paramref name="context"/>.</summary>
    public WasiInsecureRandom(WasiContext context) => Context = context ?? throw new ArgumentNullException(nameof(context));

    /// <summary>The context.</summary>
    protected WasiContext Context { get; }

    /// <inheritdoc/>
    public virtual ReadOnlyMemory<byte> GetInsecureRandomBytes(ulong len) =>
        WasiRandom.Bytes(Context, Context.Random.Insecure, len, "insecure-random.get-insecure-random-bytes");

    /// <inheritdoc/>
    public virtual ulong GetInsecureRandomU64() => Context.Random.Insecure.NextUInt64();
}

/// <summary>The default <c>insecure-random-seed</c>: the same 128 bits for the context's whole life.</summary>
public class WasiInsecureRandomSeed : IInsecureRandomSeed
{
    /// <summary>Serves the seed of <paramref name="context"/>.</summary>
    public WasiInsecureRandomSeed(WasiContext context) => Context = context ?? throw new ArgumentNullException(nameof(context));

    /// <summary>The context.</summary>
    protected WasiContext Context { get; }

    /// <inheritdoc/>
    public virtual (ulong, ulong) InsecureSeed() => Context.Random.InsecureSeed;
}

/// <summary>The default <c>environment</c>: the context's arguments and variables, the same on every call.</summary>
public class WasiEnvironment : IEnvironment
{
    /// <summary>Serves the environment of <paramref name="context"/>.</summary>
    public WasiEnvironment(WasiContext context) => Context = context ?? throw new ArgumentNullException(nameof(context));

    /// <summary>The context.</summary>
    protected WasiContext Context { get; }

    /// <inheritdoc/>
    public virtual IReadOnlyList<(string, string)> GetEnvironment() => Context.Cli.EnvironmentVariables.Select(v => (v.Name, v.Value)).ToArray();

    /// <inheritdoc/>
    public virtual IReadOnlyList<string> GetArguments() => Context.Cli.Arguments;
}

/// <summary>The default <c>environment-preopens</c>: the preopened directories whose handles are still live, and the initial cwd.</summary>
public class WasiEnvironmentPreopens : IEnvironmentPreopens
{
    /// <summary>Serves the preopens of <paramref name="context"/>.</summary>
    public WasiEnvironmentPreopens(WasiContext context) => Context = context ?? throw new ArgumentNullException(nameof(context));

    /// <summary>The context.</summary>
    protected WasiContext Context { get; }

    /// <inheritdoc/>
    public virtual IReadOnlyList<(uint, string)> GetDirectories() =>
        Context.Filesystem.Preopens.Where(p => !p.IsDropped).Select(p => (p.Handle, p.GuestPath)).ToArray();

    /// <inheritdoc/>
    public virtual string? InitialCwd() => Context.Cli.InitialCwd;
}

/// <summary>The default <c>exit</c>: ends the guest with status 0 for <c>ok</c>, 1 for <c>err</c> (a <see cref="GuestExitException"/>).</summary>
public class WasiExit : IExit
{
    /// <inheritdoc/>
    public virtual void Exit(Result<Unit, Unit> status) => throw new GuestExitException(status.IsOk ? 0 : 1);
}

/// <summary>The default <c>network</c>: drops network handles.</summary>
public class WasiNetwork : INetwork
{
    /// <summary>Serves the networks of <paramref name="context"/>.</summary>
    public WasiNetwork(WasiContext context) => Context = context ?? throw new ArgumentNullException(nameof(context));

    /// <summary>The context.</summary>
    protected WasiContext Context { get; }

    /// <inheritdoc/>
    public virtual void DropNetwork(uint @this) => Context.Table.Remove<NetworkResource>(@this, "network.drop-network");
}

/// <summary>
/// The default <c>instance-network</c>: a new network handle under the context's <see cref="WasiNetworkPolicy"/>
/// on each call: what the sockets and name lookup consult.
/// </summary>
public class WasiInstanceNetwork : IInstanceNetwork
{
    /// <summary>Serves the networks of <paramref name="context"/>.</summary>
    public WasiInstanceNetwork(WasiContext context) => Context = context ?? throw new ArgumentNullException(nameof(context));

    /// <summary>The context.</summary>
    protected WasiContext Context { get; }

    /// <inheritdoc/>
    public virtual uint InstanceNetwork() => Context.Table.Insert(new NetworkResource(Context.Sockets.Policy), "instance-network.instance-network");
}
