using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using WitBindgen.Runtime;

namespace WitBindgen.Wasi;

/// <summary>The states of a socket's state machine that TCP and UDP have in common, and which states are "in progress".</summary>
internal sealed record SocketStates<TState>(TState Unbound, TState BindStarted, TState Bound, Func<TState, bool> InProgress)
    where TState : struct, Enum;

/// <summary>
/// The state a <see cref="TcpSocketResource"/> and a <see cref="UdpSocketResource"/> share: the socket, its family,
/// where it is in its state machine, the network it is attached to and the outcome of a started operation.
/// </summary>
internal sealed class SocketCore<TState>
    where TState : struct, Enum
{
    public SocketCore(Socket socket, Network.IpAddressFamily family, TState state, SocketStates<TState> states)
    {
        Socket = socket;
        Family = family;
        State = state;
        States = states;
    }

    /// <summary>The socket.</summary>
    public Socket Socket { get; }

    /// <summary>Its address family.</summary>
    public Network.IpAddressFamily Family { get; }

    /// <summary>The states the shared operations use.</summary>
    public SocketStates<TState> States { get; }

    /// <summary>Where it is in the state machine.</summary>
    public TState State { get; set; }

    /// <summary>The state to return to when a started operation fails.</summary>
    public TState Previous { get; set; }

    /// <summary>The network it is attached to (by its first bind, connect or listen).</summary>
    public NetworkResource? Network { get; set; }

    /// <summary>The outcome of a started operation (null: success).</summary>
    public Network.ErrorCode? Outcome { get; set; }

    /// <summary>True while a started operation waits for its <c>finish-*</c>.</summary>
    public bool InProgress => States.InProgress(State);

    /// <summary>True if it is in <paramref name="state"/>.</summary>
    public bool Is(TState state) => EqualityComparer<TState>.Default.Equals(State, state);

    /// <summary>True until a bind is finished (explicit or implicit).</summary>
    public bool Unbound => Is(States.Unbound) || Is(States.BindStarted);
}

/// <summary>The logic TCP and UDP sockets share: creation, bind, the finishing of started operations, addresses and options.</summary>
internal static class SocketOps
{
    private static Err<Network.ErrorCode> Err(Network.ErrorCode code) => Result.Err(code);

    /// <summary>A new socket of <paramref name="family"/> in the table, if <paramref name="allowed"/>.</summary>
    public static Result<uint, Network.ErrorCode> Create(
        WasiContext context, bool allowed, Network.IpAddressFamily family, Func<Socket> open, Func<Socket, WasiResource> wrap, string function)
    {
        if (!allowed) return Err(Network.ErrorCode.AccessDenied);
        if (family == Network.IpAddressFamily.Ipv6 && !Socket.OSSupportsIPv6) return Err(Network.ErrorCode.AddressFamilyNotSupported);
        if (context.Table.IsFull || context.HostResources.TryAcquire() is not { } lease) return Err(Network.ErrorCode.NewSocketLimit);
        Socket socket;
        try
        {
            socket = open();
        }
        catch (SocketException ex)
        {
            lease.Release();
            return Err(SocketAddresses.ToErrorCode(ex));
        }
        var resource = wrap(socket);
        resource.Lease = lease;
        return Result.Ok(context.Table.Insert(resource, function));
    }

    /// <summary><c>start-bind</c>: checks, binds, and records the outcome for <c>finish-bind</c>.</summary>
    public static Result<Unit, Network.ErrorCode> StartBind<TState>(
        SocketCore<TState> s, NetworkResource net, Network.IpSocketAddress localAddress, SocketAddressUse use)
        where TState : struct, Enum
    {
        if (s.InProgress) return Err(Network.ErrorCode.ConcurrencyConflict);
        if (!s.Is(s.States.Unbound)) return Err(Network.ErrorCode.AlreadyBound);
        if (SocketAddresses.Family(localAddress) != s.Family) return Err(Network.ErrorCode.AddressFamilyMismatch);
        var endpoint = SocketAddresses.ToEndPoint(localAddress);
        if (!net.Policy.IsAllowed(endpoint, use)) return Err(Network.ErrorCode.AccessDenied);
        try
        {
            s.Socket.Bind(endpoint);
            s.Outcome = null;
        }
        catch (SocketException ex)
        {
            s.Outcome = SocketAddresses.ToErrorCode(ex);
        }
        Begin(s, net, s.States.BindStarted);
        return Result.Ok();
    }

    /// <summary>Moves to <paramref name="started"/>, remembering the state to return to, attached to <paramref name="net"/>.</summary>
    public static void Begin<TState>(SocketCore<TState> s, NetworkResource net, TState started)
        where TState : struct, Enum
    {
        s.Network = net;
        s.Previous = s.State;
        s.State = started;
    }

    /// <summary>
    /// A <c>finish-*</c> of an operation whose outcome is known: <c>not-in-progress</c> unless in <paramref name="started"/>;
    /// on failure back to the previous state (detached from the network if that is unbound and <paramref name="detach"/>);
    /// else on to <paramref name="done"/>.
    /// </summary>
    public static Result<Unit, Network.ErrorCode> Finish<TState>(SocketCore<TState> s, TState started, TState done, bool detach = true)
        where TState : struct, Enum
    {
        if (!s.Is(started)) return Err(Network.ErrorCode.NotInProgress);
        if (s.Outcome is { } error)
        {
            s.State = s.Previous;
            if (detach && s.Is(s.States.Unbound)) s.Network = null;
            return Err(error);
        }
        s.State = done;
        return Result.Ok();
    }

