using System;
using System.Net.Sockets;
using WitBindgen.Runtime;
using WitBindgen.Wasi.Host;

namespace WitBindgen.Wasi.P2;

using WitBindgen.Wasi.P2.Bindings;
using Code = WitBindgen.Wasi.P2.Bindings.Network.ErrorCode;
using static WitBindgen.Wasi.P2.P2SocketMapping;

/// <summary>
/// A <c>tcp-socket</c> of WASI 0.2 over the host core's <see cref="TcpSocket"/>, with wasmtime's state machine and
/// its order of checks: the network's address check first (<c>access-denied</c>), then the state
/// (<c>invalid-state</c>; <c>concurrency-conflict</c> while connecting), then the address (<c>invalid-argument</c>:
/// wrong family, multicast or broadcast, an unspecified remote address or port 0). <c>start-bind</c> binds at once
/// and reports its error; <c>start-listen</c> needs a bound socket; a failed connect or listen leaves the socket
/// unusable (<c>invalid-state</c> from then on, <c>not-in-progress</c> from the finishes). The streams of a
/// connection are non-blocking; <c>shutdown</c> closes them as wasmtime does.
/// </summary>
internal sealed class P2TcpSocket : Tcp.ITcpSocket, IDisposable
{
    private readonly P2Sockets _sockets;
    private readonly TcpSocket _core;
    private bool _closed;
    private P2TcpInputStream? _input;
    private P2TcpOutputStream? _output;

    public P2TcpSocket(P2Sockets sockets, TcpSocket core)
    {
        _sockets = sockets;
        _core = core;
    }

    private P2Face Face => _sockets.Face;

    private bool Is(TcpState state) => !_closed && _core.State == state;

    /// <summary>False once a failed connect or listen closed it, and while a connect is under way (wasmtime's "no socket to ask").</summary>
    private bool HasSocket => !_closed && _core.State != TcpState.ConnectStarted;

    public Result<Unit, Code> StartBind(Network.INetwork network, Network.IpSocketAddress localAddress)
    {
        var net = P2Sockets.AccessOf(network);
        var local = ToEndPoint(localAddress);
        if (!net.Policy.IsAllowed(local, SocketAddressUse.TcpBind)) return Fail(Code.AccessDenied);
        if (!IsUnicast(local.Address) || !IsOfFamily(local.Address, _core.Family)) return Fail(Code.InvalidArgument);
        if (!Is(TcpState.Unbound)) return Fail(Code.InvalidState);
        return Done(_core.BindNow(net, local, SocketAddressUse.TcpBind, reuseAddress: true));
    }

    public Result<Unit, Code> FinishBind() => _closed ? Fail(Code.NotInProgress) : Done(_core.FinishBind());

    public Result<Unit, Code> StartConnect(Network.INetwork network, Network.IpSocketAddress remoteAddress)
    {
        var net = P2Sockets.AccessOf(network);
        var remote = ToEndPoint(remoteAddress);
        if (!net.Policy.IsAllowed(remote, SocketAddressUse.TcpConnect)) return Fail(Code.AccessDenied);
        if (Is(TcpState.ConnectStarted)) return Fail(Code.ConcurrencyConflict);
        if (!Is(TcpState.Unbound) && !Is(TcpState.Bound)) return Fail(Code.InvalidState);
        if (!IsUnicast(remote.Address) || !IsValidRemote(remote) || !IsOfFamily(remote.Address, _core.Family)) return Fail(Code.InvalidArgument);
        return Done(_core.StartConnect(net, remote));
    }

    public Result<(Streams.IInputStream, Streams.IOutputStream), Code> FinishConnect()
    {
        if (_closed) return Fail(Code.NotInProgress);
        if (_core.FinishConnect(_sockets.HasRoom(2), out var input, out var output) is { } error)
        {
            if (error is not (NetError.WouldBlock or NetError.NotInProgress or NetError.NewSocketLimit)) _closed = true;
            return Result.Err(ToCode(error));
        }
        return Result.Ok(Streams(input, output));
    }

