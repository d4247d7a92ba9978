using System;
using System.Collections.Generic;
using System.Linq;
using WitBindgen.Runtime;
using WitBindgen.Wasi.Host;

namespace WitBindgen.Wasi.P2;

using WitBindgen.Wasi.P2.Bindings;
using Code = WitBindgen.Wasi.P2.Bindings.Types.ErrorCode;

/// <summary><c>wasi:filesystem/preopens</c>: a new descriptor for each of the context's preopened directories, each call.</summary>
internal sealed class P2Preopens(P2Face face) : IPreopens
{
    public IReadOnlyList<(Types.IDescriptor, string)> GetDirectories() =>
        face.Context.Filesystem.Preopens
            .Select(p => ((Types.IDescriptor)new P2Descriptor(face, Dir.Preopen(p.HostPath, p.ReadOnly), P2Descriptor.PreopenFlags(p.ReadOnly), mayMutate: !p.ReadOnly), p.GuestPath))
            .ToArray();
}

/// <summary><c>wasi:filesystem/types</c>' one free function: the filesystem error code behind a stream's error.</summary>
internal sealed class P2Types : ITypes
{
    public Code? FilesystemErrorCode(Error.IError err) => (err as P2Error)?.FilesystemCode;
}

/// <summary>The host core's filesystem errors as WASI 0.2 error codes, and its stat as a descriptor-stat.</summary>
internal static class P2FsMapping
{
    public static Code ToCode(FsError error) => FsErrorCodes<Code>.Of(error);

    public static Types.DescriptorType TypeOf(NativeStat st) => st.FileType switch
    {
        0x4000 => Types.DescriptorType.Directory,
        0x8000 => Types.DescriptorType.RegularFile,
        0xA000 => Types.DescriptorType.SymbolicLink,
        0x2000 => Types.DescriptorType.CharacterDevice,
        0x6000 => Types.DescriptorType.BlockDevice,
        0x1000 => Types.DescriptorType.Fifo,
        0xC000 => Types.DescriptorType.Socket,
        _ => Types.DescriptorType.Unknown,
    };

    private static WallClock.Datetime? Time(long seconds, long nanos) =>
        seconds < 0 ? null : new WallClock.Datetime((ulong)seconds, (uint)nanos);

    public static Types.DescriptorStat ToStat(NativeStat st) => new(
        TypeOf(st), st.LinkCount, (ulong)Math.Max(0, st.Size),
        Time(st.AccessSeconds, st.AccessNanos), Time(st.ModifySeconds, st.ModifyNanos), Time(st.ChangeSeconds, st.ChangeNanos));

    /// <summary>
    /// The metadata hash of a file: the same for the same device and inode, different otherwise (with high
    /// probability), as the spec asks; 128 bits of XXH128 over both, keyed per process so a guest learns no inode.
    /// </summary>
    public static Types.MetadataHashValue Hash(NativeStat st)
    {
        Span<byte> bytes = stackalloc byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes, st.Device);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes.Slice(8), st.Inode);
        var hash = System.IO.Hashing.XxHash128.HashToUInt128(bytes, HashSeed);
        return new((ulong)hash, (ulong)(hash >> 64));
    }

    private static readonly long HashSeed = BitConverter.ToInt64(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));

    public static FsTimestamp ToCore(Types.NewTimestamp t) => t switch
    {
        Types.NewTimestamp.Now => FsTimestamp.Now,
        Types.NewTimestamp.Timestamp ts => FsTimestamp.At(ts.Value.Seconds, ts.Value.Nanoseconds),
        _ => FsTimestamp.NoChange,
    };
}

/// <summary>A <c>directory-entry-stream</c>: the names a directory held when it was read, with their types.</summary>
internal sealed class P2DirectoryEntryStream(DirListing listing) : Types.IDirectoryEntryStream, IDisposable
{
    public Result<Types.DirectoryEntry?, Code> ReadDirectoryEntry() =>
        Result.Ok<Types.DirectoryEntry?>(listing.Next(out var name, out var st) ? new Types.DirectoryEntry(P2FsMapping.TypeOf(st), name) : null);

    public void Dispose() => listing.Release();
}
