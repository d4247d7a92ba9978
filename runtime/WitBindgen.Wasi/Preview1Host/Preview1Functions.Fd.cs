using System;
using System.Buffers.Binary;
using WitBindgen.Runtime;
using WitBindgen.Runtime.Abi;
using DFlags = WitBindgen.Wasi.Bindings.Filesystem.DescriptorFlags;

namespace WitBindgen.Wasi.Preview1Host;

/// <summary>
/// The <c>wasi_snapshot_preview1</c> functions, each over the seed world's interfaces of the instance's context
/// (as wasmtime implements preview 1 over its preview-2 host): this part, the <c>fd_*</c> functions on open descriptors.
/// Every function checks its result pointers before acting, and returns an <see cref="Errno"/>.
/// </summary>
internal static partial class Preview1Functions
{
    /// <summary>The most bytes one read or write moves (a short count, which preview-1 callers loop on).</summary>
    internal const int MaxTransfer = 64 << 20;

    private static Errno Code(Filesystem.ErrorCode code) => Abi.From(code);

    /// <summary>
    /// The trap for an argument that is not a value of its witx type (an enum out of range, unknown flag bits): as in
    /// Wasmtime's preview 1, the call never runs. (The same fault inside a structure in memory is <see cref="Errno.Inval"/>.)
    /// </summary>
    internal static WitTrapException InvalidArgument(string function, string type, ulong value) =>
        new($"{function}: {value} (0x{value:x}) is not a valid {type}");

    /// <summary>A file's descriptor; <see cref="Errno.Badf"/> for anything else (wasmtime's <c>get_file_fd</c>).</summary>
    private static Errno File(Preview1State s, uint fd, out FdEntry entry) =>
        s.Fds.TryGet(fd, out entry) && entry.Kind == FdKind.File ? Errno.Success : Errno.Badf;

    /// <summary>A directory's descriptor; <see cref="Errno.Badf"/> for anything else.</summary>
    private static Errno Directory(Preview1State s, uint fd, out FdEntry entry) =>
        s.Fds.TryGet(fd, out entry) && entry.Kind == FdKind.Directory ? Errno.Success : Errno.Badf;

    /// <summary>A file's or directory's descriptor; stdio and unknown numbers are <see cref="Errno.Badf"/>.</summary>
    private static Errno FileOrDirectory(Preview1State s, uint fd, out FdEntry entry) =>
        s.Fds.TryGet(fd, out entry) && !entry.IsStdio ? Errno.Success : Errno.Badf;

    public static Errno FdAdvise(Preview1State s, uint fd, ulong offset, ulong length, uint advice)
    {
        if (advice > 5) throw InvalidArgument("fd_advise", "advice", advice);
        if (File(s, fd, out var e) is var err && err != Errno.Success) return err;
        var r = s.Filesystem.Advise(e.Handle, offset, length, (Filesystem.Advice)advice);
        return r.IsOk ? Errno.Success : Code(r.ErrValue);
    }

    public static Errno FdAllocate(Preview1State s, uint fd) =>
        File(s, fd, out _) is var err && err != Errno.Success ? err : Errno.NotSup;

    public static Errno FdClose(Preview1State s, uint fd)
    {
        var entry = s.Fds.Remove(fd);
        if (entry is null) return Errno.Badf;
        s.Drop(entry);
        return Errno.Success;
    }

    public static Errno FdDatasync(Preview1State s, uint fd)
    {
        if (File(s, fd, out var e) is var err && err != Errno.Success) return err;
        var r = s.Filesystem.SyncData(e.Handle);
        return r.IsOk ? Errno.Success : Code(r.ErrValue);
    }

    public static Errno FdSync(Preview1State s, uint fd)
    {
        if (File(s, fd, out var e) is var err && err != Errno.Success) return err;
        var r = s.Filesystem.Sync(e.Handle);
        return r.IsOk ? Errno.Success : Code(r.ErrValue);
    }

