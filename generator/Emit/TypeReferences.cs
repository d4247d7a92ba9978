using System;
using System.Collections.Generic;
using System.Linq;
using WitBindgen.Generator.Model;

namespace WitBindgen.Generator.Emit;

/// <summary>
/// Where a type name is written: the class (and the names declared inside the nearest enclosing types) that C#
/// name lookup searches before it reaches the namespace.
/// </summary>
internal sealed class Scope
{
    public static readonly Scope Namespace = new(null, Array.Empty<string>());

    public Scope(ClassPlan? cls, IReadOnlyCollection<string> inner)
    {
        Class = cls;
        Inner = inner;
    }

    public ClassPlan? Class { get; }
    /// <summary>Names declared between the class and the use: variant cases, method type parameters.</summary>
    public IReadOnlyCollection<string> Inner { get; }

    public static Scope In(ClassPlan? cls) => new(cls, Array.Empty<string>());

    public Scope With(IEnumerable<string> names) => new(Class, Inner.Concat(names).ToList());

    /// <summary>Whether a simple name, looked up here, would find something other than a namespace-level type.</summary>
    public bool Hides(string name) => Inner.Contains(name) || (Class != null && Class.NestedNames.Contains(name));
}

/// <summary>The <c>using</c> directives a file needs, and the form of well-known type names in it.</summary>
internal sealed class FileContext
{
    private readonly EmitPlan _plan;

    public FileContext(EmitPlan plan) => _plan = plan;

    public SortedSet<string> Usings { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// <paramref name="name"/> of namespace <paramref name="ns"/>, short with a <c>using</c> unless something the
    /// emitter declares could hide it, then fully qualified.
    /// </summary>
    public string Known(string ns, string name)
    {
        if (_plan.DeclaredNames.Contains(name) || _plan.DeclaredNames.Contains(RootOf(ns)))
            return "global::" + ns + "." + name;
        Usings.Add(ns);
        return name;
    }

    /// <summary>The <c>[Flags]</c> attribute (looked up as <c>Flags</c> and <c>FlagsAttribute</c>).</summary>
    public string FlagsAttribute()
    {
        if (_plan.DeclaredNames.Contains("Flags") || _plan.DeclaredNames.Contains("FlagsAttribute") || _plan.DeclaredNames.Contains("System"))
            return "global::System.Flags";
        Usings.Add("System");
        return "Flags";
    }

    private static string RootOf(string ns)
    {
        int dot = ns.IndexOf('.');
        return dot < 0 ? ns : ns.Substring(0, dot);
    }
}

/// <summary>WIT type uses to C# type names.</summary>
internal sealed class TypeReferences
{
    /// <summary>Deeper than any type the front end accepts (<see cref="Resolution.TypeLimits.MaxDepth"/>): only a broken model reaches it.</summary>
    private const int MaxDepth = Resolution.TypeLimits.MaxDepth + 2;
    private readonly EmitPlan _plan;

    public EmitPlan Plan => _plan;
    /// <summary>
    /// Names already written, per file and place: WIT can use one large anonymous type many times (and within
    /// itself), and rebuilding its name each time would take time quadratic in its size.
    /// </summary>
    private readonly Dictionary<(FileContext File, ClassPlan? Class, string Inner, int Id), string> _written = new();

    /// <summary>Whether a top-level <c>string</c> parameter of an imported function is a <c>ReadOnlySpan&lt;char&gt;</c>.</summary>
    public bool StringSpans { get; }

    public TypeReferences(EmitPlan plan, bool stringSpans = false) => (_plan, StringSpans) = (plan, stringSpans);

    /// <summary>
    /// The C# type for <paramref name="type"/> written in <paramref name="scope"/>. <paramref name="importParameter"/>
    /// marks a top-level parameter of an imported function, where <c>list&lt;u8&gt;</c> is a <c>ReadOnlySpan&lt;byte&gt;</c>
    /// and, with <see cref="StringSpans"/>, <c>string</c> a <c>ReadOnlySpan&lt;char&gt;</c>.
    /// </summary>
    public string Of(TypeRef type, Scope scope, FileContext file, bool importParameter = false)
    {
        if (importParameter && IsByteList(type))
            return file.Known("System", "ReadOnlySpan") + "<byte>";
        if (importParameter && IsSpanString(type))
            return file.Known("System", "ReadOnlySpan") + "<char>";
        return Of(type, scope, file, 0);
    }

    private string Of(TypeRef type, Scope scope, FileContext file, int depth)
    {
        if (depth > MaxDepth) return "object";
        type = _plan.Unalias(type);
        switch (type.Kind)
        {
            case TypeRefKind.Bool: return "bool";
            case TypeRefKind.U8: return "byte";
            case TypeRefKind.U16: return "ushort";
            case TypeRefKind.U32: return "uint";
            case TypeRefKind.U64: return "ulong";
            case TypeRefKind.S8: return "sbyte";
            case TypeRefKind.S16: return "short";
            case TypeRefKind.S32: return "int";
            case TypeRefKind.S64: return "long";
            case TypeRefKind.Float32: return "float";
            case TypeRefKind.Float64: return "double";
            case TypeRefKind.Char: return file.Known("System.Text", "Rune");
            case TypeRefKind.String: return "string";
        }

        var def = _plan.Def(type);
        if (def is null) return "object";
        if (_plan.Declared(type.Id) is { } declared) return Named(declared, scope);
        var key = (file, scope.Class, scope.Inner.Count == 0 ? "" : string.Join(",", scope.Inner), type.Id);
        if (_written.TryGetValue(key, out var known)) return known;
        var written = Anonymous(def, scope, file, depth);
        _written[key] = written;
        return written;
    }

