using System;
using System.Threading.Tasks;

namespace WitBindgen.Wasi;

/// <summary>
/// The host side of a WASI <c>input-stream</c>. Derive from it for a custom source: implement <see cref="ReadCore"/>
/// (return at once with what is available, possibly nothing), <see cref="IsReady"/> and <see cref="WhenReady"/>.
/// The base class enforces the documented semantics: once the end was reported, every read and skip reports it
/// again; a read never returns more than asked.
/// </summary>
[WasiResourceKind("input-stream")]
public abstract class InputStream : WasiResource
{
    private bool _ended;

    /// <summary>True once the end of the stream was reported to the guest.</summary>
    public bool HasEnded => _ended;

    /// <summary>Reads what is available now, at most <paramref name="maxBytes"/>, without blocking.</summary>
    /// <exception cref="WasiStreamException">The source failed.</exception>
    public StreamReadResult Read(int maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        if (_ended) return new(ReadOnlyMemory<byte>.Empty, true);
        var result = ReadCore(maxBytes);
        if (result.Data.Length > maxBytes)
            throw new InvalidOperationException($"{GetType().Name}.ReadCore returned {result.Data.Length} bytes when at most {maxBytes} were asked for");
        if (result.EndOfStream) _ended = true;
        return result;
    }

    /// <summary>Reads at least one byte, waiting for it, unless the stream ends or <paramref name="maxBytes"/> is 0.</summary>
    public StreamReadResult BlockingRead(int maxBytes)
    {
        while (true)
        {
            var result = Read(maxBytes);
            if (result.Data.Length > 0 || result.EndOfStream || maxBytes == 0) return result;
            WhenReady().Wait();
        }
    }

    /// <summary>Skips what is available now, at most <paramref name="maxBytes"/>, without blocking.</summary>
    public (long Skipped, bool EndOfStream) Skip(long maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        if (_ended) return (0, true);
        var (skipped, end) = SkipCore(maxBytes);
        if (skipped < 0 || skipped > maxBytes)
            throw new InvalidOperationException($"{GetType().Name}.SkipCore skipped {skipped} bytes when at most {maxBytes} were asked for");
        if (end) _ended = true;
        return (skipped, end);
    }

    /// <summary>Skips at least one byte, waiting for it, unless the stream ends or <paramref name="maxBytes"/> is 0.</summary>
    public (long Skipped, bool EndOfStream) BlockingSkip(long maxBytes)
    {
        while (true)
        {
            var result = Skip(maxBytes);
            if (result.Skipped > 0 || result.EndOfStream || maxBytes == 0) return result;
            WhenReady().Wait();
        }
    }

    /// <summary>
    /// Returns at once with at most <paramref name="maxBytes"/> of the bytes available now (none is fine), and
    /// <c>EndOfStream</c> true when no byte will follow them. Throws <see cref="WasiStreamException"/> on failure.
    /// </summary>
    protected abstract StreamReadResult ReadCore(int maxBytes);

    /// <summary>Skips like <see cref="ReadCore"/> reads; by default reads up to 64 KiB and discards them.</summary>
    protected virtual (long Skipped, bool EndOfStream) SkipCore(long maxBytes)
    {
        var result = ReadCore((int)Math.Min(maxBytes, 64 * 1024));
        return (result.Data.Length, result.EndOfStream);
    }

    /// <summary>True if a read would return data, the end, or an error without waiting.</summary>
    public abstract bool IsReady { get; }

    /// <summary>A task that completes (never faults) once <see cref="IsReady"/> is true.</summary>
    public abstract Task WhenReady();
}
