using System;
using WitBindgen.Runtime;
using Code = WitBindgen.Wasi.Bindings.Filesystem.ErrorCode;
using DFlags = WitBindgen.Wasi.Bindings.Filesystem.DescriptorFlags;
using Filesystem = WitBindgen.Wasi.Bindings.Filesystem;

namespace WitBindgen.Wasi.Preview1;

/// <summary>
/// An <see cref="IFilesystem"/> for the preview-1 adapter: forwards every call to another, translating the
/// descriptor flags of <c>get-flags</c>, <c>set-flags</c> and <c>open-at</c> (see <see cref="DescriptorFlagsTranslation"/>).
/// <c>get-flags</c> also reports <c>write</c> for a directory with <c>mutate-directory</c>: the adapter grants write
/// rights under a directory only when it says <c>write</c>.
/// </summary>
internal sealed class AdapterFilesystem : IFilesystem
{
    private readonly IFilesystem _inner;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    public AdapterFilesystem(IFilesystem inner) => _inner = inner ?? throw new ArgumentNullException(nameof(inner));

    // The adapter derives a descriptor's preview-1 rights (and so the rights wasi-libc may ask for on files opened
    // under a directory) from its read and write flags alone: a directory we let the guest mutate must also say
    // write, or the adapter opens every file under it without write.
    private static Result<DFlags, Code> Translate(Result<DFlags, Code> result)
    {
        if (!result.IsOk) return result;
        var flags = result.OkValue;
        if (flags.HasFlag(DFlags.MutateDirectory)) flags |= DFlags.Write;
        return Result<DFlags, Code>.Ok(DescriptorFlagsTranslation.ToAdapter(flags));
    }

    /// <inheritdoc/>
    public uint ReadViaStream(uint @this, ulong offset) => _inner.ReadViaStream(@this, offset);

    /// <inheritdoc/>
    public uint WriteViaStream(uint @this, ulong offset) => _inner.WriteViaStream(@this, offset);

    /// <inheritdoc/>
    public uint AppendViaStream(uint @this) => _inner.AppendViaStream(@this);

    /// <inheritdoc/>
    public Result<Unit, Code> Advise(uint @this, ulong offset, ulong length, Filesystem.Advice advice) => _inner.Advise(@this, offset, length, advice);

    /// <inheritdoc/>
    public Result<Unit, Code> SyncData(uint @this) => _inner.SyncData(@this);

    /// <inheritdoc/>
    public Result<Unit, Code> Sync(uint @this) => _inner.Sync(@this);

    /// <inheritdoc/>
    public Result<DFlags, Code> GetFlags(uint @this) => Translate(_inner.GetFlags(@this));

    /// <inheritdoc/>
    public Result<Filesystem.DescriptorType, Code> GetType(uint @this) => _inner.GetType(@this);

    /// <inheritdoc/>
    public Result<Unit, Code> SetFlags(uint @this, DFlags flags) => _inner.SetFlags(@this, DescriptorFlagsTranslation.FromAdapter(flags));

    /// <inheritdoc/>
    public Result<Unit, Code> SetSize(uint @this, ulong size) => _inner.SetSize(@this, size);

    /// <inheritdoc/>
    public Result<Unit, Code> SetTimes(uint @this, Filesystem.NewTimestamp dataAccessTimestamp, Filesystem.NewTimestamp dataModificationTimestamp) => _inner.SetTimes(@this, dataAccessTimestamp, dataModificationTimestamp);

    /// <inheritdoc/>
    public Result<(ReadOnlyMemory<byte>, bool), Code> Read(uint @this, ulong length, ulong offset) => _inner.Read(@this, length, offset);

    /// <inheritdoc/>
    public Result<ulong, Code> Write(uint @this, ReadOnlySpan<byte> buffer, ulong offset) => _inner.Write(@this, buffer, offset);

    /// <inheritdoc/>
    public Result<uint, Code> ReadDirectory(uint @this) => _inner.ReadDirectory(@this);

    /// <inheritdoc/>
    public Result<Filesystem.DirectoryEntry?, Code> ReadDirectoryEntry(uint @this) => _inner.ReadDirectoryEntry(@this);

