using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;

namespace WitBindgen.Wasi;

/// <summary>
/// Configures a <see cref="WasiContext"/>, in the manner of wasmtime-wasi's <c>WasiCtxBuilder</c>. By default a
/// guest gets no arguments, no environment, no preopens, a closed stdin, stdout and stderr that discard what they
/// are given, the host's clocks, time zone and random generators, and no network.
/// </summary>
/// <example>
/// Replace one import, keep the rest:
/// <code>
/// var stdout = new MemoryOutputPipe();
/// using var context = new WasiContextBuilder()
///     .Args("prog", "--verbose")
///     .Stdout(stdout)
///     .WallClock(new FixedWallClock(new DateTimeOffset(2023, 5, 18, 0, 0, 0, TimeSpan.Zero)))
///     .Build();
/// </code>
/// Wrap a default: derive from it and call <c>base</c> (every default implementation is public and its methods
/// virtual), or decorate it with <see cref="Wrap{T}"/>:
/// <code>
/// sealed class CountingStreams(WasiContext context) : WasiStreams(context)
/// {
///     public long Written;
///     public override Result&lt;ulong, Streams.StreamError&gt; Write(uint stream, ReadOnlySpan&lt;byte&gt; bytes)
///     {
///         Written += bytes.Length;
///         return base.Write(stream, bytes);
///     }
/// }
/// builder.Override&lt;IStreams&gt;(context => new CountingStreams(context));
/// </code>
/// </example>
public sealed class WasiContextBuilder
{
    private readonly ImportSlots _slots = new();
    private bool _built;

    internal List<string> ArgumentList { get; } = new();
    internal List<(string Name, string Value)> EnvironmentList { get; } = new();
    internal List<(string Host, string Guest, bool ReadOnly)> PreopenList { get; } = new();
    internal string? Cwd { get; private set; }
    internal InputStream? StdinStream { get; private set; }
    internal OutputStream? StdoutStream { get; private set; }
    internal OutputStream? StderrStream { get; private set; }
    internal WallClockSource Wall { get; private set; } = WallClockSource.Host;
    internal MonotonicClockSource Monotonic { get; private set; } = MonotonicClockSource.Host;
    internal RandomSource Secure { get; private set; } = RandomSource.Secure;
    internal RandomSource? Insecure { get; private set; } // null: one seeded from the host's CSPRNG, made on first use
    internal (ulong, ulong)? Seed { get; private set; }
    internal TimeZoneInfo? Zone { get; private set; }
    internal WasiNetworkPolicy NetworkPolicy { get; private set; } = WasiNetworkPolicy.Deny;
    internal int HandleCapacity { get; private set; } = HandleTable.DefaultCapacity;
    internal int ReadLimit { get; private set; } = 1 << 20;
    internal int RandomLimit { get; private set; } = 1 << 20;
    internal int HostResourceLimit { get; private set; } = HostResourceBudget.DefaultLimit;
    internal int ListLimit { get; private set; } = DefaultMaxListLength;
    internal long LiftedBytesLimit { get; private set; } = DefaultMaxLiftedBytes;

    /// <summary>The default of <see cref="MaxLiftedBytes"/>.</summary>
    public const long DefaultMaxLiftedBytes = 64L << 20;

    /// <summary>The default of <see cref="MaxListLength"/>.</summary>
    public const int DefaultMaxListLength = 1 << 16;

    // ---- arguments, environment, directories ----

    /// <summary>Sets the arguments (<c>get-arguments</c>); by convention the first is the program's name.</summary>
    public WasiContextBuilder Args(params string[] arguments) => Args((IEnumerable<string>)arguments);

    /// <summary>Sets the arguments.</summary>
    public WasiContextBuilder Args(IEnumerable<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var list = arguments.ToList();
        if (list.Any(a => a is null)) throw new ArgumentException("an argument is null", nameof(arguments));
        ArgumentList.Clear();
        ArgumentList.AddRange(list);
        return this;
    }

    /// <summary>Appends one argument.</summary>
    public WasiContextBuilder Arg(string argument)
    {
        ArgumentNullException.ThrowIfNull(argument);
        ArgumentList.Add(argument);
        return this;
    }

