using System;

namespace WitBindgen.Wasi;

/// <summary>What a guest wants to do with a socket address, for <see cref="WasiNetworkPolicy.AddressCheck"/>.</summary>
public enum SocketAddressUse
{
    /// <summary>Bind a TCP socket to it.</summary>
    TcpBind,

    /// <summary>Connect a TCP socket to it.</summary>
    TcpConnect,

    /// <summary>Bind a UDP socket to it.</summary>
    UdpBind,

    /// <summary>Connect a UDP socket to it.</summary>
    UdpConnect,

    /// <summary>Send a UDP datagram to it.</summary>
    UdpOutgoingDatagram,
}
