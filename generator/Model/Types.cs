using System.Collections.Generic;
using WitBindgen.Generator.Util;

namespace WitBindgen.Generator.Model;

public enum TypeRefKind : byte
{
    Bool, U8, U16, U32, U64, S8, S16, S32, S64, Float32, Float64, Char, String,
    /// <summary>A <see cref="TypeDef"/> of the <see cref="Resolve"/>, named or anonymous.</summary>
    Id,
}

/// <summary>A use of a type: a primitive, or a type definition by index.</summary>
public readonly record struct TypeRef(TypeRefKind Kind, int Id = -1)
{
    public bool IsId => Kind == TypeRefKind.Id;
    public bool IsPrimitive => Kind != TypeRefKind.Id;

    public static TypeRef Of(int id) => new(TypeRefKind.Id, id);
    public static TypeRef Primitive(TypeRefKind kind) => new(kind);

    public override string ToString() => IsId ? $"#{Id}" : Kind.ToString().ToLowerInvariant();
}

/// <summary>What a type is; anonymous types (<c>list&lt;u8&gt;</c>, <c>option&lt;t&gt;</c>, …) get one too.</summary>
public sealed record TypeDef(string? Name, TypeOwner Owner, string? Docs, TypeDefKind Kind)
{
    /// <summary><c>@deprecated(version = …)</c>: the version the type was deprecated in.</summary>
    public string? Deprecated { get; init; }
}

public enum TypeOwnerKind : byte { None, Interface, World }

public readonly record struct TypeOwner(TypeOwnerKind Kind, int Id)
{
    public static readonly TypeOwner None = new(TypeOwnerKind.None, -1);
    public static TypeOwner OfInterface(int id) => new(TypeOwnerKind.Interface, id);
    public static TypeOwner OfWorld(int id) => new(TypeOwnerKind.World, id);
}

public abstract record TypeDefKind;

public sealed record RecordKind(EquatableArray<Field> Fields) : TypeDefKind;
public sealed record Field(string Name, string? Docs, TypeRef Type);

public sealed record VariantKind(EquatableArray<Case> Cases) : TypeDefKind;
public sealed record Case(string Name, string? Docs, TypeRef? Type);

public sealed record EnumKind(EquatableArray<EnumCase> Cases) : TypeDefKind;
public sealed record EnumCase(string Name, string? Docs);

public sealed record FlagsKind(EquatableArray<Flag> Flags) : TypeDefKind;
public sealed record Flag(string Name, string? Docs);

public sealed record UnionKind(EquatableArray<UnionCase> Cases) : TypeDefKind;
public sealed record UnionCase(string? Docs, TypeRef Type);

public sealed record OptionKind(TypeRef Type) : TypeDefKind;

/// <summary><c>result</c>, <c>result&lt;T&gt;</c>, <c>result&lt;_, E&gt;</c> or <c>result&lt;T, E&gt;</c>.</summary>
public sealed record ResultKind(TypeRef? Ok, TypeRef? Err) : TypeDefKind;

public sealed record TupleKind(EquatableArray<TypeRef> Types) : TypeDefKind;

public sealed record ListKind(TypeRef Element) : TypeDefKind;

/// <summary><c>type a = b</c>: another name for a type, also what <c>use</c> produces.</summary>
public sealed record AliasKind(TypeRef Target) : TypeDefKind;

/// <summary><c>future&lt;T&gt;</c> / <c>stream&lt;T, E&gt;</c>: parsed, not yet supported by the ABI of this era.</summary>
public sealed record FutureKind(TypeRef? Type) : TypeDefKind;
public sealed record StreamKind(TypeRef? Element, TypeRef? End) : TypeDefKind;

/// <summary>
/// <c>resource r { … }</c> (today's dialect): its constructor, methods (with their <c>self</c> first) and static
/// functions. <paramref name="Span"/> is its name where it is defined. A use of the resource by name is an owned handle.
/// </summary>
public sealed record ResourceKind(EquatableArray<ResourceFunction> Functions, Diagnostics.SourceSpan Span) : TypeDefKind;

public enum ResourceFunctionKind : byte { Constructor, Method, Static }

public sealed record ResourceFunction(ResourceFunctionKind Kind, Function Function);

/// <summary><c>own&lt;r&gt;</c> or <c>borrow&lt;r&gt;</c>: a handle to a resource, which it does not contain.</summary>
public sealed record HandleKind(bool IsOwn, TypeRef Resource) : TypeDefKind;

public static class TypeDefs
{
    /// <summary>The types a type definition refers to directly (fields, cases, elements, an alias's target).</summary>
    public static IEnumerable<TypeRef> Children(TypeDef? type)
    {
        switch (type?.Kind)
        {
            case AliasKind a: yield return a.Target; break;
            case RecordKind r: foreach (var f in r.Fields) yield return f.Type; break;
            case VariantKind v: foreach (var c in v.Cases) if (c.Type is { } t) yield return t; break;
            case UnionKind u: foreach (var c in u.Cases) yield return c.Type; break;
            case OptionKind o: yield return o.Type; break;
            case ResultKind res:
                if (res.Ok is { } ok) yield return ok;
                if (res.Err is { } err) yield return err;
                break;
            case TupleKind t: foreach (var e in t.Types) yield return e; break;
            case ListKind l: yield return l.Element; break;
            case FutureKind f: if (f.Type is { } ft) yield return ft; break;
            case StreamKind s:
                if (s.Element is { } se) yield return se;
                if (s.End is { } sn) yield return sn;
                break;
        }
    }
}
