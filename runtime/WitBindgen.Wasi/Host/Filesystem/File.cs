using System;
using System.Collections.Generic;
using System.IO;

namespace WitBindgen.Wasi.Host;

/// <summary>
/// An open regular file (or device) beneath a root: positional reads and writes, size, and streams over it that share
/// its open file. Writing needs a descriptor opened for writing beneath a writable root.
/// </summary>
internal sealed class File : Node
{
    public File(SandboxRoot root, IReadOnlyList<string> components, SharedFile shared, bool readable, bool writable)
        : base(root, components, shared)
    {
        Readable = readable;
        Writable = writable;
    }

    public bool Readable { get; }
    public bool Writable { get; }

    private SharedFile Open => Shared ?? throw new ObjectDisposedException(nameof(File));

    /// <summary>Reads at most <paramref name="length"/> (and <paramref name="maxBytes"/>) bytes at <paramref name="offset"/>; <paramref name="end"/> when at the end.</summary>
    public FsError? Read(ulong length, ulong offset, int maxBytes, out ReadOnlyMemory<byte> bytes, out bool end)
    {
        bytes = default;
        end = false;
        if (!Readable) return FsError.BadDescriptor;
        if (offset > long.MaxValue) return FsError.Invalid;
        var buffer = new byte[(int)Math.Min(length, (ulong)maxBytes)];
        try
        {
            var n = buffer.Length == 0 ? 0 : RandomAccess.Read(Open.Handle, buffer, (long)offset);
            end = buffer.Length > 0 ? n == 0 : (long)offset >= RandomAccess.GetLength(Open.Handle);
            bytes = buffer.AsMemory(0, n);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return FsErrors.FromException(ex);
        }
    }

    /// <summary>Writes all of <paramref name="buffer"/> at <paramref name="offset"/>.</summary>
    public FsError? Write(ReadOnlySpan<byte> buffer, ulong offset)
    {
        if (Root.ReadOnly) return FsError.ReadOnly;
        if (!Writable) return FsError.BadDescriptor;
        if (offset > long.MaxValue) return FsError.FileTooLarge;
        try
        {
            RandomAccess.Write(Open.Handle, buffer, (long)offset);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return FsErrors.FromException(ex);
        }
    }

    public FsError? SetSize(ulong size)
    {
        if (Root.ReadOnly) return FsError.ReadOnly;
        if (!Writable) return FsError.BadDescriptor;
        if (size > long.MaxValue) return FsError.FileTooLarge;
        return FsErrors.Check(Native.Ftruncate(Open.Fd, (long)size));
    }

    /// <summary>A stream reading from <paramref name="offset"/> on; or one that fails on first use, saying why it cannot read.</summary>
    public InputStream ReadStream(ulong offset) =>
        !Readable ? new FileInputStream("the descriptor was not opened for reading")
        : offset > long.MaxValue ? new FileInputStream("the offset is too large")
        : new FileInputStream(Open, (long)offset);

    /// <summary>A stream writing from <paramref name="offset"/> on (or at the end, if <paramref name="append"/>); or one that fails on first use.</summary>
    public OutputStream WriteStream(ulong offset, bool append) =>
        Root.ReadOnly ? new FileOutputStream("the descriptor is read-only")
        : !Writable ? new FileOutputStream("the descriptor was not opened for writing")
        : offset > long.MaxValue ? new FileOutputStream("the offset is too large")
        : new FileOutputStream(Open, (long)offset, append);
}
