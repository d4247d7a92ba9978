using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.Win32.SafeHandles;
using WitBindgen.Runtime;
using WitBindgen.Runtime.Abi;
using Code = WitBindgen.Wasi.Bindings.Filesystem.ErrorCode;
using DFlags = WitBindgen.Wasi.Bindings.Filesystem.DescriptorFlags;

namespace WitBindgen.Wasi;

/// <summary>
/// The default <c>filesystem</c> (Linux, over libc): descriptors for files and directories beneath the context's
/// preopened directories. Every path is resolved component by component beneath its base descriptor's preopen:
/// absolute paths, <c>..</c> above the root and symlinks leading out of it (or with absolute targets) fail with
/// <c>not-permitted</c>; symlinks are followed by this class itself (at most 40 per path, then <c>loop</c>). The real
/// path of what is reached is checked to lie beneath the root's, and then every action is taken relative to an open
/// (<c>O_PATH</c>) descriptor of the parent directory, itself checked by the kernel's name for it, on the last name
/// alone and never following a symlink there (<c>openat</c> with <c>O_NOFOLLOW</c>, <c>mkdirat</c>, <c>renameat</c>,
/// ...): a directory swapped for a symlink meanwhile cannot lead an action out of the root.
/// A read-only preopen (and every descriptor beneath it) refuses every change with <c>read-only</c>. Locks are
/// <c>flock</c> locks (per open descriptor, so two descriptors of one guest exclude each other). Directory descriptors
/// are held by path beneath their root (re-resolved and re-checked at each use); file descriptors hold the open file,
/// shared with their streams. The <c>modes</c> of <c>open-at</c> give a new file's permission bits (the user's as
/// asked, group and others the same without write; the umask applies); <c>advise</c> is a no-op. Derive from it to
/// intercept a function and call <c>base</c> for the rest.
/// </summary>
public class WasiFilesystem : IFilesystem
{
    private const int MaxPathBytes = 4096;
    private const int MaxNameBytes = 255;
    private const int MaxSymlinks = 40;

    private readonly Dictionary<PreopenDirectory, Descriptor> _preopens = new();

    /// <summary>Serves the descriptors of <paramref name="context"/>.</summary>
    public WasiFilesystem(WasiContext context) => Context = context ?? throw new ArgumentNullException(nameof(context));

    /// <summary>The context.</summary>
    protected WasiContext Context { get; }

    private static Err<Code> Fail(Code code) => Result.Err(code);

    // ---- descriptors ----

    private bool TryGet(uint handle, out Descriptor descriptor)
    {
        if (Context.Table.TryGet<Descriptor>(handle, out var d) == HandleStatus.Valid)
        {
            descriptor = d!;
            return true;
        }
        if (Context.Table.TryGet<PreopenDirectory>(handle, out var p) == HandleStatus.Valid)
        {
            if (!_preopens.TryGetValue(p!, out var view))
            {
                var flags = DFlags.Read | (p!.ReadOnly ? DFlags.None : DFlags.MutateDirectory);
                _preopens[p!] = view = new Descriptor(new SandboxRoot(p!.HostPath, p.ReadOnly), Array.Empty<string>(), true, flags, null);
            }
            descriptor = view;
            return true;
        }
        descriptor = null!;
        return false;
    }

    private Descriptor GetOrTrap(uint handle, string function) =>
        TryGet(handle, out var d) ? d : throw Context.Table.Invalid<Descriptor>(handle, Context.Table.TryGet<Descriptor>(handle, out _), function);

    private Code? EnsureOpen(Descriptor d)
    {
        if (d.File is not null) return null;
        if (Context.HostResources.TryAcquire() is not { } lease) return Code.InsufficientMemory;
        var err = Native.Open(d.HostPath, Native.O_RDONLY | Native.O_DIRECTORY | Native.O_NOFOLLOW, 0, out var fd);
        if (err != 0)
        {
            lease.Release();
            return FromErrno(err);
        }
        var file = new SharedFile(new SafeFileHandle(fd, ownsHandle: true), lease);
        if (!IsBeneath(d.Root, fd))
        {
            file.Release();
            return Code.NotPermitted;
        }
        d.File = file;
        return null;
    }

