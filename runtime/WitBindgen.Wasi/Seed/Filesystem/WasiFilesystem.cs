using System;
using System.Collections.Generic;
using WitBindgen.Runtime;
using WitBindgen.Wasi.Host;
using Code = WitBindgen.Wasi.Bindings.Filesystem.ErrorCode;
using DFlags = WitBindgen.Wasi.Bindings.Filesystem.DescriptorFlags;

namespace WitBindgen.Wasi;

/// <summary>
/// The default <c>filesystem</c> (Linux, over libc): descriptors for files and directories beneath the context's
/// preopened directories. A thin face over the host core (<c>Host/Filesystem</c>): each function looks up its handles,
/// calls the core's directory or file, and maps the core's error to the WIT <c>error-code</c>. The core resolves every
/// path component by component beneath its base descriptor's preopen: absolute paths, <c>..</c> above the root and
/// symlinks leading out of it (or with absolute targets) fail with <c>not-permitted</c>; symlinks are followed by the
/// core itself (at most 40 per path, then <c>loop</c>). The real path of what is reached is checked to lie beneath the
/// root's, and then every action is taken relative to an open (<c>O_PATH</c>) descriptor of the parent directory,
/// itself checked by the kernel's name for it, on the last name alone and never following a symlink there
/// (<c>openat</c> with <c>O_NOFOLLOW</c>, <c>mkdirat</c>, <c>renameat</c>, ...): a directory swapped for a symlink
/// meanwhile cannot lead an action out of the root.
/// A read-only preopen (and every descriptor beneath it) refuses every change with <c>read-only</c>. Locks are
/// <c>flock</c> locks (per open descriptor, so two descriptors of one guest exclude each other). Directory descriptors
/// are held by path beneath their root (re-resolved and re-checked at each use); file descriptors hold the open file,
/// shared with their streams. The <c>modes</c> of <c>open-at</c> give a new file's permission bits (the user's as
/// asked, group and others the same without write; the umask applies); <c>advise</c> is a no-op. Derive from it to
/// intercept a function and call <c>base</c> for the rest.
/// </summary>
public class WasiFilesystem : IFilesystem
{
    private readonly Dictionary<PreopenDirectory, Descriptor> _preopens = new();

    /// <summary>Serves the descriptors of <paramref name="context"/>.</summary>
    public WasiFilesystem(WasiContext context) => Context = context ?? throw new ArgumentNullException(nameof(context));

    /// <summary>The context.</summary>
    protected WasiContext Context { get; }

    private static Err<Code> Fail(Code code) => Result.Err(code);

    private static Err<Code> Fail(FsError error) => Result.Err(ToCode(error));

    private static Result<Unit, Code> Done(FsError? error) => error is { } e ? Fail(e) : Result.Ok();

