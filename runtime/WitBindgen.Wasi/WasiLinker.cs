using System;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Wasmtime;
using WitBindgen.Runtime.Abi;

namespace WitBindgen.Wasi;

/// <summary>
/// A linker with every import of the command world defined once, for any number of instances: each host call finds
/// its <see cref="WasiContext"/> (and the guest's memory) in the data of the store it was made in, a
/// <see cref="WasiStoreData"/>. Defining the 127 functions costs far more than instantiating, so a host that starts
/// many commands (a server running one per request, say) uses one <see cref="WasiLinker"/> per engine: the
/// constructors taking an engine use <see cref="For(Engine)"/>'s; pass one of your own to define more imports on it.
/// </summary>
/// <remarks>
/// Instances of one linker may run on different threads at once: each has its own store, context and handle table.
/// Define further imports on <see cref="Linker"/> before the first instantiation; what is defined there must not
/// capture a store.
/// </remarks>
public sealed class WasiLinker : IDisposable
{
    private static readonly ConditionalWeakTable<Engine, WasiLinker> PerEngine = new();

    // Modules whose imports were checked against this linker (a check looks up every import).
    private readonly ConditionalWeakTable<Module, object> _checked = new();
    private readonly Lazy<Linker> _linker;
    private readonly ConcurrentDictionary<object, Lazy<Linker>> _faceLinkers = new();

    /// <summary>A linker for <paramref name="engine"/>; the command world's imports are defined on first use.</summary>
    public WasiLinker(Engine engine)
    {
        Engine = engine ?? throw new ArgumentNullException(nameof(engine));
        _linker = new Lazy<Linker>(() =>
        {
            var linker = new Linker(engine);
            CommandHost.AddToLinker<WasiStoreData>(linker, data => data.Context.Host);
            return linker;
        });
    }

    /// <summary>
    /// The linker the constructors taking an <see cref="Engine"/> use (<see cref="WasiCommand(Engine, Module, WasiContext)"/>
    /// and those of the other faces' commands): one per engine, made on first use and kept as long as the engine
    /// object lives. Do not dispose it.
    /// </summary>
    public static WasiLinker For(Engine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return PerEngine.GetValue(engine, e => new WasiLinker(e)); // linkers are made lazily: a losing race costs nothing
    }

    /// <summary>The engine.</summary>
    public Engine Engine { get; }

    /// <summary>The linker with the command world's imports.</summary>
    public Linker Linker => _linker.Value;

    /// <summary>
    /// A linker of a face's own, made once per <see cref="WasiLinker"/> by <paramref name="make"/> and found by
    /// <paramref name="key"/>: imports a face defines in a layout of its own, next to the command world's.
    /// </summary>
    internal Linker FaceLinker(object key, Func<Engine, Linker> make) =>
        _faceLinkers.GetOrAdd(key, _ => new Lazy<Linker>(() => make(Engine))).Value;

    /// <summary>Checks <paramref name="module"/>'s imports once per module (see <see cref="WasiLinkException"/>).</summary>
    internal void CheckImports(Module module, Store store)
    {
        if (_checked.TryGetValue(module, out _)) return;
        WasiCommand.CheckImports(module, Linker, store);
        _checked.AddOrUpdate(module, module);
    }

    /// <summary>Disposes the linkers.</summary>
    public void Dispose()
    {
        if (_linker.IsValueCreated) _linker.Value.Dispose();
        foreach (var face in _faceLinkers.Values)
            if (face.IsValueCreated) face.Value.Dispose();
    }
}
