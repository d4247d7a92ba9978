using System;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using WitBindgen.Runtime;

namespace WitBindgen.Wasi;

/// <summary>Where a TCP socket is in the state machine of <c>tcp.wit</c>.</summary>
public enum TcpSocketState
{
    /// <summary>Freshly created.</summary>
    Unbound,

    /// <summary><c>start-bind</c> was called; <c>finish-bind</c> is due.</summary>
    BindStarted,

    /// <summary>Bound to a local address.</summary>
    Bound,

    /// <summary><c>start-listen</c> was called; <c>finish-listen</c> is due.</summary>
    ListenStarted,

    /// <summary>Listening: <c>accept</c> may be called.</summary>
    Listening,

    /// <summary><c>start-connect</c> was called; <c>finish-connect</c> completes it once the connection is made.</summary>
    ConnectStarted,

    /// <summary>Connected, with its two streams handed out.</summary>
    Connected,
}

/// <summary>A <c>tcp-socket</c> handle: a .NET <see cref="System.Net.Sockets.Socket"/> and its state. Dropping it closes the socket.</summary>
[WasiResourceKind("tcp-socket")]
public sealed class TcpSocketResource : WasiResource
{
    internal TcpSocketResource(Socket socket, Network.IpAddressFamily family, TcpSocketState state = TcpSocketState.Unbound)
    {
        Socket = socket;
        Family = family;
        State = state;
    }

    /// <summary>The socket.</summary>
    public Socket Socket { get; }

    /// <summary>Its address family.</summary>
    public Network.IpAddressFamily Family { get; }

    /// <summary>Where it is in the state machine.</summary>
    public TcpSocketState State { get; internal set; }

    /// <summary>The network it is attached to (by its first bind, connect or listen).</summary>
    internal NetworkResource? Network { get; set; }

    /// <summary>The state to return to when a started operation fails.</summary>
    internal TcpSocketState Previous { get; set; }

    /// <summary>The outcome of a started bind or listen (null: success).</summary>
    internal Network.ErrorCode? Outcome { get; set; }

    /// <summary>The pending connection of <c>start-connect</c>.</summary>
    internal Task? Pending { get; set; }

    /// <summary>The backlog <c>listen</c> uses.</summary>
    internal int Backlog { get; set; } = 128;

    internal bool InProgress => State is TcpSocketState.BindStarted or TcpSocketState.ListenStarted or TcpSocketState.ConnectStarted;

    /// <inheritdoc/>
    protected override void OnDropped()
    {
        Pending?.ContinueWith(t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted);
        Socket.Dispose();
    }
}

/// <summary>
/// The default <c>tcp-create-socket</c>: a non-blocking TCP socket of the asked family, if the context's
/// <see cref="WasiNetworkPolicy.AllowTcp"/> says so (else <c>access-denied</c>).
/// </summary>
public class WasiTcpCreateSocket : ITcpCreateSocket
{
    /// <summary>Serves <paramref name="context"/>.</summary>
    public WasiTcpCreateSocket(WasiContext context) => Context = context ?? throw new ArgumentNullException(nameof(context));

    /// <summary>The context.</summary>
    protected WasiContext Context { get; }

    /// <inheritdoc/>
    public virtual Result<uint, Network.ErrorCode> CreateTcpSocket(Network.IpAddressFamily addressFamily)
    {
        if (!Context.Network.AllowTcp) return Result.Err(Network.ErrorCode.AccessDenied);
        if (addressFamily == Network.IpAddressFamily.Ipv6 && !Socket.OSSupportsIPv6) return Result.Err(Network.ErrorCode.AddressFamilyNotSupported);
        if (Context.Table.IsFull) return Result.Err(Network.ErrorCode.NewSocketLimit);
        Socket socket;
        try
        {
            socket = new Socket(SocketAddresses.Family(addressFamily), SocketType.Stream, ProtocolType.Tcp);
        }
        catch (SocketException ex)
        {
            return Result.Err(SocketAddresses.ToErrorCode(ex));
        }
        return Result.Ok(Context.Table.Insert(new TcpSocketResource(socket, addressFamily), "tcp-create-socket.create-tcp-socket"));
    }
}

