using System;
using System.IO;
using System.Linq;

namespace WitBindgen.Wasi.Host;

/// <summary>
/// Why a filesystem operation of the host core failed: the POSIX errors a sandboxed filesystem reports, named
/// independently of any WASI version (each face maps them to its own error codes or errno values).
/// </summary>
internal enum FsError
{
    NotPermitted, NoEntry, Interrupted, BadDescriptor, WouldBlock, InsufficientMemory, Access, Busy, Exist,
    CrossDevice, NoDevice, NotDirectory, IsDirectory, Invalid, TextFileBusy, FileTooLarge, InsufficientSpace,
    InvalidSeek, ReadOnly, TooManyLinks, Deadlock, NameTooLong, NoLock, NotEmpty, Loop, Overflow,
    IllegalByteSequence, Unsupported, Quota, Io,
}

/// <summary>Maps libc errno values and .NET I/O exceptions to <see cref="FsError"/>.</summary>
internal static class FsErrors
{
    /// <summary>The error of a libc errno (EMFILE/ENFILE, "too many open files", count as insufficient memory).</summary>
    public static FsError FromErrno(int errno) => errno switch
    {
        Native.EPERM => FsError.NotPermitted,
        Native.ENOENT => FsError.NoEntry,
        Native.EINTR => FsError.Interrupted,
        Native.EBADF => FsError.BadDescriptor,
        Native.EAGAIN => FsError.WouldBlock,
        Native.ENOMEM or Native.EMFILE or Native.ENFILE => FsError.InsufficientMemory,
        Native.EACCES => FsError.Access,
        Native.EBUSY => FsError.Busy,
        Native.EEXIST => FsError.Exist,
        Native.EXDEV => FsError.CrossDevice,
        Native.ENODEV => FsError.NoDevice,
        Native.ENOTDIR => FsError.NotDirectory,
        Native.EISDIR => FsError.IsDirectory,
        Native.EINVAL => FsError.Invalid,
        Native.ETXTBSY => FsError.TextFileBusy,
        Native.EFBIG => FsError.FileTooLarge,
        Native.ENOSPC => FsError.InsufficientSpace,
        Native.ESPIPE => FsError.InvalidSeek,
        Native.EROFS => FsError.ReadOnly,
        Native.EMLINK => FsError.TooManyLinks,
        Native.EDEADLK => FsError.Deadlock,
        Native.ENAMETOOLONG => FsError.NameTooLong,
        Native.ENOLCK => FsError.NoLock,
        Native.ENOTEMPTY => FsError.NotEmpty,
        Native.ELOOP => FsError.Loop,
        Native.EOVERFLOW => FsError.Overflow,
        Native.EILSEQ => FsError.IllegalByteSequence,
        Native.EOPNOTSUPP => FsError.Unsupported,
        Native.EDQUOT => FsError.Quota,
        _ => FsError.Io,
    };

    /// <summary>The error of an exception thrown by <see cref="RandomAccess"/> or <see cref="Directory"/>.</summary>
    public static FsError FromException(Exception ex) => ex switch
    {
        FileNotFoundException or DirectoryNotFoundException => FsError.NoEntry,
        UnauthorizedAccessException => FsError.Access,
        IOException io when io.HResult > 0 && io.HResult < 4096 => FromErrno(io.HResult),
        _ => FsError.Io,
    };

    /// <summary>Null for errno 0, else its error.</summary>
    public static FsError? Check(int errno) => errno == 0 ? null : FromErrno(errno);
}

/// <summary>
/// A core error as a face's <c>wasi:filesystem</c> <c>error-code</c>: May 2023's and WASI 0.2's enums have the same
/// cases, named as <see cref="FsError"/> names them, so one table serves every face, built once per enum by name
/// (an enum without one of the names fails its first use, not silently).
/// </summary>
/// <typeparam name="TCode">The face's generated <c>error-code</c> enum.</typeparam>
internal static class FsErrorCodes<TCode> where TCode : struct, Enum
{
    private static readonly TCode[] ByError = Enum.GetValues<FsError>().Select(e => Enum.Parse<TCode>(e.ToString())).ToArray();

    /// <summary>The code of <paramref name="error"/>; <c>io</c> for a value outside the enum.</summary>
    public static TCode Of(FsError error) => (uint)error < (uint)ByError.Length ? ByError[(int)error] : ByError[(int)FsError.Io];
}
