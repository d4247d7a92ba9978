using System;

namespace WitBindgen.Wasi;

/// <summary>An output stream that is closed: every write fails with <c>stream-error</c>.</summary>
public sealed class ClosedOutputStream : OutputStream
{
    /// <inheritdoc/>
    protected override int WriteCore(ReadOnlySpan<byte> bytes) => throw new WasiStreamException("the stream is closed");
}
