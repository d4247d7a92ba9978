using System;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace WitBindgen.Wasi.Host;

/// <summary>
/// A TCP socket of the host core: a real .NET socket and the start/finish state machine both WASI faces use (bind,
/// connect and listen are started, then finished; accept hands out a connected socket with its two streams).
/// Binding and listening do their work at the start and keep its outcome for the finish; connecting runs in the
/// background and its finish answers <see cref="NetError.WouldBlock"/> until it is done. Once connected or
/// listening the socket is non-blocking; its streams (<see cref="SocketInputStream"/>, <see cref="SocketOutputStream"/>)
/// never block either. <see cref="IsReady"/> and <see cref="Pending"/> tell a pollable when waiting is over.
/// </summary>
internal sealed class TcpSocket : IpSocket<TcpState>
{
    private TcpSocket(Socket socket, AddressFamily family, TcpState state, HostResourceLease lease) : base(socket, family, state, lease)
    {
    }

    /// <summary>
    /// A new TCP socket of <paramref name="family"/>, if the policy allows TCP, the family is supported,
    /// <paramref name="roomForHandle"/> and <paramref name="budget"/> has room.
    /// </summary>
    public static NetError? Create(AddressFamily family, WasiNetworkPolicy policy, bool roomForHandle, HostResourceBudget budget, out TcpSocket created)
    {
        created = null!;
        if (Admit(policy.AllowTcp, family, roomForHandle, budget, out var lease) is { } refused) return refused;
        try
        {
            created = new TcpSocket(new Socket(family, SocketType.Stream, ProtocolType.Tcp), family, TcpState.Unbound, lease);
            return null;
        }
        catch (SocketException ex)
        {
            lease.Release();
            return NetErrors.FromException(ex);
        }
    }

    /// <inheritdoc/>
    protected override TcpState UnboundState => TcpState.Unbound;

    /// <inheritdoc/>
    protected override TcpState BindStartedState => TcpState.BindStarted;

    /// <inheritdoc/>
    public override bool InProgress => State is TcpState.BindStarted or TcpState.ListenStarted or TcpState.ConnectStarted;

    /// <inheritdoc/>
    protected override NetError? Settable => State switch
    {
        TcpState.Connected => NetError.AlreadyConnected,
        TcpState.Listening => NetError.AlreadyListening,
        _ when InProgress => NetError.ConcurrencyConflict,
        _ => null,
    };

    /// <summary>The connection under way (between <see cref="StartConnect"/> and <see cref="FinishConnect"/>).</summary>
    public Task? Pending { get; private set; }

    /// <summary>The backlog a listen uses.</summary>
    public int Backlog { get; private set; } = 128;

    /// <summary>Finishes a bind.</summary>
    public NetError? FinishBind() => FinishBind(TcpState.Bound);

    /// <summary>Begins connecting to <paramref name="remote"/> through <paramref name="net"/> (binding implicitly if unbound).</summary>
    public NetError? StartConnect(NetworkAccess net, IPEndPoint remote)
    {
        if (InProgress) return NetError.ConcurrencyConflict;
        if (State == TcpState.Connected) return NetError.AlreadyConnected;
        if (State == TcpState.Listening) return NetError.AlreadyListening;
        if (CheckRemote(net, remote, SocketAddressUse.TcpConnect) is { } refused) return refused;
        try
        {
            Pending = Socket.ConnectAsync(remote);
        }
        catch (SocketException ex)
        {
            Pending = Task.FromException(ex);
        }
        Begin(net, TcpState.ConnectStarted);
        return null;
    }

    /// <summary>
    /// Finishes a connect: <see cref="NetError.WouldBlock"/> until it is done; <see cref="NetError.NewSocketLimit"/>
    /// if it succeeded but there is no room for the streams' handles (<paramref name="roomForStreams"/>; it may be
    /// finished again); else the connected socket's two streams, or why it failed (back to the previous state).
    /// </summary>
    public NetError? FinishConnect(bool roomForStreams, out InputStream input, out OutputStream output)
    {
        input = null!;
        output = null!;
        if (State != TcpState.ConnectStarted || Pending is not { } pending) return NetError.NotInProgress;
        if (!pending.IsCompleted) return NetError.WouldBlock;
        if (pending.IsCompletedSuccessfully && !roomForStreams) return NetError.NewSocketLimit;
        Pending = null;
        if (pending.Exception is { } failure)
        {
            State = Previous;
            if (State == TcpState.Unbound) Network = null;
            return NetErrors.FromException(failure);
        }
        if (pending.IsCanceled)
        {
            State = Previous;
            return NetError.Unknown;
        }
        Socket.Blocking = false;
        State = TcpState.Connected;
        input = new SocketInputStream(Socket);
        output = new SocketOutputStream(Socket);
        return null;
    }

    /// <summary>Begins listening through <paramref name="net"/> (an unbound socket binds to an ephemeral port of the unspecified address first).</summary>
    public NetError? StartListen(NetworkAccess net)
    {
        if (InProgress) return NetError.ConcurrencyConflict;
        if (State == TcpState.Connected) return NetError.AlreadyConnected;
        if (State == TcpState.Listening) return NetError.AlreadyListening;
        if (Network is { } attached && attached != net) return NetError.AlreadyAttached;
        var any = AnyEndPoint;
        if (State == TcpState.Unbound ? !net.Policy.IsAllowed(any, SocketAddressUse.TcpBind) : !net.Policy.AllowTcp)
            return NetError.AccessDenied;
        try
        {
            if (State == TcpState.Unbound) Socket.Bind(any);
            Socket.Listen(Backlog);
            Socket.Blocking = false;
            Outcome = null;
        }
        catch (SocketException ex)
        {
            Outcome = ex.SocketErrorCode == SocketError.AddressAlreadyInUse ? NetError.EphemeralPortsExhausted : NetErrors.FromException(ex);
        }
        Begin(net, TcpState.ListenStarted);
        return null;
    }

