using System.Collections.Generic;
using System.Linq;
using WitBindgen.Generator.Model;

namespace WitBindgen.Generator.Emit;

/// <summary>Declares a WIT record, enum or flags type; variants, unions and large flags have their own emitters.</summary>
internal sealed class TypeDefinitionEmitter
{
    private readonly TypeReferences _refs;
    private readonly VariantEmitter _variants;
    private readonly LargeFlagsEmitter _largeFlags;

    public TypeDefinitionEmitter(TypeReferences refs)
    {
        _refs = refs;
        _variants = new VariantEmitter(refs);
        _largeFlags = new LargeFlagsEmitter();
    }

    public void Emit(CodeWriter w, TypePlan type, FileContext file)
    {
        switch (type.Def.Kind)
        {
            case RecordKind record: Record(w, type, record, file); break;
            case VariantKind variant:
                _variants.Emit(w, type, variant.Cases.Select(c => new VariantEmitter.CaseInfo(c.Name, c.Docs, c.Type)).ToList(), file);
                break;
            case UnionKind union:
                _variants.Emit(w, type, union.Cases.Select(c => new VariantEmitter.CaseInfo(null, c.Docs, c.Type)).ToList(), file);
                break;
            case EnumKind e: Enum(w, type, e); break;
            case FlagsKind flags when flags.Flags.Count > 64: _largeFlags.Emit(w, type, flags, file); break;
            case FlagsKind flags: Flags(w, type, flags, file); break;
            case ResourceKind when _refs.Plan.ExportedResourceIds.Contains(type.Id): GuestResource(w, type, file); break;
            case ResourceKind resource: new InterfaceEmitter(_refs).EmitResource(w, type, resource, file); break;
        }
    }

    /// <summary>
    /// A resource the guest exports: a wrapper of one the host owns. The glue adds its methods (another part of the
    /// partial class), which call the guest's exports.
    /// </summary>
    private void GuestResource(CodeWriter w, TypePlan type, FileContext file)
    {
        var key = _refs.Plan.ResourceKey(TypeRef.Of(type.Id));
        var table = file.Known("WitBindgen.Runtime.Abi", "ExportedResourceTable");
        if (DocComments.HasDocs(type.Def.Docs)) DocComments.Summary(w, type.Def.Docs);
        else DocComments.Generated(w, $"The resource <c>{DocComments.Escape(type.Def.Name ?? "")}</c> the guest exports: one the host owns. Dispose it to run the guest's destructor.");
        DocComments.Obsolete(w, type.Def.Deprecated);
        w.Open($"public sealed partial class {type.Name} : {file.Known("WitBindgen.Runtime.Abi", "GuestResource")}");
        w.Line($"internal {type.Name}({table} table, int rep) : base(table, \"{key}\", rep) {{ }}");
        w.BlankLine();
        w.Line("/// <summary>An <c>own</c> handle the guest gives the host: it leaves the guest's table for a new wrapper.</summary>");
        w.Line($"internal static {type.Name} Lift({table} table, int handle, string function) => new(table, table.Take(\"{key}\", handle, function));");
        w.Close();
    }

    private void Record(CodeWriter w, TypePlan type, RecordKind record, FileContext file)
    {
        var scope = Scope.In(type.Class);
        DocComments.Summary(w, type.Def.Docs, Remarks(record.Fields.Select(f => f.Type)));
        var fields = record.Fields;
        if (fields.Any(f => DocComments.HasDocs(f.Docs)))
        {
            // Every parameter gets a tag once one has (CS1573).
            for (int i = 0; i < fields.Count; i++)
            {
                if (DocComments.HasDocs(fields[i].Docs)) DocComments.Param(w, type.Members[i], fields[i].Docs);
                else DocComments.GeneratedParam(w, type.Members[i], $"The <c>{DocComments.Escape(fields[i].Name.TrimStart('%'))}</c> field.");
            }
        }
        DocComments.Obsolete(w, type.Def.Deprecated);
        if (fields.Count == 0)
        {
            w.Line($"public readonly record struct {type.Name};");
            return;
        }
        var parameters = fields.Select((f, i) => _refs.Of(f.Type, scope, file) + " " + type.Members[i]).ToList();
        var header = $"public readonly record struct {type.Name}(";
        var oneLine = header + string.Join(", ", parameters) + ");";
        if (parameters.Count <= 4 && oneLine.Length <= 110)
        {
            w.Line(oneLine);
            return;
        }
        w.Line(header);
        w.Indent();
        for (int i = 0; i < parameters.Count; i++)
            w.Line(parameters[i] + (i == parameters.Count - 1 ? ");" : ","));
        w.Dedent();
    }

    private static void Enum(CodeWriter w, TypePlan type, EnumKind e)
    {
        DocComments.Summary(w, type.Def.Docs);
        DocComments.Obsolete(w, type.Def.Deprecated);
        w.Open($"public enum {type.Name} : {CountType(e.Cases.Count)}");
        bool spaced = e.Cases.Any(c => DocComments.HasDocs(c.Docs));
        for (int i = 0; i < e.Cases.Count; i++)
        {
            if (spaced) w.BlankLine();
            DocComments.Summary(w, e.Cases[i].Docs);
            w.Line(type.Members[i] + ",");
        }
        w.Close();
    }

    private static void Flags(CodeWriter w, TypePlan type, FlagsKind flags, FileContext file)
    {
        int n = flags.Flags.Count;
        string underlying = n <= 8 ? "byte" : n <= 16 ? "ushort" : n <= 32 ? "uint" : "ulong";
        string one = n <= 16 ? "1" : n <= 32 ? "1U" : "1UL";
        DocComments.Summary(w, type.Def.Docs);
        DocComments.Obsolete(w, type.Def.Deprecated);
        w.Line($"[{file.FlagsAttribute()}]");
        w.Open($"public enum {type.Name} : {underlying}");
        DocComments.Generated(w, "No flags set.");
        w.Line("None = 0,");
        bool spaced = flags.Flags.Any(f => DocComments.HasDocs(f.Docs));
        for (int i = 0; i < n; i++)
        {
            if (spaced) w.BlankLine();
            DocComments.Summary(w, flags.Flags[i].Docs);
            w.Line($"{type.Members[i]} = {one} << {i},");
        }
        w.Close();
    }

    /// <summary>The smallest unsigned type that numbers <paramref name="count"/> cases.</summary>
    public static string CountType(int count) => count <= 256 ? "byte" : count <= 65536 ? "ushort" : "uint";

    private string? Remarks(IEnumerable<TypeRef> types) =>
        types.Any(t => _refs.ContainsUnsupported(t)) ? Unsupported : null;

    public const string Unsupported =
        "WIT <c>future</c> and <c>stream</c> types have no canonical ABI in this version; they are typed as <see cref=\"object\"/>.";
}
