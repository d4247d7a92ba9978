using System;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using WitBindgen.Runtime;

namespace WitBindgen.Wasi;

/// <summary>Where a UDP socket is in the state machine of <c>udp.wit</c>.</summary>
internal enum UdpSocketState
{
    /// <summary>Freshly created.</summary>
    Unbound,

    /// <summary><c>start-bind</c> was called; <c>finish-bind</c> is due.</summary>
    BindStarted,

    /// <summary>Bound to a local address.</summary>
    Bound,

    /// <summary><c>start-connect</c> was called; <c>finish-connect</c> is due.</summary>
    ConnectStarted,

    /// <summary>Connected to one remote address (and bound).</summary>
    Connected,
}

/// <summary>A <c>udp-socket</c> handle: a non-blocking .NET <see cref="System.Net.Sockets.Socket"/> and its state. Dropping it closes the socket.</summary>
[WasiResourceKind("udp-socket")]
internal sealed class UdpSocketResource : WasiResource
{
    private static readonly SocketStates<UdpSocketState> States = new(
        UdpSocketState.Unbound, UdpSocketState.BindStarted, UdpSocketState.Bound,
        state => state is UdpSocketState.BindStarted or UdpSocketState.ConnectStarted);

    internal UdpSocketResource(Socket socket, Network.IpAddressFamily family) => Core = new(socket, family, UdpSocketState.Unbound, States);

    /// <summary>The state it shares with TCP sockets (network, previous state, outcome).</summary>
    internal SocketCore<UdpSocketState> Core { get; }

    /// <summary>The socket.</summary>
    public Socket Socket => Core.Socket;

    /// <summary>Its address family.</summary>
    public Network.IpAddressFamily Family => Core.Family;

    /// <summary>Where it is in the state machine.</summary>
    public UdpSocketState State { get => Core.State; internal set => Core.State = value; }

    internal IPEndPoint? Remote { get; set; }

    /// <inheritdoc/>
    protected override void OnDropped() => Socket.Dispose();
}

/// <summary>
/// The default <c>udp</c>, following the state machine of <c>udp.wit</c>: <c>start-bind</c> and <c>start-connect</c>
/// check their preconditions and the policy, then do the work, whose outcome the <c>finish-*</c> call reports.
/// <c>start-connect</c> binds implicitly and may be called again to change the destination. <c>receive</c> and
/// <c>send</c> never block (<c>would-block</c>) and never bind implicitly (<c>not-bound</c>).
/// Datagrams of up to 65,535 bytes are received whole. A handle that is not a live <c>udp-socket</c> or
/// <c>network</c> traps: <c>error-code</c> has no code for a bad handle.
/// </summary>
public class WasiUdp : IUdp
{
    // Made at the first receive: most commands never use UDP, and 64 KiB per context was most of an idle instance.
    private byte[]? _buffer;

    /// <summary>Serves <paramref name="context"/>.</summary>
    public WasiUdp(WasiContext context) => Context = context ?? throw new ArgumentNullException(nameof(context));

    /// <summary>The context.</summary>
    protected WasiContext Context { get; }

    private UdpSocketResource Get(uint handle, string function) => Context.Table.Get<UdpSocketResource>(handle, "udp." + function);

    private static Err<Network.ErrorCode> Err(Network.ErrorCode code) => Result.Err(code);

