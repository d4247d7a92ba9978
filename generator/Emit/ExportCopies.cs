using System.Collections.Generic;
using System.Linq;
using WitBindgen.Generator.Model;
using WitBindgen.Generator.Util;

namespace WitBindgen.Generator.Emit;

/// <summary>
/// An interface a world both imports (by name, or implicitly as a dependency) and exports is two instances in a
/// component: the host implements the import, the guest its own copy of the export, and their resources are different
/// resources (an imported <c>r</c> is an object of the host, an exported <c>r</c> a wrapper of the guest's). As
/// wit-bindgen does with its <c>exports::</c> module, the export side gets a copy of the interface and of every type it
/// owns, so that each side has C# types of its own — when it needs one: when its types or functions reach a resource
/// of an interface imported and exported (without resources both sides keep sharing one class of types). The copy is
/// exported under the item's name with <see cref="Suffix"/> (<c>api</c> → class <c>ApiExport</c>, interface
/// <c>IApiExport</c>, glue <c>ApiExports</c>) and keeps its canonical-ABI name (<c>ns:pkg/api@v#f</c>,
/// <c>[export]ns:pkg/api@v</c>). Interfaces only the world exports that use a copied interface's types use the copy,
/// as wit-parser's elaboration makes an export's exported dependencies the exported instances. Anonymous types are
/// copied where they hold a copied type.
/// </summary>
internal sealed class ExportCopies
{
    /// <summary>What the copy's item name gets after it: its C# names are the import's followed by <c>Export</c>.</summary>
    public const string Suffix = "-export";

    private readonly Resolve _resolve;
    private readonly List<TypeDef> _types;
    private readonly Dictionary<int, int> _copies = new();
    private readonly Dictionary<int, int> _anonymous = new();

    private ExportCopies(Resolve resolve)
    {
        _resolve = resolve;
        _types = resolve.Types.ToList();
    }

    /// <summary>The model in which world <paramref name="worldId"/> exports copies of the interfaces it also imports; the same model when it has none.</summary>
    public static Resolve Split(Resolve resolve, int worldId)
    {
        if (worldId < 0 || worldId >= resolve.Worlds.Count) return resolve;
        var world = resolve.Worlds[worldId];
        var imported = new HashSet<int>(world.Imports.Where(i => i.IsInterface).Select(i => i.Interface));
        var dual = world.Exports.Where(e => e.IsInterface && imported.Contains(e.Interface)
                && e.Interface >= 0 && e.Interface < resolve.Interfaces.Count)
            .Select(e => e.Interface).Distinct().ToList();
        // Without resources both sides can share one set of C# types (and do, as before): only an interface whose
        // types or functions reach a resource of such an interface needs a copy.
        var dualSet = new HashSet<int>(dual);
        dual = dual.Where(id => ReachesResource(resolve, id, dualSet)).ToList();
        if (dual.Count == 0) return resolve;
        return new ExportCopies(resolve).Run(world, worldId, dual, imported);
    }

    /// <summary>Whether the types or functions of interface <paramref name="id"/> reach a resource that one of <paramref name="owners"/> defines.</summary>
    private static bool ReachesResource(Resolve resolve, int id, HashSet<int> owners)
    {
        var pending = new Stack<TypeRef>();
        var iface = resolve.Interfaces[id];
        foreach (var nt in iface.Types) pending.Push(TypeRef.Of(nt.Type));
        foreach (var fn in iface.Functions)
        {
            foreach (var p in fn.Params) pending.Push(p.Type);
            foreach (var r in fn.Results.Types) pending.Push(r);
        }
        // Iterative: a type may be deep.
        var seen = new HashSet<int>();
        while (pending.Count > 0)
        {
            var type = pending.Pop();
            if (!type.IsId || type.Id < 0 || type.Id >= resolve.Types.Count || !seen.Add(type.Id)) continue;
            var def = resolve.Types[type.Id];
            if (def.Kind is ResourceKind && def.Owner.Kind == TypeOwnerKind.Interface && owners.Contains(def.Owner.Id)) return true;
            if (def.Kind is HandleKind handle) pending.Push(handle.Resource);
            foreach (var child in TypeDefs.Children(def)) pending.Push(child);
        }
        return false;
    }

