using System;
using System.Collections.Generic;
using Wasmtime;

namespace WitBindgen.Runtime.Abi;

/// <summary>
/// Semver-compatible import names: a guest built against <c>ns:pkg/iface@1.2.0</c> links against a host generated
/// from <c>ns:pkg/iface@1.4.1</c>. Versions are compatible when they share the major version (for <c>0.x</c>, the
/// minor; <c>0.0.x</c> and pre-releases only match themselves) and the host's is not older than the guest's, since a
/// newer guest may call functions the host does not have.
/// </summary>
public static class ImportVersions
{
    /// <summary>
    /// The import modules of <paramref name="guest"/> that a host generated for <paramref name="hostModule"/>
    /// (<c>ns:pkg/iface@version</c>) serves, besides <paramref name="hostModule"/> itself: the same interface at an
    /// older compatible version. Empty when <paramref name="hostModule"/> has no version or the guest imports none.
    /// </summary>
    public static IReadOnlyList<string> OlderCompatibleImports(Module guest, string hostModule)
    {
        ArgumentNullException.ThrowIfNull(guest);
        return OlderCompatibleImports(new[] { guest }, hostModule);
    }

    /// <summary>The same for several guests (each name once): what one linker shared by their stores must define.</summary>
    public static IReadOnlyList<string> OlderCompatibleImports(IReadOnlyList<Module> guests, string hostModule)
    {
        ArgumentNullException.ThrowIfNull(guests);
        ArgumentNullException.ThrowIfNull(hostModule);
        var found = new List<string>();
        foreach (var guest in guests)
        {
            ArgumentNullException.ThrowIfNull(guest);
            foreach (var import in guest.Imports)
                if (!found.Contains(import.ModuleName) && import.ModuleName != hostModule && Serves(hostModule, import.ModuleName))
                    found.Add(import.ModuleName);
        }
        return found;
    }

    /// <summary>
    /// True when a host generated for <paramref name="hostModule"/> serves a guest importing
    /// <paramref name="guestModule"/>: the same interface, at a compatible version not newer than the host's.
    /// </summary>
    public static bool Serves(string hostModule, string guestModule)
    {
        ArgumentNullException.ThrowIfNull(hostModule);
        ArgumentNullException.ThrowIfNull(guestModule);
        if (hostModule == guestModule) return true;
        int hostAt = hostModule.LastIndexOf('@'), guestAt = guestModule.LastIndexOf('@');
        if (hostAt <= 0 || guestAt != hostAt || string.CompareOrdinal(hostModule, 0, guestModule, 0, hostAt) != 0) return false;
        if (hostModule.Contains('|') || guestModule.Contains('|')) return false;   // cm32p2 names carry the compatible prefix already
        return IsCompatible(hostModule.AsSpan(hostAt + 1), guestModule.AsSpan(guestAt + 1));
    }

    /// <summary>True when a host at <paramref name="host"/> serves a guest built against <paramref name="guest"/>.</summary>
    public static bool IsCompatible(ReadOnlySpan<char> host, ReadOnlySpan<char> guest)
    {
        if (!TryParse(host, out var h) || !TryParse(guest, out var g)) return false;
        if (h.Major != g.Major) return false;
        if (h.Major == 0)
        {
            if (h.Minor != g.Minor) return false;
            if (h.Minor == 0) return h.Patch == g.Patch;   // 0.0.x: every patch may break
            return h.Patch >= g.Patch;
        }
        return h.Minor > g.Minor || (h.Minor == g.Minor && h.Patch >= g.Patch);
    }

    /// <summary>A plain <c>major.minor.patch</c>; pre-release and build versions are compatible only with themselves.</summary>
    private static bool TryParse(ReadOnlySpan<char> text, out (int Major, int Minor, int Patch) version)
    {
        version = default;
        Span<int> parts = stackalloc int[3];
        for (int i = 0; i < 3; i++)
        {
            int dot = i < 2 ? text.IndexOf('.') : text.Length;
            if (dot <= 0) return false;
            var part = text.Slice(0, dot);
            if (part.Length > 9 || (part.Length > 1 && part[0] == '0')) return false;
            int value = 0;
            foreach (var c in part)
            {
                if (c < '0' || c > '9') return false;
                value = value * 10 + (c - '0');
            }
            parts[i] = value;
            text = i < 2 ? text.Slice(dot + 1) : ReadOnlySpan<char>.Empty;
        }
        version = (parts[0], parts[1], parts[2]);
        return true;
    }
}
