using System;
using System.Runtime.CompilerServices;
using Wasmtime;
using WitBindgen.Runtime.Abi;

namespace WitBindgen.Wasi;

/// <summary>
/// A linker with every import of the command world defined once, for any number of instances: each host call finds
/// its <see cref="WasiContext"/> (and the guest's memory) in the data of the store it was made in, a
/// <see cref="WasiStoreData"/>. Defining the 127 functions costs far more than instantiating, so a host that starts
/// many commands (a server running one per request, say) makes one <see cref="WasiLinker"/> per engine and passes it
/// to <see cref="WasiCommand(WasiLinker, Module, WasiContext)"/>.
/// </summary>
/// <remarks>
/// Instances of one linker may run on different threads at once: each has its own store, context and handle table.
/// Define further imports on <see cref="Linker"/> before the first instantiation; what is defined there must not
/// capture a store.
/// </remarks>
public sealed class WasiLinker : IDisposable
{
    // Modules whose imports were checked against this linker (a check looks up every import).
    private readonly ConditionalWeakTable<Module, object> _checked = new();

    /// <summary>Defines the command world's imports on a new linker for <paramref name="engine"/>.</summary>
    public WasiLinker(Engine engine)
    {
        Engine = engine ?? throw new ArgumentNullException(nameof(engine));
        Linker = new Linker(engine);
        CommandHost.AddToLinker<WasiStoreData>(Linker, data => data.Context.Host);
    }

    /// <summary>The engine.</summary>
    public Engine Engine { get; }

    /// <summary>The linker.</summary>
    public Linker Linker { get; }

    /// <summary>Checks <paramref name="module"/>'s imports once per module (see <see cref="WasiLinkException"/>).</summary>
    internal void CheckImports(Module module, Store store)
    {
        if (_checked.TryGetValue(module, out _)) return;
        WasiCommand.CheckImports(module, Linker, store);
        _checked.AddOrUpdate(module, module);
    }

    /// <summary>Disposes the linker.</summary>
    public void Dispose() => Linker.Dispose();
}

/// <summary>The data of a store instantiated with a <see cref="WasiLinker"/>: the instance's context and memory.</summary>
public sealed class WasiStoreData : IGuestStoreData
{
    /// <summary>Pairs <paramref name="context"/> with the guest context of the instance it serves.</summary>
    public WasiStoreData(WasiContext context, GuestContext guest)
    {
        Context = context ?? throw new ArgumentNullException(nameof(context));
        Guest = guest ?? throw new ArgumentNullException(nameof(guest));
    }

    /// <summary>The context that serves the instance.</summary>
    public WasiContext Context { get; }

    /// <inheritdoc/>
    public GuestContext Guest { get; }
}
