using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace WitBindgen.Wasi;

/// <summary>
/// An input stream over a .NET <see cref="Stream"/>. A seekable stream (a file, a <see cref="MemoryStream"/>) is read
/// directly: its reads are prompt. Any other (a pipe, a console, a socket) is read ahead by a background thread,
/// one chunk at a time, so that <c>read</c> never blocks and <c>poll-oneoff</c> can wait for data. The thread starts
/// at the first read or subscription, so a guest that never reads stdin never takes any input from the host. The
/// stream is never closed.
/// </summary>
/// <remarks>
/// By default a <c>read</c> with nothing buffered returns no bytes at once (the guest polls, then reads again). With
/// <c>readWaitsForData</c> it waits for the next chunk (or the end) instead, as Wasmtime's WASI of the May-2023 era
/// did for stdin: the published preview-1 adapter turns an empty non-blocking read of stdin into <c>EINTR</c>, which
/// wasi-libc reports as a read error, so a C program would never see its piped input. Polling still works either way.
/// </remarks>
/// <remarks>
/// On Unix, disposing a pipe's read end while the reader thread is blocked on it waits for that read to return:
/// close the write end first (the reader then sees the end of the stream), or leave the read end to the process's exit.
/// </remarks>
public sealed class StreamInputStream : InputStream
{
    private const int ChunkSize = 64 * 1024;

    private readonly Stream _source;
    private readonly bool _direct;
    private readonly bool _readWaits;
    private readonly object _lock = new();
    private byte[]? _chunk;
    private int _offset;
    private int _count;
    private bool _eof;
    private Exception? _error;
    private bool _stopped;
    private Thread? _pump;
    private TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>True if this reads the process's own stdin (what <c>InheritStdin</c> gives: fd 0, or the console stream).</summary>
    internal bool IsConsole => _source is FileStream file
        ? !file.SafeFileHandle.IsInvalid && file.SafeFileHandle.DangerousGetHandle() == IntPtr.Zero
        : _source.GetType().FullName?.Contains("ConsoleStream", StringComparison.Ordinal) == true;

    /// <summary>Reads from <paramref name="source"/>; a <c>read</c> with nothing buffered returns no bytes at once.</summary>
    public StreamInputStream(Stream source) : this(source, readWaitsForData: false)
    {
    }

    /// <summary>
    /// Reads from <paramref name="source"/>. With <paramref name="readWaitsForData"/>, a <c>read</c> of a
    /// non-seekable source waits for data (or its end) when none is buffered, rather than returning none.
    /// </summary>
    public StreamInputStream(Stream source, bool readWaitsForData)
    {
        _source = source ?? throw new ArgumentNullException(nameof(source));
        if (!source.CanRead) throw new ArgumentException("the stream cannot be read", nameof(source));
        _direct = source.CanSeek;
        _readWaits = readWaitsForData;
    }

    /// <inheritdoc/>
    protected override StreamReadResult ReadCore(int maxBytes)
    {
        if (_direct) return ReadDirect(maxBytes);
        lock (_lock)
        {
            if (_readWaits && maxBytes > 0)
            {
                StartPump();
                while (_count == 0 && !_eof && _error is null && !_stopped) Monitor.Wait(_lock);
            }
            if (_count > 0)
            {
                var count = Math.Min(maxBytes, _count);
                var data = _chunk.AsSpan(_offset, count).ToArray();
                _offset += count;
                _count -= count;
                if (_count == 0) Consumed();
                return new(data, _eof && _count == 0);
            }
            if (_error is not null) throw new WasiStreamException($"reading failed: {_error.Message}", _error);
            if (_eof) return new(ReadOnlyMemory<byte>.Empty, true);
            StartPump();
            return new(ReadOnlyMemory<byte>.Empty, false);
        }
    }

    private StreamReadResult ReadDirect(int maxBytes)
    {
        try
        {
            if (maxBytes == 0) return new(ReadOnlyMemory<byte>.Empty, _source.Position >= _source.Length);
            long length = _source.Length;
            var buffer = new byte[(int)Math.Min(maxBytes, Math.Max(1, Math.Min(ChunkSize, length - _source.Position)))];
            var read = _source.Read(buffer, 0, buffer.Length);
            // A device that seeks but has no length (/dev/zero) ends only when a read returns nothing.
            return new(buffer.AsMemory(0, read), read == 0 || (length > 0 && _source.Position >= length));
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or NotSupportedException)
        {
            throw new WasiStreamException($"reading failed: {ex.Message}", ex);
        }
    }

    /// <inheritdoc/>
    public override bool IsReady
    {
        get
        {
            if (_direct) return true;
            lock (_lock)
            {
                if (_count > 0 || _eof || _error is not null) return true;
                StartPump();
                return false;
            }
        }
    }

    /// <inheritdoc/>
    public override Task WhenReady()
    {
        if (_direct) return Task.CompletedTask;
        lock (_lock)
        {
            if (_count > 0 || _eof || _error is not null) return Task.CompletedTask;
            StartPump();
            return _ready.Task;
        }
    }

    /// <inheritdoc/>
    protected override void OnDropped()
    {
        lock (_lock)
        {
            _stopped = true;
            Monitor.PulseAll(_lock);
        }
    }

    // Under _lock: the chunk was read to its end; let the pump read the next one.
    private void Consumed()
    {
        if (!_eof && _error is null) _ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Monitor.PulseAll(_lock);
    }

    private void StartPump()
    {
        if (_pump is not null || _stopped) return;
        _pump = new Thread(Pump) { IsBackground = true, Name = "WASI input-stream reader" };
        _pump.Start();
    }

    private void Pump()
    {
        var buffer = new byte[ChunkSize];
        while (true)
        {
            int read;
            try
            {
                read = _source.Read(buffer, 0, buffer.Length);
            }
            catch (Exception ex)
            {
                lock (_lock)
                {
                    _error = ex;
                    _ready.TrySetResult();
                    Monitor.PulseAll(_lock);
                }
                return;
            }
            lock (_lock)
            {
                if (read == 0)
                {
                    _eof = true;
                    _ready.TrySetResult();
                    Monitor.PulseAll(_lock);
                    return;
                }
                _chunk = buffer;
                _offset = 0;
                _count = read;
                _ready.TrySetResult();
                Monitor.PulseAll(_lock); // a read waiting for data
                while (_count > 0 && !_stopped) Monitor.Wait(_lock);
                if (_stopped) return;
            }
        }
    }
}
