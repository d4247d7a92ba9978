using System;
using WitBindgen.Runtime;
using WitBindgen.Runtime.Abi;

namespace WitBindgen.Wasi;

/// <summary>The shared answers of the socket stand-ins.</summary>
internal static class SocketsNotImplemented
{
    public static readonly Err<Network.ErrorCode> NotSupported = Result.Err(Network.ErrorCode.NotSupported);

    public static WitTrapException Trap(string function, uint handle, string kind) =>
        new($"{function}: handle {handle} is not a {kind}: this host makes none (sockets are not implemented yet)");
}

/// <summary>
/// <c>ip-name-lookup</c> is NOT IMPLEMENTED YET: <c>resolve-addresses</c> and <c>resolve-next-address</c> answer
/// <c>not-supported</c>, whatever the network policy; <c>subscribe</c> and <c>drop-resolve-address-stream</c> trap
/// (no resolve-address-stream can exist).
/// </summary>
public class UnsupportedIpNameLookup : IIpNameLookup
{
    /// <summary>Serves <paramref name="context"/>.</summary>
    public UnsupportedIpNameLookup(WasiContext context) => Context = context ?? throw new ArgumentNullException(nameof(context));

    /// <summary>The context.</summary>
    protected WasiContext Context { get; }

    /// <inheritdoc/>
    public virtual Result<uint, Network.ErrorCode> ResolveAddresses(uint network, string name, Network.IpAddressFamily? addressFamily, bool includeUnavailable) =>
        SocketsNotImplemented.NotSupported;

    /// <inheritdoc/>
    public virtual Result<Network.IpAddress?, Network.ErrorCode> ResolveNextAddress(uint @this) => SocketsNotImplemented.NotSupported;

    /// <inheritdoc/>
    public virtual void DropResolveAddressStream(uint @this) =>
        throw SocketsNotImplemented.Trap("ip-name-lookup.drop-resolve-address-stream", @this, "resolve-address-stream");

    /// <inheritdoc/>
    public virtual uint Subscribe(uint @this) => throw SocketsNotImplemented.Trap("ip-name-lookup.subscribe", @this, "resolve-address-stream");
}

/// <summary><c>tcp-create-socket</c> is NOT IMPLEMENTED YET: <c>create-tcp-socket</c> answers <c>not-supported</c>.</summary>
public class UnsupportedTcpCreateSocket : ITcpCreateSocket
{
    /// <summary>Serves <paramref name="context"/>.</summary>
    public UnsupportedTcpCreateSocket(WasiContext context) => Context = context ?? throw new ArgumentNullException(nameof(context));

    /// <summary>The context.</summary>
    protected WasiContext Context { get; }

    /// <inheritdoc/>
    public virtual Result<uint, Network.ErrorCode> CreateTcpSocket(Network.IpAddressFamily addressFamily) => SocketsNotImplemented.NotSupported;
}

/// <summary><c>udp-create-socket</c> is NOT IMPLEMENTED YET: <c>create-udp-socket</c> answers <c>not-supported</c>.</summary>
public class UnsupportedUdpCreateSocket : IUdpCreateSocket
{
    /// <summary>Serves <paramref name="context"/>.</summary>
    public UnsupportedUdpCreateSocket(WasiContext context) => Context = context ?? throw new ArgumentNullException(nameof(context));

    /// <summary>The context.</summary>
    protected WasiContext Context { get; }

    /// <inheritdoc/>
    public virtual Result<uint, Network.ErrorCode> CreateUdpSocket(Network.IpAddressFamily addressFamily) => SocketsNotImplemented.NotSupported;
}

/// <summary>
/// <c>tcp</c> is NOT IMPLEMENTED YET: no TCP socket can be created, so every function that returns a result answers
/// <c>not-supported</c>, and <c>address-family</c>, <c>subscribe</c> and <c>drop-tcp-socket</c> trap.
/// </summary>
public class UnsupportedTcp : ITcp
{
    private const string Kind = "tcp-socket";

    /// <summary>Serves <paramref name="context"/>.</summary>
    public UnsupportedTcp(WasiContext context) => Context = context ?? throw new ArgumentNullException(nameof(context));

    /// <summary>The context.</summary>
    protected WasiContext Context { get; }

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> StartBind(uint @this, uint network, Network.IpSocketAddress localAddress) => SocketsNotImplemented.NotSupported;

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> FinishBind(uint @this) => SocketsNotImplemented.NotSupported;

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> StartConnect(uint @this, uint network, Network.IpSocketAddress remoteAddress) => SocketsNotImplemented.NotSupported;

    /// <inheritdoc/>
    public virtual Result<(uint, uint), Network.ErrorCode> FinishConnect(uint @this) => SocketsNotImplemented.NotSupported;

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> StartListen(uint @this, uint network) => SocketsNotImplemented.NotSupported;

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> FinishListen(uint @this) => SocketsNotImplemented.NotSupported;

    /// <inheritdoc/>
    public virtual Result<(uint, uint, uint), Network.ErrorCode> Accept(uint @this) => SocketsNotImplemented.NotSupported;

    /// <inheritdoc/>
    public virtual Result<Network.IpSocketAddress, Network.ErrorCode> LocalAddress(uint @this) => SocketsNotImplemented.NotSupported;

    /// <inheritdoc/>
    public virtual Result<Network.IpSocketAddress, Network.ErrorCode> RemoteAddress(uint @this) => SocketsNotImplemented.NotSupported;

    /// <inheritdoc/>
    public virtual Network.IpAddressFamily AddressFamily(uint @this) => throw SocketsNotImplemented.Trap("tcp.address-family", @this, Kind);