    private string Anonymous(TypeDef def, Scope scope, FileContext file, int depth)
    {
        string Inner(TypeRef t) => Of(t, scope, file, depth + 1);
        switch (def.Kind)
        {
            case OptionKind option:
                if (_plan.Def(_plan.Unalias(option.Type)) is { Kind: OptionKind })
                    return file.Known("WitBindgen.Runtime", "Option") + "<" + Inner(option.Type) + ">";
                return Inner(option.Type) + "?";
            case ResultKind result:
            {
                string ok = result.Ok is { } o ? Inner(o) : Unit(file);
                string err = result.Err is { } e ? Inner(e) : Unit(file);
                return file.Known("WitBindgen.Runtime", "Result") + "<" + ok + ", " + err + ">";
            }
            case TupleKind tuple:
                if (tuple.Types.Count == 0) return Unit(file);
                if (tuple.Types.Count == 1) return file.Known("System", "ValueTuple") + "<" + Inner(tuple.Types[0]) + ">";
                return "(" + string.Join(", ", tuple.Types.Select(Inner)) + ")";
            case ListKind list:
                if (IsByte(list.Element)) return file.Known("System", "ReadOnlyMemory") + "<byte>";
                return file.Known("System.Collections.Generic", "IReadOnlyList") + "<" + Inner(list.Element) + ">";
            case HandleKind handle:
                return Inner(handle.Resource);
            case FutureKind:
            case StreamKind:
                return "object";
            default:
                // A declared kind the plan did not place (it cannot happen for a resolved world).
                return "object";
        }
    }

    private static string Unit(FileContext file) => file.Known("WitBindgen.Runtime", "Unit");

    /// <summary><c>Name</c> inside its own class, <c>Class.Name</c> elsewhere, <c>global::…</c> when hidden.</summary>
    private string Named(TypePlan type, Scope scope)
    {
        if (scope.Class == type.Class && !scope.Inner.Contains(type.Name)) return type.Name;
        if (!scope.Hides(type.Class.Name)) return type.Class.Name + "." + type.Name;
        return "global::" + (_plan.Namespace.Length > 0 ? _plan.Namespace + "." : "") + type.Class.Name + "." + type.Name;
    }

    public bool IsByteList(TypeRef type) =>
        _plan.Def(_plan.Unalias(type)) is { Kind: ListKind list } && _plan.Declared(_plan.Unalias(type).Id) is null && IsByte(list.Element);

    /// <summary>A <c>string</c> that a top-level import parameter takes as a span (<see cref="StringSpans"/>).</summary>
    public bool IsSpanString(TypeRef type) => StringSpans && _plan.Unalias(type).Kind == TypeRefKind.String;

    private bool IsByte(TypeRef type) => _plan.Unalias(type).Kind == TypeRefKind.U8;

    /// <summary>Whether the C# type is a value type (so that <c>T?</c> is <c>Nullable&lt;T&gt;</c>).</summary>
    public bool IsValueType(TypeRef type, int depth = 0)
    {
        if (depth > MaxDepth) return false;
        type = _plan.Unalias(type);
        if (type.IsPrimitive) return type.Kind != TypeRefKind.String;
        var def = _plan.Def(type);
        if (def is null) return false;
        if (_plan.Declared(type.Id) is null && EmitPlan.IsDeclaredKind(def.Kind)) return false;
        return def.Kind switch
        {
            RecordKind or EnumKind or FlagsKind => true,
            VariantKind or UnionKind => false,
            OptionKind o => _plan.Def(_plan.Unalias(o.Type)) is { Kind: OptionKind } || IsValueType(o.Type, depth + 1),
            ResultKind or TupleKind => true,
            ListKind l => IsByte(l.Element),
            _ => false,
        };
    }

    /// <summary>Whether a <c>future</c> or <c>stream</c> occurs in the type (it is emitted as <c>object</c>).</summary>
    public bool ContainsUnsupported(TypeRef type, int depth = 0)
    {
        if (depth > MaxDepth) return false;
        type = _plan.Unalias(type);
        var def = _plan.Def(type);
        if (def is null) return false;
        if (def.Kind is FutureKind or StreamKind) return true;
        if (_plan.Declared(type.Id) != null) return false;
        // Remembered per type: a large anonymous type may be asked about many times, and holds its parts many times.
        if (_unsupported.TryGetValue(type.Id, out var known)) return known;
        bool found = false;
        foreach (var child in EmitPlan.Children(def))
            if (ContainsUnsupported(child, depth + 1)) { found = true; break; }
        _unsupported[type.Id] = found;
        return found;
    }

    private readonly Dictionary<int, bool> _unsupported = new();
}
