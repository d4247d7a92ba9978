using System;
using WitBindgen.Runtime;

namespace WitBindgen.Wasi.P2;

using WitBindgen.Wasi.P2.Bindings;

/// <summary>
/// The <c>input-stream</c> of a TCP connection: the face's <see cref="P2InputStream"/> over the socket, which
/// answers <c>closed</c> once <c>shutdown</c> closed the receiving side (as wasmtime's reader does), whatever the
/// system still holds.
/// </summary>
internal sealed class P2TcpInputStream(P2InputStream inner) : Streams.IInputStream, IDisposable
{
    private static readonly Result<ReadOnlyMemory<byte>, Streams.StreamError> Closed = Result.Err<Streams.StreamError>(Streams.StreamError.Closed.Instance);
    private static readonly Result<ulong, Streams.StreamError> ClosedCount = Result.Err<Streams.StreamError>(Streams.StreamError.Closed.Instance);

    private bool _shut;

    public void ShutDown() => _shut = true;

    public Result<ReadOnlyMemory<byte>, Streams.StreamError> Read(ulong len) => _shut ? Closed : inner.Read(len);

    public Result<ReadOnlyMemory<byte>, Streams.StreamError> BlockingRead(ulong len) => _shut ? Closed : inner.BlockingRead(len);

    public Result<ulong, Streams.StreamError> Skip(ulong len) => _shut ? ClosedCount : inner.Skip(len);

    public Result<ulong, Streams.StreamError> BlockingSkip(ulong len) => _shut ? ClosedCount : inner.BlockingSkip(len);

    public Poll.IPollable Subscribe() => inner.Subscribe();

    public void Dispose() => inner.Dispose();
}

/// <summary>
/// The <c>output-stream</c> of a TCP connection: the face's <see cref="P2OutputStream"/> over the socket (the 0.2
/// write contract), which answers <c>closed</c> once <c>shutdown</c> closed the sending side. Bytes it still held
/// are written out first.
/// </summary>
internal sealed class P2TcpOutputStream(P2OutputStream inner) : Streams.IOutputStream, IDisposable
{
    private static readonly Result<Unit, Streams.StreamError> Closed = Result.Err<Streams.StreamError>(Streams.StreamError.Closed.Instance);
    private static readonly Result<ulong, Streams.StreamError> ClosedCount = Result.Err<Streams.StreamError>(Streams.StreamError.Closed.Instance);

    private bool _shut;

    public void ShutDown()
    {
        if (_shut) return;
        inner.BlockingFlush();
        _shut = true;
    }

    public Result<ulong, Streams.StreamError> CheckWrite() => _shut ? ClosedCount : inner.CheckWrite();

    public Result<Unit, Streams.StreamError> Write(ReadOnlySpan<byte> contents) => _shut ? Closed : inner.Write(contents);

    public Result<Unit, Streams.StreamError> BlockingWriteAndFlush(ReadOnlySpan<byte> contents) => _shut ? Closed : inner.BlockingWriteAndFlush(contents);

    public Result<Unit, Streams.StreamError> Flush() => _shut ? Closed : inner.Flush();

    public Result<Unit, Streams.StreamError> BlockingFlush() => _shut ? Closed : inner.BlockingFlush();

    public Poll.IPollable Subscribe() => inner.Subscribe();

    public Result<Unit, Streams.StreamError> WriteZeroes(ulong len) => _shut ? Closed : inner.WriteZeroes(len);

    public Result<Unit, Streams.StreamError> BlockingWriteZeroesAndFlush(ulong len) => _shut ? Closed : inner.BlockingWriteZeroesAndFlush(len);

    public Result<ulong, Streams.StreamError> Splice(Streams.IInputStream src, ulong len) => _shut ? ClosedCount : inner.Splice(src, len);

    public Result<ulong, Streams.StreamError> BlockingSplice(Streams.IInputStream src, ulong len) => _shut ? ClosedCount : inner.BlockingSplice(src, len);

    public void Dispose() => inner.Dispose();
}
