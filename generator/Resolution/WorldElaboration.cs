using System.Collections.Generic;
using System.Linq;
using WitBindgen.Generator.Diagnostics;
using WitBindgen.Generator.Model;
using WitBindgen.Generator.Util;

namespace WitBindgen.Generator.Resolution;

/// <summary>
/// wit-parser's <c>Resolve::elaborate_world</c>: a world also imports every interface its items use types from.
/// An imported interface's dependencies (the interfaces its <c>use</c>s name, transitively) are imported before it;
/// so are those of the world's own <c>use</c>s; an exported interface's dependencies that the world does not export
/// are imported (and an export reached through such an import is an error, as in wit-parser). The added items are
/// <see cref="WorldItem.IsImplicit"/>, keyed as wit-parser keys them (<c>ns:pkg/iface@version</c>, or the
/// interface's name in the May-2023 dialect). Unlike wit-parser, the items the world names keep their order; the
/// added ones go before the first item that needs them. Without recursion: a chain of thousands of <c>use</c>s
/// must not exhaust the compiler's stack.
/// </summary>
internal sealed class WorldElaboration
{
    private readonly Resolve _resolve;
    private readonly List<WitDiagnostic> _diagnostics;
    private readonly Dictionary<int, List<int>> _deps = new();

    private WorldElaboration(Resolve resolve, List<WitDiagnostic> diagnostics)
    {
        _resolve = resolve;
        _diagnostics = diagnostics;
    }

    /// <summary>The model with every world elaborated; <paramref name="resolve"/> itself when no world changes.</summary>
    public static Resolve Run(Resolve resolve, List<WitDiagnostic> diagnostics)
    {
        var elaboration = new WorldElaboration(resolve, diagnostics);
        var worlds = resolve.Worlds.Select((world, id) => elaboration.Elaborate(world)).ToList();
        bool changed = worlds.Where((w, i) => !ReferenceEquals(w, resolve.Worlds[i])).Any();
        return changed ? resolve with { Worlds = worlds.ToEquatableArray() } : resolve;
    }

    /// <summary>
    /// wit-parser's <c>interface_direct_deps</c>: the interfaces whose types an interface's own names alias (its
    /// <c>use</c>s), each once, in the order of its names.
    /// </summary>
    public static IReadOnlyList<int> DirectDependencies(Resolve resolve, int interfaceId)
    {
        var deps = new List<int>();
        if (interfaceId < 0 || interfaceId >= resolve.Interfaces.Count) return deps;
        foreach (var named in resolve.Interfaces[interfaceId].Types)
            if (TypeDependency(resolve, named.Type) is { } dep && dep != interfaceId && !deps.Contains(dep)) deps.Add(dep);
        return deps;
    }

    /// <summary>wit-parser's <c>type_interface_dep</c>: the interface a type aliases a type of, if not its own owner.</summary>
    private static int? TypeDependency(Resolve resolve, int typeId)
    {
        if (typeId < 0 || typeId >= resolve.Types.Count) return null;
        var type = resolve.Types[typeId];
        if (type.Kind is not AliasKind { Target: { IsId: true } target } || target.Id < 0 || target.Id >= resolve.Types.Count) return null;
        var owner = resolve.Types[target.Id].Owner;
        if (owner == type.Owner || owner.Kind != TypeOwnerKind.Interface || owner.Id < 0 || owner.Id >= resolve.Interfaces.Count) return null;
        return owner.Id;
    }

    private IReadOnlyList<int> Deps(int interfaceId)
    {
        if (!_deps.TryGetValue(interfaceId, out var deps)) _deps[interfaceId] = deps = (List<int>)DirectDependencies(_resolve, interfaceId);
        return deps;
    }

    /// <summary>Whether an interface has functions a guest imports: its own, or its resources' (a drop at least).</summary>
    public static bool HasCoreFunctions(Resolve resolve, int interfaceId)
    {
        if (interfaceId < 0 || interfaceId >= resolve.Interfaces.Count) return false;
        var iface = resolve.Interfaces[interfaceId];
        if (iface.Functions.Count > 0) return true;
        foreach (var named in iface.Types)
            if (named.Type >= 0 && named.Type < resolve.Types.Count && resolve.Types[named.Type] is { Kind: ResourceKind } def
                && def.Owner == TypeOwner.OfInterface(interfaceId))
                return true;
        return false;
    }

