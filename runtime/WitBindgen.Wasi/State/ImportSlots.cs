using System;
using System.Collections.Generic;

namespace WitBindgen.Wasi;

/// <summary>
/// What the builder was told about one import's implementation: nothing (the default), a replacement, or decorators
/// over what it would otherwise be.
/// </summary>
internal sealed class ImportSlot<T> where T : class
{
    private Func<WasiContext, Func<T>, T>? _factory;

    /// <summary>Replaces whatever was set (an earlier override and its decorators).</summary>
    public void Set(Func<WasiContext, Func<T>, T> factory) => _factory = factory;

    /// <summary>Decorates what the slot would otherwise make (the default, or an earlier override).</summary>
    public void Wrap(Func<WasiContext, T, T> wrap)
    {
        var inner = _factory;
        _factory = (context, standard) => wrap(context, inner is null ? standard() : inner(context, standard));
    }

    /// <summary>The implementation for <paramref name="context"/>: the default unless overridden.</summary>
    public T Make(WasiContext context, Func<WasiContext, T> standard)
    {
        if (_factory is null) return standard(context);
        return _factory(context, () => standard(context))
            ?? throw new InvalidOperationException($"the override of {typeof(T).Name} returned null");
    }
}

/// <summary>
/// One typed slot per import of the command world. <see cref="For{T}"/> finds the slot of an interface through a
/// per-type static (<see cref="SlotOf{T}"/>), so an interface that is not an import has none.
/// </summary>
internal sealed class ImportSlots
{
    public readonly ImportSlot<IWallClock> WallClock = new();
    public readonly ImportSlot<IPoll> Poll = new();
    public readonly ImportSlot<IMonotonicClock> MonotonicClock = new();
    public readonly ImportSlot<ITimezone> Timezone = new();
    public readonly ImportSlot<IStreams> Streams = new();
    public readonly ImportSlot<IFilesystem> Filesystem = new();
    public readonly ImportSlot<INetwork> Network = new();
    public readonly ImportSlot<IInstanceNetwork> InstanceNetwork = new();
    public readonly ImportSlot<IIpNameLookup> IpNameLookup = new();
    public readonly ImportSlot<ITcp> Tcp = new();
    public readonly ImportSlot<ITcpCreateSocket> TcpCreateSocket = new();
    public readonly ImportSlot<IUdp> Udp = new();
    public readonly ImportSlot<IUdpCreateSocket> UdpCreateSocket = new();
    public readonly ImportSlot<IRandom> Random = new();
    public readonly ImportSlot<IInsecureRandom> InsecureRandom = new();
    public readonly ImportSlot<IInsecureRandomSeed> InsecureRandomSeed = new();
    public readonly ImportSlot<IEnvironment> Environment = new();
    public readonly ImportSlot<IEnvironmentPreopens> EnvironmentPreopens = new();
    public readonly ImportSlot<IExit> Exit = new();
    public readonly ImportSlot<IStdin> Stdin = new();
    public readonly ImportSlot<IStdout> Stdout = new();
    public readonly ImportSlot<IStderr> Stderr = new();

    /// <summary>The names of the imports' interfaces, for the error of a type that is none of them.</summary>
    public static readonly IReadOnlyList<string> Names;

    static ImportSlots()
    {
        var names = new List<string>();
        void Register<T>(Func<ImportSlots, ImportSlot<T>> select) where T : class
        {
            SlotOf<T>.Select = select;
            names.Add(typeof(T).Name);
        }
        Register(s => s.WallClock);
        Register(s => s.Poll);
        Register(s => s.MonotonicClock);
        Register(s => s.Timezone);
        Register(s => s.Streams);
        Register(s => s.Filesystem);
        Register(s => s.Network);
        Register(s => s.InstanceNetwork);
        Register(s => s.IpNameLookup);
        Register(s => s.Tcp);
        Register(s => s.TcpCreateSocket);
        Register(s => s.Udp);
        Register(s => s.UdpCreateSocket);
        Register(s => s.Random);
        Register(s => s.InsecureRandom);
        Register(s => s.InsecureRandomSeed);
        Register(s => s.Environment);
        Register(s => s.EnvironmentPreopens);
        Register(s => s.Exit);
        Register(s => s.Stdin);
        Register(s => s.Stdout);
        Register(s => s.Stderr);
        Names = names;
    }

    /// <summary>The namespace of the WASI 0.2 face's interfaces (P2/), whose slots are made on first use.</summary>
    private const string P2BindingsNamespace = "WitBindgen.Wasi.P2.Bindings";

    // The WASI 0.2 face's slots by interface type: that face has ~30 interfaces and most builders override none.
    private readonly Dictionary<Type, object> _p2 = new();

    /// <summary>The slot of <typeparamref name="T"/>.</summary>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is not an import of the command world.</exception>
    public ImportSlot<T> For<T>() where T : class
    {
        if (SlotOf<T>.Select is { } select) return select(this);
        if (IsP2Import(typeof(T)))
        {
            if (!_p2.TryGetValue(typeof(T), out var slot)) _p2[typeof(T)] = slot = new ImportSlot<T>();
            return (ImportSlot<T>)slot;
        }
        throw new ArgumentException($"{typeof(T).Name} is not an import of the command world; one of: {string.Join(", ", Names)}" +
            $", or an interface of {P2BindingsNamespace} (the WASI 0.2 face's imports)");
    }

    /// <summary>
    /// The implementation the WASI 0.2 face uses for <typeparamref name="T"/> in <paramref name="context"/>: the
    /// override, if the builder registered one, else <paramref name="standard"/>.
    /// </summary>
    public T MakeP2<T>(WasiContext context, T standard) where T : class =>
        _p2.TryGetValue(typeof(T), out var slot) ? Overridden((ImportSlot<T>)slot, context, standard) : standard;

    // Apart, so that the closure over standard is allocated only for an import that is overridden.
    private static T Overridden<T>(ImportSlot<T> slot, WasiContext context, T standard) where T : class =>
        slot.Make(context, _ => standard);

    // An interface the 0.2 world imports (IWallClock, ITypes, ...), not one of its resources (ITypes.IDescriptor is
    // nested, so its declaring type is set) or a type of the generated glue.
    private static bool IsP2Import(Type type) =>
        type.IsInterface && type.IsPublic && type.Namespace == P2BindingsNamespace && type.DeclaringType is null;

    private static class SlotOf<T> where T : class
    {
        public static Func<ImportSlots, ImportSlot<T>>? Select;
    }
}