    /// <summary>Sets an environment variable, replacing an earlier value of the same name (an inherited one too).</summary>
    public WasiContextBuilder Env(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        if (name.Contains('=', StringComparison.Ordinal)) throw new ArgumentException("an environment variable's name cannot contain '='", nameof(name));
        var index = EnvironmentList.FindIndex(e => e.Name == name);
        if (index >= 0) EnvironmentList[index] = (name, value);
        else EnvironmentList.Add((name, value));
        return this;
    }

    /// <summary>Sets several environment variables.</summary>
    public WasiContextBuilder Env(IEnumerable<KeyValuePair<string, string>> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        foreach (var (name, value) in variables) Env(name, value);
        return this;
    }

    /// <summary>Adds the host process's environment variables (sorted by name), as they are now.</summary>
    public WasiContextBuilder InheritEnv()
    {
        var variables = System.Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .Select(e => ((string)e.Key, e.Value as string ?? ""))
            .OrderBy(e => e.Item1, StringComparer.Ordinal);
        foreach (var (name, value) in variables)
            if (name.Length > 0 && !name.Contains('=', StringComparison.Ordinal)) Env(name, value);
        return this;
    }

    /// <summary>Sets what <c>initial-cwd</c> returns (none by default).</summary>
    public WasiContextBuilder InitialCwd(string? path)
    {
        Cwd = path;
        return this;
    }

    /// <summary>
    /// Gives the guest the host directory <paramref name="hostPath"/> as <paramref name="guestPath"/>
    /// (<c>get-directories</c>), read-only if asked.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The host directory does not exist.</exception>
    public WasiContextBuilder Preopen(string hostPath, string guestPath, bool readOnly = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(hostPath);
        ArgumentException.ThrowIfNullOrEmpty(guestPath);
        var full = Path.GetFullPath(hostPath);
        if (!Directory.Exists(full)) throw new DirectoryNotFoundException($"cannot preopen '{hostPath}': no such directory");
        PreopenList.Add((full, guestPath, readOnly));
        return this;
    }

    // ---- stdio ----

    /// <summary>Reads stdin from <paramref name="stream"/>.</summary>
    public WasiContextBuilder Stdin(InputStream stream)
    {
        StdinStream = stream ?? throw new ArgumentNullException(nameof(stream));
        return this;
    }

    /// <summary>Reads stdin from a .NET stream (never closed by the context).</summary>
    public WasiContextBuilder Stdin(Stream stream) => Stdin(new StreamInputStream(stream));

    /// <summary>Serves <paramref name="bytes"/> as stdin, then its end.</summary>
    public WasiContextBuilder Stdin(ReadOnlyMemory<byte> bytes) => Stdin(new MemoryInputPipe(bytes));

    /// <summary>Writes stdout to <paramref name="stream"/> (a <see cref="MemoryOutputPipe"/> for a test to read, say).</summary>
    public WasiContextBuilder Stdout(OutputStream stream)
    {
        StdoutStream = stream ?? throw new ArgumentNullException(nameof(stream));
        return this;
    }

    /// <summary>Writes stdout to a .NET stream (flushed, never closed by the context).</summary>
    public WasiContextBuilder Stdout(Stream stream) => Stdout(new StreamOutputStream(stream));

    /// <summary>Writes stderr to <paramref name="stream"/>.</summary>
    public WasiContextBuilder Stderr(OutputStream stream)
    {
        StderrStream = stream ?? throw new ArgumentNullException(nameof(stream));
        return this;
    }

    /// <summary>Writes stderr to a .NET stream (flushed, never closed by the context).</summary>
    public WasiContextBuilder Stderr(Stream stream) => Stderr(new StreamOutputStream(stream));

    /// <summary>
    /// The host process's stdin, whatever it is: a pipe, a redirected file, a terminal, or closed (the end of the
    /// stream). See <see cref="HostStdin.Open"/>.
    /// </summary>
    public WasiContextBuilder InheritStdin() => Stdin(HostStdin.Open());

    /// <summary>The host process's stdout.</summary>
    public WasiContextBuilder InheritStdout() => Stdout(new StreamOutputStream(Console.OpenStandardOutput()));

    /// <summary>The host process's stderr.</summary>
    public WasiContextBuilder InheritStderr() => Stderr(new StreamOutputStream(Console.OpenStandardError()));

