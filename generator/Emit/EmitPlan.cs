using System;
using System.Collections.Generic;
using System.Linq;
using WitBindgen.Generator.Model;
using WitBindgen.Generator.Util;

namespace WitBindgen.Generator.Emit;

/// <summary>A <c>public static partial class</c> holding the types of one interface (or of the world itself).</summary>
internal sealed class ClassPlan
{
    public ClassPlan(string name, int interfaceId, string? docs)
    {
        Name = name;
        InterfaceId = interfaceId;
        Docs = docs;
    }

    public string Name { get; set; }
    /// <summary>The interface whose types the class holds; -1 for the world's own types.</summary>
    public int InterfaceId { get; }
    public string? Docs { get; }
    public List<TypePlan> Types { get; } = new();
    /// <summary>Every type name declared inside the class (types and variant tag enums).</summary>
    public HashSet<string> NestedNames { get; } = new(StringComparer.Ordinal);
    /// <summary>The <c>I…</c> interfaces emitted into the same file.</summary>
    public List<ApiPlan> Apis { get; } = new();
    public string HintName { get; set; } = "";
}

/// <summary>A type the emitter declares: a record, variant, union, enum or flags, with its C# names.</summary>
internal sealed class TypePlan
{
    public TypePlan(int id, TypeDef def, ClassPlan owner, string name)
    {
        Id = id;
        Def = def;
        Class = owner;
        Name = name;
    }

    public int Id { get; }
    public TypeDef Def { get; }
    public ClassPlan Class { get; }
    public string Name { get; }
    /// <summary>Fields, cases or flags, in WIT order.</summary>
    public List<string> Members { get; } = new();
    /// <summary>The tag enum of a variant or union.</summary>
    public string? TagName { get; set; }
}

/// <summary>A C# interface of functions: an imported or exported WIT interface, or a world's own functions.</summary>
internal sealed class ApiPlan
{
    public ApiPlan(string name, bool isImport, string witName, string? docs, int interfaceId, IReadOnlyList<Function> functions)
    {
        Name = name;
        IsImport = isImport;
        WitName = witName;
        Docs = docs;
        InterfaceId = interfaceId;
        Functions = functions;
        AbiName = witName;
    }

    public string Name { get; set; }
    public bool IsImport { get; }
    public string WitName { get; }
    /// <summary>The canonical-ABI name: the core module of an import, the prefix (<c>…#f</c>) of an export's functions.</summary>
    public string AbiName { get; set; }
    /// <summary>For an import of a world in today's WIT: the <c>cm32p2|…</c> module its functions are also defined under.</summary>
    public string? Cm32p2Module { get; set; }
    public string? Docs { get; }
    public int InterfaceId { get; }
    /// <summary>The export side of an interface the world also imports (its C# names end in <c>Export</c>).</summary>
    public bool IsExportCopy { get; init; }
    public IReadOnlyList<Function> Functions { get; private set; }

    /// <summary>The core name each of <see cref="Functions"/> is imported or exported as.</summary>
    public IReadOnlyList<string> CoreNames => _coreNames ?? (IReadOnlyList<string>)Functions.Select(f => f.Name).ToList();

    private List<string>? _coreNames;

    /// <summary>
    /// An imported resource's methods and drops: core functions the glue calls on the resource's object. For an
    /// exported interface: its resources' methods, which the glue calls in the guest for the wrapper.
    /// </summary>
    public List<ResourceCall> ResourceCalls { get; } = new();

    /// <summary>For an exported interface in today's WIT: what its export names start with under the <c>cm32p2</c> names (<c>cm32p2|ns:pkg/iface@0.1|</c>).</summary>
    public string? Cm32p2ExportPrefix { get; set; }

    /// <summary>An exported interface's resources (the guest implements them; the host holds wrappers).</summary>
    public List<ExportedResource> ExportedResources { get; } = new();

    /// <summary>Adds a function the host API has under another core name (a resource's constructor or static function).</summary>
    public void Add(Function function, string coreName)
    {
        _coreNames ??= Functions.Select(f => f.Name).ToList();
        Functions = Functions.Concat(new[] { function }).ToList();
        _coreNames.Add(coreName);
    }
}

