using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using WitBindgen.Generator.Model;

namespace WitBindgen.Generator.Emit;

/// <summary>
/// The C# interface of a WIT interface's functions (or a world's own functions): what the host provides for an
/// import, what the guest implements for an export. One method per function.
/// </summary>
internal sealed class InterfaceEmitter
{
    /// <summary>Methods of <see cref="object"/> by parameter count: an implementation could not declare these plainly.</summary>
    private static readonly (string Name, int Params)[] ObjectMethods =
    {
        ("ToString", 0), ("GetHashCode", 0), ("GetType", 0), ("MemberwiseClone", 0), ("Finalize", 0), ("Equals", 1), ("Equals", 2), ("ReferenceEquals", 2),
    };
    private static readonly string[] TupleReserved = { "Rest", "ToString", "GetHashCode", "Equals", "GetType", "CompareTo", "Deconstruct" };
    private static readonly Regex ItemName = new("^Item[0-9]+$");

    private readonly TypeReferences _refs;

    public InterfaceEmitter(TypeReferences refs) => _refs = refs;

    public void Emit(CodeWriter w, ApiPlan api, FileContext file, string fallbackSummary)
    {
        if (DocComments.HasDocs(api.Docs)) DocComments.Summary(w, api.Docs);
        else DocComments.Generated(w, fallbackSummary);
        DocComments.Obsolete(w, _refs.Plan.DeprecatedSince(api.InterfaceId));
        w.Open($"public interface {api.Name}");
        var names = MethodNames(api);
        for (int i = 0; i < api.Functions.Count; i++)
        {
            if (i > 0) w.BlankLine();
            Method(w, api.Functions[i], names[i], api.IsImport, file);
        }
        w.Close();
    }

    /// <summary>The C# method name of each function of <paramref name="api"/>, in order (the glue calls them too).</summary>
    public static IReadOnlyList<string> MethodNames(ApiPlan api)
    {
        var methods = new NameScope(new[] { api.Name });
        var names = new List<string>(api.Functions.Count);
        foreach (var fn in api.Functions) names.Add(methods.Take(MethodName(fn.Name, fn.Params.Count)));
        return names;
    }

    /// <summary>A function's C# method name: its Pascal name, unless that would hide a method of <see cref="object"/>.</summary>
    public static string MethodName(string witName, int parameters)
    {
        var name = Naming.Pascal(witName);
        return ObjectMethods.Contains((name, parameters)) ? name + "Value" : name;
    }

    /// <summary>
    /// An imported resource: the C# interface the host implements for its instances, one method per WIT method
    /// (without the implicit <c>self</c>). The host may also implement <see cref="System.IDisposable"/>: the resource's
    /// drop calls it.
    /// </summary>
    public void EmitResource(CodeWriter w, TypePlan type, ResourceKind resource, FileContext file)
    {
        if (DocComments.HasDocs(type.Def.Docs)) DocComments.Summary(w, type.Def.Docs);
        else DocComments.Generated(w, $"The resource <c>{DocComments.Escape(type.Def.Name ?? "")}</c>: what the host implements for each instance. Implement IDisposable too to learn when the guest drops one.");
        DocComments.Obsolete(w, type.Def.Deprecated);
        w.Open($"public interface {type.Name}");
        var names = EmitPlan.ResourceMethodNames(resource);
        int m = 0;
        foreach (var rf in resource.Functions)
        {
            if (rf.Kind != ResourceFunctionKind.Method) continue;
            if (m > 0) w.BlankLine();
            var fn = rf.Function;
            Method(w, fn with { Params = new Util.EquatableArray<Param>(fn.Params.Skip(1).ToArray()) }, names[m++], true, file);
        }
        w.Close();
    }

    private void Method(CodeWriter w, Function fn, string name, bool isImport, FileContext file)
    {
        var scope = Scope.Namespace;
        bool unsupported = fn.Params.Any(p => _refs.ContainsUnsupported(p.Type)) || fn.Results.Types.Any(t => _refs.ContainsUnsupported(t));
        DocComments.Summary(w, fn.Docs, unsupported ? TypeDefinitionEmitter.Unsupported : null);
        DocComments.Obsolete(w, fn.Deprecated);

        var paramNames = new NameScope();
        var parameters = fn.Params
            .Select(p => _refs.Of(p.Type, scope, file, importParameter: isImport) + " " + paramNames.TakeNumbered(Naming.Camel(p.Name)))
            .ToList();
        var signature = $"{ReturnType(fn.Results, scope, file)} {name}(";
        var oneLine = signature + string.Join(", ", parameters) + ");";
        if (oneLine.Length <= 110 || parameters.Count == 0)
        {
            w.Line(oneLine);
            return;
        }
        w.Line(signature);
        w.Indent();
        for (int i = 0; i < parameters.Count; i++)
            w.Line(parameters[i] + (i == parameters.Count - 1 ? ");" : ","));
        w.Dedent();
    }

    /// <summary>
    /// <c>void</c>, the one result's type, or a tuple with named elements. A single named result is returned as
    /// its plain type (C# has no one-element tuple syntax).
    /// </summary>
    public string ReturnType(FunctionResults results, Scope scope, FileContext file)
    {
        if (results.Anonymous is { } single) return _refs.Of(single, scope, file);
        var named = results.Named;
        if (named.Count == 0) return "void";
        if (named.Count == 1) return _refs.Of(named[0].Type, scope, file);
        var names = new NameScope(TupleReserved);
        var elements = new List<string>();
        for (int i = 0; i < named.Count; i++)
        {
            var element = Naming.Pascal(named[i].Name);
            if (ItemName.IsMatch(element) && element != "Item" + (i + 1)) names.Reserve(element);
            elements.Add(_refs.Of(named[i].Type, scope, file) + " " + names.Take(element));
        }
        return "(" + string.Join(", ", elements) + ")";
    }
}