    private Resolve Run(World world, int worldId, List<int> dual, HashSet<int> imported)
    {
        var interfaces = _resolve.Interfaces.ToList();
        var interfaceCopies = new Dictionary<int, int>();
        foreach (var id in dual)
        {
            interfaceCopies[id] = interfaces.Count;
            interfaces.Add(interfaces[id]);
        }
        // Every type a copied interface owns gets its copy's index first, so that a resource's methods (whose self is
        // a handle to the resource) and types referring to each other find them.
        for (int t = 0; t < _resolve.Types.Count; t++)
        {
            var owner = _resolve.Types[t].Owner;
            if (owner.Kind == TypeOwnerKind.Interface && interfaceCopies.ContainsKey(owner.Id))
            {
                _copies[t] = _types.Count;
                _types.Add(_resolve.Types[t]);
            }
        }
        foreach (var pair in _copies)
        {
            var def = _resolve.Types[pair.Key];
            _types[pair.Value] = def with { Owner = TypeOwner.OfInterface(interfaceCopies[def.Owner.Id]), Kind = MapKind(def.Kind) };
        }
        foreach (var pair in interfaceCopies) interfaces[pair.Value] = CopyInterface(interfaces[pair.Key]);

        // Interfaces only exported: they use the copies (nothing imported can reach them).
        var exportOnly = world.Exports.Where(e => e.IsInterface && !imported.Contains(e.Interface)
            && e.Interface >= 0 && e.Interface < _resolve.Interfaces.Count).Select(e => e.Interface).Distinct().ToList();
        var exportOnlySet = new HashSet<int>(exportOnly);
        for (int t = 0; t < _resolve.Types.Count; t++)
        {
            var owner = _resolve.Types[t].Owner;
            if (owner.Kind == TypeOwnerKind.Interface && exportOnlySet.Contains(owner.Id)) _types[t] = _types[t] with { Kind = MapKind(_resolve.Types[t].Kind) };
        }
        foreach (var id in exportOnly) interfaces[id] = CopyInterface(interfaces[id]);

        var exports = world.Exports.Select(e => e.IsInterface && interfaceCopies.TryGetValue(e.Interface, out var copy)
            ? new WorldItem(e.Name + Suffix, e.Docs, copy, null, e.AbiName) { IsExportCopy = true }
            : e).ToEquatableArray();
        var worlds = _resolve.Worlds.ToList();
        worlds[worldId] = world with { Exports = exports };
        return _resolve with
        {
            Interfaces = interfaces.ToEquatableArray(),
            Worlds = worlds.ToEquatableArray(),
            Types = _types.ToEquatableArray(),
        };
    }

    private Interface CopyInterface(Interface iface) => iface with
    {
        Types = iface.Types.Select(nt => new NamedType(nt.Name, Map(TypeRef.Of(nt.Type)).Id)).ToEquatableArray(),
        Functions = iface.Functions.Select(MapFunction).ToEquatableArray(),
    };

    /// <summary>The type the export side uses for <paramref name="type"/>.</summary>
    private TypeRef Map(TypeRef type)
    {
        if (!type.IsId || type.Id < 0 || type.Id >= _resolve.Types.Count) return type;
        if (_copies.TryGetValue(type.Id, out var copy)) return TypeRef.Of(copy);
        var def = _resolve.Types[type.Id];
        if (def.Name is not null) return type;   // a named type of another interface: shared
        if (_anonymous.TryGetValue(type.Id, out var known)) return TypeRef.Of(known);
        var kind = MapKind(def.Kind);
        int id = type.Id;
        if (!Equals(kind, def.Kind))
        {
            id = _types.Count;
            _types.Add(def with { Kind = kind });
        }
        _anonymous[type.Id] = id;
        return TypeRef.Of(id);
    }

    private TypeRef? Map(TypeRef? type) => type is { } t ? Map(t) : null;

    private Function MapFunction(Function fn) => fn with
    {
        Params = fn.Params.Select(p => p with { Type = Map(p.Type) }).ToEquatableArray(),
        Results = new FunctionResults(Map(fn.Results.Anonymous), fn.Results.Named.Select(p => p with { Type = Map(p.Type) }).ToEquatableArray()),
    };

    private TypeDefKind MapKind(TypeDefKind kind) => kind switch
    {
        AliasKind a => new AliasKind(Map(a.Target)),
        RecordKind r => new RecordKind(r.Fields.Select(f => f with { Type = Map(f.Type) }).ToEquatableArray()),
        VariantKind v => new VariantKind(v.Cases.Select(c => c with { Type = Map(c.Type) }).ToEquatableArray()),
        UnionKind u => new UnionKind(u.Cases.Select(c => c with { Type = Map(c.Type) }).ToEquatableArray()),
        OptionKind o => new OptionKind(Map(o.Type)),
        ResultKind r => new ResultKind(Map(r.Ok), Map(r.Err)),
        TupleKind t => new TupleKind(t.Types.Select(Map).ToEquatableArray()),
        ListKind l => new ListKind(Map(l.Element)),
        HandleKind h => new HandleKind(h.IsOwn, Map(h.Resource)),
        FutureKind f => new FutureKind(Map(f.Type)),
        StreamKind s => new StreamKind(Map(s.Element), Map(s.End)),
        ResourceKind r => new ResourceKind(r.Functions.Select(f => f with { Function = MapFunction(f.Function) }).ToEquatableArray(), r.Span),
        _ => kind,
    };
}
