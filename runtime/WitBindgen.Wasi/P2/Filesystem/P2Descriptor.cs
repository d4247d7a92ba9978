using System;
using WitBindgen.Runtime;
using WitBindgen.Wasi.Host;

namespace WitBindgen.Wasi.P2;

using WitBindgen.Wasi.P2.Bindings;
using Code = WitBindgen.Wasi.P2.Bindings.Types.ErrorCode;
using DFlags = WitBindgen.Wasi.P2.Bindings.Types.DescriptorFlags;

/// <summary>
/// A <c>descriptor</c>: a directory or file of the host core (<see cref="Dir"/>, <see cref="Host.File"/>), beneath
/// its preopen's sandbox, with the access it was opened with. As in wasmtime: a file's functions on a directory are
/// <c>bad-descriptor</c>, a directory's on a file <c>not-directory</c>; reading without read access, writing
/// without write access and changing a directory without <c>mutate-directory</c> (a read-only preopen never has
/// it) are <c>not-permitted</c>. Paths resolve beneath the preopen, symlinks and <c>..</c> included (see
/// <see cref="Sandbox"/>).
/// </summary>
internal sealed class P2Descriptor : Types.IDescriptor, IDisposable
{
    private static readonly Result<Unit, Code> Ok = Result.Ok();

    private readonly P2Face _face;

    public P2Descriptor(P2Face face, Node node, DFlags flags)
    {
        _face = face;
        Node = node;
        Flags = flags;
    }

    public Node Node { get; }

    public DFlags Flags { get; }

    public static DFlags PreopenFlags(bool readOnly) => DFlags.Read | (readOnly ? DFlags.None : DFlags.MutateDirectory);

    private HostResourceBudget Budget => _face.Context.HostResources;

    private static Err<Code> Fail(Code code) => Result.Err(code);

    private static Err<Code> Fail(FsError error) => Result.Err(P2FsMapping.ToCode(error));

    private static Result<Unit, Code> Done(FsError? error) => error is { } e ? Fail(e) : Ok;

    private static bool Follow(Types.PathFlags flags) => flags.HasFlag(Types.PathFlags.SymlinkFollow);

    private bool TryFile(out Host.File file, out Code error)
    {
        file = (Node as Host.File)!;
        error = Code.BadDescriptor;
        return file is not null;
    }

    /// <summary>This descriptor as a directory whose contents may change; the error code otherwise.</summary>
    private bool TryMutableDir(out Dir dir, out Code error)
    {
        dir = (Node as Dir)!;
        error = dir is null ? Code.NotDirectory : Code.NotPermitted;
        return dir is not null && Flags.HasFlag(DFlags.MutateDirectory);
    }

    private bool TryDir(out Dir dir, out Code error)
    {
        dir = (Node as Dir)!;
        error = Code.NotDirectory;
        return dir is not null;
    }

    private bool HasRoomForHandle => _face.Guest is not { } guest || guest.Resources.Count < guest.Resources.MaxHandles;

    // ---- streams ----

    public Result<Streams.IInputStream, Code> ReadViaStream(ulong offset)
    {
        if (!TryFile(out var file, out var bad)) return Fail(bad);
        if (!Flags.HasFlag(DFlags.Read)) return Fail(Code.NotPermitted);
        return Result.Ok<Streams.IInputStream>(new P2InputStream(_face, file.ReadStream(offset), ownsStream: true));
    }

    public Result<Streams.IOutputStream, Code> WriteViaStream(ulong offset) => OutputStream(offset, append: false);

    public Result<Streams.IOutputStream, Code> AppendViaStream() => OutputStream(0, append: true);

    private Result<Streams.IOutputStream, Code> OutputStream(ulong offset, bool append)
    {
        if (!TryFile(out var file, out var bad)) return Fail(bad);
        if (!Flags.HasFlag(DFlags.Write)) return Fail(Code.NotPermitted);
        return Result.Ok<Streams.IOutputStream>(new P2OutputStream(_face, file.WriteStream(offset, append), ownsStream: true));
    }

    // ---- the descriptor itself ----

    public Result<Unit, Code> Advise(ulong offset, ulong length, Types.Advice advice)
    {
        // Advice is a hint: accepted for files, as wasmtime does (it passes it to posix_fadvise where it can).
        if (!TryFile(out _, out var bad)) return Fail(bad);
        return Ok;
    }

