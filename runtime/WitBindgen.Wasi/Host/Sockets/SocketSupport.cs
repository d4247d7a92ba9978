using System;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace WitBindgen.Wasi;

/// <summary>Conversions between WIT socket addresses and .NET's, and from socket errors to WIT error codes.</summary>
internal static class SocketAddresses
{
    /// <summary>The .NET endpoint of a WIT socket address.</summary>
    public static IPEndPoint ToEndPoint(Network.IpSocketAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        switch (address)
        {
            case Network.IpSocketAddress.Ipv4 v4:
                var (a, b, c, d) = v4.Value.Address;
                return new IPEndPoint(new IPAddress(new[] { a, b, c, d }), v4.Value.Port);
            case Network.IpSocketAddress.Ipv6 v6:
                var bytes = Ipv6Bytes(v6.Value.Address);
                return new IPEndPoint(new IPAddress(bytes, v6.Value.ScopeId), v6.Value.Port);
            default:
                throw new ArgumentException("unknown address kind", nameof(address));
        }
    }

    /// <summary>The WIT socket address of a .NET endpoint.</summary>
    public static Network.IpSocketAddress FromEndPoint(IPEndPoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var bytes = endpoint.Address.GetAddressBytes();
        if (endpoint.AddressFamily == AddressFamily.InterNetwork)
            return new Network.IpSocketAddress.Ipv4(new((ushort)endpoint.Port, (bytes[0], bytes[1], bytes[2], bytes[3])));
        return new Network.IpSocketAddress.Ipv6(new((ushort)endpoint.Port, 0, Ipv6Words(bytes), (uint)endpoint.Address.ScopeId));
    }

    /// <summary>The WIT IP address of a .NET address.</summary>
    public static Network.IpAddress FromAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var bytes = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork) return new Network.IpAddress.Ipv4((bytes[0], bytes[1], bytes[2], bytes[3]));
        return new Network.IpAddress.Ipv6(Ipv6Words(bytes));
    }

    /// <summary>The WIT family of a .NET family.</summary>
    public static Network.IpAddressFamily Family(AddressFamily family) =>
        family == AddressFamily.InterNetworkV6 ? Network.IpAddressFamily.Ipv6 : Network.IpAddressFamily.Ipv4;

    /// <summary>The .NET family of a WIT family.</summary>
    public static AddressFamily Family(Network.IpAddressFamily family) =>
        family == Network.IpAddressFamily.Ipv6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;

    /// <summary>The WIT family of a WIT socket address.</summary>
    public static Network.IpAddressFamily Family(Network.IpSocketAddress address) =>
        address is Network.IpSocketAddress.Ipv6 ? Network.IpAddressFamily.Ipv6 : Network.IpAddressFamily.Ipv4;

    /// <summary>The WIT error code closest to a socket error.</summary>
    public static Network.ErrorCode ToErrorCode(SocketError error) => error switch
    {
        SocketError.AccessDenied => Network.ErrorCode.AccessDenied,
        SocketError.OperationNotSupported or SocketError.ProtocolNotSupported or SocketError.SocketNotSupported => Network.ErrorCode.NotSupported,
        SocketError.NoBufferSpaceAvailable => Network.ErrorCode.OutOfMemory,
        SocketError.TimedOut => Network.ErrorCode.Timeout,
        SocketError.AlreadyInProgress => Network.ErrorCode.ConcurrencyConflict,
        SocketError.WouldBlock or SocketError.InProgress or SocketError.IOPending => Network.ErrorCode.WouldBlock,
        SocketError.AddressFamilyNotSupported or SocketError.ProtocolFamilyNotSupported => Network.ErrorCode.AddressFamilyNotSupported,
        SocketError.TooManyOpenSockets => Network.ErrorCode.NewSocketLimit,
        SocketError.IsConnected => Network.ErrorCode.AlreadyConnected,
        SocketError.NotConnected => Network.ErrorCode.NotConnected,
        SocketError.AddressNotAvailable => Network.ErrorCode.AddressNotBindable,
        SocketError.AddressAlreadyInUse => Network.ErrorCode.AddressInUse,
        SocketError.HostUnreachable or SocketError.HostDown or SocketError.NetworkUnreachable or SocketError.NetworkDown => Network.ErrorCode.RemoteUnreachable,
        SocketError.ConnectionRefused => Network.ErrorCode.ConnectionRefused,
        SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.NetworkReset => Network.ErrorCode.ConnectionReset,
        SocketError.MessageSize => Network.ErrorCode.DatagramTooLarge,
        SocketError.HostNotFound or SocketError.NoData => Network.ErrorCode.NameUnresolvable,
        SocketError.TryAgain => Network.ErrorCode.TemporaryResolverFailure,
        SocketError.NoRecovery => Network.ErrorCode.PermanentResolverFailure,
        _ => Network.ErrorCode.Unknown,
    };

    /// <summary>The WIT error code of a failure (a <see cref="SocketException"/> or anything else).</summary>
    public static Network.ErrorCode ToErrorCode(Exception ex) => ex switch
    {
        AggregateException { InnerException: { } inner } => ToErrorCode(inner),
        SocketException socket => ToErrorCode(socket.SocketErrorCode),
        OutOfMemoryException => Network.ErrorCode.OutOfMemory,
        _ => Network.ErrorCode.Unknown,
    };

    private static byte[] Ipv6Bytes((ushort, ushort, ushort, ushort, ushort, ushort, ushort, ushort) words)
    {
        var w = new[] { words.Item1, words.Item2, words.Item3, words.Item4, words.Item5, words.Item6, words.Item7, words.Item8 };
        var bytes = new byte[16];
        for (var i = 0; i < 8; i++)
        {
            bytes[2 * i] = (byte)(w[i] >> 8);
            bytes[2 * i + 1] = (byte)w[i];
        }
        return bytes;
    }

    private static (ushort, ushort, ushort, ushort, ushort, ushort, ushort, ushort) Ipv6Words(byte[] b)
    {
        ushort W(int i) => (ushort)(b[2 * i] << 8 | b[2 * i + 1]);
        return (W(0), W(1), W(2), W(3), W(4), W(5), W(6), W(7));
    }
}

