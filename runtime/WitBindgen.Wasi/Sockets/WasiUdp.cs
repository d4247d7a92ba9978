using System;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using WitBindgen.Runtime;

namespace WitBindgen.Wasi;

/// <summary>Where a UDP socket is in the state machine of <c>udp.wit</c>.</summary>
public enum UdpSocketState
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
public sealed class UdpSocketResource : WasiResource
{
    internal UdpSocketResource(Socket socket, Network.IpAddressFamily family)
    {
        Socket = socket;
        Family = family;
    }

    /// <summary>The socket.</summary>
    public Socket Socket { get; }

    /// <summary>Its address family.</summary>
    public Network.IpAddressFamily Family { get; }

    /// <summary>Where it is in the state machine.</summary>
    public UdpSocketState State { get; internal set; }

    internal NetworkResource? Network { get; set; }

    internal UdpSocketState Previous { get; set; }

    internal Network.ErrorCode? Outcome { get; set; }

    internal IPEndPoint? Remote { get; set; }

    internal bool InProgress => State is UdpSocketState.BindStarted or UdpSocketState.ConnectStarted;

    /// <inheritdoc/>
    protected override void OnDropped() => Socket.Dispose();
}

/// <summary>
/// The default <c>udp-create-socket</c>: a non-blocking UDP socket of the asked family, if the context's
/// <see cref="WasiNetworkPolicy.AllowUdp"/> says so (else <c>access-denied</c>).
/// </summary>
public class WasiUdpCreateSocket : IUdpCreateSocket
{
    /// <summary>Serves <paramref name="context"/>.</summary>
    public WasiUdpCreateSocket(WasiContext context) => Context = context ?? throw new ArgumentNullException(nameof(context));

    /// <summary>The context.</summary>
    protected WasiContext Context { get; }

    /// <inheritdoc/>
    public virtual Result<uint, Network.ErrorCode> CreateUdpSocket(Network.IpAddressFamily addressFamily)
    {
        if (!Context.Network.AllowUdp) return Result.Err(Network.ErrorCode.AccessDenied);
        if (addressFamily == Network.IpAddressFamily.Ipv6 && !Socket.OSSupportsIPv6) return Result.Err(Network.ErrorCode.AddressFamilyNotSupported);
        if (Context.Table.IsFull) return Result.Err(Network.ErrorCode.NewSocketLimit);
        Socket socket;
        try
        {
            socket = new Socket(SocketAddresses.Family(addressFamily), SocketType.Dgram, ProtocolType.Udp) { Blocking = false };
        }
        catch (SocketException ex)
        {
            return Result.Err(SocketAddresses.ToErrorCode(ex));
        }
        return Result.Ok(Context.Table.Insert(new UdpSocketResource(socket, addressFamily), "udp-create-socket.create-udp-socket"));
    }
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
    private readonly byte[] _buffer = new byte[65_536];

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

