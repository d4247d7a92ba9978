using System;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using WitBindgen.Runtime;

namespace WitBindgen.Wasi;

/// <summary>A <c>resolve-address-stream</c> handle: a lookup under way or done, and how far the guest has read it.</summary>
[WasiResourceKind("resolve-address-stream")]
internal sealed class ResolveAddressStream : WasiResource
{
    private int _next;

    internal ResolveAddressStream(Task<IPAddress[]> lookup, Network.IpAddressFamily? family, bool includeUnavailable)
    {
        Lookup = lookup;
        Family = family;
        IncludeUnavailable = includeUnavailable;
    }

    /// <summary>The lookup.</summary>
    public Task<IPAddress[]> Lookup { get; }

    /// <summary>The family asked for, if any.</summary>
    public Network.IpAddressFamily? Family { get; }

    /// <summary>True if addresses the host cannot use now are wanted too.</summary>
    public bool IncludeUnavailable { get; }

    private IPAddress[]? _addresses;

    internal Result<Network.IpAddress?, Network.ErrorCode> Next()
    {
        if (_addresses is null)
        {
            if (!Lookup.IsCompleted) return Result.Err(Network.ErrorCode.WouldBlock);
            if (Lookup.Exception is { } failure) return Result.Err(SocketAddresses.ToErrorCode(failure));
            if (Lookup.IsCanceled) return Result.Err(Network.ErrorCode.TemporaryResolverFailure);
            _addresses = Lookup.Result
                .Select(a => a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a)
                .Where(a => a.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
                .Where(a => Family is not { } f || SocketAddresses.Family(a.AddressFamily) == f)
                .Where(a => IncludeUnavailable || a.AddressFamily != AddressFamily.InterNetworkV6 || Socket.OSSupportsIPv6)
                .Distinct()
                .ToArray();
            if (_addresses.Length == 0) return Result.Err(Network.ErrorCode.NameUnresolvable);
        }
        if (_next >= _addresses.Length) return Result.Ok<Network.IpAddress?>(null);
        return Result.Ok<Network.IpAddress?>(SocketAddresses.FromAddress(_addresses[_next++]));
    }

    /// <inheritdoc/>
    protected override void OnDropped() => Lookup.ContinueWith(t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted);
}

/// <summary>
/// The default <c>ip-name-lookup</c>: the host's resolver (<see cref="Dns.GetHostAddressesAsync(string, AddressFamily, System.Threading.CancellationToken)"/>),
/// if the network's <see cref="WasiNetworkPolicy.AllowIpNameLookup"/> says so (else <c>access-denied</c>).
/// <c>resolve-addresses</c> never blocks; <c>resolve-next-address</c> answers <c>would-block</c> until the lookup is
/// done (<c>subscribe</c> is ready then), then each address once, then none. Names are IDNA-encoded; an IP address
/// or a malformed name is <c>invalid-name</c>; IPv4-mapped IPv6 addresses come back as IPv4. A handle that is not a
/// live <c>resolve-address-stream</c> or <c>network</c> traps.
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
        var net = Context.Table.Get<NetworkResource>(network, fn);
        if (!net.Policy.AllowIpNameLookup) return Result.Err(Network.ErrorCode.AccessDenied);
        if (Ascii(name) is not { } ascii) return Result.Err(Network.ErrorCode.InvalidName);
        if (addressFamily == Network.IpAddressFamily.Ipv6 && !Socket.OSSupportsIPv6 && !includeUnavailable)
            return Result.Err(Network.ErrorCode.AddressFamilyNotSupported);
        // A lookup in flight holds a thread of the host's resolver: it counts against the instance's host resources.
        if (Context.Table.IsFull || Context.HostResources.TryAcquire() is not { } lease) return Result.Err(Network.ErrorCode.OutOfMemory);
        var family = addressFamily is { } f ? SocketAddresses.Family(f) : AddressFamily.Unspecified;
        Task<IPAddress[]> lookup;
        try
        {
            lookup = Dns.GetHostAddressesAsync(ascii, family);
        }
        catch (Exception ex) when (ex is SocketException or ArgumentException)
        {
            lookup = Task.FromException<IPAddress[]>(ex);
        }
        return Result.Ok(Context.Table.Insert(new ResolveAddressStream(lookup, addressFamily, includeUnavailable) { Lease = lease }, fn));
    }

    /// <inheritdoc/>
    public virtual Result<Network.IpAddress?, Network.ErrorCode> ResolveNextAddress(uint @this) =>
        Context.Table.Get<ResolveAddressStream>(@this, "ip-name-lookup.resolve-next-address").Next();

    /// <inheritdoc/>
    public virtual void DropResolveAddressStream(uint @this) =>
        Context.Table.Remove<ResolveAddressStream>(@this, "ip-name-lookup.drop-resolve-address-stream");

    /// <summary>A pollable that is ready once the lookup is done.</summary>
    public virtual uint Subscribe(uint @this)
    {
        const string fn = "ip-name-lookup.subscribe";
        var stream = Context.Table.Get<ResolveAddressStream>(@this, fn);
        return Context.Table.Insert(
            new SocketPollable(() => stream.IsDropped || stream.Lookup.IsCompleted, () => stream.Lookup), fn);
    }

    /// <summary>The ASCII (IDNA) form of a host name; null if it is an IP address or not a valid name.</summary>
    public static string? Ascii(string name)
    {
        if (string.IsNullOrEmpty(name) || IPAddress.TryParse(name.Trim('[', ']'), out _)) return null;
        string ascii;
        try
        {
            ascii = new IdnMapping().GetAscii(name.EndsWith('.') ? name[..^1] : name);
        }
        catch (ArgumentException)
        {
            return null;
        }
        if (ascii.Length > 253) return null;
        foreach (var label in ascii.Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-') return null;
            if (!label.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')) return null;
        }
        return ascii;
    }
}