    public static Errno FdFdstatGet(Preview1State s, GuestMemory m, uint fd, uint result)
    {
        if (!s.Fds.TryGet(fd, out var e)) return Errno.Badf;
        byte filetype;
        ushort flags = 0;
        ulong rights;
        ulong inheriting;
        if (e.IsStdio)
        {
            filetype = e.IsTerminal ? Abi.FiletypeCharacterDevice : Abi.FiletypeUnknown;
            rights = inheriting = e.Kind == FdKind.Stdin ? Abi.RightFdRead : Abi.RightFdWrite;
        }
        else if (e.PreopenPath is not null)
        {
            filetype = Abi.FiletypeDirectory;
            rights = Abi.PreopenRightsBase;
            inheriting = Abi.PreopenRightsInheriting;
        }
        else
        {
            var f = s.Filesystem.GetFlags(e.Handle);
            if (!f.IsOk) return Code(f.ErrValue);
            var t = s.Filesystem.GetType(e.Handle);
            if (!t.IsOk) return Code(t.ErrValue);
            filetype = Abi.Filetype(t.OkValue);
            var descriptorFlags = f.OkValue;
            rights = Abi.RightsAll;
            if (filetype == Abi.FiletypeDirectory) rights &= ~(Abi.RightFdSeek | Abi.RightFdFilestatSetSize);
            if (!descriptorFlags.HasFlag(DFlags.Read)) rights &= ~(Abi.RightFdRead | Abi.RightFdReaddir);
            if (!descriptorFlags.HasFlag(DFlags.Write)) rights &= ~Abi.RightFdWrite;
            if (descriptorFlags.HasFlag(DFlags.DataIntegritySync)) flags |= Abi.FdflagDsync;
            if (descriptorFlags.HasFlag(DFlags.RequestedWriteSync)) flags |= Abi.FdflagRsync;
            if (descriptorFlags.HasFlag(DFlags.FileIntegritySync)) flags |= Abi.FdflagSync;
            if (e.Append) flags |= Abi.FdflagAppend;
            if (e.NonBlocking) flags |= Abi.FdflagNonblock;
            inheriting = rights;
        }
        var out_ = m.Span(result, Abi.FdstatSize, 8);
        out_.Clear();
        out_[0] = filetype;
        BinaryPrimitives.WriteUInt16LittleEndian(out_[2..], flags);
        BinaryPrimitives.WriteUInt64LittleEndian(out_[8..], rights);
        BinaryPrimitives.WriteUInt64LittleEndian(out_[16..], inheriting);
        return Errno.Success;
    }

    public static Errno FdFdstatSetFlags(Preview1State s, uint fd, uint flags)
    {
        if (flags > Abi.FdflagsAll) throw InvalidArgument("fd_fdstat_set_flags", "fdflags", flags);
        if (File(s, fd, out var e) is var err && err != Errno.Success) return err;
        // Only append and non-blocking can change (as in wasmtime); the sync flags are fixed at open.
        if ((flags & (Abi.FdflagDsync | Abi.FdflagSync | Abi.FdflagRsync)) != 0) return Errno.Inval;
        e.Append = (flags & Abi.FdflagAppend) != 0;
        e.NonBlocking = (flags & Abi.FdflagNonblock) != 0;
        return Errno.Success;
    }

    public static Errno FdFdstatSetRights(Preview1State s, uint fd, ulong rightsBase, ulong rightsInheriting)
    {
        if ((rightsBase | rightsInheriting) > Abi.RightsAll) throw InvalidArgument("fd_fdstat_set_rights", "rights", rightsBase | rightsInheriting);
        // Preview 1 over preview 2 keeps no rights to drop: unsupported, as Wasmtime's DefineWasi answers.
        return FileOrDirectory(s, fd, out _) is var err && err != Errno.Success ? err : Errno.NotSup;
    }

    public static Errno FdFilestatGet(Preview1State s, GuestMemory m, uint fd, uint result)
    {
        if (!s.Fds.TryGet(fd, out var e)) return Errno.Badf;
        if (e.IsStdio)
        {
            var zero = m.Span(result, Abi.FilestatSize, 8);
            zero.Clear();
            zero[16] = e.IsTerminal ? Abi.FiletypeCharacterDevice : Abi.FiletypeUnknown;
            return Errno.Success;
        }
        var r = s.Filesystem.Stat(e.Handle);
        return r.IsOk ? WriteFilestat(m, result, r.OkValue) : Code(r.ErrValue);
    }

    /// <summary>Writes a <c>filestat</c>; a timestamp past 2^64 ns is <see cref="Errno.Overflow"/>.</summary>
    private static Errno WriteFilestat(GuestMemory m, uint result, Filesystem.DescriptorStat stat)
    {
        if (!Nanoseconds(stat.DataAccessTimestamp, out var atim) || !Nanoseconds(stat.DataModificationTimestamp, out var mtim)
            || !Nanoseconds(stat.StatusChangeTimestamp, out var ctim))
            return Errno.Overflow;
        var out_ = m.Span(result, Abi.FilestatSize, 8);
        out_.Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(out_, stat.Device);
        BinaryPrimitives.WriteUInt64LittleEndian(out_[8..], stat.Inode);
        out_[16] = Abi.Filetype(stat.Type);
        BinaryPrimitives.WriteUInt64LittleEndian(out_[24..], stat.LinkCount);
        BinaryPrimitives.WriteUInt64LittleEndian(out_[32..], stat.Size);
        BinaryPrimitives.WriteUInt64LittleEndian(out_[40..], atim);
        BinaryPrimitives.WriteUInt64LittleEndian(out_[48..], mtim);
        BinaryPrimitives.WriteUInt64LittleEndian(out_[56..], ctim);
        return Errno.Success;
    }

