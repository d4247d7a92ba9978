using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using WitBindgen.Generator.Abi;
using WitBindgen.Generator.Emit;
using WitBindgen.Generator.Emit.Glue;
using WitBindgen.Generator.Model;
using WitBindgen.Generator.Tests.FrontEnd;
using Xunit;

namespace WitBindgen.Generator.Tests.Abi;

/// <summary>
/// The export wrappers are written from one spec per core export (names under each naming, post-returns, signature,
/// layouts), built before any C#: it agrees with <see cref="CoreExports"/>, and the emitted glue looks up exactly its
/// names.
/// </summary>
public class ExportSpecTests
{
    private const string Plugin = """
        package example:plugin@0.1.0;

        interface calc {
          record pair { a: string, b: list<u64> }
          add: func(a: u32, b: u32) -> u32;
          join: func(p: pair, sep: string) -> string;
          split: func(text: string) -> tuple<string, string, u64>;
          wide: func(a: u64, b: u64, c: u64, d: u64, e: u64, f: u64, g: u64, h: u64, i: u64, j: u64, k: u64, l: u64, m: u64, n: u64, o: u64, p: u64, q: u64);
        }
        interface counters {
          resource counter {
            constructor(start: u32);
            get: func() -> u32;
            merge: static func(a: borrow<counter>, b: borrow<counter>) -> counter;
          }
        }

        world plugin {
          export calc;
          export counters;
          export run: func() -> string;
        }
        """;

    private static (Resolve Resolve, int World) Load(string text)
    {
        var resolve = Wit.Ok(text, "/p/wit/w.wit");
        var (world, problem) = WitFrontEnd.SelectWorld(resolve, null, "/p/wit/w.wit");
        Assert.Null(problem);
        return (resolve, world);
    }

    private static IReadOnlyList<ExportSpec> Specs(Resolve resolve, int world)
    {
        var plan = EmitPlan.Build(resolve, world, "Specs");
        return GlueEmitter.ExportSpecs(plan, new TypeReferences(plan));
    }

    private static string Glue(Resolve resolve, int world) =>
        string.Join("\n", CSharpEmitter.Emit(resolve, world, new EmitOptions("Specs", Glue: true))
            .Where(s => s.HintName.EndsWith(".Glue.g.cs", System.StringComparison.Ordinal)).Select(s => s.Text));

    [Fact]
    public void The_command_world_spec_is_its_one_core_export_with_signature_and_post_return()
    {
        var resolve = SnapshotWorlds.Load(SnapshotWorlds.CommandDirectory);
        var (world, problem) = WitFrontEnd.SelectWorld(resolve, null, "");
        Assert.Null(problem);
        var specs = Specs(resolve, world);
        var exports = CoreExports.For(resolve, world);
        Assert.Equal(exports.Select(e => e.ToString()), specs.Select(s => s.Name + " " + s.Signature));
        Assert.Equal(exports.Select(e => e.PostReturnName), specs.Select(s => s.PostReturnName));
        Assert.All(specs, s => Assert.Null(s.Cm32p2Name));
    }

    [Fact]
    public void Todays_specs_are_the_core_exports_but_the_destructors_under_both_namings()
    {
        var (resolve, world) = Load(Plugin);
        var specs = Specs(resolve, world);
        var exports = CoreExports.For(resolve, world);
        // Every function CoreExports lists, the exported resource's included, with the same names, signature and
        // post-returns; its destructor is not a spec (the glue registers it with the handle table).
        Assert.Equal(Sorted(exports.Where(e => e.Kind != CoreExportKind.Destructor).Select(Line)), Sorted(specs.Select(Line)));
        Assert.Equal(new[]
        {
            "example:plugin/counters@0.1.0#[constructor]counter",
            "example:plugin/counters@0.1.0#[method]counter.get",
            "example:plugin/counters@0.1.0#[static]counter.merge",
            "example:plugin/counters@0.1.0#[dtor]counter",
        }, exports.Where(e => e.Kind != CoreExportKind.Function).Select(e => e.Name));
        var byName = specs.ToDictionary(s => s.Name);
        var add = byName["example:plugin/calc@0.1.0#add"];
        Assert.Equal("cm32p2|example:plugin/calc@0.1|add", add.Cm32p2Name);
        Assert.Equal("cm32p2|example:plugin/calc@0.1|add_post", add.Cm32p2PostReturnName);
        Assert.Equal("cabi_post_example:plugin/calc@0.1.0#add", add.PostReturnName);
        Assert.Null(add.ArgsLayout);
        Assert.Null(add.ResultsLayout);
        var run = byName["run"];
        Assert.Equal("cm32p2||run", run.Cm32p2Name);
        Assert.Equal("cm32p2||run_post", run.Cm32p2PostReturnName);
        Assert.Equal("cm32p2|example:plugin/counters@0.1|[method]counter.get", byName["example:plugin/counters@0.1.0#[method]counter.get"].Cm32p2Name);
    }

    private static string Line(CoreExport e) => $"{e.Name} {e.PostReturnName} | {e.Cm32p2Name} {e.Cm32p2PostReturnName} | {e.Signature}";

