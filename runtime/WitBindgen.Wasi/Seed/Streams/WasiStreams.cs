using System;
using System.Diagnostics.CodeAnalysis;
using WitBindgen.Runtime;
using WitBindgen.Wasi.Host;

namespace WitBindgen.Wasi;

/// <summary>
/// The default <c>streams</c>: reads, skips, writes, splices and subscriptions over the context's handle table.
/// A handle that is not a live stream of the right direction yields <c>stream-error</c> from the functions that
/// return a result and traps in the others (<c>subscribe-*</c>, <c>drop-*</c>). No call moves more than
/// <see cref="WasiContext.MaxReadSize"/> bytes at once, however large the <c>len</c> asked for: the docs allow
/// returning fewer. A thin face over the host core's streams (<see cref="InputStream"/>, <see cref="OutputStream"/>):
/// a stream's failure (<see cref="WasiStreamException"/>) is the WIT <c>stream-error</c>. Derive from it to intercept a
/// function and call <c>base</c> for the rest.
/// </summary>
public class WasiStreams : IStreams
{
    private static readonly Err<Streams.StreamError> Failed = Result.Err(new Streams.StreamError());

    /// <summary>Serves the streams of <paramref name="context"/>.</summary>
    public WasiStreams(WasiContext context) => Context = context ?? throw new ArgumentNullException(nameof(context));

    /// <summary>The context whose handles this serves.</summary>
    protected WasiContext Context { get; }

    private int Limit(ulong len) => (int)Math.Min(len, (ulong)Context.MaxReadSize);

    private bool TryInput(uint handle, [NotNullWhen(true)] out InputStream? stream) =>
        Context.Table.TryGet(handle, out stream) == HandleStatus.Valid;

    private bool TryOutput(uint handle, [NotNullWhen(true)] out OutputStream? stream) =>
        Context.Table.TryGet(handle, out stream) == HandleStatus.Valid;

    /// <inheritdoc/>
    public virtual Result<(ReadOnlyMemory<byte>, bool), Streams.StreamError> Read(uint @this, ulong len)
    {
        if (!TryInput(@this, out var stream)) return Failed;
        try
        {
            var result = stream.Read(Limit(len));
            return Result.Ok((result.Data, result.EndOfStream));
        }
        catch (WasiStreamException)
        {
            return Failed;
        }
    }

    /// <inheritdoc/>
    public virtual Result<(ReadOnlyMemory<byte>, bool), Streams.StreamError> BlockingRead(uint @this, ulong len)
    {
        if (!TryInput(@this, out var stream)) return Failed;
        try
        {
            var result = stream.BlockingRead(Limit(len));
            return Result.Ok((result.Data, result.EndOfStream));
        }
        catch (WasiStreamException)
        {
            return Failed;
        }
    }

    /// <inheritdoc/>
    public virtual Result<(ulong, bool), Streams.StreamError> Skip(uint @this, ulong len)
    {
        if (!TryInput(@this, out var stream)) return Failed;
        try
        {
            var (skipped, end) = stream.Skip(Limit(len));
            return Result.Ok(((ulong)skipped, end));
        }
        catch (WasiStreamException)
        {
            return Failed;
        }
    }

    /// <inheritdoc/>
    public virtual Result<(ulong, bool), Streams.StreamError> BlockingSkip(uint @this, ulong len)
    {
        if (!TryInput(@this, out var stream)) return Failed;
        try
        {
            var (skipped, end) = stream.BlockingSkip(Limit(len));
            return Result.Ok(((ulong)skipped, end));
        }
        catch (WasiStreamException)
        {
            return Failed;
        }
    }

    /// <inheritdoc/>
    public virtual uint SubscribeToInputStream(uint @this)
    {
        const string fn = "streams.subscribe-to-input-stream";
        var stream = Context.Table.Get<InputStream>(@this, fn);
        return Context.Table.Insert(new StreamPollable(stream), fn);
    }

    /// <inheritdoc/>
    public virtual void DropInputStream(uint @this) => Context.Table.Remove<InputStream>(@this, "streams.drop-input-stream");

    /// <inheritdoc/>
    public virtual Result<ulong, Streams.StreamError> Write(uint @this, ReadOnlySpan<byte> buf)
    {
        if (!TryOutput(@this, out var stream)) return Failed;
        try
        {
            return Result.Ok((ulong)stream.Write(buf));
        }
        catch (WasiStreamException)
        {
            return Failed;
        }
    }

    /// <inheritdoc/>
    public virtual Result<ulong, Streams.StreamError> BlockingWrite(uint @this, ReadOnlySpan<byte> buf)
    {
        if (!TryOutput(@this, out var stream)) return Failed;
        try
        {
            return Result.Ok((ulong)stream.BlockingWrite(buf));
        }
        catch (WasiStreamException)
        {
            return Failed;
        }
    }

    /// <inheritdoc/>
    public virtual Result<ulong, Streams.StreamError> WriteZeroes(uint @this, ulong len) => WriteZeroes(@this, len, blocking: false);

    /// <inheritdoc/>
    public virtual Result<ulong, Streams.StreamError> BlockingWriteZeroes(uint @this, ulong len) => WriteZeroes(@this, len, blocking: true);

    private Result<ulong, Streams.StreamError> WriteZeroes(uint handle, ulong len, bool blocking)
    {
        if (!TryOutput(handle, out var stream)) return Failed;
        try
        {
            return Result.Ok((ulong)StreamTransfers.WriteZeroes(stream, Limit(len), blocking));
        }
        catch (WasiStreamException)
        {
            return Failed;
        }
    }

    /// <inheritdoc/>
    public virtual Result<(ulong, bool), Streams.StreamError> Splice(uint @this, uint src, ulong len) => Splice(@this, src, len, blocking: false);

    /// <inheritdoc/>
    public virtual Result<(ulong, bool), Streams.StreamError> BlockingSplice(uint @this, uint src, ulong len) => Splice(@this, src, len, blocking: true);

    private Result<(ulong, bool), Streams.StreamError> Splice(uint output, uint input, ulong len, bool blocking)
    {
        if (!TryOutput(output, out var sink) || !TryInput(input, out var source)) return Failed;
        try
        {
            var (moved, end) = StreamTransfers.Splice(sink, source, Limit(len), blocking);
            return Result.Ok(((ulong)moved, end));
        }
        catch (WasiStreamException)
        {
            return Failed;
        }
    }

    /// <inheritdoc/>
    public virtual Result<ulong, Streams.StreamError> Forward(uint @this, uint src)
    {
        if (!TryOutput(@this, out var sink) || !TryInput(src, out var source)) return Failed;
        try
        {
            return Result.Ok(StreamTransfers.Forward(sink, source, Context.MaxReadSize));
        }
        catch (WasiStreamException)
        {
            return Failed;
        }
    }

    /// <inheritdoc/>
    public virtual uint SubscribeToOutputStream(uint @this)
    {
        const string fn = "streams.subscribe-to-output-stream";
        var stream = Context.Table.Get<OutputStream>(@this, fn);
        return Context.Table.Insert(new StreamPollable(stream), fn);
    }

    /// <inheritdoc/>
    public virtual void DropOutputStream(uint @this) => Context.Table.Remove<OutputStream>(@this, "streams.drop-output-stream");
}