/// <summary>
/// <c>[method]r.m</c> (calls <paramref name="Method"/> on the borrowed <c>self</c>) or, with no method,
/// <c>[resource-drop]r</c> (removes the handle and disposes the object).
/// </summary>
internal sealed record ResourceCall(Function Function, string CoreName, TypeRef Resource, string? Method);

/// <summary>
/// A resource of an exported interface: <paramref name="Key"/> (<c>ns:pkg/iface@v#r</c>) names it in the host's table,
/// <paramref name="WitName"/> is <c>r</c>.
/// </summary>
internal sealed record ExportedResource(TypeRef Type, string WitName, string Key);

/// <summary>
/// Everything decided before writing: which interfaces a world needs, the C# name of every class, type, member
/// and interface, and which names could hide the well-known types generated code refers to.
/// </summary>
internal sealed class EmitPlan
{
    private static readonly string[] RecordReserved =
    {
        "ToString", "GetHashCode", "Equals", "GetType", "Deconstruct", "PrintMembers", "EqualityContract",
        "MemberwiseClone", "Finalize", "ReferenceEquals",
    };

    private static readonly string[] VariantReserved = RecordReserved.Concat(new[] { "Tag", "Match", "TResult", "Instance", "Value" }).ToArray();

    private static readonly string[] LargeFlagsReserved = RecordReserved.Concat(new[] { "None", "Words", "HasFlag", "WordCount", "LastWordMask", "Single" }).ToArray();

    private readonly Dictionary<int, TypePlan> _types = new();
    private readonly Dictionary<int, ClassPlan> _classByInterface = new();

    private EmitPlan(Resolve resolve, int worldId, string ns)
    {
        Resolve = resolve;
        WorldId = worldId;
        Namespace = ns;
    }

    public Resolve Resolve { get; }
    public int WorldId { get; }
    public World? World => WorldId >= 0 && WorldId < Resolve.Worlds.Count ? Resolve.Worlds[WorldId] : null;
    public string Namespace { get; }
    public List<ClassPlan> Classes { get; } = new();
    public ClassPlan? WorldClass { get; private set; }
    public ApiPlan? WorldImports { get; private set; }
    public ApiPlan? WorldExports { get; private set; }
    public string WorldName { get; private set; } = "World";
    public string WorldHintName { get; private set; } = "World.World.g.cs";

    /// <summary>Every identifier the emitter declares, plus the namespace's segments: names that can hide others.</summary>
    public HashSet<string> DeclaredNames { get; } = new(StringComparer.Ordinal);

    public TypeDef? Def(TypeRef type) =>
        type.IsId && type.Id >= 0 && type.Id < Resolve.Types.Count ? Resolve.Types[type.Id] : null;

    public Interface? Iface(int id) => id >= 0 && id < Resolve.Interfaces.Count ? Resolve.Interfaces[id] : null;

    /// <summary>Follows aliases, however many, stopping on a broken index or a cycle.</summary>
    public TypeRef Unalias(TypeRef type)
    {
        // A chain longer than the number of types has gone round a cycle (only a hand-built model has one).
        for (int guard = 0; guard <= Resolve.Types.Count; guard++)
        {
            if (Def(type) is { Kind: AliasKind alias }) type = alias.Target;
            else break;
        }
        return type;
    }

    public TypePlan? Declared(int id) => _types.TryGetValue(id, out var t) ? t : null;

    /// <summary>Whether any item is <c>@deprecated</c> (its C# is <c>[Obsolete]</c>, which generated code must not warn about).</summary>
    public bool HasDeprecated => _hasDeprecated ??=
        Resolve.Types.Any(t => t.Deprecated != null || (t.Kind is ResourceKind r && r.Functions.Any(f => f.Function.Deprecated != null)))
        || Resolve.Interfaces.Any(i => i.Functions.Any(f => f.Deprecated != null))
        || Resolve.Interfaces.Any(i => i.Deprecated != null)
        || Resolve.Worlds.Any(w => w.Deprecated != null || w.Imports.Concat(w.Exports).Any(item => item.Function?.Deprecated != null));

