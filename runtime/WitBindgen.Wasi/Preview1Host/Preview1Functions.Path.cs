using System;
using System.Buffers.Binary;
using System.Text;
using DFlags = WitBindgen.Wasi.Bindings.Filesystem.DescriptorFlags;

namespace WitBindgen.Wasi.Preview1Host;

/// <summary>The <c>path_*</c> functions and <c>fd_readdir</c>: everything that names entries beneath a directory descriptor.</summary>
internal static partial class Preview1Functions
{
    private static Filesystem.PathFlags PathFlags(uint lookup) =>
        (lookup & Abi.LookupSymlinkFollow) != 0 ? Filesystem.PathFlags.SymlinkFollow : Filesystem.PathFlags.None;

    public static Errno PathCreateDirectory(Preview1State s, GuestMemory m, uint fd, uint path, uint length)
    {
        if (Directory(s, fd, out var d) is var err && err != Errno.Success) return err;
        if (m.ReadString(path, length, out var p) is var es && es != Errno.Success) return es;
        var r = s.Filesystem.CreateDirectoryAt(d.Handle, p);
        return r.IsOk ? Errno.Success : Code(r.ErrValue);
    }

    public static Errno PathFilestatGet(Preview1State s, GuestMemory m, uint fd, uint flags, uint path, uint length, uint result)
    {
        if (flags > Abi.LookupSymlinkFollow) throw InvalidArgument("path_filestat_get", "lookupflags", flags);
        if (Directory(s, fd, out var d) is var err && err != Errno.Success) return err;
        if (m.ReadString(path, length, out var p) is var es && es != Errno.Success) return es;
        var r = s.Filesystem.StatAt(d.Handle, PathFlags(flags), p);
        return r.IsOk ? WriteFilestat(m, result, r.OkValue) : Code(r.ErrValue);
    }

    public static Errno PathFilestatSetTimes(Preview1State s, GuestMemory m, uint fd, uint flags, uint path, uint length, ulong atim, ulong mtim, uint fstFlags)
    {
        if (flags > Abi.LookupSymlinkFollow) throw InvalidArgument("path_filestat_set_times", "lookupflags", flags);
        if (fstFlags > Abi.FstflagsAll) throw InvalidArgument("path_filestat_set_times", "fstflags", fstFlags);
        if (Timestamp(fstFlags, Abi.FstAtim, Abi.FstAtimNow, atim, out var a) is var ea && ea != Errno.Success) return ea;
        if (Timestamp(fstFlags, Abi.FstMtim, Abi.FstMtimNow, mtim, out var mt) is var em && em != Errno.Success) return em;
        if (Directory(s, fd, out var d) is var err && err != Errno.Success) return err;
        if (m.ReadString(path, length, out var p) is var es && es != Errno.Success) return es;
        var r = s.Filesystem.SetTimesAt(d.Handle, PathFlags(flags), p, a, mt);
        return r.IsOk ? Errno.Success : Code(r.ErrValue);
    }

    public static Errno PathLink(Preview1State s, GuestMemory m, uint oldFd, uint oldFlags, uint oldPath, uint oldLength, uint newFd, uint newPath, uint newLength)
    {
        if (oldFlags > Abi.LookupSymlinkFollow) throw InvalidArgument("path_link", "lookupflags", oldFlags);
        if (Directory(s, oldFd, out var from) is var e1 && e1 != Errno.Success) return e1;
        if (Directory(s, newFd, out var to) is var e2 && e2 != Errno.Success) return e2;
        if (m.ReadString(oldPath, oldLength, out var op) is var e3 && e3 != Errno.Success) return e3;
        if (m.ReadString(newPath, newLength, out var np) is var e4 && e4 != Errno.Success) return e4;
        var r = s.Filesystem.LinkAt(from.Handle, PathFlags(oldFlags), op, to.Handle, np);
        return r.IsOk ? Errno.Success : Code(r.ErrValue);
    }

