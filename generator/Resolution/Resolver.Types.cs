using System;
using System.Collections.Generic;
using System.Linq;
using WitBindgen.Generator.Diagnostics;
using WitBindgen.Generator.Model;
using WitBindgen.Generator.Syntax;
using WitBindgen.Generator.Util;

namespace WitBindgen.Generator.Resolution;

// Type definitions, functions and type expressions of one scope.
internal sealed partial class Resolver
{
    /// <summary>The most members a <c>flags</c> type may have in today's WIT.</summary>
    private const int MaxFlagsToday = 32;

    private void DeclareType(Scope scope, TypeDefAst ast, List<NamedType> into)
    {
        if (scope.Names.ContainsKey(ast.Name.Name))
        {
            Report(WitDiagnosticIds.DuplicateName, scope.Source, ast.Name.Token, $"type '{ast.Name.Name}' is defined more than once");
            return;
        }
        int id = AddType(null, scope.Source, ast.Name.Token);
        scope.Names.Add(ast.Name.Name, id);
        into.Add(new NamedType(ast.Name.Name, id));
    }

    private void DefineType(Scope scope, TypeDefAst ast)
    {
        if (!scope.Names.TryGetValue(ast.Name.Name, out var id) || _types[id] is not null) return;
        if (_typeOrigins[id].Token.Start != ast.Name.Token.Start || _typeOrigins[id].Source != scope.Source) return; // a duplicate
        var kind = DefineKind(scope, ast);
        _types[id] = new TypeDef(ast.Name.Name, scope.Owner, ast.Docs, kind) { Deprecated = ast.Gate.Deprecated };
    }

    private TypeDefKind DefineKind(Scope scope, TypeDefAst ast)
    {
        var source = scope.Source;
        switch (ast.Body)
        {
            case AliasBody alias:
                return new AliasKind(ResolveType(scope, alias.Target));
            case RecordBody record:
            {
                var seen = new HashSet<string>(StringComparer.Ordinal);
                var fields = new List<Field>();
                foreach (var field in record.Fields)
                {
                    if (!seen.Add(field.Name.Name))
                        Report(WitDiagnosticIds.DuplicateName, source, field.Name.Token, $"field '{field.Name.Name}' is defined more than once in record '{ast.Name.Name}'");
                    fields.Add(new Field(field.Name.Name, field.Docs, ResolveType(scope, field.Type)));
                }
                return new RecordKind(fields.ToEquatableArray());
            }
            case VariantBody variant:
            {
                if (variant.Cases.Count == 0)
                    Report(WitDiagnosticIds.EmptyDefinition, source, ast.Name.Token, $"variant '{ast.Name.Name}' must have at least one case");
                var seen = new HashSet<string>(StringComparer.Ordinal);
                var cases = new List<Case>();
                foreach (var c in variant.Cases)
                {
                    if (!seen.Add(c.Name.Name))
                        Report(WitDiagnosticIds.DuplicateName, source, c.Name.Token, $"case '{c.Name.Name}' is defined more than once in variant '{ast.Name.Name}'");
                    cases.Add(new Case(c.Name.Name, c.Docs, c.Type is null ? null : ResolveType(scope, c.Type)));
                }
                return new VariantKind(cases.ToEquatableArray());
            }
            case EnumBody e:
            {
                if (e.Cases.Count == 0)
                    Report(WitDiagnosticIds.EmptyDefinition, source, ast.Name.Token, $"enum '{ast.Name.Name}' must have at least one case");
                CheckUnique(source, e.Cases, "case", "enum", ast.Name.Name);
                return new EnumKind(e.Cases.Select(c => new EnumCase(c.Name.Name, c.Docs)).ToEquatableArray());
            }
            case FlagsBody f:
            {
                if (f.Flags.Count == 0)
                    Report(WitDiagnosticIds.EmptyDefinition, source, ast.Name.Token, $"flags '{ast.Name.Name}' must have at least one flag");
                CheckUnique(source, f.Flags, "flag", "flags", ast.Name.Name);
                // Today's component model caps flags at 32 (component-model#379; jco and Wasmtime refuse more);
                // the May-2023 dialect, which has no package declaration, allowed any number.
                if (f.Flags.Count > MaxFlagsToday && scope.Document.Package.Declared is not null)
                    Report(WitDiagnosticIds.UnsupportedFeature, source, ast.Name.Token,
                        $"flags '{ast.Name.Name}' has {f.Flags.Count} flags: today's WIT allows at most {MaxFlagsToday} (split them into several flags types)");
                return new FlagsKind(f.Flags.Select(c => new Flag(c.Name.Name, c.Docs)).ToEquatableArray());
            }
            case UnionBody u:
            {
                if (u.Cases.Count == 0)
                    Report(WitDiagnosticIds.EmptyDefinition, source, ast.Name.Token, $"union '{ast.Name.Name}' must have at least one case");
                return new UnionKind(u.Cases.Select(c => new UnionCase(c.Docs, ResolveType(scope, c.Type))).ToEquatableArray());
            }
            case ResourceBody resource:
                return DefineResource(scope, ast, resource);
            default:
                return new AliasKind(TypeRef.Primitive(TypeRefKind.U32));
        }
    }