    /// <summary>The version an interface (or, for -1, the world) was deprecated in: its C# classes and interfaces are <c>[Obsolete]</c>.</summary>
    public string? DeprecatedSince(int interfaceId) => interfaceId < 0 ? World?.Deprecated : Iface(interfaceId)?.Deprecated;

    private bool? _hasDeprecated;

    /// <summary>The resources of the interfaces the world exports: the guest implements them, the host wraps them.</summary>
    public HashSet<int> ExportedResourceIds { get; } = new();

    /// <summary>
    /// Whether a resource, or a handle to one (through aliases), is a resource the guest exports: its handles live in
    /// the host's table of the guest's own resources, and its C# type is a wrapper class.
    /// </summary>
    public bool IsExportedResource(TypeRef type) => ExportedResourceOf(type) is not null;

    /// <summary>The resource (unaliased) behind an exported resource or a handle to one; null for anything else.</summary>
    public TypeRef? ExportedResourceOf(TypeRef type)
    {
        var u = Unalias(type);
        if (Def(u) is { Kind: HandleKind handle }) u = Unalias(handle.Resource);
        return u.IsId && ExportedResourceIds.Contains(u.Id) ? u : null;
    }

    /// <summary>The key of an exported resource in the host's table: <c>ns:pkg/iface@v#r</c>.</summary>
    public string ResourceKey(TypeRef resource)
    {
        var def = Def(resource);
        var name = def?.Name ?? "resource";
        if (def is { Owner.Kind: TypeOwnerKind.Interface } && World is { } world)
            foreach (var item in world.Exports)
                if (item.IsInterface && item.Interface == def.Owner.Id) return item.AbiName + "#" + name;
        return name;
    }

    public ClassPlan? ClassOf(int interfaceId) => _classByInterface.TryGetValue(interfaceId, out var c) ? c : null;

    public static bool IsDeclaredKind(TypeDefKind kind) =>
        kind is RecordKind or VariantKind or EnumKind or FlagsKind or UnionKind or ResourceKind;

    public static EmitPlan Build(Resolve resolve, int worldId, string ns)
    {
        // An interface both imported and exported: the export side gets a copy with C# types of its own.
        var plan = new EmitPlan(ExportCopies.Split(resolve, worldId), worldId, ns);
        plan.Plan();
        return plan;
    }

