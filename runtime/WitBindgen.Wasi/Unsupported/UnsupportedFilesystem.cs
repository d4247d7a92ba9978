using System;
using WitBindgen.Runtime;
using WitBindgen.Runtime.Abi;

namespace WitBindgen.Wasi;

/// <summary>
/// <c>filesystem</c> is NOT IMPLEMENTED YET: this stand-in lets a guest that never touches files run. Every
/// function that returns a result answers <c>bad-descriptor</c> for a handle that is not a live descriptor and
/// <c>unsupported</c> otherwise; <c>drop-descriptor</c> really drops a preopen's handle; the functions without a
/// result (<c>read-via-stream</c>, <c>write-via-stream</c>, <c>append-via-stream</c>,
/// <c>drop-directory-entry-stream</c>) trap, saying the filesystem is not implemented.
/// </summary>
public class UnsupportedFilesystem : IFilesystem
{
    private static readonly Err<Filesystem.ErrorCode> BadDescriptor = Result.Err(Filesystem.ErrorCode.BadDescriptor);
    private static readonly Err<Filesystem.ErrorCode> Unsupported = Result.Err(Filesystem.ErrorCode.Unsupported);

    /// <summary>Serves the descriptors of <paramref name="context"/>.</summary>
    public UnsupportedFilesystem(WasiContext context) => Context = context ?? throw new ArgumentNullException(nameof(context));

    /// <summary>The context.</summary>
    protected WasiContext Context { get; }

    private Err<Filesystem.ErrorCode> Answer(uint descriptor) =>
        Context.Table.TryGet<PreopenDirectory>(descriptor, out _) == HandleStatus.Valid ? Unsupported : BadDescriptor;

    private Err<Filesystem.ErrorCode> Answer(uint descriptor, uint other) =>
        Context.Table.TryGet<PreopenDirectory>(other, out _) == HandleStatus.Valid ? Answer(descriptor) : BadDescriptor;

    private WitTrapException NotImplemented(uint descriptor, string function)
    {
        Context.Table.Get<PreopenDirectory>(descriptor, function);
        return new WitTrapException($"{function}: the filesystem is not implemented by this host yet");
    }

    /// <inheritdoc/>
    public virtual uint ReadViaStream(uint @this, ulong offset) => throw NotImplemented(@this, "filesystem.read-via-stream");

    /// <inheritdoc/>
    public virtual uint WriteViaStream(uint @this, ulong offset) => throw NotImplemented(@this, "filesystem.write-via-stream");

    /// <inheritdoc/>
    public virtual uint AppendViaStream(uint @this) => throw NotImplemented(@this, "filesystem.append-via-stream");

    /// <inheritdoc/>
    public virtual Result<Unit, Filesystem.ErrorCode> Advise(uint @this, ulong offset, ulong length, Filesystem.Advice advice) => Answer(@this);

    /// <inheritdoc/>
    public virtual Result<Unit, Filesystem.ErrorCode> SyncData(uint @this) => Answer(@this);

    /// <inheritdoc/>
    public virtual Result<Filesystem.DescriptorFlags, Filesystem.ErrorCode> GetFlags(uint @this) => Answer(@this);

    /// <inheritdoc/>
    public virtual Result<Filesystem.DescriptorType, Filesystem.ErrorCode> GetType(uint @this) => Answer(@this);

    /// <inheritdoc/>
    public virtual Result<Unit, Filesystem.ErrorCode> SetFlags(uint @this, Filesystem.DescriptorFlags flags) => Answer(@this);

    /// <inheritdoc/>
    public virtual Result<Unit, Filesystem.ErrorCode> SetSize(uint @this, ulong size) => Answer(@this);

    /// <inheritdoc/>
    public virtual Result<Unit, Filesystem.ErrorCode> SetTimes(uint @this, Filesystem.NewTimestamp dataAccessTimestamp, Filesystem.NewTimestamp dataModificationTimestamp) => Answer(@this);

    /// <inheritdoc/>
    public virtual Result<(ReadOnlyMemory<byte>, bool), Filesystem.ErrorCode> Read(uint @this, ulong length, ulong offset) => Answer(@this);

    /// <inheritdoc/>
    public virtual Result<ulong, Filesystem.ErrorCode> Write(uint @this, ReadOnlySpan<byte> buffer, ulong offset) => Answer(@this);

    /// <inheritdoc/>
    public virtual Result<uint, Filesystem.ErrorCode> ReadDirectory(uint @this) => Answer(@this);

