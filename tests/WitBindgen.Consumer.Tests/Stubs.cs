using System;
using System.Collections.Generic;
using Consumer.Wasi;
using WitBindgen.Runtime;

namespace WitBindgen.Consumer.Tests;

// Stubs of the two interfaces whose methods take spans (which DispatchProxy cannot pass); tests override what they call.

/// <summary>Every method of <see cref="IStreams"/> throws unless a test sets a handler.</summary>
public class StubStreams : IStreams
{
    public virtual Result<(ReadOnlyMemory<byte>, bool), Streams.StreamError> Read(uint @this, ulong len) => throw new NotSupportedException("IStreams.Read");
    public virtual Result<(ReadOnlyMemory<byte>, bool), Streams.StreamError> BlockingRead(uint @this, ulong len) => throw new NotSupportedException("IStreams.BlockingRead");
    public virtual Result<(ulong, bool), Streams.StreamError> Skip(uint @this, ulong len) => throw new NotSupportedException("IStreams.Skip");
    public virtual Result<(ulong, bool), Streams.StreamError> BlockingSkip(uint @this, ulong len) => throw new NotSupportedException("IStreams.BlockingSkip");
    public virtual uint SubscribeToInputStream(uint @this) => throw new NotSupportedException("IStreams.SubscribeToInputStream");
    public virtual void DropInputStream(uint @this) => throw new NotSupportedException("IStreams.DropInputStream");
    public virtual Result<ulong, Streams.StreamError> Write(uint @this, ReadOnlySpan<byte> buf) => throw new NotSupportedException("IStreams.Write");
    public virtual Result<ulong, Streams.StreamError> BlockingWrite(uint @this, ReadOnlySpan<byte> buf) => throw new NotSupportedException("IStreams.BlockingWrite");
    public virtual Result<ulong, Streams.StreamError> WriteZeroes(uint @this, ulong len) => throw new NotSupportedException("IStreams.WriteZeroes");
    public virtual Result<ulong, Streams.StreamError> BlockingWriteZeroes(uint @this, ulong len) => throw new NotSupportedException("IStreams.BlockingWriteZeroes");
    public virtual Result<(ulong, bool), Streams.StreamError> Splice(uint @this, uint src, ulong len) => throw new NotSupportedException("IStreams.Splice");
    public virtual Result<(ulong, bool), Streams.StreamError> BlockingSplice(uint @this, uint src, ulong len) => throw new NotSupportedException("IStreams.BlockingSplice");
    public virtual Result<ulong, Streams.StreamError> Forward(uint @this, uint src) => throw new NotSupportedException("IStreams.Forward");
    public virtual uint SubscribeToOutputStream(uint @this) => throw new NotSupportedException("IStreams.SubscribeToOutputStream");
    public virtual void DropOutputStream(uint @this) => throw new NotSupportedException("IStreams.DropOutputStream");
}

