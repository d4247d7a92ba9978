using System.Collections.Generic;

namespace WitBindgen.Generator.Syntax;

// The syntax tree of one .wit file, before names are resolved. Nodes keep the token that names them, so the
// resolver can point at the right place. Plain classes: the AST never leaves one run of the front end.

/// <summary>An identifier as written, with its position.</summary>
public readonly record struct Id(string Name, Token Token);

public sealed class FileAst
{
    public FileAst(WitSource source) => Source = source;
    public WitSource Source { get; }
    public PackageDecl? Package { get; set; }
    public List<TopLevelUse> Uses { get; } = new();
    public List<InterfaceAst> Interfaces { get; } = new();
    public List<WorldAst> Worlds { get; } = new();
    /// <summary><c>package a:b@1.0.0 { … }</c> blocks of this file (today's dialect): packages of their own.</summary>
    public List<FileAst> NestedPackages { get; } = new();
}

/// <summary>
/// The feature gates of an item: <c>@since(version = …)</c>, <c>@unstable(feature = …)</c>,
/// <c>@deprecated(version = …)</c>.
/// </summary>
public sealed record Gate(string? Since, string? UnstableFeature, string? Deprecated)
{
    public static readonly Gate None = new(null, null, null);
}

/// <summary><c>package ns:name@version</c> (today's dialect).</summary>
public sealed record PackageDecl(string Namespace, string Name, string? Version, Token Token);

/// <summary>
/// A path to an interface: <c>self.iface</c>, <c>pkg.doc</c>, <c>pkg.doc.iface</c>, <c>dep.doc</c>,
/// <c>dep.doc.iface</c> (May 2023), <c>iface</c> or <c>ns:pkg/iface@1.0.0</c> (today).
/// </summary>
public sealed record UsePath(UsePathRoot Root, IReadOnlyList<Id> Segments, string? Namespace, string? Version, Token Token);

public enum UsePathRoot : byte { Self, Pkg, Dependency, Local, Qualified }

public sealed record UseName(Id Name, Id? As);

/// <summary><c>use path.{a, b as c}</c> inside an interface or world.</summary>
public sealed record UseAst(UsePath Path, IReadOnlyList<UseName> Names, Token Token);

/// <summary><c>use path [as name]</c> at the top of a file (today's dialect).</summary>
public sealed record TopLevelUse(UsePath Path, Id? As, Token Token);

public sealed class InterfaceAst
{
    public InterfaceAst(Id name, string? docs, bool isDefault)
    {
        Name = name;
        Docs = docs;
        IsDefault = isDefault;
    }
    public Id Name { get; }
    public string? Docs { get; }
    public bool IsDefault { get; }
    public Gate Gate { get; set; } = Gate.None;
    public List<UseAst> Uses { get; } = new();
    public List<TypeDefAst> Types { get; } = new();
    public List<FuncAst> Functions { get; } = new();
    /// <summary>Items in source order, to keep types and functions in the order written.</summary>
    public List<object> Items { get; } = new();
}

public sealed class WorldAst
{
    public WorldAst(Id name, string? docs, bool isDefault)
    {
        Name = name;
        Docs = docs;
        IsDefault = isDefault;
    }
    public Id Name { get; }
    public string? Docs { get; }
    public bool IsDefault { get; }
    public List<UseAst> Uses { get; } = new();
    public List<TypeDefAst> Types { get; } = new();
    public Gate Gate { get; set; } = Gate.None;
    public List<WorldItemAst> Items { get; } = new();
    public List<IncludeAst> Includes { get; } = new();
}

/// <summary><c>include path [with { a as b, … }]</c> in a world (today's dialect).</summary>
public sealed record IncludeAst(UsePath Path, IReadOnlyList<(Id From, Id To)> With, Token Token);

/// <summary>What a world imports or exports under a name.</summary>
public sealed record WorldItemAst(bool IsImport, Id Name, string? Docs, ExternAst Extern, Token Token)
{
    public Gate Gate { get; init; } = Gate.None;
}

public abstract record ExternAst;
public sealed record ExternFunc(FuncTypeAst Func) : ExternAst;
public sealed record ExternInterface(InterfaceAst Body) : ExternAst;
public sealed record ExternPath(UsePath Path) : ExternAst;

public sealed record FuncAst(Id Name, string? Docs, FuncTypeAst Type, Gate Gate);

public sealed record FuncTypeAst(IReadOnlyList<ParamAst> Params, TypeAst? Result, IReadOnlyList<ParamAst>? NamedResults);

public sealed record ParamAst(Id Name, TypeAst Type);

public sealed record TypeDefAst(Id Name, string? Docs, TypeDefBodyAst Body)
{
    public Gate Gate { get; init; } = Gate.None;
}

public abstract record TypeDefBodyAst;
public sealed record AliasBody(TypeAst Target) : TypeDefBodyAst;
public sealed record RecordBody(IReadOnlyList<FieldAst> Fields) : TypeDefBodyAst;
public sealed record FieldAst(Id Name, string? Docs, TypeAst Type);
public sealed record VariantBody(IReadOnlyList<CaseAst> Cases) : TypeDefBodyAst;
public sealed record CaseAst(Id Name, string? Docs, TypeAst? Type);
public sealed record EnumBody(IReadOnlyList<NamedItemAst> Cases) : TypeDefBodyAst;
public sealed record FlagsBody(IReadOnlyList<NamedItemAst> Flags) : TypeDefBodyAst;
public sealed record NamedItemAst(Id Name, string? Docs);
public sealed record UnionBody(IReadOnlyList<UnionCaseAst> Cases) : TypeDefBodyAst;
public sealed record UnionCaseAst(string? Docs, TypeAst Type);
/// <summary><c>resource r { constructor(…); m: func(…); s: static func(…); }</c>.</summary>
public sealed record ResourceBody(IReadOnlyList<ResourceFuncAst> Functions) : TypeDefBodyAst;

public enum ResourceFuncKind : byte { Constructor, Method, Static }

/// <summary>A function of a resource; a constructor's <see cref="Name"/> is the <c>constructor</c> keyword.</summary>
public sealed record ResourceFuncAst(ResourceFuncKind Kind, Id Name, string? Docs, FuncTypeAst Type, Gate Gate);

public abstract record TypeAst(Token Token);
public sealed record PrimitiveTypeAst(Model.TypeRefKind Kind, Token Token) : TypeAst(Token);
public sealed record NamedTypeAst(Id Name) : TypeAst(Name.Token);
public sealed record ListTypeAst(TypeAst Element, Token Token) : TypeAst(Token);
public sealed record OptionTypeAst(TypeAst Element, Token Token) : TypeAst(Token);
public sealed record ResultTypeAst(TypeAst? Ok, TypeAst? Err, Token Token) : TypeAst(Token);
public sealed record TupleTypeAst(IReadOnlyList<TypeAst> Elements, Token Token) : TypeAst(Token);
public sealed record FutureTypeAst(TypeAst? Element, Token Token) : TypeAst(Token);
public sealed record StreamTypeAst(TypeAst? Element, TypeAst? End, Token Token) : TypeAst(Token);
public sealed record HandleTypeAst(bool IsOwn, Id Resource, Token Token) : TypeAst(Token);
