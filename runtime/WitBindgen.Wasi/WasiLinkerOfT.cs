using System;
using System.Runtime.CompilerServices;
using Wasmtime;

namespace WitBindgen.Wasi;

/// <summary>
/// A linker with every import of the command world defined once, for stores whose data is a
/// <typeparamref name="TData"/> of the host's own: each call finds its <see cref="WasiContext"/> there
/// (<see cref="IWasiStoreData.WasiContext"/>), and imports the host defines on <see cref="Linker"/> with the
/// generated <c>AddToLinker&lt;TData&gt;</c> overloads find the host's own state in the same data. Run a command on it
/// with <see cref="WasiCommand.Create{TData}(WasiLinker{TData}, Module, TData)"/>. <see cref="WasiLinker"/> is the
/// same for <see cref="WasiStoreData"/>.
/// </summary>
/// <remarks>
/// Instances may run on different threads at once: each has its own store and data. Define further imports on
/// <see cref="Linker"/> before the first instantiation; what is defined there must not capture a store.
/// </remarks>
/// <typeparam name="TData">The data of every store instantiated with the linker.</typeparam>
public sealed class WasiLinker<TData> : IDisposable where TData : class, IWasiStoreData
{
    // Modules whose imports were checked against this linker (a check looks up every import).
    private readonly ConditionalWeakTable<Module, object> _checked = new();
    private readonly Lazy<Linker> _linker;

    /// <summary>A linker for <paramref name="engine"/>; the command world's imports are defined on first use.</summary>
    public WasiLinker(Engine engine)
    {
        Engine = engine ?? throw new ArgumentNullException(nameof(engine));
        _linker = new Lazy<Linker>(() =>
        {
            var linker = new Linker(engine);
            CommandHost.AddToLinker<TData>(linker, data => data.WasiContext.Host);
            return linker;
        });
    }

    /// <summary>The engine.</summary>
    public Engine Engine { get; }

    /// <summary>The linker with the command world's imports, where the host defines its own.</summary>
    public Linker Linker => _linker.Value;

    /// <summary>Checks <paramref name="module"/>'s imports once per module (see <see cref="WasiLinkException"/>).</summary>
    internal void CheckImports(Module module, Store store)
    {
        if (_checked.TryGetValue(module, out _)) return;
        WasiCommand.CheckImports(module, Linker, store);
        _checked.AddOrUpdate(module, module);
    }

    /// <summary>Disposes the linker.</summary>
    public void Dispose()
    {
        if (_linker.IsValueCreated) _linker.Value.Dispose();
    }
}
