using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using Microsoft.Win32.SafeHandles;

namespace WitBindgen.Wasi;

/// <summary>A sandbox root: a preopened directory, its real path, and whether it is read-only.</summary>
internal sealed class SandboxRoot
{
    public SandboxRoot(string hostPath, bool readOnly)
    {
        HostPath = hostPath.Length > 1 ? hostPath.TrimEnd('/') : hostPath;
        RealPath = Native.RealPath(HostPath) ?? HostPath;
        ReadOnly = readOnly;
    }

    public string HostPath { get; }
    public string RealPath { get; }
    public bool ReadOnly { get; }

    public string Join(IReadOnlyList<string> components) =>
        components.Count == 0 ? HostPath : (HostPath == "/" ? "/" : HostPath + "/") + string.Join('/', components);

    /// <summary>True if the real (symlink-free) path <paramref name="real"/> is the root or beneath it.</summary>
    public bool Contains(string? real) =>
        real is not null && (real == RealPath || real.StartsWith(RealPath == "/" ? "/" : RealPath + "/", StringComparison.Ordinal));
}

/// <summary>
/// An open file shared by a descriptor and the streams made from it; closed when the last lets go, which also returns
/// its place in the instance's <see cref="HostResourceBudget"/>.
/// </summary>
internal sealed class SharedFile
{
    private readonly HostResourceLease _lease;
    private int _refs = 1;

    public SharedFile(SafeFileHandle handle, HostResourceLease lease)
    {
        Handle = handle;
        _lease = lease;
    }

    public SafeFileHandle Handle { get; }

    public int Fd => (int)Handle.DangerousGetHandle();

    public SharedFile AddRef()
    {
        _refs++;
        return this;
    }

    public void Release()
    {
        if (--_refs != 0) return;
        Handle.Dispose();
        _lease.Release();
    }
}

/// <summary>A <c>descriptor</c> opened by <c>open-at</c> (or the view of a preopen): a file or a directory beneath a root.</summary>
[WasiResourceKind("descriptor")]
internal sealed class Descriptor : WasiResource
{
    public Descriptor(SandboxRoot root, IReadOnlyList<string> components, bool isDirectory, Filesystem.DescriptorFlags flags, SharedFile? file)
    {
        Root = root;
        Components = components;
        IsDirectory = isDirectory;
        Flags = flags;
        File = file;
    }

    public SandboxRoot Root { get; }
    public IReadOnlyList<string> Components { get; }
    public bool IsDirectory { get; }
    public Filesystem.DescriptorFlags Flags { get; set; }

    /// <summary>The open file (for a directory: opened on demand, to lock or sync it).</summary>
    public SharedFile? File { get; set; }

    public string HostPath => Root.Join(Components);

    protected override void OnDropped()
    {
        File?.Release();
        File = null;
    }
}

/// <summary>A <c>directory-entry-stream</c>: the names a directory held when it was listed.</summary>
[WasiResourceKind("directory-entry-stream")]
internal sealed class DirectoryEntryStream : WasiResource
{
    private readonly SharedFile _directory;

    public DirectoryEntryStream(string hostPath, List<string> names, SharedFile directory)
    {
        HostPath = hostPath;
        Names = names;
        _directory = directory;
    }

    protected override void OnDropped() => _directory.Release();

    public string HostPath { get; }
    public List<string> Names { get; }
    public int Next { get; set; }
}

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
