using System;
using System.Net;
using System.Net.Sockets;
using WitBindgen.Runtime;
using WitBindgen.Wasi.Host;

namespace WitBindgen.Wasi;

/// <summary>Conversions between WIT socket addresses and families and .NET's, and from core errors to WIT error codes.</summary>
internal static class SocketAddresses
{
    /// <summary>The .NET endpoint of a WIT socket address.</summary>
    public static IPEndPoint ToEndPoint(Network.IpSocketAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        switch (address)
        {
            case Network.IpSocketAddress.Ipv4 v4:
                var (a, b, c, d) = v4.Value.Address;
                return new IPEndPoint(new IPAddress(new[] { a, b, c, d }), v4.Value.Port);
            case Network.IpSocketAddress.Ipv6 v6:
                var bytes = Ipv6Bytes(v6.Value.Address);
                return new IPEndPoint(new IPAddress(bytes, v6.Value.ScopeId), v6.Value.Port);
            default:
                throw new ArgumentException("unknown address kind", nameof(address));
        }
    }

    /// <summary>The WIT socket address of a .NET endpoint.</summary>
    public static Network.IpSocketAddress FromEndPoint(IPEndPoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var bytes = endpoint.Address.GetAddressBytes();
        if (endpoint.AddressFamily == AddressFamily.InterNetwork)
            return new Network.IpSocketAddress.Ipv4(new((ushort)endpoint.Port, (bytes[0], bytes[1], bytes[2], bytes[3])));
        return new Network.IpSocketAddress.Ipv6(new((ushort)endpoint.Port, 0, Ipv6Words(bytes), (uint)endpoint.Address.ScopeId));
    }

    /// <summary>The WIT IP address of a .NET address.</summary>
    public static Network.IpAddress FromAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var bytes = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork) return new Network.IpAddress.Ipv4((bytes[0], bytes[1], bytes[2], bytes[3]));
        return new Network.IpAddress.Ipv6(Ipv6Words(bytes));
    }

    /// <summary>The WIT family of a .NET family.</summary>
    public static Network.IpAddressFamily Family(AddressFamily family) =>
        family == AddressFamily.InterNetworkV6 ? Network.IpAddressFamily.Ipv6 : Network.IpAddressFamily.Ipv4;

    /// <summary>The .NET family of a WIT family.</summary>
    public static AddressFamily Family(Network.IpAddressFamily family) =>
        family == Network.IpAddressFamily.Ipv6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;

    /// <summary>The WIT family of a WIT socket address.</summary>
    public static Network.IpAddressFamily Family(Network.IpSocketAddress address) =>
        address is Network.IpSocketAddress.Ipv6 ? Network.IpAddressFamily.Ipv6 : Network.IpAddressFamily.Ipv4;

    /// <summary>Ok, or the WIT error code of <paramref name="error"/>.</summary>
    public static Result<Unit, Network.ErrorCode> Done(NetError? error) => error is { } e ? Result.Err(ToCode(e)) : Result.Ok();

    /// <summary><paramref name="value"/>, or the WIT error code of <paramref name="error"/>.</summary>
    public static Result<T, Network.ErrorCode> Value<T>(NetError? error, T value) => error is { } e ? Result.Err(ToCode(e)) : Result.Ok(value);

    /// <summary>The WIT error code of a core error (one case each).</summary>
    public static Network.ErrorCode ToCode(NetError error) => error switch
    {
        NetError.AccessDenied => Network.ErrorCode.AccessDenied,
        NetError.NotSupported => Network.ErrorCode.NotSupported,
        NetError.OutOfMemory => Network.ErrorCode.OutOfMemory,
        NetError.Timeout => Network.ErrorCode.Timeout,
        NetError.ConcurrencyConflict => Network.ErrorCode.ConcurrencyConflict,
        NetError.NotInProgress => Network.ErrorCode.NotInProgress,
        NetError.WouldBlock => Network.ErrorCode.WouldBlock,
        NetError.AddressFamilyNotSupported => Network.ErrorCode.AddressFamilyNotSupported,
        NetError.AddressFamilyMismatch => Network.ErrorCode.AddressFamilyMismatch,
        NetError.InvalidRemoteAddress => Network.ErrorCode.InvalidRemoteAddress,
        NetError.Ipv4OnlyOperation => Network.ErrorCode.Ipv4OnlyOperation,
        NetError.Ipv6OnlyOperation => Network.ErrorCode.Ipv6OnlyOperation,
        NetError.NewSocketLimit => Network.ErrorCode.NewSocketLimit,
        NetError.AlreadyAttached => Network.ErrorCode.AlreadyAttached,
        NetError.AlreadyBound => Network.ErrorCode.AlreadyBound,
        NetError.AlreadyConnected => Network.ErrorCode.AlreadyConnected,
        NetError.NotBound => Network.ErrorCode.NotBound,
        NetError.NotConnected => Network.ErrorCode.NotConnected,
        NetError.AddressNotBindable => Network.ErrorCode.AddressNotBindable,
        NetError.AddressInUse => Network.ErrorCode.AddressInUse,
        NetError.EphemeralPortsExhausted => Network.ErrorCode.EphemeralPortsExhausted,
        NetError.RemoteUnreachable => Network.ErrorCode.RemoteUnreachable,
        NetError.AlreadyListening => Network.ErrorCode.AlreadyListening,
        NetError.NotListening => Network.ErrorCode.NotListening,
        NetError.ConnectionRefused => Network.ErrorCode.ConnectionRefused,
        NetError.ConnectionReset => Network.ErrorCode.ConnectionReset,
        NetError.DatagramTooLarge => Network.ErrorCode.DatagramTooLarge,
        NetError.InvalidName => Network.ErrorCode.InvalidName,
        NetError.NameUnresolvable => Network.ErrorCode.NameUnresolvable,
        NetError.TemporaryResolverFailure => Network.ErrorCode.TemporaryResolverFailure,
        NetError.PermanentResolverFailure => Network.ErrorCode.PermanentResolverFailure,
        _ => Network.ErrorCode.Unknown,
    };

    private static byte[] Ipv6Bytes((ushort, ushort, ushort, ushort, ushort, ushort, ushort, ushort) words)
    {
        var w = new[] { words.Item1, words.Item2, words.Item3, words.Item4, words.Item5, words.Item6, words.Item7, words.Item8 };
        var bytes = new byte[16];
        for (var i = 0; i < 8; i++)
        {
            bytes[2 * i] = (byte)(w[i] >> 8);
            bytes[2 * i + 1] = (byte)w[i];
        }
        return bytes;
    }

    private static (ushort, ushort, ushort, ushort, ushort, ushort, ushort, ushort) Ipv6Words(byte[] b)
    {
        ushort W(int i) => (ushort)(b[2 * i] << 8 | b[2 * i + 1]);
        return (W(0), W(1), W(2), W(3), W(4), W(5), W(6), W(7));
    }
}
