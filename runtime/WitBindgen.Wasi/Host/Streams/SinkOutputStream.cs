using System;
using System.IO;
using System.Text;
using System.Threading.Tasks;

namespace WitBindgen.Wasi;

/// <summary>An output stream that takes every byte and keeps none (the default stdout and stderr).</summary>
public sealed class SinkOutputStream : OutputStream
{
    /// <inheritdoc/>
    protected override int WriteCore(ReadOnlySpan<byte> bytes) => bytes.Length;
}
