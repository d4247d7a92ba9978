using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace WitBindgen.Wasi.Host;

/// <summary>
/// What TCP and UDP sockets of the host core share: a real .NET <see cref="System.Net.Sockets.Socket"/> of one family,
/// where it is in its state machine (<typeparamref name="TState"/>), the network it is attached to, the outcome of a
/// started operation that its finish reports, the bind and address checks against the network's policy, and the
/// options. Operations return null or the <see cref="NetError"/> why not; none blocks unless its name says so.
/// Disposing closes the socket and returns its place in the instance's <see cref="HostResourceBudget"/>.
/// </summary>
internal abstract class IpSocket<TState> : IDisposable
    where TState : struct, Enum
{
    private HostResourceLease? _lease;

    protected IpSocket(Socket socket, AddressFamily family, TState state, HostResourceLease? lease)
    {
        Socket = socket;
        Family = family;
        State = state;
        _lease = lease;
    }

    /// <summary>The socket.</summary>
    public Socket Socket { get; }

    /// <summary>Its address family: <see cref="AddressFamily.InterNetwork"/> or <see cref="AddressFamily.InterNetworkV6"/>.</summary>
    public AddressFamily Family { get; }

    /// <summary>Where it is in the state machine.</summary>
    public TState State { get; protected set; }

    /// <summary>The network it is attached to (by its first bind, connect or listen).</summary>
    public NetworkAccess? Network { get; protected set; }

    /// <summary>The state to return to when a started operation fails.</summary>
    protected TState Previous { get; set; }

    /// <summary>The outcome of a started operation (null: success).</summary>
    protected NetError? Outcome { get; set; }

    /// <summary>The fresh state.</summary>
    protected abstract TState UnboundState { get; }

    /// <summary>The state between <see cref="StartBind"/> and its finish.</summary>
    protected abstract TState BindStartedState { get; }

    /// <summary>True while a started operation waits for its finish.</summary>
    public abstract bool InProgress { get; }

    /// <summary>Why an option cannot be set now (null: it can).</summary>
    protected abstract NetError? Settable { get; }

    /// <summary>True if it is in <paramref name="state"/>.</summary>
    public bool Is(TState state) => EqualityComparer<TState>.Default.Equals(State, state);

    /// <summary>True until a bind is finished (explicit or implicit).</summary>
    public bool Unbound => Is(UnboundState) || Is(BindStartedState);

    /// <summary>
    /// The checks every new socket passes, in order: the protocol allowed (<paramref name="allowed"/>), the family
    /// supported, room for a handle (<paramref name="roomForHandle"/>) and a place in <paramref name="budget"/>.
    /// </summary>
    protected static NetError? Admit(bool allowed, AddressFamily family, bool roomForHandle, HostResourceBudget budget, out HostResourceLease lease)
    {
        lease = null!;
        if (!allowed) return NetError.AccessDenied;
        if (family == AddressFamily.InterNetworkV6 && !Socket.OSSupportsIPv6) return NetError.AddressFamilyNotSupported;
        if (!roomForHandle || budget.TryAcquire() is not { } taken) return NetError.NewSocketLimit;
        lease = taken;
        return null;
    }

    /// <summary>Begins binding to <paramref name="local"/> through <paramref name="net"/>; the finish reports the outcome.</summary>
    public NetError? StartBind(NetworkAccess net, IPEndPoint local, SocketAddressUse use)
    {
        if (InProgress) return NetError.ConcurrencyConflict;
        if (!Is(UnboundState)) return NetError.AlreadyBound;
        if (local.AddressFamily != Family) return NetError.AddressFamilyMismatch;
        if (!net.Policy.IsAllowed(local, use)) return NetError.AccessDenied;
        try
        {
            Socket.Bind(local);
            Outcome = null;
        }
        catch (SocketException ex)
        {
            Outcome = NetErrors.FromException(ex);
        }
        Begin(net, BindStartedState);
        return null;
    }

    /// <summary>
    /// Binds to <paramref name="local"/> through <paramref name="net"/> at once and reports the bind's own error (WASI
    /// 0.2's <c>start-bind</c>, as wasmtime does): on failure the socket stays unbound; on success the bind is started
    /// and <see cref="FinishBind"/> completes it. <paramref name="reuseAddress"/> sets <c>SO_REUSEADDR</c> alone (not
    /// .NET's <c>ReuseAddress</c>, which on Unix also sets <c>SO_REUSEPORT</c>), so TIME_WAIT does not block a re-bind.
    /// </summary>
    public NetError? BindNow(NetworkAccess net, IPEndPoint local, SocketAddressUse use, bool reuseAddress)
    {
        if (InProgress) return NetError.ConcurrencyConflict;
        if (!Is(UnboundState)) return NetError.AlreadyBound;
        if (local.AddressFamily != Family) return NetError.AddressFamilyMismatch;
        if (!net.Policy.IsAllowed(local, use)) return NetError.AccessDenied;
        try
        {
            if (reuseAddress) SocketOptions.SetReuseAddressOnly(Socket);
            Socket.Bind(local);
        }
        catch (SocketException ex)
        {
            return NetErrors.FromException(ex);
        }
        catch (ObjectDisposedException)
        {
            return NetError.Unknown;
        }
        Outcome = null;
        Begin(net, BindStartedState);
        return null;
    }

    /// <summary>Finishes a bind: <see cref="NetError.NotInProgress"/> unless one was started, else its outcome.</summary>
    public NetError? FinishBind(TState bound) => Finish(BindStartedState, bound);

    /// <summary>Moves to <paramref name="started"/>, remembering the state to return to, attached to <paramref name="net"/>.</summary>
    protected void Begin(NetworkAccess net, TState started)
    {
        Network = net;
        Previous = State;
        State = started;
    }

    /// <summary>
    /// The finish of an operation whose outcome is known: <see cref="NetError.NotInProgress"/> unless in
    /// <paramref name="started"/>; on failure back to the previous state (detached from the network if that is
    /// unbound and <paramref name="detach"/>); else on to <paramref name="done"/>.
    /// </summary>
    protected NetError? Finish(TState started, TState done, bool detach = true)
    {
        if (!Is(started)) return NetError.NotInProgress;
        if (Outcome is { } error)
        {
            State = Previous;
            if (detach && Is(UnboundState)) Network = null;
            return error;
        }
        State = done;
        return null;
    }

    /// <summary>
    /// The checks of a remote address after the state checks: the network, the family, an unspecified address or
    /// port, and the policy.
    /// </summary>
    protected NetError? CheckRemote(NetworkAccess net, IPEndPoint remote, SocketAddressUse use)
    {
        if (Network is { } attached && attached != net) return NetError.AlreadyAttached;
        if (remote.AddressFamily != Family) return NetError.AddressFamilyMismatch;
        if (IsUnspecified(remote)) return NetError.InvalidRemoteAddress;
        if (!net.Policy.IsAllowed(remote, use)) return NetError.AccessDenied;
        return null;
    }

    /// <summary>True for port 0 or the unspecified address.</summary>
    public static bool IsUnspecified(IPEndPoint endpoint) =>
        endpoint.Port == 0 || endpoint.Address.Equals(IPAddress.Any) || endpoint.Address.Equals(IPAddress.IPv6Any);

    /// <summary>The unspecified address of the socket's family, port 0.</summary>
    protected IPEndPoint AnyEndPoint => new(Family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);

    /// <summary>The local address; <see cref="NetError.NotBound"/> until bound.</summary>
    public NetError? LocalAddress(out IPEndPoint local)
    {
        local = null!;
        if (Unbound || Socket.LocalEndPoint is not IPEndPoint bound) return NetError.NotBound;
        local = bound;
        return null;
    }

    /// <summary>Whether an IPv6 socket refuses IPv4 traffic; only for IPv6 sockets.</summary>
    public NetError? Ipv6Only(out bool value)
    {
        value = false;
        if (Family != AddressFamily.InterNetworkV6) return NetError.Ipv6OnlyOperation;
        return Get(() => !Socket.DualMode, out value);
    }

    /// <summary>Sets <see cref="Ipv6Only"/>: only for IPv6 sockets, and only before binding.</summary>
    public NetError? SetIpv6Only(bool value)
    {
        if (Family != AddressFamily.InterNetworkV6) return NetError.Ipv6OnlyOperation;
        if (InProgress) return NetError.ConcurrencyConflict;
        if (!Is(UnboundState)) return NetError.AlreadyBound;
        return Try(() => Socket.DualMode = !value);
    }

    /// <summary>The unicast hop limit (TTL).</summary>
    public NetError? UnicastHopLimit(out byte value) => Get(() => (byte)Math.Clamp((int)Socket.Ttl, 0, 255), out value);

    /// <summary>The receive buffer's size.</summary>
    public NetError? ReceiveBufferSize(out ulong value) => Get(() => (ulong)Socket.ReceiveBufferSize, out value);

    /// <summary>The send buffer's size.</summary>
    public NetError? SendBufferSize(out ulong value) => Get(() => (ulong)Socket.SendBufferSize, out value);

    /// <summary>Sets the unicast hop limit, unless <see cref="Settable"/> says why not.</summary>
    public NetError? SetUnicastHopLimit(byte value) => Settable ?? ApplyUnicastHopLimit(value);

    /// <summary>Sets the receive buffer's size (clamped), unless <see cref="Settable"/> says why not.</summary>
    public NetError? SetReceiveBufferSize(ulong value) => Settable ?? Try(() => Socket.ReceiveBufferSize = BufferSize(value));

    /// <summary>Sets the send buffer's size (clamped), unless <see cref="Settable"/> says why not.</summary>
    public NetError? SetSendBufferSize(ulong value) => Settable ?? Try(() => Socket.SendBufferSize = BufferSize(value));

    /// <summary>Sets the unicast hop limit (TTL, or the IPv6 unicast hops) in any state: WASI 0.2 allows it on a connected socket.</summary>
    public NetError? ApplyUnicastHopLimit(byte value) => Try(() => Socket.Ttl = value);

    /// <summary>
    /// Sets the receive buffer's size (clamped) in any state. A size the system cannot take is a hint it clamps
    /// itself; <c>ENOBUFS</c> is not an error (as in wasmtime).
    /// </summary>
    public NetError? ApplyReceiveBufferSize(ulong value) => IgnoreNoBuffers(Try(() => Socket.ReceiveBufferSize = BufferSize(value)));

    /// <summary>Sets the send buffer's size (clamped) in any state; <c>ENOBUFS</c> is not an error.</summary>
    public NetError? ApplySendBufferSize(ulong value) => IgnoreNoBuffers(Try(() => Socket.SendBufferSize = BufferSize(value)));

    private static NetError? IgnoreNoBuffers(NetError? error) => error == NetError.OutOfMemory ? null : error;

    private static int BufferSize(ulong value) => (int)Math.Clamp(value, 1UL, int.MaxValue / 2);

    /// <summary>The value <paramref name="get"/> reads, or the error of its failure.</summary>
    protected static NetError? Get<T>(Func<T> get, out T value)
    {
        value = default!;
        try
        {
            value = get();
            return null;
        }
        catch (SocketException ex)
        {
            return NetErrors.FromException(ex);
        }
        catch (ObjectDisposedException)
        {
            return NetError.Unknown;
        }
    }

    /// <summary>Null once <paramref name="action"/> ran, or the error of its failure.</summary>
    protected static NetError? Try(Action action) => Get(() =>
    {
        action();
        return 0;
    }, out _);

    /// <summary>Called before the socket is closed.</summary>
    protected virtual void OnDisposing()
    {
    }

    /// <summary>Closes the socket and returns its place in the budget.</summary>
    public void Dispose()
    {
        try
        {
            OnDisposing();
            Socket.Dispose();
        }
        finally
        {
            Interlocked.Exchange(ref _lease, null)?.Release();
        }
    }
}
