using System;
using System.Collections.Generic;
using System.Linq;
using WitBindgen.Generator.Model;

namespace WitBindgen.Generator.Emit.Glue;

/// <summary>The helper methods of the glue: one per compound type, named by its structure, written once.</summary>
internal sealed partial class AbiCodeGen
{
    private readonly Dictionary<string, Action<CodeWriter>> _helpers = new(StringComparer.Ordinal);
    private readonly Queue<string> _pending = new();

    /// <summary>
    /// A stable part of helper names for a type: the declared name, or for an anonymous type its structure
    /// (<c>ResultUnitErrorCode</c>, <c>TupleU64Bool</c>), so structurally equal types (wit-parser's <c>anon_types</c>)
    /// share one helper. A name two structures would share (tuple arity) or one too long gets a number.
    /// </summary>
    private string HelperName(TypeRef unaliased)
    {
        if (_plan.Declared(unaliased.Id) is { } declared) return declared.Class.Name + declared.Name;
        var (name, key) = Structure(unaliased, 0);
        if (_structuralNames.TryGetValue(key, out var known)) return known;
        if (name.Length > 60) name = name.Substring(0, 60);
        var taken = _helperNames.TakeNumbered(name);
        _structuralNames.Add(key, taken);
        return taken;
    }

    private readonly Dictionary<string, string> _structuralNames = new(StringComparer.Ordinal);
    private readonly NameScope _helperNames = new();

    /// <summary>A type's structural name and an unambiguous key for it (<c>tuple(u64,bool)</c>).</summary>
    private (string Name, string Key) Structure(TypeRef type, int depth)
    {
        var u = _plan.Unalias(type);
        if (u.IsPrimitive)
        {
            var prim = u.Kind switch { TypeRefKind.Float32 => "F32", TypeRefKind.Float64 => "F64", _ => u.Kind.ToString() };
            return (prim, prim);
        }
        if (_plan.Declared(u.Id) is { } declared) return (declared.Class.Name + declared.Name, "#" + N(u.Id));
        if (depth > 8) return ("Type", "#" + N(u.Id));
        (string, string) Part(TypeRef? t) => t is { } x ? Structure(x, depth + 1) : ("Unit", "_");
        (string, string) Compose(string kind, params (string Name, string Key)[] parts) =>
            (kind + string.Concat(parts.Select(p => p.Name)), kind.ToLowerInvariant() + "(" + string.Join(",", parts.Select(p => p.Key)) + ")");
        return Def(u)?.Kind switch
        {
            OptionKind o => Compose("Option", Part(o.Type)),
            ResultKind r => Compose("Result", Part(r.Ok), Part(r.Err)),
            ListKind l => Compose("List", Part(l.Element)),
            TupleKind t => Compose("Tuple", t.Types.Select(x => Part(x)).ToArray()),
            HandleKind h => Compose(h.IsOwn ? "Own" : "Borrow", Part(h.Resource)),
            _ => ("Type", "#" + N(u.Id)),
        };
    }

    /// <summary>Asks for helper <paramref name="name"/> (written later) and returns how to call it from anywhere.</summary>
    private string Helper(string name, Action<CodeWriter> body)
    {
        if (!_helpers.ContainsKey(name))
        {
            _helpers.Add(name, body);
            _pending.Enqueue(name);
        }
        return _helperClass + "." + name;
    }

    /// <summary>Writes every helper asked for so far (and those they ask for).</summary>
    public void WriteHelpers(CodeWriter w)
    {
        var written = new HashSet<string>(StringComparer.Ordinal);
        while (_pending.Count > 0)
        {
            var name = _pending.Dequeue();
            if (!written.Add(name)) continue;
            w.BlankLine();
            _helpers[name](w);
        }
    }
}
