namespace WitBindgen.Wasi;

/// <summary>The network state of one instance (wasmtime's <c>WasiCtx.sockets</c>): what the guest may do on the network.</summary>
public sealed class WasiSocketState
{
    internal WasiSocketState(WasiNetworkPolicy policy) => Policy = policy;

    /// <summary>Which sockets and name lookups the guest may use, and which addresses.</summary>
    public WasiNetworkPolicy Policy { get; }
}
