using System;
using System.Net;
using System.Net.Sockets;

namespace WitBindgen.Wasi.Host;

/// <summary>
/// A UDP socket of the host core: a real non-blocking .NET socket and its state machine. Bind and connect do their
/// work at the start and keep its outcome for the finish; connecting binds implicitly and may be done again to change
/// the destination. <see cref="Receive"/> and <see cref="Send"/> never block (<see cref="NetError.WouldBlock"/>) and
/// never bind implicitly (<see cref="NetError.NotBound"/>); <see cref="IsReadable"/> tells a pollable when a datagram
/// (or an error) waits.
/// </summary>
internal sealed class UdpSocket : IpSocket<UdpState>
{
    private UdpSocket(Socket socket, AddressFamily family, HostResourceLease lease) : base(socket, family, UdpState.Unbound, lease)
    {
    }

    /// <summary>
    /// A new non-blocking UDP socket of <paramref name="family"/>, if the policy allows UDP, the family is supported,
    /// <paramref name="roomForHandle"/> and <paramref name="budget"/> has room.
    /// </summary>
    public static NetError? Create(AddressFamily family, WasiNetworkPolicy policy, bool roomForHandle, HostResourceBudget budget, out UdpSocket created)
    {
        created = null!;
        if (Admit(policy.AllowUdp, family, roomForHandle, budget, out var lease) is { } refused) return refused;
        try
        {
            created = new UdpSocket(new Socket(family, SocketType.Dgram, ProtocolType.Udp) { Blocking = false }, family, lease);
            return null;
        }
        catch (SocketException ex)
        {
            lease.Release();
            return NetErrors.FromException(ex);
        }
    }

    /// <inheritdoc/>
    protected override UdpState UnboundState => UdpState.Unbound;

    /// <inheritdoc/>
    protected override UdpState BindStartedState => UdpState.BindStarted;

    /// <inheritdoc/>
    public override bool InProgress => State is UdpState.BindStarted or UdpState.ConnectStarted;

    /// <inheritdoc/>
    protected override NetError? Settable => InProgress ? NetError.ConcurrencyConflict : null;

    /// <summary>The address it is connected to, once connected.</summary>
    public IPEndPoint? Remote { get; private set; }

    /// <summary>Finishes a bind.</summary>
    public NetError? FinishBind() => FinishBind(UdpState.Bound);

    /// <summary>Begins connecting to <paramref name="remote"/> through <paramref name="net"/>: datagrams go there and come only from there.</summary>
    public NetError? StartConnect(NetworkAccess net, IPEndPoint remote)
    {
        if (InProgress) return NetError.ConcurrencyConflict;
        if (CheckRemote(net, remote, SocketAddressUse.UdpConnect) is { } refused) return refused;
        try
        {
            Socket.Connect(remote);
            Outcome = null;
            Remote = remote;
        }
        catch (SocketException ex)
        {
            Outcome = ex.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AddressNotAvailable
                ? NetError.EphemeralPortsExhausted
                : NetErrors.FromException(ex);
        }
        Begin(net, UdpState.ConnectStarted);
        return null;
    }

    /// <summary>Finishes a connect.</summary>
    public NetError? FinishConnect() => Finish(UdpState.ConnectStarted, UdpState.Connected);

    /// <summary>
    /// Associates a bound socket with <paramref name="remote"/> at once (WASI 0.2's <c>stream</c>, after the face's own
    /// checks): the system's <c>connect</c>, so datagrams come only from there and ICMP errors are reported. A
    /// connected socket is disconnected first (<see cref="Disconnect"/>).
    /// </summary>
    public NetError? ConnectNow(NetworkAccess net, IPEndPoint remote)
    {
        if (State is not (UdpState.Bound or UdpState.Connected)) return NetError.NotBound;
        if (CheckRemote(net, remote, SocketAddressUse.UdpConnect) is { } refused) return refused;
        if (State == UdpState.Connected && Disconnect() is { } failed) return failed;
        if (SocketOptions.Connect(Socket, remote) is { } error) return error;
        Remote = remote;
        State = UdpState.Connected;
        return null;
    }

    /// <summary>Dissolves the association of a connected socket: it is bound again, with no remote address.</summary>
    public NetError? Disconnect()
    {
        if (State != UdpState.Connected) return NetError.NotConnected;
        if (SocketOptions.Disconnect(Socket) is { } error) return error;
        Remote = null;
        State = UdpState.Bound;
        return null;
    }

    /// <summary>
    /// Receives one datagram into <paramref name="buffer"/> without blocking (a longer one is cut off): its length
    /// and its sender. An ICMP error about an earlier send is <see cref="NetError.RemoteUnreachable"/>.
    /// </summary>
    public NetError? Receive(byte[] buffer, out int received, out IPEndPoint from)
    {
        received = 0;
        from = null!;
        if (State is UdpState.Unbound or UdpState.BindStarted) return NetError.NotBound;
        EndPoint sender = AnyEndPoint;
        try
        {
            received = Socket.ReceiveFrom(buffer, SocketFlags.None, ref sender);
        }
        catch (SocketException ex)
        {
            return Unreachable(ex);
        }
        from = (IPEndPoint)sender;
        return null;
    }

    /// <summary>
    /// Sends one datagram to <paramref name="to"/> without blocking, if the network's policy allows it; a connected
    /// socket sends only to the address it is connected to (<see cref="NetError.AlreadyConnected"/> otherwise).
    /// </summary>
    public NetError? Send(ReadOnlySpan<byte> data, IPEndPoint to)
    {
        if (State is UdpState.Unbound or UdpState.BindStarted) return NetError.NotBound;
        if (to.AddressFamily != Family) return NetError.AddressFamilyMismatch;
        if (IsUnspecified(to)) return NetError.InvalidRemoteAddress;
        if (State == UdpState.Connected && !to.Equals(Remote)) return NetError.AlreadyConnected;
        if (Network is not { } net || !net.Policy.IsAllowed(to, SocketAddressUse.UdpOutgoingDatagram)) return NetError.AccessDenied;
        try
        {
            if (State == UdpState.Connected) Socket.Send(data);
            else Socket.SendTo(data, SocketFlags.None, to);
        }
        catch (SocketException ex)
        {
            return Unreachable(ex);
        }
        return null;
    }

    /// <summary>The connected address; <see cref="NetError.NotConnected"/> unless connected.</summary>
    public NetError? RemoteAddress(out IPEndPoint remote)
    {
        remote = null!;
        if (State != UdpState.Connected || Remote is not { } connected) return NetError.NotConnected;
        remote = connected;
        return null;
    }

    /// <summary>True when a bound socket has a datagram (or an error) to receive; at once when it is not bound or a started operation can be finished.</summary>
    public bool IsReadable => State is not (UdpState.Bound or UdpState.Connected) || SocketReadiness.Readable(Socket);

    private static NetError Unreachable(SocketException ex) =>
        ex.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset or SocketError.NetworkReset
            ? NetError.RemoteUnreachable
            : NetErrors.FromException(ex);
}
