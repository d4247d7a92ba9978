using System;
using System.Threading.Tasks;

namespace WitBindgen.Wasi;

/// <summary>A stream operation failed: the guest gets <c>stream-error</c>. Throw it from a custom stream.</summary>
public sealed class WasiStreamException : Exception
{
    /// <summary>Creates the failure.</summary>
    public WasiStreamException(string message) : base(message)
    {
    }

    /// <summary>Creates the failure with its cause.</summary>
    public WasiStreamException(string message, Exception inner) : base(message, inner)
    {
    }
}

/// <summary>What a read returned: the bytes, and whether the stream has ended (nothing more will ever come).</summary>
public readonly record struct StreamReadResult(ReadOnlyMemory<byte> Data, bool EndOfStream);

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

/// <summary>
/// The host side of a WASI <c>output-stream</c>. Derive from it for a custom sink: implement <see cref="WriteCore"/>
/// (accept what can be taken promptly; 0 only while not <see cref="IsReady"/>), and override <see cref="Flush"/> if
/// it buffers. Dropping the handle flushes.
/// </summary>
[WasiResourceKind("output-stream")]
public abstract class OutputStream : WasiResource
{
    /// <summary>Writes what can be written promptly; returns how many bytes were taken.</summary>
    /// <exception cref="WasiStreamException">The sink is closed or failed.</exception>
    public int Write(ReadOnlySpan<byte> bytes)
    {
        var written = WriteCore(bytes);
        if (written < 0 || written > bytes.Length)
            throw new InvalidOperationException($"{GetType().Name}.WriteCore reported {written} bytes written of {bytes.Length}");
        return written;
    }

    /// <summary>Writes at least one byte (unless <paramref name="bytes"/> is empty), waiting until it can.</summary>
    public int BlockingWrite(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) return Write(bytes);
        while (true)
        {
            var written = Write(bytes);
            if (written > 0) return written;
            var ready = WhenReady();
            if (ready.IsCompleted && IsReady)
                throw new InvalidOperationException($"{GetType().Name} accepted no byte although it says it is ready");
            ready.Wait();
        }
    }

    /// <summary>Writes every byte, waiting as needed.</summary>
    public void WriteAll(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty) bytes = bytes.Slice(BlockingWrite(bytes));
    }

    /// <summary>Accepts at most <paramref name="bytes"/>' length promptly; throws <see cref="WasiStreamException"/> when closed or failed.</summary>
    protected abstract int WriteCore(ReadOnlySpan<byte> bytes);

    /// <summary>True if a write would accept bytes (or fail) without waiting. Always true by default.</summary>
    public virtual bool IsReady => true;

    /// <summary>A task that completes (never faults) once <see cref="IsReady"/> is true.</summary>
    public virtual Task WhenReady() => Task.CompletedTask;

    /// <summary>Pushes buffered bytes to their destination.</summary>
    public virtual void Flush()
    {
    }

    /// <inheritdoc/>
    protected override void OnDropped() => Flush();
}