    private static string Line(ExportSpec s) => $"{s.Name} {s.PostReturnName} | {s.Cm32p2Name} {s.Cm32p2PostReturnName} | {s.Signature}";

    private static List<string> Sorted(IEnumerable<string> lines) => lines.OrderBy(l => l, System.StringComparer.Ordinal).ToList();

    [Theory]
    [MemberData(nameof(ResourceRichWorlds.Names), MemberType = typeof(ResourceRichWorlds))]
    public void Resource_rich_worlds_specs_are_their_core_exports_but_the_destructors(string name)
    {
        var (resolve, world) = ResourceRichWorlds.Load(name);
        var exports = CoreExports.For(resolve, world);
        Assert.Equal(Sorted(exports.Where(e => e.Kind != CoreExportKind.Destructor).Select(Line)), Sorted(Specs(resolve, world).Select(Line)));
    }

    /// <summary>
    /// The glue looks up each core export, destructors included, under both namings, and the post-returns of those
    /// with results: exactly what <see cref="CoreExports"/> lists.
    /// </summary>
    [Theory]
    [MemberData(nameof(ResourceRichWorlds.Names), MemberType = typeof(ResourceRichWorlds))]
    public void Resource_rich_worlds_glue_looks_up_exactly_the_core_export_names(string name)
    {
        var (resolve, world) = ResourceRichWorlds.Load(name);
        var exports = CoreExports.For(resolve, world);
        var glue = Glue(resolve, world);
        var lookedUp = Regex.Matches(glue, "instance\\.GetFunction\\(\"([^\"]+)\"\\)").Select(m => m.Groups[1].Value).Distinct();
        var names = exports.SelectMany(e => new[] { e.Name, e.Cm32p2Name }).OfType<string>();
        Assert.Equal(Sorted(names), Sorted(lookedUp));
        var posts = Regex.Matches(glue, "\"([^\"]*(?:cabi_post_[^\"]+|_post))\"").Select(m => m.Groups[1].Value).Distinct();
        var expectedPosts = exports.Where(e => e.Signature.Results.Count > 0).SelectMany(e => new[] { e.PostReturnName, e.Cm32p2PostReturnName }).OfType<string>();
        Assert.Equal(Sorted(expectedPosts), Sorted(posts));
    }

    [Fact]
    public void Layouts_are_those_of_what_travels_through_memory()
    {
        var (resolve, world) = Load(Plugin);
        var byName = Specs(resolve, world).ToDictionary(s => s.Name);
        // 17 u64 parameters are more than 16 flat values: they travel as a record of 17 u64s.
        var wide = byName["example:plugin/calc@0.1.0#wide"];
        Assert.Equal("(i32) -> nil", wide.Signature.ToString());
        Assert.Equal(17 * 8, wide.ArgsLayout!.Size);
        Assert.Null(wide.ResultsLayout);
        // tuple<string, string, u64> is more than one flat result: returned through a pointer to string, string, u64.
        var split = byName["example:plugin/calc@0.1.0#split"];
        Assert.Equal("(i32, i32) -> i32", split.Signature.ToString());
        Assert.Equal(24, split.ResultsLayout!.Size);
        Assert.Equal(new[] { 0 }, split.ResultsLayout.FieldOffsets.ToArray());
        Assert.Null(split.ArgsLayout);
        Assert.Equal(byName["run"].Signature, CoreExports.For(resolve, world).Single(e => e.Name == "run").Signature);
    }

    [Fact]
    public void Specs_are_equatable_values_built_the_same_each_time()
    {
        var (resolve, world) = Load(Plugin);
        Assert.Equal(Specs(resolve, world), Specs(resolve, world));
    }

    [Fact]
    public void The_emitted_glue_looks_up_exactly_the_spec_names_and_post_returns()
    {
        var (resolve, world) = Load(Plugin);
        var specs = Specs(resolve, world);
        var glue = Glue(resolve, world);
        var lookedUp = Regex.Matches(glue, "instance\\.GetFunction\\(\"([^\"]+)\"\\)").Select(m => m.Groups[1].Value).ToList();
        var posts = Regex.Matches(glue, "\"([^\"]*(?:cabi_post_[^\"]+|_post))\"").Select(m => m.Groups[1].Value).ToList();
        var expected = specs.SelectMany(s => new[] { s.Name, s.Cm32p2Name! }).ToList();
        // Besides the functions: the resource's optional destructor, under both namings.
        var dtors = new[] { "example:plugin/counters@0.1.0#[dtor]counter", "cm32p2|example:plugin/counters@0.1|counter_dtor" };
        Assert.Equal(expected.Concat(dtors).OrderBy(n => n, System.StringComparer.Ordinal), lookedUp.Distinct().OrderBy(n => n, System.StringComparer.Ordinal));
        var expectedPosts = specs.Where(s => s.Signature.Results.Count > 0).SelectMany(s => new[] { s.PostReturnName, s.Cm32p2PostReturnName! });
        Assert.Equal(expectedPosts.OrderBy(n => n, System.StringComparer.Ordinal), posts.Distinct().OrderBy(n => n, System.StringComparer.Ordinal));
    }
}
