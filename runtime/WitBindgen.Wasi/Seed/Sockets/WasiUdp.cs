using System;
using WitBindgen.Runtime;
using WitBindgen.Wasi.Host;
using static WitBindgen.Wasi.SocketAddresses;

namespace WitBindgen.Wasi;

/// <summary>
/// The default <c>udp</c>, following the state machine of <c>udp.wit</c>: <c>start-bind</c> and <c>start-connect</c>
/// check their preconditions and the policy, then do the work, whose outcome the <c>finish-*</c> call reports.
/// <c>start-connect</c> binds implicitly and may be called again to change the destination. <c>receive</c> and
/// <c>send</c> never block (<c>would-block</c>) and never bind implicitly (<c>not-bound</c>).
/// Datagrams of up to 65,535 bytes are received whole. A handle that is not a live <c>udp-socket</c> or
/// <c>network</c> traps: <c>error-code</c> has no code for a bad handle. A thin face over the host core's
/// <c>UdpSocket</c>: each function looks up its handles, converts addresses, calls the core and maps its error.
/// </summary>
public class WasiUdp : IUdp
{
    // Made at the first receive: most commands never use UDP, and 64 KiB per context was most of an idle instance.
    private byte[]? _buffer;

    /// <summary>Serves <paramref name="context"/>.</summary>
    public WasiUdp(WasiContext context) => Context = context ?? throw new ArgumentNullException(nameof(context));

    /// <summary>The context.</summary>
    protected WasiContext Context { get; }

    private UdpSocket Get(uint handle, string function) => Context.Table.Get<UdpSocketResource>(handle, "udp." + function).Socket;

    private NetworkAccess NetworkOf(uint handle, string function) => Context.Table.Get<NetworkResource>(handle, "udp." + function).Access;

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> StartBind(uint @this, uint network, Network.IpSocketAddress localAddress)
    {
        var s = Get(@this, "start-bind");
        return Done(s.StartBind(NetworkOf(network, "start-bind"), ToEndPoint(localAddress), SocketAddressUse.UdpBind));
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> FinishBind(uint @this) => Done(Get(@this, "finish-bind").FinishBind());

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> StartConnect(uint @this, uint network, Network.IpSocketAddress remoteAddress)
    {
        var s = Get(@this, "start-connect");
        return Done(s.StartConnect(NetworkOf(network, "start-connect"), ToEndPoint(remoteAddress)));
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> FinishConnect(uint @this) => Done(Get(@this, "finish-connect").FinishConnect());

    /// <inheritdoc/>
    public virtual Result<Udp.Datagram, Network.ErrorCode> Receive(uint @this)
    {
        var s = Get(@this, "receive");
        var buffer = _buffer ??= new byte[65_536];
        if (s.Receive(buffer, out var received, out var from) is { } error) return Result.Err(ToCode(error));
        return Result.Ok(new Udp.Datagram(buffer.AsSpan(0, received).ToArray(), FromEndPoint(from)));
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> Send(uint @this, Udp.Datagram datagram)
    {
        var s = Get(@this, "send");
        return Done(s.Send(datagram.Data.Span, ToEndPoint(datagram.RemoteAddress)));
    }

    /// <inheritdoc/>
    public virtual Result<Network.IpSocketAddress, Network.ErrorCode> LocalAddress(uint @this) =>
        Get(@this, "local-address").LocalAddress(out var local) is { } error ? Result.Err(ToCode(error)) : Result.Ok(FromEndPoint(local));

    /// <inheritdoc/>
    public virtual Result<Network.IpSocketAddress, Network.ErrorCode> RemoteAddress(uint @this) =>
        Get(@this, "remote-address").RemoteAddress(out var remote) is { } error ? Result.Err(ToCode(error)) : Result.Ok(FromEndPoint(remote));

    /// <inheritdoc/>
    public virtual Network.IpAddressFamily AddressFamily(uint @this) => Family(Get(@this, "address-family").Family);

    /// <inheritdoc/>
    public virtual Result<bool, Network.ErrorCode> Ipv6Only(uint @this) => Value(Get(@this, "ipv6-only").Ipv6Only(out var value), value);

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> SetIpv6Only(uint @this, bool value) => Done(Get(@this, "set-ipv6-only").SetIpv6Only(value));

    /// <inheritdoc/>
    public virtual Result<byte, Network.ErrorCode> UnicastHopLimit(uint @this) =>
        Value(Get(@this, "unicast-hop-limit").UnicastHopLimit(out var value), value);

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> SetUnicastHopLimit(uint @this, byte value) =>
        Done(Get(@this, "set-unicast-hop-limit").SetUnicastHopLimit(value));

    /// <inheritdoc/>
    public virtual Result<ulong, Network.ErrorCode> ReceiveBufferSize(uint @this) =>
        Value(Get(@this, "receive-buffer-size").ReceiveBufferSize(out var value), value);

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> SetReceiveBufferSize(uint @this, ulong value) =>
        Done(Get(@this, "set-receive-buffer-size").SetReceiveBufferSize(value));

    /// <inheritdoc/>
    public virtual Result<ulong, Network.ErrorCode> SendBufferSize(uint @this) =>
        Value(Get(@this, "send-buffer-size").SendBufferSize(out var value), value);

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> SetSendBufferSize(uint @this, ulong value) =>
        Done(Get(@this, "set-send-buffer-size").SetSendBufferSize(value));

    /// <summary>A pollable that is ready when a bound socket has a datagram (or an error) to receive; at once when it is not bound, or a started operation can be finished.</summary>
    public virtual uint Subscribe(uint @this)
    {
        var resource = Context.Table.Get<UdpSocketResource>(@this, "udp.subscribe");
        var s = resource.Socket;
        return Context.Table.Insert(new ConditionPollable(() => resource.IsDropped || s.IsReadable), "udp.subscribe");
    }

    /// <inheritdoc/>
    public virtual void DropUdpSocket(uint @this) => Context.Table.Remove<UdpSocketResource>(@this, "udp.drop-udp-socket");
}