/// <summary>
/// The default <c>tcp</c>, following the state machine of <c>tcp.wit</c>: <c>start-bind</c> and <c>start-listen</c>
/// check their preconditions and the policy, then do the work, whose outcome (say <c>address-in-use</c>) the
/// <c>finish-*</c> call reports; <c>start-connect</c> begins connecting and <c>finish-connect</c> answers
/// <c>would-block</c> until the connection is made or failed (<c>subscribe</c> is ready then). A connected socket's
/// streams are non-blocking and work with <c>streams</c> and <c>poll-oneoff</c>. Addresses are checked with the
/// network's <see cref="WasiNetworkPolicy.IsAllowed"/> (<c>access-denied</c>). A handle that is not a live
/// <c>tcp-socket</c> or <c>network</c> traps: <c>error-code</c> has no code for a bad handle.
/// </summary>
public class WasiTcp : ITcp
{
    /// <summary>Serves <paramref name="context"/>.</summary>
    public WasiTcp(WasiContext context) => Context = context ?? throw new ArgumentNullException(nameof(context));

    /// <summary>The context.</summary>
    protected WasiContext Context { get; }

    private TcpSocketResource Get(uint handle, string function) => Context.Table.Get<TcpSocketResource>(handle, "tcp." + function);

    private static Err<Network.ErrorCode> Err(Network.ErrorCode code) => Result.Err(code);

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> StartBind(uint @this, uint network, Network.IpSocketAddress localAddress)
    {
        var s = Get(@this, "start-bind");
        var net = Context.Table.Get<NetworkResource>(network, "tcp.start-bind");
        if (s.InProgress) return Err(Network.ErrorCode.ConcurrencyConflict);
        if (s.State != TcpSocketState.Unbound) return Err(Network.ErrorCode.AlreadyBound);
        if (SocketAddresses.Family(localAddress) != s.Family) return Err(Network.ErrorCode.AddressFamilyMismatch);
        var endpoint = SocketAddresses.ToEndPoint(localAddress);
        if (!net.Policy.IsAllowed(endpoint, SocketAddressUse.TcpBind)) return Err(Network.ErrorCode.AccessDenied);
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
        s.State = TcpSocketState.BindStarted;
        return Result.Ok();
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> FinishBind(uint @this)
    {
        var s = Get(@this, "finish-bind");
        if (s.State != TcpSocketState.BindStarted) return Err(Network.ErrorCode.NotInProgress);
        if (s.Outcome is { } error)
        {
            s.State = s.Previous;
            s.Network = null;
            return Err(error);
        }
        s.State = TcpSocketState.Bound;
        return Result.Ok();
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> StartConnect(uint @this, uint network, Network.IpSocketAddress remoteAddress)
    {
        var s = Get(@this, "start-connect");
        var net = Context.Table.Get<NetworkResource>(network, "tcp.start-connect");
        if (s.InProgress) return Err(Network.ErrorCode.ConcurrencyConflict);
        if (s.State == TcpSocketState.Connected) return Err(Network.ErrorCode.AlreadyConnected);
        if (s.State == TcpSocketState.Listening) return Err(Network.ErrorCode.AlreadyListening);
        if (s.Network is { } attached && attached != net) return Err(Network.ErrorCode.AlreadyAttached);
        if (SocketAddresses.Family(remoteAddress) != s.Family) return Err(Network.ErrorCode.AddressFamilyMismatch);
        var endpoint = SocketAddresses.ToEndPoint(remoteAddress);
        if (endpoint.Port == 0 || endpoint.Address.Equals(IPAddress.Any) || endpoint.Address.Equals(IPAddress.IPv6Any))
            return Err(Network.ErrorCode.InvalidRemoteAddress);
        if (!net.Policy.IsAllowed(endpoint, SocketAddressUse.TcpConnect)) return Err(Network.ErrorCode.AccessDenied);
        try
        {
            s.Pending = s.Socket.ConnectAsync(endpoint);
        }
        catch (SocketException ex)
        {
            s.Pending = Task.FromException(ex);
        }
        s.Previous = s.State;
        s.Network = net;
        s.State = TcpSocketState.ConnectStarted;
        return Result.Ok();
    }

    /// <inheritdoc/>
    public virtual Result<(uint, uint), Network.ErrorCode> FinishConnect(uint @this)
    {
        const string fn = "tcp.finish-connect";
        var s = Get(@this, "finish-connect");
        if (s.State != TcpSocketState.ConnectStarted || s.Pending is not { } pending) return Err(Network.ErrorCode.NotInProgress);
        if (!pending.IsCompleted) return Err(Network.ErrorCode.WouldBlock);
        if (pending.IsCompletedSuccessfully && Context.Table.Count + 2 > Context.Table.Capacity) return Err(Network.ErrorCode.NewSocketLimit);
        s.Pending = null;
        if (pending.Exception is { } failure)
        {
            s.State = s.Previous;
            if (s.State == TcpSocketState.Unbound) s.Network = null;
            return Err(SocketAddresses.ToErrorCode(failure));
        }
        if (pending.IsCanceled)
        {
            s.State = s.Previous;
            return Err(Network.ErrorCode.Unknown);
        }
        s.Socket.Blocking = false;
        s.State = TcpSocketState.Connected;
        var input = Context.Table.Insert(new SocketInputStream(s.Socket), fn);
        var output = Context.Table.Insert(new SocketOutputStream(s.Socket), fn);
        return Result.Ok((input, output));
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> StartListen(uint @this, uint network)
    {
        var s = Get(@this, "start-listen");
        var net = Context.Table.Get<NetworkResource>(network, "tcp.start-listen");
        if (s.InProgress) return Err(Network.ErrorCode.ConcurrencyConflict);
        if (s.State == TcpSocketState.Connected) return Err(Network.ErrorCode.AlreadyConnected);
        if (s.State == TcpSocketState.Listening) return Err(Network.ErrorCode.AlreadyListening);
        if (s.Network is { } attached && attached != net) return Err(Network.ErrorCode.AlreadyAttached);
        if (s.State == TcpSocketState.Unbound)
        {
            // An implicit bind to an ephemeral port of the unspecified address.
            var any = new IPEndPoint(s.Family == Network.IpAddressFamily.Ipv6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
            if (!net.Policy.IsAllowed(any, SocketAddressUse.TcpBind)) return Err(Network.ErrorCode.AccessDenied);
        }
        else if (!net.Policy.AllowTcp)
        {
            return Err(Network.ErrorCode.AccessDenied);
        }
        try
        {
            if (s.State == TcpSocketState.Unbound)
                s.Socket.Bind(new IPEndPoint(s.Family == Network.IpAddressFamily.Ipv6 ? IPAddress.IPv6Any : IPAddress.Any, 0));
            s.Socket.Listen(s.Backlog);
            s.Socket.Blocking = false;
            s.Outcome = null;
        }
        catch (SocketException ex)
        {
            s.Outcome = ex.SocketErrorCode == SocketError.AddressAlreadyInUse ? Network.ErrorCode.EphemeralPortsExhausted : SocketAddresses.ToErrorCode(ex);
        }
        s.Previous = s.State;
        s.Network = net;
        s.State = TcpSocketState.ListenStarted;
        return Result.Ok();
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> FinishListen(uint @this)
    {
        var s = Get(@this, "finish-listen");
        if (s.State != TcpSocketState.ListenStarted) return Err(Network.ErrorCode.NotInProgress);
        if (s.Outcome is { } error)
        {
            s.State = s.Previous;
            return Err(error);
        }
        s.State = TcpSocketState.Listening;
        return Result.Ok();
    }

    /// <inheritdoc/>
    public virtual Result<(uint, uint, uint), Network.ErrorCode> Accept(uint @this)
    {
        const string fn = "tcp.accept";
        var s = Get(@this, "accept");
        if (s.State != TcpSocketState.Listening) return Err(Network.ErrorCode.NotListening);
        if (Context.Table.Count + 3 > Context.Table.Capacity) return Err(Network.ErrorCode.NewSocketLimit);
        Socket client;
        try
        {
            client = s.Socket.Accept();
        }
        catch (SocketException ex)
        {
            return Err(SocketAddresses.ToErrorCode(ex));
        }
        client.Blocking = false;
        var accepted = new TcpSocketResource(client, s.Family, TcpSocketState.Connected) { Network = s.Network };
        var socket = Context.Table.Insert(accepted, fn);
        var input = Context.Table.Insert(new SocketInputStream(client), fn);
        var output = Context.Table.Insert(new SocketOutputStream(client), fn);
        return Result.Ok((socket, input, output));
    }

    /// <inheritdoc/>
    public virtual Result<Network.IpSocketAddress, Network.ErrorCode> LocalAddress(uint @this)
    {
        var s = Get(@this, "local-address");
        if (s.State is TcpSocketState.Unbound or TcpSocketState.BindStarted || s.Socket.LocalEndPoint is not IPEndPoint local)
            return Err(Network.ErrorCode.NotBound);
        return Result.Ok(SocketAddresses.FromEndPoint(local));
    }

    /// <inheritdoc/>
    public virtual Result<Network.IpSocketAddress, Network.ErrorCode> RemoteAddress(uint @this)
    {
        var s = Get(@this, "remote-address");
        if (s.State != TcpSocketState.Connected || s.Socket.RemoteEndPoint is not IPEndPoint remote) return Err(Network.ErrorCode.NotConnected);
        return Result.Ok(SocketAddresses.FromEndPoint(remote));
    }

    /// <inheritdoc/>
    public virtual Network.IpAddressFamily AddressFamily(uint @this) => Get(@this, "address-family").Family;

    /// <inheritdoc/>
    public virtual Result<bool, Network.ErrorCode> Ipv6Only(uint @this)
    {
        var s = Get(@this, "ipv6-only");
        if (s.Family != Network.IpAddressFamily.Ipv6) return Err(Network.ErrorCode.Ipv6OnlyOperation);
        return Option(() => !s.Socket.DualMode);
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> SetIpv6Only(uint @this, bool value)
    {
        var s = Get(@this, "set-ipv6-only");
        if (s.Family != Network.IpAddressFamily.Ipv6) return Err(Network.ErrorCode.Ipv6OnlyOperation);
        if (s.InProgress) return Err(Network.ErrorCode.ConcurrencyConflict);
        if (s.State != TcpSocketState.Unbound) return Err(Network.ErrorCode.AlreadyBound);
        return Set(() => s.Socket.DualMode = !value);
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> SetListenBacklogSize(uint @this, ulong value)
    {
        var s = Get(@this, "set-listen-backlog-size");
        if (s.State == TcpSocketState.Connected) return Err(Network.ErrorCode.AlreadyConnected);
        if (s.InProgress) return Err(Network.ErrorCode.ConcurrencyConflict);
        s.Backlog = (int)Math.Clamp(value, 1UL, int.MaxValue);
        if (s.State != TcpSocketState.Listening) return Result.Ok();
        return Set(() => s.Socket.Listen(s.Backlog));
    }

    /// <inheritdoc/>
    public virtual Result<bool, Network.ErrorCode> KeepAlive(uint @this)
    {
        var s = Get(@this, "keep-alive");
        return Option(() => (int)s.Socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive)! != 0);
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> SetKeepAlive(uint @this, bool value)
    {
        var s = Get(@this, "set-keep-alive");
        if (s.InProgress) return Err(Network.ErrorCode.ConcurrencyConflict);
        return Set(() => s.Socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, value));
    }

    /// <inheritdoc/>
    public virtual Result<bool, Network.ErrorCode> NoDelay(uint @this)
    {
        var s = Get(@this, "no-delay");
        return Option(() => s.Socket.NoDelay);
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> SetNoDelay(uint @this, bool value)
    {
        var s = Get(@this, "set-no-delay");
        if (s.InProgress) return Err(Network.ErrorCode.ConcurrencyConflict);
        return Set(() => s.Socket.NoDelay = value);
    }

    /// <inheritdoc/>
    public virtual Result<byte, Network.ErrorCode> UnicastHopLimit(uint @this)
    {
        var s = Get(@this, "unicast-hop-limit");
        return Option(() => (byte)Math.Clamp((int)s.Socket.Ttl, 0, 255));
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> SetUnicastHopLimit(uint @this, byte value)
    {
        var s = Get(@this, "set-unicast-hop-limit");
        if (Settable(s) is { } error) return Err(error);
        return Set(() => s.Socket.Ttl = value);
    }

    /// <inheritdoc/>
    public virtual Result<ulong, Network.ErrorCode> ReceiveBufferSize(uint @this)
    {
        var s = Get(@this, "receive-buffer-size");
        return Option(() => (ulong)s.Socket.ReceiveBufferSize);
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> SetReceiveBufferSize(uint @this, ulong value)
    {
        var s = Get(@this, "set-receive-buffer-size");
        if (Settable(s) is { } error) return Err(error);
        return Set(() => s.Socket.ReceiveBufferSize = (int)Math.Clamp(value, 1UL, int.MaxValue / 2));
    }

    /// <inheritdoc/>
    public virtual Result<ulong, Network.ErrorCode> SendBufferSize(uint @this)
    {
        var s = Get(@this, "send-buffer-size");
        return Option(() => (ulong)s.Socket.SendBufferSize);
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> SetSendBufferSize(uint @this, ulong value)
    {
        var s = Get(@this, "set-send-buffer-size");
        if (Settable(s) is { } error) return Err(error);
        return Set(() => s.Socket.SendBufferSize = (int)Math.Clamp(value, 1UL, int.MaxValue / 2));
    }

    /// <summary>
    /// A pollable that is ready when a started bind, listen or connect can be finished, when a listener has a
    /// connection to accept, and otherwise at once (there is nothing to wait for).
    /// </summary>
    public virtual uint Subscribe(uint @this)
    {
        var s = Get(@this, "subscribe");
        bool Ready() => s.IsDropped || s.State switch
        {
            TcpSocketState.ConnectStarted => s.Pending?.IsCompleted ?? true,
            TcpSocketState.Listening => SocketHelpers.Readable(s.Socket),
            _ => true,
        };
        Task? Pending() => s.State == TcpSocketState.ConnectStarted ? s.Pending : null;
        return Context.Table.Insert(new SocketPollable(Ready, Pending), "tcp.subscribe");
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> Shutdown(uint @this, Tcp.ShutdownType shutdownType)
    {
        var s = Get(@this, "shutdown");
        if (s.State != TcpSocketState.Connected) return Err(Network.ErrorCode.NotConnected);
        var how = shutdownType switch
        {
            Tcp.ShutdownType.Receive => SocketShutdown.Receive,
            Tcp.ShutdownType.Send => SocketShutdown.Send,
            _ => SocketShutdown.Both,
        };
        return Set(() => s.Socket.Shutdown(how));
    }

    /// <inheritdoc/>
    public virtual void DropTcpSocket(uint @this) => Context.Table.Remove<TcpSocketResource>(@this, "tcp.drop-tcp-socket");

    private static Network.ErrorCode? Settable(TcpSocketResource s) => s.State switch
    {
        TcpSocketState.Connected => Network.ErrorCode.AlreadyConnected,
        TcpSocketState.Listening => Network.ErrorCode.AlreadyListening,
        _ when s.InProgress => Network.ErrorCode.ConcurrencyConflict,
        _ => null,
    };

    internal static Result<T, Network.ErrorCode> Option<T>(Func<T> get)
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

    internal static Result<Unit, Network.ErrorCode> Set(Action set)
    {
        try
        {
            set();
            return Result.Ok();
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
}