    /// <inheritdoc/>
    public virtual Result<Unit, Filesystem.ErrorCode> Sync(uint @this) => Answer(@this);

    /// <inheritdoc/>
    public virtual Result<Unit, Filesystem.ErrorCode> CreateDirectoryAt(uint @this, string path) => Answer(@this);

    /// <inheritdoc/>
    public virtual Result<Filesystem.DescriptorStat, Filesystem.ErrorCode> Stat(uint @this) => Answer(@this);

    /// <inheritdoc/>
    public virtual Result<Filesystem.DescriptorStat, Filesystem.ErrorCode> StatAt(uint @this, Filesystem.PathFlags pathFlags, string path) => Answer(@this);

    /// <inheritdoc/>
    public virtual Result<Unit, Filesystem.ErrorCode> SetTimesAt(uint @this, Filesystem.PathFlags pathFlags, string path, Filesystem.NewTimestamp dataAccessTimestamp, Filesystem.NewTimestamp dataModificationTimestamp) => Answer(@this);

    /// <inheritdoc/>
    public virtual Result<Unit, Filesystem.ErrorCode> LinkAt(uint @this, Filesystem.PathFlags oldPathFlags, string oldPath, uint newDescriptor, string newPath) => Answer(@this, newDescriptor);

    /// <inheritdoc/>
    public virtual Result<uint, Filesystem.ErrorCode> OpenAt(uint @this, Filesystem.PathFlags pathFlags, string path, Filesystem.OpenFlags openFlags, Filesystem.DescriptorFlags flags, Filesystem.Modes modes) => Answer(@this);

    /// <inheritdoc/>
    public virtual Result<string, Filesystem.ErrorCode> ReadlinkAt(uint @this, string path) => Answer(@this);

    /// <inheritdoc/>
    public virtual Result<Unit, Filesystem.ErrorCode> RemoveDirectoryAt(uint @this, string path) => Answer(@this);

    /// <inheritdoc/>
    public virtual Result<Unit, Filesystem.ErrorCode> RenameAt(uint @this, string oldPath, uint newDescriptor, string newPath) => Answer(@this, newDescriptor);

    /// <inheritdoc/>
    public virtual Result<Unit, Filesystem.ErrorCode> SymlinkAt(uint @this, string oldPath, string newPath) => Answer(@this);

    /// <inheritdoc/>
    public virtual Result<Unit, Filesystem.ErrorCode> AccessAt(uint @this, Filesystem.PathFlags pathFlags, string path, Filesystem.AccessType type) => Answer(@this);

    /// <inheritdoc/>
    public virtual Result<Unit, Filesystem.ErrorCode> UnlinkFileAt(uint @this, string path) => Answer(@this);

    /// <inheritdoc/>
    public virtual Result<Unit, Filesystem.ErrorCode> ChangeFilePermissionsAt(uint @this, Filesystem.PathFlags pathFlags, string path, Filesystem.Modes modes) => Answer(@this);

    /// <inheritdoc/>
    public virtual Result<Unit, Filesystem.ErrorCode> ChangeDirectoryPermissionsAt(uint @this, Filesystem.PathFlags pathFlags, string path, Filesystem.Modes modes) => Answer(@this);

    /// <inheritdoc/>
    public virtual Result<Unit, Filesystem.ErrorCode> LockShared(uint @this) => Answer(@this);

    /// <inheritdoc/>
    public virtual Result<Unit, Filesystem.ErrorCode> LockExclusive(uint @this) => Answer(@this);

    /// <inheritdoc/>
    public virtual Result<Unit, Filesystem.ErrorCode> TryLockShared(uint @this) => Answer(@this);

    /// <inheritdoc/>
    public virtual Result<Unit, Filesystem.ErrorCode> TryLockExclusive(uint @this) => Answer(@this);

    /// <inheritdoc/>
    public virtual Result<Unit, Filesystem.ErrorCode> Unlock(uint @this) => Answer(@this);

    /// <inheritdoc/>
    public virtual void DropDescriptor(uint @this) => Context.Table.Remove<PreopenDirectory>(@this, "filesystem.drop-descriptor");

    /// <inheritdoc/>
    public virtual Result<Filesystem.DirectoryEntry?, Filesystem.ErrorCode> ReadDirectoryEntry(uint @this) => BadDescriptor;

    /// <inheritdoc/>
    public virtual void DropDirectoryEntryStream(uint @this) =>
        throw new WitTrapException($"filesystem.drop-directory-entry-stream: handle {@this} is not a directory-entry-stream: this host makes none (the filesystem is not implemented yet)");
}
