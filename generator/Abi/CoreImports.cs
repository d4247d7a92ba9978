using System.Collections.Generic;
using WitBindgen.Generator.Model;
using WitBindgen.Generator.Util;

namespace WitBindgen.Generator.Abi;

/// <summary>What a core import is for: a WIT function, a resource's function, or one of the canonical built-ins.</summary>
public enum CoreImportKind : byte
{
    /// <summary>A function of an imported interface, or one the world imports itself.</summary>
    Function,
    /// <summary><c>[constructor]r</c> of an imported resource.</summary>
    Constructor,
    /// <summary><c>[method]r.m</c> of an imported resource: its first parameter is <c>self: borrow&lt;r&gt;</c>.</summary>
    Method,
    /// <summary><c>[static]r.f</c> of an imported resource.</summary>
    Static,
    /// <summary><c>[resource-drop]r</c> of an imported resource (<c>canon resource.drop</c>).</summary>
    ResourceDrop,
    /// <summary><c>[resource-new]r</c> from <c>[export]key</c>: a handle for a representation of a resource the guest exports (<c>canon resource.new</c>).</summary>
    ExportedResourceNew,
    /// <summary><c>[resource-rep]r</c> from <c>[export]key</c>: the representation behind a handle (<c>canon resource.rep</c>).</summary>
    ExportedResourceRep,
    /// <summary><c>[resource-drop]r</c> from <c>[export]key</c>: drops a handle of a resource the guest exports.</summary>
    ExportedResourceDrop,
}

/// <summary>
/// One core-wasm function import of a guest: <c>(import "module" "name" (func …))</c>.
/// </summary>
/// <param name="Module">The legacy module: the world's import name for an interface (<c>ns:pkg/iface@1.2.3</c>), <see cref="CoreImports.RootModule"/> for the world's own functions, <c>[export]key</c> for an exported resource's handles.</param>
/// <param name="Name">The legacy function name: <c>read</c>, <c>[method]r.m</c>, <c>[resource-drop]r</c>.</param>
/// <param name="Function">
/// The WIT function; for a canonical built-in, the function it is in WIT terms (<c>[resource-new]r(rep: u32) -&gt; r</c>).
/// </param>
/// <param name="Interface">The imported (or, for an exported resource's handles, exported) interface's index, or -1 for the world's own.</param>
/// <param name="Cm32p2Module">Today's WIT: the module under the newer <c>cm32p2</c> names (<c>cm32p2|ns:pkg/iface@1</c>, <c>cm32p2</c>, <c>cm32p2|_ex_ns:pkg/iface@1</c>); null for May-2023 worlds.</param>
/// <param name="Cm32p2Name">Today's WIT: the name there: the legacy one, but <c>r_drop</c>, <c>r_new</c>, <c>r_rep</c> for the built-ins.</param>
public sealed record CoreImport(
    string Module,
    string Name,
    CoreSignature Signature,
    Function Function,
    int Interface,
    CoreImportKind Kind = CoreImportKind.Function,
    string? Cm32p2Module = null,
    string? Cm32p2Name = null)
{
    /// <summary><c>streams.read (i32, i64, i32) -&gt; nil</c>: a line of core-abi.txt.</summary>
    public override string ToString() => Signature.ToString(Module, Name);
}

/// <summary>
/// The core imports of a guest of a world, named as wit-component names them: 0.9.0 (May 2023) for that dialect; for
/// today's, an interface imported by path is the module <c>ns:pkg/iface@version</c> (<see cref="WorldItem.AbiName"/>),
/// with the resources' functions and drops beside the interface's functions, and the handles of the resources the
/// guest exports from <c>[export]key</c> — each also under its <c>cm32p2</c> name. Written from the Canonical ABI and
/// wit-component's naming (its dummy module), not from the glue emitter, which tests compare with it.
/// </summary>
public static class CoreImports
{
    /// <summary>
    /// The core module name for functions imported by the world itself (<c>import f: func()</c>):
    /// wit-component's <c>BARE_FUNC_MODULE_NAME</c>.
    /// </summary>
    public const string RootModule = "$root";

    /// <summary>The module prefix of an exported interface's resource built-ins: <c>[export]ns:pkg/iface@1.2.3</c>.</summary>
    public const string ExportPrefix = "[export]";

    /// <summary><c>canon resource.drop</c>: <c>(func (param i32))</c>.</summary>
    public static readonly CoreSignature DropSignature = new(new[] { CoreType.I32 }, EquatableArray<CoreType>.Empty, true, false, false, false);

    /// <summary><c>canon resource.new</c> and <c>canon resource.rep</c>: <c>(func (param i32) (result i32))</c>.</summary>
    public static readonly CoreSignature NewOrRepSignature = new(new[] { CoreType.I32 }, new[] { CoreType.I32 }, true, false, false, false);

    public static EquatableArray<CoreImport> For(Resolve resolve, int world) => For(new AbiLayout(resolve), world);

