using System;
using System.Runtime.InteropServices;

namespace WitBindgen.Wasi.Host;

/// <summary>What <c>stat</c> says about a file (the fields the filesystem interface needs).</summary>
internal readonly record struct NativeStat(ulong Device, ulong Inode, uint Mode, ulong LinkCount, long Size,
    long AccessSeconds, long AccessNanos, long ModifySeconds, long ModifyNanos, long ChangeSeconds, long ChangeNanos)
{
    public uint FileType => Mode & 0xF000;
    public bool IsDirectory => FileType == 0x4000;
    public bool IsSymlink => FileType == 0xA000;
    public bool IsRegular => FileType == 0x8000;
}

/// <summary>The few libc calls the filesystem needs (Linux x64 and arm64): they report errno exactly.</summary>
internal static class Native
{
    public const int EPERM = 1, ENOENT = 2, EINTR = 4, EIO = 5, EBADF = 9, EAGAIN = 11, ENOMEM = 12, EACCES = 13,
        EBUSY = 16, EEXIST = 17, EXDEV = 18, ENODEV = 19, ENOTDIR = 20, EISDIR = 21, EINVAL = 22, ETXTBSY = 26,
        EFBIG = 27, ENOSPC = 28, ESPIPE = 29, EROFS = 30, EMLINK = 31, EDEADLK = 35, ENAMETOOLONG = 36, ENOLCK = 37,
        ENOTEMPTY = 39, ELOOP = 40, ENFILE = 23, EMFILE = 24, EOVERFLOW = 75, EILSEQ = 84, EOPNOTSUPP = 95, EDQUOT = 122;

    private static readonly bool Arm = RuntimeInformation.ProcessArchitecture == Architecture.Arm64;

    public const int O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0x40, O_EXCL = 0x80, O_TRUNC = 0x200,
        O_APPEND = 0x400, O_DSYNC = 0x1000, O_SYNC = 0x101000, O_CLOEXEC = 0x80000;
    public static int O_DIRECTORY => Arm ? 0x4000 : 0x10000;
    public static int O_NOFOLLOW => Arm ? 0x8000 : 0x20000;

    public const int LOCK_SH = 1, LOCK_EX = 2, LOCK_NB = 4, LOCK_UN = 8;
    public const int AT_FDCWD = -100, AT_SYMLINK_NOFOLLOW = 0x100, AT_REMOVEDIR = 0x200, O_PATH = 0x200000;
    public const long UTIME_NOW = (1L << 30) - 1, UTIME_OMIT = (1L << 30) - 2;

    [DllImport("libc", SetLastError = true, EntryPoint = "stat")]
    private static extern int stat_([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] buf);

    [DllImport("libc", SetLastError = true, EntryPoint = "lstat")]
    private static extern int lstat_([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] buf);

    [DllImport("libc", SetLastError = true, EntryPoint = "fstat")]
    private static extern int fstat_(int fd, byte[] buf);

    [DllImport("libc", SetLastError = true, EntryPoint = "open")]
    private static extern int open_([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, int mode);

    [DllImport("libc", SetLastError = true, EntryPoint = "readlink")]
    private static extern nint readlink_([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] buf, nint size);

    [DllImport("libc", SetLastError = true, EntryPoint = "flock")]
    private static extern int flock_(int fd, int operation);

    [DllImport("libc", SetLastError = true, EntryPoint = "utimensat")]
    private static extern int utimensat_(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, long[] times, int flags);

    [DllImport("libc", SetLastError = true, EntryPoint = "futimens")]
    private static extern int futimens_(int fd, long[] times);

    [DllImport("libc", SetLastError = true, EntryPoint = "fsync")]
    private static extern int fsync_(int fd);

    [DllImport("libc", SetLastError = true, EntryPoint = "fdatasync")]
    private static extern int fdatasync_(int fd);

    [DllImport("libc", SetLastError = true, EntryPoint = "ftruncate")]
    private static extern int ftruncate_(int fd, long length);

    [DllImport("libc", SetLastError = true, EntryPoint = "realpath")]
    private static extern nint realpath_([MarshalAs(UnmanagedType.LPUTF8Str)] string path, nint resolved);

    [DllImport("libc", SetLastError = true, EntryPoint = "openat")]
    private static extern int openat_(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, int mode);

    [DllImport("libc", SetLastError = true, EntryPoint = "close")]
    private static extern int close_(int fd);

    [DllImport("libc", SetLastError = true, EntryPoint = "fstatat")]
    private static extern int fstatat_(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] buf, int flags);

    [DllImport("libc", SetLastError = true, EntryPoint = "mkdirat")]
    private static extern int mkdirat_(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int mode);

    [DllImport("libc", SetLastError = true, EntryPoint = "unlinkat")]
    private static extern int unlinkat_(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", SetLastError = true, EntryPoint = "renameat")]
    private static extern int renameat_(int olddirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string oldpath, int newdirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string newpath);

    [DllImport("libc", SetLastError = true, EntryPoint = "linkat")]
    private static extern int linkat_(int olddirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string oldpath, int newdirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string newpath, int flags);

    [DllImport("libc", SetLastError = true, EntryPoint = "symlinkat")]
    private static extern int symlinkat_([MarshalAs(UnmanagedType.LPUTF8Str)] string target, int newdirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string linkpath);

    [DllImport("libc", SetLastError = true, EntryPoint = "readlinkat")]
    private static extern nint readlinkat_(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] buf, nint size);

