using WitBindgen.Wasi.Host;

namespace WitBindgen.Wasi;

/// <summary>A <c>network</c> handle from <c>instance-network</c>: a core <see cref="NetworkAccess"/> under the context's policy.</summary>
[WasiResourceKind("network")]
internal sealed class NetworkResource : WasiResource
{
    public NetworkResource(WasiNetworkPolicy policy) => Access = new NetworkAccess(policy);

    /// <summary>The capability the sockets attach to.</summary>
    public NetworkAccess Access { get; }
}

/// <summary>A <c>tcp-socket</c> handle: a core <see cref="TcpSocket"/>. Dropping it closes the socket.</summary>
[WasiResourceKind("tcp-socket")]
internal sealed class TcpSocketResource : WasiResource
{
    public TcpSocketResource(TcpSocket socket) => Socket = socket;

    public TcpSocket Socket { get; }

    protected override void OnDropped() => Socket.Dispose();
}

/// <summary>A <c>udp-socket</c> handle: a core <see cref="UdpSocket"/>. Dropping it closes the socket.</summary>
[WasiResourceKind("udp-socket")]
internal sealed class UdpSocketResource : WasiResource
{
    public UdpSocketResource(UdpSocket socket) => Socket = socket;

    public UdpSocket Socket { get; }

    protected override void OnDropped() => Socket.Dispose();
}

/// <summary>A <c>resolve-address-stream</c> handle: a core <see cref="NameLookup"/> under way or done, and how far the guest has read it.</summary>
[WasiResourceKind("resolve-address-stream")]
internal sealed class ResolveAddressStream : WasiResource
{
    public ResolveAddressStream(NameLookup lookup) => Lookup = lookup;

    public NameLookup Lookup { get; }

    protected override void OnDropped() => Lookup.Dispose();
}
