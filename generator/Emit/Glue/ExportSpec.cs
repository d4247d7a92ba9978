using WitBindgen.Generator.Abi;
using WitBindgen.Generator.Model;

namespace WitBindgen.Generator.Emit.Glue;

/// <summary>
/// One core function a guest exports, decided before any C# is written: its name under each naming a guest may use,
/// the post-return it may export beside it, its core signature (the flat parameters and results) and the layouts of
/// what travels through memory. The export wrappers are written from it alone, and tests compare it with
/// <see cref="CoreExports"/>, so the names the tests check and those the glue looks up cannot drift apart.
/// Equatable, like everything the generator caches.
/// </summary>
/// <param name="Name">The legacy core name: <c>ns:pkg/iface@1.2.3#f</c>, <c>run#run</c>, <c>key#[method]r.m</c>, or <c>f</c> for a world's own function.</param>
/// <param name="Cm32p2Name">Today's WIT: the <c>cm32p2|ns:pkg/iface@1|f</c> (<c>cm32p2||f</c>) name a guest may export it under instead.</param>
/// <param name="ArgsLayout">The parameters' record in guest memory, when they travel through a pointer.</param>
/// <param name="ResultsLayout">The results' record in guest memory, when the function returns a pointer to them.</param>
internal sealed record ExportSpec(
    string Name,
    string? Cm32p2Name,
    CoreSignature Signature,
    TypeLayout? ArgsLayout,
    TypeLayout? ResultsLayout)
{
    /// <summary><c>cabi_post_&lt;name&gt;</c>: the post-return of a guest that uses the legacy names.</summary>
    public string PostReturnName => CoreExports.PostReturnPrefix + Name;

    /// <summary><c>&lt;cm32p2 name&gt;_post</c>: the post-return of a guest that uses the <c>cm32p2</c> names.</summary>
    public string? Cm32p2PostReturnName => Cm32p2Name is null ? null : Cm32p2Name + "_post";

    /// <summary>The legacy core name of <paramref name="coreName"/> (a function's name, <c>[method]r.m</c>, <c>[dtor]r</c>) in an export.</summary>
    public static string LegacyName(ApiPlan api, string coreName) => api.InterfaceId < 0 ? coreName : api.AbiName + "#" + coreName;

    /// <summary>Its <c>cm32p2</c> name, when the world is in today's WIT.</summary>
    public static string? Cm32p2NameOf(ApiPlan api, string coreName) => api.Cm32p2ExportPrefix is { } prefix ? prefix + coreName : null;

    /// <summary>The spec of core function <paramref name="coreName"/> (WIT function <paramref name="function"/>) of an export.</summary>
    public static ExportSpec Of(AbiLayout layout, ApiPlan api, string coreName, Function function)
    {
        var sig = layout.For(function, isImport: false);
        return new ExportSpec(
            LegacyName(api, coreName),
            Cm32p2NameOf(api, coreName),
            sig,
            sig.IndirectParams ? layout.ParamsLayout(function) : null,
            sig.IndirectResults ? layout.ResultsLayout(function) : null);
    }
}
