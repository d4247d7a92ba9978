using System;
using WitBindgen.Runtime.Abi;

namespace WitBindgen.Wasi.P2;

/// <summary>
/// Which WASI 0.2 core module names our 0.2.12 host serves, as Wasmtime matches them: a guest built against
/// <c>wasi:io/streams@0.2.0</c> … <c>@0.2.12</c> links (same major, and for 0.x the same minor; the host's patch at
/// least the guest's). The newer <c>cm32p2|wasi:io/streams@0.2</c> names carry only the compatible prefix already.
/// </summary>
internal static class P2Versions
{
    /// <summary>The version of the WIT this host is generated from.</summary>
    public const string HostVersion = "0.2.12";

    /// <summary>True for a version <c>0.2.N</c> (a plain patch number).</summary>
    public static bool IsZeroTwo(ReadOnlySpan<char> version) =>
        version.StartsWith("0.2.") && IsPatch(version.Slice(4));

    private static bool IsPatch(ReadOnlySpan<char> text)
    {
        // Semver: a patch is digits, without leading zeros; a pre-release or build suffix is not compatible.
        if (text.Length == 0 || text.Length > 4 || (text.Length > 1 && text[0] == '0')) return false;
        foreach (var c in text)
            if (c < '0' || c > '9') return false;
        return true;
    }

    /// <summary>
    /// For a guest's import module <c>ns:pkg/iface@0.2.N</c> (N ≤ 12, N ≠ 12): the interface id <c>ns:pkg/iface</c>
    /// whose 0.2.12 functions serve it. False for our own version, other versions and other names.
    /// </summary>
    public static bool IsCompatibleOlderName(string module, out string interfaceId)
    {
        interfaceId = "";
        int at = module.LastIndexOf('@');
        if (at <= 0 || !module.StartsWith("wasi:", StringComparison.Ordinal) || module.Contains('|')) return false;
        var version = module.AsSpan(at + 1);
        // The semver rule every versioned world's host follows (ImportVersions); 0.2.12 itself is not "older".
        if (version.SequenceEqual(HostVersion) || !ImportVersions.IsCompatible(HostVersion, version)) return false;
        interfaceId = module.Substring(0, at);
        return true;
    }
}
