using System;
using System.Net;
using System.Net.Sockets;
using WitBindgen.Runtime;
using WitBindgen.Wasi.Host;
using static WitBindgen.Wasi.SocketAddresses;

namespace WitBindgen.Wasi;

/// <summary>
/// The default <c>ip-name-lookup</c>: the host's resolver (<see cref="Dns.GetHostAddressesAsync(string, AddressFamily, System.Threading.CancellationToken)"/>),
/// if the network's <see cref="WasiNetworkPolicy.AllowIpNameLookup"/> says so (else <c>access-denied</c>).
/// <c>resolve-addresses</c> never blocks; <c>resolve-next-address</c> answers <c>would-block</c> until the lookup is
/// done (<c>subscribe</c> is ready then), then each address once, then none. Names are IDNA-encoded; an IP address
/// or a malformed name is <c>invalid-name</c>; IPv4-mapped IPv6 addresses come back as IPv4. A handle that is not a
/// live <c>resolve-address-stream</c> or <c>network</c> traps. A thin face over the host core's <c>NameLookup</c>.
/// </summary>
public class WasiIpNameLookup : IIpNameLookup
{
    /// <summary>Serves <paramref name="context"/>.</summary>
    public WasiIpNameLookup(WasiContext context) => Context = context ?? throw new ArgumentNullException(nameof(context));

    /// <summary>The context.</summary>
    protected WasiContext Context { get; }

    /// <inheritdoc/>
    public virtual Result<uint, Network.ErrorCode> ResolveAddresses(uint network, string name, Network.IpAddressFamily? addressFamily, bool includeUnavailable)
    {
        const string fn = "ip-name-lookup.resolve-addresses";
        var net = Context.Table.Get<NetworkResource>(network, fn).Access;
        AddressFamily? family = addressFamily is { } f ? Family(f) : null;
        if (NameLookup.Start(net, name, family, includeUnavailable, !Context.Table.IsFull, Context.HostResources, out var lookup) is { } error)
            return Result.Err(ToCode(error));
        return Result.Ok(Context.Table.Insert(new ResolveAddressStream(lookup), fn));
    }

    /// <inheritdoc/>
    public virtual Result<Network.IpAddress?, Network.ErrorCode> ResolveNextAddress(uint @this)
    {
        var lookup = Context.Table.Get<ResolveAddressStream>(@this, "ip-name-lookup.resolve-next-address").Lookup;
        if (lookup.Next(out var address) is { } error) return Result.Err(ToCode(error));
        return Result.Ok<Network.IpAddress?>(address is null ? null : FromAddress(address));
    }

    /// <inheritdoc/>
    public virtual void DropResolveAddressStream(uint @this) =>
        Context.Table.Remove<ResolveAddressStream>(@this, "ip-name-lookup.drop-resolve-address-stream");

    /// <summary>A pollable that is ready once the lookup is done.</summary>
    public virtual uint Subscribe(uint @this)
    {
        const string fn = "ip-name-lookup.subscribe";
        var stream = Context.Table.Get<ResolveAddressStream>(@this, fn);
        return Context.Table.Insert(new ConditionPollable(() => stream.IsDropped || stream.Lookup.IsDone, () => stream.Lookup.Lookup), fn);
    }

    /// <summary>The ASCII (IDNA) form of a host name; null if it is an IP address or not a valid name.</summary>
    internal static string? Ascii(string name) => NameLookup.Ascii(name);
}
