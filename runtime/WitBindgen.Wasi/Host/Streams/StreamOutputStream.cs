using System;
using System.IO;

namespace WitBindgen.Wasi;

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
