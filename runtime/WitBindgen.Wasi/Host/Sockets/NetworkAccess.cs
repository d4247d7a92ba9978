namespace WitBindgen.Wasi.Host;

/// <summary>
/// One capability to use the network under a policy (what a face's <c>network</c> handle stands for). A socket is
/// attached to the first one it binds, connects or listens through and refuses any other afterwards, so each handle
/// the guest gets is its own instance.
/// </summary>
internal sealed class NetworkAccess
{
    public NetworkAccess(WasiNetworkPolicy policy) => Policy = policy;

    /// <summary>What may be done through it.</summary>
    public WasiNetworkPolicy Policy { get; }
}