    /// <summary>
    /// Every function the world's guests may import: in world import order, each interface's functions then its
    /// resources' (constructor, methods and static functions in declaration order, then the drop); the resources
    /// the world defines itself under <see cref="RootModule"/>; then per exported interface its resources' drop,
    /// new and rep. Signatures as lowered (<c>canon lower</c>). An unknown world, or an item of an unknown interface,
    /// contributes nothing.
    /// </summary>
    public static EquatableArray<CoreImport> For(AbiLayout layout, int world)
    {
        var resolve = layout.Resolve;
        var imports = new List<CoreImport>();
        if (resolve is null || world < 0 || world >= resolve.Worlds.Count || resolve.Worlds[world] is not { } w)
            return imports.ToArray();
        bool today = IsTodays(resolve, w);
        foreach (var item in w.Imports)
        {
            if (item is null) continue;
            if (item.Function is { } function)
            {
                imports.Add(new CoreImport(RootModule, function.Name, layout.For(function, isImport: true), function, -1,
                    CoreImportKind.Function, today ? Cm32p2Names.RootModule : null, today ? function.Name : null));
                continue;
            }
            if (Interface(resolve, item.Interface) is not { } iface) continue;
            var cm32p2 = today ? Cm32p2Names.ImportModule(item) : null;
            foreach (var f in iface.Functions)
            {
                if (f is null) continue;
                imports.Add(new CoreImport(item.AbiName, f.Name, layout.For(f, isImport: true), f, item.Interface,
                    CoreImportKind.Function, cm32p2, today ? f.Name : null));
            }
            AddImportedResources(layout, imports, iface.Types, TypeOwner.OfInterface(item.Interface), item.AbiName, cm32p2, item.Interface);
        }
        AddImportedResources(layout, imports, w.Types, TypeOwner.OfWorld(world), RootModule, today ? Cm32p2Names.RootModule : null, -1);

        foreach (var item in w.Exports)
        {
            if (item is null || item.Function is not null || Interface(resolve, item.Interface) is not { } iface) continue;
            var module = ExportPrefix + item.AbiName;
            var cm32p2 = today ? Cm32p2Names.Prefix + "|_ex_" + Cm32p2Names.CompatibleKey(item.AbiName) : null;
            foreach (var (id, name, _) in Resources(resolve, iface.Types, TypeOwner.OfInterface(item.Interface)))
            {
                var handle = new Param("handle", TypeRef.Of(id));
                var rep = new Param("rep", TypeRef.Primitive(TypeRefKind.U32));
                imports.Add(Builtin(module, "[resource-drop]" + name, DropSignature, new[] { handle }, null, item.Interface,
                    CoreImportKind.ExportedResourceDrop, cm32p2, name + "_drop"));
                imports.Add(Builtin(module, "[resource-new]" + name, NewOrRepSignature, new[] { rep }, TypeRef.Of(id), item.Interface,
                    CoreImportKind.ExportedResourceNew, cm32p2, name + "_new"));
                imports.Add(Builtin(module, "[resource-rep]" + name, NewOrRepSignature, new[] { handle }, TypeRef.Primitive(TypeRefKind.U32), item.Interface,
                    CoreImportKind.ExportedResourceRep, cm32p2, name + "_rep"));
            }
        }
        return imports.ToArray();
    }

    /// <summary>The functions of the resources <paramref name="owner"/> defines, then their drops.</summary>
    private static void AddImportedResources(AbiLayout layout, List<CoreImport> imports, IEnumerable<NamedType> types, TypeOwner owner,
        string module, string? cm32p2, int interfaceId)
    {
        foreach (var (id, name, resource) in Resources(layout.Resolve, types, owner))
        {
            foreach (var rf in resource.Functions)
            {
                if (rf?.Function is not { } f) continue;
                var (coreName, kind) = ResourceFunctionName(name, rf.Kind, f.Name);
                imports.Add(new CoreImport(module, coreName, layout.For(f, isImport: true), f, interfaceId, kind, cm32p2, cm32p2 is null ? null : coreName));
            }
            imports.Add(Builtin(module, "[resource-drop]" + name, DropSignature, new[] { new Param("handle", TypeRef.Of(id)) }, null, interfaceId,
                CoreImportKind.ResourceDrop, cm32p2, name + "_drop"));
        }
    }

    /// <summary><c>[constructor]r</c>, <c>[method]r.m</c>, <c>[static]r.f</c>: the names wit-parser gives a resource's functions.</summary>
    internal static (string Name, CoreImportKind Kind) ResourceFunctionName(string resource, ResourceFunctionKind kind, string function) => kind switch
    {
        ResourceFunctionKind.Constructor => ("[constructor]" + resource, CoreImportKind.Constructor),
        ResourceFunctionKind.Static => ("[static]" + resource + "." + function, CoreImportKind.Static),
        _ => ("[method]" + resource + "." + function, CoreImportKind.Method),
    };

    private static CoreImport Builtin(string module, string name, CoreSignature signature, Param[] parameters, TypeRef? result, int interfaceId,
        CoreImportKind kind, string? cm32p2Module, string cm32p2Name) =>
        new(module, name, signature, new Function(name, null, parameters, new FunctionResults(result, EquatableArray<Param>.Empty)), interfaceId,
            kind, cm32p2Module, cm32p2Module is null ? null : cm32p2Name);

    /// <summary>The resources among <paramref name="types"/> that <paramref name="owner"/> defines (not those it uses), each once.</summary>
    internal static IEnumerable<(int Id, string Name, ResourceKind Resource)> Resources(Resolve resolve, IEnumerable<NamedType> types, TypeOwner owner)
    {
        var seen = new HashSet<int>();
        foreach (var nt in types)
        {
            if (nt is null || nt.Type < 0 || nt.Type >= resolve.Types.Count || !seen.Add(nt.Type)) continue;
            if (resolve.Types[nt.Type] is { Kind: ResourceKind resource, Name: { } name } def && def.Owner == owner)
                yield return (nt.Type, name, resource);
        }
    }

    internal static Interface? Interface(Resolve resolve, int id) =>
        id >= 0 && id < resolve.Interfaces.Count ? resolve.Interfaces[id] : null;

    /// <summary>A world of a package that declares <c>package ns:name;</c> (today's WIT): its guests may use the <c>cm32p2</c> names.</summary>
    internal static bool IsTodays(Resolve resolve, World world) =>
        world.Package >= 0 && world.Package < resolve.Packages.Count && resolve.Packages[world.Package]?.Namespace is not null;
}