    private (Streams.IInputStream, Streams.IOutputStream) Streams(InputStream input, OutputStream output)
    {
        _input = new P2TcpInputStream(new P2InputStream(Face, input, ownsStream: true));
        _output = new P2TcpOutputStream(new P2OutputStream(Face, output, ownsStream: true));
        return (_input, _output);
    }

    public Result<Unit, Code> StartListen()
    {
        if (!Is(TcpState.Bound)) return Fail(Code.InvalidState);
        return Done(_core.StartListen(_core.Network!));
    }

    public Result<Unit, Code> FinishListen()
    {
        if (_closed) return Fail(Code.NotInProgress);
        var error = _core.FinishListen();
        if (error is { } e && e != NetError.NotInProgress) _closed = true;
        return Done(error);
    }

    public Result<(Tcp.ITcpSocket, Streams.IInputStream, Streams.IOutputStream), Code> Accept()
    {
        if (!Is(TcpState.Listening)) return Fail(Code.InvalidState);
        if (_core.Accept(_sockets.HasRoom(3), _sockets.Budget, out var accepted, out var input, out var output) is { } error)
            return Result.Err(ToCode(error));
        var client = new P2TcpSocket(_sockets, accepted);
        var (i, o) = client.Streams(input, output);
        return Result.Ok<(Tcp.ITcpSocket, Streams.IInputStream, Streams.IOutputStream)>((client, i, o));
    }

    public Result<Network.IpSocketAddress, Code> LocalAddress()
    {
        if (!Is(TcpState.Bound) && !Is(TcpState.Listening) && !Is(TcpState.Connected)) return Fail(Code.InvalidState);
        return _core.LocalAddress(out var local) is { } error ? Result.Err(ToCode(error)) : Result.Ok(FromEndPoint(local));
    }

    public Result<Network.IpSocketAddress, Code> RemoteAddress()
    {
        if (!Is(TcpState.Connected)) return Fail(Code.InvalidState);
        return _core.RemoteAddress(out var remote) is { } error ? Result.Err(ToCode(error)) : Result.Ok(FromEndPoint(remote));
    }

    public bool IsListening() => Is(TcpState.Listening);

    public Network.IpAddressFamily AddressFamily() => FromFamily(_core.Family);

    public Result<Unit, Code> SetListenBacklogSize(ulong value)
    {
        if (value == 0) return Fail(Code.InvalidArgument);
        if (Is(TcpState.Unbound) || Is(TcpState.Bound)) return Done(_core.SetListenBacklogSize(value));
        if (Is(TcpState.Listening)) return _core.SetListenBacklogSize(value) is null ? Ok : Fail(Code.NotSupported);
        return Fail(Code.InvalidState);
    }

    public Result<bool, Code> KeepAliveEnabled() => Read<bool, bool>(_core.KeepAlive, v => v);

    public Result<Unit, Code> SetKeepAliveEnabled(bool value) => HasSocket ? Done(_core.ApplyKeepAlive(value)) : Fail(Code.InvalidState);

    // Durations are whole seconds to the system: at least 1 s (never rounded to 0), at most Linux's 32767 s.
    private const ulong NanosPerSecond = 1_000_000_000;

    private static int Seconds(ulong nanos) => (int)(Math.Clamp(nanos, NanosPerSecond, (ulong)short.MaxValue * NanosPerSecond) / NanosPerSecond);

    public Result<ulong, Code> KeepAliveIdleTime() => Read<int, ulong>(_core.KeepAliveIdleSeconds, s => (ulong)s * NanosPerSecond);

    public Result<Unit, Code> SetKeepAliveIdleTime(ulong value) =>
        value == 0 ? Fail(Code.InvalidArgument) : HasSocket ? Done(_core.SetKeepAliveIdleSeconds(Seconds(value))) : Fail(Code.InvalidState);

