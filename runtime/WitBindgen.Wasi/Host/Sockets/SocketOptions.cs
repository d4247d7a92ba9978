using System;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace WitBindgen.Wasi.Host;

/// <summary>
/// What .NET's <see cref="Socket"/> API does not say exactly as WASI 0.2 needs it: <c>SO_REUSEADDR</c> alone, and a
/// UDP socket's association with a peer made and dissolved by the system's <c>connect</c> (.NET refuses to connect a
/// socket twice and cannot disconnect a UDP one). Linux and macOS; elsewhere the association answers
/// <see cref="NetError.NotSupported"/>.
/// </summary>
internal static class SocketOptions
{
    private const int LinuxSolSocket = 1, LinuxSoReuseAddr = 2, MacSolSocket = 0xffff, MacSoReuseAddr = 4;

    /// <summary>Sets <c>SO_REUSEADDR</c> without <c>SO_REUSEPORT</c> (which would let two sockets bind one port).</summary>
    public static void SetReuseAddressOnly(Socket socket)
    {
        if (OperatingSystem.IsLinux()) socket.SetRawSocketOption(LinuxSolSocket, LinuxSoReuseAddr, BitConverter.GetBytes(1));
        else if (OperatingSystem.IsMacOS()) socket.SetRawSocketOption(MacSolSocket, MacSoReuseAddr, BitConverter.GetBytes(1));
        // Windows: binding is not blocked by TIME_WAIT, and its SO_REUSEADDR means something else.
    }

    /// <summary>Associates a UDP socket with <paramref name="remote"/> (the system's <c>connect</c>); null or why not.</summary>
    public static NetError? Connect(Socket socket, IPEndPoint remote)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return NetError.NotSupported;
        Span<byte> address = stackalloc byte[28];
        address.Clear();
        int length = Serialize(remote, address);
        return Call(socket, address.Slice(0, length), ignoreInvalid: false);
    }

    /// <summary>Dissolves a UDP socket's association (<c>connect</c> to <c>AF_UNSPEC</c>); null or why not.</summary>
    public static NetError? Disconnect(Socket socket)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return NetError.NotSupported;
        Span<byte> address = stackalloc byte[16];
        address.Clear();
        if (OperatingSystem.IsMacOS()) address[0] = 16; // sa_len; sa_family stays AF_UNSPEC
        // macOS reports EINVAL or EAFNOSUPPORT even when the association was dissolved (as wasmtime notes).
        return Call(socket, address, ignoreInvalid: OperatingSystem.IsMacOS());
    }

    private static int Serialize(IPEndPoint endpoint, Span<byte> into)
    {
        bool mac = OperatingSystem.IsMacOS();
        bool v6 = endpoint.AddressFamily == AddressFamily.InterNetworkV6;
        int length = v6 ? 28 : 16;
        int family = v6 ? (mac ? 30 : 10) : 2;
        if (mac)
        {
            into[0] = (byte)length;
            into[1] = (byte)family;
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(into, (ushort)family);
        }
        BinaryPrimitives.WriteUInt16BigEndian(into.Slice(2), (ushort)endpoint.Port);
        if (v6)
        {
            endpoint.Address.TryWriteBytes(into.Slice(8, 16), out _);
            BinaryPrimitives.WriteUInt32LittleEndian(into.Slice(24), (uint)endpoint.Address.ScopeId);
        }
        else
        {
            endpoint.Address.TryWriteBytes(into.Slice(4, 4), out _);
        }
        return length;
    }

    private static unsafe NetError? Call(Socket socket, ReadOnlySpan<byte> address, bool ignoreInvalid)
    {
        bool added = false;
        try
        {
            socket.SafeHandle.DangerousAddRef(ref added);
            int fd = (int)socket.SafeHandle.DangerousGetHandle();
            int result;
            fixed (byte* p = address) result = NativeConnect(fd, p, (uint)address.Length);
            if (result == 0) return null;
            int errno = Marshal.GetLastPInvokeError();
            if (ignoreInvalid && errno is 22 or 47) return null;
            return FromErrno(errno);
        }
        catch (ObjectDisposedException)
        {
            return NetError.Unknown;
        }
        finally
        {
            if (added) socket.SafeHandle.DangerousRelease();
        }
    }

    // The errno values connect reports for UDP, by platform (Linux, then macOS).
    private static NetError FromErrno(int errno) => OperatingSystem.IsMacOS()
        ? errno switch
        {
            48 => NetError.AddressInUse, 49 => NetError.AddressNotBindable, 51 or 65 or 64 or 50 => NetError.RemoteUnreachable,
            47 => NetError.AddressFamilyMismatch, 13 or 1 => NetError.AccessDenied, 55 => NetError.OutOfMemory, _ => NetError.Unknown,
        }
        : errno switch
        {
            98 => NetError.AddressInUse, 99 => NetError.AddressNotBindable, 101 or 113 or 112 or 100 => NetError.RemoteUnreachable,
            97 => NetError.AddressFamilyMismatch, 13 or 1 => NetError.AccessDenied, 105 or 12 => NetError.OutOfMemory, 22 => NetError.InvalidRemoteAddress,
            _ => NetError.Unknown,
        };

    [DllImport("libc", EntryPoint = "connect", SetLastError = true)]
    private static extern unsafe int NativeConnect(int fd, byte* address, uint length);
}