    private void Plan()
    {
        foreach (var segment in Namespace.Split('.')) DeclaredNames.Add(segment.TrimStart('@'));
        var world = World;
        if (world is null) return;
        WorldName = Naming.Pascal(world.Name);

        foreach (var item in world.Exports)
        {
            if (!item.IsInterface || Iface(item.Interface) is not { } exported) continue;
            foreach (var nt in exported.Types)
                if (Def(TypeRef.Of(nt.Type)) is { Kind: ResourceKind, Owner: { Kind: TypeOwnerKind.Interface } owner } && owner.Id == item.Interface)
                    ExportedResourceIds.Add(nt.Type);
        }

        var owned = OwnedTypes();
        var (included, orphans) = Reachable(world, owned);

        // ---- namespace-level names: classes first (world item names win, then use-only ones), then interfaces ----
        var items = world.Imports.Select(i => (Item: i, IsImport: true)).Concat(world.Exports.Select(e => (Item: e, IsImport: false))).ToList();
        var firstItem = new Dictionary<int, WorldItem>();
        foreach (var (item, _) in items)
            if (item.IsInterface && !item.IsImplicit && Iface(item.Interface) != null && !firstItem.ContainsKey(item.Interface))
                firstItem[item.Interface] = item;

        var candidates = new List<(int Interface, string Name, bool FromWorld)>();
        foreach (var id in included)
        {
            if (firstItem.TryGetValue(id, out var item)) candidates.Add((id, Naming.Pascal(item.Name), true));
            else candidates.Add((id, Naming.Pascal(Iface(id)!.Name ?? "interface-" + id), false));
        }
        // A class named like a segment of the namespace would make that name ambiguous for users.
        var namespaceScope = new NameScope(Namespace.Split('.').Select(s => s.TrimStart('@')));
        var groups = candidates.GroupBy(c => c.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var candidate in candidates)
        {
            var group = groups[candidate.Name];
            string name = candidate.Name;
            if (group.Count > 1)
            {
                // The first world item keeps its name; every other clashing interface gets its package's name first.
                var keeper = group.FirstOrDefault(g => g.FromWorld);
                bool keeps = keeper.Name != null && keeper.Interface == candidate.Interface;
                if (!keeps) name = PackagePrefix(candidate.Interface) + name;
            }
            if (namespaceScope.IsTaken(name)) name = PackagePrefix(candidate.Interface) + name;
            name = Naming.AvoidImplicitBclName(name);
            var iface = Iface(candidate.Interface)!;
            var cls = new ClassPlan(namespaceScope.TakeNumbered(name), candidate.Interface, iface.Docs);
            Classes.Add(cls);
            _classByInterface[candidate.Interface] = cls;
        }

        var worldTypes = new List<int>();
        foreach (var nt in world.Types)
            if (Def(TypeRef.Of(nt.Type)) is { } def && def.Owner.Kind == TypeOwnerKind.World && def.Owner.Id == WorldId
                && def.Name != null && IsDeclaredKind(def.Kind) && !worldTypes.Contains(nt.Type))
                worldTypes.Add(nt.Type);
        foreach (var id in owned.World) if (!worldTypes.Contains(id)) worldTypes.Add(id);
        foreach (var id in orphans) if (!worldTypes.Contains(id)) worldTypes.Add(id);
        if (worldTypes.Count > 0)
        {
            var worldClassName = Naming.AvoidImplicitBclName(WorldName);
            worldClassName = namespaceScope.TakeNumbered(namespaceScope.IsTaken(worldClassName) ? worldClassName + "World" : worldClassName);
            WorldClass = new ClassPlan(worldClassName, -1, world.Docs);
        }

        // The items the world names take their C# names first; an import with no function (only types) has nothing
        // to implement, so it gets no C# interface and no slot in the host.
        foreach (var (item, isImport) in items.Where(i => !i.Item.IsImplicit).Concat(items.Where(i => i.Item.IsImplicit)))
        {
            if (!item.IsInterface || Iface(item.Interface) is not { } iface) continue;
            if (isImport && !Resolution.WorldElaboration.HasCoreFunctions(Resolve, item.Interface)) continue;
            var cls = _classByInterface[item.Interface];
            var name = Naming.AvoidImplicitBclName("I" + Naming.Pascal(item.Name));
            if (namespaceScope.IsTaken(name) && !isImport) name += "Export";
            var api = new ApiPlan(namespaceScope.TakeNumbered(name), isImport, item.Name, item.Docs ?? iface.Docs, item.Interface, iface.Functions.ToList()) { AbiName = item.AbiName, IsExportCopy = item.IsExportCopy };
            if (isImport && IsTodaysWorld(world)) api.Cm32p2Module = Abi.Cm32p2Names.ImportModule(item);
            if (isImport) AddResourceFunctions(api, iface, item.Interface);
            else
            {
                if (IsTodaysWorld(world)) api.Cm32p2ExportPrefix = Abi.Cm32p2Names.Prefix + "|" + Abi.Cm32p2Names.CompatibleKey(item.AbiName) + "|";
                AddExportedResourceFunctions(api, iface, item.Interface, item.AbiName);
            }
            cls.Apis.Add(api);
        }
        var importFuncs = world.Imports.Where(i => i.Function != null).Select(i => i.Function! with { Docs = i.Function!.Docs ?? i.Docs }).ToList();
        var exportFuncs = world.Exports.Where(i => i.Function != null).Select(i => i.Function! with { Docs = i.Function!.Docs ?? i.Docs }).ToList();
        // Resources the world defines itself are imported under $root, with the world's own functions.
        bool worldResources = world.Types.Any(nt => Def(TypeRef.Of(nt.Type)) is { Kind: ResourceKind } d && d.Owner == TypeOwner.OfWorld(WorldId));
        if (importFuncs.Count > 0 || worldResources)
        {
            WorldImports = new ApiPlan(namespaceScope.TakeNumbered(Naming.AvoidImplicitBclName("I" + WorldName + "Imports")), true, world.Name, null, -1, importFuncs)
            {
                Cm32p2Module = IsTodaysWorld(world) ? Abi.Cm32p2Names.RootModule : null,
            };
            AddResourceFunctions(WorldImports, world.Types, TypeOwner.OfWorld(WorldId));
        }
        if (exportFuncs.Count > 0)
            WorldExports = new ApiPlan(namespaceScope.TakeNumbered(Naming.AvoidImplicitBclName("I" + WorldName + "Exports")), false, world.Name, null, -1, exportFuncs)
            {
                Cm32p2ExportPrefix = IsTodaysWorld(world) ? Abi.Cm32p2Names.Prefix + "||" : null,
            };

        // ---- the types of each class ----
        foreach (var cls in Classes)
        {
            var iface = Iface(cls.InterfaceId)!;
            var ids = new List<int>();
            foreach (var nt in iface.Types)
                if (Def(TypeRef.Of(nt.Type)) is { } def && def.Owner.Kind == TypeOwnerKind.Interface && def.Owner.Id == cls.InterfaceId
                    && def.Name != null && IsDeclaredKind(def.Kind) && !ids.Contains(nt.Type))
                    ids.Add(nt.Type);
            foreach (var id in owned.Interfaces[cls.InterfaceId]) if (!ids.Contains(id)) ids.Add(id);
            PlanTypes(cls, ids);
        }
        if (WorldClass != null) PlanTypes(WorldClass, worldTypes);

        // ---- hint names (unique ignoring case: file systems and Roslyn may not tell them apart) ----
        var hints = new NameScope(ignoreCase: true);
        foreach (var cls in Classes) cls.HintName = hints.TakeNumbered(cls.Name) + ".g.cs";
        WorldHintName = hints.TakeNumbered(WorldName + ".World") + ".g.cs";

        foreach (var cls in Classes.Concat(WorldClass is null ? Array.Empty<ClassPlan>() : new[] { WorldClass }))
        {
            DeclaredNames.Add(cls.Name);
            foreach (var n in cls.NestedNames) DeclaredNames.Add(n);
            foreach (var t in cls.Types) foreach (var m in t.Members) DeclaredNames.Add(m);
            foreach (var api in cls.Apis) DeclaredNames.Add(api.Name);
        }
        if (WorldImports != null) DeclaredNames.Add(WorldImports.Name);
        if (WorldExports != null) DeclaredNames.Add(WorldExports.Name);
        foreach (var fn in Classes.SelectMany(c => Iface(c.InterfaceId)!.Functions).Concat(importFuncs).Concat(exportFuncs))
        {
            DeclaredNames.Add(Naming.Pascal(fn.Name));
            foreach (var r in fn.Results.Named) DeclaredNames.Add(Naming.Pascal(r.Name));
        }
    }

