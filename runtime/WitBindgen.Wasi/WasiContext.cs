using System;
using System.Collections.Generic;
using System.Linq;
using Wasmtime;
using WitBindgen.Runtime.Abi;

namespace WitBindgen.Wasi;

/// <summary>
/// The WASI state of one guest instance, made by <see cref="WasiContextBuilder"/>: its handle table, stdio, arguments,
/// environment, preopened directories, clocks, random sources and network policy, and the implementations of the
/// command world's 22 imports over them (<see cref="Host"/>). One context serves one instance.
/// </summary>
/// <remarks>
/// Handles are issued at build time in this order: stdin (0), stdout (1), stderr (2), the instance's timezone (3) —
/// the May-2023 WASI has no function that returns a timezone, so a guest uses this one — then one descriptor per
/// preopened directory, in the order they were added. Every later handle (pollables, networks, ...) follows.
/// </remarks>
public sealed class WasiContext : IDisposable
{
    private bool _attached;
    private bool _disposed;

    internal WasiContext(WasiContextBuilder builder, IReadOnlyDictionary<Type, Func<WasiContext, Func<object>, object>> overrides)
    {
        Table = new HandleTable(builder.HandleCapacity);
        Arguments = builder.ArgumentList.ToArray();
        EnvironmentVariables = builder.EnvironmentList.ToArray();
        InitialCwd = builder.Cwd;
        MonotonicClock = builder.Monotonic;
        SecureRandom = builder.Secure;
        InsecureRandom = builder.Insecure;
        InsecureSeed = builder.Seed ?? (RandomSource.Secure.NextUInt64(), RandomSource.Secure.NextUInt64());
        Network = builder.NetworkPolicy;
        MaxReadSize = builder.ReadLimit;
        MaxRandomBytes = builder.RandomLimit;
        HostResources = new HostResourceBudget(builder.HostResourceLimit);
        MaxListLength = builder.ListLimit;
        MaxLiftedBytes = builder.LiftedBytesLimit;
        TimeZone = builder.Zone ?? TimeZoneInfo.Local;

        Stdin = builder.StdinStream ?? new ClosedInputStream();
        Stdout = builder.StdoutStream ?? new SinkOutputStream();
        Stderr = builder.StderrStream ?? new SinkOutputStream();
        StdinHandle = Table.Insert(Stdin);
        StdoutHandle = Table.Insert(Stdout);
        StderrHandle = Table.Insert(Stderr);
        TimezoneHandle = Table.Insert(new TimezoneResource(TimeZone));
        var preopens = new List<PreopenDirectory>();
        foreach (var (host, guest, readOnly) in builder.PreopenList)
        {
            var directory = new PreopenDirectory(host, guest, readOnly);
            directory.Handle = Table.Insert(directory);
            preopens.Add(directory);
        }
        Preopens = preopens;

        T Make<T>(Func<WasiContext, T> standard) where T : class
        {
            if (!overrides.TryGetValue(typeof(T), out var factory)) return standard(this);
            return factory(this, () => standard(this)) as T
                ?? throw new InvalidOperationException($"the override of {typeof(T).Name} returned null");
        }

        Host = new CommandHost
        {
            WallClock = Make<IWallClock>(_ => new SystemWallClock()),
            Poll = Make<IPoll>(c => new WasiPoll(c)),
            MonotonicClock = Make<IMonotonicClock>(c => new WasiMonotonicClock(c)),
            Timezone = Make<ITimezone>(c => new WasiTimezone(c)),
            Streams = Make<IStreams>(c => new WasiStreams(c)),
            Filesystem = Make<IFilesystem>(c => new WasiFilesystem(c)),
            Network = Make<INetwork>(c => new WasiNetwork(c)),
            InstanceNetwork = Make<IInstanceNetwork>(c => new WasiInstanceNetwork(c)),
            IpNameLookup = Make<IIpNameLookup>(c => new WasiIpNameLookup(c)),
            Tcp = Make<ITcp>(c => new WasiTcp(c)),
            TcpCreateSocket = Make<ITcpCreateSocket>(c => new WasiTcpCreateSocket(c)),
            Udp = Make<IUdp>(c => new WasiUdp(c)),
            UdpCreateSocket = Make<IUdpCreateSocket>(c => new WasiUdpCreateSocket(c)),
            Random = Make<IRandom>(c => new WasiRandom(c)),
            InsecureRandom = Make<IInsecureRandom>(c => new WasiInsecureRandom(c)),
            InsecureRandomSeed = Make<IInsecureRandomSeed>(c => new WasiInsecureRandomSeed(c)),
            Environment = Make<IEnvironment>(c => new WasiEnvironment(c)),
            EnvironmentPreopens = Make<IEnvironmentPreopens>(c => new WasiEnvironmentPreopens(c)),
            Exit = Make<IExit>(_ => new WasiExit()),
            Stdin = Make<IStdin>(c => new WasiStdio(c)),
            Stdout = Make<IStdout>(c => new WasiStdio(c)),
            Stderr = Make<IStderr>(c => new WasiStdio(c)),
        };
    }

