using System.Collections.Generic;
using WitBindgen.Generator.Model;
using WitBindgen.Generator.Util;

namespace WitBindgen.Generator.Abi;

/// <summary>
/// One core-wasm function import of a guest: <c>(import "module" "name" (func …))</c>.
/// </summary>
/// <param name="Module">The world's import name for an interface import; <see cref="CoreImports.RootModule"/> for a function the world imports itself.</param>
/// <param name="Name">The function's name.</param>
/// <param name="Interface">The imported interface's index, or -1 for a world-level function.</param>
public sealed record CoreImport(string Module, string Name, CoreSignature Signature, Function Function, int Interface)
{
    /// <summary><c>streams.read (i32, i64, i32) -&gt; nil</c>: a line of core-abi.txt.</summary>
    public override string ToString() => Signature.ToString(Module, Name);
}

/// <summary>
/// The core imports of a guest of a world, named as wit-component names them: 0.9.0 (May 2023) for that dialect; for
/// today's, an interface imported by path is the module <c>ns:pkg/iface@version</c> (<see cref="WorldItem.AbiName"/>).
/// </summary>
public static class CoreImports
{
    /// <summary>
    /// The core module name for functions imported by the world itself (<c>import f: func()</c>):
    /// wit-component's <c>BARE_FUNC_MODULE_NAME</c>.
    /// </summary>
    public const string RootModule = "$root";

    public static EquatableArray<CoreImport> For(Resolve resolve, int world) => For(new AbiLayout(resolve), world);

    /// <summary>
    /// Every function the world imports, in world import order then function order: module = the import's name
    /// (or <see cref="RootModule"/>), field = the function name, signature as lowered (<c>canon lower</c>).
    /// An unknown world, or import of an unknown interface, contributes nothing.
    /// </summary>
    public static EquatableArray<CoreImport> For(AbiLayout layout, int world)
    {
        var resolve = layout.Resolve;
        var imports = new List<CoreImport>();
        if (resolve is null || world < 0 || world >= resolve.Worlds.Count || resolve.Worlds[world] is not { } w)
            return imports.ToArray();
        foreach (var item in w.Imports)
        {
            if (item is null) continue;
            if (item.Function is { } function)
            {
                imports.Add(new CoreImport(RootModule, function.Name, layout.For(function, isImport: true), function, -1));
                continue;
            }
            if (item.Interface < 0 || item.Interface >= resolve.Interfaces.Count || resolve.Interfaces[item.Interface] is not { } iface)
                continue;
            foreach (var f in iface.Functions)
            {
                if (f is null) continue;
                imports.Add(new CoreImport(item.AbiName, f.Name, layout.For(f, isImport: true), f, item.Interface));
            }
        }
        return imports.ToArray();
    }
}