    public Result<ulong, Code> KeepAliveInterval() => Read<int, ulong>(_core.KeepAliveIntervalSeconds, s => (ulong)s * NanosPerSecond);

    public Result<Unit, Code> SetKeepAliveInterval(ulong value) =>
        value == 0 ? Fail(Code.InvalidArgument) : HasSocket ? Done(_core.SetKeepAliveIntervalSeconds(Seconds(value))) : Fail(Code.InvalidState);

    public Result<uint, Code> KeepAliveCount() => Read<int, uint>(_core.KeepAliveCount, n => (uint)n);

    public Result<Unit, Code> SetKeepAliveCount(uint value) =>
        value == 0 ? Fail(Code.InvalidArgument) : HasSocket ? Done(_core.SetKeepAliveCount((int)Math.Min(value, 127u))) : Fail(Code.InvalidState);

    public Result<byte, Code> HopLimit() => Read<byte, byte>(_core.UnicastHopLimit, v => v);

    public Result<Unit, Code> SetHopLimit(byte value) =>
        value == 0 ? Fail(Code.InvalidArgument) : HasSocket ? Done(_core.ApplyUnicastHopLimit(value)) : Fail(Code.InvalidState);

    public Result<ulong, Code> ReceiveBufferSize() => Read<ulong, ulong>(_core.ReceiveBufferSize, NormalizeBufferSize);

    public Result<Unit, Code> SetReceiveBufferSize(ulong value) =>
        value == 0 ? Fail(Code.InvalidArgument) : HasSocket ? Done(_core.ApplyReceiveBufferSize(value)) : Fail(Code.InvalidState);

    public Result<ulong, Code> SendBufferSize() => Read<ulong, ulong>(_core.SendBufferSize, NormalizeBufferSize);

    public Result<Unit, Code> SetSendBufferSize(ulong value) =>
        value == 0 ? Fail(Code.InvalidArgument) : HasSocket ? Done(_core.ApplySendBufferSize(value)) : Fail(Code.InvalidState);

    private delegate NetError? Getter<T>(out T value);

    /// <summary>An option's value as WASI 0.2 gives it, or why it cannot be read.</summary>
    private Result<TResult, Code> Read<T, TResult>(Getter<T> get, Func<T, TResult> map)
    {
        if (!HasSocket) return Fail(Code.InvalidState);
        return get(out var value) is { } error ? Result.Err(ToCode(error)) : Result.Ok(map(value));
    }

    /// <summary>Ready when a connect can be finished or a connection accepted; at once otherwise.</summary>
    private readonly P2Children _children = new("tcp-socket");

    public Poll.IPollable Subscribe() => new P2Pollable(Face, new ConditionPollable(() => _closed || _core.IsReady, () => _closed ? null : _core.PendingWait), _children);

    public Result<Unit, Code> Shutdown(Tcp.ShutdownType shutdownType)
    {
        if (!Is(TcpState.Connected)) return Fail(Code.InvalidState);
        bool receive = shutdownType is Tcp.ShutdownType.Receive or Tcp.ShutdownType.Both;
        bool send = shutdownType is Tcp.ShutdownType.Send or Tcp.ShutdownType.Both;
        // Bytes the output stream still holds go out before the send side closes (wasmtime waits for its write too).
        if (send) _output?.ShutDown();
        if (receive) _input?.ShutDown();
        // As in wasmtime, the system's own answer (say, the peer already gone) is not an error.
        _core.Shutdown(receive && send ? SocketShutdown.Both : receive ? SocketShutdown.Receive : SocketShutdown.Send);
        return Ok;
    }

    public void Dispose()
    {
        _children.CheckNoneOnDrop("wasi:sockets/tcp@0.2.12.[resource-drop]tcp-socket");
        _core.Dispose();
    }
}
