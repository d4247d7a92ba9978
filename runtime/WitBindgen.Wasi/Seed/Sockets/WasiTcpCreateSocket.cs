using System;
using WitBindgen.Runtime;
using WitBindgen.Wasi.Host;
using static WitBindgen.Wasi.SocketAddresses;

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
    public virtual Result<uint, Network.ErrorCode> CreateTcpSocket(Network.IpAddressFamily addressFamily)
    {
        if (TcpSocket.Create(Family(addressFamily), Context.Sockets.Policy, !Context.Table.IsFull, Context.HostResources, out var socket) is { } error)
            return Result.Err(ToCode(error));
        return Result.Ok(Context.Table.Insert(new TcpSocketResource(socket), "tcp-create-socket.create-tcp-socket"));
    }
}
