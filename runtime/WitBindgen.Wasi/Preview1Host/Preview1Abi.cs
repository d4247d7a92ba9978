using Code = WitBindgen.Wasi.Bindings.Filesystem.ErrorCode;

namespace WitBindgen.Wasi.Preview1Host;

/// <summary>The <c>errno</c> values of <c>wasi_snapshot_preview1</c> (witx order).</summary>
internal enum Errno : ushort
{
#pragma warning disable CS1591 // the witx names say it all
    Success = 0, TooBig = 1, Acces = 2, AddrInUse = 3, AddrNotAvail = 4, AfNoSupport = 5, Again = 6, Already = 7,
    Badf = 8, BadMsg = 9, Busy = 10, Canceled = 11, Child = 12, ConnAborted = 13, ConnRefused = 14, ConnReset = 15,
    Deadlk = 16, DestAddrReq = 17, Dom = 18, Dquot = 19, Exist = 20, Fault = 21, Fbig = 22, HostUnreach = 23, Idrm = 24,
    Ilseq = 25, InProgress = 26, Intr = 27, Inval = 28, Io = 29, IsConn = 30, IsDir = 31, Loop = 32, Mfile = 33,
    Mlink = 34, MsgSize = 35, Multihop = 36, NameTooLong = 37, NetDown = 38, NetReset = 39, NetUnreach = 40,
    Nfile = 41, NoBufs = 42, NoDev = 43, NoEnt = 44, NoExec = 45, NoLck = 46, NoLink = 47, NoMem = 48, NoMsg = 49,
    NoProtoOpt = 50, NoSpc = 51, NoSys = 52, NotConn = 53, NotDir = 54, NotEmpty = 55, NotRecoverable = 56,
    NotSock = 57, NotSup = 58, NotTy = 59, Nxio = 60, Overflow = 61, OwnerDead = 62, Perm = 63, Pipe = 64, Proto = 65,
    ProtoNoSupport = 66, ProtoType = 67, Range = 68, Rofs = 69, Spipe = 70, Srch = 71, Stale = 72, TimedOut = 73,
    TxtBsy = 74, Xdev = 75, NotCapable = 76,
#pragma warning restore CS1591
}

/// <summary>The witx constants and layouts the host functions use (flags, file types, struct sizes).</summary>
internal static class Abi
{
    public const string Module = "wasi_snapshot_preview1";

    // filetype
    public const byte FiletypeUnknown = 0, FiletypeBlockDevice = 1, FiletypeCharacterDevice = 2, FiletypeDirectory = 3,
        FiletypeRegularFile = 4, FiletypeSocketStream = 6, FiletypeSymbolicLink = 7;

    // fdflags
    public const int FdflagAppend = 1, FdflagDsync = 2, FdflagNonblock = 4, FdflagRsync = 8, FdflagSync = 16, FdflagsAll = 31;

    // oflags, lookupflags, fstflags
    public const int OflagCreat = 1, OflagDirectory = 2, OflagExcl = 4, OflagTrunc = 8, OflagsAll = 15;
    public const int LookupSymlinkFollow = 1;
    public const int FstAtim = 1, FstAtimNow = 2, FstMtim = 4, FstMtimNow = 8, FstflagsAll = 15;

    // rights
    public const ulong RightFdDatasync = 1UL << 0, RightFdRead = 1UL << 1, RightFdSeek = 1UL << 2,
        RightFdFdstatSetFlags = 1UL << 3, RightFdSync = 1UL << 4, RightFdTell = 1UL << 5, RightFdWrite = 1UL << 6,
        RightFdAdvise = 1UL << 7, RightFdAllocate = 1UL << 8, RightPathCreateDirectory = 1UL << 9,
        RightPathCreateFile = 1UL << 10, RightPathLinkSource = 1UL << 11, RightPathLinkTarget = 1UL << 12,
        RightPathOpen = 1UL << 13, RightFdReaddir = 1UL << 14, RightPathReadlink = 1UL << 15,
        RightPathRenameSource = 1UL << 16, RightPathRenameTarget = 1UL << 17, RightPathFilestatGet = 1UL << 18,
        RightPathFilestatSetSize = 1UL << 19, RightPathFilestatSetTimes = 1UL << 20, RightFdFilestatGet = 1UL << 21,
        RightFdFilestatSetSize = 1UL << 22, RightFdFilestatSetTimes = 1UL << 23, RightPathSymlink = 1UL << 24,
        RightPathRemoveDirectory = 1UL << 25, RightPathUnlinkFile = 1UL << 26, RightPollFdReadwrite = 1UL << 27,
        RightSockShutdown = 1UL << 28, RightSockAccept = 1UL << 29, RightsAll = (1UL << 30) - 1;

