namespace WitBindgen.Wasi.Preview1Host;

/// <summary>
/// The socket functions. Preview 1 over this host has no socket descriptors (as wasmtime's over its preview-2 host:
/// preview 1 cannot create or accept-from a listener it was not given), so a live descriptor is "not a socket"
/// (<see cref="Errno.NotSock"/>) and an unknown one <see cref="Errno.Badf"/>, after the flags are checked.
/// </summary>
internal static partial class Preview1Functions
{
    private static Errno NotSocket(Preview1State s, uint fd) => s.Fds.TryGet(fd, out _) ? Errno.NotSock : Errno.Badf;

    public static Errno SockAccept(Preview1State s, GuestMemory m, uint fd, uint flags, uint result)
    {
        if (flags > Abi.FdflagsAll) throw InvalidArgument("sock_accept", "fdflags", flags);
        return NotSocket(s, fd);
    }

    public static Errno SockRecv(Preview1State s, GuestMemory m, uint fd, uint flags, uint dataLength, uint outFlags)
    {
        if (flags > 3) throw InvalidArgument("sock_recv", "riflags", flags); // recv_peek, recv_waitall
        return NotSocket(s, fd);
    }

    public static Errno SockSend(Preview1State s, GuestMemory m, uint fd, uint flags, uint dataLength)
    {
        if (flags > ushort.MaxValue) throw InvalidArgument("sock_send", "siflags", flags);
        return NotSocket(s, fd);
    }

    public static Errno SockShutdown(Preview1State s, uint fd, uint how) =>
        how > 3 ? throw InvalidArgument("sock_shutdown", "sdflags", how) : NotSocket(s, fd); // rd, wr
}
