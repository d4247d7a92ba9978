using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace WitBindgen.Wasi.Host;

/// <summary>How <see cref="Dir.OpenAt"/> opens a file: <c>O_CREAT</c>/<c>O_EXCL</c>/<c>O_TRUNC</c>, must be a directory, access, sync, and a new file's permission bits.</summary>
internal readonly record struct OpenOptions(
    bool Create, bool Exclusive, bool Truncate, bool Directory, bool Read, bool Write, bool MutateDirectory,
    bool FileSync, bool DataSync, int Mode);

/// <summary>
/// A directory beneath a sandbox root (the root itself for a preopen), held by its path beneath the root and
/// re-resolved and re-checked at each use (see <see cref="Sandbox"/>). Every path operation of the filesystem starts
/// here. A read-only root, or a directory opened without <see cref="MayMutate"/>, refuses every change with
/// <see cref="FsError.ReadOnly"/>.
/// </summary>
internal sealed class Dir : Node
{
    public Dir(SandboxRoot root, IReadOnlyList<string> components, bool mayMutate) : base(root, components, null) =>
        MayMutate = mayMutate;

    /// <summary>The directory of a preopen: its root, writable unless the root is read-only.</summary>
    public static Dir Preopen(string hostPath, bool readOnly) => new(new SandboxRoot(hostPath, readOnly), Array.Empty<string>(), !readOnly);

    /// <summary>Whether this descriptor may change what lies beneath it (within a writable root).</summary>
    public bool MayMutate { get; }

    private FsError? CanMutate() => Root.ReadOnly || !MayMutate ? FsError.ReadOnly : null;

    /// <summary>
    /// Opens <paramref name="path"/>: a directory becomes a new <see cref="Dir"/> (by path), a file is opened
    /// (<c>openat</c> with <c>O_NOFOLLOW</c> relative to its checked parent) and checked to lie beneath the root.
    /// <paramref name="roomForHandle"/> false (the caller's handle table is full) fails as "too many open files".
    /// </summary>
    public FsError? OpenAt(string path, bool followSymlinks, OpenOptions o, bool roomForHandle, HostResourceBudget budget, out Node opened)
    {
        opened = null!;
        if (Sandbox.Resolve(this, path, followSymlinks, out var r) is { } error) return error;
        if ((o.Write || o.Create || o.Truncate || o.MutateDirectory) && CanMutate() is { } ro) return ro;
        if (r.Exists && o.Create && o.Exclusive) return FsError.Exist;
        if (!r.Exists && !o.Create) return FsError.NoEntry;
        if (r.Exists && r.Stat.IsSymlink) return FsError.Loop;
        // A full handle table or a spent budget of open files is "too many open files" (EMFILE); the seed's error-code
        // has no case for it, so it is reported as insufficient memory (ENOMEM), the nearest resource-exhaustion code.
        if (!roomForHandle) return FsError.InsufficientMemory;
        if (r.Exists && r.Stat.IsDirectory)
        {
            if (o.Write || o.Truncate || o.Create) return FsError.IsDirectory;
            opened = new Dir(Root, r.Components, MayMutate);
            return null;
        }
        if (o.Directory) return r.Exists ? FsError.NotDirectory : FsError.Invalid;
        var flags = (o.Write ? (o.Read ? Native.O_RDWR : Native.O_WRONLY) : Native.O_RDONLY) | Native.O_NOFOLLOW;
        if (o.Create) flags |= Native.O_CREAT;
        if (o.Exclusive) flags |= Native.O_EXCL;
        if (o.Truncate) flags |= Native.O_TRUNC;
        if (o.Write && o.FileSync) flags |= Native.O_SYNC;
        else if (o.Write && o.DataSync) flags |= Native.O_DSYNC;
        if (budget.TryAcquire() is not { } lease) return FsError.InsufficientMemory;
        if (Sandbox.OpenParent(Root, r, out var parent, out var last) is { } escaped)
        {
            lease.Release();
            return escaped;
        }
        int err, fd;
        try
        {
            err = Native.OpenAt(parent, last, flags, o.Mode, out fd);
        }
        finally
        {
            Native.Close(parent);
        }
        if (SharedFile.Adopt(err, fd, lease, Root, out var file) is { } refused) return refused;
        if (Native.FStat(fd, out var st) == 0 && st.IsDirectory)
        {
            file.Release();
            return FsError.IsDirectory;
        }
        opened = new File(Root, r.Components, file, o.Read, o.Write);
        return null;
    }

