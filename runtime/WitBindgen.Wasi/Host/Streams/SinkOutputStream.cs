using System;

namespace WitBindgen.Wasi;

/// <summary>An output stream that takes every byte and keeps none (the default stdout and stderr).</summary>
public sealed class SinkOutputStream : OutputStream
{
    /// <inheritdoc/>
    protected override int WriteCore(ReadOnlySpan<byte> bytes) => bytes.Length;
}
