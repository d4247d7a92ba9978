using System.Collections.Generic;
using System.Linq;
using WitBindgen.Generator.Abi;
using WitBindgen.Generator.Model;
using WitBindgen.Generator.Util;

namespace WitBindgen.Generator.Emit.Glue;

/// <summary>
/// One core function a guest imports, decided before any C# is written: its names under each naming a guest may use,
/// its core signature, and how its values cross (the flat parameters by WIT name, the layouts of what travels through
/// memory). The glue is written from it alone, and tests compare it with <see cref="CoreImports"/>, so the names the
/// tests check and those the glue defines cannot drift apart. Equatable, like everything the generator caches.
/// </summary>
/// <param name="Module">The core module by default: the world's import name (<c>ns:pkg/iface@1.2.3</c>, <c>streams</c>) or <c>$root</c>.</param>
/// <param name="Name">The core function name: <c>read</c>, <c>[method]r.m</c>, <c>[resource-drop]r</c>.</param>
/// <param name="Cm32p2Module">Today's WIT: the <c>cm32p2|…</c> module the function is also defined under.</param>
/// <param name="Cm32p2Name">Today's WIT: its name there (<c>r_drop</c> for a drop).</param>
/// <param name="ParamNames">One C# name per core parameter, after the WIT parameters (<c>bufPtr</c>, <c>bufLen</c>, <c>retPtr</c>).</param>
/// <param name="ArgsLayout">The parameters' record in memory, when they travel through a pointer.</param>
/// <param name="ResultsLayout">The results' record in memory, when they are stored through the return pointer.</param>
internal sealed record ImportSpec(
    string Module,
    string Name,
    string? Cm32p2Module,
    string? Cm32p2Name,
    CoreSignature Signature,
    EquatableArray<string> ParamNames,
    TypeLayout? ArgsLayout,
    TypeLayout? ResultsLayout)
{
    /// <summary>How traps name the function: <c>streams.read</c>.</summary>
    public string TrapName => Module + "." + Name;

    /// <summary>The spec of core function <paramref name="coreName"/> (WIT function <paramref name="function"/>) of an import.</summary>
    public static ImportSpec Of(EmitPlan plan, AbiLayout layout, ApiPlan api, string module, string coreName, Function function)
    {
        var sig = layout.For(function, isImport: true);
        return new ImportSpec(
            module,
            coreName,
            api.Cm32p2Module,
            api.Cm32p2Module is null ? null : Cm32p2Names.ImportName(coreName),
            sig,
            FlatParamNames(plan, layout, function, sig).ToEquatableArray(),
            sig.IndirectParams ? layout.ParamsLayout(function) : null,
            sig.ReturnPointer ? layout.ResultsLayout(function) : null);
    }

    /// <summary>
    /// The names of an import's flat core parameters, after its WIT parameters: <c>len</c>, <c>bufPtr</c>/<c>bufLen</c>
    /// for a string or list, <c>addr0</c>, <c>addr1</c>… for other types; <c>argsPtr</c> when they travel through
    /// memory, <c>retPtr</c> for the return pointer.
    /// </summary>
    private static List<string> FlatParamNames(EmitPlan plan, AbiLayout layout, Function fn, CoreSignature sig)
    {
        var scope = new NameScope(new[] { "impl", "ctx", "fn", "mem", "result", "ex", "caller", "data", "implementation", "context", "d" });
        var names = new List<string>();
        if (sig.IndirectParams) names.Add(scope.TakeNumbered("argsPtr"));
        else
        {
            foreach (var p in fn.Params)
            {
                var camel = Naming.Camel(p.Name).TrimStart('@');
                int count = layout.Flat(p.Type).Count;
                var u = plan.Unalias(p.Type);
                bool pair = count == 2 && (u.Kind == TypeRefKind.String || plan.Def(u) is { Kind: ListKind });
                if (count == 1) names.Add(scope.TakeNumbered(Naming.Camel(p.Name)));
                else if (pair)
                {
                    names.Add(scope.TakeNumbered(camel + "Ptr"));
                    names.Add(scope.TakeNumbered(camel + "Len"));
                }
                else for (int k = 0; k < count; k++) names.Add(scope.TakeNumbered(camel + k.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
        }
        if (sig.ReturnPointer) names.Add(scope.TakeNumbered("retPtr"));
        // A malformed model must still give one name per core parameter.
        for (int k = names.Count; k < sig.Params.Count; k++) names.Add(scope.TakeNumbered("a" + k.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return names.Take(sig.Params.Count).ToList();
    }
}
