using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
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

    internal WasiContext(WasiContextBuilder builder, ImportSlots slots)
    {
        Table = new HandleTable(builder.HandleCapacity);
        Slots = slots;
        MaxReadSize = builder.ReadLimit;
        HostResources = new HostResourceBudget(builder.HostResourceLimit);
        MaxListLength = builder.ListLimit;
        MaxLiftedBytes = builder.LiftedBytesLimit;

        // The order of the handles issued here is documented above.
        Cli = new WasiCliState(builder.ArgumentList.ToArray(), builder.EnvironmentList.ToArray(), builder.Cwd,
            builder.StdinStream ?? new ClosedInputStream(), builder.StdoutStream ?? new SinkOutputStream(),
            builder.StderrStream ?? new SinkOutputStream(), Table);
        Clocks = new WasiClockState(builder.Wall, builder.Monotonic, builder.Zone ?? TimeZoneInfo.Local, Table);
        Filesystem = new WasiFilesystemState(builder.PreopenList, Table);
        Random = new WasiRandomState(builder.Secure, builder.Insecure, builder.Seed, builder.RandomLimit);
        Sockets = new WasiSocketState(builder.NetworkPolicy);

        // The default implementations are made when a call first needs them (a WASI 0.2 guest never does); overrides
        // at once, so that a factory that fails says so at Build as it always did.
        if (slots.AnyCommandOverride) _host = MakeHost();
    }

    /// <summary>The instance's one handle table.</summary>
    public HandleTable Table { get; }

    /// <summary>The implementations of the command world's imports: the defaults, or what the builder overrode.</summary>
    public CommandHost Host => Volatile.Read(ref _host) ?? Interlocked.CompareExchange(ref _host, MakeHost(), null) ?? _host!;

    private CommandHost? _host;

    private CommandHost MakeHost()
    {
        var slots = Slots;
        return new CommandHost
        {
            WallClock = slots.WallClock.Make(this, c => new WasiWallClock(c)),
            Poll = slots.Poll.Make(this, c => new WasiPoll(c)),
            MonotonicClock = slots.MonotonicClock.Make(this, c => new WasiMonotonicClock(c)),
            Timezone = slots.Timezone.Make(this, c => new WasiTimezone(c)),
            Streams = slots.Streams.Make(this, c => new WasiStreams(c)),
            Filesystem = slots.Filesystem.Make(this, c => new WasiFilesystem(c)),
            Network = slots.Network.Make(this, c => new WasiNetwork(c)),
            InstanceNetwork = slots.InstanceNetwork.Make(this, c => new WasiInstanceNetwork(c)),
            IpNameLookup = slots.IpNameLookup.Make(this, c => new WasiIpNameLookup(c)),
            Tcp = slots.Tcp.Make(this, c => new WasiTcp(c)),
            TcpCreateSocket = slots.TcpCreateSocket.Make(this, c => new WasiTcpCreateSocket(c)),
            Udp = slots.Udp.Make(this, c => new WasiUdp(c)),
            UdpCreateSocket = slots.UdpCreateSocket.Make(this, c => new WasiUdpCreateSocket(c)),
            Random = slots.Random.Make(this, c => new WasiRandom(c)),
            InsecureRandom = slots.InsecureRandom.Make(this, c => new WasiInsecureRandom(c)),
            InsecureRandomSeed = slots.InsecureRandomSeed.Make(this, c => new WasiInsecureRandomSeed(c)),
            Environment = slots.Environment.Make(this, c => new WasiEnvironment(c)),
            EnvironmentPreopens = slots.EnvironmentPreopens.Make(this, c => new WasiEnvironmentPreopens(c)),
            Exit = slots.Exit.Make(this, _ => new WasiExit()),
            Stdin = slots.Stdin.Make(this, c => new WasiStdio(c)),
            Stdout = slots.Stdout.Make(this, c => new WasiStdio(c)),
            Stderr = slots.Stderr.Make(this, c => new WasiStdio(c)),
        };
    }

    /// <summary>Arguments, environment, initial working directory and stdio.</summary>
    public WasiCliState Cli { get; }

    /// <summary>The wall and monotonic clocks and the time zone.</summary>
    public WasiClockState Clocks { get; }

    /// <summary>The random sources.</summary>
    public WasiRandomState Random { get; }

    /// <summary>The network policy.</summary>
    public WasiSocketState Sockets { get; }

    /// <summary>The preopened directories.</summary>
    public WasiFilesystemState Filesystem { get; }

    /// <summary>The most bytes one read, skip, write-zeroes or splice moves (a guest may ask for up to 2^64).</summary>
    public int MaxReadSize { get; }

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
    public void FlushOutputs() => Cli.FlushOutputs();

    /// <summary>What the builder was told to override: the WASI 0.2 face picks its implementations from here.</summary>
    internal ImportSlots Slots { get; }

    // What faces hold outside the context's handle table (the WASI 0.2 face's resource table), released on Dispose.
    private readonly List<Action> _releases = [];

    /// <summary>Has <paramref name="release"/> run when the context is disposed (at once if it already was).</summary>
    internal void OnDispose(Action release)
    {
        lock (_releases)
        {
            if (!_disposed)
            {
                _releases.Add(release);
                return;
            }
        }
        release();
    }

    /// <summary>
    /// Runs a guest's entry point and answers its exit status: what <paramref name="entry"/> returns, or, when it
    /// throws, <paramref name="knownExit"/>'s status if it has one, else that of a <see cref="GuestExitException"/>
    /// among the causes (anything else propagates). Stdout and stderr are flushed whatever happens.
    /// </summary>
    internal int RunEntry(Func<int> entry, Func<int?>? knownExit = null)
    {
        try
        {
            return entry();
        }
        catch (Exception ex) when ((knownExit?.Invoke() ?? WasiCommand.ExitStatus(ex)) is { } status)
        {
            return status;
        }
        finally
        {
            FlushOutputs();
        }
    }

    /// <summary>Drops every handle still live (stopping stdin's reader and flushing outputs). Streams handed in stay open.</summary>
    public void Dispose()
    {
        Action[] releases;
        lock (_releases)
        {
            if (_disposed) return;
            _disposed = true;
            releases = [.. _releases];
            _releases.Clear();
        }
        try
        {
            try
            {
                foreach (var release in releases) release();
            }
            finally
            {
                Table.Clear();
            }
        }
        finally
        {
            FlushOutputs();
        }
    }
}
