using System;
using System.Threading.Tasks;

namespace WitBindgen.Wasi;

/// <summary>
/// A pollable that is ready when a stream is (<c>subscribe-to-input-stream</c>, <c>subscribe-to-output-stream</c>):
/// data to read, room to write, the end, or an error. Once the stream's handle is dropped, it is ready for good.
/// </summary>
internal sealed class StreamPollable : Pollable
{
    private readonly InputStream? _input;
    private readonly OutputStream? _output;

    /// <summary>Ready when <paramref name="stream"/> has data, has ended or has failed.</summary>
    public StreamPollable(InputStream stream) => _input = stream ?? throw new ArgumentNullException(nameof(stream));

    /// <summary>Ready when <paramref name="stream"/> can take bytes, is closed or has failed.</summary>
    public StreamPollable(OutputStream stream) => _output = stream ?? throw new ArgumentNullException(nameof(stream));

    /// <inheritdoc/>
    public override bool IsReady => _input is not null
        ? _input.IsDropped || _input.HasEnded || _input.IsReady
        : _output!.IsDropped || _output.IsReady;

    /// <inheritdoc/>
    public override Task WhenReady() => IsReady ? Task.CompletedTask : _input is not null ? _input.WhenReady() : _output!.WhenReady();
}