/// <summary>Shared helpers of the socket implementations.</summary>
internal static class SocketHelpers
{
    /// <summary>A task that completes once <paramref name="ready"/> holds (checked every few milliseconds) or <paramref name="gone"/> does.</summary>
    public static Task WaitUntil(Func<bool> ready, Func<bool> gone) => Task.Run(async () =>
    {
        while (!gone())
        {
            try
            {
                if (ready()) return;
            }
            catch (Exception)
            {
                return; // a failed socket is "ready": the next call reports the failure
            }
            await Task.Delay(5).ConfigureAwait(false);
        }
    });

    /// <summary>True if <paramref name="socket"/> is readable now (data, end, a pending connection or an error).</summary>
    public static bool Readable(Socket socket)
    {
        try
        {
            return socket.Poll(0, SelectMode.SelectRead) || socket.Poll(0, SelectMode.SelectError);
        }
        catch (Exception ex) when (ex is ObjectDisposedException or SocketException)
        {
            return true;
        }
    }

    /// <summary>True if <paramref name="socket"/> can take bytes now (or has failed).</summary>
    public static bool Writable(Socket socket)
    {
        try
        {
            return socket.Poll(0, SelectMode.SelectWrite) || socket.Poll(0, SelectMode.SelectError);
        }
        catch (Exception ex) when (ex is ObjectDisposedException or SocketException)
        {
            return true;
        }
    }
}

/// <summary>
/// A pollable over a socket's readiness (<c>tcp.subscribe</c>, <c>udp.subscribe</c>, <c>ip-name-lookup.subscribe</c>):
/// ready when its condition holds (which should hold once its socket is dropped). Waiting uses the task of the
/// operation under way when there is one, else one watcher shared by every wait on this pollable, checking the
/// condition every few milliseconds until it holds or the pollable is dropped.
/// </summary>
internal sealed class SocketPollable : Pollable
{
    private readonly Func<bool> _ready;
    private readonly Func<Task?>? _pending;
    private Task? _watch;

