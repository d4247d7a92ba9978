using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using WitBindgen.Generator.Abi;
using WitBindgen.Generator.Tests.FrontEnd;
using WitBindgen.Generator.Tests.Generator;
using Xunit;

namespace WitBindgen.Generator.Tests.Abi;

/// <summary>
/// The core names of a world in today's WIT, as wit-component names them (wit-parser's <c>WorldKey</c>): an interface
/// imported by path is keyed by its id <c>ns:pkg/iface@version</c>, one imported under a name by that name; exports
/// are <c>key#f</c>; the world's own imported functions live in <c>$root</c>.
/// </summary>
public class TodaysCoreNamesTests
{
    private const string Plugin = """
        package example:plugin@0.1.0;

        interface log { write: func(message: string); }
        interface calc { add: func(a: u32, b: u32) -> u32; }
        interface other { ping: func(); }

        world plugin {
          import log;
          import example:plugin/calc@0.1.0;
          import aliased: other;
          import now: func() -> u64;
          export calc;
          export example:plugin/other@0.1.0;
          export run: func();
        }
        """;

    private const string Unversioned = """
        package example:bare;

        interface log { write: func(message: string); }
        world w { import log; export log; }
        """;

    private static IReadOnlyList<string> Imports(string text) =>
        Names(text, (resolve, world) => CoreImports.For(resolve, world).Select(i => i.Module + " " + i.Name));

    private static IReadOnlyList<string> Exports(string text) =>
        Names(text, (resolve, world) => CoreExports.For(resolve, world).Select(e => e.Name + " " + e.PostReturnName));

    private static IReadOnlyList<string> Names(string text, System.Func<Model.Resolve, int, IEnumerable<string>> names)
    {
        var resolve = Wit.Ok(text, "/p/wit/w.wit");
        var (world, problem) = WitFrontEnd.SelectWorld(resolve, null, "/p/wit/w.wit");
        Assert.Null(problem);
        return names(resolve, world).ToList();
    }

    [Fact]
    public void Imports_by_path_use_the_interface_id_named_imports_their_name_world_functions_root()
    {
        Assert.Equal(new[]
        {
            "example:plugin/log@0.1.0 write",
            "example:plugin/calc@0.1.0 add",
            "aliased ping",
            "$root now",
        }, Imports(Plugin));
    }

    [Fact]
    public void Exports_are_the_key_hash_function_with_their_post_return()
    {
        Assert.Equal(new[]
        {
            "example:plugin/calc@0.1.0#add cabi_post_example:plugin/calc@0.1.0#add",
            "example:plugin/other@0.1.0#ping cabi_post_example:plugin/other@0.1.0#ping",
            "run cabi_post_run",
        }, Exports(Plugin));
    }

    private const string WithResources = """
        package example:res@1.2.3;

        interface store {
          resource blob {
            constructor(n: u32);
            size: func() -> u32;
            merge: static func(a: blob, b: borrow<blob>) -> blob;
          }
          open: func() -> blob;
        }
        interface counters { resource counter { constructor(); get: func() -> u32; } }

        world w {
          import store;
          export counters;
          resource token { constructor(); }
        }
        """;

    [Fact]
    public void Resources_add_their_functions_and_drops_and_exported_ones_their_handle_built_ins_and_destructor()
    {
        Assert.Equal(new[]
        {
            "example:res/store@1.2.3 open () -> i32 | cm32p2|example:res/store@1 open",
            "example:res/store@1.2.3 [constructor]blob (i32) -> i32 | cm32p2|example:res/store@1 [constructor]blob",
            "example:res/store@1.2.3 [method]blob.size (i32) -> i32 | cm32p2|example:res/store@1 [method]blob.size",
            "example:res/store@1.2.3 [static]blob.merge (i32, i32) -> i32 | cm32p2|example:res/store@1 [static]blob.merge",
            "example:res/store@1.2.3 [resource-drop]blob (i32) -> nil | cm32p2|example:res/store@1 blob_drop",
            "$root [constructor]token () -> i32 | cm32p2 [constructor]token",
            "$root [resource-drop]token (i32) -> nil | cm32p2 token_drop",
            "[export]example:res/counters@1.2.3 [resource-drop]counter (i32) -> nil | cm32p2|_ex_example:res/counters@1 counter_drop",
            "[export]example:res/counters@1.2.3 [resource-new]counter (i32) -> i32 | cm32p2|_ex_example:res/counters@1 counter_new",
            "[export]example:res/counters@1.2.3 [resource-rep]counter (i32) -> i32 | cm32p2|_ex_example:res/counters@1 counter_rep",
        }, Names(WithResources, (resolve, world) => CoreImports.For(resolve, world).Select(i => $"{i.Module} {i.Name} {i.Signature} | {i.Cm32p2Module} {i.Cm32p2Name}")));
        Assert.Equal(new[]
        {
            "example:res/counters@1.2.3#[constructor]counter () -> i32 cabi_post_example:res/counters@1.2.3#[constructor]counter | cm32p2|example:res/counters@1|[constructor]counter cm32p2|example:res/counters@1|[constructor]counter_post",
            "example:res/counters@1.2.3#[method]counter.get (i32) -> i32 cabi_post_example:res/counters@1.2.3#[method]counter.get | cm32p2|example:res/counters@1|[method]counter.get cm32p2|example:res/counters@1|[method]counter.get_post",
            "example:res/counters@1.2.3#[dtor]counter (i32) -> nil  | cm32p2|example:res/counters@1|counter_dtor ",
        }, Names(WithResources, (resolve, world) => CoreExports.For(resolve, world).Select(e => $"{e} {e.PostReturnName} | {e.Cm32p2Name} {e.Cm32p2PostReturnName}")));
    }

