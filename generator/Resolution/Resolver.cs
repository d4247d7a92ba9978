using System;
using System.Collections.Generic;
using System.Linq;
using WitBindgen.Generator.Diagnostics;
using WitBindgen.Generator.Model;
using WitBindgen.Generator.Syntax;
using WitBindgen.Generator.Util;

namespace WitBindgen.Generator.Resolution;

/// <summary>
/// Turns parsed files into a <see cref="Resolve"/>: packages and documents, interface paths (<c>self.</c>,
/// <c>pkg.</c>, dependency and qualified paths), <c>use</c> across interfaces, type names and aliases. Reports
/// undefined, duplicated and cyclic definitions. Items that fail to resolve are left out; the rest is kept.
/// </summary>
internal sealed partial class Resolver
{
    private readonly List<WitDiagnostic> _diagnostics;
    private readonly List<PackageState> _packages = new();
    private readonly List<InterfaceState> _interfaces = new();
    private readonly List<WorldState> _worlds = new();
    private readonly List<TypeDef?> _types = new();
    private readonly List<(WitSource Source, Token Token)> _typeOrigins = new();
    private readonly Dictionary<UseAst, int> _useTargets = new(ReferenceComparer<UseAst>.Instance);

    private Resolver(List<WitDiagnostic> diagnostics) => _diagnostics = diagnostics;

    // ---- state while resolving ----

    private sealed class PackageState
    {
        public PackageState(int id, PackageLayout.PackageFiles files)
        {
            Id = id;
            Files = files;
        }
        public int Id { get; }
        public PackageLayout.PackageFiles Files { get; }
        public string Name => Declared?.Name ?? Files.Name;
        public PackageDecl? Declared { get; set; }
        public List<DocumentState> Documents { get; } = new();
    }

    private sealed class DocumentState
    {
        public DocumentState(PackageState package, FileAst file)
        {
            Package = package;
            File = file;
        }
        public PackageState Package { get; }
        public FileAst File { get; }
        public string Name => PackageLayout.FileStem(PackageLayout.Normalize(File.Source.Path));
        public Dictionary<string, int> Interfaces { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, int> Worlds { get; } = new(StringComparer.Ordinal);
        public List<int> InterfaceOrder { get; } = new();
        public List<int> WorldOrder { get; } = new();
        public int DefaultInterface { get; set; } = -1;
        public int DefaultWorld { get; set; } = -1;
        /// <summary>Names a top-level <c>use path as name</c> gives to interfaces (today's dialect).</summary>
        public Dictionary<string, int> InterfaceAliases { get; } = new(StringComparer.Ordinal);
    }

    private enum Progress : byte { NotStarted, InProgress, Done }

    private sealed class InterfaceState
    {
        public InterfaceState(int id, InterfaceAst ast, DocumentState document, string? name)
        {
            Id = id;
            Ast = ast;
            Document = document;
            Name = name;
        }
        public int Id { get; }
        public InterfaceAst Ast { get; }
        public DocumentState Document { get; }
        public string? Name { get; }
        public Progress Progress { get; set; }
        public Dictionary<string, int> TypeNames { get; } = new(StringComparer.Ordinal);
        public List<NamedType> Types { get; } = new();
        public List<Function> Functions { get; } = new();
    }

    private sealed class WorldState
    {
        public WorldState(int id, WorldAst ast, DocumentState document)
        {
            Id = id;
            Ast = ast;
            Document = document;
        }
        public int Id { get; }
        public WorldAst Ast { get; }
        public DocumentState Document { get; }
        public List<WorldItem> Imports { get; } = new();
        public List<WorldItem> Exports { get; } = new();
        public List<NamedType> Types { get; } = new();
        public Progress Progress { get; set; }
    }

    /// <summary>Where names are looked up while resolving the types of one interface or world.</summary>
    private sealed class Scope
    {
        public Scope(DocumentState document, TypeOwner owner, Dictionary<string, int> names)
        {
            Document = document;
            Owner = owner;
            Names = names;
        }
        public DocumentState Document { get; }
        public TypeOwner Owner { get; }
        public Dictionary<string, int> Names { get; }
        public WitSource Source => Document.File.Source;
    }

    // ---- entry point ----