    /// <inheritdoc/>
    public virtual Result<bool, Network.ErrorCode> Ipv6Only(uint @this) => SocketsNotImplemented.NotSupported;

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> SetIpv6Only(uint @this, bool value) => SocketsNotImplemented.NotSupported;

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> SetListenBacklogSize(uint @this, ulong value) => SocketsNotImplemented.NotSupported;

    /// <inheritdoc/>
    public virtual Result<bool, Network.ErrorCode> KeepAlive(uint @this) => SocketsNotImplemented.NotSupported;

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> SetKeepAlive(uint @this, bool value) => SocketsNotImplemented.NotSupported;

    /// <inheritdoc/>
    public virtual Result<bool, Network.ErrorCode> NoDelay(uint @this) => SocketsNotImplemented.NotSupported;

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> SetNoDelay(uint @this, bool value) => SocketsNotImplemented.NotSupported;

    /// <inheritdoc/>
    public virtual Result<byte, Network.ErrorCode> UnicastHopLimit(uint @this) => SocketsNotImplemented.NotSupported;

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> SetUnicastHopLimit(uint @this, byte value) => SocketsNotImplemented.NotSupported;

    /// <inheritdoc/>
    public virtual Result<ulong, Network.ErrorCode> ReceiveBufferSize(uint @this) => SocketsNotImplemented.NotSupported;

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> SetReceiveBufferSize(uint @this, ulong value) => SocketsNotImplemented.NotSupported;

    /// <inheritdoc/>
    public virtual Result<ulong, Network.ErrorCode> SendBufferSize(uint @this) => SocketsNotImplemented.NotSupported;

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> SetSendBufferSize(uint @this, ulong value) => SocketsNotImplemented.NotSupported;

    /// <inheritdoc/>
    public virtual uint Subscribe(uint @this) => throw SocketsNotImplemented.Trap("tcp.subscribe", @this, Kind);

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> Shutdown(uint @this, Tcp.ShutdownType shutdownType) => SocketsNotImplemented.NotSupported;

    /// <inheritdoc/>
    public virtual void DropTcpSocket(uint @this) => throw SocketsNotImplemented.Trap("tcp.drop-tcp-socket", @this, Kind);
}

/// <summary>
/// <c>udp</c> is NOT IMPLEMENTED YET: no UDP socket can be created, so every function that returns a result answers
/// <c>not-supported</c>, and <c>address-family</c>, <c>subscribe</c> and <c>drop-udp-socket</c> trap.
/// </summary>
public class UnsupportedUdp : IUdp
{
    private const string Kind = "udp-socket";

    /// <summary>Serves <paramref name="context"/>.</summary>
    public UnsupportedUdp(WasiContext context) => Context = context ?? throw new ArgumentNullException(nameof(context));

    /// <summary>The context.</summary>
    protected WasiContext Context { get; }

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> StartBind(uint @this, uint network, Network.IpSocketAddress localAddress) => SocketsNotImplemented.NotSupported;

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> FinishBind(uint @this) => SocketsNotImplemented.NotSupported;

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> StartConnect(uint @this, uint network, Network.IpSocketAddress remoteAddress) => SocketsNotImplemented.NotSupported;

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> FinishConnect(uint @this) => SocketsNotImplemented.NotSupported;

    /// <inheritdoc/>
    public virtual Result<Udp.Datagram, Network.ErrorCode> Receive(uint @this) => SocketsNotImplemented.NotSupported;

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> Send(uint @this, Udp.Datagram datagram) => SocketsNotImplemented.NotSupported;

    /// <inheritdoc/>
    public virtual Result<Network.IpSocketAddress, Network.ErrorCode> LocalAddress(uint @this) => SocketsNotImplemented.NotSupported;

    /// <inheritdoc/>
    public virtual Result<Network.IpSocketAddress, Network.ErrorCode> RemoteAddress(uint @this) => SocketsNotImplemented.NotSupported;

    /// <inheritdoc/>
    public virtual Network.IpAddressFamily AddressFamily(uint @this) => throw SocketsNotImplemented.Trap("udp.address-family", @this, Kind);

    /// <inheritdoc/>
    public virtual Result<bool, Network.ErrorCode> Ipv6Only(uint @this) => SocketsNotImplemented.NotSupported;

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> SetIpv6Only(uint @this, bool value) => SocketsNotImplemented.NotSupported;

    /// <inheritdoc/>
    public virtual Result<byte, Network.ErrorCode> UnicastHopLimit(uint @this) => SocketsNotImplemented.NotSupported;

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> SetUnicastHopLimit(uint @this, byte value) => SocketsNotImplemented.NotSupported;

    /// <inheritdoc/>
    public virtual Result<ulong, Network.ErrorCode> ReceiveBufferSize(uint @this) => SocketsNotImplemented.NotSupported;

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> SetReceiveBufferSize(uint @this, ulong value) => SocketsNotImplemented.NotSupported;

    /// <inheritdoc/>
    public virtual Result<ulong, Network.ErrorCode> SendBufferSize(uint @this) => SocketsNotImplemented.NotSupported;

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> SetSendBufferSize(uint @this, ulong value) => SocketsNotImplemented.NotSupported;

    /// <inheritdoc/>
    public virtual uint Subscribe(uint @this) => throw SocketsNotImplemented.Trap("udp.subscribe", @this, Kind);

    /// <inheritdoc/>
    public virtual void DropUdpSocket(uint @this) => throw SocketsNotImplemented.Trap("udp.drop-udp-socket", @this, Kind);
}
