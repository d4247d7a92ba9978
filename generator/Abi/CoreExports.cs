using System.Collections.Generic;
using WitBindgen.Generator.Model;
using WitBindgen.Generator.Util;

namespace WitBindgen.Generator.Abi;

/// <summary>
/// One core-wasm function a guest exports for a function of its world: <c>run#run</c> for function <c>run</c> of
/// the exported interface <c>run</c>, or the bare function name for a function the world exports itself.
/// </summary>
/// <param name="Interface">The exported interface's index, or -1 for a world-level function.</param>
public sealed record CoreExport(string Name, CoreSignature Signature, Function Function, int Interface)
{
    /// <summary>
    /// <c>cabi_post_&lt;name&gt;</c>: the guest may export it to release what the function's results point at; the host
    /// calls it, if present, after reading the results.
    /// </summary>
    public string PostReturnName => CoreExports.PostReturnPrefix + Name;

    /// <summary><c>run#run () -&gt; i32</c>.</summary>
    public override string ToString() => Name + " " + Signature;
}

/// <summary>
/// The core function exports of a guest of a world, named as wit-component names them: <c>key#f</c>, where the key is
/// <see cref="WorldItem.AbiName"/> (<c>ns:pkg/iface@version</c> for today's interface exported by path).
/// </summary>
public static class CoreExports
{
    public const string PostReturnPrefix = "cabi_post_";
    public const string Memory = "memory";
    public const string Realloc = "cabi_realloc";

    public static EquatableArray<CoreExport> For(Resolve resolve, int world) => For(new AbiLayout(resolve), world);

    /// <summary>Every function the world exports, in world export order then function order, as lifted (<c>canon lift</c>).</summary>
    public static EquatableArray<CoreExport> For(AbiLayout layout, int world)
    {
        var resolve = layout.Resolve;
        var exports = new List<CoreExport>();
        if (resolve is null || world < 0 || world >= resolve.Worlds.Count || resolve.Worlds[world] is not { } w)
            return exports.ToArray();
        foreach (var item in w.Exports)
        {
            if (item is null) continue;
            if (item.Function is { } function)
            {
                exports.Add(new CoreExport(function.Name, layout.For(function, isImport: false), function, -1));
                continue;
            }
            if (item.Interface < 0 || item.Interface >= resolve.Interfaces.Count || resolve.Interfaces[item.Interface] is not { } iface)
                continue;
            foreach (var f in iface.Functions)
            {
                if (f is null) continue;
                exports.Add(new CoreExport(item.AbiName + "#" + f.Name, layout.For(f, isImport: false), f, item.Interface));
            }
        }
        return exports.ToArray();
    }
}