    public static Resolve? Run(IReadOnlyList<FileAst> files, List<WitDiagnostic> diagnostics)
    {
        var resolver = new Resolver(diagnostics);
        return resolver.Resolve(files);
    }

    private Resolve? Resolve(IReadOnlyList<FileAst> files)
    {
        var groups = PackageLayout.Group(files.Select(f => f.Source.Path).ToList());
        foreach (var group in groups)
        {
            var package = new PackageState(_packages.Count, group);
            _packages.Add(package);
            foreach (var index in group.Files.OrderBy(i => PackageLayout.Normalize(files[i].Source.Path), StringComparer.Ordinal))
            {
                var file = files[index];
                if (file.Package is { } decl)
                {
                    if (package.Declared is { } existing && (existing.Namespace != decl.Namespace || existing.Name != decl.Name || existing.Version != decl.Version))
                    {
                        Report(WitDiagnosticIds.DuplicateName, file.Source, decl.Token,
                            $"package '{decl.Namespace}:{decl.Name}' conflicts with package '{existing.Namespace}:{existing.Name}' declared by another file of the same directory");
                    }
                    package.Declared ??= decl;
                }
                var document = new DocumentState(package, file);
                package.Documents.Add(document);
                RegisterItems(document);
            }
        }

        RegisterNestedPackages();

        foreach (var package in _packages)
            foreach (var document in package.Documents)
                RegisterTopLevelUses(document);

        foreach (var iface in _interfaces.ToList())
            ResolveInterface(iface);

        foreach (var world in _worlds)
            ResolveWorldAndIncludes(world);

        CheckTypeCycles();
        CheckBorrowedResults();
        TypeLimits.Check(_types, _typeOrigins, _diagnostics);

        return WorldElaboration.Run(Build(), _diagnostics);
    }

    // ---- registration ----

    private void RegisterItems(DocumentState document)
    {
        var source = document.File.Source;
        foreach (var ast in document.File.Interfaces)
        {
            if (document.Interfaces.ContainsKey(ast.Name.Name) || document.Worlds.ContainsKey(ast.Name.Name))
            {
                Report(WitDiagnosticIds.DuplicateName, source, ast.Name.Token, $"'{ast.Name.Name}' is defined more than once in this document");
                continue;
            }
            var state = new InterfaceState(_interfaces.Count, ast, document, ast.Name.Name);
            _interfaces.Add(state);
            document.Interfaces.Add(ast.Name.Name, state.Id);
            document.InterfaceOrder.Add(state.Id);
            if (ast.IsDefault)
            {
                if (document.DefaultInterface >= 0)
                    Report(WitDiagnosticIds.DuplicateDefault, source, ast.Name.Token, $"the document already has a default interface, '{_interfaces[document.DefaultInterface].Name}'");
                else document.DefaultInterface = state.Id;
            }
        }
        foreach (var ast in document.File.Worlds)
        {
            if (document.Interfaces.ContainsKey(ast.Name.Name) || document.Worlds.ContainsKey(ast.Name.Name))
            {
                Report(WitDiagnosticIds.DuplicateName, source, ast.Name.Token, $"'{ast.Name.Name}' is defined more than once in this document");
                continue;
            }
            var state = new WorldState(_worlds.Count, ast, document);
            _worlds.Add(state);
            document.Worlds.Add(ast.Name.Name, state.Id);
            document.WorldOrder.Add(state.Id);
            if (ast.IsDefault)
            {
                if (document.DefaultWorld >= 0)
                    Report(WitDiagnosticIds.DuplicateDefault, source, ast.Name.Token, $"the document already has a default world, '{_worlds[document.DefaultWorld].Ast.Name.Name}'");
                else document.DefaultWorld = state.Id;
            }
        }
    }

    private void RegisterTopLevelUses(DocumentState document)
    {
        foreach (var use in document.File.Uses)
        {
            var target = ResolveInterfacePath(document, use.Path);
            if (target < 0) continue;
            var name = use.As?.Name ?? use.Path.Segments[use.Path.Segments.Count - 1].Name;
            var token = use.As?.Token ?? use.Path.Token;
            if (document.InterfaceAliases.ContainsKey(name) || document.Interfaces.ContainsKey(name))
            {
                Report(WitDiagnosticIds.DuplicateName, document.File.Source, token, $"'{name}' is defined more than once in this document");
                continue;
            }
            document.InterfaceAliases.Add(name, target);
        }
    }

