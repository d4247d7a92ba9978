using System;
using System.Collections.Generic;
using System.Linq;
using WitBindgen.Generator.Diagnostics;
using WitBindgen.Generator.Model;
using WitBindgen.Generator.Syntax;
using WitBindgen.Generator.Util;

namespace WitBindgen.Generator.Resolution;

// Worlds (with today's `include`), nested packages and resources.
internal sealed partial class Resolver
{
    private readonly Dictionary<IncludeAst, int> _includeTargets = new(ReferenceComparer<IncludeAst>.Instance);

    // ---- nested packages ----

    /// <summary><c>package a:b { … }</c> blocks become packages of their own, found by their name like the file's.</summary>
    private void RegisterNestedPackages()
    {
        foreach (var outer in _packages.ToList())
        {
            foreach (var document in outer.Documents.ToList())
            {
                foreach (var nested in document.File.NestedPackages)
                {
                    var decl = nested.Package!;
                    var files = new PackageLayout.PackageFiles(decl.Name, outer.Files.Directory + "#" + decl.Namespace + ":" + decl.Name,
                        outer.Files.RootDirectory, isRoot: false);
                    var package = new PackageState(_packages.Count, files) { Declared = decl };
                    _packages.Add(package);
                    var inner = new DocumentState(package, nested);
                    package.Documents.Add(inner);
                    RegisterItems(inner);
                }
            }
        }
    }

    // ---- resources ----