    public FsError? CreateDirectoryAt(string path)
    {
        if (Sandbox.Resolve(this, path, followFinal: false, out var r) is { } error) return error;
        if (CanMutate() is { } ro) return ro;
        if (r.Exists) return FsError.Exist;
        return Sandbox.At(Root, r, (fd, name) => Native.MkdirAt(fd, name, 0x1FF));
    }

    public FsError? StatAt(string path, bool followSymlinks, out NativeStat stat)
    {
        stat = default;
        if (Sandbox.Resolve(this, path, followSymlinks, out var r) is { } error) return error;
        if (!r.Exists) return FsError.NoEntry;
        NativeStat st = default;
        var result = Sandbox.At(Root, r, (fd, name) => Native.StatAt(fd, name, out st));
        stat = st;
        return result;
    }

    public FsError? SetTimesAt(string path, bool followSymlinks, FsTimestamp access, FsTimestamp modification)
    {
        if (Sandbox.Resolve(this, path, followSymlinks, out var r) is { } error) return error;
        if (Root.ReadOnly) return FsError.ReadOnly;
        if (!r.Exists) return FsError.NoEntry;
        if (Times(access, modification, out var times) is { } bad) return bad;
        return Sandbox.At(Root, r, (fd, name) => Native.UtimensAt(fd, name, times));
    }

    /// <summary>Links <paramref name="oldPath"/> (beneath this directory) as <paramref name="newPath"/> beneath <paramref name="target"/> (which must be a directory).</summary>
    public FsError? LinkAt(string oldPath, bool followSymlinks, Node target, string newPath)
    {
        if (Sandbox.Resolve(this, oldPath, followSymlinks, out var from) is { } e1) return e1;
        if (Sandbox.Resolve(target, newPath, followFinal: false, out var to) is { } e2) return e2;
        var targetDir = (Dir)target;
        if (targetDir.CanMutate() is { } ro) return ro;
        if (Root.ReadOnly) return FsError.ReadOnly;
        if (!from.Exists) return FsError.NoEntry;
        if (to.Exists) return FsError.Exist;
        if (from.Stat.IsDirectory) return FsError.NotPermitted;
        return Sandbox.At2(Root, from, targetDir.Root, to, Native.LinkAt);
    }

    public FsError? ReadlinkAt(string path, out string target)
    {
        target = "";
        if (Sandbox.Resolve(this, path, followFinal: false, out var r) is { } error) return error;
        if (!r.Exists) return FsError.NoEntry;
        if (!r.Stat.IsSymlink) return FsError.Invalid;
        var text = "";
        var result = Sandbox.At(Root, r, (fd, name) => Native.ReadlinkAt(fd, name, out text));
        target = text;
        return result;
    }

    public FsError? RemoveDirectoryAt(string path)
    {
        if (Sandbox.Resolve(this, path, followFinal: false, out var r) is { } error) return error;
        if (CanMutate() is { } ro) return ro;
        if (!r.Exists) return FsError.NoEntry;
        if (r.IsRoot) return FsError.NotPermitted;
        if (!r.Stat.IsDirectory) return FsError.NotDirectory;
        return Sandbox.At(Root, r, (fd, name) => Native.UnlinkAt(fd, name, directory: true));
    }

    /// <summary>Renames <paramref name="oldPath"/> (beneath this directory) to <paramref name="newPath"/> beneath <paramref name="target"/> (which must be a directory).</summary>
    public FsError? RenameAt(string oldPath, Node target, string newPath)
    {
        if (Sandbox.Resolve(this, oldPath, followFinal: false, out var from) is { } e1) return e1;
        if (Sandbox.Resolve(target, newPath, followFinal: false, out var to) is { } e2) return e2;
        var targetDir = (Dir)target;
        if (CanMutate() is { } ro1) return ro1;
        if (targetDir.CanMutate() is { } ro2) return ro2;
        if (!from.Exists) return FsError.NoEntry;
        if (from.IsRoot || to.IsRoot) return FsError.NotPermitted;
        return Sandbox.At2(Root, from, targetDir.Root, to, Native.RenameAt);
    }

    /// <summary>Why <paramref name="target"/> cannot be a symlink's target (absolute, empty, NUL, too long); null if it can.</summary>
    public static FsError? CheckSymlinkTarget(string target)
    {
        if (target.Contains('\0')) return FsError.IllegalByteSequence;
        if (target.Length == 0) return FsError.NoEntry;
        if (target[0] == '/') return FsError.NotPermitted;
        if (Encoding.UTF8.GetByteCount(target) > Sandbox.MaxPathBytes) return FsError.NameTooLong;
        return null;
    }

