using System;
using System.Collections.Concurrent;
using System.Reflection;

namespace WitBindgen.Wasi;

/// <summary>A <c>network</c> handle from <c>instance-network</c>: the capability to use the network under the context's policy.</summary>
[WasiResourceKind("network")]
internal sealed class NetworkResource : WasiResource
{
    /// <summary>Creates a network capability under a policy.</summary>
    public NetworkResource(WasiNetworkPolicy policy) => Policy = policy ?? throw new ArgumentNullException(nameof(policy));

    /// <summary>What the guest may do with it.</summary>
    public WasiNetworkPolicy Policy { get; }
}
