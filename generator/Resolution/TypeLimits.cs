using System;
using System.Collections.Generic;
using WitBindgen.Generator.Diagnostics;
using WitBindgen.Generator.Model;
using WitBindgen.Generator.Syntax;

namespace WitBindgen.Generator.Resolution;

/// <summary>
/// Bounds on how deep and how large one WIT type may be once its names are followed. WIT can name a type and
/// use it twice (<c>type t2 = tuple&lt;t1, t1&gt;</c>), so a few lines can describe a type with millions of parts,
/// and a chain of names can nest types thousands deep; the emitters write C# type names and glue by walking that
/// structure, so without these bounds a small file could exhaust the compiler's stack or emit gigabytes.
/// Every type within both bounds is emitted in full.
/// </summary>
public static class TypeLimits
{
    /// <summary>
    /// How deep types may nest (a record in a list in an option is 3 deep; aliases and <c>use</c> add nothing).
    /// 100, as Wasmtime's component type builder allows (<c>MAX_TYPE_DEPTH</c>); real WIT stays under 10.
    /// </summary>
    public const int MaxDepth = 100;

    /// <summary>
    /// How many parts a type may have with every name it uses expanded (a type counts 1 plus its parts, a
    /// primitive 1). 100,000, as wasmparser's component validator allows (<c>MAX_TYPE_SIZE</c>).
    /// </summary>
    public const int MaxSize = 100_000;

    /// <summary>
    /// How many interfaces a world may import and export together (its includes' too). 1,000, as
    /// wasmparser allows a component (<c>MAX_WASM_INSTANCES</c>); WASI's command world has 28.
    /// </summary>
    public const int MaxWorldInterfaces = 1_000;

    /// <summary>
    /// Reports the types over either limit, each at its definition. Only the innermost offenders are reported: a
    /// type that exceeds a limit only because a part of it already does is not reported again.
    /// </summary>
    internal static void Check(IReadOnlyList<TypeDef?> types, IReadOnlyList<(WitSource Source, Token Token)> origins, List<WitDiagnostic> diagnostics)
    {
        int count = types.Count;
        var depth = new int[count];
        var size = new long[count];
        var state = new byte[count]; // 0 = not visited, 1 = on the stack, 2 = done
        for (int root = 0; root < count; root++)
        {
            if (state[root] != 0) continue;
            // Post-order walk without recursion: the chains this guards against are what would overflow the stack.
            var stack = new Stack<(int Id, List<int> Children, int Next)>();
            state[root] = 1;
            stack.Push((root, ChildIds(types[root], count), 0));
            while (stack.Count > 0)
            {
                var (id, children, next) = stack.Pop();
                if (next < children.Count)
                {
                    stack.Push((id, children, next + 1));
                    int child = children[next];
                    if (state[child] == 0)
                    {
                        state[child] = 1;
                        stack.Push((child, ChildIds(types[child], count), 0));
                    }
                    continue;
                }
                Measure(id, types[id], depth, size, state, out bool partTooDeep, out bool partTooLarge);
                state[id] = 2;
                var origin = origins[id];
                var name = types[id]?.Name is { } n ? $"type '{n}'" : "this type";
                if (depth[id] > MaxDepth && !partTooDeep)
                {
                    diagnostics.Add(new WitDiagnostic(WitDiagnosticIds.TypeTooDeep,
                        $"{name} nests types more than {MaxDepth} deep (counting through the names it uses); WIT types may nest at most {MaxDepth} deep",
                        origin.Source.Span(origin.Token)));
                }
                else if (size[id] > MaxSize && !partTooLarge && depth[id] <= MaxDepth)
                {
                    diagnostics.Add(new WitDiagnostic(WitDiagnosticIds.TypeTooLarge,
                        $"{name} has more than {MaxSize:N0} parts once the names it uses are expanded; a WIT type may have at most {MaxSize:N0}",
                        origin.Source.Span(origin.Token)));
                }
            }
        }
    }

    private static void Measure(int id, TypeDef? type, int[] depth, long[] size, byte[] state, out bool partTooDeep, out bool partTooLarge)
    {
        partTooDeep = partTooLarge = false;
        int deepest = 0;
        long total = 1;
        foreach (var child in TypeDefs.Children(type))
        {
            int d = 0;
            long s = 1;
            // A part still on the stack closes a cycle (reported by the cycle check): count it as a leaf.
            if (child.IsId && child.Id >= 0 && child.Id < depth.Length && state[child.Id] == 2)
            {
                d = depth[child.Id];
                s = size[child.Id];
            }
            partTooDeep |= d > MaxDepth;
            partTooLarge |= s > MaxSize;
            deepest = Math.Max(deepest, d);
            total = Math.Min(total + s, (long)MaxSize + 1);
        }
        bool isAlias = type?.Kind is AliasKind;
        depth[id] = isAlias ? deepest : deepest + 1;
        size[id] = isAlias ? Math.Max(total - 1, 1) : total;
        if (isAlias && partTooLarge) size[id] = (long)MaxSize + 1; // saturated: stays over the limit
    }

    private static List<int> ChildIds(TypeDef? type, int count)
    {
        var ids = new List<int>();
        foreach (var child in TypeDefs.Children(type))
            if (child.IsId && child.Id >= 0 && child.Id < count) ids.Add(child.Id);
        return ids;
    }
}
