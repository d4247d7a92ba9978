using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using WitBindgen.Generator.Model;
using WitBindgen.Generator.Util;

namespace WitBindgen.Generator.Emit;

/// <summary>
/// Emits the C# for one world: per interface a static class of its types and, for imports and exports, an
/// <c>I…</c> interface of its functions; per world the interfaces of its own functions and a class of its own types.
/// </summary>
public static class CSharpEmitter
{
    /// <summary>
    /// The C# files for world <paramref name="worldId"/> of <paramref name="resolve"/>. Never throws: a file that
    /// fails is replaced by one holding an <c>#error</c> that names the failure.
    /// </summary>
    public static EquatableArray<GeneratedSource> Emit(Resolve resolve, int worldId, EmitOptions options)
    {
        var ns = Naming.SanitizeNamespace(options?.Namespace);
        EmitPlan plan;
        try
        {
            plan = EmitPlan.Build(resolve, worldId, ns);
        }
        catch (Exception ex) when (ex is not OutputTooLargeException)
        {
            return new[] { Failure("WitBindgen.g.cs", "planning the world", ex) };
        }

        var refs = new TypeReferences(plan, options?.StringSpans ?? false);
        var types = new TypeDefinitionEmitter(refs);
        var interfaces = new InterfaceEmitter(refs);
        var sources = new List<GeneratedSource>();

        foreach (var cls in plan.Classes)
        {
            // An interface without types of its own (or reached only for the names it passes on) needs no class.
            if (cls.Types.Count == 0 && cls.Apis.Count == 0) continue;
            try
            {
                sources.Add(ClassFile(plan, cls, types, interfaces));
            }
            catch (Exception ex) when (ex is not OutputTooLargeException)
            {
                sources.Add(Failure(cls.HintName, $"class {cls.Name}", ex));
            }
        }
        try
        {
            if (WorldFile(plan, types, interfaces) is { } world) sources.Add(world);
        }
        catch (Exception ex) when (ex is not OutputTooLargeException)
        {
            sources.Add(Failure(plan.WorldHintName, $"world {plan.WorldName}", ex));
        }
        if (options?.Glue ?? false)
        {
            try
            {
                sources.AddRange(Glue.GlueEmitter.Emit(plan, refs));
            }
            catch (Exception ex) when (ex is not OutputTooLargeException)
            {
                sources.Add(Failure(plan.WorldName + ".Glue.g.cs", $"the glue of world {plan.WorldName}", ex));
            }
        }
        return sources.ToEquatableArray();
    }

    private static GeneratedSource ClassFile(EmitPlan plan, ClassPlan cls, TypeDefinitionEmitter types, InterfaceEmitter interfaces)
    {
        var file = new FileContext(plan);
        var w = new CodeWriter();
        var iface = plan.Iface(cls.InterfaceId);
        var witName = iface?.Name ?? cls.Apis.FirstOrDefault()?.WitName ?? cls.Name;
        if (cls.Types.Count > 0) StaticClass(w, cls, types, file, $"The types of the WIT interface <c>{DocComments.Escape(witName)}</c>.", plan.DeprecatedSince(cls.InterfaceId));
        foreach (var api in cls.Apis)
        {
            w.BlankLine();
            interfaces.Emit(w, api, file, api.IsImport
                ? $"The functions of the WIT interface <c>{DocComments.Escape(witName)}</c>, imported as <c>{DocComments.Escape(api.WitName)}</c>: what the host provides."
                : $"The functions of the WIT interface <c>{DocComments.Escape(witName)}</c>, exported as <c>{DocComments.Escape(api.WitName)}</c>: what the component implements.");
        }
        return new GeneratedSource(cls.HintName, Assemble(plan, file, w));
    }

    private static GeneratedSource? WorldFile(EmitPlan plan, TypeDefinitionEmitter types, InterfaceEmitter interfaces)
    {
        if (plan.WorldClass is null && plan.WorldImports is null && plan.WorldExports is null) return null;
        var file = new FileContext(plan);
        var w = new CodeWriter();
        var worldName = DocComments.Escape(plan.World?.Name ?? "");
        if (plan.WorldClass is { } cls)
        {
            StaticClass(w, cls, types, file, $"The types of the WIT world <c>{worldName}</c>.", plan.World?.Deprecated);
        }
        if (plan.WorldImports is { } imports)
        {
            w.BlankLine();
            interfaces.Emit(w, imports, file, $"The functions the WIT world <c>{worldName}</c> imports: what the host provides.");
        }
        if (plan.WorldExports is { } exports)
        {
            w.BlankLine();
            interfaces.Emit(w, exports, file, $"The functions the WIT world <c>{worldName}</c> exports: what the component implements.");
        }
        return new GeneratedSource(plan.WorldHintName, Assemble(plan, file, w));
    }

    private static void StaticClass(CodeWriter w, ClassPlan cls, TypeDefinitionEmitter types, FileContext file, string fallbackSummary, string? deprecated)
    {
        if (DocComments.HasDocs(cls.Docs)) DocComments.Summary(w, cls.Docs);
        else DocComments.Generated(w, fallbackSummary);
        DocComments.Obsolete(w, deprecated);
        w.Open($"public static partial class {cls.Name}");
        bool first = true;
        foreach (var type in cls.Types)
        {
            if (!first) w.BlankLine();
            first = false;
            types.Emit(w, type, file);
        }
        w.Close();
    }

    /// <summary>Deprecated WIT items are <c>[Obsolete]</c> for users, not for the code generated around them.</summary>
    internal const string ObsoletePragma = "#pragma warning disable CS0612, CS0618 // deprecated WIT items are [Obsolete] for users, not for the generated code.\n";

    private static string Assemble(EmitPlan plan, FileContext file, CodeWriter body)
    {
        var sb = new StringBuilder();
        sb.Append("// <auto-generated/>\n");
        sb.Append("#nullable enable\n");
        sb.Append("#pragma warning disable CS1591 // WIT items without docs get none.\n");
        if (plan.HasDeprecated) sb.Append(ObsoletePragma);
        sb.Append('\n');
        if (file.Usings.Count > 0)
        {
            foreach (var u in file.Usings.OrderBy(u => u.StartsWith("System", StringComparison.Ordinal) ? 0 : 1).ThenBy(u => u, StringComparer.Ordinal))
                sb.Append("using ").Append(u).Append(";\n");
            sb.Append('\n');
        }
        if (plan.Namespace.Length > 0) sb.Append("namespace ").Append(plan.Namespace).Append(";\n\n");
        sb.Append(body);
        return sb.ToString();
    }

    private static GeneratedSource Failure(string hintName, string what, Exception ex)
    {
        var message = (ex.GetType().Name + ": " + ex.Message).Replace('\r', ' ').Replace('\n', ' ');
        var text = "// <auto-generated/>\n#error WitBindgen internal error while emitting " + what + ": " + message + "\n";
        return new GeneratedSource(hintName, text);
    }
}
