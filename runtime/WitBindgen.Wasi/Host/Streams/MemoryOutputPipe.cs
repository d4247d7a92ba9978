using System;
using System.IO;
using System.Text;

namespace WitBindgen.Wasi;

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