    /// <summary>The error code of a libc errno.</summary>
    internal static Code FromErrno(int errno) => errno switch
    {
        Native.EPERM => Code.NotPermitted,
        Native.ENOENT => Code.NoEntry,
        Native.EINTR => Code.Interrupted,
        Native.EBADF => Code.BadDescriptor,
        Native.EAGAIN => Code.WouldBlock,
        Native.ENOMEM or Native.EMFILE or Native.ENFILE => Code.InsufficientMemory,
        Native.EACCES => Code.Access,
        Native.EBUSY => Code.Busy,
        Native.EEXIST => Code.Exist,
        Native.EXDEV => Code.CrossDevice,
        Native.ENODEV => Code.NoDevice,
        Native.ENOTDIR => Code.NotDirectory,
        Native.EISDIR => Code.IsDirectory,
        Native.EINVAL => Code.Invalid,
        Native.ETXTBSY => Code.TextFileBusy,
        Native.EFBIG => Code.FileTooLarge,
        Native.ENOSPC => Code.InsufficientSpace,
        Native.ESPIPE => Code.InvalidSeek,
        Native.EROFS => Code.ReadOnly,
        Native.EMLINK => Code.TooManyLinks,
        Native.EDEADLK => Code.Deadlock,
        Native.ENAMETOOLONG => Code.NameTooLong,
        Native.ENOLCK => Code.NoLock,
        Native.ENOTEMPTY => Code.NotEmpty,
        Native.ELOOP => Code.Loop,
        Native.EOVERFLOW => Code.Overflow,
        Native.EILSEQ => Code.IllegalByteSequence,
        Native.EOPNOTSUPP => Code.Unsupported,
        Native.EDQUOT => Code.Quota,
        _ => Code.Io,
    };

    private static Code FromException(Exception ex) => ex switch
    {
        FileNotFoundException or DirectoryNotFoundException => Code.NoEntry,
        UnauthorizedAccessException => Code.Access,
        IOException io when io.HResult > 0 && io.HResult < 4096 => FromErrno(io.HResult),
        _ => Code.Io,
    };

    // ---- path resolution ----

    private readonly record struct Resolved(string HostPath, List<string> Components, bool Exists, NativeStat Stat);

