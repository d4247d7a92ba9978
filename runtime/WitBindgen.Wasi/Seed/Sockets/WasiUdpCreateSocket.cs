using System;
using WitBindgen.Runtime;
using WitBindgen.Wasi.Host;
using static WitBindgen.Wasi.SocketAddresses;

namespace WitBindgen.Wasi;

/// <summary>
/// The default <c>udp-create-socket</c>: a non-blocking UDP socket of the asked family, if the context's
/// <see cref="WasiNetworkPolicy.AllowUdp"/> says so (else <c>access-denied</c>).
/// </summary>
public class WasiUdpCreateSocket : IUdpCreateSocket
{
    /// <summary>Serves <paramref name="context"/>.</summary>
    public WasiUdpCreateSocket(WasiContext context) => Context = context ?? throw new ArgumentNullException(nameof(context));

    /// <summary>The context.</summary>
    protected WasiContext Context { get; }

    /// <inheritdoc/>
    public virtual Result<uint, Network.ErrorCode> CreateUdpSocket(Network.IpAddressFamily addressFamily)
    {
        if (UdpSocket.Create(Family(addressFamily), Context.Sockets.Policy, !Context.Table.IsFull, Context.HostResources, out var socket) is { } error)
            return Result.Err(ToCode(error));
        return Result.Ok(Context.Table.Insert(new UdpSocketResource(socket), "udp-create-socket.create-udp-socket"));
    }
}