    public FsError? SymlinkAt(string target, string linkPath)
    {
        if (CheckSymlinkTarget(target) is { } bad) return bad;
        if (Sandbox.Resolve(this, linkPath, followFinal: false, out var r) is { } error) return error;
        if (CanMutate() is { } ro) return ro;
        if (r.Exists) return FsError.Exist;
        return Sandbox.At(Root, r, (fd, name) => Native.SymlinkAt(target, fd, name));
    }

    /// <summary>Checks that <paramref name="path"/> exists and, if <paramref name="mode"/> is given (<c>R_OK|W_OK|X_OK</c> bits), that it may be accessed so.</summary>
    public FsError? AccessAt(string path, bool followSymlinks, int? mode)
    {
        if (Sandbox.Resolve(this, path, followSymlinks, out var r) is { } error) return error;
        if (!r.Exists) return FsError.NoEntry;
        if (mode is not { } mask) return null;
        if ((mask & 2) != 0 && Root.ReadOnly) return FsError.ReadOnly;
        if (r.Stat.IsSymlink) return null;
        return Sandbox.At(Root, r, (fd, name) => Native.AccessAt(fd, name, mask));
    }

    public FsError? UnlinkFileAt(string path)
    {
        if (Sandbox.Resolve(this, path, followFinal: false, out var r) is { } error) return error;
        if (CanMutate() is { } ro) return ro;
        if (!r.Exists) return FsError.NoEntry;
        if (r.Stat.IsDirectory) return FsError.IsDirectory;
        return Sandbox.At(Root, r, (fd, name) => Native.UnlinkAt(fd, name, directory: false));
    }

    /// <summary>
    /// Sets the user's permission bits (<c>rwx</c>, 0–7) of a file (or, if <paramref name="directory"/>, a directory);
    /// group and others keep what they had, but never more than the user.
    /// </summary>
    public FsError? ChangePermissionsAt(string path, bool followSymlinks, int userBits, bool directory)
    {
        if (Sandbox.Resolve(this, path, followSymlinks, out var r) is { } error) return error;
        if (Root.ReadOnly) return FsError.ReadOnly;
        if (!r.Exists) return FsError.NoEntry;
        if (r.Stat.IsSymlink) return FsError.Unsupported;
        if (directory && !r.Stat.IsDirectory) return FsError.NotDirectory;
        if (!directory && r.Stat.IsDirectory) return FsError.IsDirectory;
        var mode = (userBits << 6) | ((int)r.Stat.Mode & 0x3F & ((userBits << 3) | userBits));
        return Sandbox.At(Root, r, (fd, name) => Native.ChmodAt(fd, name, mode));
    }

    /// <summary>
    /// Lists the directory through an open, checked descriptor of it (by its <c>/proc</c> name, so a swap cannot
    /// redirect it); the listing holds one of the instance's host resources until released.
    /// </summary>
    public FsError? List(bool roomForHandle, HostResourceBudget budget, out DirListing listing)
    {
        listing = null!;
        if (!Root.Contains(Native.RealPath(HostPath))) return FsError.NotPermitted;
        if (!roomForHandle || budget.TryAcquire() is not { } lease) return FsError.InsufficientMemory;
        var err = Native.Open(HostPath, Native.O_RDONLY | Native.O_DIRECTORY | Native.O_NOFOLLOW, 0, out var fd);
        if (SharedFile.Adopt(err, fd, lease, Root, out var dir) is { } refused) return refused;
        var host = Directory.Exists($"/proc/self/fd/{fd}") ? $"/proc/self/fd/{fd}" : HostPath;
        try
        {
            var names = Directory.EnumerateFileSystemEntries(host).Select(p => Path.GetFileName(p)).ToList();
            names.Sort(StringComparer.Ordinal);
            listing = new DirListing(host, names, dir);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            dir.Release();
            return FsErrors.FromException(ex);
        }
    }
}

/// <summary>The names a directory held when it was listed, handed out one by one with their <c>lstat</c>.</summary>
internal sealed class DirListing
{
    private readonly string _hostPath;
    private readonly List<string> _names;
    private readonly SharedFile _directory;
    private int _next;

    public DirListing(string hostPath, List<string> names, SharedFile directory)
    {
        _hostPath = hostPath;
        _names = names;
        _directory = directory;
    }

    /// <summary>The next entry still there (entries gone since the listing are skipped); false at the end.</summary>
    public bool Next(out string name, out NativeStat stat)
    {
        while (_next < _names.Count)
        {
            name = _names[_next++];
            if (Native.Stat(Path.Combine(_hostPath, name), follow: false, out stat) == 0) return true;
        }
        name = "";
        stat = default;
        return false;
    }

    public void Release() => _directory.Release();
}
