namespace WitBindgen.Wasi;

/// <summary>
/// The per-store state a face of the host keeps next to the context (native preview 1's descriptor table, the
/// preview-1 adapter's filesystem view, ...): <see cref="WasiStoreData.Face{TState}"/> makes it on first use, so the
/// store data knows no face.
/// </summary>
internal interface IWasiFaceState<TSelf> where TSelf : class, IWasiFaceState<TSelf>
{
    /// <summary>The face's state for the instance <paramref name="context"/> serves.</summary>
    static abstract TSelf Create(WasiContext context);
}
