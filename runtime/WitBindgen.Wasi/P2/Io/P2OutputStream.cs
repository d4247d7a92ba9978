using System;
using System.Threading.Tasks;
using WitBindgen.Runtime;
using WitBindgen.Runtime.Abi;

namespace WitBindgen.Wasi.P2;

using WitBindgen.Wasi.P2.Bindings;

/// <summary>
/// An <c>output-stream</c> over one of the host core's output streams, with WASI 0.2's back-pressure contract:
/// <c>check-write</c> says how many bytes the next <c>write</c> may take (0 while earlier bytes are still on their
/// way), <c>write</c> takes them all without blocking (what the sink does not take at once waits here, bounded by
/// that permit), <c>flush</c> starts pushing them out and <c>subscribe</c> is ready once it may be written again.
/// Writing more than permitted traps, as in wasmtime; so does a blocking call with more than 4096 bytes. After a
/// failure (reported once as <c>last-operation-failed</c>) every call answers <c>closed</c>.
/// </summary>
internal sealed class P2OutputStream : Streams.IOutputStream, IDisposable
{
    /// <summary>The most bytes the blocking calls take at once (the spec's and wasmtime's limit).</summary>
    public const int BlockingLimit = 4096;

    private static readonly Result<Unit, Streams.StreamError> Ok = Result.Ok();
    private static readonly Result<Unit, Streams.StreamError> Closed = Result.Err<Streams.StreamError>(Streams.StreamError.Closed.Instance);

    private readonly P2Face _face;
    private readonly bool _ownsStream;
    private byte[] _pending = [];
    private int _pendingStart;
    private int _pendingEnd;
    private ulong _permit;
    private Streams.StreamError? _failure;
    private bool _closed;

    private readonly Func<WasiStreamException, Types.ErrorCode?>? _codeOf;

    /// <param name="face">The face of the instance.</param>
    /// <param name="inner">The host core's stream.</param>
    /// <param name="ownsStream">Whether dropping this resource releases <paramref name="inner"/> (a file's stream) or only flushes it (stdout).</param>
    /// <param name="codeOf">For a file's stream: the filesystem error code of a failure, which <c>filesystem-error-code</c> answers.</param>
    public P2OutputStream(P2Face face, OutputStream inner, bool ownsStream, Func<WasiStreamException, Types.ErrorCode?>? codeOf = null)
    {
        _face = face;
        Inner = inner;
        _ownsStream = ownsStream;
        _codeOf = codeOf;
    }

    public OutputStream Inner { get; }

    private int Budget => Math.Min(_face.Context.MaxReadSize, 1 << 20);

    private int PendingCount => _pendingEnd - _pendingStart;

    /// <summary>Pushes pending bytes to the sink without blocking; true when none are left.</summary>
    private bool TryDrain()
    {
        if (PendingCount == 0) return true;
        try
        {
            while (PendingCount > 0)
            {
                if (!Inner.IsReady) return false;
                var written = Inner.Write(_pending.AsSpan(_pendingStart, PendingCount));
                if (written == 0) return false;
                _pendingStart += written;
            }
            return true;
        }
        catch (WasiStreamException ex)
        {
            Fail(ex);
            return true;
        }
    }

    private void DrainBlocking()
    {
        try
        {
            while (PendingCount > 0) _pendingStart += Inner.BlockingWrite(_pending.AsSpan(_pendingStart, PendingCount));
        }
        catch (WasiStreamException ex)
        {
            Fail(ex);
        }
    }

    private void Fail(WasiStreamException exception)
    {
        _failure = P2StreamErrors.Failed(exception.Message, _codeOf?.Invoke(exception));
        _pendingStart = _pendingEnd = 0;
    }

    /// <summary>A failure not yet reported is reported once; after that the stream is closed.</summary>
    private bool Broken(out Streams.StreamError error)
    {
        if (_failure is { } failure)
        {
            _failure = null;
            _closed = true;
            error = failure;
            return true;
        }
        error = Streams.StreamError.Closed.Instance;
        return _closed;
    }

    public Result<ulong, Streams.StreamError> CheckWrite()
    {
        TryDrain();
        if (Broken(out var error)) return Result.Err(error);
        _permit = PendingCount == 0 && Inner.IsReady ? (ulong)Budget : 0;
        return Result.Ok(_permit);
    }

    public Result<Unit, Streams.StreamError> Write(ReadOnlySpan<byte> contents) => WriteCore(contents, "write");

    private Result<Unit, Streams.StreamError> WriteCore(ReadOnlySpan<byte> contents, string function)
    {
        if (Broken(out var error)) return Result.Err(error);
        if ((ulong)contents.Length > _permit)
            throw new WitTrapException($"wasi:io/streams@0.2.12.[method]output-stream.{function}: {contents.Length} bytes written where check-write permitted {_permit}");
        _permit -= (ulong)contents.Length;
        if (contents.IsEmpty) return Ok;
        try
        {
            var written = PendingCount == 0 ? Inner.Write(contents) : 0;
            if (written < contents.Length) Keep(contents.Slice(written));
        }
        catch (WasiStreamException ex)
        {
            // Reported by the next call, as the spec's write "returns an error if the stream is closed" only then.
            Fail(ex);
        }
        return Ok;
    }

