using System.Linq;
using WitBindgen.Generator.Abi;
using WitBindgen.Generator.Emit;
using WitBindgen.Generator.Emit.Glue;
using WitBindgen.Generator.Model;
using WitBindgen.Generator.Tests.FrontEnd;
using Xunit;

namespace WitBindgen.Generator.Tests.Abi;

/// <summary>
/// The glue is written from one spec per core import (names under each naming, signature, parameter names, layouts),
/// built before any C#: it agrees with <see cref="CoreImports"/> (which the jco and core-abi.txt tests check), and the
/// emitted glue defines exactly its names.
/// </summary>
public class ImportSpecTests
{
    private static (Resolve Resolve, int World) Load(string directory, string? world = null)
    {
        var resolve = SnapshotWorlds.Load(directory);
        var (id, problem) = WitFrontEnd.SelectWorld(resolve, world, "");
        Assert.Null(problem);
        return (resolve, id);
    }

    private static System.Collections.Generic.IReadOnlyList<ImportSpec> Specs(Resolve resolve, int world)
    {
        var plan = EmitPlan.Build(resolve, world, "Specs");
        return GlueEmitter.ImportSpecs(plan, new TypeReferences(plan));
    }

    [Fact]
    public void The_command_world_specs_are_its_127_core_imports_with_their_signatures()
    {
        var (resolve, world) = Load(SnapshotWorlds.CommandDirectory);
        var specs = Specs(resolve, world);
        var imports = CoreImports.For(resolve, world);
        Assert.Equal(127, specs.Count);
        Assert.Equal(imports.Select(i => i.ToString()), specs.Select(s => s.Signature.ToString(s.Module, s.Name)));
        Assert.All(specs, s => Assert.Null(s.Cm32p2Module));
    }

    [Fact]
    public void Specs_are_equatable_values_built_the_same_each_time()
    {
        var (resolve, world) = Load(SnapshotWorlds.CommandDirectory);
        Assert.Equal(Specs(resolve, world), Specs(resolve, world));
        var read = Specs(resolve, world).Single(s => s.TrapName == "streams.read");
        Assert.Equal(new[] { "@this", "len", "retPtr" }, read.ParamNames.ToArray());
        Assert.Equal(16, read.ResultsLayout!.Size);
        Assert.Null(read.ArgsLayout);
    }

    [Fact]
    public void Wasi_0_2_specs_cover_every_core_import_and_name_the_cm32p2_twin()
    {
        var loaded = WitFrontEnd.Load(TodaysWitTests.WasiFiles());
        Assert.True(loaded.Diagnostics.IsEmpty);
        var resolve = loaded.Resolve!;
        var (world, problem) = WitFrontEnd.SelectWorld(resolve, "wasi:cli/command@0.2.12", "");
        Assert.Null(problem);
        var specs = Specs(resolve, world);
        var byName = specs.ToDictionary(s => s.Module + " " + s.Name);
        foreach (var import in CoreImports.For(resolve, world))
            Assert.Equal(import.Signature, byName[import.Module + " " + import.Name].Signature);
        var drop = byName["wasi:io/streams@0.2.12 [resource-drop]output-stream"];
        Assert.Equal("cm32p2|wasi:io/streams@0.2", drop.Cm32p2Module);
        Assert.Equal("output-stream_drop", drop.Cm32p2Name);
        Assert.Contains(specs, s => s.Name == "[method]output-stream.blocking-write-and-flush");
    }

    [Fact]
    public void The_emitted_glue_defines_exactly_the_spec_names()
    {
        var (resolve, world) = Load(SnapshotWorlds.CommandDirectory);
        var glue = string.Join("\n", SnapshotWorlds.Emit(SnapshotWorlds.CommandDirectory, "Wasi", glue: true).Where(s => s.HintName.EndsWith(".Glue.g.cs")).Select(s => s.Text));
        // The listings: d.Action<int, long, int>("read", CommandAbi.HostStreamsRead), d.Untyped("start-bind", …).
        var defined = System.Text.RegularExpressions.Regex.Matches(glue, "\\bd\\.(?:Action|Func|Untyped)(?:<[^>]*>)?\\(\"([^\"]+)\"")
            .Select(m => m.Groups[1].Value).ToList();
        // Each name once: one listing per interface serves both AddToLinker overloads through their definers.
        Assert.Equal(Specs(resolve, world).Select(s => s.Name).Distinct().OrderBy(n => n, System.StringComparer.Ordinal),
            defined.Distinct().OrderBy(n => n, System.StringComparer.Ordinal));
        Assert.Equal(127, defined.Count);
    }

    private static string Line(string module, string name, string? cm32p2Module, string? cm32p2Name, CoreSignature signature) =>
        $"{module} {name} | {cm32p2Module} {cm32p2Name} | {signature}";

    private static System.Collections.Generic.List<string> Sorted(System.Collections.Generic.IEnumerable<string> lines) =>
        lines.OrderBy(l => l, System.StringComparer.Ordinal).ToList();

    private static bool ForExportedResource(CoreImport i) =>
        i.Kind is CoreImportKind.ExportedResourceNew or CoreImportKind.ExportedResourceRep or CoreImportKind.ExportedResourceDrop;

