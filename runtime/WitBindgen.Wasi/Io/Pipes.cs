using System;
using System.IO;
using System.Text;
using System.Threading.Tasks;

namespace WitBindgen.Wasi;

/// <summary>An input stream over bytes fixed in advance (a test's stdin): always ready, ends after the last byte.</summary>
public sealed class MemoryInputPipe : InputStream
{
    private readonly ReadOnlyMemory<byte> _data;
    private int _position;

    /// <summary>Serves <paramref name="data"/> (not copied: do not change it while the guest runs).</summary>
    public MemoryInputPipe(ReadOnlyMemory<byte> data) => _data = data;

    /// <summary>Serves the UTF-8 bytes of <paramref name="text"/>.</summary>
    public MemoryInputPipe(string text) : this(Encoding.UTF8.GetBytes(text ?? throw new ArgumentNullException(nameof(text))))
    {
    }

    /// <summary>How many bytes are left.</summary>
    public int Remaining => _data.Length - _position;

    /// <inheritdoc/>
    protected override StreamReadResult ReadCore(int maxBytes)
    {
        var count = Math.Min(maxBytes, Remaining);
        var chunk = _data.Slice(_position, count);
        _position += count;
        return new(chunk, Remaining == 0);
    }

    /// <inheritdoc/>
    protected override (long Skipped, bool EndOfStream) SkipCore(long maxBytes)
    {
        var count = (int)Math.Min(maxBytes, Remaining);
        _position += count;
        return (count, Remaining == 0);
    }

    /// <inheritdoc/>
    public override bool IsReady => true;

    /// <inheritdoc/>
    public override Task WhenReady() => Task.CompletedTask;
}

/// <summary>
/// An output stream that keeps what the guest writes in memory, for a test to read (<see cref="Contents"/>,
/// <see cref="Text"/>). Thread-safe. With a capacity, writes past it fail with <c>stream-error</c>.
/// </summary>
public sealed class MemoryOutputPipe : OutputStream
{
    private readonly MemoryStream _buffer = new();
    private readonly object _lock = new();

    /// <summary>Creates a pipe that takes at most <paramref name="capacity"/> bytes.</summary>
    public MemoryOutputPipe(int capacity = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Capacity = capacity;
    }

    /// <summary>The most bytes it takes.</summary>
    public int Capacity { get; }

    /// <summary>A copy of what was written so far.</summary>
    public byte[] Contents
    {
        get
        {
            lock (_lock) return _buffer.ToArray();
        }
    }

    /// <summary>What was written so far, decoded as UTF-8.</summary>
    public string Text => Encoding.UTF8.GetString(Contents);

    /// <inheritdoc/>
    protected override int WriteCore(ReadOnlySpan<byte> bytes)
    {
        lock (_lock)
        {
            var room = Capacity - (int)_buffer.Length;
            if (room == 0 && !bytes.IsEmpty) throw new WasiStreamException($"the pipe is full ({Capacity} bytes)");
            var count = Math.Min(room, bytes.Length);
            _buffer.Write(bytes.Slice(0, count));
            return count;
        }
    }
}

/// <summary>An output stream that takes every byte and keeps none (the default stdout and stderr).</summary>
public sealed class SinkOutputStream : OutputStream
{
    /// <inheritdoc/>
    protected override int WriteCore(ReadOnlySpan<byte> bytes) => bytes.Length;
}

/// <summary>An input stream that has ended: every read reports end-of-stream (the default stdin).</summary>
public sealed class ClosedInputStream : InputStream
{
    /// <inheritdoc/>
    protected override StreamReadResult ReadCore(int maxBytes) => new(ReadOnlyMemory<byte>.Empty, true);

    /// <inheritdoc/>
    public override bool IsReady => true;

    /// <inheritdoc/>
    public override Task WhenReady() => Task.CompletedTask;
}

/// <summary>An output stream that is closed: every write fails with <c>stream-error</c>.</summary>
public sealed class ClosedOutputStream : OutputStream
{
    /// <inheritdoc/>
    protected override int WriteCore(ReadOnlySpan<byte> bytes) => throw new WasiStreamException("the stream is closed");
}

/// <summary>
/// An output stream onto a .NET <see cref="Stream"/>: writes go through synchronously, in full. The stream is
/// flushed when the handle is dropped and when a <see cref="WasiCommand"/> ends, never closed.
/// </summary>
public sealed class StreamOutputStream : OutputStream
{
    private readonly Stream _stream;

    /// <summary>True if this writes to the process's own console stream (what <c>InheritStdout</c>/<c>InheritStderr</c> give).</summary>
    internal bool IsConsole => _stream.GetType().FullName?.Contains("ConsoleStream", StringComparison.Ordinal) == true;

    /// <summary>Writes to <paramref name="stream"/>.</summary>
    public StreamOutputStream(Stream stream)
    {
        _stream = stream ?? throw new ArgumentNullException(nameof(stream));
        if (!stream.CanWrite) throw new ArgumentException("the stream cannot be written", nameof(stream));
    }

    /// <inheritdoc/>
    protected override int WriteCore(ReadOnlySpan<byte> bytes)
    {
        try
        {
            _stream.Write(bytes);
            return bytes.Length;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or NotSupportedException)
        {
            throw new WasiStreamException($"writing failed: {ex.Message}", ex);
        }
    }

    /// <inheritdoc/>
    public override void Flush()
    {
        try
        {
            _stream.Flush();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The destination is gone: there is nowhere left to flush to.
        }
    }
}
