using System.Collections.Generic;
using WitBindgen.Generator.Diagnostics;
using WitBindgen.Generator.Model;

namespace WitBindgen.Generator.Emit;

/// <summary>Finds a resource a world uses: the emitters do not write resources yet, so such a world is not emitted.</summary>
internal static class ResourceUse
{
    /// <summary>The first resource reachable from the world's items (its functions, its interfaces' types and functions).</summary>
    public static (string Name, SourceSpan Span)? Find(Resolve resolve, int worldId)
    {
        if (worldId < 0 || worldId >= resolve.Worlds.Count) return null;
        var world = resolve.Worlds[worldId];
        var pending = new Stack<TypeRef>();
        void Function(Function fn)
        {
            foreach (var p in fn.Params) pending.Push(p.Type);
            foreach (var r in fn.Results.Types) pending.Push(r);
        }
        foreach (var item in world.Imports.Concat(world.Exports))
        {
            if (item.Function is { } fn) Function(fn);
            else if (item.Interface >= 0 && item.Interface < resolve.Interfaces.Count)
            {
                var iface = resolve.Interfaces[item.Interface];
                foreach (var t in iface.Types) pending.Push(TypeRef.Of(t.Type));
                foreach (var f in iface.Functions) Function(f);
            }
        }
        foreach (var t in world.Types) pending.Push(TypeRef.Of(t.Type));
        // Iterative: a type may be deep, and its parts many.
        var seen = new HashSet<int>();
        while (pending.Count > 0)
        {
            var type = pending.Pop();
            if (!type.IsId || type.Id < 0 || type.Id >= resolve.Types.Count || !seen.Add(type.Id)) continue;
            var def = resolve.Types[type.Id];
            if (def.Kind is ResourceKind resource) return (def.Name ?? "resource", resource.Span);
            if (def.Kind is HandleKind handle) pending.Push(handle.Resource);
            foreach (var child in TypeDefs.Children(def)) pending.Push(child);
        }
        return null;
    }

    private static IEnumerable<WorldItem> Concat(this IEnumerable<WorldItem> a, IEnumerable<WorldItem> b)
    {
        foreach (var x in a) yield return x;
        foreach (var x in b) yield return x;
    }
}