    /// <summary>
    /// Every core import of a resource-rich world (its resources' constructors, methods, static functions and drops
    /// included) has a spec with the same legacy and cm32p2 names and signature, and no spec is left over; the
    /// exported resources' built-ins are not the specs' (the exports' <c>AddToLinker</c> defines them).
    /// </summary>
    [Theory]
    [MemberData(nameof(ResourceRichWorlds.Names), MemberType = typeof(ResourceRichWorlds))]
    public void Resource_rich_worlds_specs_are_their_core_imports_under_both_namings(string name)
    {
        var (resolve, world) = ResourceRichWorlds.Load(name);
        var specs = Specs(resolve, world);
        var imports = CoreImports.For(resolve, world).Where(i => !ForExportedResource(i)).ToList();
        Assert.Equal(Sorted(imports.Select(i => Line(i.Module, i.Name, i.Cm32p2Module, i.Cm32p2Name, i.Signature))),
            Sorted(specs.Select(s => Line(s.Module, s.Name, s.Cm32p2Module, s.Cm32p2Name, s.Signature))));
        Assert.Contains(imports, i => i.Kind == CoreImportKind.ResourceDrop);
        Assert.Contains(imports, i => i.Kind == CoreImportKind.Method);
    }

    /// <summary>
    /// The emitted glue lists each legacy name once (one listing serves both <c>AddToLinker</c> overloads) and, for
    /// today's WIT, each <c>cm32p2</c> module (its definers' argument) and name (the entry's last argument where it
    /// differs), and defines the exported resources' <c>[export]key</c> built-ins twice (fixed implementation and
    /// store-data selector): exactly the names <see cref="CoreImports"/> lists.
    /// </summary>
    [Theory]
    [MemberData(nameof(ResourceRichWorlds.Names), MemberType = typeof(ResourceRichWorlds))]
    public void Resource_rich_worlds_glue_defines_exactly_the_core_import_names(string name)
    {
        var (resolve, world) = ResourceRichWorlds.Load(name);
        var imports = CoreImports.For(resolve, world);
        var glue = string.Join("\n", CSharpEmitter.Emit(resolve, world, new EmitOptions("Specs", Glue: true))
            .Where(s => s.HintName.EndsWith(".Glue.g.cs", System.StringComparison.Ordinal)).Select(s => s.Text));
        var (legacy, cm32p2) = Listings(glue);
        Assert.Equal(Sorted(imports.Where(i => !ForExportedResource(i)).Select(i => i.Name)), Sorted(legacy));
        // The cm32p2 twins, and the exported resources' built-ins under both namings (defined by the exports' glue).
        var builtIns = System.Text.RegularExpressions.Regex.Matches(glue, "linker\\.DefineFunction\\((\"[^\"]*\"), \"([^\"]+)\"")
            .Select(m => m.Groups[1].Value.Trim('"') + " " + m.Groups[2].Value).ToList();
        Assert.Equal(Sorted(imports.Where(i => i.Cm32p2Module is not null && !ForExportedResource(i)).Select(i => i.Cm32p2Module + " " + i.Cm32p2Name)),
            Sorted(cm32p2));
        var exported = imports.Where(ForExportedResource).SelectMany(i => new[] { i.Module + " " + i.Name, i.Cm32p2Module + " " + i.Cm32p2Name })
            .Where(e => !e.StartsWith(" ", System.StringComparison.Ordinal));
        Assert.Equal(Sorted(exported.SelectMany(e => new[] { e, e })), Sorted(builtIns));
    }

    /// <summary>
    /// The names the import listings define: each listing follows its definers' construction
    /// (<c>FixedDefiner&lt;T&gt;(linker, module, "key", "cm32p2|…" or null, …)</c>); each entry starts
    /// <c>d.Action&lt;…&gt;("name",</c> and ends <c>, "cm32p2-name");</c> where that name differs.
    /// </summary>
    private static (System.Collections.Generic.List<string> Legacy, System.Collections.Generic.List<string> Cm32p2) Listings(string glue)
    {
        var legacy = new System.Collections.Generic.List<string>();
        var cm32p2 = new System.Collections.Generic.List<string>();
        var definers = System.Text.RegularExpressions.Regex.Matches(glue, "FixedDefiner<[^>]+>\\(linker, module, \"[^\"]*\"(?:, (null|\"[^\"]*\"))?, implementation");
        for (int k = 0; k < definers.Count; k++)
        {
            int from = definers[k].Index, to = k + 1 < definers.Count ? definers[k + 1].Index : glue.Length;
            var segment = glue.Substring(from, to - from);
            var module = definers[k].Groups[1].Success && definers[k].Groups[1].Value != "null" ? definers[k].Groups[1].Value.Trim('"') : null;
            var entries = System.Text.RegularExpressions.Regex.Matches(segment, "\\bd\\.(?:Action|Func|Untyped)(?:<[^>]*>)?\\(\"([^\"]+)\"");
            for (int e = 0; e < entries.Count; e++)
            {
                var entryName = entries[e].Groups[1].Value;
                legacy.Add(entryName);
                if (module is null) continue;
                int end = e + 1 < entries.Count ? entries[e + 1].Index : segment.Length;
                var entry = segment.Substring(entries[e].Index, end - entries[e].Index);
                var closing = entry.IndexOf("\n    }", System.StringComparison.Ordinal);   // the listing's end
                if (closing >= 0) entry = entry.Substring(0, closing);
                var today = System.Text.RegularExpressions.Regex.Match(entry, ", \"([^\"]+)\"\\);\\s*$");
                cm32p2.Add(module + " " + (today.Success ? today.Groups[1].Value : entryName));
            }
        }
        return (legacy, cm32p2);
    }
}