    /// <inheritdoc/>
    public void DropDirectoryEntryStream(uint @this) => _inner.DropDirectoryEntryStream(@this);

    /// <inheritdoc/>
    public Result<Filesystem.DescriptorStat, Code> Stat(uint @this) => _inner.Stat(@this);

    /// <inheritdoc/>
    public Result<Unit, Code> CreateDirectoryAt(uint @this, string path) => _inner.CreateDirectoryAt(@this, path);

    /// <inheritdoc/>
    public Result<Filesystem.DescriptorStat, Code> StatAt(uint @this, Filesystem.PathFlags pathFlags, string path) => _inner.StatAt(@this, pathFlags, path);

    /// <inheritdoc/>
    public Result<Unit, Code> SetTimesAt(uint @this, Filesystem.PathFlags pathFlags, string path, Filesystem.NewTimestamp dataAccessTimestamp, Filesystem.NewTimestamp dataModificationTimestamp) => _inner.SetTimesAt(@this, pathFlags, path, dataAccessTimestamp, dataModificationTimestamp);

    /// <inheritdoc/>
    public Result<Unit, Code> LinkAt(uint @this, Filesystem.PathFlags oldPathFlags, string oldPath, uint newDescriptor, string newPath) => _inner.LinkAt(@this, oldPathFlags, oldPath, newDescriptor, newPath);

    /// <inheritdoc/>
    public Result<uint, Code> OpenAt(uint @this, Filesystem.PathFlags pathFlags, string path, Filesystem.OpenFlags openFlags, DFlags flags, Filesystem.Modes modes) => _inner.OpenAt(@this, pathFlags, path, openFlags, DescriptorFlagsTranslation.FromAdapter(flags), modes);

    /// <inheritdoc/>
    public Result<string, Code> ReadlinkAt(uint @this, string path) => _inner.ReadlinkAt(@this, path);

    /// <inheritdoc/>
    public Result<Unit, Code> RemoveDirectoryAt(uint @this, string path) => _inner.RemoveDirectoryAt(@this, path);

    /// <inheritdoc/>
    public Result<Unit, Code> RenameAt(uint @this, string oldPath, uint newDescriptor, string newPath) => _inner.RenameAt(@this, oldPath, newDescriptor, newPath);

    /// <inheritdoc/>
    public Result<Unit, Code> SymlinkAt(uint @this, string oldPath, string newPath) => _inner.SymlinkAt(@this, oldPath, newPath);

    /// <inheritdoc/>
    public Result<Unit, Code> AccessAt(uint @this, Filesystem.PathFlags pathFlags, string path, Filesystem.AccessType type) => _inner.AccessAt(@this, pathFlags, path, type);

    /// <inheritdoc/>
    public Result<Unit, Code> UnlinkFileAt(uint @this, string path) => _inner.UnlinkFileAt(@this, path);

    /// <inheritdoc/>
    public Result<Unit, Code> ChangeFilePermissionsAt(uint @this, Filesystem.PathFlags pathFlags, string path, Filesystem.Modes modes) => _inner.ChangeFilePermissionsAt(@this, pathFlags, path, modes);

    /// <inheritdoc/>
    public Result<Unit, Code> ChangeDirectoryPermissionsAt(uint @this, Filesystem.PathFlags pathFlags, string path, Filesystem.Modes modes) => _inner.ChangeDirectoryPermissionsAt(@this, pathFlags, path, modes);

    /// <inheritdoc/>
    public Result<Unit, Code> LockShared(uint @this) => _inner.LockShared(@this);

    /// <inheritdoc/>
    public Result<Unit, Code> LockExclusive(uint @this) => _inner.LockExclusive(@this);

    /// <inheritdoc/>
    public Result<Unit, Code> TryLockShared(uint @this) => _inner.TryLockShared(@this);

    /// <inheritdoc/>
    public Result<Unit, Code> TryLockExclusive(uint @this) => _inner.TryLockExclusive(@this);

    /// <inheritdoc/>
    public Result<Unit, Code> Unlock(uint @this) => _inner.Unlock(@this);

    /// <inheritdoc/>
    public void DropDescriptor(uint @this) => _inner.DropDescriptor(@this);
}
