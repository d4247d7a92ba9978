using System;
using System.Collections.Generic;
using System.Net;
using WitBindgen.Runtime;
using WitBindgen.Runtime.Abi;
using WitBindgen.Wasi.Host;

namespace WitBindgen.Wasi.P2;

using WitBindgen.Wasi.P2.Bindings;
using Code = WitBindgen.Wasi.P2.Bindings.Network.ErrorCode;
using static WitBindgen.Wasi.P2.P2SocketMapping;

/// <summary>
/// A <c>udp-socket</c> of WASI 0.2 over the host core's <see cref="UdpSocket"/>, as wasmtime does it:
/// <c>start-bind</c> checks the network's policy, the state and the family, then binds at once; <c>stream</c>
/// needs a bound socket and the previous call's streams dropped (else it traps), dissolves any association and,
/// given a remote address, associates the socket with it (the system's <c>connect</c>), then hands out a new pair
/// of datagram streams.
/// </summary>
internal sealed class P2UdpSocket(P2Sockets sockets, UdpSocket core) : Udp.IUdpSocket, IDisposable
{
    private const string StreamFn = "wasi:sockets/udp@0.2.12.[method]udp-socket.stream";

    public UdpSocket Core { get; } = core;

    public P2Face Face => sockets.Face;

    /// <summary>How many datagram streams of this socket the guest holds.</summary>
    public int LiveStreams { get; set; }

    /// <summary>True once the guest dropped the socket.</summary>
    public bool Dropped { get; private set; }

    public Result<Unit, Code> StartBind(Network.INetwork network, Network.IpSocketAddress localAddress)
    {
        var net = P2Sockets.AccessOf(network);
        var local = ToEndPoint(localAddress);
        if (!net.Policy.IsAllowed(local, SocketAddressUse.UdpBind)) return Fail(Code.AccessDenied);
        if (!Core.Is(UdpState.Unbound)) return Fail(Code.InvalidState);
        if (!IsOfFamily(local.Address, Core.Family)) return Fail(Code.InvalidArgument);
        return Done(Core.BindNow(net, local, SocketAddressUse.UdpBind, reuseAddress: false));
    }

    public Result<Unit, Code> FinishBind() => Done(Core.FinishBind());

    public Result<(Udp.IIncomingDatagramStream, Udp.IOutgoingDatagramStream), Code> Stream(Network.IpSocketAddress? remoteAddress)
    {
        if (LiveStreams > 0) throw new WitTrapException($"{StreamFn}: the streams of the previous call are not dropped yet");
        if (!Core.Is(UdpState.Bound) && !Core.Is(UdpState.Connected)) return Fail(Code.InvalidState);
        if (Core.Is(UdpState.Connected) && Core.Disconnect() is { } failed) return Result.Err(ToCode(failed));
        IPEndPoint? remote = null;
        if (remoteAddress is { } address)
        {
            remote = ToEndPoint(address);
            if (!Core.Network!.Policy.IsAllowed(remote, SocketAddressUse.UdpConnect)) return Fail(Code.AccessDenied);
            if (!IsOfFamily(remote.Address, Core.Family) || !IsValidRemote(remote)) return Fail(Code.InvalidArgument);
            if (Core.ConnectNow(Core.Network!, remote) is { } error) return Result.Err(ToCode(error));
        }
        LiveStreams += 2;
        return Result.Ok<(Udp.IIncomingDatagramStream, Udp.IOutgoingDatagramStream)>(
            (new P2IncomingDatagramStream(this, remote), new P2OutgoingDatagramStream(this, remote)));
    }

    public Result<Network.IpSocketAddress, Code> LocalAddress() =>
        Core.LocalAddress(out var local) is { } error ? Result.Err(ToCode(error)) : Result.Ok(FromEndPoint(local));

    public Result<Network.IpSocketAddress, Code> RemoteAddress() =>
        Core.RemoteAddress(out var remote) is { } error ? Result.Err(ToCode(error)) : Result.Ok(FromEndPoint(remote));

    public Network.IpAddressFamily AddressFamily() => FromFamily(Core.Family);

    public Result<byte, Code> UnicastHopLimit() => Core.UnicastHopLimit(out var v) is { } e ? Result.Err(ToCode(e)) : Result.Ok(v);

    public Result<Unit, Code> SetUnicastHopLimit(byte value) => value == 0 ? Fail(Code.InvalidArgument) : Done(Core.ApplyUnicastHopLimit(value));

    public Result<ulong, Code> ReceiveBufferSize() =>
        Core.ReceiveBufferSize(out var v) is { } e ? Result.Err(ToCode(e)) : Result.Ok(NormalizeBufferSize(v));

    public Result<Unit, Code> SetReceiveBufferSize(ulong value) => value == 0 ? Fail(Code.InvalidArgument) : Done(Core.ApplyReceiveBufferSize(value));

    public Result<ulong, Code> SendBufferSize() =>
        Core.SendBufferSize(out var v) is { } e ? Result.Err(ToCode(e)) : Result.Ok(NormalizeBufferSize(v));

    public Result<Unit, Code> SetSendBufferSize(ulong value) => value == 0 ? Fail(Code.InvalidArgument) : Done(Core.ApplySendBufferSize(value));

    /// <summary>Nothing on the socket itself waits (as in wasmtime): ready at once.</summary>
    private readonly P2Children _children = new("udp-socket");

    public Poll.IPollable Subscribe() => new P2Pollable(Face, new ConditionPollable(() => true), _children);

    public void Dispose()
    {
        _children.CheckNoneOnDrop("wasi:sockets/udp@0.2.12.[resource-drop]udp-socket");
        Dropped = true;
        Core.Dispose();
    }