    /// <summary>
    /// The checks of a remote address that <c>start-connect</c> makes after its state checks: the network, the family,
    /// an unspecified address or port, and the policy. Null if they pass, with <paramref name="endpoint"/> set.
    /// </summary>
    public static Network.ErrorCode? CheckRemote<TState>(
        SocketCore<TState> s, NetworkResource net, Network.IpSocketAddress remoteAddress, SocketAddressUse use, out IPEndPoint endpoint)
        where TState : struct, Enum
    {
        endpoint = null!;
        if (s.Network is { } attached && attached != net) return Network.ErrorCode.AlreadyAttached;
        if (SocketAddresses.Family(remoteAddress) != s.Family) return Network.ErrorCode.AddressFamilyMismatch;
        endpoint = SocketAddresses.ToEndPoint(remoteAddress);
        if (IsUnspecified(endpoint)) return Network.ErrorCode.InvalidRemoteAddress;
        if (!net.Policy.IsAllowed(endpoint, use)) return Network.ErrorCode.AccessDenied;
        return null;
    }

    /// <summary>True for port 0 or the unspecified address.</summary>
    public static bool IsUnspecified(IPEndPoint endpoint) =>
        endpoint.Port == 0 || endpoint.Address.Equals(IPAddress.Any) || endpoint.Address.Equals(IPAddress.IPv6Any);

    /// <summary><c>local-address</c>: <c>not-bound</c> until bound.</summary>
    public static Result<Network.IpSocketAddress, Network.ErrorCode> LocalAddress<TState>(SocketCore<TState> s)
        where TState : struct, Enum
    {
        if (s.Unbound || s.Socket.LocalEndPoint is not IPEndPoint local) return Err(Network.ErrorCode.NotBound);
        return Result.Ok(SocketAddresses.FromEndPoint(local));
    }

    /// <summary><c>ipv6-only</c>: only for IPv6 sockets.</summary>
    public static Result<bool, Network.ErrorCode> Ipv6Only<TState>(SocketCore<TState> s)
        where TState : struct, Enum
    {
        if (s.Family != Network.IpAddressFamily.Ipv6) return Err(Network.ErrorCode.Ipv6OnlyOperation);
        return Option(() => !s.Socket.DualMode);
    }

    /// <summary><c>set-ipv6-only</c>: only for IPv6 sockets, and only before binding.</summary>
    public static Result<Unit, Network.ErrorCode> SetIpv6Only<TState>(SocketCore<TState> s, bool value)
        where TState : struct, Enum
    {
        if (s.Family != Network.IpAddressFamily.Ipv6) return Err(Network.ErrorCode.Ipv6OnlyOperation);
        if (s.InProgress) return Err(Network.ErrorCode.ConcurrencyConflict);
        if (!s.Is(s.States.Unbound)) return Err(Network.ErrorCode.AlreadyBound);
        return Set(() => s.Socket.DualMode = !value);
    }

    /// <summary><c>unicast-hop-limit</c>.</summary>
    public static Result<byte, Network.ErrorCode> UnicastHopLimit(Socket socket) => Option(() => (byte)Math.Clamp((int)socket.Ttl, 0, 255));

    /// <summary><c>receive-buffer-size</c>.</summary>
    public static Result<ulong, Network.ErrorCode> ReceiveBufferSize(Socket socket) => Option(() => (ulong)socket.ReceiveBufferSize);

    /// <summary><c>send-buffer-size</c>.</summary>
    public static Result<ulong, Network.ErrorCode> SendBufferSize(Socket socket) => Option(() => (ulong)socket.SendBufferSize);

    /// <summary><c>set-unicast-hop-limit</c>, unless <paramref name="refusal"/> says why not.</summary>
    public static Result<Unit, Network.ErrorCode> SetUnicastHopLimit(Socket socket, Network.ErrorCode? refusal, byte value) =>
        refusal is { } error ? Err(error) : Set(() => socket.Ttl = value);

    /// <summary><c>set-receive-buffer-size</c>, unless <paramref name="refusal"/> says why not.</summary>
    public static Result<Unit, Network.ErrorCode> SetReceiveBufferSize(Socket socket, Network.ErrorCode? refusal, ulong value) =>
        refusal is { } error ? Err(error) : Set(() => socket.ReceiveBufferSize = BufferSize(value));

    /// <summary><c>set-send-buffer-size</c>, unless <paramref name="refusal"/> says why not.</summary>
    public static Result<Unit, Network.ErrorCode> SetSendBufferSize(Socket socket, Network.ErrorCode? refusal, ulong value) =>
        refusal is { } error ? Err(error) : Set(() => socket.SendBufferSize = BufferSize(value));

    private static int BufferSize(ulong value) => (int)Math.Clamp(value, 1UL, int.MaxValue / 2);

    /// <summary>The value <paramref name="get"/> reads, or the error code of its failure.</summary>
    public static Result<T, Network.ErrorCode> Option<T>(Func<T> get)
    {
        try
        {
            return Result.Ok(get());
        }
        catch (SocketException ex)
        {
            return Result.Err(SocketAddresses.ToErrorCode(ex));
        }
        catch (ObjectDisposedException)
        {
            return Result.Err(Network.ErrorCode.Unknown);
        }
    }

    /// <summary>Ok once <paramref name="set"/> ran, or the error code of its failure.</summary>
    public static Result<Unit, Network.ErrorCode> Set(Action set) => Option(() =>
    {
        set();
        return Unit.Value;
    });
}