    /// <summary>
    /// The functions of an imported interface's resources: constructors and static functions become methods of the
    /// interface's host API (<c>NewBlob</c>, <c>BlobMerge</c>); methods and drops are called on the object.
    /// </summary>
    private void AddResourceFunctions(ApiPlan api, Interface iface, int interfaceId) =>
        AddResourceFunctions(api, iface.Types, TypeOwner.OfInterface(interfaceId));

    /// <summary>The same for the resources <paramref name="owner"/> (an interface, or the world under <c>$root</c>) defines.</summary>
    private void AddResourceFunctions(ApiPlan api, IEnumerable<NamedType> types, TypeOwner owner)
    {
        foreach (var nt in types)
        {
            if (Def(TypeRef.Of(nt.Type)) is not { Kind: ResourceKind resource, Name: { } rname } def || def.Owner != owner)
                continue;
            var self = TypeRef.Of(nt.Type);
            var methods = ResourceMethodNames(resource);
            int m = 0;
            foreach (var rf in resource.Functions)
            {
                switch (rf.Kind)
                {
                    case ResourceFunctionKind.Constructor:
                        api.Add(rf.Function with { Name = "new-" + rname }, "[constructor]" + rname);
                        break;
                    case ResourceFunctionKind.Static:
                        api.Add(rf.Function with { Name = rname + "-" + rf.Function.Name }, "[static]" + rname + "." + rf.Function.Name);
                        break;
                    default:
                        api.ResourceCalls.Add(new ResourceCall(rf.Function, "[method]" + rname + "." + rf.Function.Name, self, methods[m++]));
                        break;
                }
            }
            var drop = new Function("[resource-drop]" + rname, null,
                new[] { new Param("self", self) }.ToEquatableArray(), FunctionResults.None);
            api.ResourceCalls.Add(new ResourceCall(drop, drop.Name, self, null));
        }
    }