    /// <summary>Traps when a stream is used after its socket was dropped (wasmtime refuses to drop a socket with live streams).</summary>
    public void CheckAlive(string function)
    {
        if (Dropped) throw new WitTrapException($"{function}: its udp-socket was dropped before its streams");
    }
}

/// <summary>
/// An <c>incoming-datagram-stream</c>: <c>receive</c> takes what datagrams are queued, up to the number asked, without
/// blocking (none is not an error); on a stream with a remote address, datagrams from elsewhere are dropped.
/// </summary>
internal sealed class P2IncomingDatagramStream(P2UdpSocket socket, IPEndPoint? remote) : Udp.IIncomingDatagramStream, IDisposable
{
    private const string Fn = "wasi:sockets/udp@0.2.12.[method]incoming-datagram-stream.receive";
    private readonly byte[] _buffer = new byte[ushort.MaxValue];

    public Result<IReadOnlyList<Udp.IncomingDatagram>, Code> Receive(ulong maxResults)
    {
        socket.CheckAlive(Fn);
        var received = new List<Udp.IncomingDatagram>();
        while ((ulong)received.Count < maxResults)
        {
            if (socket.Core.Receive(_buffer, out var length, out var from) is { } error)
            {
                if (received.Count > 0 || error == NetError.WouldBlock) break;
                return Result.Err(ToCode(error));
            }
            if (remote is not null && !remote.Equals(from)) continue;
            received.Add(new Udp.IncomingDatagram(_buffer.AsSpan(0, length).ToArray(), FromEndPoint(from)));
        }
        return Result.Ok<IReadOnlyList<Udp.IncomingDatagram>>(received);
    }

    /// <summary>Ready when a datagram (or an error) waits.</summary>
    private readonly P2Children _children = new("incoming-datagram-stream");

    public Poll.IPollable Subscribe() => new P2Pollable(socket.Face, new ConditionPollable(() => socket.Dropped || socket.Core.IsReadable), _children);

    public void Dispose()
    {
        _children.CheckNoneOnDrop("wasi:sockets/udp@0.2.12.[resource-drop]incoming-datagram-stream");
        socket.LiveStreams--;
    }
}

/// <summary>
/// An <c>outgoing-datagram-stream</c> with wasmtime's contract: <c>check-send</c> permits 16 datagrams (0 while the
/// last send would have blocked and the socket is not writable yet); <c>send</c> of more than permitted, or without
/// asking, traps. A datagram goes to its own address (checked against the policy) or, on a stream with a remote
/// address, to that one (another address is <c>invalid-argument</c>). Once one datagram was sent, a later failure
/// only ends the batch.
/// </summary>
internal sealed class P2OutgoingDatagramStream(P2UdpSocket socket, IPEndPoint? remote) : Udp.IOutgoingDatagramStream, IDisposable
{
    private const string Fn = "wasi:sockets/udp@0.2.12.[method]outgoing-datagram-stream.send";
    private const ulong Permit = 16;
    private ulong? _permitted;
    private bool _waiting;

    private bool Writable => SocketReadiness.Writable(socket.Core.Socket);

    public Result<ulong, Code> CheckSend()
    {
        socket.CheckAlive("wasi:sockets/udp@0.2.12.[method]outgoing-datagram-stream.check-send");
        if (_waiting)
        {
            if (!Writable) return Result.Ok(0UL);
            _waiting = false;
        }
        _permitted ??= Permit;
        return Result.Ok(_permitted.Value);
    }

    public Result<ulong, Code> Send(IReadOnlyList<Udp.OutgoingDatagram> datagrams)
    {
        socket.CheckAlive(Fn);
        if (_permitted is not { } permitted) throw new WitTrapException($"{Fn}: check-send was not called first");
        if ((ulong)datagrams.Count > permitted)
            throw new WitTrapException($"{Fn}: {datagrams.Count} datagrams where check-send permitted {permitted}");
        _permitted = null;
        ulong sent = 0;
        foreach (var datagram in datagrams)
        {
            var error = SendOne(datagram);
            if (error is null)
            {
                sent++;
                continue;
            }
            if (sent > 0) break;
            if (error == Code.WouldBlock)
            {
                _waiting = true;
                break;
            }
            return Result.Err(error.Value);
        }
        return Result.Ok(sent);
    }

    private Code? SendOne(Udp.OutgoingDatagram datagram)
    {
        if (datagram.Data.Length > ushort.MaxValue) return Code.DatagramTooLarge;
        var given = datagram.RemoteAddress is { } address ? ToEndPoint(address) : null;
        IPEndPoint to;
        if (remote is null && given is not null)
        {
            if (!socket.Core.Network!.Policy.IsAllowed(given, SocketAddressUse.UdpOutgoingDatagram)) return Code.AccessDenied;
            to = given;
        }
        else if (remote is not null && (given is null || given.Equals(remote))) to = remote;
        else return Code.InvalidArgument;
        if (!IsValidRemote(to) || !IsOfFamily(to.Address, socket.Core.Family)) return Code.InvalidArgument;
        return socket.Core.Send(datagram.Data.Span, to) is { } error ? ToCode(error) : null;
    }

    /// <summary>Ready unless the last send would have blocked and the socket cannot take a datagram yet.</summary>
    private readonly P2Children _children = new("outgoing-datagram-stream");

    public Poll.IPollable Subscribe() => new P2Pollable(socket.Face, new ConditionPollable(() => socket.Dropped || !_waiting || Writable), _children);

    public void Dispose()
    {
        _children.CheckNoneOnDrop("wasi:sockets/udp@0.2.12.[resource-drop]outgoing-datagram-stream");
        socket.LiveStreams--;
    }
}