    // ---- interface paths ----

    /// <summary>Finds the interface a path names; reports and returns -1 when there is none.</summary>
    private int ResolveInterfacePath(DocumentState document, UsePath path)
    {
        var source = document.File.Source;
        var segs = path.Segments;
        switch (path.Root)
        {
            case UsePathRoot.Self:
            {
                if (document.Interfaces.TryGetValue(segs[0].Name, out var id)) return id;
                Report(WitDiagnosticIds.UnknownInterface, source, segs[0].Token, $"interface '{segs[0].Name}' is not defined in this document");
                return -1;
            }
            case UsePathRoot.Local:
            {
                var name = segs[0].Name;
                if (document.Interfaces.TryGetValue(name, out var id)) return id;
                if (document.InterfaceAliases.TryGetValue(name, out id)) return id;
                // Today's dialect: any interface of the package.
                foreach (var other in document.Package.Documents)
                    if (other.Interfaces.TryGetValue(name, out id)) return id;
                Report(WitDiagnosticIds.UnknownInterface, source, segs[0].Token, document.File.Package is null
                    ? $"interface '{name}' is not defined in this package (a May-2023 path is 'self.{name}', 'pkg.document' or 'package.document')"
                    : $"interface '{name}' is not defined in this package (another package's is named as in 'wasi:io/{name}@0.2.0')");
                return -1;
            }
            case UsePathRoot.Pkg:
                return ResolveInDocument(document, document.Package, segs, 0, source);
            case UsePathRoot.Dependency:
            {
                var dep = FindDependency(document.Package, segs[0].Name);
                if (dep is null)
                {
                    Report(WitDiagnosticIds.UnknownPackage, source, segs[0].Token,
                        $"package '{segs[0].Name}' is not found: expected a directory deps/{segs[0].Name}/ beside the root package");
                    return -1;
                }
                return ResolveInDocument(document, dep, segs, 1, source);
            }
            case UsePathRoot.Qualified:
            {
                var ns = path.Namespace!;
                var pkgName = segs[0].Name;
                var candidates = _packages.Where(p => p.Declared is { } d && d.Namespace == ns && d.Name == pkgName
                    && (path.Version is null || d.Version == path.Version)
                    && p.Files.RootDirectory == document.Package.Files.RootDirectory).ToList();
                if (candidates.Count == 0)
                {
                    Report(WitDiagnosticIds.UnknownPackage, source, path.Token,
                        $"package '{ns}:{pkgName}{(path.Version is null ? "" : "@" + path.Version)}' is not found among this package's dependencies");
                    return -1;
                }
                foreach (var doc in candidates[0].Documents)
                    if (doc.Interfaces.TryGetValue(segs[1].Name, out var id)) return id;
                Report(WitDiagnosticIds.UnknownInterface, source, segs[1].Token, $"package '{ns}:{pkgName}' has no interface '{segs[1].Name}'");
                return -1;
            }
            default:
                return -1;
        }
    }

    /// <summary><c>document</c> (its default interface) or <c>document.interface</c> of a package.</summary>
    private int ResolveInDocument(DocumentState from, PackageState package, IReadOnlyList<Id> segs, int start, WitSource source)
    {
        var docName = segs[start];
        var document = package.Documents.FirstOrDefault(d => d.Name == docName.Name);
        if (document is null)
        {
            Report(WitDiagnosticIds.UnknownDocument, source, docName.Token,
                $"package '{package.Name}' has no document '{docName.Name}' (expected a file {docName.Name}.wit)");
            return -1;
        }
        if (segs.Count > start + 1)
        {
            var iface = segs[start + 1];
            if (document.Interfaces.TryGetValue(iface.Name, out var id)) return id;
            Report(WitDiagnosticIds.UnknownInterface, source, iface.Token, $"document '{docName.Name}' has no interface '{iface.Name}'");
            return -1;
        }
        if (document.DefaultInterface >= 0) return document.DefaultInterface;
        Report(WitDiagnosticIds.NoDefaultItem, source, docName.Token,
            $"document '{docName.Name}' has no default interface: name one, as in '{docName.Name}.<interface>'");
        return -1;
    }