    public static Errno PathOpen(Preview1State s, GuestMemory m, uint fd, uint dirFlags, uint path, uint length, uint oflags,
        ulong rightsBase, ulong rightsInheriting, uint fdFlags, uint result)
    {
        if (dirFlags > Abi.LookupSymlinkFollow) throw InvalidArgument("path_open", "lookupflags", dirFlags);
        if (oflags > Abi.OflagsAll) throw InvalidArgument("path_open", "oflags", oflags);
        if ((rightsBase | rightsInheriting) > Abi.RightsAll) throw InvalidArgument("path_open", "rights", rightsBase | rightsInheriting);
        if (fdFlags > Abi.FdflagsAll) throw InvalidArgument("path_open", "fdflags", fdFlags);
        if (m.ReadString(path, length, out var p) is var es && es != Errno.Success) return es;
        var flags = DFlags.None;
        if ((rightsBase & Abi.RightFdRead) != 0) flags |= DFlags.Read;
        if ((rightsBase & Abi.RightFdWrite) != 0) flags |= DFlags.Write;
        if ((fdFlags & Abi.FdflagSync) != 0) flags |= DFlags.FileIntegritySync;
        if ((fdFlags & Abi.FdflagDsync) != 0) flags |= DFlags.DataIntegritySync;
        if ((fdFlags & Abi.FdflagRsync) != 0) flags |= DFlags.RequestedWriteSync;
        if (!s.Fds.TryGet(fd, out var d)) return Errno.Badf;
        if (d.Kind == FdKind.File) return Errno.NotDir;
        if (d.Kind != FdKind.Directory) return Errno.Badf;
        // Every descriptor holds a handle: past the handle table's limit, a clear "too many open files".
        if (s.Context.Table.IsFull) return Errno.Nfile;
        var open = new Filesystem.OpenFlags();
        if ((oflags & Abi.OflagCreat) != 0) open |= Filesystem.OpenFlags.Create;
        if ((oflags & Abi.OflagDirectory) != 0) open |= Filesystem.OpenFlags.Directory;
        if ((oflags & Abi.OflagExcl) != 0) open |= Filesystem.OpenFlags.Exclusive;
        if ((oflags & Abi.OflagTrunc) != 0) open |= Filesystem.OpenFlags.Truncate;
        var opened = s.Filesystem.OpenAt(d.Handle, PathFlags(dirFlags), p, open, flags,
            Filesystem.Modes.None); // none asked: the default 0666 less the umask, as native open does
        if (!opened.IsOk) return Code(opened.ErrValue);
        uint handle = opened.OkValue;
        var type = s.Filesystem.GetType(handle);
        if (!type.IsOk)
        {
            s.Filesystem.DropDescriptor(handle);
            return Code(type.ErrValue);
        }
        var entry = type.OkValue == Filesystem.DescriptorType.Directory
            ? new FdEntry(FdKind.Directory, handle)
            : new FdEntry(FdKind.File, handle) { Append = (fdFlags & Abi.FdflagAppend) != 0, NonBlocking = (fdFlags & Abi.FdflagNonblock) != 0 };
        if (!s.Fds.TryPush(entry, out var newFd))
        {
            s.Filesystem.DropDescriptor(handle);
            return Errno.Mfile;
        }
        m.WriteU32(result, newFd);
        return Errno.Success;
    }

    public static Errno PathReadlink(Preview1State s, GuestMemory m, uint fd, uint path, uint length, uint buffer, uint bufferLength, uint result)
    {
        if (Directory(s, fd, out var d) is var err && err != Errno.Success) return err;
        if (m.ReadString(path, length, out var p) is var es && es != Errno.Success) return es;
        var r = s.Filesystem.ReadlinkAt(d.Handle, p);
        if (!r.IsOk) return Code(r.ErrValue);
        var target = Encoding.UTF8.GetBytes(r.OkValue);
        var n = (int)Math.Min((uint)target.Length, bufferLength);
        m.WriteBytes(buffer, target.AsSpan(0, n));
        m.WriteU32(result, (uint)n);
        return Errno.Success;
    }

    public static Errno PathRemoveDirectory(Preview1State s, GuestMemory m, uint fd, uint path, uint length)
    {
        if (Directory(s, fd, out var d) is var err && err != Errno.Success) return err;
        if (m.ReadString(path, length, out var p) is var es && es != Errno.Success) return es;
        var r = s.Filesystem.RemoveDirectoryAt(d.Handle, p);
        return r.IsOk ? Errno.Success : Code(r.ErrValue);
    }

    public static Errno PathRename(Preview1State s, GuestMemory m, uint fd, uint oldPath, uint oldLength, uint newFd, uint newPath, uint newLength)
    {
        if (Directory(s, fd, out var from) is var e1 && e1 != Errno.Success) return e1;
        if (Directory(s, newFd, out var to) is var e2 && e2 != Errno.Success) return e2;
        if (m.ReadString(oldPath, oldLength, out var op) is var e3 && e3 != Errno.Success) return e3;
        if (m.ReadString(newPath, newLength, out var np) is var e4 && e4 != Errno.Success) return e4;
        var r = s.Filesystem.RenameAt(from.Handle, op, to.Handle, np);
        return r.IsOk ? Errno.Success : Code(r.ErrValue);
    }

    public static Errno PathSymlink(Preview1State s, GuestMemory m, uint oldPath, uint oldLength, uint fd, uint newPath, uint newLength)
    {
        if (Directory(s, fd, out var d) is var err && err != Errno.Success) return err;
        if (m.ReadString(oldPath, oldLength, out var op) is var e1 && e1 != Errno.Success) return e1;
        if (m.ReadString(newPath, newLength, out var np) is var e2 && e2 != Errno.Success) return e2;
        var r = s.Filesystem.SymlinkAt(d.Handle, op, np);
        return r.IsOk ? Errno.Success : Code(r.ErrValue);
    }