    /// <summary>
    /// The resources of an exported interface: constructors and static functions become methods of the exports
    /// (<c>NewCounter</c>, <c>CounterMerge</c>); methods are called through the wrapper (<see cref="ApiPlan.ResourceCalls"/>).
    /// </summary>
    private void AddExportedResourceFunctions(ApiPlan api, Interface iface, int interfaceId, string abiName)
    {
        foreach (var nt in iface.Types)
        {
            if (Def(TypeRef.Of(nt.Type)) is not { Kind: ResourceKind resource, Name: { } rname } def
                || def.Owner.Kind != TypeOwnerKind.Interface || def.Owner.Id != interfaceId)
                continue;
            var self = TypeRef.Of(nt.Type);
            api.ExportedResources.Add(new ExportedResource(self, rname, abiName + "#" + rname));
            var methods = ResourceMethodNames(resource, exported: true);
            int m = 0;
            foreach (var rf in resource.Functions)
            {
                switch (rf.Kind)
                {
                    case ResourceFunctionKind.Constructor:
                        api.Add(rf.Function with { Name = "new-" + rname }, "[constructor]" + rname);
                        break;
                    case ResourceFunctionKind.Static:
                        api.Add(rf.Function with { Name = rname + "-" + rf.Function.Name }, "[static]" + rname + "." + rf.Function.Name);
                        break;
                    default:
                        api.ResourceCalls.Add(new ResourceCall(rf.Function, "[method]" + rname + "." + rf.Function.Name, self, methods[m++]));
                        break;
                }
            }
        }
    }

    /// <summary>A world of a package that declares <c>package ns:name;</c> (today's WIT), not a May-2023 one.</summary>
    private bool IsTodaysWorld(World world) =>
        world.Package >= 0 && world.Package < Resolve.Packages.Count && Resolve.Packages[world.Package].Namespace is not null;

    private static readonly string[] WrapperReserved = { "Dispose", "Resource", "IsAlive", "Lend", "Move", "Owner", "Table", "Lift" };

    /// <summary>The C# method names of a resource's methods (not its constructor or static functions), in order.</summary>
    public static IReadOnlyList<string> ResourceMethodNames(ResourceKind resource, bool exported = false)
    {
        // An exported resource's wrapper derives from GuestResource: its members must stay visible.
        var scope = new NameScope(exported ? WrapperReserved : new[] { "Dispose" });
        return resource.Functions.Where(f => f.Kind == ResourceFunctionKind.Method)
            .Select(f => scope.Take(InterfaceEmitter.MethodName(f.Function.Name, f.Function.Params.Count - 1))).ToList();
    }

