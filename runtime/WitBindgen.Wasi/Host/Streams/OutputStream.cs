using System;
using System.Threading.Tasks;

namespace WitBindgen.Wasi;

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
