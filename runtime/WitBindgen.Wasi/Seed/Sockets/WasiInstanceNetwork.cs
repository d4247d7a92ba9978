using System;

namespace WitBindgen.Wasi;

/// <summary>
/// The default <c>instance-network</c>: a new network handle under the context's <see cref="WasiNetworkPolicy"/>
/// on each call: what the sockets and name lookup consult.
/// </summary>
public class WasiInstanceNetwork : IInstanceNetwork
{
    /// <summary>Serves the networks of <paramref name="context"/>.</summary>
    public WasiInstanceNetwork(WasiContext context) => Context = context ?? throw new ArgumentNullException(nameof(context));

    /// <summary>The context.</summary>
    protected WasiContext Context { get; }

    /// <inheritdoc/>
    public virtual uint InstanceNetwork() => Context.Table.Insert(new NetworkResource(Context.Sockets.Policy), "instance-network.instance-network");
}
