using System;
using System.Collections.Generic;

namespace WitBindgen.Wasi;

/// <summary>
/// What the builder was told about one import's implementation: nothing (the default), a replacement, or decorators
/// over what it would otherwise be.
/// </summary>
internal sealed class ImportSlot<T> where T : class
{
    /// <summary>The slot of an import nobody overrode: shared, never changed (<see cref="ImportSlots.For{T}"/> replaces it before a change).</summary>
    public static readonly ImportSlot<T> None = new();

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
/// per-type static (<see cref="SlotOf{T}"/>), so an interface that is not an import has none. A slot is made when it
/// is first overridden: until then it is the shared <see cref="ImportSlot{T}.None"/>, so a builder that overrides
/// nothing (most) allocates no slot.
/// </summary>
internal sealed class ImportSlots
{
    public ImportSlot<IWallClock> WallClock = ImportSlot<IWallClock>.None;
    public ImportSlot<IPoll> Poll = ImportSlot<IPoll>.None;
    public ImportSlot<IMonotonicClock> MonotonicClock = ImportSlot<IMonotonicClock>.None;
    public ImportSlot<ITimezone> Timezone = ImportSlot<ITimezone>.None;
    public ImportSlot<IStreams> Streams = ImportSlot<IStreams>.None;
    public ImportSlot<IFilesystem> Filesystem = ImportSlot<IFilesystem>.None;
    public ImportSlot<INetwork> Network = ImportSlot<INetwork>.None;
    public ImportSlot<IInstanceNetwork> InstanceNetwork = ImportSlot<IInstanceNetwork>.None;
    public ImportSlot<IIpNameLookup> IpNameLookup = ImportSlot<IIpNameLookup>.None;
    public ImportSlot<ITcp> Tcp = ImportSlot<ITcp>.None;
    public ImportSlot<ITcpCreateSocket> TcpCreateSocket = ImportSlot<ITcpCreateSocket>.None;
    public ImportSlot<IUdp> Udp = ImportSlot<IUdp>.None;
    public ImportSlot<IUdpCreateSocket> UdpCreateSocket = ImportSlot<IUdpCreateSocket>.None;
    public ImportSlot<IRandom> Random = ImportSlot<IRandom>.None;
    public ImportSlot<IInsecureRandom> InsecureRandom = ImportSlot<IInsecureRandom>.None;
    public ImportSlot<IInsecureRandomSeed> InsecureRandomSeed = ImportSlot<IInsecureRandomSeed>.None;
    public ImportSlot<IEnvironment> Environment = ImportSlot<IEnvironment>.None;
    public ImportSlot<IEnvironmentPreopens> EnvironmentPreopens = ImportSlot<IEnvironmentPreopens>.None;
    public ImportSlot<IExit> Exit = ImportSlot<IExit>.None;
    public ImportSlot<IStdin> Stdin = ImportSlot<IStdin>.None;
    public ImportSlot<IStdout> Stdout = ImportSlot<IStdout>.None;
    public ImportSlot<IStderr> Stderr = ImportSlot<IStderr>.None;

    /// <summary>The names of the imports' interfaces, for the error of a type that is none of them.</summary>
    public static readonly IReadOnlyList<string> Names;

    static ImportSlots()
    {
        var names = new List<string>();
        void Register<T>(SlotRef<T> select) where T : class
        {
            SlotOf<T>.Select = select;
            names.Add(typeof(T).Name);
        }
        Register((ImportSlots s) => ref s.WallClock);
        Register((ImportSlots s) => ref s.Poll);
        Register((ImportSlots s) => ref s.MonotonicClock);
        Register((ImportSlots s) => ref s.Timezone);
        Register((ImportSlots s) => ref s.Streams);
        Register((ImportSlots s) => ref s.Filesystem);
        Register((ImportSlots s) => ref s.Network);
        Register((ImportSlots s) => ref s.InstanceNetwork);
        Register((ImportSlots s) => ref s.IpNameLookup);
        Register((ImportSlots s) => ref s.Tcp);
        Register((ImportSlots s) => ref s.TcpCreateSocket);
        Register((ImportSlots s) => ref s.Udp);
        Register((ImportSlots s) => ref s.UdpCreateSocket);
        Register((ImportSlots s) => ref s.Random);
        Register((ImportSlots s) => ref s.InsecureRandom);
        Register((ImportSlots s) => ref s.InsecureRandomSeed);
        Register((ImportSlots s) => ref s.Environment);
        Register((ImportSlots s) => ref s.EnvironmentPreopens);
        Register((ImportSlots s) => ref s.Exit);
        Register((ImportSlots s) => ref s.Stdin);
        Register((ImportSlots s) => ref s.Stdout);
        Register((ImportSlots s) => ref s.Stderr);
        Names = names;
    }

    /// <summary>The namespace of the WASI 0.2 face's interfaces (P2/), whose slots are made on first use.</summary>
    private const string P2BindingsNamespace = "WitBindgen.Wasi.P2.Bindings";

    // The WASI 0.2 face's slots by interface type (made on the first override): that face has ~30 interfaces and most
    // builders override none.
    private Dictionary<Type, object>? _p2;

    /// <summary>True once an import of the WASI 0.2 face was overridden or wrapped.</summary>
    public bool AnyP2Override => _p2 is not null;

    /// <summary>True once an import of the command world was overridden or wrapped.</summary>
    public bool AnyCommandOverride { get; private set; }

    /// <summary>The slot of <typeparamref name="T"/>.</summary>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is not an import of the command world.</exception>
    public ImportSlot<T> For<T>() where T : class
    {
        if (SlotOf<T>.Select is { } select)
        {
            ref var field = ref select(this);
            if (ReferenceEquals(field, ImportSlot<T>.None)) field = new ImportSlot<T>();
            AnyCommandOverride = true;
            return field;
        }
        if (IsP2Import(typeof(T)))
        {
            _p2 ??= new();
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
        _p2 is not null && _p2.TryGetValue(typeof(T), out var slot) ? Overridden((ImportSlot<T>)slot, context, standard) : standard;

    // Apart, so that the closure over standard is allocated only for an import that is overridden.
    private static T Overridden<T>(ImportSlot<T> slot, WasiContext context, T standard) where T : class =>
        slot.Make(context, _ => standard);

    // An interface the 0.2 world imports (IWallClock, ITypes, ...), not one of its resources (ITypes.IDescriptor is
    // nested, so its declaring type is set) or a type of the generated glue.
    private static bool IsP2Import(Type type) =>
        type.IsInterface && type.IsPublic && type.Namespace == P2BindingsNamespace && type.DeclaringType is null;

    private delegate ref ImportSlot<T> SlotRef<T>(ImportSlots slots) where T : class;

    private static class SlotOf<T> where T : class
    {
        public static SlotRef<T>? Select;
    }
}
