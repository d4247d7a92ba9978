using System;
using System.Threading.Tasks;

namespace WitBindgen.Wasi;

/// <summary>An input stream that has ended: every read reports end-of-stream (the default stdin).</summary>
public sealed class ClosedInputStream : InputStream
{
    /// <inheritdoc/>
    protected override StreamReadResult ReadCore(int maxBytes) => new(ReadOnlyMemory<byte>.Empty, true);

    /// <inheritdoc/>
    public override bool IsReady => true;

    /// <inheritdoc/>
    public override Task WhenReady() => Task.CompletedTask;
}