    /// <summary>The instance's one handle table.</summary>
    public HandleTable Table { get; }

    /// <summary>The implementations of the command world's imports: the defaults, or what the builder overrode.</summary>
    public CommandHost Host { get; }

    /// <summary>What <c>get-arguments</c> returns.</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>What <c>get-environment</c> returns, in order.</summary>
    public IReadOnlyList<(string Name, string Value)> EnvironmentVariables { get; }

    /// <summary>What <c>initial-cwd</c> returns.</summary>
    public string? InitialCwd { get; }

    /// <summary>The preopened directories, with their handles.</summary>
    public IReadOnlyList<PreopenDirectory> Preopens { get; }

    /// <summary>Standard input.</summary>
    public InputStream Stdin { get; }

    /// <summary>Standard output.</summary>
    public OutputStream Stdout { get; }

    /// <summary>Standard error.</summary>
    public OutputStream Stderr { get; }

    /// <summary>The handle <c>get-stdin</c> returns.</summary>
    public uint StdinHandle { get; }

    /// <summary>The handle <c>get-stdout</c> returns.</summary>
    public uint StdoutHandle { get; }

    /// <summary>The handle <c>get-stderr</c> returns.</summary>
    public uint StderrHandle { get; }

    /// <summary>The instance's time zone.</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <summary>The <c>timezone</c> handle of <see cref="TimeZone"/>.</summary>
    public uint TimezoneHandle { get; }

    /// <summary>The monotonic clock.</summary>
    public MonotonicClockSource MonotonicClock { get; }

    /// <summary>The source of <c>random</c>.</summary>
    public RandomSource SecureRandom { get; }

    /// <summary>The source of <c>insecure-random</c>.</summary>
    public RandomSource InsecureRandom { get; }

    /// <summary>What <c>insecure-seed</c> returns: fixed for the context's life.</summary>
    public (ulong, ulong) InsecureSeed { get; }

    /// <summary>What the guest may do on the network.</summary>
    public WasiNetworkPolicy Network { get; }

    /// <summary>The most bytes one read, skip, write-zeroes or splice moves (a guest may ask for up to 2^64).</summary>
    public int MaxReadSize { get; }

    /// <summary>The most bytes one <c>get-random-bytes</c> or <c>get-insecure-random-bytes</c> returns; asking for more traps.</summary>
    public int MaxRandomBytes { get; }

    /// <summary>The open host resources (files, directory listings, sockets) the guest holds, and their limit.</summary>
    public HostResourceBudget HostResources { get; }

    /// <summary>The most elements of a list the guest may pass to an import (see <see cref="WasiContextBuilder.MaxListLength"/>).</summary>
    public int MaxListLength { get; }

    /// <summary>The most bytes the glue copies out of guest memory for one import call (see <see cref="WasiContextBuilder.MaxLiftedBytes"/>).</summary>
    public long MaxLiftedBytes { get; }

    /// <summary>Puts the context's limits on lifting into the guest context of the instance it serves.</summary>
    private void ApplyLimits(GuestContext guest)
    {
        guest.MaxListLength = MaxListLength;
        guest.MaxLiftedBytes = MaxLiftedBytes;
    }

    /// <summary>Gives the guest another timezone handle (to hand to it by other means).</summary>
    public uint AddTimezone(TimeZoneInfo zone) => Table.Insert(new TimezoneResource(zone));

    /// <summary>Defines every import of the command world on <paramref name="linker"/>, for the instance bound to <paramref name="guest"/>.</summary>
    /// <exception cref="InvalidOperationException">The context already serves another instance.</exception>
    public void AddToLinker(Linker linker, GuestContext guest)
    {
        ArgumentNullException.ThrowIfNull(linker);
        ArgumentNullException.ThrowIfNull(guest);
        ObjectDisposedException.ThrowIf(_disposed, this);
        Attach(guest);
        Host.AddToLinker(linker, guest);
    }

    /// <summary>Marks the context as serving the instance of <paramref name="guest"/> (one context per instance) and puts its limits on lifting there.</summary>
    internal void Attach(GuestContext guest)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_attached) throw new InvalidOperationException("this WasiContext already serves an instance: build one context per instance");
        _attached = true;
        ApplyLimits(guest);
    }

    /// <summary>Flushes stdout and stderr (whether or not the guest dropped them).</summary>
    public void FlushOutputs()
    {
        Stdout.Flush();
        Stderr.Flush();
    }

    /// <summary>Drops every handle still live (stopping stdin's reader and flushing outputs). Streams handed in stay open.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            Table.Clear();
        }
        finally
        {
            FlushOutputs();
        }
    }
}