    internal static bool Nanoseconds(WallClock.Datetime time, out ulong nanoseconds)
    {
        nanoseconds = 0;
        if (time.Seconds > (ulong.MaxValue - time.Nanoseconds) / 1_000_000_000UL) return false;
        nanoseconds = time.Seconds * 1_000_000_000UL + time.Nanoseconds;
        return true;
    }

    public static Errno FdFilestatSetSize(Preview1State s, uint fd, ulong size)
    {
        if (File(s, fd, out var e) is var err && err != Errno.Success) return err;
        var r = s.Filesystem.SetSize(e.Handle, size);
        return r.IsOk ? Errno.Success : Code(r.ErrValue);
    }

    /// <summary>The new timestamp of a <c>fstflags</c> pair: both "set" and "now" is <see cref="Errno.Inval"/>.</summary>
    internal static Errno Timestamp(uint flags, int set, int now, ulong value, out Filesystem.NewTimestamp timestamp)
    {
        bool isSet = (flags & set) != 0, isNow = (flags & now) != 0;
        timestamp = Filesystem.NewTimestamp.NoChange.Instance;
        if (isSet && isNow) return Errno.Inval;
        if (isSet) timestamp = new Filesystem.NewTimestamp.Timestamp(new WallClock.Datetime(value / 1_000_000_000UL, (uint)(value % 1_000_000_000UL)));
        else if (isNow) timestamp = Filesystem.NewTimestamp.Now.Instance;
        return Errno.Success;
    }

    public static Errno FdFilestatSetTimes(Preview1State s, uint fd, ulong atim, ulong mtim, uint flags)
    {
        if (flags > Abi.FstflagsAll) throw InvalidArgument("fd_filestat_set_times", "fstflags", flags);
        if (Timestamp(flags, Abi.FstAtim, Abi.FstAtimNow, atim, out var a) is var ea && ea != Errno.Success) return ea;
        if (Timestamp(flags, Abi.FstMtim, Abi.FstMtimNow, mtim, out var mt) is var em && em != Errno.Success) return em;
        if (FileOrDirectory(s, fd, out var e) is var err && err != Errno.Success) return err;
        var r = s.Filesystem.SetTimes(e.Handle, a, mt);
        return r.IsOk ? Errno.Success : Code(r.ErrValue);
    }

    public static Errno FdRead(Preview1State s, GuestMemory m, uint fd, uint iovs, uint count, ulong? at, uint result)
    {
        if (!s.Fds.TryGet(fd, out var e)) return Errno.Badf;
        if (m.FirstNonEmpty(iovs, count, out var buffer, out var length) is var ei && ei != Errno.Success) return ei;
        int wanted = (int)Math.Min(length, (uint)MaxTransfer);
        ReadOnlyMemory<byte> data;
        switch (e.Kind)
        {
            case FdKind.File:
            {
                var r = s.Filesystem.Read(e.Handle, (ulong)wanted, at ?? e.Position);
                if (!r.IsOk) return Code(r.ErrValue);
                data = r.OkValue.Item1;
                if (at is null) e.Position += (ulong)data.Length;
                break;
            }
            case FdKind.Stdin when at is not null:
                return Errno.Spipe;
            case FdKind.Stdin:
            {
                // Native fd_read blocks until data or the end: the blocking read of the stream.
                var r = s.Streams.BlockingRead(e.Handle, (ulong)wanted);
                if (!r.IsOk) return Errno.Io;
                var (bytes, end) = r.OkValue;
                if (bytes.IsEmpty && !end && wanted > 0) return Errno.Intr;
                data = bytes;
                break;
            }
            default:
                return Errno.Badf;
        }
        if (data.Length > wanted) return Errno.Range;
        m.WriteBytes(buffer, data.Span);
        m.WriteU32(result, (uint)data.Length);
        return Errno.Success;
    }