    private string PackagePrefix(int interfaceId)
    {
        var iface = Iface(interfaceId)!;
        if (iface.Package >= 0 && iface.Package < Resolve.Packages.Count)
            return Naming.Pascal(Resolve.Packages[iface.Package].Name);
        return "Package" + iface.Package.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private void PlanTypes(ClassPlan cls, List<int> ids)
    {
        var scope = new NameScope(new[] { cls.Name });
        var planned = new List<TypePlan>();
        foreach (var id in ids)
        {
            var def = Resolve.Types[id];
            // An imported resource is a C# interface the host implements: IBlob for `resource blob`; an exported one a
            // wrapper class: Counter for `resource counter`.
            bool hostImplemented = def.Kind is ResourceKind && !ExportedResourceIds.Contains(id);
            var plan = new TypePlan(id, def, cls, scope.Take((hostImplemented ? "I" : "") + Naming.Pascal(def.Name)));
            planned.Add(plan);
            _types[id] = plan;
            cls.Types.Add(plan);
        }
        foreach (var plan in planned)
        {
            PlanMembers(plan);
            if (plan.Def.Kind is VariantKind or UnionKind)
            {
                var tag = plan.Name + "Tag";
                while (plan.Members.Contains(tag, StringComparer.Ordinal) || scope.IsTaken(tag)) tag += "Tag";
                plan.TagName = scope.TakeNumbered(tag);
            }
        }
        foreach (var plan in planned)
        {
            cls.NestedNames.Add(plan.Name);
            if (plan.TagName != null) cls.NestedNames.Add(plan.TagName);
        }
    }

    private void PlanMembers(TypePlan plan)
    {
        switch (plan.Def.Kind)
        {
            case RecordKind record:
            {
                var scope = new NameScope(RecordReserved.Concat(new[] { plan.Name }));
                foreach (var f in record.Fields) plan.Members.Add(scope.Take(Naming.Pascal(f.Name)));
                break;
            }
            case VariantKind variant:
            {
                var scope = new NameScope(VariantReserved.Concat(new[] { plan.Name }));
                foreach (var c in variant.Cases) plan.Members.Add(scope.Take(Naming.Pascal(c.Name), "Case"));
                break;
            }
            case UnionKind union:
            {
                var names = union.Cases.Select(c => UnionCaseName(c.Type)).ToList();
                var reserved = new HashSet<string>(VariantReserved.Concat(new[] { plan.Name }), StringComparer.Ordinal);
                var scope = new NameScope(reserved);
                for (int i = 0; i < names.Count; i++)
                {
                    bool clash = reserved.Contains(names[i]) || names.Count(n => n == names[i]) > 1;
                    var name = clash ? "Case" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) : names[i];
                    plan.Members.Add(scope.TakeNumbered(name));
                }
                break;
            }
            case EnumKind e:
            {
                var scope = new NameScope(new[] { plan.Name, "value__" });
                foreach (var c in e.Cases) plan.Members.Add(scope.Take(Naming.Pascal(c.Name)));
                break;
            }
            case FlagsKind flags:
            {
                var reserved = flags.Flags.Count > 64 ? LargeFlagsReserved : new[] { "None", "value__" };
                var scope = new NameScope(reserved.Concat(new[] { plan.Name }));
                foreach (var f in flags.Flags) plan.Members.Add(scope.Take(Naming.Pascal(f.Name)));
                break;
            }
        }
    }

    /// <summary>A union case's name from its type: <c>S32</c>, <c>String</c>, <c>ListOfU8</c>, <c>Datetime</c>, ….</summary>
    public string UnionCaseName(TypeRef type, int depth = 0)
    {
        if (depth > 8) return "Type";
        if (type.IsPrimitive) return type.Kind.ToString();
        var def = Def(type);
        if (def is null) return "Type";
        if (def.Name != null) return Naming.Pascal(def.Name);
        string Of(TypeRef t) => UnionCaseName(t, depth + 1);
        return def.Kind switch
        {
            ListKind l => "ListOf" + Of(l.Element),
            OptionKind o => "OptionOf" + Of(o.Type),
            ResultKind { Ok: null, Err: null } => "Result",
            ResultKind { Ok: { } ok, Err: null } => "ResultOf" + Of(ok),
            ResultKind { Ok: null, Err: { } err } => "ResultOfUnitAnd" + Of(err),
            ResultKind { Ok: { } ok, Err: { } err } => "ResultOf" + Of(ok) + "And" + Of(err),
            TupleKind t when t.Types.Count == 0 => "Unit",
            TupleKind t => "TupleOf" + string.Join("And", t.Types.Select(Of)),
            AliasKind a => Of(a.Target),
            FutureKind => "Future",
            StreamKind => "Stream",
            _ => "Type",
        };
    }

