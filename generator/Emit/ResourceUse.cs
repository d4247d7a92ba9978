using System.Collections.Generic;
using WitBindgen.Generator.Diagnostics;
using WitBindgen.Generator.Model;

namespace WitBindgen.Generator.Emit;

/// <summary>
/// Finds a resource use the emitters do not write yet, so that such a world is not emitted: resources a world defines
/// itself, resources the host implements (of imported interfaces) reached from the world's exports, and resources
/// of an interface the world both imports and exports. Resources of imported interfaces used by imports, and
/// resources of exported interfaces used by exports, are emitted.
/// </summary>
internal static class ResourceUse
{
    /// <summary>The first unsupported resource use: its name, where it is defined, and why it is not emitted.</summary>
    public static (string Name, SourceSpan Span, string Reason)? FindUnsupported(Resolve resolve, int worldId)
    {
        if (worldId < 0 || worldId >= resolve.Worlds.Count) return null;
        var world = resolve.Worlds[worldId];
        var importedIfaces = new HashSet<int>();
        var exportedIfaces = new HashSet<int>();
        foreach (var item in world.Imports) if (item.IsInterface) importedIfaces.Add(item.Interface);
        foreach (var item in world.Exports) if (item.IsInterface) exportedIfaces.Add(item.Interface);
        bool GuestImplemented(TypeDef def) =>
            def.Owner.Kind == TypeOwnerKind.Interface && exportedIfaces.Contains(def.Owner.Id) && !importedIfaces.Contains(def.Owner.Id);

        var exported = new Stack<TypeRef>();
        void Function(Stack<TypeRef> into, Function fn)
        {
            foreach (var p in fn.Params) into.Push(p.Type);
            foreach (var r in fn.Results.Types) into.Push(r);
        }
        void Item(Stack<TypeRef> into, WorldItem item)
        {
            if (item.Function is { } fn) Function(into, fn);
            else if (item.Interface >= 0 && item.Interface < resolve.Interfaces.Count)
            {
                var iface = resolve.Interfaces[item.Interface];
                foreach (var t in iface.Types) into.Push(TypeRef.Of(t.Type));
                foreach (var f in iface.Functions) Function(into, f);
            }
        }
        foreach (var item in world.Exports) Item(exported, item);
        if (Find(resolve, exported, def => !GuestImplemented(def)) is { } export)
        {
            var owner = resolve.Types[export.Id].Owner;
            var reason = owner.Kind != TypeOwnerKind.Interface
                ? "resources a world defines itself are not emitted yet; define it in an interface the world imports or exports"
                : exportedIfaces.Contains(owner.Id)
                    ? "resources of an interface the world both imports and exports are not emitted yet"
                    : "handles of resources the host implements (of imported interfaces) passed to or returned by exported functions are not emitted yet";
            return (export.Name, export.Span, reason);
        }

        var imported = new Stack<TypeRef>();
        foreach (var item in world.Imports) Item(imported, item);
        foreach (var t in world.Types) imported.Push(TypeRef.Of(t.Type));
        if (Find(resolve, imported, def => def.Owner.Kind != TypeOwnerKind.Interface) is { } own)
            return (own.Name, own.Span, "resources a world defines itself (imported under $root) are not emitted yet; define it in an interface the world imports");
        return null;
    }

    /// <summary>The first resource reachable from <paramref name="pending"/> that <paramref name="matches"/>.</summary>
    private static (string Name, SourceSpan Span, int Id)? Find(Resolve resolve, Stack<TypeRef> pending, System.Func<TypeDef, bool> matches)
    {
        // Iterative: a type may be deep, and its parts many.
        var seen = new HashSet<int>();
        while (pending.Count > 0)
        {
            var type = pending.Pop();
            if (!type.IsId || type.Id < 0 || type.Id >= resolve.Types.Count || !seen.Add(type.Id)) continue;
            var def = resolve.Types[type.Id];
            if (def.Kind is ResourceKind resource)
            {
                if (matches(def)) return (def.Name ?? "resource", resource.Span, type.Id);
                foreach (var rf in resource.Functions)
                {
                    foreach (var p in rf.Function.Params) pending.Push(p.Type);
                    foreach (var r in rf.Function.Results.Types) pending.Push(r);
                }
            }
            if (def.Kind is HandleKind handle) pending.Push(handle.Resource);
            foreach (var child in TypeDefs.Children(def)) pending.Push(child);
        }
        return null;
    }
}
