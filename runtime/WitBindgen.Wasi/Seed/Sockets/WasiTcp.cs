using System;
using System.Net.Sockets;
using WitBindgen.Runtime;
using WitBindgen.Wasi.Host;
using static WitBindgen.Wasi.SocketAddresses;

namespace WitBindgen.Wasi;

/// <summary>
/// The default <c>tcp</c>, following the state machine of <c>tcp.wit</c>: <c>start-bind</c> and <c>start-listen</c>
/// check their preconditions and the policy, then do the work, whose outcome (say <c>address-in-use</c>) the
/// <c>finish-*</c> call reports; <c>start-connect</c> begins connecting and <c>finish-connect</c> answers
/// <c>would-block</c> until the connection is made or failed (<c>subscribe</c> is ready then). A connected socket's
/// streams are non-blocking and work with <c>streams</c> and <c>poll-oneoff</c>. Addresses are checked with the
/// network's <see cref="WasiNetworkPolicy.IsAllowed"/> (<c>access-denied</c>). A handle that is not a live
/// <c>tcp-socket</c> or <c>network</c> traps: <c>error-code</c> has no code for a bad handle. A thin face over the
/// host core's <c>TcpSocket</c>: each function looks up its handles, converts addresses, calls the core and maps its error.
/// </summary>
public class WasiTcp : ITcp
{
    /// <summary>Serves <paramref name="context"/>.</summary>
    public WasiTcp(WasiContext context) => Context = context ?? throw new ArgumentNullException(nameof(context));

    /// <summary>The context.</summary>
    protected WasiContext Context { get; }

    private TcpSocket Get(uint handle, string function) => Context.Table.Get<TcpSocketResource>(handle, "tcp." + function).Socket;

    private NetworkAccess NetworkOf(uint handle, string function) => Context.Table.Get<NetworkResource>(handle, "tcp." + function).Access;

    /// <summary>True if the table has room for <paramref name="count"/> more handles.</summary>
    private bool Room(int count) => Context.Table.Count + count <= Context.Table.Capacity;

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> StartBind(uint @this, uint network, Network.IpSocketAddress localAddress)
    {
        var s = Get(@this, "start-bind");
        return Done(s.StartBind(NetworkOf(network, "start-bind"), ToEndPoint(localAddress), SocketAddressUse.TcpBind));
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
    public virtual Result<(uint, uint), Network.ErrorCode> FinishConnect(uint @this)
    {
        const string fn = "tcp.finish-connect";
        if (Get(@this, "finish-connect").FinishConnect(Room(2), out var input, out var output) is { } error) return Result.Err(ToCode(error));
        return Result.Ok((Context.Table.Insert(input, fn), Context.Table.Insert(output, fn)));
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> StartListen(uint @this, uint network)
    {
        var s = Get(@this, "start-listen");
        return Done(s.StartListen(NetworkOf(network, "start-listen")));
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> FinishListen(uint @this) => Done(Get(@this, "finish-listen").FinishListen());

    /// <inheritdoc/>
    public virtual Result<(uint, uint, uint), Network.ErrorCode> Accept(uint @this)
    {
        const string fn = "tcp.accept";
        var s = Get(@this, "accept");
        if (s.Accept(Room(3), Context.HostResources, out var accepted, out var input, out var output) is { } error) return Result.Err(ToCode(error));
        var socket = Context.Table.Insert(new TcpSocketResource(accepted), fn);
        return Result.Ok((socket, Context.Table.Insert(input, fn), Context.Table.Insert(output, fn)));
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
    public virtual Result<Unit, Network.ErrorCode> SetListenBacklogSize(uint @this, ulong value) =>
        Done(Get(@this, "set-listen-backlog-size").SetListenBacklogSize(value));

    /// <inheritdoc/>
    public virtual Result<bool, Network.ErrorCode> KeepAlive(uint @this) => Value(Get(@this, "keep-alive").KeepAlive(out var value), value);

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> SetKeepAlive(uint @this, bool value) => Done(Get(@this, "set-keep-alive").SetKeepAlive(value));

    /// <inheritdoc/>
    public virtual Result<bool, Network.ErrorCode> NoDelay(uint @this) => Value(Get(@this, "no-delay").NoDelay(out var value), value);

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> SetNoDelay(uint @this, bool value) => Done(Get(@this, "set-no-delay").SetNoDelay(value));

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

    /// <summary>
    /// A pollable that is ready when a started bind, listen or connect can be finished, when a listener has a
    /// connection to accept, and otherwise at once (there is nothing to wait for).
    /// </summary>
    public virtual uint Subscribe(uint @this)
    {
        var resource = Context.Table.Get<TcpSocketResource>(@this, "tcp.subscribe");
        var s = resource.Socket;
        return Context.Table.Insert(new ConditionPollable(() => resource.IsDropped || s.IsReady, () => s.PendingWait), "tcp.subscribe");
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Network.ErrorCode> Shutdown(uint @this, Tcp.ShutdownType shutdownType)
    {
        var s = Get(@this, "shutdown");
        var how = shutdownType switch
        {
            Tcp.ShutdownType.Receive => SocketShutdown.Receive,
            Tcp.ShutdownType.Send => SocketShutdown.Send,
            _ => SocketShutdown.Both,
        };
        return Done(s.Shutdown(how));
    }

    /// <inheritdoc/>
    public virtual void DropTcpSocket(uint @this) => Context.Table.Remove<TcpSocketResource>(@this, "tcp.drop-tcp-socket");
}
