using System;
using System.Threading.Tasks;
using WitBindgen.Runtime;
using WitBindgen.Runtime.Abi;

namespace WitBindgen.Wasi.P2;

using WitBindgen.Wasi.P2.Bindings;

/// <summary><c>wasi:io/streams</c> has no free functions: everything is a method of its two resources.</summary>
internal sealed class P2StreamsInterface : IStreams;

/// <summary>
/// An <c>input-stream</c> over one of the host core's input streams (stdin, a pipe, a file's read stream). After
/// the end or a failure every call answers <c>closed</c>. The stream is released on drop when this resource owns
/// it (a file's stream); stdin stays open for the next <c>get-stdin</c>.
/// </summary>
internal sealed class P2InputStream(P2Face face, InputStream inner, bool ownsStream, Func<WasiStreamException, Types.ErrorCode?>? codeOf = null)
    : Streams.IInputStream, IDisposable
{
    private static readonly Result<ReadOnlyMemory<byte>, Streams.StreamError> Closed = Result.Err<Streams.StreamError>(Streams.StreamError.Closed.Instance);
    private static readonly Result<ulong, Streams.StreamError> ClosedCount = Result.Err<Streams.StreamError>(Streams.StreamError.Closed.Instance);

    private bool _closed;

    public InputStream Inner { get; } = inner;

    private int Limit(ulong len) => (int)Math.Min(len, (ulong)face.Context.MaxReadSize);

    public Result<ReadOnlyMemory<byte>, Streams.StreamError> Read(ulong len) => ReadCore(len, blocking: false);

    public Result<ReadOnlyMemory<byte>, Streams.StreamError> BlockingRead(ulong len) => ReadCore(len, blocking: true);

    private Result<ReadOnlyMemory<byte>, Streams.StreamError> ReadCore(ulong len, bool blocking)
    {
        if (_closed) return Closed;
        try
        {
            var result = blocking ? Inner.BlockingRead(Limit(len)) : Inner.Read(Limit(len));
            if (result.Data.Length == 0 && result.EndOfStream)
            {
                _closed = true;
                return Closed;
            }
            // Bytes that came with the end: the next call says closed.
            return Result.Ok(result.Data);
        }
        catch (WasiStreamException ex)
        {
            _closed = true;
            return Result.Err(P2StreamErrors.Failed(ex.Message, codeOf?.Invoke(ex)));
        }
    }

    public Result<ulong, Streams.StreamError> Skip(ulong len) => SkipCore(len, blocking: false);

    public Result<ulong, Streams.StreamError> BlockingSkip(ulong len) => SkipCore(len, blocking: true);

    private Result<ulong, Streams.StreamError> SkipCore(ulong len, bool blocking)
    {
        if (_closed) return ClosedCount;
        try
        {
            var (skipped, end) = blocking ? Inner.BlockingSkip(Limit(len)) : Inner.Skip(Limit(len));
            if (skipped == 0 && end)
            {
                _closed = true;
                return ClosedCount;
            }
            return Result.Ok((ulong)skipped);
        }
        catch (WasiStreamException ex)
        {
            _closed = true;
            return Result.Err(P2StreamErrors.Failed(ex.Message, codeOf?.Invoke(ex)));
        }
    }

    private readonly P2Children _children = new("input-stream");

    public Poll.IPollable Subscribe() => new P2Pollable(face, new StreamPollable(Inner), _children);

    public void Dispose()
    {
        _children.CheckNoneOnDrop("wasi:io/streams@0.2.12.[resource-drop]input-stream");
        if (ownsStream) Inner.Drop();
    }
}

/// <summary>The two errors of a stream: <c>closed</c>, or <c>last-operation-failed</c> with an <c>error</c> resource.</summary>
internal static class P2StreamErrors
{
    public static Streams.StreamError Failed(string message, Types.ErrorCode? code = null) =>
        new Streams.StreamError.LastOperationFailed(new P2Error(message, code));
}