    public Result<Unit, Code> SyncData() => Done(Node.Sync(Budget, dataOnly: true));

    public Result<Unit, Code> Sync() => Done(Node.Sync(Budget, dataOnly: false));

    public Result<DFlags, Code> GetFlags() => Result.Ok(Flags);

    public Result<Types.DescriptorType, Code> GetTypeValue()
    {
        if (Node is Dir) return Result.Ok(Types.DescriptorType.Directory);
        return Node.Stat(Budget, out var st) is { } error ? Fail(error) : Result.Ok(P2FsMapping.TypeOf(st));
    }

    public Result<Unit, Code> SetSize(ulong size)
    {
        if (!TryFile(out var file, out var bad)) return Fail(bad);
        if (!Flags.HasFlag(DFlags.Write)) return Fail(Code.NotPermitted);
        return Done(file.SetSize(size));
    }

    public Result<Unit, Code> SetTimes(Types.NewTimestamp dataAccessTimestamp, Types.NewTimestamp dataModificationTimestamp)
    {
        var allowed = Node is Dir ? Flags.HasFlag(DFlags.MutateDirectory) : Flags.HasFlag(DFlags.Write);
        if (!allowed) return Fail(Code.NotPermitted);
        return Done(Node.SetTimes(Budget, P2FsMapping.ToCore(dataAccessTimestamp), P2FsMapping.ToCore(dataModificationTimestamp)));
    }

    public Result<(ReadOnlyMemory<byte>, bool), Code> Read(ulong length, ulong offset)
    {
        if (!TryFile(out var file, out var bad)) return Fail(bad);
        if (!Flags.HasFlag(DFlags.Read)) return Fail(Code.NotPermitted);
        if (file.Read(length, offset, _face.Context.MaxReadSize, out var bytes, out var end) is { } error) return Fail(error);
        return Result.Ok((bytes, end));
    }

    public Result<ulong, Code> Write(ReadOnlySpan<byte> buffer, ulong offset)
    {
        if (!TryFile(out var file, out var bad)) return Fail(bad);
        if (!Flags.HasFlag(DFlags.Write)) return Fail(Code.NotPermitted);
        return file.Write(buffer, offset) is { } error ? Fail(error) : Result.Ok((ulong)buffer.Length);
    }

    public Result<Types.IDirectoryEntryStream, Code> ReadDirectory()
    {
        if (!TryDir(out var dir, out var bad)) return Fail(bad);
        if (!Flags.HasFlag(DFlags.Read)) return Fail(Code.NotPermitted);
        if (dir.List(HasRoomForHandle, Budget, out var listing) is { } error) return Fail(error);
        return Result.Ok<Types.IDirectoryEntryStream>(new P2DirectoryEntryStream(listing));
    }

    public Result<Types.DescriptorStat, Code> Stat() =>
        Node.Stat(Budget, out var st) is { } error ? Fail(error) : Result.Ok(P2FsMapping.ToStat(st));

