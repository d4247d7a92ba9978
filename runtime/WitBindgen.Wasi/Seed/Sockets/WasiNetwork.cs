using System;

namespace WitBindgen.Wasi;

/// <summary>The default <c>network</c>: drops network handles.</summary>
public class WasiNetwork : INetwork
{
    /// <summary>Serves the networks of <paramref name="context"/>.</summary>
    public WasiNetwork(WasiContext context) => Context = context ?? throw new ArgumentNullException(nameof(context));

    /// <summary>The context.</summary>
    protected WasiContext Context { get; }

    /// <inheritdoc/>
    public virtual void DropNetwork(uint @this) => Context.Table.Remove<NetworkResource>(@this, "network.drop-network");
}
