using System;
using System.Net.Sockets;
using WitBindgen.Runtime;
using WitBindgen.Wasi.Host;

namespace WitBindgen.Wasi.P2;

using WitBindgen.Wasi.P2.Bindings;
using Code = WitBindgen.Wasi.P2.Bindings.Network.ErrorCode;
using static WitBindgen.Wasi.P2.P2SocketMapping;

/// <summary>
/// The free functions of <c>wasi:sockets</c> 0.2 for one instance: <c>instance-network</c>, <c>tcp-create-socket</c>,
/// <c>udp-create-socket</c> and <c>ip-name-lookup</c> (<c>network</c>, <c>tcp</c> and <c>udp</c> have only resources),
/// over the host core's sockets and name lookups, under the context's <see cref="WasiNetworkPolicy"/> and its
/// <see cref="HostResourceBudget"/>. Each <c>network</c> handle stands for the same capability: the instance's one
/// <see cref="NetworkAccess"/>.
/// </summary>
internal sealed class P2Sockets(P2Face face) : IInstanceNetwork, INetwork, ITcpCreateSocket, ITcp, IUdpCreateSocket, IUdp, IIpNameLookup
{
    private NetworkAccess? _access;

    public P2Face Face => face;

    /// <summary>The instance's network capability, under the context's policy.</summary>
    public NetworkAccess Access => _access ??= new NetworkAccess(face.Context.Sockets.Policy);

    public HostResourceBudget Budget => face.Context.HostResources;

    /// <summary>True if the guest may hold <paramref name="count"/> more handles.</summary>
    public bool HasRoom(int count) => face.Guest is not { } guest || guest.Resources.Count + count <= guest.Resources.MaxHandles;

    /// <summary>The capability a <c>network</c> handle stands for.</summary>
    public static NetworkAccess AccessOf(Network.INetwork network) => ((P2Network)network).Access;

    public Network.INetwork InstanceNetwork() => new P2Network(Access);

    public Result<Tcp.ITcpSocket, Code> CreateTcpSocket(Network.IpAddressFamily addressFamily)
    {
        var family = ToFamily(addressFamily);
        if (TcpSocket.Create(family, Access.Policy, HasRoom(1), Budget, out var socket) is { } error) return Result.Err(ToCode(error));
        // As in wasmtime: an IPv6 socket is IPv6 only (no IPv4-mapped traffic), whatever the system's default.
        if (family == AddressFamily.InterNetworkV6) socket.SetIpv6Only(true);
        return Result.Ok<Tcp.ITcpSocket>(new P2TcpSocket(this, socket));
    }

    public Result<Udp.IUdpSocket, Code> CreateUdpSocket(Network.IpAddressFamily addressFamily)
    {
        var family = ToFamily(addressFamily);
        if (UdpSocket.Create(family, Access.Policy, HasRoom(1), Budget, out var socket) is { } error) return Result.Err(ToCode(error));
        if (family == AddressFamily.InterNetworkV6) socket.SetIpv6Only(true);
        return Result.Ok<Udp.IUdpSocket>(new P2UdpSocket(this, socket));
    }

    /// <summary>
    /// Starts resolving <paramref name="name"/> (a host name, IDNA-encoded, or an IP address, which resolves to
    /// itself). As in wasmtime: lookups the policy does not allow are <c>permanent-resolver-failure</c>, a name that
    /// is neither is <c>invalid-argument</c>.
    /// </summary>
    public Result<IpNameLookup.IResolveAddressStream, Code> ResolveAddresses(Network.INetwork network, string name)
    {
        var net = AccessOf(network);
        if (NameLookup.Start(net, name, null, includeUnavailable: true, HasRoom(1), Budget, out var lookup, ipLiterals: true) is { } error)
            return Result.Err(error == NetError.AccessDenied ? Code.PermanentResolverFailure : ToCode(error));
        return Result.Ok<IpNameLookup.IResolveAddressStream>(new P2ResolveAddressStream(face, lookup));
    }
}

/// <summary>A <c>network</c>: the capability sockets bind, connect and resolve through.</summary>
internal sealed class P2Network(NetworkAccess access) : Network.INetwork
{
    public NetworkAccess Access { get; } = access;
}

/// <summary>
/// A <c>resolve-address-stream</c>: <c>resolve-next-address</c> answers <c>would-block</c> until the lookup is
/// done (<c>subscribe</c> is ready then), then each address once (IPv4-mapped IPv6 as IPv4), then none.
/// </summary>
internal sealed class P2ResolveAddressStream(P2Face face, NameLookup lookup) : IpNameLookup.IResolveAddressStream, IDisposable
{
    public Result<Network.IpAddress?, Code> ResolveNextAddress()
    {
        if (lookup.Next(out var address) is { } error) return Result.Err(ToCode(error));
        return Result.Ok<Network.IpAddress?>(address is null ? null : FromAddress(address));
    }

    private readonly P2Children _children = new("resolve-address-stream");

    public Poll.IPollable Subscribe() => new P2Pollable(face, new ConditionPollable(() => lookup.IsDone, () => lookup.Lookup), _children);

    public void Dispose()
    {
        _children.CheckNoneOnDrop("wasi:sockets/ip-name-lookup@0.2.12.[resource-drop]resolve-address-stream");
        lookup.Dispose();
    }
}