    [DllImport("libc", SetLastError = true, EntryPoint = "fchmodat")]
    private static extern int fchmodat_(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int mode, int flags);

    [DllImport("libc", SetLastError = true, EntryPoint = "faccessat")]
    private static extern int faccessat_(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int mode, int flags);

    [DllImport("libc", EntryPoint = "free")]
    private static extern void free_(nint p);

    private static int Errno(int rc) => rc < 0 ? Math.Max(1, Marshal.GetLastPInvokeError()) : 0;

    private static NativeStat Parse(byte[] b)
    {
        ulong U64(int o) => BitConverter.ToUInt64(b, o);
        long I64(int o) => BitConverter.ToInt64(b, o);
        var mode = Arm ? BitConverter.ToUInt32(b, 16) : BitConverter.ToUInt32(b, 24);
        var nlink = Arm ? BitConverter.ToUInt32(b, 20) : U64(16);
        return new(U64(0), U64(8), mode, nlink, I64(48), I64(72), I64(80), I64(88), I64(96), I64(104), I64(112));
    }

    public static int Stat(string path, bool follow, out NativeStat stat)
    {
        var buf = new byte[256];
        var err = Errno(follow ? stat_(path, buf) : lstat_(path, buf));
        stat = err == 0 ? Parse(buf) : default;
        return err;
    }

    public static int FStat(int fd, out NativeStat stat)
    {
        var buf = new byte[256];
        var err = Errno(fstat_(fd, buf));
        stat = err == 0 ? Parse(buf) : default;
        return err;
    }

    public static int Open(string path, int flags, int mode, out int fd)
    {
        fd = open_(path, flags | O_CLOEXEC, mode);
        return Errno(fd);
    }

    public static int Flock(int fd, int op) => Errno(flock_(fd, op));
    public static int Fsync(int fd) => Errno(fsync_(fd));
    public static int Fdatasync(int fd) => Errno(fdatasync_(fd));
    public static int Ftruncate(int fd, long length) => Errno(ftruncate_(fd, length));
    public static int Futimens(int fd, long[] times) => Errno(futimens_(fd, times));

    public static int OpenAt(int dirfd, string name, int flags, int mode, out int fd)
    {
        fd = openat_(dirfd, name, flags | O_CLOEXEC, mode);
        return Errno(fd);
    }

    public static void Close(int fd) => close_(fd);

    public static int StatAt(int dirfd, string name, out NativeStat stat)
    {
        var buf = new byte[256];
        var err = Errno(fstatat_(dirfd, name, buf, AT_SYMLINK_NOFOLLOW));
        stat = err == 0 ? Parse(buf) : default;
        return err;
    }

    public static int MkdirAt(int dirfd, string name, int mode) => Errno(mkdirat_(dirfd, name, mode));
    public static int UnlinkAt(int dirfd, string name, bool directory) => Errno(unlinkat_(dirfd, name, directory ? AT_REMOVEDIR : 0));
    public static int RenameAt(int fromDir, string from, int toDir, string to) => Errno(renameat_(fromDir, from, toDir, to));
    public static int LinkAt(int fromDir, string from, int toDir, string to) => Errno(linkat_(fromDir, from, toDir, to, 0));
    public static int SymlinkAt(string target, int dirfd, string name) => Errno(symlinkat_(target, dirfd, name));
    public static int ChmodAt(int dirfd, string name, int mode) => Errno(fchmodat_(dirfd, name, mode, AT_SYMLINK_NOFOLLOW));
    public static int AccessAt(int dirfd, string name, int mode) => Errno(faccessat_(dirfd, name, mode, AT_SYMLINK_NOFOLLOW));
    public static int UtimensAt(int dirfd, string name, long[] times) => Errno(utimensat_(dirfd, name, times, AT_SYMLINK_NOFOLLOW));

    public static int ReadlinkAt(int dirfd, string name, out string target)
    {
        var buf = new byte[4096];
        var n = readlinkat_(dirfd, name, buf, buf.Length);
        target = n >= 0 ? System.Text.Encoding.UTF8.GetString(buf, 0, (int)n) : "";
        return n < 0 ? Math.Max(1, Marshal.GetLastPInvokeError()) : 0;
    }

    public static int Readlink(string path, out string target)
    {
        var buf = new byte[4096];
        var n = readlink_(path, buf, buf.Length);
        target = n >= 0 ? System.Text.Encoding.UTF8.GetString(buf, 0, (int)n) : "";
        return n < 0 ? Math.Max(1, Marshal.GetLastPInvokeError()) : 0;
    }

    public static string? RealPath(string path)
    {
        var p = realpath_(path, 0);
        if (p == 0) return null;
        try
        {
            return Marshal.PtrToStringUTF8(p);
        }
        finally
        {
            free_(p);
        }
    }
}
