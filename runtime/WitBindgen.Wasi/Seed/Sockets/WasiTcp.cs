using System;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using WitBindgen.Runtime;

namespace WitBindgen.Wasi;

/// <summary>Where a TCP socket is in the state machine of <c>tcp.wit</c>.</summary>
internal enum TcpSocketState
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
internal sealed class TcpSocketResource : WasiResource
{
    private static readonly SocketStates<TcpSocketState> States = new(
        TcpSocketState.Unbound, TcpSocketState.BindStarted, TcpSocketState.Bound,
        state => state is TcpSocketState.BindStarted or TcpSocketState.ListenStarted or TcpSocketState.ConnectStarted);

    internal TcpSocketResource(Socket socket, Network.IpAddressFamily family, TcpSocketState state = TcpSocketState.Unbound) =>
        Core = new(socket, family, state, States);

    /// <summary>The state it shares with UDP sockets (network, previous state, outcome).</summary>
    internal SocketCore<TcpSocketState> Core { get; }

    /// <summary>The socket.</summary>
    public Socket Socket => Core.Socket;

    /// <summary>Its address family.</summary>
    public Network.IpAddressFamily Family => Core.Family;

    /// <summary>Where it is in the state machine.</summary>
    public TcpSocketState State { get => Core.State; internal set => Core.State = value; }

    /// <summary>The pending connection of <c>start-connect</c>.</summary>
    internal Task? Pending { get; set; }

    /// <summary>The backlog <c>listen</c> uses.</summary>
    internal int Backlog { get; set; } = 128;

