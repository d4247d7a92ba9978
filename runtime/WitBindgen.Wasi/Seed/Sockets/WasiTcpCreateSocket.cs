using System;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using WitBindgen.Runtime;

namespace WitBindgen.Wasi;

/// <summary>
/// The default <c>tcp-create-socket</c>: a non-blocking TCP socket of the asked family, if the context's
/// <see cref="WasiNetworkPolicy.AllowTcp"/> says so (else <c>access-denied</c>).
/// </summary>
public class WasiTcpCreateSocket : ITcpCreateSocket
{
    /// <summary>Serves <paramref name="context"/>.</summary>
    public WasiTcpCreateSocket(WasiContext context) => Context = context ?? throw new ArgumentNullException(nameof(context));

    /// <summary>The context.</summary>
    protected WasiContext Context { get; }

    /// <inheritdoc/>
    public virtual Result<uint, Network.ErrorCode> CreateTcpSocket(Network.IpAddressFamily addressFamily) =>
        SocketOps.Create(
            Context, Context.Sockets.Policy.AllowTcp, addressFamily,
            () => new Socket(SocketAddresses.Family(addressFamily), SocketType.Stream, ProtocolType.Tcp),
            socket => new TcpSocketResource(socket, addressFamily), "tcp-create-socket.create-tcp-socket");
}