    private PackageState? FindDependency(PackageState from, string name)
    {
        var root = from.Files.RootDirectory;
        return _packages.FirstOrDefault(p => !p.Files.IsRoot && p.Files.RootDirectory == root && p.Files.Name == name)
            ?? _packages.FirstOrDefault(p => !p.Files.IsRoot && p.Files.RootDirectory == root && p.Declared?.Name == name);
    }

    // ---- interfaces ----

    /// <summary>
    /// Resolves an interface, and first each interface it uses when its <c>use</c> is reached (so type ids follow
    /// the order of a depth-first walk), without recursion: a chain of thousands of <c>use</c>s must not exhaust
    /// the compiler's stack. A cycle of uses is reported at the use that closes it.
    /// </summary>
    private void ResolveInterface(InterfaceState root)
    {
        if (root.Progress != Progress.NotStarted) return;
        var stack = new Stack<(InterfaceState Iface, int NextItem)>();
        root.Progress = Progress.InProgress;
        stack.Push((root, 0));
        while (stack.Count > 0)
        {
            var (iface, next) = stack.Pop();
            var scope = InterfaceScope(iface);
            var items = iface.Ast.Items;
            bool suspended = false;
            // Names first, so types may refer to each other in any order.
            for (; next < items.Count && !suspended; next++)
            {
                if (items[next] is TypeDefAst typeDef)
                {
                    DeclareType(scope, typeDef, iface.Types);
                    continue;
                }
                if (items[next] is not UseAst use) continue;
                int targetId = UseTarget(iface.Document, use);
                var target = targetId < 0 ? null : _interfaces[targetId];
                if (target?.Progress == Progress.NotStarted)
                {
                    // Resolve the used interface, then come back to this use.
                    stack.Push((iface, next));
                    target.Progress = Progress.InProgress;
                    stack.Push((target, 0));
                    suspended = true;
                    break;
                }
                if (target?.Progress == Progress.InProgress)
                    Report(WitDiagnosticIds.CyclicDefinition, scope.Source, use.Path.Token, $"interface '{target.Name}' uses itself through a cycle of 'use'");
                ResolveUse(scope, use, iface.Types);
            }
            if (!suspended) FinishInterface(iface, scope);
        }
    }

    private Scope InterfaceScope(InterfaceState iface) => new(iface.Document, TypeOwner.OfInterface(iface.Id), iface.TypeNames);

    /// <summary>The interface a <c>use</c> names, found (and any problem reported) once.</summary>
    private int UseTarget(DocumentState document, UseAst use)
    {
        if (!_useTargets.TryGetValue(use, out var id))
        {
            id = ResolveInterfacePath(document, use.Path);
            _useTargets.Add(use, id);
        }
        return id;
    }

    /// <summary>Defines an interface's types and functions, once every name in it is declared.</summary>
    private void FinishInterface(InterfaceState iface, Scope scope)
    {
        var source = scope.Source;
        foreach (var typeDef in iface.Ast.Types) DefineType(scope, typeDef);

        var functionNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var func in iface.Ast.Functions)
        {
            if (!functionNames.Add(func.Name.Name) || iface.TypeNames.ContainsKey(func.Name.Name))
            {
                Report(WitDiagnosticIds.DuplicateName, source, func.Name.Token, $"'{func.Name.Name}' is defined more than once in interface '{iface.Name}'");
                continue;
            }
            iface.Functions.Add(ResolveFunction(scope, func.Name, func.Docs, func.Type) with { Deprecated = func.Gate.Deprecated });
        }
        iface.Progress = Progress.Done;
    }

    private void ResolveUse(Scope scope, UseAst use, List<NamedType> into)
    {
        var targetId = UseTarget(scope.Document, use);
        if (targetId < 0) return;
        var target = _interfaces[targetId];
        ResolveInterface(target);
        if (target.Progress != Progress.Done) return; // on a cycle of uses, reported there
        foreach (var name in use.Names)
        {
            var local = name.As ?? name.Name;
            if (!target.TypeNames.TryGetValue(name.Name.Name, out var typeId))
            {
                Report(WitDiagnosticIds.UndefinedName, scope.Source, name.Name.Token, $"interface '{target.Name}' has no type '{name.Name.Name}'");
                continue;
            }
            if (scope.Names.ContainsKey(local.Name))
            {
                Report(WitDiagnosticIds.DuplicateName, scope.Source, local.Token, $"'{local.Name}' is defined more than once");
                continue;
            }
            // Like wit-parser: a used name is an alias owned by the user, pointing at the original.
            int id = AddType(new TypeDef(local.Name, scope.Owner, null, new AliasKind(TypeRef.Of(typeId))), scope.Source, local.Token);
            scope.Names.Add(local.Name, id);
            into.Add(new NamedType(local.Name, id));
        }
    }

