using System;
using System.IO;
using System.Threading.Tasks;

namespace WitBindgen.Wasi.Host;

/// <summary>The input stream of <c>read-via-stream</c>: reads the file from an offset on; or fails, when the descriptor cannot be read.</summary>
internal sealed class FileInputStream : InputStream
{
    private readonly SharedFile? _file;
    private readonly string? _failure;
    private long _position;

    public FileInputStream(SharedFile file, long offset)
    {
        _file = file.AddRef();
        _position = offset;
    }

    public FileInputStream(string failure) => _failure = failure;

    protected override StreamReadResult ReadCore(int maxBytes)
    {
        if (_file is null) throw new WasiStreamException(_failure!);
        if (maxBytes == 0) return new(ReadOnlyMemory<byte>.Empty, false);
        var buffer = new byte[maxBytes];
        int n;
        try
        {
            n = RandomAccess.Read(_file.Handle, buffer, _position);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new WasiStreamException(ex.Message, ex);
        }
        if (n == 0) return new(ReadOnlyMemory<byte>.Empty, true);
        _position += n;
        return new(buffer.AsMemory(0, n), false);
    }

    public override bool IsReady => true;

    public override Task WhenReady() => Task.CompletedTask;

    protected override void OnDropped() => _file?.Release();
}

/// <summary>The output stream of <c>write-via-stream</c> / <c>append-via-stream</c>; or a failing one, when the descriptor cannot be written.</summary>
internal sealed class FileOutputStream : OutputStream
{
    private readonly SharedFile? _file;
    private readonly string? _failure;
    private readonly bool _append;
    private long _position;

    public FileOutputStream(SharedFile file, long offset, bool append)
    {
        _file = file.AddRef();
        _position = offset;
        _append = append;
    }

    public FileOutputStream(string failure) => _failure = failure;

    protected override int WriteCore(ReadOnlySpan<byte> bytes)
    {
        if (_file is null) throw new WasiStreamException(_failure!);
        try
        {
            if (_append) _position = RandomAccess.GetLength(_file.Handle);
            RandomAccess.Write(_file.Handle, bytes, _position);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new WasiStreamException(ex.Message, ex);
        }
        _position += bytes.Length;
        return bytes.Length;
    }

    protected override void OnDropped() => _file?.Release();
}