    private HostResourceBudget Budget => Context.HostResources;

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
                _preopens[p!] = view = new Descriptor(Dir.Preopen(p!.HostPath, p.ReadOnly), flags);
            }
            descriptor = view;
            return true;
        }
        descriptor = null!;
        return false;
    }

    private Descriptor GetOrTrap(uint handle, string function) =>
        TryGet(handle, out var d) ? d : throw Context.Table.Invalid<Descriptor>(handle, Context.Table.TryGet<Descriptor>(handle, out _), function);

    /// <summary>The directory a path function starts from, or the error (<c>not-directory</c>, <c>bad-descriptor</c>) why there is none.</summary>
    private bool TryGetDir(uint handle, out Dir dir, out Code error)
    {
        dir = null!;
        error = Code.BadDescriptor;
        if (!TryGet(handle, out var d)) return false;
        error = Code.NotDirectory;
        if (d.Node is not Dir found) return false;
        dir = found;
        return true;
    }

    /// <summary>The WIT error code of a core error.</summary>
    internal static Code ToCode(FsError error) => FsErrorCodes<Code>.Of(error);

    private static bool Follow(Filesystem.PathFlags flags) => flags.HasFlag(Filesystem.PathFlags.SymlinkFollow);

    private static FsTimestamp ToCore(Filesystem.NewTimestamp t) => t switch
    {
        Filesystem.NewTimestamp.Now => FsTimestamp.Now,
        Filesystem.NewTimestamp.Timestamp ts => FsTimestamp.At(ts.Value.Seconds, ts.Value.Nanoseconds),
        _ => FsTimestamp.NoChange,
    };

    /// <summary>The <c>rwx</c> bits (0–7) of <paramref name="modes"/>.</summary>
    private static int UserBits(Filesystem.Modes modes) =>
        (modes.HasFlag(Filesystem.Modes.Readable) ? 4 : 0) | (modes.HasFlag(Filesystem.Modes.Writable) ? 2 : 0)
        | (modes.HasFlag(Filesystem.Modes.Executable) ? 1 : 0);

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

    // ---- streams ----

    /// <inheritdoc/>
    public virtual uint ReadViaStream(uint @this, ulong offset)
    {
        const string fn = "filesystem.read-via-stream";
        var stream = GetOrTrap(@this, fn).Node is Host.File file ? file.ReadStream(offset) : new FileInputStream("the descriptor is a directory");
        return Context.Table.Insert(stream, fn);
    }

    /// <inheritdoc/>
    public virtual uint WriteViaStream(uint @this, ulong offset) => MakeOutput(@this, offset, append: false, "filesystem.write-via-stream");

    /// <inheritdoc/>
    public virtual uint AppendViaStream(uint @this) => MakeOutput(@this, 0, append: true, "filesystem.append-via-stream");

    private uint MakeOutput(uint handle, ulong offset, bool append, string fn)
    {
        var stream = GetOrTrap(handle, fn).Node is Host.File file ? file.WriteStream(offset, append) : new FileOutputStream("the descriptor is a directory");
        return Context.Table.Insert(stream, fn);
    }

    // ---- descriptor functions ----

    /// <inheritdoc/>
    public virtual Result<Unit, Code> Advise(uint @this, ulong offset, ulong length, Filesystem.Advice advice)
    {
        if (!TryGet(@this, out var d)) return Fail(Code.BadDescriptor);
        return d.Node is Dir ? Fail(Code.IsDirectory) : Result.Ok();
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Code> SyncData(uint @this) =>
        TryGet(@this, out var d) ? Done(d.Node.Sync(Budget, dataOnly: true)) : Fail(Code.BadDescriptor);

    /// <inheritdoc/>
    public virtual Result<Unit, Code> Sync(uint @this) =>
        TryGet(@this, out var d) ? Done(d.Node.Sync(Budget, dataOnly: false)) : Fail(Code.BadDescriptor);

    /// <inheritdoc/>
    public virtual Result<DFlags, Code> GetFlags(uint @this) => TryGet(@this, out var d) ? Result.Ok(d.Flags) : Fail(Code.BadDescriptor);

    /// <inheritdoc/>
    public virtual Result<Filesystem.DescriptorType, Code> GetType(uint @this)
    {
        if (!TryGet(@this, out var d)) return Fail(Code.BadDescriptor);
        if (d.Node is Dir) return Result.Ok(Filesystem.DescriptorType.Directory);
        return d.Node.Stat(Budget, out var st) is { } error ? Fail(error) : Result.Ok(TypeOf(st));
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Code> SetFlags(uint @this, DFlags flags)
    {
        if (!TryGet(@this, out var d)) return Fail(Code.BadDescriptor);
        // The access a descriptor was opened with (which the core holds) cannot change; the rest is only remembered.
        const DFlags access = DFlags.Read | DFlags.Write | DFlags.MutateDirectory;
        if ((flags & access) != (d.Flags & access)) return Fail(Code.NotPermitted);
        d.Flags = flags;
        return Result.Ok();
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Code> SetSize(uint @this, ulong size)
    {
        if (!TryGet(@this, out var d)) return Fail(Code.BadDescriptor);
        return d.Node is Host.File file ? Done(file.SetSize(size)) : Fail(Code.IsDirectory);
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Code> SetTimes(uint @this, Filesystem.NewTimestamp dataAccessTimestamp, Filesystem.NewTimestamp dataModificationTimestamp)
    {
        if (!TryGet(@this, out var d)) return Fail(Code.BadDescriptor);
        return Done(d.Node.SetTimes(Budget, ToCore(dataAccessTimestamp), ToCore(dataModificationTimestamp)));
    }

    /// <inheritdoc/>
    public virtual Result<(ReadOnlyMemory<byte>, bool), Code> Read(uint @this, ulong length, ulong offset)
    {
        if (!TryGet(@this, out var d)) return Fail(Code.BadDescriptor);
        if (d.Node is not Host.File file) return Fail(Code.IsDirectory);
        if (file.Read(length, offset, Context.MaxReadSize, out var bytes, out var end) is { } error) return Fail(error);
        return Result.Ok((bytes, end));
    }

    /// <inheritdoc/>
    public virtual Result<ulong, Code> Write(uint @this, ReadOnlySpan<byte> buffer, ulong offset)
    {
        if (!TryGet(@this, out var d)) return Fail(Code.BadDescriptor);
        if (d.Node is not Host.File file) return Fail(Code.IsDirectory);
        return file.Write(buffer, offset) is { } error ? Fail(error) : Result.Ok((ulong)buffer.Length);
    }

    /// <inheritdoc/>
    public virtual Result<uint, Code> ReadDirectory(uint @this)
    {
        if (!TryGetDir(@this, out var dir, out var bad)) return Fail(bad);
        if (dir.List(!Context.Table.IsFull, Budget, out var listing) is { } error) return Fail(error);
        return Result.Ok(Context.Table.Insert(new DirectoryEntryStream(listing), "filesystem.read-directory"));
    }

    /// <inheritdoc/>
    public virtual Result<Filesystem.DirectoryEntry?, Code> ReadDirectoryEntry(uint @this)
    {
        if (Context.Table.TryGet<DirectoryEntryStream>(@this, out var s) != HandleStatus.Valid || s is null) return Fail(Code.BadDescriptor);
        return Result.Ok<Filesystem.DirectoryEntry?>(
            s.Listing.Next(out var name, out var st) ? new Filesystem.DirectoryEntry(st.Inode, TypeOf(st), name) : null);
    }

    /// <inheritdoc/>
    public virtual void DropDirectoryEntryStream(uint @this) =>
        Context.Table.Remove<DirectoryEntryStream>(@this, "filesystem.drop-directory-entry-stream");

    /// <inheritdoc/>
    public virtual Result<Filesystem.DescriptorStat, Code> Stat(uint @this)
    {
        if (!TryGet(@this, out var d)) return Fail(Code.BadDescriptor);
        return d.Node.Stat(Budget, out var st) is { } error ? Fail(error) : Result.Ok(ToStat(st));
    }

    // ---- path functions ----

    /// <inheritdoc/>
    public virtual Result<Unit, Code> CreateDirectoryAt(uint @this, string path) =>
        TryGetDir(@this, out var dir, out var bad) ? Done(dir.CreateDirectoryAt(path)) : Fail(bad);

    /// <inheritdoc/>
    public virtual Result<Filesystem.DescriptorStat, Code> StatAt(uint @this, Filesystem.PathFlags pathFlags, string path)
    {
        if (!TryGetDir(@this, out var dir, out var bad)) return Fail(bad);
        return dir.StatAt(path, Follow(pathFlags), out var st) is { } error ? Fail(error) : Result.Ok(ToStat(st));
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Code> SetTimesAt(uint @this, Filesystem.PathFlags pathFlags, string path, Filesystem.NewTimestamp dataAccessTimestamp, Filesystem.NewTimestamp dataModificationTimestamp) =>
        TryGetDir(@this, out var dir, out var bad)
            ? Done(dir.SetTimesAt(path, Follow(pathFlags), ToCore(dataAccessTimestamp), ToCore(dataModificationTimestamp)))
            : Fail(bad);

    /// <inheritdoc/>
    public virtual Result<Unit, Code> LinkAt(uint @this, Filesystem.PathFlags oldPathFlags, string oldPath, uint newDescriptor, string newPath)
    {
        if (!TryGet(@this, out var d) || !TryGet(newDescriptor, out var nd)) return Fail(Code.BadDescriptor);
        if (d.Node is not Dir dir) return Fail(Code.NotDirectory);
        return Done(dir.LinkAt(oldPath, Follow(oldPathFlags), nd.Node, newPath));
    }

    /// <inheritdoc/>
    public virtual Result<uint, Code> OpenAt(uint @this, Filesystem.PathFlags pathFlags, string path, Filesystem.OpenFlags openFlags, DFlags flags, Filesystem.Modes modes)
    {
        if (!TryGet(@this, out var d)) return Fail(Code.BadDescriptor);
        if (d.Node is not Dir dir) return Fail(Code.NotDirectory);
        // A new file's permission bits: the user's as asked, group and others the same without write (rw-rw-rw- if none).
        var user = UserBits(modes);
        var options = new OpenOptions(
            Create: openFlags.HasFlag(Filesystem.OpenFlags.Create), Exclusive: openFlags.HasFlag(Filesystem.OpenFlags.Exclusive),
            Truncate: openFlags.HasFlag(Filesystem.OpenFlags.Truncate), Directory: openFlags.HasFlag(Filesystem.OpenFlags.Directory),
            Read: flags.HasFlag(DFlags.Read), Write: flags.HasFlag(DFlags.Write), MutateDirectory: flags.HasFlag(DFlags.MutateDirectory),
            FileSync: flags.HasFlag(DFlags.FileIntegritySync), DataSync: flags.HasFlag(DFlags.DataIntegritySync),
            Mode: modes == Filesystem.Modes.None ? 0x1B6 : (user << 6) | ((user & 5) << 3) | (user & 5));
        if (dir.OpenAt(path, Follow(pathFlags), options, !Context.Table.IsFull, Budget, out var opened) is { } error) return Fail(error);
        var openedFlags = opened is Dir
            ? (flags & ~DFlags.Write) | (d.Flags & DFlags.MutateDirectory)
            : flags & ~DFlags.MutateDirectory;
        return Result.Ok(Context.Table.Insert(new Descriptor(opened, openedFlags), "filesystem.open-at"));
    }

    /// <inheritdoc/>
    public virtual Result<string, Code> ReadlinkAt(uint @this, string path)
    {
        if (!TryGetDir(@this, out var dir, out var bad)) return Fail(bad);
        return dir.ReadlinkAt(path, out var target) is { } error ? Fail(error) : Result.Ok(target);
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Code> RemoveDirectoryAt(uint @this, string path) =>
        TryGetDir(@this, out var dir, out var bad) ? Done(dir.RemoveDirectoryAt(path)) : Fail(bad);

    /// <inheritdoc/>
    public virtual Result<Unit, Code> RenameAt(uint @this, string oldPath, uint newDescriptor, string newPath)
    {
        if (!TryGet(@this, out var d) || !TryGet(newDescriptor, out var nd)) return Fail(Code.BadDescriptor);
        if (d.Node is not Dir dir) return Fail(Code.NotDirectory);
        return Done(dir.RenameAt(oldPath, nd.Node, newPath));
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Code> SymlinkAt(uint @this, string oldPath, string newPath)
    {
        if (!TryGet(@this, out var d)) return Fail(Code.BadDescriptor);
        if (Dir.CheckSymlinkTarget(oldPath) is { } badTarget) return Fail(badTarget);
        if (d.Node is not Dir dir) return Fail(Code.NotDirectory);
        return Done(dir.SymlinkAt(oldPath, newPath));
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Code> AccessAt(uint @this, Filesystem.PathFlags pathFlags, string path, Filesystem.AccessType type)
    {
        if (!TryGetDir(@this, out var dir, out var bad)) return Fail(bad);
        int? mode = type is Filesystem.AccessType.Access { Value: var modes } ? UserBits(modes) : null;
        return Done(dir.AccessAt(path, Follow(pathFlags), mode));
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Code> UnlinkFileAt(uint @this, string path) =>
        TryGetDir(@this, out var dir, out var bad) ? Done(dir.UnlinkFileAt(path)) : Fail(bad);

    /// <inheritdoc/>
    public virtual Result<Unit, Code> ChangeFilePermissionsAt(uint @this, Filesystem.PathFlags pathFlags, string path, Filesystem.Modes modes) =>
        TryGetDir(@this, out var dir, out var bad) ? Done(dir.ChangePermissionsAt(path, Follow(pathFlags), UserBits(modes), directory: false)) : Fail(bad);

    /// <inheritdoc/>
    public virtual Result<Unit, Code> ChangeDirectoryPermissionsAt(uint @this, Filesystem.PathFlags pathFlags, string path, Filesystem.Modes modes) =>
        TryGetDir(@this, out var dir, out var bad) ? Done(dir.ChangePermissionsAt(path, Follow(pathFlags), UserBits(modes), directory: true)) : Fail(bad);

    // ---- locks ----

    /// <inheritdoc/>
    public virtual Result<Unit, Code> LockShared(uint @this) => Lock(@this, exclusive: false, wait: true);

    /// <inheritdoc/>
    public virtual Result<Unit, Code> LockExclusive(uint @this) => Lock(@this, exclusive: true, wait: true);

    /// <inheritdoc/>
    public virtual Result<Unit, Code> TryLockShared(uint @this) => Lock(@this, exclusive: false, wait: false);

    /// <inheritdoc/>
    public virtual Result<Unit, Code> TryLockExclusive(uint @this) => Lock(@this, exclusive: true, wait: false);

    /// <inheritdoc/>
    public virtual Result<Unit, Code> Unlock(uint @this) =>
        TryGet(@this, out var d) ? Done(d.Node.Unlock(Budget)) : Fail(Code.BadDescriptor);

    private Result<Unit, Code> Lock(uint handle, bool exclusive, bool wait) =>
        TryGet(handle, out var d) ? Done(d.Node.Lock(Budget, exclusive, wait)) : Fail(Code.BadDescriptor);

    /// <inheritdoc/>
    public virtual void DropDescriptor(uint @this)
    {
        const string fn = "filesystem.drop-descriptor";
        if (Context.Table.TryGet<PreopenDirectory>(@this, out var p) == HandleStatus.Valid)
        {
            if (_preopens.Remove(p!, out var view)) view.Node.Release();
            Context.Table.Remove<PreopenDirectory>(@this, fn);
            return;
        }
        Context.Table.Remove<Descriptor>(@this, fn);
    }
}
