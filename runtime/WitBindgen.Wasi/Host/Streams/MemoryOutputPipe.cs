using System;
using System.Buffers;
using System.Text;
using WitBindgen.Runtime.Abi;

namespace WitBindgen.Wasi;

/// <summary>
/// An output stream that keeps what the guest writes in memory, for a test to read (<see cref="Contents"/>,
/// <see cref="Text"/>). Thread-safe. With a capacity, writes past it fail with <c>stream-error</c>.
/// </summary>
public sealed class MemoryOutputPipe : OutputStream
{
    // What was written, copied from guest memory with GuestCopy (a MemoryStream copies with memmove, which is slow at
    // some distances between the guest's buffer and this one).
    private readonly ArrayBufferWriter<byte> _buffer = new();
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
            lock (_lock) return _buffer.WrittenSpan.ToArray();
        }
    }

    /// <summary>What was written so far, decoded as UTF-8.</summary>
    public string Text => Encoding.UTF8.GetString(Contents);

    /// <inheritdoc/>
    protected override int WriteCore(ReadOnlySpan<byte> bytes)
    {
        lock (_lock)
        {
            var room = Capacity - _buffer.WrittenCount;
            if (room == 0 && !bytes.IsEmpty) throw new WasiStreamException($"the pipe is full ({Capacity} bytes)");
            var count = Math.Min(room, bytes.Length);
            GuestCopy.Copy(bytes.Slice(0, count), _buffer.GetSpan(count));
            _buffer.Advance(count);
            return count;
        }
    }
}