    private void Keep(ReadOnlySpan<byte> rest)
    {
        if (PendingCount == 0) _pendingStart = _pendingEnd = 0;
        if (_pending.Length - _pendingEnd < rest.Length)
        {
            var grown = new byte[Math.Max(PendingCount + rest.Length, _pending.Length * 2)];
            _pending.AsSpan(_pendingStart, PendingCount).CopyTo(grown);
            _pendingEnd = PendingCount;
            _pendingStart = 0;
            _pending = grown;
        }
        GuestCopy.Copy(rest, _pending.AsSpan(_pendingEnd));
        _pendingEnd += rest.Length;
    }

    public Result<Unit, Streams.StreamError> BlockingWriteAndFlush(ReadOnlySpan<byte> contents)
    {
        if (contents.Length > BlockingLimit)
            throw new WitTrapException($"wasi:io/streams@0.2.12.[method]output-stream.blocking-write-and-flush: {contents.Length} bytes, more than the {BlockingLimit} a blocking write takes");
        if (Broken(out var error)) return Result.Err(error);
        DrainBlocking();
        if (Broken(out error)) return Result.Err(error);
        try
        {
            Inner.WriteAll(contents);
        }
        catch (WasiStreamException ex)
        {
            Fail(ex);
            Broken(out error);
            return Result.Err(error);
        }
        return BlockingFlush();
    }

    public Result<Unit, Streams.StreamError> Flush()
    {
        if (Broken(out var error)) return Result.Err(error);
        if (TryDrain()) Inner.Flush();
        return Broken(out error) ? Result.Err(error) : Ok;
    }

    public Result<Unit, Streams.StreamError> BlockingFlush()
    {
        if (Broken(out var error)) return Result.Err(error);
        DrainBlocking();
        if (Broken(out error)) return Result.Err(error);
        Inner.Flush();
        return Ok;
    }

    private readonly P2Children _children = new("output-stream");

    public Poll.IPollable Subscribe() => new P2Pollable(_face, new WritablePollable(this), _children);

    public Result<Unit, Streams.StreamError> WriteZeroes(ulong len)
    {
        if (_failure is null && !_closed && len > _permit)
            throw new WitTrapException($"wasi:io/streams@0.2.12.[method]output-stream.write-zeroes: {len} bytes written where check-write permitted {_permit}");
        return WriteCore(_failure is null && !_closed ? new byte[(int)len] : [], "write-zeroes");
    }

    public Result<Unit, Streams.StreamError> BlockingWriteZeroesAndFlush(ulong len)
    {
        if (len > BlockingLimit)
            throw new WitTrapException($"wasi:io/streams@0.2.12.[method]output-stream.blocking-write-zeroes-and-flush: {len} bytes, more than the {BlockingLimit} a blocking write takes");
        return BlockingWriteAndFlush(new byte[(int)len]);
    }

    public Result<ulong, Streams.StreamError> Splice(Streams.IInputStream src, ulong len) => SpliceCore(src, len, blocking: false);

    public Result<ulong, Streams.StreamError> BlockingSplice(Streams.IInputStream src, ulong len) => SpliceCore(src, len, blocking: true);

    private Result<ulong, Streams.StreamError> SpliceCore(Streams.IInputStream src, ulong len, bool blocking)
    {
        if (blocking)
        {
            // Wait until this stream may be written, then until the source has something (or ends).
            DrainBlocking();
            if (!Inner.IsReady) Inner.WhenReady().Wait();
        }
        var permit = CheckWrite();
        if (!permit.IsOk) return Result.Err(permit.ErrValue);
        var count = Math.Min(len, permit.OkValue);
        if (count == 0) return Result.Ok(0UL);
        var read = blocking ? src.BlockingRead(count) : src.Read(count);
        if (!read.IsOk) return Result.Err(read.ErrValue);
        var written = WriteCore(read.OkValue.Span, "splice");
        if (!written.IsOk) return Result.Err(written.ErrValue);
        if (blocking) DrainBlocking();
        return Result.Ok((ulong)read.OkValue.Length);
    }

    /// <summary>Drops: what is pending is written out first, then the sink is flushed (or released, if owned).</summary>
    public void Dispose()
    {
        _children.CheckNoneOnDrop("wasi:io/streams@0.2.12.[resource-drop]output-stream");
        DrainBlocking();
        if (_ownsStream) Inner.Drop();
        else Inner.Flush();
    }

    /// <summary>Ready when the stream may be written again: nothing pending and the sink ready, or the stream broken.</summary>
    private sealed class WritablePollable(P2OutputStream stream) : Pollable
    {
        public override bool IsReady => stream.TryDrain() && (stream._failure is not null || stream._closed || stream.Inner.IsReady);

        public override Task? WhenReady() => IsReady ? Task.CompletedTask : stream.Inner.WhenReady();
    }
}