    /// <inheritdoc/>
    protected override void OnDropped()
    {
        Pending?.ContinueWith(t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted);
        Socket.Dispose();
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
        return SocketOps.StartBind(s.Core, net, localAddress, SocketAddressUse.TcpBind);
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> FinishBind(uint @this) =>
        SocketOps.Finish(Get(@this, "finish-bind").Core, TcpSocketState.BindStarted, TcpSocketState.Bound);

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> StartConnect(uint @this, uint network, Network.IpSocketAddress remoteAddress)
    {
        var s = Get(@this, "start-connect");
        var net = Context.Table.Get<NetworkResource>(network, "tcp.start-connect");
        if (s.Core.InProgress) return Err(Network.ErrorCode.ConcurrencyConflict);
        if (s.State == TcpSocketState.Connected) return Err(Network.ErrorCode.AlreadyConnected);
        if (s.State == TcpSocketState.Listening) return Err(Network.ErrorCode.AlreadyListening);
        if (SocketOps.CheckRemote(s.Core, net, remoteAddress, SocketAddressUse.TcpConnect, out var endpoint) is { } refused) return Err(refused);
        try
        {
            s.Pending = s.Socket.ConnectAsync(endpoint);
        }
        catch (SocketException ex)
        {
            s.Pending = Task.FromException(ex);
        }
        SocketOps.Begin(s.Core, net, TcpSocketState.ConnectStarted);
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
            s.State = s.Core.Previous;
            if (s.State == TcpSocketState.Unbound) s.Core.Network = null;
            return Err(SocketAddresses.ToErrorCode(failure));
        }
        if (pending.IsCanceled)
        {
            s.State = s.Core.Previous;
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
        if (s.Core.InProgress) return Err(Network.ErrorCode.ConcurrencyConflict);
        if (s.State == TcpSocketState.Connected) return Err(Network.ErrorCode.AlreadyConnected);
        if (s.State == TcpSocketState.Listening) return Err(Network.ErrorCode.AlreadyListening);
        if (s.Core.Network is { } attached && attached != net) return Err(Network.ErrorCode.AlreadyAttached);
        var any = new IPEndPoint(s.Family == Network.IpAddressFamily.Ipv6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        // An unbound socket binds implicitly to an ephemeral port of the unspecified address.
        if (s.State == TcpSocketState.Unbound ? !net.Policy.IsAllowed(any, SocketAddressUse.TcpBind) : !net.Policy.AllowTcp)
            return Err(Network.ErrorCode.AccessDenied);
        try
        {
            if (s.State == TcpSocketState.Unbound) s.Socket.Bind(any);
            s.Socket.Listen(s.Backlog);
            s.Socket.Blocking = false;
            s.Core.Outcome = null;
        }
        catch (SocketException ex)
        {
            s.Core.Outcome = ex.SocketErrorCode == SocketError.AddressAlreadyInUse ? Network.ErrorCode.EphemeralPortsExhausted : SocketAddresses.ToErrorCode(ex);
        }
        SocketOps.Begin(s.Core, net, TcpSocketState.ListenStarted);
        return Result.Ok();
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> FinishListen(uint @this) =>
        SocketOps.Finish(Get(@this, "finish-listen").Core, TcpSocketState.ListenStarted, TcpSocketState.Listening, detach: false);

    /// <inheritdoc/>
    public virtual Result<(uint, uint, uint), Network.ErrorCode> Accept(uint @this)
    {
        const string fn = "tcp.accept";
        var s = Get(@this, "accept");
        if (s.State != TcpSocketState.Listening) return Err(Network.ErrorCode.NotListening);
        if (Context.Table.Count + 3 > Context.Table.Capacity) return Err(Network.ErrorCode.NewSocketLimit);
        if (Context.HostResources.TryAcquire() is not { } lease) return Err(Network.ErrorCode.NewSocketLimit);
        Socket client;
        try
        {
            client = s.Socket.Accept();
        }
        catch (SocketException ex)
        {
            lease.Release();
            return Err(SocketAddresses.ToErrorCode(ex));
        }
        client.Blocking = false;
        var accepted = new TcpSocketResource(client, s.Family, TcpSocketState.Connected) { Lease = lease };
        accepted.Core.Network = s.Core.Network;
        var socket = Context.Table.Insert(accepted, fn);
        var input = Context.Table.Insert(new SocketInputStream(client), fn);
        var output = Context.Table.Insert(new SocketOutputStream(client), fn);
        return Result.Ok((socket, input, output));
    }

    /// <inheritdoc/>
    public virtual Result<Network.IpSocketAddress, Network.ErrorCode> LocalAddress(uint @this) => SocketOps.LocalAddress(Get(@this, "local-address").Core);

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
    public virtual Result<bool, Network.ErrorCode> Ipv6Only(uint @this) => SocketOps.Ipv6Only(Get(@this, "ipv6-only").Core);

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> SetIpv6Only(uint @this, bool value) => SocketOps.SetIpv6Only(Get(@this, "set-ipv6-only").Core, value);

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> SetListenBacklogSize(uint @this, ulong value)
    {
        var s = Get(@this, "set-listen-backlog-size");
        if (s.State == TcpSocketState.Connected) return Err(Network.ErrorCode.AlreadyConnected);
        if (s.Core.InProgress) return Err(Network.ErrorCode.ConcurrencyConflict);
        s.Backlog = (int)Math.Clamp(value, 1UL, int.MaxValue);
        if (s.State != TcpSocketState.Listening) return Result.Ok();
        return SocketOps.Set(() => s.Socket.Listen(s.Backlog));
    }

    /// <inheritdoc/>
    public virtual Result<bool, Network.ErrorCode> KeepAlive(uint @this)
    {
        var s = Get(@this, "keep-alive");
        return SocketOps.Option(() => (int)s.Socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive)! != 0);
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> SetKeepAlive(uint @this, bool value)
    {
        var s = Get(@this, "set-keep-alive");
        if (s.Core.InProgress) return Err(Network.ErrorCode.ConcurrencyConflict);
        return SocketOps.Set(() => s.Socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, value));
    }

    /// <inheritdoc/>
    public virtual Result<bool, Network.ErrorCode> NoDelay(uint @this)
    {
        var s = Get(@this, "no-delay");
        return SocketOps.Option(() => s.Socket.NoDelay);
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> SetNoDelay(uint @this, bool value)
    {
        var s = Get(@this, "set-no-delay");
        if (s.Core.InProgress) return Err(Network.ErrorCode.ConcurrencyConflict);
        return SocketOps.Set(() => s.Socket.NoDelay = value);
    }

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
        return SocketOps.Set(() => s.Socket.Shutdown(how));
    }

    /// <inheritdoc/>
    public virtual void DropTcpSocket(uint @this) => Context.Table.Remove<TcpSocketResource>(@this, "tcp.drop-tcp-socket");

    /// <summary>Why an option cannot be set now (null: it can).</summary>
    private static Network.ErrorCode? Settable(TcpSocketResource s) => s.State switch
    {
        TcpSocketState.Connected => Network.ErrorCode.AlreadyConnected,
        TcpSocketState.Listening => Network.ErrorCode.AlreadyListening,
        _ when s.Core.InProgress => Network.ErrorCode.ConcurrencyConflict,
        _ => null,
    };
}
