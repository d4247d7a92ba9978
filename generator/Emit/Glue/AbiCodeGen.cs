using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using WitBindgen.Generator.Abi;
using WitBindgen.Generator.Model;

namespace WitBindgen.Generator.Emit.Glue;

/// <summary>
/// Writes the canonical ABI's lifting and lowering as C#: from flat core values and guest memory to C# values
/// (<see cref="LiftFlat"/>, <see cref="Load"/>) and back (<see cref="LowerFlat"/>, <see cref="Store"/>).
/// Generated code has these locals in scope: <c>mem</c> (the guest memory span, when lifting), <c>ctx</c> (the
/// <c>GuestContext</c>, when lowering) and <c>fn</c> (the function's name, for trap messages). Compound types get
/// helper methods, written by <see cref="WriteHelpers"/>.
/// </summary>
internal sealed partial class AbiCodeGen
{
    private readonly EmitPlan _plan;
    private readonly TypeReferences _refs;
    private readonly AbiLayout _layout;
    private readonly FileContext _file;
    private readonly Dictionary<int, bool> _needsAlloc = new();
    private readonly string _helperClass;
    private int _temp;

    public AbiCodeGen(EmitPlan plan, TypeReferences refs, AbiLayout layout, FileContext file, string helperClass)
    {
        _helperClass = helperClass;
        _plan = plan;
        _refs = refs;
        _layout = layout;
        _file = file;
    }

    public AbiLayout Layout => _layout;

    public string Cs(TypeRef type) => _refs.Of(type, Scope.Namespace, _file);

    public string Abi => _file.Known("WitBindgen.Runtime.Abi", "CanonicalAbi");
    private string Trap => _file.Known("WitBindgen.Runtime.Abi", "WitTrapException");
    private string Ctx => _file.Known("WitBindgen.Runtime.Abi", "GuestContext");

    /// <summary>A fresh local name; the leading '_' keeps it apart from parameter names, which come from WIT.</summary>
    public string Temp(string prefix) => "_" + prefix + (++_temp).ToString(CultureInfo.InvariantCulture);

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A pointer plus an offset, wrapping as the guest's 32-bit addresses do (above 2 GiB the int is negative), even where the consumer compiles checked.</summary>
    private static string Plus(string pointer, int offset)
    {
        if (offset == 0) return pointer;
        // Fold into an offset already added: unchecked(p + 8) plus 8 is unchecked(p + 16).
        var folded = System.Text.RegularExpressions.Regex.Match(pointer, @"^unchecked\((\w+) \+ (\d+)\)$");
        if (folded.Success) return $"unchecked({folded.Groups[1].Value} + {N(long.Parse(folded.Groups[2].Value, CultureInfo.InvariantCulture) + offset)})";
        return $"unchecked({pointer} + {N(offset)})";
    }