    // ---- cycles ----

    /// <summary>
    /// WIT types are not recursive: a type that contains itself (directly, through aliases, or through records,
    /// lists and the like) has no finite layout.
    /// </summary>
    private void CheckTypeCycles()
    {
        var state = new byte[_types.Count]; // 0 = unvisited, 1 = on stack, 2 = done
        for (int i = 0; i < _types.Count; i++)
        {
            if (state[i] == 0 && _types[i] is not null) Visit(i);
        }

        void Visit(int id)
        {
            // Iterative DFS: a long chain of aliases must not overflow the compiler's stack.
            var stack = new Stack<(int Id, IEnumerator<TypeRef> Children)>();
            state[id] = 1;
            stack.Push((id, Children(_types[id]).GetEnumerator()));
            while (stack.Count > 0)
            {
                var (current, children) = stack.Peek();
                if (!children.MoveNext())
                {
                    state[current] = 2;
                    stack.Pop();
                    continue;
                }
                var child = children.Current;
                if (!child.IsId || _types[child.Id] is null) continue;
                if (state[child.Id] == 1)
                {
                    var origin = _typeOrigins[child.Id];
                    var name = _types[child.Id]!.Name ?? "an anonymous type";
                    Report(WitDiagnosticIds.CyclicDefinition, origin.Source, origin.Token, $"type '{name}' refers to itself (WIT types cannot be recursive)");
                    // Break the cycle so later passes (layout, emit) terminate.
                    _types[child.Id] = _types[child.Id]! with { Kind = new AliasKind(TypeRef.Primitive(TypeRefKind.U32)) };
                    continue;
                }
                if (state[child.Id] == 0)
                {
                    state[child.Id] = 1;
                    stack.Push((child.Id, Children(_types[child.Id]).GetEnumerator()));
                }
            }
        }
    }

    private static IEnumerable<TypeRef> Children(TypeDef? type) => TypeDefs.Children(type);

    // ---- output ----

    private Resolve Build()
    {
        var packages = _packages.Select(p => new Package(
            p.Name,
            p.Declared?.Namespace,
            p.Declared?.Version,
            p.Files.IsRoot,
            p.Files.Directory,
            p.Documents.Select(d => new Document(
                d.Name,
                PackageLayout.Normalize(d.File.Source.Path),
                d.InterfaceOrder.ToEquatableArray(),
                d.WorldOrder.ToEquatableArray(),
                d.DefaultInterface,
                d.DefaultWorld)).ToEquatableArray())).ToEquatableArray();

        var interfaces = _interfaces.Select(i => new Interface(
            i.Name,
            i.Document.Package.Id,
            i.Document.Name,
            i.Ast.Docs,
            i.Types.ToEquatableArray(),
            i.Functions.ToEquatableArray()) { Deprecated = i.Ast.Gate.Deprecated }).ToEquatableArray();

        var worlds = _worlds.Select(w => new World(
            w.Ast.Name.Name,
            w.Document.Package.Id,
            w.Document.Name,
            w.Ast.Docs,
            w.Imports.ToEquatableArray(),
            w.Exports.ToEquatableArray(),
            w.Types.ToEquatableArray(),
            w.Document.File.Source.Span(w.Ast.Name.Token)) { Deprecated = w.Ast.Gate.Deprecated }).ToEquatableArray();

        // A type left undefined (its definition failed to parse) becomes an alias of u32, so that indexes stay valid.
        var types = _types.Select(t => t ?? new TypeDef(null, TypeOwner.None, null, new AliasKind(TypeRef.Primitive(TypeRefKind.U32)))).ToEquatableArray();
        return new Resolve(packages, interfaces, worlds, types);
    }

    private void Report(string id, WitSource source, Token token, string message) =>
        _diagnostics.Add(new WitDiagnostic(id, message, source.Span(token)));
}