    private void CheckUnique(WitSource source, IReadOnlyList<NamedItemAst> items, string what, string kind, string name)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
            if (!seen.Add(item.Name.Name))
                Report(WitDiagnosticIds.DuplicateName, source, item.Name.Token, $"{what} '{item.Name.Name}' is defined more than once in {kind} '{name}'");
    }

    private Function ResolveFunction(Scope scope, Id name, string? docs, FuncTypeAst type)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var parameters = new List<Param>();
        foreach (var p in type.Params)
        {
            if (!seen.Add(p.Name.Name))
                Report(WitDiagnosticIds.DuplicateName, scope.Source, p.Name.Token, $"parameter '{p.Name.Name}' is defined more than once in function '{name.Name}'");
            parameters.Add(new Param(p.Name.Name, ResolveType(scope, p.Type)));
        }
        FunctionResults results;
        if (type.Result is { } single) results = new FunctionResults(ResolveType(scope, single), EquatableArray<Param>.Empty);
        else if (type.NamedResults is { } named)
        {
            var seenResults = new HashSet<string>(StringComparer.Ordinal);
            var list = new List<Param>();
            foreach (var r in named)
            {
                if (!seenResults.Add(r.Name.Name))
                    Report(WitDiagnosticIds.DuplicateName, scope.Source, r.Name.Token, $"result '{r.Name.Name}' is defined more than once in function '{name.Name}'");
                list.Add(new Param(r.Name.Name, ResolveType(scope, r.Type)));
            }
            results = new FunctionResults(null, list.ToEquatableArray());
        }
        else results = FunctionResults.None;
        foreach (var r in results.Types) _resultChecks.Add((r, scope.Source, name));
        return new Function(name.Name, docs, parameters.ToEquatableArray(), results);
    }

    /// <summary>Every function result, to check once all types are resolved (a result may name a type defined later).</summary>
    private readonly List<(TypeRef Type, WitSource Source, Id Function)> _resultChecks = new();

    /// <summary>
    /// A function may not return a <c>borrow&lt;T&gt;</c>, directly or inside another type: a borrow lasts only for
    /// the call it is passed to (wit-parser: "function returns a type which contains a `borrow&lt;T&gt;`").
    /// </summary>
    private void CheckBorrowedResults()
    {
        var known = new Dictionary<int, bool>();
        foreach (var (type, source, function) in _resultChecks)
        {
            if (ContainsBorrow(type, known))
                Report(WitDiagnosticIds.InvalidResultType, source, function.Token,
                    $"function '{function.Name}' returns a type which contains a borrow<T>: a borrowed handle lasts only for the call it is passed to, so a function cannot return one (return an own<T>)");
        }
    }

    private bool ContainsBorrow(TypeRef root, Dictionary<int, bool> known)
    {
        // Iterative, and each type visited once: types may be deep and share parts.
        var pending = new Stack<TypeRef>();
        var seen = new HashSet<int>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var type = pending.Pop();
            if (!type.IsId || type.Id < 0 || type.Id >= _types.Count || !seen.Add(type.Id)) continue;
            if (known.TryGetValue(type.Id, out var cached))
            {
                if (cached) return Remember(root, known, true);
                continue;
            }
            var def = _types[type.Id];
            if (def?.Kind is HandleKind { IsOwn: false }) return Remember(root, known, true);
            foreach (var child in Children(def)) pending.Push(child);
        }
        return Remember(root, known, false);
    }

    private static bool Remember(TypeRef root, Dictionary<int, bool> known, bool value)
    {
        if (root.IsId) known[root.Id] = value;
        return value;
    }

    private TypeRef ResolveType(Scope scope, TypeAst ast)
    {
        switch (ast)
        {
            case PrimitiveTypeAst p:
                return TypeRef.Primitive(p.Kind);
            case NamedTypeAst n:
                if (scope.Names.TryGetValue(n.Name.Name, out var id)) return TypeRef.Of(id);
                // Today's f32/f64 are plain names in the May-2023 dialect: a type of that name wins.
                if (!IsEscaped(n.Name) && n.Name.Name == "f32") return TypeRef.Primitive(TypeRefKind.Float32);
                if (!IsEscaped(n.Name) && n.Name.Name == "f64") return TypeRef.Primitive(TypeRefKind.Float64);
                if (!IsEscaped(n.Name) && n.Name.Name == "error-context")
                {
                    Report(WitDiagnosticIds.UnsupportedFeature, scope.Source, n.Name.Token, "'error-context' (the component model's async ABI) is not supported");
                    return TypeRef.Primitive(TypeRefKind.U32);
                }
                Report(WitDiagnosticIds.UndefinedName, scope.Source, n.Name.Token, $"type '{n.Name.Name}' is not defined");
                return TypeRef.Primitive(TypeRefKind.U32);
            case ListTypeAst l:
                return Anonymous(scope, ast, new ListKind(ResolveType(scope, l.Element)));
            case OptionTypeAst o:
                return Anonymous(scope, ast, new OptionKind(ResolveType(scope, o.Element)));
            case ResultTypeAst r:
                return Anonymous(scope, ast, new ResultKind(
                    r.Ok is null ? null : ResolveType(scope, r.Ok),
                    r.Err is null ? null : ResolveType(scope, r.Err)));
            case TupleTypeAst t:
                return Anonymous(scope, ast, new TupleKind(t.Elements.Select(e => ResolveType(scope, e)).ToEquatableArray()));
            case FutureTypeAst f:
                Report(WitDiagnosticIds.UnsupportedFeature, scope.Source, f.Token, "'future' types (the component model's async ABI) are not supported");
                return Anonymous(scope, ast, new FutureKind(f.Element is null ? null : ResolveType(scope, f.Element)));
            case StreamTypeAst s:
                Report(WitDiagnosticIds.UnsupportedFeature, scope.Source, s.Token, "'stream' types (the component model's async ABI) are not supported");
                return Anonymous(scope, ast, new StreamKind(
                    s.Element is null ? null : ResolveType(scope, s.Element),
                    s.End is null ? null : ResolveType(scope, s.End)));
            case HandleTypeAst h:
                return ResolveHandle(scope, h);
            default:
                return TypeRef.Primitive(TypeRefKind.U32);
        }
    }

    private static bool IsEscaped(Id id) => id.Token.Length != id.Name.Length;

    private TypeRef Anonymous(Scope scope, TypeAst ast, TypeDefKind kind) =>
        TypeRef.Of(AddType(new TypeDef(null, scope.Owner, null, kind), scope.Source, ast.Token));

    private int AddType(TypeDef? type, WitSource source, Token token)
    {
        _types.Add(type);
        _typeOrigins.Add((source, token));
        return _types.Count - 1;
    }
}
