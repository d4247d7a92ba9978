using System;
using System.Net;

namespace WitBindgen.Wasi;

/// <summary>
/// What a guest may do on the network: nothing by default. Creating a socket of a protocol that is not allowed, or
/// resolving a name when lookups are not, answers <c>access-denied</c>; so does binding, connecting or sending to an
/// address that <see cref="AddressCheck"/> refuses.
/// </summary>
public sealed class WasiNetworkPolicy
{
    /// <summary>Nothing allowed.</summary>
    public static WasiNetworkPolicy Deny { get; } = new();

    /// <summary>True if TCP sockets may be used.</summary>
    public bool AllowTcp { get; init; }

    /// <summary>True if UDP sockets may be used.</summary>
    public bool AllowUdp { get; init; }

    /// <summary>True if host names may be resolved.</summary>
    public bool AllowIpNameLookup { get; init; }

    /// <summary>Decides, for each address a socket would bind, connect or send to, whether it may; null allows all.</summary>
    public Func<IPEndPoint, SocketAddressUse, bool>? AddressCheck { get; init; }

    /// <summary>True if <paramref name="endpoint"/> may be used so under this policy.</summary>
    public bool IsAllowed(IPEndPoint endpoint, SocketAddressUse use)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var protocol = use is SocketAddressUse.TcpBind or SocketAddressUse.TcpConnect ? AllowTcp : AllowUdp;
        return protocol && (AddressCheck?.Invoke(endpoint, use) ?? true);
    }
}
