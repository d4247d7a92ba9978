using System;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace WitBindgen.Wasi.Host;

/// <summary>
/// A host-name lookup of the host core: the host's resolver (<see cref="Dns.GetHostAddressesAsync(string, AddressFamily, CancellationToken)"/>)
/// started without blocking, then read one address at a time. <see cref="Next"/> answers
/// <see cref="NetError.WouldBlock"/> until the lookup is done (<see cref="IsDone"/>, <see cref="Lookup"/>), then each
/// address once, then none. Names are IDNA-encoded; an IP address or a malformed name is <see cref="NetError.InvalidName"/>;
/// IPv4-mapped IPv6 addresses come back as IPv4. A lookup in flight holds a thread of the host's resolver, so it
/// takes a place in the instance's <see cref="HostResourceBudget"/> until disposed.
/// </summary>
internal sealed class NameLookup : IDisposable
{
    private readonly AddressFamily? _family;
    private readonly bool _includeUnavailable;
    private HostResourceLease? _lease;
    private IPAddress[]? _addresses;
    private int _next;

    private NameLookup(Task<IPAddress[]> lookup, AddressFamily? family, bool includeUnavailable, HostResourceLease lease)
    {
        Lookup = lookup;
        _family = family;
        _includeUnavailable = includeUnavailable;
        _lease = lease;
    }

    /// <summary>
    /// Starts resolving <paramref name="name"/> through <paramref name="net"/>, for <paramref name="family"/> if given.
    /// <paramref name="roomForHandle"/> false or a spent <paramref name="budget"/> is <see cref="NetError.OutOfMemory"/>.
    /// With <paramref name="ipLiterals"/> (WASI 0.2, whose name may be an IP address), an IPv4 or IPv6 address
    /// (bare or in brackets) resolves to itself without asking the resolver.
    /// </summary>
    public static NetError? Start(NetworkAccess net, string name, AddressFamily? family, bool includeUnavailable,
        bool roomForHandle, HostResourceBudget budget, out NameLookup started, bool ipLiterals = false)
    {
        started = null!;
        if (!net.Policy.AllowIpNameLookup) return NetError.AccessDenied;
        if (ipLiterals && Literal(name) is { } literal)
        {
            if (!roomForHandle || budget.TryAcquire() is not { } held) return NetError.OutOfMemory;
            started = new NameLookup(Task.FromResult(new[] { literal }), family, includeUnavailable: true, held);
            return null;
        }
        if (Ascii(name) is not { } ascii) return NetError.InvalidName;
        if (family == AddressFamily.InterNetworkV6 && !Socket.OSSupportsIPv6 && !includeUnavailable) return NetError.AddressFamilyNotSupported;
        if (!roomForHandle || budget.TryAcquire() is not { } lease) return NetError.OutOfMemory;
        Task<IPAddress[]> lookup;
        try
        {
            lookup = Dns.GetHostAddressesAsync(ascii, family ?? AddressFamily.Unspecified);
        }
        catch (Exception ex) when (ex is SocketException or ArgumentException)
        {
            lookup = Task.FromException<IPAddress[]>(ex);
        }
        started = new NameLookup(lookup, family, includeUnavailable, lease);
        return null;
    }

    /// <summary>The lookup.</summary>
    public Task<IPAddress[]> Lookup { get; }

    /// <summary>True once the lookup is done (a pollable over it is ready).</summary>
    public bool IsDone => Lookup.IsCompleted;

    /// <summary>The next address (null after the last), or why there is none yet or at all.</summary>
    public NetError? Next(out IPAddress? address)
    {
        address = null;
        if (_addresses is null)
        {
            if (!Lookup.IsCompleted) return NetError.WouldBlock;
            if (Lookup.Exception is { } failure) return NetErrors.FromException(failure);
            if (Lookup.IsCanceled) return NetError.TemporaryResolverFailure;
            _addresses = Lookup.Result
                .Select(a => a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a)
                .Where(a => a.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
                .Where(a => _family is not { } f || a.AddressFamily == f)
                .Where(a => _includeUnavailable || a.AddressFamily != AddressFamily.InterNetworkV6 || Socket.OSSupportsIPv6)
                .Distinct()
                .ToArray();
            if (_addresses.Length == 0) return NetError.NameUnresolvable;
        }
        if (_next < _addresses.Length) address = _addresses[_next++];
        return null;
    }

    /// <summary>The IP address <paramref name="name"/> spells (IPv6 bare or in brackets), or null.</summary>
    public static IPAddress? Literal(string name)
    {
        bool bracketed = name.Length > 2 && name[0] == '[' && name[^1] == ']';
        var bare = bracketed ? name[1..^1] : name;
        if (!IPAddress.TryParse(bare, out var address)) return null;
        // Brackets only around IPv6; and TryParse's IPv6 needs a colon (it would read "1" as an address).
        if ((address.AddressFamily == AddressFamily.InterNetworkV6) != bare.Contains(':') || (bracketed && !bare.Contains(':'))) return null;
        return address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
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

    /// <summary>Observes a failure nobody will read, and returns the lookup's place in the budget.</summary>
    public void Dispose()
    {
        Lookup.ContinueWith(t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted);
        Interlocked.Exchange(ref _lease, null)?.Release();
    }
}
