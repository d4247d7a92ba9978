using System;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using WitBindgen.Runtime;

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
    public virtual Result<uint, Network.ErrorCode> CreateUdpSocket(Network.IpAddressFamily addressFamily) =>
        SocketOps.Create(
            Context, Context.Sockets.Policy.AllowUdp, addressFamily,
            () => new Socket(SocketAddresses.Family(addressFamily), SocketType.Dgram, ProtocolType.Udp) { Blocking = false },
            socket => new UdpSocketResource(socket, addressFamily), "udp-create-socket.create-udp-socket");
}