    private World Elaborate(World world)
    {
        var named = new HashSet<int>(world.Imports.Where(i => i.IsInterface).Select(i => i.Interface));
        var placed = new HashSet<int>();
        var abiNames = new HashSet<string>(world.Imports.Select(i => i.AbiName), System.StringComparer.Ordinal);
        var imports = new List<WorldItem>();
        int added = 0;

        // Adds an interface the world does not name, after those of its dependencies it does not name either.
        void PlaceWithDependencies(int root, WorldItem? item)
        {
            var stack = new Stack<(int Id, int Next)>();
            var onStack = new HashSet<int> { root };
            stack.Push((root, 0));
            while (stack.Count > 0)
            {
                var (id, next) = stack.Pop();
                var deps = Deps(id);
                if (next < deps.Count)
                {
                    stack.Push((id, next + 1));
                    var dep = deps[next];
                    if (!named.Contains(dep) && !placed.Contains(dep) && onStack.Add(dep)) stack.Push((dep, 0));
                    continue;
                }
                onStack.Remove(id);
                if (id == root && item is not null) imports.Add(item);
                else if (placed.Add(id)) AddImplicit(id);
            }
        }

        void AddImplicit(int id)
        {
            var iface = _resolve.Interfaces[id];
            var item = new WorldItem(iface.Name ?? "interface-" + id, null, id, null, InterfaceKey(id)) { IsImplicit = true };
            imports.Add(item);
            // Only functions are imported under the name (a May-2023 interface's name may be another's too).
            if (!HasCoreFunctions(_resolve, id)) return;
            added++;
            if (!abiNames.Add(item.AbiName))
                _diagnostics.Add(new WitDiagnostic(WitDiagnosticIds.DuplicateName,
                    $"world '{world.Name}' imports interface '{item.Name}' because the interfaces it imports use its types, but already has another import named '{item.AbiName}'; import it under a name of its own",
                    world.Span));
        }

        foreach (var item in world.Imports)
        {
            if (item.IsInterface && item.Interface >= 0 && item.Interface < _resolve.Interfaces.Count) PlaceWithDependencies(item.Interface, item);
            else imports.Add(item);
        }
        // The world's own `use`s.
        foreach (var type in world.Types)
            if (TypeDependency(_resolve, type.Type) is { } dep && !named.Contains(dep) && !placed.Contains(dep))
                PlaceWithDependencies(dep, null);
        ElaborateExports(world, named, placed, PlaceWithDependencies);

        if (imports.Count == world.Imports.Count) return world;
        int explicitCount = world.Imports.Count(i => i.IsInterface) + world.Exports.Count(i => i.IsInterface);
        if (explicitCount <= TypeLimits.MaxWorldInterfaces && explicitCount + added > TypeLimits.MaxWorldInterfaces)
            _diagnostics.Add(new WitDiagnostic(WitDiagnosticIds.WorldTooLarge,
                $"world '{world.Name}' imports and exports {explicitCount + added:N0} interfaces with functions, counting those its interfaces use; a world may have at most {TypeLimits.MaxWorldInterfaces:N0}",
                world.Span));
        return world with { Imports = imports.ToEquatableArray() };
    }

    /// <summary>
    /// wit-parser's <c>elaborate_world_exports</c>: the dependencies of an exported interface are exported when the
    /// world exports them, else imported, and then so is everything they depend on; an interface the world exports
    /// that is reached through an imported one would be there twice (WebAssembly/component-model#208).
    /// </summary>
    private void ElaborateExports(World world, HashSet<int> named, HashSet<int> placed, System.Action<int, WorldItem?> place)
    {
        var exported = new HashSet<int>(world.Exports.Where(e => e.IsInterface).Select(e => e.Interface));
        var visitedExports = new HashSet<int>();
        var visitedImports = new HashSet<int>();
        var reported = new HashSet<int>();
        foreach (var export in world.Exports)
        {
            if (!export.IsInterface || export.Interface < 0 || export.Interface >= _resolve.Interfaces.Count || !visitedExports.Add(export.Interface)) continue;
            var stack = new Stack<(int Id, bool Exported, int Next)>();
            stack.Push((export.Interface, true, 0));
            while (stack.Count > 0)
            {
                var (id, isExported, next) = stack.Pop();
                var deps = Deps(id);
                if (next < deps.Count)
                {
                    stack.Push((id, isExported, next + 1));
                    var dep = deps[next];
                    if (exported.Contains(dep))
                    {
                        if (isExported)
                        {
                            if (visitedExports.Add(dep)) stack.Push((dep, true, 0));
                        }
                        else if (reported.Add(dep))
                        {
                            _diagnostics.Add(new WitDiagnostic(WitDiagnosticIds.InvalidUse,
                                $"world '{world.Name}' exports interface '{Name(dep)}', but also imports it: an exported interface uses '{Name(id)}', which the world imports (it does not export it), and '{Name(id)}' uses '{Name(dep)}'; export '{Name(id)}' too",
                                world.Span));
                        }
                    }
                    else if (visitedImports.Add(dep)) stack.Push((dep, false, 0));
                    continue;
                }
                if (!isExported && !named.Contains(id) && !placed.Contains(id)) place(id, null);
            }
        }
    }

    private string Name(int interfaceId) => InterfaceKey(interfaceId) ?? _resolve.Interfaces[interfaceId].Name ?? "interface-" + interfaceId;

    /// <summary>
    /// wit-parser's id of an interface of today's dialect, <c>ns:pkg/iface@version</c>, which keys its import; null in
    /// the May-2023 dialect, where an import is keyed by its name.
    /// </summary>
    private string? InterfaceKey(int interfaceId)
    {
        var iface = _resolve.Interfaces[interfaceId];
        if (iface.Name is not { } name || iface.Package < 0 || iface.Package >= _resolve.Packages.Count) return null;
        var package = _resolve.Packages[iface.Package];
        if (package.Namespace is not { } ns) return null;
        return ns + ":" + package.Name + "/" + name + (package.Version is { } v ? "@" + v : "");
    }
}