    private static bool IsUnspecified(IPEndPoint endpoint) =>
        endpoint.Port == 0 || endpoint.Address.Equals(IPAddress.Any) || endpoint.Address.Equals(IPAddress.IPv6Any);

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> StartBind(uint @this, uint network, Network.IpSocketAddress localAddress)
    {
        var s = Get(@this, "start-bind");
        var net = Context.Table.Get<NetworkResource>(network, "udp.start-bind");
        if (s.InProgress) return Err(Network.ErrorCode.ConcurrencyConflict);
        if (s.State != UdpSocketState.Unbound) return Err(Network.ErrorCode.AlreadyBound);
        if (SocketAddresses.Family(localAddress) != s.Family) return Err(Network.ErrorCode.AddressFamilyMismatch);
        var endpoint = SocketAddresses.ToEndPoint(localAddress);
        if (!net.Policy.IsAllowed(endpoint, SocketAddressUse.UdpBind)) return Err(Network.ErrorCode.AccessDenied);
        try
        {
            s.Socket.Bind(endpoint);
            s.Outcome = null;
        }
        catch (SocketException ex)
        {
            s.Outcome = SocketAddresses.ToErrorCode(ex);
        }
        s.Network = net;
        s.Previous = s.State;
        s.State = UdpSocketState.BindStarted;
        return Result.Ok();
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> FinishBind(uint @this)
    {
        var s = Get(@this, "finish-bind");
        if (s.State != UdpSocketState.BindStarted) return Err(Network.ErrorCode.NotInProgress);
        if (s.Outcome is { } error)
        {
            s.State = s.Previous;
            s.Network = null;
            return Err(error);
        }
        s.State = UdpSocketState.Bound;
        return Result.Ok();
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> StartConnect(uint @this, uint network, Network.IpSocketAddress remoteAddress)
    {
        var s = Get(@this, "start-connect");
        var net = Context.Table.Get<NetworkResource>(network, "udp.start-connect");
        if (s.InProgress) return Err(Network.ErrorCode.ConcurrencyConflict);
        if (s.Network is { } attached && attached != net) return Err(Network.ErrorCode.AlreadyAttached);
        if (SocketAddresses.Family(remoteAddress) != s.Family) return Err(Network.ErrorCode.AddressFamilyMismatch);
        var endpoint = SocketAddresses.ToEndPoint(remoteAddress);
        if (IsUnspecified(endpoint)) return Err(Network.ErrorCode.InvalidRemoteAddress);
        if (!net.Policy.IsAllowed(endpoint, SocketAddressUse.UdpConnect)) return Err(Network.ErrorCode.AccessDenied);
        try
        {
            s.Socket.Connect(endpoint);
            s.Outcome = null;
            s.Remote = endpoint;
        }
        catch (SocketException ex)
        {
            s.Outcome = ex.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AddressNotAvailable
                ? Network.ErrorCode.EphemeralPortsExhausted
                : SocketAddresses.ToErrorCode(ex);
        }
        s.Network = net;
        s.Previous = s.State;
        s.State = UdpSocketState.ConnectStarted;
        return Result.Ok();
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> FinishConnect(uint @this)
    {
        var s = Get(@this, "finish-connect");
        if (s.State != UdpSocketState.ConnectStarted) return Err(Network.ErrorCode.NotInProgress);
        if (s.Outcome is { } error)
        {
            s.State = s.Previous;
            if (s.State == UdpSocketState.Unbound) s.Network = null;
            return Err(error);
        }
        s.State = UdpSocketState.Connected;
        return Result.Ok();
    }

    /// <inheritdoc/>
    public virtual Result<Udp.Datagram, Network.ErrorCode> Receive(uint @this)
    {
        var s = Get(@this, "receive");
        if (s.State is UdpSocketState.Unbound or UdpSocketState.BindStarted) return Err(Network.ErrorCode.NotBound);
        EndPoint from = s.Family == Network.IpAddressFamily.Ipv6 ? new IPEndPoint(IPAddress.IPv6Any, 0) : new IPEndPoint(IPAddress.Any, 0);
        int received;
        try
        {
            received = s.Socket.ReceiveFrom(_buffer, SocketFlags.None, ref from);
        }
        catch (SocketException ex)
        {
            return Err(Unreachable(ex));
        }
        var data = _buffer.AsSpan(0, received).ToArray();
        return Result.Ok(new Udp.Datagram(data, SocketAddresses.FromEndPoint((IPEndPoint)from)));
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> Send(uint @this, Udp.Datagram datagram)
    {
        var s = Get(@this, "send");
        if (s.State is UdpSocketState.Unbound or UdpSocketState.BindStarted) return Err(Network.ErrorCode.NotBound);
        if (SocketAddresses.Family(datagram.RemoteAddress) != s.Family) return Err(Network.ErrorCode.AddressFamilyMismatch);
        var endpoint = SocketAddresses.ToEndPoint(datagram.RemoteAddress);
        if (IsUnspecified(endpoint)) return Err(Network.ErrorCode.InvalidRemoteAddress);
        if (s.State == UdpSocketState.Connected && !endpoint.Equals(s.Remote)) return Err(Network.ErrorCode.AlreadyConnected);
        if (s.Network is not { } net || !net.Policy.IsAllowed(endpoint, SocketAddressUse.UdpOutgoingDatagram))
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
    public virtual Result<Network.IpSocketAddress, Network.ErrorCode> LocalAddress(uint @this)
    {
        var s = Get(@this, "local-address");
        if (s.State is UdpSocketState.Unbound or UdpSocketState.BindStarted || s.Socket.LocalEndPoint is not IPEndPoint local)
            return Err(Network.ErrorCode.NotBound);
        return Result.Ok(SocketAddresses.FromEndPoint(local));
    }

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
    public virtual Result<bool, Network.ErrorCode> Ipv6Only(uint @this)
    {
        var s = Get(@this, "ipv6-only");
        if (s.Family != Network.IpAddressFamily.Ipv6) return Err(Network.ErrorCode.Ipv6OnlyOperation);
        return WasiTcp.Option(() => !s.Socket.DualMode);
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> SetIpv6Only(uint @this, bool value)
    {
        var s = Get(@this, "set-ipv6-only");
        if (s.Family != Network.IpAddressFamily.Ipv6) return Err(Network.ErrorCode.Ipv6OnlyOperation);
        if (s.InProgress) return Err(Network.ErrorCode.ConcurrencyConflict);
        if (s.State != UdpSocketState.Unbound) return Err(Network.ErrorCode.AlreadyBound);
        return WasiTcp.Set(() => s.Socket.DualMode = !value);
    }

    /// <inheritdoc/>
    public virtual Result<byte, Network.ErrorCode> UnicastHopLimit(uint @this)
    {
        var s = Get(@this, "unicast-hop-limit");
        return WasiTcp.Option(() => (byte)Math.Clamp((int)s.Socket.Ttl, 0, 255));
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> SetUnicastHopLimit(uint @this, byte value)
    {
        var s = Get(@this, "set-unicast-hop-limit");
        if (s.InProgress) return Err(Network.ErrorCode.ConcurrencyConflict);
        return WasiTcp.Set(() => s.Socket.Ttl = value);
    }

    /// <inheritdoc/>
    public virtual Result<ulong, Network.ErrorCode> ReceiveBufferSize(uint @this)
    {
        var s = Get(@this, "receive-buffer-size");
        return WasiTcp.Option(() => (ulong)s.Socket.ReceiveBufferSize);
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> SetReceiveBufferSize(uint @this, ulong value)
    {
        var s = Get(@this, "set-receive-buffer-size");
        if (s.InProgress) return Err(Network.ErrorCode.ConcurrencyConflict);
        return WasiTcp.Set(() => s.Socket.ReceiveBufferSize = (int)Math.Clamp(value, 1UL, int.MaxValue / 2));
    }

    /// <inheritdoc/>
    public virtual Result<ulong, Network.ErrorCode> SendBufferSize(uint @this)
    {
        var s = Get(@this, "send-buffer-size");
        return WasiTcp.Option(() => (ulong)s.Socket.SendBufferSize);
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> SetSendBufferSize(uint @this, ulong value)
    {
        var s = Get(@this, "set-send-buffer-size");
        if (s.InProgress) return Err(Network.ErrorCode.ConcurrencyConflict);
        return WasiTcp.Set(() => s.Socket.SendBufferSize = (int)Math.Clamp(value, 1UL, int.MaxValue / 2));
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
}