    /// <summary>What a preopened directory reports as its base rights (wasmtime's fixed set, which userlands expect).</summary>
    public const ulong PreopenRightsBase = RightPathCreateDirectory | RightPathCreateFile | RightPathLinkSource
        | RightPathLinkTarget | RightPathOpen | RightFdReaddir | RightPathReadlink | RightPathRenameSource
        | RightPathRenameTarget | RightPathSymlink | RightPathRemoveDirectory | RightPathUnlinkFile
        | RightPathFilestatGet | RightPathFilestatSetTimes | RightFdFilestatGet | RightFdFilestatSetTimes;

    /// <summary>What a preopened directory reports as its inheriting rights.</summary>
    public const ulong PreopenRightsInheriting = PreopenRightsBase | RightFdDatasync | RightFdRead | RightFdSeek
        | RightFdFdstatSetFlags | RightFdSync | RightFdTell | RightFdWrite | RightFdAdvise | RightFdAllocate
        | RightFdFilestatGet | RightFdFilestatSetSize | RightFdFilestatSetTimes | RightPollFdReadwrite;

    // clocks, whence, events
    public const int ClockRealtime = 0, ClockMonotonic = 1, ClockProcessCputime = 2, ClockThreadCputime = 3;
    public const int WhenceSet = 0, WhenceCur = 1, WhenceEnd = 2;
    public const byte EventClock = 0, EventFdRead = 1, EventFdWrite = 2;
    public const ushort EventHangup = 1;
    public const int SubclockAbstime = 1;

    // layouts: (size, alignment)
    public const int IovecSize = 8, FdstatSize = 24, FilestatSize = 64, PrestatSize = 8, DirentSize = 24,
        SubscriptionSize = 48, EventSize = 32;

    /// <summary>The errno of a filesystem error code (as wasmtime maps them).</summary>
    public static Errno From(Code code) => code switch
    {
        Code.Access => Errno.Acces,
        Code.WouldBlock => Errno.Again,
        Code.Already => Errno.Already,
        Code.BadDescriptor => Errno.Badf,
        Code.Busy => Errno.Busy,
        Code.Deadlock => Errno.Deadlk,
        Code.Quota => Errno.Dquot,
        Code.Exist => Errno.Exist,
        Code.FileTooLarge => Errno.Fbig,
        Code.IllegalByteSequence => Errno.Ilseq,
        Code.InProgress => Errno.InProgress,
        Code.Interrupted => Errno.Intr,
        Code.Invalid => Errno.Inval,
        Code.Io => Errno.Io,
        Code.IsDirectory => Errno.IsDir,
        Code.Loop => Errno.Loop,
        Code.TooManyLinks => Errno.Mlink,
        Code.MessageSize => Errno.MsgSize,
        Code.NameTooLong => Errno.NameTooLong,
        Code.NoDevice => Errno.NoDev,
        Code.NoEntry => Errno.NoEnt,
        Code.NoLock => Errno.NoLck,
        Code.InsufficientMemory => Errno.NoMem,
        Code.InsufficientSpace => Errno.NoSpc,
        Code.Unsupported => Errno.NotSup,
        Code.NotDirectory => Errno.NotDir,
        Code.NotEmpty => Errno.NotEmpty,
        Code.NotRecoverable => Errno.NotRecoverable,
        Code.NoTty => Errno.NotTy,
        Code.NoSuchDevice => Errno.Nxio,
        Code.Overflow => Errno.Overflow,
        Code.NotPermitted => Errno.Perm,
        Code.Pipe => Errno.Pipe,
        Code.ReadOnly => Errno.Rofs,
        Code.InvalidSeek => Errno.Spipe,
        Code.TextFileBusy => Errno.TxtBsy,
        Code.CrossDevice => Errno.Xdev,
        _ => Errno.Io,
    };

    /// <summary>The preview-1 file type of a descriptor type (no FIFO code in preview 1: unknown, as wasmtime says).</summary>
    public static byte Filetype(Filesystem.DescriptorType type) => type switch
    {
        Filesystem.DescriptorType.RegularFile => FiletypeRegularFile,
        Filesystem.DescriptorType.Directory => FiletypeDirectory,
        Filesystem.DescriptorType.BlockDevice => FiletypeBlockDevice,
        Filesystem.DescriptorType.CharacterDevice => FiletypeCharacterDevice,
        Filesystem.DescriptorType.SymbolicLink => FiletypeSymbolicLink,
        Filesystem.DescriptorType.Socket => FiletypeSocketStream,
        _ => FiletypeUnknown,
    };
}