    [Fact]
    public void May_2023_worlds_have_no_cm32p2_names()
    {
        var resolve = Wit.Ok("interface i { f: func() }\ndefault world w { import i: self.i\n export e: self.i }");
        var world = resolve.Worlds.Select((w, i) => (w, i)).Single(p => p.w.Name == "w").i;
        Assert.All(CoreImports.For(resolve, world), i => Assert.True(i.Cm32p2Module is null && i.Cm32p2Name is null));
        Assert.All(CoreExports.For(resolve, world), e => Assert.True(e.Cm32p2Name is null && e.Cm32p2PostReturnName is null));
    }

    [Theory]
    [InlineData("a:b/c@1.2.3", "a:b/c@1")]
    [InlineData("a:b/c@0.2.12", "a:b/c@0.2")]
    [InlineData("a:b/c@0.0.3", "a:b/c@0.0.3")]
    [InlineData("a:b/c@1.0.0-rc.1", "a:b/c@1.0.0-rc.1")]
    [InlineData("a:b/c", "a:b/c")]
    public void Cm32p2_module_names_cut_the_version_to_its_semver_compatible_prefix(string key, string expected) =>
        Assert.Equal(expected, Cm32p2Names.CompatibleKey(key));

    [Fact]
    public void A_package_without_a_version_gives_ids_without_one()
    {
        Assert.Equal(new[] { "example:bare/log write" }, Imports(Unversioned));
        Assert.Equal(new[] { "example:bare/log#write cabi_post_example:bare/log#write" }, Exports(Unversioned));
    }

    [Fact]
    public void The_generated_glue_defines_and_binds_the_core_names()
    {
        var compilation = GeneratorHarness.Compilation().AddReferences(MetadataReference.CreateFromFile(typeof(Wasmtime.Linker).Assembly.Location));
        var properties = new Dictionary<string, string> { ["build_property.WitBindgenNamespace"] = "Example.Plugin" };
        var result = GeneratorHarness.Driver(GeneratorHarness.Texts(("/p/wit/w.wit", Plugin)), properties).RunGenerators(compilation).GetRunResult();
        Assert.Empty(result.Diagnostics);
        var glue = string.Join("\n", result.GeneratedTrees.Where(t => t.FilePath.EndsWith(".Glue.g.cs", System.StringComparison.Ordinal)).Select(t => t.ToString()));
        Assert.Contains("string module = \"example:plugin/log@0.1.0\"", glue);
        Assert.Contains("string module = \"aliased\"", glue);
        Assert.Contains("GetFunction(\"example:plugin/calc@0.1.0#add\")", glue);
        Assert.Contains("\"cabi_post_example:plugin/calc@0.1.0#add\")", glue);
        // A guest's exports are found under either naming, post-returns after the naming found.
        Assert.Contains("instance.GetFunction(\"cm32p2|example:plugin/calc@0.1|add\")", glue);
        Assert.Contains("\"cm32p2|example:plugin/calc@0.1|add_post\"", glue);
        Assert.Contains("instance.GetFunction(\"cm32p2||run\")", glue);
        // The newer names jco 1.35.0's guests use are defined too, with the default module: each definer gets the
        // import's cm32p2 module, and defines every function of the listing under it as well.
        Assert.Contains("(linker, module, \"example:plugin/log@0.1.0\", \"cm32p2|example:plugin/log@0.1\", implementation", glue);
        Assert.Contains("(linker, module, \"aliased\", \"cm32p2|aliased\", implementation", glue);
        Assert.Contains("(linker, module, \"$root\", \"cm32p2\", implementation", glue);
        Assert.Contains("_cm32p2Module = module == trapModule ? cm32p2Module : null;", glue);
        Assert.Contains("if (_cm32p2Module is not null) _linker.DefineFunction(_cm32p2Module, cm32p2Name ?? name, callback);", glue);
        Assert.Contains("(\"write\", ", glue);
        Assert.Contains("(\"ping\", ", glue);
        Assert.Contains("(\"now\", ", glue);
        // C# names stay those of the WIT names, not of the ids.
        Assert.Contains("interface ILog", string.Join("\n", result.GeneratedTrees.Select(t => t.ToString())));
        var errors = compilation.AddSyntaxTrees(result.GeneratedTrees).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Take(5).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}
