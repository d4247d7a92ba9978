using WitBindgen.Generator.Model;

namespace WitBindgen.Generator.Abi;

/// <summary>
/// The newer core names (<c>cm32p2</c>, wit-component's standard 32-bit mangling) that jco 1.35.0's
/// <c>componentEmbed({ dummy: true })</c> gives a guest of today's WIT: imports from <c>cm32p2|ns:pkg/iface@1</c>
/// (the version cut to its semver-compatible prefix), <c>cm32p2|name</c> for a named item, <c>cm32p2</c> for the
/// world's own functions; a resource's drop is <c>r_drop</c>, every other function keeps its legacy name.
/// </summary>
public static class Cm32p2Names
{
    public const string Prefix = "cm32p2";

    /// <summary>The module of an imported item's functions.</summary>
    public static string ImportModule(WorldItem item) => item.IsInterface ? Prefix + "|" + CompatibleKey(item.AbiName) : Prefix;

    /// <summary>The module of the world's own imported functions.</summary>
    public static string RootModule => Prefix;

    /// <summary>A function's field name: the legacy one, but <c>[resource-drop]r</c> is <c>r_drop</c>.</summary>
    public static string ImportName(string legacyName) =>
        legacyName.StartsWith("[resource-drop]", System.StringComparison.Ordinal) ? legacyName.Substring("[resource-drop]".Length) + "_drop" : legacyName;

    /// <summary>
    /// <c>ns:pkg/iface@1.2.3</c> to <c>ns:pkg/iface@1</c>, <c>@0.2.3</c> to <c>@0.2</c>; <c>@0.0.3</c> and
    /// pre-release versions stay whole (semver counts them compatible only with themselves).
    /// </summary>
    public static string CompatibleKey(string key)
    {
        int at = key.LastIndexOf('@');
        if (at < 0) return key;
        var version = key.Substring(at + 1);
        if (version.IndexOfAny(new[] { '-', '+' }) >= 0) return key;
        var parts = version.Split('.');
        if (parts.Length != 3) return key;
        if (parts[0] != "0") return key.Substring(0, at + 1) + parts[0];
        if (parts[1] != "0") return key.Substring(0, at + 1) + "0." + parts[1];
        return key;
    }
}