    /// <summary>Ready when <paramref name="ready"/> holds; <paramref name="pending"/>, if given and not null, is a task that completes when it does.</summary>
    public SocketPollable(Func<bool> ready, Func<Task?>? pending = null)
    {
        _ready = ready ?? throw new ArgumentNullException(nameof(ready));
        _pending = pending;
    }

    /// <inheritdoc/>
    public override bool IsReady => IsDropped || _ready();

    /// <inheritdoc/>
    public override Task WhenReady()
    {
        if (IsReady) return Task.CompletedTask;
        if (_pending?.Invoke() is { } task) return task.ContinueWith(_ => { }, TaskScheduler.Default);
        if (_watch is null || _watch.IsCompleted) _watch = SocketHelpers.WaitUntil(_ready, () => IsDropped);
        return _watch;
    }
}

/// <summary>
/// The input stream of a connected TCP socket: non-blocking reads of what the kernel holds; the end of the stream
/// once the peer shut its side down (or this side shut down receiving); a stream error on a reset.
/// </summary>
internal sealed class SocketInputStream : InputStream
{
    private readonly Socket _socket;

    /// <summary>Reads from <paramref name="socket"/>, which must be non-blocking and stay owned by its TCP socket.</summary>
    public SocketInputStream(Socket socket) => _socket = socket ?? throw new ArgumentNullException(nameof(socket));

    /// <inheritdoc/>
    protected override StreamReadResult ReadCore(int maxBytes)
    {
        if (maxBytes == 0) return new(ReadOnlyMemory<byte>.Empty, false);
        var buffer = new byte[Math.Min(maxBytes, 64 * 1024)];
        int read;
        SocketError error;
        try
        {
            read = _socket.Receive(buffer, 0, buffer.Length, SocketFlags.None, out error);
        }
        catch (ObjectDisposedException ex)
        {
            throw new WasiStreamException("the socket was closed", ex);
        }
        if (error == SocketError.WouldBlock) return new(ReadOnlyMemory<byte>.Empty, false);
        if (error == SocketError.Shutdown) return new(ReadOnlyMemory<byte>.Empty, true);
        if (error != SocketError.Success) throw new WasiStreamException($"receiving failed: {error}");
        return read == 0 ? new(ReadOnlyMemory<byte>.Empty, true) : new(buffer.AsMemory(0, read), false);
    }

    private Task? _watch;

    /// <inheritdoc/>
    public override bool IsReady => IsDropped || SocketHelpers.Readable(_socket);

    /// <inheritdoc/>
    public override Task WhenReady()
    {
        if (IsReady) return Task.CompletedTask;
        if (_watch is null || _watch.IsCompleted) _watch = SocketHelpers.WaitUntil(() => SocketHelpers.Readable(_socket), () => IsDropped);
        return _watch;
    }
}

/// <summary>The output stream of a connected TCP socket: non-blocking sends; a stream error once sending was shut down or the connection failed.</summary>
internal sealed class SocketOutputStream : OutputStream
{
    private readonly Socket _socket;

    /// <summary>Writes to <paramref name="socket"/>, which must be non-blocking and stay owned by its TCP socket.</summary>
    public SocketOutputStream(Socket socket) => _socket = socket ?? throw new ArgumentNullException(nameof(socket));

    /// <inheritdoc/>
    protected override int WriteCore(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) return 0;
        int sent;
        SocketError error;
        try
        {
            sent = _socket.Send(bytes, SocketFlags.None, out error);
        }
        catch (ObjectDisposedException ex)
        {
            throw new WasiStreamException("the socket was closed", ex);
        }
        if (error == SocketError.WouldBlock) return 0;
        if (error != SocketError.Success) throw new WasiStreamException($"sending failed: {error}");
        return sent;
    }

    private Task? _watch;

    /// <inheritdoc/>
    public override bool IsReady => IsDropped || SocketHelpers.Writable(_socket);

    /// <inheritdoc/>
    public override Task WhenReady()
    {
        if (IsReady) return Task.CompletedTask;
        if (_watch is null || _watch.IsCompleted) _watch = SocketHelpers.WaitUntil(() => SocketHelpers.Writable(_socket), () => IsDropped);
        return _watch;
    }
}
