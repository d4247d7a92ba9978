using System;
using System.Net;
using System.Net.Sockets;
using WitBindgen.Runtime;
using WitBindgen.Wasi.Host;

namespace WitBindgen.Wasi.P2;

using WitBindgen.Wasi.P2.Bindings;
using Code = WitBindgen.Wasi.P2.Bindings.Network.ErrorCode;

/// <summary>
/// WASI 0.2's view of the host core's sockets: its addresses as <see cref="IPEndPoint"/>s and back, the core's
/// <see cref="NetError"/>s as 0.2 error codes (the state errors fold into <c>invalid-state</c>, the address errors
/// into <c>invalid-argument</c>), and the argument checks wasmtime makes before touching a socket.
/// </summary>
internal static class P2SocketMapping
{
    public static readonly Result<Unit, Code> Ok = Result.Ok();

    public static Err<Code> Fail(Code code) => Result.Err(code);

    public static Result<Unit, Code> Done(NetError? error) => error is { } e ? Result.Err(ToCode(e)) : Ok;

    public static Code ToCode(NetError error) => error switch
    {
        NetError.AccessDenied => Code.AccessDenied,
        NetError.NotSupported or NetError.AddressFamilyNotSupported or NetError.Ipv4OnlyOperation or NetError.Ipv6OnlyOperation => Code.NotSupported,
        NetError.OutOfMemory => Code.OutOfMemory,
        NetError.Timeout => Code.Timeout,
        NetError.ConcurrencyConflict => Code.ConcurrencyConflict,
        NetError.NotInProgress => Code.NotInProgress,
        NetError.WouldBlock => Code.WouldBlock,
        NetError.AddressFamilyMismatch or NetError.InvalidRemoteAddress or NetError.AlreadyAttached or NetError.InvalidName => Code.InvalidArgument,
        NetError.NewSocketLimit => Code.NewSocketLimit,
        NetError.AlreadyBound or NetError.AlreadyConnected or NetError.NotBound or NetError.NotConnected
            or NetError.AlreadyListening or NetError.NotListening => Code.InvalidState,
        NetError.AddressNotBindable => Code.AddressNotBindable,
        NetError.AddressInUse or NetError.EphemeralPortsExhausted => Code.AddressInUse,
        NetError.RemoteUnreachable => Code.RemoteUnreachable,
        NetError.ConnectionRefused => Code.ConnectionRefused,
        NetError.ConnectionReset => Code.ConnectionReset,
        NetError.DatagramTooLarge => Code.DatagramTooLarge,
        NetError.NameUnresolvable => Code.NameUnresolvable,
        NetError.TemporaryResolverFailure => Code.TemporaryResolverFailure,
        NetError.PermanentResolverFailure => Code.PermanentResolverFailure,
        _ => Code.Unknown,
    };

    public static AddressFamily ToFamily(Network.IpAddressFamily family) =>
        family == Network.IpAddressFamily.Ipv6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;

    public static Network.IpAddressFamily FromFamily(AddressFamily family) =>
        family == AddressFamily.InterNetworkV6 ? Network.IpAddressFamily.Ipv6 : Network.IpAddressFamily.Ipv4;

    public static IPEndPoint ToEndPoint(Network.IpSocketAddress address) => address switch
    {
        Network.IpSocketAddress.Ipv4 { Value: var v4 } => new IPEndPoint(
            new IPAddress(new[] { v4.Address.Item1, v4.Address.Item2, v4.Address.Item3, v4.Address.Item4 }), v4.Port),
        Network.IpSocketAddress.Ipv6 { Value: var v6 } => new IPEndPoint(new IPAddress(Ipv6Bytes(v6.Address), v6.ScopeId), v6.Port),
        _ => throw new ArgumentOutOfRangeException(nameof(address)),
    };

    private static byte[] Ipv6Bytes((ushort, ushort, ushort, ushort, ushort, ushort, ushort, ushort) a)
    {
        ushort[] words = [a.Item1, a.Item2, a.Item3, a.Item4, a.Item5, a.Item6, a.Item7, a.Item8];
        var bytes = new byte[16];
        for (var i = 0; i < 8; i++)
        {
            bytes[2 * i] = (byte)(words[i] >> 8);
            bytes[2 * i + 1] = (byte)words[i];
        }
        return bytes;
    }

    public static Network.IpSocketAddress FromEndPoint(IPEndPoint endpoint)
    {
        var bytes = endpoint.Address.GetAddressBytes();
        if (endpoint.AddressFamily == AddressFamily.InterNetwork)
            return new Network.IpSocketAddress.Ipv4(new((ushort)endpoint.Port, (bytes[0], bytes[1], bytes[2], bytes[3])));
        return new Network.IpSocketAddress.Ipv6(new((ushort)endpoint.Port, 0, Words(bytes), (uint)endpoint.Address.ScopeId));
    }

    public static Network.IpAddress FromAddress(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return address.AddressFamily == AddressFamily.InterNetwork
            ? new Network.IpAddress.Ipv4((bytes[0], bytes[1], bytes[2], bytes[3]))
            : new Network.IpAddress.Ipv6(Words(bytes));
    }

    private static (ushort, ushort, ushort, ushort, ushort, ushort, ushort, ushort) Words(byte[] b)
    {
        ushort W(int i) => (ushort)((b[2 * i] << 8) | b[2 * i + 1]);
        return (W(0), W(1), W(2), W(3), W(4), W(5), W(6), W(7));
    }

    /// <summary>IPv4-mapped IPv6 addresses as IPv4 (Rust's <c>to_canonical</c>).</summary>
    private static IPAddress Canonical(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    /// <summary>Neither multicast nor the IPv4 broadcast address (wasmtime's <c>is_valid_unicast_address</c>).</summary>
    public static bool IsUnicast(IPAddress address)
    {
        var ip = Canonical(address);
        if (ip.AddressFamily == AddressFamily.InterNetworkV6) return !ip.IsIPv6Multicast;
        var first = ip.GetAddressBytes()[0];
        return first is < 224 or > 239 && !ip.Equals(IPAddress.Broadcast);
    }

    /// <summary>
    /// An address of the socket's family; on IPv6 sockets neither IPv4-mapped nor deprecated IPv4-compatible
    /// (<c>::a.b.c.d</c>) addresses (wasmtime's <c>is_valid_address_family</c>).
    /// </summary>
    public static bool IsOfFamily(IPAddress address, AddressFamily family)
    {
        if (address.AddressFamily != family) return false;
        if (family != AddressFamily.InterNetworkV6) return true;
        if (address.IsIPv4MappedToIPv6) return false;
        var b = address.GetAddressBytes();
        for (var i = 0; i < 12; i++) if (b[i] != 0) return true;
        return address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6Loopback);
    }

    /// <summary>Neither the unspecified address nor port 0 (wasmtime's <c>is_valid_remote_address</c>).</summary>
    public static bool IsValidRemote(IPEndPoint endpoint)
    {
        var ip = Canonical(endpoint.Address);
        return endpoint.Port != 0 && !ip.Equals(IPAddress.Any) && !ip.Equals(IPAddress.IPv6Any);
    }

    /// <summary>Linux reports twice the buffer size it was given (room for its bookkeeping); halved, as wasmtime does.</summary>
    public static ulong NormalizeBufferSize(ulong reported) => OperatingSystem.IsLinux() ? reported / 2 : reported;
}