    /// <summary>The host process's stdin, stdout and stderr.</summary>
    public WasiContextBuilder InheritStdio() => InheritStdin().InheritStdout().InheritStderr();

    // ---- clocks, random ----

    /// <summary>The wall clock: <see cref="FixedWallClock"/> for deterministic tests (the host's by default).</summary>
    public WasiContextBuilder WallClock(WallClockSource clock)
    {
        Wall = clock ?? throw new ArgumentNullException(nameof(clock));
        return this;
    }

    /// <summary>The monotonic clock: <see cref="ManualMonotonicClock"/> for deterministic tests (the host's by default).</summary>
    public WasiContextBuilder MonotonicClock(MonotonicClockSource clock)
    {
        Monotonic = clock ?? throw new ArgumentNullException(nameof(clock));
        return this;
    }

    /// <summary>The time zone behind the instance's timezone handle (the host's local zone by default).</summary>
    public WasiContextBuilder TimeZone(TimeZoneInfo zone)
    {
        Zone = zone ?? throw new ArgumentNullException(nameof(zone));
        return this;
    }

    /// <summary>The time zone of that IANA or Windows id (e.g. "Europe/Paris").</summary>
    public WasiContextBuilder TimeZone(string id) => TimeZone(TimeZoneInfo.FindSystemTimeZoneById(id));

    /// <summary>
    /// The source of <c>random</c>. The WASI docs require a CSPRNG there: replace it only to test, knowing a
    /// deterministic source breaks that promise.
    /// </summary>
    public WasiContextBuilder SecureRandom(RandomSource source)
    {
        Secure = source ?? throw new ArgumentNullException(nameof(source));
        return this;
    }

    /// <summary>The source of <c>insecure-random</c> (<see cref="RandomSource.Seeded"/> for deterministic runs).</summary>
    public WasiContextBuilder InsecureRandom(RandomSource source)
    {
        Insecure = source ?? throw new ArgumentNullException(nameof(source));
        return this;
    }

    /// <summary>What <c>insecure-seed</c> returns (128 fresh random bits per context by default).</summary>
    public WasiContextBuilder InsecureSeed(ulong low, ulong high)
    {
        Seed = (low, high);
        return this;
    }

    // ---- network (what the sockets and name lookup of Host/Sockets allow) ----

    /// <summary>The whole network policy.</summary>
    public WasiContextBuilder Network(WasiNetworkPolicy policy)
    {
        NetworkPolicy = policy ?? throw new ArgumentNullException(nameof(policy));
        return this;
    }

    /// <summary>Allows (or forbids) TCP sockets.</summary>
    public WasiContextBuilder AllowTcp(bool allow = true) => Network(new WasiNetworkPolicy
    {
        AllowTcp = allow, AllowUdp = NetworkPolicy.AllowUdp, AllowIpNameLookup = NetworkPolicy.AllowIpNameLookup, AddressCheck = NetworkPolicy.AddressCheck,
    });

    /// <summary>Allows (or forbids) UDP sockets.</summary>
    public WasiContextBuilder AllowUdp(bool allow = true) => Network(new WasiNetworkPolicy
    {
        AllowTcp = NetworkPolicy.AllowTcp, AllowUdp = allow, AllowIpNameLookup = NetworkPolicy.AllowIpNameLookup, AddressCheck = NetworkPolicy.AddressCheck,
    });

    /// <summary>Allows (or forbids) name lookups.</summary>
    public WasiContextBuilder AllowIpNameLookup(bool allow = true) => Network(new WasiNetworkPolicy
    {
        AllowTcp = NetworkPolicy.AllowTcp, AllowUdp = NetworkPolicy.AllowUdp, AllowIpNameLookup = allow, AddressCheck = NetworkPolicy.AddressCheck,
    });

    /// <summary>Decides which addresses sockets may bind, connect or send to.</summary>
    public WasiContextBuilder SocketAddressCheck(Func<IPEndPoint, SocketAddressUse, bool> check) => Network(new WasiNetworkPolicy
    {
        AllowTcp = NetworkPolicy.AllowTcp, AllowUdp = NetworkPolicy.AllowUdp, AllowIpNameLookup = NetworkPolicy.AllowIpNameLookup,
        AddressCheck = check ?? throw new ArgumentNullException(nameof(check)),
    });