    private TypeDefKind DefineResource(Scope scope, TypeDefAst ast, ResourceBody body)
    {
        int self = scope.Names.TryGetValue(ast.Name.Name, out var id) ? id : -1;
        var functions = new List<ResourceFunction>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in body.Functions)
        {
            if (!seen.Add(f.Name.Name))
            {
                Report(WitDiagnosticIds.DuplicateName, scope.Source, f.Name.Token, $"'{f.Name.Name}' is defined more than once in resource '{ast.Name.Name}'");
                continue;
            }
            var function = ResolveFunction(scope, f.Name, f.Docs, f.Type) with { Deprecated = f.Gate.Deprecated };
            var kind = f.Kind switch
            {
                ResourceFuncKind.Constructor => ResourceFunctionKind.Constructor,
                ResourceFuncKind.Static => ResourceFunctionKind.Static,
                _ => ResourceFunctionKind.Method,
            };
            if (kind == ResourceFunctionKind.Method && self >= 0)
            {
                // As in wit-parser: a method takes `self: borrow<r>` first.
                var borrow = TypeRef.Of(AddType(new TypeDef(null, scope.Owner, null, new HandleKind(false, TypeRef.Of(self))), scope.Source, f.Name.Token));
                function = function with { Params = new[] { new Param("self", borrow) }.Concat(function.Params).ToEquatableArray() };
            }
            if (kind == ResourceFunctionKind.Constructor && self >= 0 && function.Results.Count == 0)
                function = function with { Results = new FunctionResults(TypeRef.Of(self), EquatableArray<Param>.Empty) };
            functions.Add(new ResourceFunction(kind, function));
        }
        return new ResourceKind(functions.ToEquatableArray(), scope.Source.Span(ast.Name.Token));
    }

    private TypeRef ResolveHandle(Scope scope, HandleTypeAst handle)
    {
        if (!scope.Names.TryGetValue(handle.Resource.Name, out var id))
        {
            Report(WitDiagnosticIds.UndefinedName, scope.Source, handle.Resource.Token, $"resource '{handle.Resource.Name}' is not defined");
            return TypeRef.Primitive(TypeRefKind.U32);
        }
        return Anonymous(scope, handle, new HandleKind(handle.IsOwn, TypeRef.Of(id)));
    }

    // ---- worlds ----

    /// <summary>Resolves a world after the worlds it includes, without recursion; a cycle is reported at its include.</summary>
    private void ResolveWorldAndIncludes(WorldState root)
    {
        if (root.Progress != Progress.NotStarted) return;
        var stack = new Stack<(WorldState World, int NextInclude)>();
        root.Progress = Progress.InProgress;
        stack.Push((root, 0));
        while (stack.Count > 0)
        {
            var (world, next) = stack.Pop();
            var includes = world.Ast.Includes;
            if (next == includes.Count)
            {
                ResolveWorld(world);
                world.Progress = Progress.Done;
                continue;
            }
            stack.Push((world, next + 1));
            var include = includes[next];
            int targetId = IncludeTarget(world.Document, include);
            if (targetId < 0) continue;
            var target = _worlds[targetId];
            if (target.Progress == Progress.NotStarted)
            {
                target.Progress = Progress.InProgress;
                stack.Push((target, 0));
            }
            else if (target.Progress == Progress.InProgress)
            {
                Report(WitDiagnosticIds.CyclicDefinition, world.Document.File.Source, include.Token, $"world '{target.Ast.Name.Name}' includes itself through a cycle of 'include'");
                _includeTargets[include] = -1;
            }
        }
    }

    private int IncludeTarget(DocumentState document, IncludeAst include)
    {
        if (!_includeTargets.TryGetValue(include, out var id))
        {
            id = ResolveWorldPath(document, include.Path);
            _includeTargets.Add(include, id);
        }
        return id;
    }

    /// <summary>The world a path names: one of this package (<c>w</c>) or of another (<c>ns:pkg/w@1.0.0</c>).</summary>
    private int ResolveWorldPath(DocumentState document, UsePath path)
    {
        var source = document.File.Source;
        var segs = path.Segments;
        if (path.Root == UsePathRoot.Local)
        {
            var name = segs[0].Name;
            foreach (var doc in new[] { document }.Concat(document.Package.Documents))
                if (doc.Worlds.TryGetValue(name, out var id)) return id;
            Report(WitDiagnosticIds.UndefinedName, source, segs[0].Token, $"world '{name}' is not defined in this package");
            return -1;
        }
        if (path.Root == UsePathRoot.Qualified)
        {
            var candidates = _packages.Where(p => p.Declared is { } d && d.Namespace == path.Namespace && d.Name == segs[0].Name
                && (path.Version is null || d.Version == path.Version)
                && p.Files.RootDirectory == document.Package.Files.RootDirectory).ToList();
            if (candidates.Count == 0)
            {
                Report(WitDiagnosticIds.UnknownPackage, source, path.Token,
                    $"package '{path.Namespace}:{segs[0].Name}{(path.Version is null ? "" : "@" + path.Version)}' is not found among this package's dependencies");
                return -1;
            }
            foreach (var doc in candidates[0].Documents)
                if (doc.Worlds.TryGetValue(segs[1].Name, out var id)) return id;
            Report(WitDiagnosticIds.UndefinedName, source, segs[1].Token, $"package '{path.Namespace}:{segs[0].Name}' has no world '{segs[1].Name}'");
            return -1;
        }
        Report(WitDiagnosticIds.UnsupportedFeature, source, path.Token, "'include' names a world as 'w' or 'ns:pkg/w@1.0.0' (today's WIT)");
        return -1;
    }

    private void ResolveWorld(WorldState world)
    {
        var document = world.Document;
        var source = document.File.Source;
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var scope = new Scope(document, TypeOwner.OfWorld(world.Id), names);
        foreach (var use in world.Ast.Uses) ResolveUse(scope, use, world.Types);
        foreach (var typeDef in world.Ast.Types) DeclareType(scope, typeDef, world.Types);
        foreach (var typeDef in world.Ast.Types) DefineType(scope, typeDef);

        var importNames = new HashSet<string>(StringComparer.Ordinal);
        var exportNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in world.Ast.Items)
        {
            var seen = item.IsImport ? importNames : exportNames;
            if (!seen.Add(item.Name.Name))
            {
                Report(WitDiagnosticIds.DuplicateName, source, item.Name.Token,
                    $"{(item.IsImport ? "import" : "export")} '{item.Name.Name}' is defined more than once in world '{world.Ast.Name.Name}'");
                continue;
            }
            WorldItem? resolved = null;
            switch (item.Extern)
            {
                case ExternFunc func:
                    resolved = new WorldItem(item.Name.Name, item.Docs, -1, ResolveFunction(scope, item.Name, item.Docs, func.Func) with { Deprecated = item.Gate.Deprecated });
                    break;
                case ExternInterface inline:
                {
                    var state = new InterfaceState(_interfaces.Count, inline.Body, document, null);
                    _interfaces.Add(state);
                    ResolveInterface(state);
                    resolved = new WorldItem(item.Name.Name, item.Docs, state.Id, null);
                    break;
                }
                case ExternPath path:
                {
                    int id = ResolveInterfacePath(document, path.Path);
                    // `import ns:pkg/iface;` (no `name:`): the parser names the item by the path's last segment;
                    // the canonical ABI keys it by the interface's id.
                    bool keyedByInterface = item.Name.Equals(path.Path.Segments[path.Path.Segments.Count - 1]);
                    if (id >= 0) resolved = new WorldItem(item.Name.Name, item.Docs ?? _interfaces[id].Ast.Docs, id, null,
                        keyedByInterface ? InterfaceId(id) : null);
                    break;
                }
            }
            if (resolved is null) continue;
            (item.IsImport ? world.Imports : world.Exports).Add(resolved);
        }
        foreach (var include in world.Ast.Includes) Include(world, include);
        int interfaces = world.Imports.Count(i => i.IsInterface) + world.Exports.Count(i => i.IsInterface);
        if (interfaces > TypeLimits.MaxWorldInterfaces)
            Report(WitDiagnosticIds.WorldTooLarge, source, world.Ast.Name.Token,
                $"world '{world.Ast.Name.Name}' imports and exports {interfaces:N0} interfaces; a world may have at most {TypeLimits.MaxWorldInterfaces:N0}");
    }

    /// <summary>
    /// wit-parser's id of an interface: <c>ns:pkg/iface@version</c> for a named interface of a package that declares
    /// <c>package ns:pkg@version;</c>, else the interface's name.
    /// </summary>
    private string? InterfaceId(int id)
    {
        var state = _interfaces[id];
        if (state.Name is not { } name || state.Document.Package.Declared is not { } decl) return state.Name;
        return decl.Namespace + ":" + decl.Name + "/" + name + (decl.Version is { } v ? "@" + v : "");
    }

    /// <summary>Adds an included world's imports and exports, renamed as <c>with</c> says; the same interface twice is one item.</summary>
    private void Include(WorldState world, IncludeAst include)
    {
        if (!_includeTargets.TryGetValue(include, out var targetId) || targetId < 0) return;
        var target = _worlds[targetId];
        var source = world.Document.File.Source;
        var renames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (from, to) in include.With)
        {
            bool known = target.Imports.Concat(target.Exports).Any(i => i.Name == from.Name);
            if (!known) Report(WitDiagnosticIds.UndefinedName, source, from.Token, $"world '{target.Ast.Name.Name}' has no import or export '{from.Name}'");
            else renames[from.Name] = to.Name;
        }
        void Merge(List<WorldItem> into, IEnumerable<WorldItem> items, string what)
        {
            foreach (var item in items)
            {
                var name = renames.TryGetValue(item.Name, out var renamed) ? renamed : item.Name;
                var existing = into.FirstOrDefault(i => i.Name == name);
                if (existing is null) into.Add(item with { Name = name });
                else if (!(existing.IsInterface && item.IsInterface && existing.Interface == item.Interface))
                    Report(WitDiagnosticIds.DuplicateName, source, include.Token,
                        $"including '{target.Ast.Name.Name}' adds a second {what} '{name}' to world '{world.Ast.Name.Name}' (rename it with 'with {{ {name} as … }}')");
            }
        }
        Merge(world.Imports, target.Imports, "import");
        Merge(world.Exports, target.Exports, "export");
    }
}
