using WitBindgen.Generator.Util;

namespace WitBindgen.Generator.Model;

/// <summary>
/// Every package, interface, world and type of a set of WIT files after name resolution. Items refer to each other
/// by index into these arrays (as wit-parser's <c>Resolve</c> does), which keeps the model small and equatable.
/// </summary>
public sealed record Resolve(
    EquatableArray<Package> Packages,
    EquatableArray<Interface> Interfaces,
    EquatableArray<World> Worlds,
    EquatableArray<TypeDef> Types)
{
    public Interface Interface(int id) => Interfaces[id];
    public World World(int id) => Worlds[id];
    public TypeDef Type(int id) => Types[id];
    public Package Package(int id) => Packages[id];

    /// <summary>Follows aliases (<c>type a = b</c>) to the type that gives a value its shape.</summary>
    public TypeRef Unalias(TypeRef type)
    {
        // However long the chain; one longer than the number of types has gone round a cycle.
        for (int guard = 0; type.IsId && type.Id >= 0 && type.Id < Types.Count && guard <= Types.Count; guard++)
        {
            if (Types[type.Id].Kind is AliasKind alias) type = alias.Target;
            else break;
        }
        return type;
    }
}

/// <summary>
/// A package: in the May-2023 dialect a directory (the root one, or one under <c>deps/</c>) whose files are
/// documents; in today's dialect the <c>package ns:name@version</c> that its files declare.
/// </summary>
public sealed record Package(
    string Name,
    string? Namespace,
    string? Version,
    bool IsRoot,
    string Directory,
    EquatableArray<Document> Documents);

/// <summary>A document: one .wit file of a May-2023 package, with its interfaces and worlds.</summary>
public sealed record Document(
    string Name,
    string Path,
    EquatableArray<int> Interfaces,
    EquatableArray<int> Worlds,
    int DefaultInterface,
    int DefaultWorld);

public sealed record Interface(
    string? Name,
    int Package,
    string? Document,
    string? Docs,
    EquatableArray<NamedType> Types,
    EquatableArray<Function> Functions)
{
    /// <summary><c>@deprecated(version = …)</c>: the version the interface was deprecated in.</summary>
    public string? Deprecated { get; init; }
}

/// <summary>A name an interface or world gives to a type: one it defines, or one it brings in with <c>use</c>.</summary>
public sealed record NamedType(string Name, int Type);

/// <summary>A world; <paramref name="Span"/> is its name where it is defined, for diagnostics about the whole world.</summary>
public sealed record World(
    string Name,
    int Package,
    string? Document,
    string? Docs,
    EquatableArray<WorldItem> Imports,
    EquatableArray<WorldItem> Exports,
    EquatableArray<NamedType> Types,
    Diagnostics.SourceSpan Span = default)
{
    /// <summary><c>@deprecated(version = …)</c>: the version the world was deprecated in.</summary>
    public string? Deprecated { get; init; }
}

/// <summary>An import or export of a world: an interface (named, or inline) or a single function.</summary>
/// <param name="Name">The item's name in C# terms: the import/export name, or the last segment of an interface path.</param>
/// <param name="Key">
/// The name the canonical ABI gives the item where it differs from <paramref name="Name"/>: for today's
/// <c>import ns:pkg/iface@1.2.3;</c> (or <c>import iface;</c>) the interface's id <c>ns:pkg/iface@1.2.3</c>, as
/// wit-parser's <c>WorldKey::Interface</c> is named. Null when the item is keyed by its name.
/// </param>
public sealed record WorldItem(string Name, string? Docs, int Interface, Function? Function, string? Key = null)
{
    public bool IsInterface => Function is null;

    /// <summary>The item's canonical-ABI name: the core module of its imports, the prefix of its exports.</summary>
    public string AbiName => Key ?? Name;

    /// <summary>
    /// An import the world does not name but needs: an interface whose types its imports (or exports) use, added as
    /// wit-parser's world elaboration adds it.
    /// </summary>
    public bool IsImplicit { get; init; }

    /// <summary>The export side of an interface the world also imports: a copy of it with types of its own (see the emitter's <c>ExportCopies</c>).</summary>
    public bool IsExportCopy { get; init; }
}

public sealed record Function(
    string Name,
    string? Docs,
    EquatableArray<Param> Params,
    FunctionResults Results)
{
    /// <summary><c>@deprecated(version = …)</c>: the version the function was deprecated in.</summary>
    public string? Deprecated { get; init; }
}

public sealed record Param(string Name, TypeRef Type);

/// <summary>
/// What a function returns: nothing, one unnamed type (<c>-&gt; T</c>) or named values (<c>-&gt; (a: T, b: U)</c>).
/// </summary>
public sealed record FunctionResults(TypeRef? Anonymous, EquatableArray<Param> Named)
{
    public static readonly FunctionResults None = new(null, EquatableArray<Param>.Empty);

    public int Count => Anonymous is null ? Named.Count : 1;

    public EquatableArray<TypeRef> Types => Anonymous is { } t
        ? new EquatableArray<TypeRef>(new[] { t })
        : new EquatableArray<TypeRef>(System.Linq.Enumerable.Select(Named, p => p.Type));
}