    public static Errno PathUnlinkFile(Preview1State s, GuestMemory m, uint fd, uint path, uint length)
    {
        if (Directory(s, fd, out var d) is var err && err != Errno.Success) return err;
        if (m.ReadString(path, length, out var p) is var es && es != Errno.Success) return es;
        var r = s.Filesystem.UnlinkFileAt(d.Handle, p);
        return r.IsOk ? Errno.Success : Code(r.ErrValue);
    }

    /// <summary>
    /// <c>fd_readdir</c>: "." and ".." (cookies 1 and 2), then the directory's entries (cookies 3, 4, ...), each a
    /// 24-byte dirent and its name, from <paramref name="cookie"/> on, the last one cut off where the buffer ends (so
    /// a full buffer tells libc to grow it and ask again). Reads only as many entries as fill the buffer, and keeps
    /// the listing for the next call when it asks for the cookie where this one stopped (any other cookie lists the
    /// directory anew).
    /// </summary>
    public static Errno FdReaddir(Preview1State s, GuestMemory m, uint fd, uint buffer, uint bufferLength, ulong cookie, uint result)
    {
        if ((ulong)buffer + bufferLength > uint.MaxValue) m.Check(buffer, bufferLength, 1); // traps: beyond any memory
        if (Directory(s, fd, out var d) is var err && err != Errno.Success) return err;
        ulong wanted = Math.Max(cookie == ulong.MaxValue ? cookie : cookie + 1, 3); // the index of the first directory entry due
        bool continues = d.Listing is not null && (d.ListingLast?.Index == wanted || d.ListingNext == wanted);
        if (!continues)
        {
            s.DropListing(d);
            var listing = s.Filesystem.ReadDirectory(d.Handle);
            if (!listing.IsOk) return Code(listing.ErrValue);
            (d.Listing, d.ListingNext) = (listing.OkValue, 3);
        }
        else if (d.ListingLast?.Index != wanted)
        {
            d.ListingLast = null;
        }
        uint stream = d.Listing!.Value;
        bool keep = false;
        try
        {
            var self = s.Filesystem.Stat(d.Handle);
            if (!self.IsOk) return Code(self.ErrValue);
            ulong selfInode = self.OkValue.Inode;
            uint position = buffer, left = bufferLength;
            Span<byte> dirent = stackalloc byte[Abi.DirentSize];

            // Writes one entry, as much as fits; false once the buffer is full.
            bool Put(ulong next, ulong inode, byte type, string name, Span<byte> dirent, ref uint position, ref uint left)
            {
                var nameBytes = Encoding.UTF8.GetBytes(name);
                dirent.Clear();
                BinaryPrimitives.WriteUInt64LittleEndian(dirent, next);
                BinaryPrimitives.WriteUInt64LittleEndian(dirent[8..], inode);
                BinaryPrimitives.WriteUInt32LittleEndian(dirent[16..], (uint)nameBytes.Length);
                dirent[20] = type;
                var take = (int)Math.Min(left, (uint)Abi.DirentSize);
                m.WriteBytes(position, dirent[..take]);
                position += (uint)take;
                left -= (uint)take;
                if (left == 0) return false;
                take = (int)Math.Min(left, (uint)nameBytes.Length);
                m.WriteBytes(position, nameBytes.AsSpan(0, take));
                position += (uint)take;
                left -= (uint)take;
                return left > 0;
            }

            bool more = true;
            if (cookie == 0) more = Put(1, selfInode, Abi.FiletypeDirectory, ".", dirent, ref position, ref left);
            if (more && cookie <= 1) more = Put(2, selfInode, Abi.FiletypeDirectory, "..", dirent, ref position, ref left);
            while (more)
            {
                ulong index;
                Filesystem.DirectoryEntry entry;
                if (d.ListingLast is { } last)
                {
                    (index, entry) = last;
                    d.ListingLast = null;
                }
                else
                {
                    var next = s.Filesystem.ReadDirectoryEntry(stream);
                    if (!next.IsOk) return Code(next.ErrValue);
                    if (next.OkValue is not { } read) break;
                    (index, entry) = (d.ListingNext++, read);
                }
                if (index <= cookie) continue;
                ulong inode;
                if (entry.Inode is { } known) inode = known;
                else
                {
                    var stat = s.Filesystem.StatAt(d.Handle, Filesystem.PathFlags.None, entry.Name);
                    inode = stat.IsOk ? stat.OkValue.Inode : 0;
                }
                more = Put(index, inode, Abi.Filetype(entry.Type), entry.Name, dirent, ref position, ref left);
                if (!more)
                {
                    // The buffer is full: the next call asks for this entry again (if cut off) or for the one after.
                    d.ListingLast = (index, entry);
                    keep = true;
                }
            }
            m.WriteU32(result, bufferLength - left);
            return Errno.Success;
        }
        finally
        {
            if (!keep) s.DropListing(d);
        }
    }
}
