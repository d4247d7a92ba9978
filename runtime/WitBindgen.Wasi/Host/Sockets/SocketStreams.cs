using System;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace WitBindgen.Wasi.Host;

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
    public override bool IsReady => IsDropped || SocketReadiness.Readable(_socket);

    /// <inheritdoc/>
    public override Task WhenReady()
    {
        if (IsReady) return Task.CompletedTask;
        if (_watch is null || _watch.IsCompleted) _watch = SocketReadiness.WaitUntil(() => SocketReadiness.Readable(_socket), () => IsDropped);
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
    public override bool IsReady => IsDropped || SocketReadiness.Writable(_socket);

    /// <inheritdoc/>
    public override Task WhenReady()
    {
        if (IsReady) return Task.CompletedTask;
        if (_watch is null || _watch.IsCompleted) _watch = SocketReadiness.WaitUntil(() => SocketReadiness.Writable(_socket), () => IsDropped);
        return _watch;
    }
}