    public static Errno FdWrite(Preview1State s, GuestMemory m, uint fd, uint iovs, uint count, ulong? at, uint result)
    {
        if (!s.Fds.TryGet(fd, out var e)) return Errno.Badf;
        uint written;
        switch (e.Kind)
        {
            case FdKind.File:
            {
                if (m.FirstNonEmpty(iovs, count, out var buffer, out var length) is var ei && ei != Errno.Success) return ei;
                var bytes = m.Span(buffer, (int)Math.Min(length, (uint)MaxTransfer));
                ulong offset = at ?? e.Position;
                if (e.Append)
                {
                    // Linux semantics: an append-mode descriptor appends, whatever offset pwrite names.
                    var stat = s.Filesystem.Stat(e.Handle);
                    if (!stat.IsOk) return Code(stat.ErrValue);
                    offset = stat.OkValue.Size;
                }
                var r = s.Filesystem.Write(e.Handle, bytes, offset);
                if (!r.IsOk) return Code(r.ErrValue);
                written = (uint)r.OkValue;
                if (at is null) e.Position = offset + written;
                break;
            }
            case FdKind.Stdout or FdKind.Stderr when at is not null:
                return Errno.Spipe;
            case FdKind.Stdout or FdKind.Stderr:
            {
                if (m.FirstNonEmpty(iovs, count, out var buffer, out var length) is var ei && ei != Errno.Success) return ei;
                int total = (int)Math.Min(length, (uint)MaxTransfer);
                int done = 0;
                while (done < total)
                {
                    // Fetch the span anew for each chunk: a blocking write may take a while, but the guest cannot run meanwhile.
                    var r = s.Streams.BlockingWrite(e.Handle, m.Span(buffer + (uint)done, total - done));
                    if (!r.IsOk) return Errno.Io;
                    if (r.OkValue == 0) return Errno.Io;
                    done += (int)r.OkValue;
                }
                written = (uint)done;
                break;
            }
            default:
                return Errno.Badf;
        }
        m.WriteU32(result, written);
        return Errno.Success;
    }

    public static Errno FdPrestatGet(Preview1State s, GuestMemory m, uint fd, uint result)
    {
        if (!s.Fds.TryGet(fd, out var e)) return Errno.Badf;
        if (e.PreopenPath is null) return Errno.Badf;
        var out_ = m.Span(result, Abi.PrestatSize, 4);
        out_.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(out_[4..], (uint)System.Text.Encoding.UTF8.GetByteCount(e.PreopenPath));
        return Errno.Success;
    }

    public static Errno FdPrestatDirName(Preview1State s, GuestMemory m, uint fd, uint path, uint maxLength)
    {
        if (!s.Fds.TryGet(fd, out var e)) return Errno.Badf;
        if (e.PreopenPath is null) return Errno.NotDir;
        var bytes = System.Text.Encoding.UTF8.GetBytes(e.PreopenPath);
        if ((uint)bytes.Length > maxLength) return Errno.NameTooLong;
        m.WriteBytes(path, bytes);
        return Errno.Success;
    }

    public static Errno FdRenumber(Preview1State s, uint from, uint to)
    {
        if (!s.Fds.TryGet(from, out _) || !s.Fds.TryGet(to, out _)) return Errno.Badf;
        if (from == to) return Errno.Success;
        s.Drop(s.Fds.Renumber(from, to)); // as dup2: what `to` held is closed
        return Errno.Success;
    }

    public static Errno FdSeek(Preview1State s, GuestMemory m, uint fd, long offset, uint whence, uint result)
    {
        if (whence > Abi.WhenceEnd) throw InvalidArgument("fd_seek", "whence", whence);
        if (!s.Fds.TryGet(fd, out var e)) return Errno.Badf;
        if (e.IsStdio) return Errno.Spipe;
        if (e.Kind != FdKind.File) return Errno.Badf;
        ulong position;
        switch (whence)
        {
            case Abi.WhenceSet when offset >= 0:
                position = (ulong)offset;
                break;
            case Abi.WhenceCur:
                if (!AddSigned(e.Position, offset, out position)) return Errno.Inval;
                break;
            case Abi.WhenceEnd:
            {
                var stat = s.Filesystem.Stat(e.Handle);
                if (!stat.IsOk) return Code(stat.ErrValue);
                if (!AddSigned(stat.OkValue.Size, offset, out position)) return Errno.Inval;
                break;
            }
            default:
                return Errno.Inval;
        }
        e.Position = position;
        m.WriteU64(result, position);
        return Errno.Success;
    }

    private static bool AddSigned(ulong value, long delta, out ulong result)
    {
        result = 0;
        if (delta >= 0)
        {
            if (value > ulong.MaxValue - (ulong)delta) return false;
            result = value + (ulong)delta;
            return true;
        }
        var magnitude = (ulong)(-(delta + 1)) + 1;
        if (magnitude > value) return false;
        result = value - magnitude;
        return true;
    }

    public static Errno FdTell(Preview1State s, GuestMemory m, uint fd, uint result)
    {
        if (!s.Fds.TryGet(fd, out var e)) return Errno.Badf;
        if (e.IsStdio) return Errno.Spipe;
        if (e.Kind != FdKind.File) return Errno.Badf;
        m.WriteU64(result, e.Position);
        return Errno.Success;
    }
}
