using System;
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