    public bool IsSameObject(Types.IDescriptor other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is not P2Descriptor that) return false;
        if (Node.Stat(Budget, out var a) is not null || that.Node.Stat(Budget, out var b) is not null) return false;
        return a.Device == b.Device && a.Inode == b.Inode;
    }

    public Result<Types.MetadataHashValue, Code> MetadataHash() =>
        Node.Stat(Budget, out var st) is { } error ? Fail(error) : Result.Ok(P2FsMapping.Hash(st));

    // ---- paths beneath a directory ----

    public Result<Unit, Code> CreateDirectoryAt(string path) =>
        TryMutableDir(out var dir, out var bad) ? Done(dir.CreateDirectoryAt(path)) : Fail(bad);

    public Result<Types.DescriptorStat, Code> StatAt(Types.PathFlags pathFlags, string path)
    {
        if (!TryDir(out var dir, out var bad)) return Fail(bad);
        return dir.StatAt(path, Follow(pathFlags), out var st) is { } error ? Fail(error) : Result.Ok(P2FsMapping.ToStat(st));
    }

    public Result<Types.MetadataHashValue, Code> MetadataHashAt(Types.PathFlags pathFlags, string path)
    {
        if (!TryDir(out var dir, out var bad)) return Fail(bad);
        return dir.StatAt(path, Follow(pathFlags), out var st) is { } error ? Fail(error) : Result.Ok(P2FsMapping.Hash(st));
    }

    public Result<Unit, Code> SetTimesAt(Types.PathFlags pathFlags, string path, Types.NewTimestamp dataAccessTimestamp, Types.NewTimestamp dataModificationTimestamp) =>
        TryMutableDir(out var dir, out var bad)
            ? Done(dir.SetTimesAt(path, Follow(pathFlags), P2FsMapping.ToCore(dataAccessTimestamp), P2FsMapping.ToCore(dataModificationTimestamp)))
            : Fail(bad);

    public Result<Unit, Code> LinkAt(Types.PathFlags oldPathFlags, string oldPath, Types.IDescriptor newDescriptor, string newPath)
    {
        if (!TryMutableDir(out var dir, out var bad)) return Fail(bad);
        if (newDescriptor is not P2Descriptor target) return Fail(Code.BadDescriptor);
        if (!target.TryMutableDir(out _, out bad)) return Fail(bad);
        return Done(dir.LinkAt(oldPath, Follow(oldPathFlags), target.Node, newPath));
    }

    public Result<Types.IDescriptor, Code> OpenAt(Types.PathFlags pathFlags, string path, Types.OpenFlags openFlags, DFlags flags)
    {
        if (!TryDir(out var dir, out var bad)) return Fail(bad);
        bool changes = openFlags.HasFlag(Types.OpenFlags.Create) || openFlags.HasFlag(Types.OpenFlags.Truncate)
            || flags.HasFlag(DFlags.Write) || flags.HasFlag(DFlags.MutateDirectory);
        if (changes && !Flags.HasFlag(DFlags.MutateDirectory)) return Fail(Code.NotPermitted);
        var options = new OpenOptions(
            Create: openFlags.HasFlag(Types.OpenFlags.Create), Exclusive: openFlags.HasFlag(Types.OpenFlags.Exclusive),
            Truncate: openFlags.HasFlag(Types.OpenFlags.Truncate), Directory: openFlags.HasFlag(Types.OpenFlags.Directory),
            Read: flags.HasFlag(DFlags.Read), Write: flags.HasFlag(DFlags.Write), MutateDirectory: flags.HasFlag(DFlags.MutateDirectory),
            FileSync: flags.HasFlag(DFlags.FileIntegritySync), DataSync: flags.HasFlag(DFlags.DataIntegritySync),
            Mode: 0x1B6); // rw-rw-rw- less the umask, as wasmtime creates files
        if (dir.OpenAt(path, Follow(pathFlags), options, HasRoomForHandle, Budget, out var opened) is { } error) return Fail(error);
        // A directory keeps what its parent may do; a file what was asked for.
        var openedFlags = opened is Dir
            ? (flags & ~DFlags.Write) | (Flags & (DFlags.Read | DFlags.MutateDirectory))
            : flags & ~DFlags.MutateDirectory;
        return Result.Ok<Types.IDescriptor>(new P2Descriptor(_face, opened, openedFlags));
    }

    public Result<string, Code> ReadlinkAt(string path)
    {
        if (!TryDir(out var dir, out var bad)) return Fail(bad);
        return dir.ReadlinkAt(path, out var target) is { } error ? Fail(error) : Result.Ok(target);
    }

    public Result<Unit, Code> RemoveDirectoryAt(string path) =>
        TryMutableDir(out var dir, out var bad) ? Done(dir.RemoveDirectoryAt(path)) : Fail(bad);

    public Result<Unit, Code> RenameAt(string oldPath, Types.IDescriptor newDescriptor, string newPath)
    {
        if (!TryMutableDir(out var dir, out var bad)) return Fail(bad);
        if (newDescriptor is not P2Descriptor target) return Fail(Code.BadDescriptor);
        if (!target.TryMutableDir(out _, out bad)) return Fail(bad);
        return Done(dir.RenameAt(oldPath, target.Node, newPath));
    }

    public Result<Unit, Code> SymlinkAt(string oldPath, string newPath)
    {
        if (!TryMutableDir(out var dir, out var bad)) return Fail(bad);
        if (Dir.CheckSymlinkTarget(oldPath) is { } badTarget) return Fail(badTarget);
        return Done(dir.SymlinkAt(oldPath, newPath));
    }

    public Result<Unit, Code> UnlinkFileAt(string path) =>
        TryMutableDir(out var dir, out var bad) ? Done(dir.UnlinkFileAt(path)) : Fail(bad);

    /// <summary>Dropped: the open file is let go (closed once its streams let go too).</summary>
    public void Dispose() => Node.Release();
}