    /// <summary>Allows TCP, UDP and name lookups to any address.</summary>
    public WasiContextBuilder InheritNetwork() => AllowTcp().AllowUdp().AllowIpNameLookup();

    // ---- limits ----

    /// <summary>The most live handles the guest may hold (100,000 by default).</summary>
    public WasiContextBuilder MaxHandles(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        HandleCapacity = count;
        return this;
    }

    /// <summary>The most bytes one stream read, skip, write-zeroes or splice moves (1 MiB by default).</summary>
    public WasiContextBuilder MaxReadSize(int bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        ReadLimit = bytes;
        return this;
    }

    /// <summary>The most bytes one random-bytes call may ask for (1 MiB by default); asking for more traps.</summary>
    public WasiContextBuilder MaxRandomBytes(int bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        RandomLimit = bytes;
        return this;
    }

    /// <summary>
    /// The most host resources — open files, directory listings, sockets — the guest may hold open at once (1024 by
    /// default; all instances of the process together also stay below its <c>RLIMIT_NOFILE</c>, see
    /// <see cref="HostResourceBudget.ProcessLimit"/>). Past it, <c>open-at</c> and <c>read-directory</c> fail with
    /// <c>insufficient-memory</c> and socket creation with <c>new-socket-limit</c>.
    /// </summary>
    public WasiContextBuilder MaxOpenHostResources(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        HostResourceLimit = count;
        return this;
    }

    /// <summary>
    /// The most elements of a list the guest passes to an import (<c>poll-oneoff</c>'s pollables, <c>udp.send</c>'s
    /// datagrams; 65,536 by default): a longer list traps before the host allocates for it, so host memory per call is
    /// bounded by this limit rather than by the length the guest claims. <c>list&lt;u8&gt;</c> arguments are not copied and
    /// not limited.
    /// </summary>
    public WasiContextBuilder MaxListLength(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ListLimit = count;
        return this;
    }

    /// <summary>
    /// The most bytes the glue copies out of guest memory for one import call (64 MiB by default): strings, the data
    /// of <c>udp.send</c>'s datagrams, list elements. A list may name the same bytes many times, so this bounds what
    /// one call costs the host where guest memory's size does not; past it the call traps.
    /// <c>list&lt;u8&gt;</c> arguments such as <c>write</c>'s are read in place and not counted.
    /// </summary>
    public WasiContextBuilder MaxLiftedBytes(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        LiftedBytesLimit = bytes;
        return this;
    }

    // ---- replacing implementations ----

    /// <summary>
    /// Replaces the implementation of one import (<see cref="IStdout"/>, <see cref="IWallClock"/>, ...), of the seed
    /// world or of the WASI 0.2 face (an interface of <c>WitBindgen.Wasi.P2.Bindings</c>: <c>IWallClock</c>, <c>ITypes</c>, ...).
    /// </summary>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is not an import of either world.</exception>
    public WasiContextBuilder Override<T>(T implementation) where T : class
    {
        ArgumentNullException.ThrowIfNull(implementation);
        _slots.For<T>().Set((_, _) => implementation);
        return this;
    }

    /// <summary>Replaces the implementation of one import with one made from the context (to reach its handle table, say).</summary>
    public WasiContextBuilder Override<T>(Func<WasiContext, T> factory) where T : class
    {
        ArgumentNullException.ThrowIfNull(factory);
        _slots.For<T>().Set((context, _) => factory(context));
        return this;
    }

    /// <summary>
    /// Decorates the implementation of one import: <paramref name="wrap"/> gets the context and the implementation
    /// it would otherwise have (the default, or an earlier override) and returns the one to use.
    /// </summary>
    public WasiContextBuilder Wrap<T>(Func<WasiContext, T, T> wrap) where T : class
    {
        ArgumentNullException.ThrowIfNull(wrap);
        _slots.For<T>().Wrap(wrap);
        return this;
    }

    /// <summary>Makes the context. A builder builds once: the streams it holds belong to that context.</summary>
    public WasiContext Build()
    {
        if (_built) throw new InvalidOperationException("this builder already built its context; use a new builder for another");
        _built = true;
        return new WasiContext(this, _slots);
    }
}