    private static List<string> Split(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(c => c != ".").ToList();

    /// <summary>
    /// Resolves <paramref name="path"/> beneath <paramref name="dir"/>'s root, following symlinks itself (the last
    /// component's only if <paramref name="followFinal"/> or the path ends in '/'). Never lets a path leave the root.
    /// </summary>
    private static Code? Resolve(Descriptor dir, string path, bool followFinal, out Resolved resolved)
    {
        resolved = default;
        if (!dir.IsDirectory) return Code.NotDirectory;
        if (path.Length == 0) return Code.NoEntry;
        if (path.Contains('\0')) return Code.IllegalByteSequence;
        if (Encoding.UTF8.GetByteCount(path) > MaxPathBytes) return Code.NameTooLong;
        if (path[0] == '/') return Code.NotPermitted;
        var mustBeDirectory = path.EndsWith('/') || path.EndsWith("/.", StringComparison.Ordinal) || path == ".";
        var root = dir.Root;
        var stack = new List<string>(dir.Components);
        var queue = new LinkedList<string>(Split(path));
        var links = 0;
        var exists = true;
        NativeStat stat = default;
        var haveStat = false;
        while (queue.First is { } node)
        {
            var name = node.Value;
            queue.RemoveFirst();
            var last = queue.First is null;
            haveStat = false;
            if (name == "..")
            {
                if (stack.Count == 0) return Code.NotPermitted;
                stack.RemoveAt(stack.Count - 1);
                continue;
            }
            if (Encoding.UTF8.GetByteCount(name) > MaxNameBytes) return Code.NameTooLong;
            stack.Add(name);
            var err = Native.Stat(root.Join(stack), follow: false, out stat);
            if (err == Native.ENOENT && last)
            {
                exists = false;
                break;
            }
            if (err != 0) return FromErrno(err);
            if (stat.IsSymlink && (!last || followFinal || mustBeDirectory))
            {
                if (++links > MaxSymlinks) return Code.Loop;
                err = Native.Readlink(root.Join(stack), out var target);
                if (err != 0) return FromErrno(err);
                stack.RemoveAt(stack.Count - 1);
                if (target.Length == 0) return Code.NoEntry;
                if (target[0] == '/') return Code.NotPermitted;
                var parts = Split(target);
                for (var i = parts.Count - 1; i >= 0; i--) queue.AddFirst(parts[i]);
                continue;
            }
            if (!last && !stat.IsDirectory) return Code.NotDirectory;
            haveStat = true;
        }
        var host = root.Join(stack);
        if (exists && !haveStat)
        {
            var err = Native.Stat(host, follow: false, out stat);
            if (err != 0) return FromErrno(err);
        }
        if (exists && mustBeDirectory && !stat.IsDirectory) return Code.NotDirectory;
        // Re-check with the kernel's view: the parent (or the directory itself) must really lie beneath the root.
        var check = stack.Count == 0 ? root.HostPath : root.Join(stack.GetRange(0, stack.Count - 1));
        if (!root.Contains(Native.RealPath(check))) return Code.NotPermitted;
        resolved = new Resolved(host, stack, exists, stat);
        return null;
    }

    private static bool IsRoot(Resolved r) => r.Components.Count == 0;

    /// <summary>
    /// Opens (<c>O_PATH</c>) the directory holding what <paramref name="r"/> names and checks, by the kernel's own name
    /// for that open directory, that it lies beneath the root; the caller then acts on the last name relative to it
    /// (never following a symlink there), so nothing swapped in after resolution can lead the action out of the root.
    /// </summary>
    private static Code? OpenParent(SandboxRoot root, Resolved r, out int fd, out string name)
    {
        var count = r.Components.Count;
        var parent = count == 0 ? root.HostPath : root.Join(r.Components.GetRange(0, count - 1));
        name = count == 0 ? "." : r.Components[count - 1];
        var err = Native.Open(parent, Native.O_PATH | Native.O_DIRECTORY, 0, out fd);
        if (err != 0) return FromErrno(err);
        if (!IsBeneath(root, fd))
        {
            Native.Close(fd);
            fd = -1;
            return Code.NotPermitted;
        }
        return null;
    }

    /// <summary>True if the open file <paramref name="fd"/> really lies beneath the root (by <c>/proc/self/fd</c>; without /proc, the real-path check of <see cref="Resolve"/> stands alone).</summary>
    private static bool IsBeneath(SandboxRoot root, int fd) =>
        Native.Readlink($"/proc/self/fd/{fd}", out var real) != 0 || root.Contains(real);

    /// <summary>Does <paramref name="op"/> (an errno-returning libc call) on the last name of <paramref name="r"/>, relative to its checked parent.</summary>
    private static Result<Unit, Code> At(SandboxRoot root, Resolved r, Func<int, string, int> op)
    {
        if (OpenParent(root, r, out var fd, out var name) is { } error) return Fail(error);
        try
        {
            return Check(op(fd, name));
        }
        finally
        {
            Native.Close(fd);
        }
    }

    /// <summary>Like <see cref="At"/>, with two paths (rename, link).</summary>
    private static Result<Unit, Code> At2(SandboxRoot root1, Resolved r1, SandboxRoot root2, Resolved r2, Func<int, string, int, string, int> op)
    {
        if (OpenParent(root1, r1, out var fd1, out var name1) is { } e1) return Fail(e1);
        try
        {
            if (OpenParent(root2, r2, out var fd2, out var name2) is { } e2) return Fail(e2);
            try
            {
                return Check(op(fd1, name1, fd2, name2));
            }
            finally
            {
                Native.Close(fd2);
            }
        }
        finally
        {
            Native.Close(fd1);
        }
    }

    private static Code? CanMutate(Descriptor d) =>
        d.Root.ReadOnly || !d.Flags.HasFlag(DFlags.MutateDirectory) ? Code.ReadOnly : null;

    private static Result<Unit, Code> Check(int errno) => errno == 0 ? Result.Ok() : Fail(FromErrno(errno));

    // ---- streams ----

    /// <inheritdoc/>
    public virtual uint ReadViaStream(uint @this, ulong offset)
    {
        const string fn = "filesystem.read-via-stream";
        var d = GetOrTrap(@this, fn);
        InputStream stream = d.IsDirectory ? new FileInputStream("the descriptor is a directory")
            : !d.Flags.HasFlag(DFlags.Read) ? new FileInputStream("the descriptor was not opened for reading")
            : offset > long.MaxValue ? new FileInputStream("the offset is too large")
            : new FileInputStream(d.File!, (long)offset);
        return Context.Table.Insert(stream, fn);
    }

    /// <inheritdoc/>
    public virtual uint WriteViaStream(uint @this, ulong offset) => MakeOutput(@this, offset, append: false, "filesystem.write-via-stream");

    /// <inheritdoc/>
    public virtual uint AppendViaStream(uint @this) => MakeOutput(@this, 0, append: true, "filesystem.append-via-stream");

    private uint MakeOutput(uint handle, ulong offset, bool append, string fn)
    {
        var d = GetOrTrap(handle, fn);
        OutputStream stream = d.IsDirectory ? new FileOutputStream("the descriptor is a directory")
            : d.Root.ReadOnly ? new FileOutputStream("the descriptor is read-only")
            : !d.Flags.HasFlag(DFlags.Write) ? new FileOutputStream("the descriptor was not opened for writing")
            : offset > long.MaxValue ? new FileOutputStream("the offset is too large")
            : new FileOutputStream(d.File!, (long)offset, append);
        return Context.Table.Insert(stream, fn);
    }

    // ---- descriptor functions ----

    /// <inheritdoc/>
    public virtual Result<Unit, Code> Advise(uint @this, ulong offset, ulong length, Filesystem.Advice advice)
    {
        if (!TryGet(@this, out var d)) return Fail(Code.BadDescriptor);
        return d.IsDirectory ? Fail(Code.IsDirectory) : Result.Ok();
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Code> SyncData(uint @this) => SyncCore(@this, data: true);

    /// <inheritdoc/>
    public virtual Result<Unit, Code> Sync(uint @this) => SyncCore(@this, data: false);

    private Result<Unit, Code> SyncCore(uint handle, bool data)
    {
        if (!TryGet(handle, out var d)) return Fail(Code.BadDescriptor);
        if (EnsureOpen(d) is { } error) return Fail(error);
        return Check(data ? Native.Fdatasync(d.File!.Fd) : Native.Fsync(d.File!.Fd));
    }

    /// <inheritdoc/>
    public virtual Result<DFlags, Code> GetFlags(uint @this) => TryGet(@this, out var d) ? Result.Ok(d.Flags) : Fail(Code.BadDescriptor);

    /// <inheritdoc/>
    public virtual Result<Filesystem.DescriptorType, Code> GetType(uint @this)
    {
        if (!TryGet(@this, out var d)) return Fail(Code.BadDescriptor);
        if (d.IsDirectory) return Result.Ok(Filesystem.DescriptorType.Directory);
        var err = Native.FStat(d.File!.Fd, out var st);
        return err == 0 ? Result.Ok(TypeOf(st)) : Fail(FromErrno(err));
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Code> SetFlags(uint @this, DFlags flags)
    {
        if (!TryGet(@this, out var d)) return Fail(Code.BadDescriptor);
        const DFlags access = DFlags.Read | DFlags.Write | DFlags.MutateDirectory;
        if ((flags & access) != (d.Flags & access)) return Fail(Code.NotPermitted);
        d.Flags = flags;
        return Result.Ok();
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Code> SetSize(uint @this, ulong size)
    {
        if (!TryGet(@this, out var d)) return Fail(Code.BadDescriptor);
        if (d.IsDirectory) return Fail(Code.IsDirectory);
        if (d.Root.ReadOnly) return Fail(Code.ReadOnly);
        if (!d.Flags.HasFlag(DFlags.Write)) return Fail(Code.BadDescriptor);
        if (size > long.MaxValue) return Fail(Code.FileTooLarge);
        return Check(Native.Ftruncate(d.File!.Fd, (long)size));
    }

    private static Code? Times(Filesystem.NewTimestamp access, Filesystem.NewTimestamp modification, out long[] times)
    {
        var t4 = new long[4];
        times = t4;
        Code? error = null;
        void Put(int at, Filesystem.NewTimestamp t)
        {
            switch (t)
            {
                case Filesystem.NewTimestamp.NoChange: t4[at + 1] = Native.UTIME_OMIT; break;
                case Filesystem.NewTimestamp.Now: t4[at + 1] = Native.UTIME_NOW; break;
                case Filesystem.NewTimestamp.Timestamp ts:
                    if (ts.Value.Nanoseconds >= 1_000_000_000 || ts.Value.Seconds > long.MaxValue) error = Code.Invalid;
                    t4[at] = (long)ts.Value.Seconds;
                    t4[at + 1] = ts.Value.Nanoseconds;
                    break;
            }
        }
        Put(0, access);
        Put(2, modification);
        return error;
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Code> SetTimes(uint @this, Filesystem.NewTimestamp dataAccessTimestamp, Filesystem.NewTimestamp dataModificationTimestamp)
    {
        if (!TryGet(@this, out var d)) return Fail(Code.BadDescriptor);
        if (d.Root.ReadOnly) return Fail(Code.ReadOnly);
        if (Times(dataAccessTimestamp, dataModificationTimestamp, out var times) is { } bad) return Fail(bad);
        if (EnsureOpen(d) is { } error) return Fail(error);
        return Check(Native.Futimens(d.File!.Fd, times));
    }

    /// <inheritdoc/>
    public virtual Result<(ReadOnlyMemory<byte>, bool), Code> Read(uint @this, ulong length, ulong offset)
    {
        if (!TryGet(@this, out var d)) return Fail(Code.BadDescriptor);
        if (d.IsDirectory) return Fail(Code.IsDirectory);
        if (!d.Flags.HasFlag(DFlags.Read)) return Fail(Code.BadDescriptor);
        if (offset > long.MaxValue) return Fail(Code.Invalid);
        var buffer = new byte[(int)Math.Min(length, (ulong)Context.MaxReadSize)];
        try
        {
            var n = buffer.Length == 0 ? 0 : RandomAccess.Read(d.File!.Handle, buffer, (long)offset);
            var end = buffer.Length > 0 ? n == 0 : (long)offset >= RandomAccess.GetLength(d.File!.Handle);
            return Result.Ok(((ReadOnlyMemory<byte>)buffer.AsMemory(0, n), end));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Fail(FromException(ex));
        }
    }

    /// <inheritdoc/>
    public virtual Result<ulong, Code> Write(uint @this, ReadOnlySpan<byte> buffer, ulong offset)
    {
        if (!TryGet(@this, out var d)) return Fail(Code.BadDescriptor);
        if (d.IsDirectory) return Fail(Code.IsDirectory);
        if (d.Root.ReadOnly) return Fail(Code.ReadOnly);
        if (!d.Flags.HasFlag(DFlags.Write)) return Fail(Code.BadDescriptor);
        if (offset > long.MaxValue) return Fail(Code.FileTooLarge);
        try
        {
            RandomAccess.Write(d.File!.Handle, buffer, (long)offset);
            return Result.Ok((ulong)buffer.Length);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Fail(FromException(ex));
        }
    }

    /// <inheritdoc/>
    public virtual Result<uint, Code> ReadDirectory(uint @this)
    {
        const string fn = "filesystem.read-directory";
        if (!TryGet(@this, out var d)) return Fail(Code.BadDescriptor);
        if (!d.IsDirectory) return Fail(Code.NotDirectory);
        if (!d.Root.Contains(Native.RealPath(d.HostPath))) return Fail(Code.NotPermitted);
        if (Context.Table.IsFull || Context.HostResources.TryAcquire() is not { } lease) return Fail(Code.InsufficientMemory);
        // List through an open, checked descriptor of the directory (by its /proc name), so a swap cannot redirect it.
        var err = Native.Open(d.HostPath, Native.O_RDONLY | Native.O_DIRECTORY | Native.O_NOFOLLOW, 0, out var fd);
        if (err != 0)
        {
            lease.Release();
            return Fail(FromErrno(err));
        }
        var dir = new SharedFile(new SafeFileHandle(fd, ownsHandle: true), lease);
        if (!IsBeneath(d.Root, fd))
        {
            dir.Release();
            return Fail(Code.NotPermitted);
        }
        var host = Directory.Exists($"/proc/self/fd/{fd}") ? $"/proc/self/fd/{fd}" : d.HostPath;
        try
        {
            var names = Directory.EnumerateFileSystemEntries(host).Select(p => Path.GetFileName(p)).ToList();
            names.Sort(StringComparer.Ordinal);
            return Result.Ok(Context.Table.Insert(new DirectoryEntryStream(host, names, dir), fn));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            dir.Release();
            return Fail(FromException(ex));
        }
    }

    /// <inheritdoc/>
    public virtual Result<Filesystem.DirectoryEntry?, Code> ReadDirectoryEntry(uint @this)
    {
        if (Context.Table.TryGet<DirectoryEntryStream>(@this, out var s) != HandleStatus.Valid || s is null) return Fail(Code.BadDescriptor);
        while (s.Next < s.Names.Count)
        {
            var name = s.Names[s.Next++];
            if (Native.Stat(Path.Combine(s.HostPath, name), follow: false, out var st) != 0) continue; // gone since
            return Result.Ok<Filesystem.DirectoryEntry?>(new Filesystem.DirectoryEntry(st.Inode, TypeOf(st), name));
        }
        return Result.Ok<Filesystem.DirectoryEntry?>(null);
    }

    /// <inheritdoc/>
    public virtual void DropDirectoryEntryStream(uint @this) =>
        Context.Table.Remove<DirectoryEntryStream>(@this, "filesystem.drop-directory-entry-stream");

    /// <inheritdoc/>
    public virtual Result<Filesystem.DescriptorStat, Code> Stat(uint @this)
    {
        if (!TryGet(@this, out var d)) return Fail(Code.BadDescriptor);
        if (d.File is null && EnsureOpen(d) is { } error) return Fail(error);
        var err = Native.FStat(d.File!.Fd, out var st);
        return err == 0 ? Result.Ok(ToStat(st)) : Fail(FromErrno(err));
    }

    private static Filesystem.DescriptorType TypeOf(NativeStat st) => st.FileType switch
    {
        0x4000 => Filesystem.DescriptorType.Directory,
        0x8000 => Filesystem.DescriptorType.RegularFile,
        0xA000 => Filesystem.DescriptorType.SymbolicLink,
        0x2000 => Filesystem.DescriptorType.CharacterDevice,
        0x6000 => Filesystem.DescriptorType.BlockDevice,
        0x1000 => Filesystem.DescriptorType.Fifo,
        0xC000 => Filesystem.DescriptorType.Socket,
        _ => Filesystem.DescriptorType.Unknown,
    };

    private static WallClock.Datetime Time(long seconds, long nanos) =>
        seconds < 0 ? new(0, 0) : new((ulong)seconds, (uint)nanos);

    private static Filesystem.DescriptorStat ToStat(NativeStat st) => new(
        st.Device, st.Inode, TypeOf(st), st.LinkCount, (ulong)Math.Max(0, st.Size),
        Time(st.AccessSeconds, st.AccessNanos), Time(st.ModifySeconds, st.ModifyNanos), Time(st.ChangeSeconds, st.ChangeNanos));

    // ---- path functions ----

    /// <inheritdoc/>
    public virtual Result<Unit, Code> CreateDirectoryAt(uint @this, string path)
    {
        if (!TryGet(@this, out var d)) return Fail(Code.BadDescriptor);
        if (Resolve(d, path, followFinal: false, out var r) is { } error) return Fail(error);
        if (CanMutate(d) is { } ro) return Fail(ro);
        if (r.Exists) return Fail(Code.Exist);
        return At(d.Root, r, (fd, name) => Native.MkdirAt(fd, name, 0x1FF));
    }

    /// <inheritdoc/>
    public virtual Result<Filesystem.DescriptorStat, Code> StatAt(uint @this, Filesystem.PathFlags pathFlags, string path)
    {
        if (!TryGet(@this, out var d)) return Fail(Code.BadDescriptor);
        if (Resolve(d, path, pathFlags.HasFlag(Filesystem.PathFlags.SymlinkFollow), out var r) is { } error) return Fail(error);
        if (!r.Exists) return Fail(Code.NoEntry);
        NativeStat st = default;
        var result = At(d.Root, r, (fd, name) => Native.StatAt(fd, name, out st));
        return result.IsOk ? Result.Ok(ToStat(st)) : Fail(result.ErrValue);
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Code> SetTimesAt(uint @this, Filesystem.PathFlags pathFlags, string path, Filesystem.NewTimestamp dataAccessTimestamp, Filesystem.NewTimestamp dataModificationTimestamp)
    {
        if (!TryGet(@this, out var d)) return Fail(Code.BadDescriptor);
        if (Resolve(d, path, pathFlags.HasFlag(Filesystem.PathFlags.SymlinkFollow), out var r) is { } error) return Fail(error);
        if (d.Root.ReadOnly) return Fail(Code.ReadOnly);
        if (!r.Exists) return Fail(Code.NoEntry);
        if (Times(dataAccessTimestamp, dataModificationTimestamp, out var times) is { } bad) return Fail(bad);
        return At(d.Root, r, (fd, name) => Native.UtimensAt(fd, name, times));
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Code> LinkAt(uint @this, Filesystem.PathFlags oldPathFlags, string oldPath, uint newDescriptor, string newPath)
    {
        if (!TryGet(@this, out var d) || !TryGet(newDescriptor, out var nd)) return Fail(Code.BadDescriptor);
        if (Resolve(d, oldPath, oldPathFlags.HasFlag(Filesystem.PathFlags.SymlinkFollow), out var from) is { } e1) return Fail(e1);
        if (Resolve(nd, newPath, followFinal: false, out var to) is { } e2) return Fail(e2);
        if (CanMutate(nd) is { } ro) return Fail(ro);
        if (d.Root.ReadOnly) return Fail(Code.ReadOnly);
        if (!from.Exists) return Fail(Code.NoEntry);
        if (to.Exists) return Fail(Code.Exist);
        if (from.Stat.IsDirectory) return Fail(Code.NotPermitted);
        return At2(d.Root, from, nd.Root, to, Native.LinkAt);
    }

    /// <inheritdoc/>
    public virtual Result<uint, Code> OpenAt(uint @this, Filesystem.PathFlags pathFlags, string path, Filesystem.OpenFlags openFlags, DFlags flags, Filesystem.Modes modes)
    {
        const string fn = "filesystem.open-at";
        if (!TryGet(@this, out var d)) return Fail(Code.BadDescriptor);
        if (Resolve(d, path, pathFlags.HasFlag(Filesystem.PathFlags.SymlinkFollow), out var r) is { } error) return Fail(error);
        var create = openFlags.HasFlag(Filesystem.OpenFlags.Create);
        var exclusive = openFlags.HasFlag(Filesystem.OpenFlags.Exclusive);
        var truncate = openFlags.HasFlag(Filesystem.OpenFlags.Truncate);
        var directory = openFlags.HasFlag(Filesystem.OpenFlags.Directory);
        var write = flags.HasFlag(DFlags.Write);
        if ((write || create || truncate || flags.HasFlag(DFlags.MutateDirectory)) && CanMutate(d) is { } ro) return Fail(ro);
        if (r.Exists && create && exclusive) return Fail(Code.Exist);
        if (!r.Exists && !create) return Fail(Code.NoEntry);
        if (r.Exists && r.Stat.IsSymlink) return Fail(Code.Loop);
        // A full handle table or a spent budget of open files is "too many open files" (EMFILE), which the seed's
        // error-code has no case for: insufficient-memory (ENOMEM) is the nearest resource-exhaustion code.
        if (Context.Table.IsFull) return Fail(Code.InsufficientMemory);
        if (r.Exists && r.Stat.IsDirectory)
        {
            if (write || truncate || create) return Fail(Code.IsDirectory);
            var dirFlags = (flags & ~DFlags.Write) | (d.Flags & DFlags.MutateDirectory);
            return Result.Ok(Context.Table.Insert(new Descriptor(d.Root, r.Components, true, dirFlags, null), fn));
        }
        if (directory) return Fail(r.Exists ? Code.NotDirectory : Code.Invalid);
        var o = (write ? (flags.HasFlag(DFlags.Read) ? Native.O_RDWR : Native.O_WRONLY) : Native.O_RDONLY) | Native.O_NOFOLLOW;
        if (create) o |= Native.O_CREAT;
        if (exclusive) o |= Native.O_EXCL;
        if (truncate) o |= Native.O_TRUNC;
        if (write && flags.HasFlag(DFlags.FileIntegritySync)) o |= Native.O_SYNC;
        else if (write && flags.HasFlag(DFlags.DataIntegritySync)) o |= Native.O_DSYNC;
        var mode = modes == Filesystem.Modes.None ? 0x1B6 : ModeBits(modes);
        if (Context.HostResources.TryAcquire() is not { } lease) return Fail(Code.InsufficientMemory);
        if (OpenParent(d.Root, r, out var parent, out var last) is { } escaped)
        {
            lease.Release();
            return Fail(escaped);
        }
        int err, fd;
        try
        {
            err = Native.OpenAt(parent, last, o, mode, out fd);
        }
        finally
        {
            Native.Close(parent);
        }
        if (err != 0)
        {
            lease.Release();
            return Fail(FromErrno(err));
        }
        var file = new SharedFile(new SafeFileHandle(fd, ownsHandle: true), lease);
        // What was opened must really lie beneath the root, whatever was swapped in meanwhile.
        if (!IsBeneath(d.Root, fd))
        {
            file.Release();
            return Fail(Code.NotPermitted);
        }
        if (Native.FStat(fd, out var st) == 0 && st.IsDirectory)
        {
            file.Release();
            return Fail(Code.IsDirectory);
        }
        var fileFlags = flags & ~DFlags.MutateDirectory;
        return Result.Ok(Context.Table.Insert(new Descriptor(d.Root, r.Components, false, fileFlags, file), fn));
    }

    private static int ModeBits(Filesystem.Modes modes)
    {
        var user = (modes.HasFlag(Filesystem.Modes.Readable) ? 4 : 0) | (modes.HasFlag(Filesystem.Modes.Writable) ? 2 : 0)
            | (modes.HasFlag(Filesystem.Modes.Executable) ? 1 : 0);
        var others = user & 5;
        return (user << 6) | (others << 3) | others;
    }

    /// <inheritdoc/>
    public virtual Result<string, Code> ReadlinkAt(uint @this, string path)
    {
        if (!TryGet(@this, out var d)) return Fail(Code.BadDescriptor);
        if (Resolve(d, path, followFinal: false, out var r) is { } error) return Fail(error);
        if (!r.Exists) return Fail(Code.NoEntry);
        if (!r.Stat.IsSymlink) return Fail(Code.Invalid);
        var target = "";
        var result = At(d.Root, r, (fd, name) => Native.ReadlinkAt(fd, name, out target));
        return result.IsOk ? Result.Ok(target) : Fail(result.ErrValue);
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Code> RemoveDirectoryAt(uint @this, string path)
    {
        if (!TryGet(@this, out var d)) return Fail(Code.BadDescriptor);
        if (Resolve(d, path, followFinal: false, out var r) is { } error) return Fail(error);
        if (CanMutate(d) is { } ro) return Fail(ro);
        if (!r.Exists) return Fail(Code.NoEntry);
        if (IsRoot(r)) return Fail(Code.NotPermitted);
        if (!r.Stat.IsDirectory) return Fail(Code.NotDirectory);
        return At(d.Root, r, (fd, name) => Native.UnlinkAt(fd, name, directory: true));
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Code> RenameAt(uint @this, string oldPath, uint newDescriptor, string newPath)
    {
        if (!TryGet(@this, out var d) || !TryGet(newDescriptor, out var nd)) return Fail(Code.BadDescriptor);
        if (Resolve(d, oldPath, followFinal: false, out var from) is { } e1) return Fail(e1);
        if (Resolve(nd, newPath, followFinal: false, out var to) is { } e2) return Fail(e2);
        if (CanMutate(d) is { } ro1) return Fail(ro1);
        if (CanMutate(nd) is { } ro2) return Fail(ro2);
        if (!from.Exists) return Fail(Code.NoEntry);
        if (IsRoot(from) || IsRoot(to)) return Fail(Code.NotPermitted);
        return At2(d.Root, from, nd.Root, to, Native.RenameAt);
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Code> SymlinkAt(uint @this, string oldPath, string newPath)
    {
        if (!TryGet(@this, out var d)) return Fail(Code.BadDescriptor);
        if (oldPath.Contains('\0')) return Fail(Code.IllegalByteSequence);
        if (oldPath.Length == 0) return Fail(Code.NoEntry);
        if (oldPath[0] == '/') return Fail(Code.NotPermitted);
        if (Encoding.UTF8.GetByteCount(oldPath) > MaxPathBytes) return Fail(Code.NameTooLong);
        if (Resolve(d, newPath, followFinal: false, out var r) is { } error) return Fail(error);
        if (CanMutate(d) is { } ro) return Fail(ro);
        if (r.Exists) return Fail(Code.Exist);
        return At(d.Root, r, (fd, name) => Native.SymlinkAt(oldPath, fd, name));
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Code> AccessAt(uint @this, Filesystem.PathFlags pathFlags, string path, Filesystem.AccessType type)
    {
        if (!TryGet(@this, out var d)) return Fail(Code.BadDescriptor);
        if (Resolve(d, path, pathFlags.HasFlag(Filesystem.PathFlags.SymlinkFollow), out var r) is { } error) return Fail(error);
        if (!r.Exists) return Fail(Code.NoEntry);
        if (type is not Filesystem.AccessType.Access { Value: var modes }) return Result.Ok();
        if (modes.HasFlag(Filesystem.Modes.Writable) && d.Root.ReadOnly) return Fail(Code.ReadOnly);
        if (r.Stat.IsSymlink) return Result.Ok();
        var mask = (modes.HasFlag(Filesystem.Modes.Readable) ? 4 : 0) | (modes.HasFlag(Filesystem.Modes.Writable) ? 2 : 0)
            | (modes.HasFlag(Filesystem.Modes.Executable) ? 1 : 0);
        return At(d.Root, r, (fd, name) => Native.AccessAt(fd, name, mask));
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Code> UnlinkFileAt(uint @this, string path)
    {
        if (!TryGet(@this, out var d)) return Fail(Code.BadDescriptor);
        if (Resolve(d, path, followFinal: false, out var r) is { } error) return Fail(error);
        if (CanMutate(d) is { } ro) return Fail(ro);
        if (!r.Exists) return Fail(Code.NoEntry);
        if (r.Stat.IsDirectory) return Fail(Code.IsDirectory);
        return At(d.Root, r, (fd, name) => Native.UnlinkAt(fd, name, directory: false));
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Code> ChangeFilePermissionsAt(uint @this, Filesystem.PathFlags pathFlags, string path, Filesystem.Modes modes) =>
        ChangePermissions(@this, pathFlags, path, modes, directory: false);

    /// <inheritdoc/>
    public virtual Result<Unit, Code> ChangeDirectoryPermissionsAt(uint @this, Filesystem.PathFlags pathFlags, string path, Filesystem.Modes modes) =>
        ChangePermissions(@this, pathFlags, path, modes, directory: true);

    private Result<Unit, Code> ChangePermissions(uint handle, Filesystem.PathFlags pathFlags, string path, Filesystem.Modes modes, bool directory)
    {
        if (!TryGet(handle, out var d)) return Fail(Code.BadDescriptor);
        if (Resolve(d, path, pathFlags.HasFlag(Filesystem.PathFlags.SymlinkFollow), out var r) is { } error) return Fail(error);
        if (d.Root.ReadOnly) return Fail(Code.ReadOnly);
        if (!r.Exists) return Fail(Code.NoEntry);
        if (r.Stat.IsSymlink) return Fail(Code.Unsupported);
        if (directory && !r.Stat.IsDirectory) return Fail(Code.NotDirectory);
        if (!directory && r.Stat.IsDirectory) return Fail(Code.IsDirectory);
        // The user's bits become exactly `modes`; group and others keep what they had, but never more than the user.
        var user = ModeBits(modes) >> 6;
        var mode = (user << 6) | ((int)r.Stat.Mode & 0x3F & ((user << 3) | user));
        return At(d.Root, r, (fd, name) => Native.ChmodAt(fd, name, mode));
    }

    // ---- locks ----

    /// <inheritdoc/>
    public virtual Result<Unit, Code> LockShared(uint @this) => Lock(@this, Native.LOCK_SH);

    /// <inheritdoc/>
    public virtual Result<Unit, Code> LockExclusive(uint @this) => Lock(@this, Native.LOCK_EX);

    /// <inheritdoc/>
    public virtual Result<Unit, Code> TryLockShared(uint @this) => Lock(@this, Native.LOCK_SH | Native.LOCK_NB);

    /// <inheritdoc/>
    public virtual Result<Unit, Code> TryLockExclusive(uint @this) => Lock(@this, Native.LOCK_EX | Native.LOCK_NB);

    /// <inheritdoc/>
    public virtual Result<Unit, Code> Unlock(uint @this) => Lock(@this, Native.LOCK_UN);

    private Result<Unit, Code> Lock(uint handle, int operation)
    {
        if (!TryGet(handle, out var d)) return Fail(Code.BadDescriptor);
        if (EnsureOpen(d) is { } error) return Fail(error);
        return Check(Native.Flock(d.File!.Fd, operation));
    }

    /// <inheritdoc/>
    public virtual void DropDescriptor(uint @this)
    {
        const string fn = "filesystem.drop-descriptor";
        if (Context.Table.TryGet<PreopenDirectory>(@this, out var p) == HandleStatus.Valid)
        {
            if (_preopens.Remove(p!, out var view)) view.File?.Release();
            Context.Table.Remove<PreopenDirectory>(@this, fn);
            return;
        }
        Context.Table.Remove<Descriptor>(@this, fn);
    }
}
