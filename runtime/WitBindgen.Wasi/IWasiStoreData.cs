using WitBindgen.Runtime.Abi;

namespace WitBindgen.Wasi;

/// <summary>
/// The data of a store whose WASI imports come from a shared <see cref="WasiLinker{TData}"/>, as wasmtime's
/// <c>WasiView</c>: the instance's <see cref="WasiContext"/> and guest memory, next to whatever state of its own the
/// host keeps for the imports it defines itself on the same linker.
/// </summary>
/// <example>
/// <code>
/// sealed class TenantData(WasiContext wasi, Counter counter) : IWasiStoreData
/// {
///     public WasiContext WasiContext { get; } = wasi;
///     public GuestContext Guest { get; } = new();
///     public Counter Counter { get; } = counter;   // reached by the host's own imports
/// }
/// </code>
/// </example>
public interface IWasiStoreData : IGuestStoreData
{
    /// <summary>The context that serves the instance living in this store.</summary>
    WasiContext WasiContext { get; }
}
