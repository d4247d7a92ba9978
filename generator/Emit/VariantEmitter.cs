using System.Collections.Generic;
using System.Linq;
using WitBindgen.Generator.Model;

namespace WitBindgen.Generator.Emit;

/// <summary>
/// A variant or union as a closed hierarchy: an abstract record with a private constructor and one sealed nested
/// record per case, a <c>Tag</c> to switch on, <c>Match</c>, and a sibling <c>…Tag</c> enum.
/// </summary>
internal sealed class VariantEmitter
{
    private readonly TypeReferences _refs;

    public VariantEmitter(TypeReferences refs) => _refs = refs;

    /// <summary>A case: its WIT name (none for union cases), docs and payload type.</summary>
    public sealed record CaseInfo(string? WitName, string? Docs, TypeRef? Type);

    public void Emit(CodeWriter w, TypePlan type, IReadOnlyList<CaseInfo> cases, FileContext file)
    {
        var tag = type.TagName ?? type.Name + "Tag";
        var caseNames = type.Members;
        var inner = Scope.In(type.Class).With(caseNames);

        DocComments.Summary(w, type.Def.Docs,
            cases.Any(c => c.Type is { } t && _refs.ContainsUnsupported(t)) ? TypeDefinitionEmitter.Unsupported : null);
        DocComments.Obsolete(w, type.Def.Deprecated);
        w.Open($"public abstract partial record {type.Name}");
        w.Line($"private {type.Name}()");
        w.Line("{");
        w.Line("}");

        for (int i = 0; i < cases.Count; i++)
        {
            var c = cases[i];
            var name = caseNames[i];
            w.BlankLine();
            DocComments.Summary(w, c.Docs);
            if (c.Type is { } payload)
            {
                w.Open($"public sealed record {name}({_refs.Of(payload, inner, file)} Value) : {type.Name}");
            }
            else
            {
                w.Open($"public sealed record {name} : {type.Name}");
                DocComments.Generated(w, "The one value of this case.");
                w.Line($"public static readonly {name} Instance = new();");
                w.BlankLine();
                w.Line($"private {name}()");
                w.Line("{");
                w.Line("}");
                w.BlankLine();
            }
            w.Line("/// <inheritdoc/>");
            w.Line($"public override {tag} Tag => {tag}.{name};");
            w.Close();
        }

        w.BlankLine();
        DocComments.Generated(w, "Which case this is.");
        w.Line($"public abstract {tag} Tag {{ get; }}");

        // Match: one function per case, named after it.
        var paramScope = new NameScope(new[] { "TResult" });
        var paramNames = caseNames.Select(n => paramScope.TakeNumbered(Naming.CamelFromPascal(n))).ToList();
        var local = paramScope.TakeNumbered("x");
        var matchScope = inner.With(new[] { "TResult" });
        var func = file.Known("System", "Func");
        var parameters = new List<string>();
        for (int i = 0; i < cases.Count; i++)
        {
            var payload = cases[i].Type;
            var funcType = payload is { } p ? $"{func}<{_refs.Of(p, matchScope, file)}, TResult>" : $"{func}<TResult>";
            parameters.Add(funcType + " " + paramNames[i]);
        }
        w.BlankLine();
        DocComments.Generated(w, "Calls the function for this case, with the case's value if it has one.");
        var header = $"public TResult Match<TResult>({string.Join(", ", parameters)}) => this switch";
        if (header.Length > 110 && parameters.Count > 0)
        {
            w.Line("public TResult Match<TResult>(");
            w.Indent();
            for (int i = 0; i < parameters.Count; i++)
                w.Line(parameters[i] + (i == parameters.Count - 1 ? ") => this switch" : ","));
            w.Dedent();
        }
        else w.Line(header);
        w.Line("{");
        w.Indent();
        for (int i = 0; i < cases.Count; i++)
        {
            if (cases[i].Type is null) w.Line($"{caseNames[i]} => {paramNames[i]}(),");
            else w.Line($"{caseNames[i]} {local} => {paramNames[i]}({local}.Value),");
        }
        w.Line($"_ => throw new {file.Known("System", "InvalidOperationException")}(),");
        w.Dedent();
        w.Line("};");
        w.Close();

        w.BlankLine();
        DocComments.Generated(w, $"The cases of <see cref=\"{type.Name}\"/>, in WIT order.");
        w.Open($"public enum {tag} : {TypeDefinitionEmitter.CountType(cases.Count)}");
        bool spaced = cases.Any(c => DocComments.HasDocs(c.Docs));
        for (int i = 0; i < cases.Count; i++)
        {
            if (spaced) w.BlankLine();
            DocComments.Summary(w, cases[i].Docs);
            w.Line(caseNames[i] + ",");
        }
        w.Close();
    }
}
