using System;
using WitBindgen.Runtime.Abi;

namespace WitBindgen.Wasi;

/// <summary>The data of a store instantiated with a <see cref="WasiLinker"/>: the instance's context and memory.</summary>
public sealed class WasiStoreData : IWasiStoreData
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

    WasiContext IWasiStoreData.WasiContext => Context;

    private object[] _faces = [];

    /// <summary>
    /// What one face's import calls reach on every call (the WASI 0.2 face itself), kept here once found so
    /// a call costs one type test rather than a <see cref="Face{TState}"/> lookup.
    /// </summary>
    internal object? HotPath;

    /// <summary>The per-store state of one face (see <see cref="IWasiFaceState{TSelf}"/>), made on first use.</summary>
    internal TState Face<TState>() where TState : class, IWasiFaceState<TState>
    {
        foreach (var face in _faces)
            if (face is TState state) return state;
        var made = TState.Create(Context);
        _faces = [.. _faces, made];
        return made;
    }
}