    /// <summary>Finishes a listen.</summary>
    public NetError? FinishListen() => Finish(TcpState.ListenStarted, TcpState.Listening, detach: false);

    /// <summary>
    /// Accepts a pending connection without blocking (<see cref="NetError.WouldBlock"/> if there is none): a
    /// connected socket on the same network, with its two streams. <paramref name="roomForHandles"/> false or a
    /// spent <paramref name="budget"/> is <see cref="NetError.NewSocketLimit"/>.
    /// </summary>
    public NetError? Accept(bool roomForHandles, HostResourceBudget budget, out TcpSocket accepted, out InputStream input, out OutputStream output)
    {
        accepted = null!;
        input = null!;
        output = null!;
        if (State != TcpState.Listening) return NetError.NotListening;
        if (!roomForHandles) return NetError.NewSocketLimit;
        if (budget.TryAcquire() is not { } lease) return NetError.NewSocketLimit;
        Socket client;
        try
        {
            client = Socket.Accept();
        }
        catch (SocketException ex)
        {
            lease.Release();
            return NetErrors.FromException(ex);
        }
        client.Blocking = false;
        accepted = new TcpSocket(client, Family, TcpState.Connected, lease) { Network = Network };
        input = new SocketInputStream(client);
        output = new SocketOutputStream(client);
        return null;
    }

    /// <summary>The peer's address; <see cref="NetError.NotConnected"/> unless connected.</summary>
    public NetError? RemoteAddress(out IPEndPoint remote)
    {
        remote = null!;
        if (State != TcpState.Connected || Socket.RemoteEndPoint is not IPEndPoint peer) return NetError.NotConnected;
        remote = peer;
        return null;
    }

    /// <summary>Sets the backlog (clamped to at least 1), applied at once when listening.</summary>
    public NetError? SetListenBacklogSize(ulong value)
    {
        if (State == TcpState.Connected) return NetError.AlreadyConnected;
        if (InProgress) return NetError.ConcurrencyConflict;
        Backlog = (int)Math.Clamp(value, 1UL, int.MaxValue);
        if (State != TcpState.Listening) return null;
        return Try(() => Socket.Listen(Backlog));
    }

    /// <summary>Whether keep-alive is on.</summary>
    public NetError? KeepAlive(out bool value) =>
        Get(() => (int)Socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive)! != 0, out value);

    /// <summary>Turns keep-alive on or off.</summary>
    public NetError? SetKeepAlive(bool value) =>
        InProgress ? NetError.ConcurrencyConflict : Try(() => Socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, value));

    /// <summary>How long a connection is idle before keep-alive probes start, in seconds.</summary>
    public NetError? KeepAliveIdleSeconds(out int value) =>
        Get(() => (int)Socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime)!, out value);

    /// <summary>Sets <see cref="KeepAliveIdleSeconds"/>.</summary>
    public NetError? SetKeepAliveIdleSeconds(int value) =>
        Try(() => Socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, value));

    /// <summary>The time between keep-alive probes, in seconds.</summary>
    public NetError? KeepAliveIntervalSeconds(out int value) =>
        Get(() => (int)Socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval)!, out value);

    /// <summary>Sets <see cref="KeepAliveIntervalSeconds"/>.</summary>
    public NetError? SetKeepAliveIntervalSeconds(int value) =>
        Try(() => Socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, value));

    /// <summary>How many unanswered probes end the connection.</summary>
    public NetError? KeepAliveCount(out int value) =>
        Get(() => (int)Socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount)!, out value);

    /// <summary>Sets <see cref="KeepAliveCount"/>.</summary>
    public NetError? SetKeepAliveCount(int value) =>
        Try(() => Socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, value));

    /// <summary>Turns keep-alive on or off in any state (WASI 0.2 allows it while a bind or listen is under way).</summary>
    public NetError? ApplyKeepAlive(bool value) => Try(() => Socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, value));

    /// <summary>Whether Nagle's algorithm is off.</summary>
    public NetError? NoDelay(out bool value) => Get(() => Socket.NoDelay, out value);

    /// <summary>Turns Nagle's algorithm off or on.</summary>
    public NetError? SetNoDelay(bool value) => InProgress ? NetError.ConcurrencyConflict : Try(() => Socket.NoDelay = value);

    /// <summary>Shuts down receiving, sending or both; <see cref="NetError.NotConnected"/> unless connected.</summary>
    public NetError? Shutdown(SocketShutdown how) => State != TcpState.Connected ? NetError.NotConnected : Try(() => Socket.Shutdown(how));

    /// <summary>
    /// True when waiting is over: a started connect is done, a listener has a connection to accept; otherwise at once
    /// (a started bind or listen is already done, and there is nothing else to wait for).
    /// </summary>
    public bool IsReady => State switch
    {
        TcpState.ConnectStarted => Pending?.IsCompleted ?? true,
        TcpState.Listening => SocketReadiness.Readable(Socket),
        _ => true,
    };

    /// <summary>The task to wait on while a connect is under way, else null.</summary>
    public Task? PendingWait => State == TcpState.ConnectStarted ? Pending : null;

    /// <inheritdoc/>
    protected override void OnDisposing() => Pending?.ContinueWith(t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted);
}