    private static Network.ErrorCode Unreachable(SocketException ex) =>
        ex.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset or SocketError.NetworkReset
            ? Network.ErrorCode.RemoteUnreachable
            : SocketAddresses.ToErrorCode(ex);

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> StartBind(uint @this, uint network, Network.IpSocketAddress localAddress)
    {
        var s = Get(@this, "start-bind");
        var net = Context.Table.Get<NetworkResource>(network, "udp.start-bind");
        return SocketOps.StartBind(s.Core, net, localAddress, SocketAddressUse.UdpBind);
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> FinishBind(uint @this) =>
        SocketOps.Finish(Get(@this, "finish-bind").Core, UdpSocketState.BindStarted, UdpSocketState.Bound);

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> StartConnect(uint @this, uint network, Network.IpSocketAddress remoteAddress)
    {
        var s = Get(@this, "start-connect");
        var net = Context.Table.Get<NetworkResource>(network, "udp.start-connect");
        if (s.Core.InProgress) return Err(Network.ErrorCode.ConcurrencyConflict);
        if (SocketOps.CheckRemote(s.Core, net, remoteAddress, SocketAddressUse.UdpConnect, out var endpoint) is { } refused) return Err(refused);
        try
        {
            s.Socket.Connect(endpoint);
            s.Core.Outcome = null;
            s.Remote = endpoint;
        }
        catch (SocketException ex)
        {
            s.Core.Outcome = ex.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AddressNotAvailable
                ? Network.ErrorCode.EphemeralPortsExhausted
                : SocketAddresses.ToErrorCode(ex);
        }
        SocketOps.Begin(s.Core, net, UdpSocketState.ConnectStarted);
        return Result.Ok();
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> FinishConnect(uint @this) =>
        SocketOps.Finish(Get(@this, "finish-connect").Core, UdpSocketState.ConnectStarted, UdpSocketState.Connected);

    /// <inheritdoc/>
    public virtual Result<Udp.Datagram, Network.ErrorCode> Receive(uint @this)
    {
        var s = Get(@this, "receive");
        if (s.State is UdpSocketState.Unbound or UdpSocketState.BindStarted) return Err(Network.ErrorCode.NotBound);
        EndPoint from = s.Family == Network.IpAddressFamily.Ipv6 ? new IPEndPoint(IPAddress.IPv6Any, 0) : new IPEndPoint(IPAddress.Any, 0);
        int received;
        try
        {
            received = s.Socket.ReceiveFrom(_buffer ??= new byte[65_536], SocketFlags.None, ref from);
        }
        catch (SocketException ex)
        {
            return Err(Unreachable(ex));
        }
        var data = _buffer!.AsSpan(0, received).ToArray();
        return Result.Ok(new Udp.Datagram(data, SocketAddresses.FromEndPoint((IPEndPoint)from)));
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> Send(uint @this, Udp.Datagram datagram)
    {
        var s = Get(@this, "send");
        if (s.State is UdpSocketState.Unbound or UdpSocketState.BindStarted) return Err(Network.ErrorCode.NotBound);
        if (SocketAddresses.Family(datagram.RemoteAddress) != s.Family) return Err(Network.ErrorCode.AddressFamilyMismatch);
        var endpoint = SocketAddresses.ToEndPoint(datagram.RemoteAddress);
        if (SocketOps.IsUnspecified(endpoint)) return Err(Network.ErrorCode.InvalidRemoteAddress);
        if (s.State == UdpSocketState.Connected && !endpoint.Equals(s.Remote)) return Err(Network.ErrorCode.AlreadyConnected);
        if (s.Core.Network is not { } net || !net.Policy.IsAllowed(endpoint, SocketAddressUse.UdpOutgoingDatagram))
            return Err(Network.ErrorCode.AccessDenied);
        try
        {
            if (s.State == UdpSocketState.Connected) s.Socket.Send(datagram.Data.Span);
            else s.Socket.SendTo(datagram.Data.Span, SocketFlags.None, endpoint);
        }
        catch (SocketException ex)
        {
            return Err(Unreachable(ex));
        }
        return Result.Ok();
    }

    /// <inheritdoc/>
    public virtual Result<Network.IpSocketAddress, Network.ErrorCode> LocalAddress(uint @this) => SocketOps.LocalAddress(Get(@this, "local-address").Core);

    /// <inheritdoc/>
    public virtual Result<Network.IpSocketAddress, Network.ErrorCode> RemoteAddress(uint @this)
    {
        var s = Get(@this, "remote-address");
        if (s.State != UdpSocketState.Connected || s.Remote is not { } remote) return Err(Network.ErrorCode.NotConnected);
        return Result.Ok(SocketAddresses.FromEndPoint(remote));
    }

    /// <inheritdoc/>
    public virtual Network.IpAddressFamily AddressFamily(uint @this) => Get(@this, "address-family").Family;

    /// <inheritdoc/>
    public virtual Result<bool, Network.ErrorCode> Ipv6Only(uint @this) => SocketOps.Ipv6Only(Get(@this, "ipv6-only").Core);

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> SetIpv6Only(uint @this, bool value) => SocketOps.SetIpv6Only(Get(@this, "set-ipv6-only").Core, value);

    /// <inheritdoc/>
    public virtual Result<byte, Network.ErrorCode> UnicastHopLimit(uint @this) => SocketOps.UnicastHopLimit(Get(@this, "unicast-hop-limit").Socket);

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> SetUnicastHopLimit(uint @this, byte value)
    {
        var s = Get(@this, "set-unicast-hop-limit");
        return SocketOps.SetUnicastHopLimit(s.Socket, Settable(s), value);
    }

    /// <inheritdoc/>
    public virtual Result<ulong, Network.ErrorCode> ReceiveBufferSize(uint @this) => SocketOps.ReceiveBufferSize(Get(@this, "receive-buffer-size").Socket);

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> SetReceiveBufferSize(uint @this, ulong value)
    {
        var s = Get(@this, "set-receive-buffer-size");
        return SocketOps.SetReceiveBufferSize(s.Socket, Settable(s), value);
    }

    /// <inheritdoc/>
    public virtual Result<ulong, Network.ErrorCode> SendBufferSize(uint @this) => SocketOps.SendBufferSize(Get(@this, "send-buffer-size").Socket);

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> SetSendBufferSize(uint @this, ulong value)
    {
        var s = Get(@this, "set-send-buffer-size");
        return SocketOps.SetSendBufferSize(s.Socket, Settable(s), value);
    }

    /// <summary>A pollable that is ready when a bound socket has a datagram (or an error) to receive; at once when it is not bound, or a started operation can be finished.</summary>
    public virtual uint Subscribe(uint @this)
    {
        var s = Get(@this, "subscribe");
        bool Ready() => s.IsDropped || s.State is not (UdpSocketState.Bound or UdpSocketState.Connected) || SocketHelpers.Readable(s.Socket);
        return Context.Table.Insert(new SocketPollable(Ready), "udp.subscribe");
    }

    /// <inheritdoc/>
    public virtual void DropUdpSocket(uint @this) => Context.Table.Remove<UdpSocketResource>(@this, "udp.drop-udp-socket");

    /// <summary>Why an option cannot be set now (null: it can).</summary>
    private static Network.ErrorCode? Settable(UdpSocketResource s) => s.Core.InProgress ? Network.ErrorCode.ConcurrencyConflict : null;
}