    private static string Lit(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    // ---- what a type is ----

    private TypeDef? Def(TypeRef unaliased) => unaliased.IsId ? _plan.Def(unaliased) : null;

    private bool IsBytes(TypeRef type) => _refs.IsByteList(type);

    /// <summary>The WIT name of a type for messages: its name, or its kind.</summary>
    private string WitName(TypeRef type)
    {
        var u = _plan.Unalias(type);
        if (u.IsPrimitive) return u.Kind.ToString().ToLowerInvariant();
        var def = Def(u);
        return def?.Name ?? def?.Kind switch
        {
            OptionKind => "option",
            ResultKind => "result",
            ListKind => "list",
            TupleKind => "tuple",
            _ => "type",
        };
    }

    /// <summary>Whether lowering the type allocates in the guest (it holds a string or a list).</summary>
    public bool NeedsAlloc(TypeRef type)
    {
        var u = _plan.Unalias(type);
        if (u.Kind == TypeRefKind.String) return true;
        if (u.IsPrimitive) return false;
        if (_needsAlloc.TryGetValue(u.Id, out var known)) return known;
        _needsAlloc[u.Id] = false; // a cycle (already reported) must not recurse forever
        var def = Def(u);
        bool result = def?.Kind switch
        {
            ListKind => true,
            HandleKind or ResourceKind => true,   // not an allocation, but lifting and lowering it needs the context
            null => false,
            _ => EmitPlan.Children(def).Any(NeedsAlloc),
        };
        _needsAlloc[u.Id] = result;
        return result;
    }

    // ---- cases of variant-like types ----

    private sealed record CaseInfo(int Index, TypeRef? Payload, string Name);

    private List<CaseInfo> Cases(TypeRef unaliased)
    {
        var def = Def(unaliased);
        var members = _plan.Declared(unaliased.Id)?.Members;
        string Member(int i, string fallback) => members is not null && i < members.Count ? members[i] : fallback;
        switch (def?.Kind)
        {
            case VariantKind v:
                return v.Cases.Select((c, i) => new CaseInfo(i, c.Type, Member(i, Naming.Pascal(c.Name)))).ToList();
            case UnionKind u:
                return u.Cases.Select((c, i) => new CaseInfo(i, c.Type, Member(i, "Case" + N(i)))).ToList();
            case OptionKind o:
                return new List<CaseInfo> { new(0, null, "None"), new(1, o.Type, "Some") };
            case ResultKind r:
                return new List<CaseInfo> { new(0, r.Ok, "Ok"), new(1, r.Err, "Err") };
            default:
                return new List<CaseInfo>();
        }
    }

    private bool IsNestedOption(OptionKind option) => _plan.Def(_plan.Unalias(option.Type)) is { Kind: OptionKind };

    /// <summary>The C# expression that builds case <paramref name="c"/> of a variant-like value.</summary>
    private string Construct(TypeRef unaliased, CaseInfo c, string? payload)
    {
        var cs = Cs(unaliased);
        switch (Def(unaliased)?.Kind)
        {
            case OptionKind option:
                if (IsNestedOption(option)) return c.Index == 0 ? $"{cs}.None" : $"{cs}.Some({payload})";
                return c.Index == 0 ? $"({cs})null" : $"({cs})({payload})";
            case ResultKind:
                return c.Index == 0 ? $"{cs}.Ok({payload ?? "default"})" : $"{cs}.Err({payload ?? "default"})";
            default:
                return c.Payload is null ? $"({cs}){cs}.{c.Name}.Instance" : $"({cs})new {cs}.{c.Name}({payload})";
        }
    }

    /// <summary>
    /// Writes a branch per case of <paramref name="value"/>: <paramref name="body"/> gets the case and an expression
    /// for its payload (null without one). A null variant (from an implementation) traps.
    /// </summary>
    private void SwitchOnCase(CodeWriter w, TypeRef unaliased, string value, Action<CaseInfo, string?> body)
    {
        var cases = Cases(unaliased);
        var cs = Cs(unaliased);
        switch (Def(unaliased)?.Kind)
        {
            case OptionKind option:
            {
                var x = Temp("some");
                w.Open(IsNestedOption(option) ? $"if ({value}.TryGetValue(out var {x}))" : $"if ({value} is {{ }} {x})");
                body(cases[1], x);
                w.Close();
                w.Open("else");
                body(cases[0], null);
                w.Close();
                return;
            }
            case ResultKind:
            {
                w.Open($"if ({value}.IsOk)");
                body(cases[0], cases[0].Payload is null ? null : $"{value}.OkValue");
                w.Close();
                w.Open("else");
                body(cases[1], cases[1].Payload is null ? null : $"{value}.ErrValue");
                w.Close();
                return;
            }
            default:
            {
                w.Open($"switch ({value})");
                foreach (var c in cases)
                {
                    var x = Temp("c");
                    w.Open($"case {cs}.{c.Name} {x}:");
                    body(c, c.Payload is null ? null : $"{x}.Value");
                    w.Line("break;");
                    w.Close();
                }
                w.Line($"default: throw new {Trap}($\"{{fn}}: a null {WitName(unaliased)} cannot be passed to the guest\");");
                w.Close();
                return;
            }
        }
    }

    // ---- resource handles (of imported resources: the host's objects in the guest's resource table) ----

    /// <summary>
    /// An <c>own&lt;r&gt;</c> from the guest takes the object out of the table (the guest gave it up); a
    /// <c>borrow&lt;r&gt;</c> lends it for the call. <paramref name="mem"/> is a view of the guest's memory.
    /// </summary>
    private string LiftHandle(TypeRef unaliased, string handle, string mem)
    {
        // A resource the guest exports: its own handle leaves the guest's table for a wrapper the host holds.
        if (_plan.ExportedResourceOf(unaliased) is { } exported)
            return $"{Cs(exported)}.Lift({mem}.ExportedResources, {handle}, fn)";
        bool own = Def(unaliased)?.Kind is not HandleKind { IsOwn: false };
        return $"{mem}.Resources.{(own ? "Take" : "Borrow")}<{Cs(unaliased)}>({handle}, fn)";
    }

    /// <summary>An <c>own&lt;r&gt;</c> to the guest: a new handle in its table.</summary>
    private string LowerHandle(TypeRef unaliased, string value, string table)
    {
        // A resource the guest exports: an own moves the wrapper into a new handle; a borrow is the representation itself.
        if (_plan.IsExportedResource(unaliased))
        {
            var exportedTable = table.Substring(0, table.Length - ".Resources".Length) + ".ExportedResources";
            bool own = Def(unaliased)?.Kind is not HandleKind { IsOwn: false };
            return $"{value}.{(own ? "Move" : "Lend")}({exportedTable}, fn)";
        }
        // A borrow of the host's object goes only to a function the guest exports (results cannot borrow): lent for the call.
        bool lent = Def(unaliased)?.Kind is HandleKind { IsOwn: false };
        return $"{table}.{(lent ? "Lend" : "Insert")}<{Cs(unaliased)}>({value}, fn)";
    }
}