    private sealed class Ownership
    {
        public Dictionary<int, List<int>> Interfaces { get; } = new();
        /// <summary>Named declared types the world itself owns.</summary>
        public List<int> World { get; } = new();
        /// <summary>Every type (named or not) owned by each interface, for the reachability walk.</summary>
        public Dictionary<int, List<int>> AllByInterface { get; } = new();
        public List<int> AllByWorld { get; } = new();
    }

    private Ownership OwnedTypes()
    {
        var owned = new Ownership();
        for (int i = 0; i < Resolve.Interfaces.Count; i++)
        {
            owned.Interfaces[i] = new List<int>();
            owned.AllByInterface[i] = new List<int>();
        }
        for (int id = 0; id < Resolve.Types.Count; id++)
        {
            var def = Resolve.Types[id];
            if (def is null) continue;
            bool declared = def.Name != null && IsDeclaredKind(def.Kind);
            if (def.Owner.Kind == TypeOwnerKind.Interface && owned.AllByInterface.TryGetValue(def.Owner.Id, out var all))
            {
                all.Add(id);
                if (declared) owned.Interfaces[def.Owner.Id].Add(id);
            }
            else if (def.Owner.Kind == TypeOwnerKind.World && def.Owner.Id == WorldId)
            {
                owned.AllByWorld.Add(id);
                if (declared) owned.World.Add(id);
            }
        }
        return owned;
    }

    /// <summary>
    /// The interfaces the world needs, in order: its imports and exports, then every interface whose named types
    /// those refer to (through <c>use</c> or otherwise), transitively. Also the named types that belong to no
    /// interface in reach (they are declared in the world's class).
    /// </summary>
    private (List<int> Included, List<int> Orphans) Reachable(World world, Ownership owned)
    {
        var included = new List<int>();
        var seen = new HashSet<int>();
        var queue = new Queue<int>();
        var orphans = new List<int>();
        void Enqueue(int id)
        {
            if (Iface(id) != null && seen.Add(id)) queue.Enqueue(id);
        }
        void Visit(TypeRef type)
        {
            if (Def(type) is not { } def) return;
            if (def.Kind is HandleKind && def.Name is null)
            {
                VisitType(type.Id);
                return;
            }
            if (def.Name is null) return;
            if (def.Owner.Kind == TypeOwnerKind.Interface && Iface(def.Owner.Id) != null) Enqueue(def.Owner.Id);
            else if (!(def.Owner.Kind == TypeOwnerKind.World && def.Owner.Id == WorldId) && IsDeclaredKind(def.Kind) && !orphans.Contains(type.Id))
                orphans.Add(type.Id);
        }
        void VisitType(int id)
        {
            var def = Resolve.Types[id];
            foreach (var child in Children(def)) Visit(child);
            // Not children (a method's self would make every resource a cycle), but what the glue names.
            if (def.Kind is HandleKind handle) Visit(handle.Resource);
            if (def.Kind is ResourceKind resource) foreach (var rf in resource.Functions) VisitFunction(rf.Function);
        }
        void VisitFunction(Function fn)
        {
            foreach (var p in fn.Params) Visit(p.Type);
            foreach (var r in fn.Results.Types) Visit(r);
        }

        foreach (var item in world.Imports.Concat(world.Exports))
        {
            if (item.IsInterface) Enqueue(item.Interface);
            else VisitFunction(item.Function!);
        }
        foreach (var id in owned.AllByWorld) VisitType(id);
        var orphanCount = -1;
        while (queue.Count > 0 || orphanCount != orphans.Count)
        {
            while (queue.Count > 0)
            {
                var iface = queue.Dequeue();
                included.Add(iface);
                foreach (var id in owned.AllByInterface[iface]) VisitType(id);
                foreach (var fn in Iface(iface)!.Functions) VisitFunction(fn);
            }
            // Orphans (named types outside every interface) may refer to further types.
            int start = orphanCount < 0 ? 0 : orphanCount;
            orphanCount = orphans.Count;
            for (int i = start; i < orphanCount; i++) VisitType(orphans[i]);
        }
        return (included, orphans);
    }

    public static IEnumerable<TypeRef> Children(TypeDef? type) => TypeDefs.Children(type);
}