/// <summary>Every method of <see cref="IFilesystem"/> throws unless a test sets a handler.</summary>
public class StubFilesystem : IFilesystem
{
    public virtual uint ReadViaStream(uint @this, ulong offset) => throw new NotSupportedException("IFilesystem.ReadViaStream");
    public virtual uint WriteViaStream(uint @this, ulong offset) => throw new NotSupportedException("IFilesystem.WriteViaStream");
    public virtual uint AppendViaStream(uint @this) => throw new NotSupportedException("IFilesystem.AppendViaStream");
    public virtual Result<Unit, Filesystem.ErrorCode> Advise(uint @this, ulong offset, ulong length, Filesystem.Advice advice) => throw new NotSupportedException("IFilesystem.Advise");
    public virtual Result<Unit, Filesystem.ErrorCode> SyncData(uint @this) => throw new NotSupportedException("IFilesystem.SyncData");
    public virtual Result<Filesystem.DescriptorFlags, Filesystem.ErrorCode> GetFlags(uint @this) => throw new NotSupportedException("IFilesystem.GetFlags");
    public virtual Result<Filesystem.DescriptorType, Filesystem.ErrorCode> GetType(uint @this) => throw new NotSupportedException("IFilesystem.GetType");
    public virtual Result<Unit, Filesystem.ErrorCode> SetFlags(uint @this, Filesystem.DescriptorFlags flags) => throw new NotSupportedException("IFilesystem.SetFlags");
    public virtual Result<Unit, Filesystem.ErrorCode> SetSize(uint @this, ulong size) => throw new NotSupportedException("IFilesystem.SetSize");
    public virtual Result<Unit, Filesystem.ErrorCode> SetTimes(uint @this, Filesystem.NewTimestamp dataAccessTimestamp, Filesystem.NewTimestamp dataModificationTimestamp) => throw new NotSupportedException("IFilesystem.SetTimes");
    public virtual Result<(ReadOnlyMemory<byte>, bool), Filesystem.ErrorCode> Read(uint @this, ulong length, ulong offset) => throw new NotSupportedException("IFilesystem.Read");
    public virtual Result<ulong, Filesystem.ErrorCode> Write(uint @this, ReadOnlySpan<byte> buffer, ulong offset) => throw new NotSupportedException("IFilesystem.Write");
    public virtual Result<uint, Filesystem.ErrorCode> ReadDirectory(uint @this) => throw new NotSupportedException("IFilesystem.ReadDirectory");
    public virtual Result<Unit, Filesystem.ErrorCode> Sync(uint @this) => throw new NotSupportedException("IFilesystem.Sync");
    public virtual Result<Unit, Filesystem.ErrorCode> CreateDirectoryAt(uint @this, string path) => throw new NotSupportedException("IFilesystem.CreateDirectoryAt");
    public virtual Result<Filesystem.DescriptorStat, Filesystem.ErrorCode> Stat(uint @this) => throw new NotSupportedException("IFilesystem.Stat");
    public virtual Result<Filesystem.DescriptorStat, Filesystem.ErrorCode> StatAt(uint @this, Filesystem.PathFlags pathFlags, string path) => throw new NotSupportedException("IFilesystem.StatAt");
    public virtual Result<Unit, Filesystem.ErrorCode> SetTimesAt(uint @this, Filesystem.PathFlags pathFlags, string path, Filesystem.NewTimestamp dataAccessTimestamp, Filesystem.NewTimestamp dataModificationTimestamp) => throw new NotSupportedException("IFilesystem.SetTimesAt");
    public virtual Result<Unit, Filesystem.ErrorCode> LinkAt(uint @this, Filesystem.PathFlags oldPathFlags, string oldPath, uint newDescriptor, string newPath) => throw new NotSupportedException("IFilesystem.LinkAt");
    public virtual Result<uint, Filesystem.ErrorCode> OpenAt(uint @this, Filesystem.PathFlags pathFlags, string path, Filesystem.OpenFlags openFlags, Filesystem.DescriptorFlags flags, Filesystem.Modes modes) => throw new NotSupportedException("IFilesystem.OpenAt");
    public virtual Result<string, Filesystem.ErrorCode> ReadlinkAt(uint @this, string path) => throw new NotSupportedException("IFilesystem.ReadlinkAt");
    public virtual Result<Unit, Filesystem.ErrorCode> RemoveDirectoryAt(uint @this, string path) => throw new NotSupportedException("IFilesystem.RemoveDirectoryAt");
    public virtual Result<Unit, Filesystem.ErrorCode> RenameAt(uint @this, string oldPath, uint newDescriptor, string newPath) => throw new NotSupportedException("IFilesystem.RenameAt");
    public virtual Result<Unit, Filesystem.ErrorCode> SymlinkAt(uint @this, string oldPath, string newPath) => throw new NotSupportedException("IFilesystem.SymlinkAt");
    public virtual Result<Unit, Filesystem.ErrorCode> AccessAt(uint @this, Filesystem.PathFlags pathFlags, string path, Filesystem.AccessType type) => throw new NotSupportedException("IFilesystem.AccessAt");
    public virtual Result<Unit, Filesystem.ErrorCode> UnlinkFileAt(uint @this, string path) => throw new NotSupportedException("IFilesystem.UnlinkFileAt");
    public virtual Result<Unit, Filesystem.ErrorCode> ChangeFilePermissionsAt(uint @this, Filesystem.PathFlags pathFlags, string path, Filesystem.Modes modes) => throw new NotSupportedException("IFilesystem.ChangeFilePermissionsAt");
    public virtual Result<Unit, Filesystem.ErrorCode> ChangeDirectoryPermissionsAt(uint @this, Filesystem.PathFlags pathFlags, string path, Filesystem.Modes modes) => throw new NotSupportedException("IFilesystem.ChangeDirectoryPermissionsAt");
    public virtual Result<Unit, Filesystem.ErrorCode> LockShared(uint @this) => throw new NotSupportedException("IFilesystem.LockShared");
    public virtual Result<Unit, Filesystem.ErrorCode> LockExclusive(uint @this) => throw new NotSupportedException("IFilesystem.LockExclusive");
    public virtual Result<Unit, Filesystem.ErrorCode> TryLockShared(uint @this) => throw new NotSupportedException("IFilesystem.TryLockShared");
    public virtual Result<Unit, Filesystem.ErrorCode> TryLockExclusive(uint @this) => throw new NotSupportedException("IFilesystem.TryLockExclusive");
    public virtual Result<Unit, Filesystem.ErrorCode> Unlock(uint @this) => throw new NotSupportedException("IFilesystem.Unlock");
    public virtual void DropDescriptor(uint @this) => throw new NotSupportedException("IFilesystem.DropDescriptor");
    public virtual Result<Filesystem.DirectoryEntry?, Filesystem.ErrorCode> ReadDirectoryEntry(uint @this) => throw new NotSupportedException("IFilesystem.ReadDirectoryEntry");
    public virtual void DropDirectoryEntryStream(uint @this) => throw new NotSupportedException("IFilesystem.DropDirectoryEntryStream");
}
