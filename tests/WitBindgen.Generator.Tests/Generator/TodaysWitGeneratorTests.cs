using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using WitBindgen.Generator.Tests.FrontEnd;
using Xunit;

namespace WitBindgen.Generator.Tests.Generator;

/// <summary>Today's WIT through the generator as the compiler runs it.</summary>
public class TodaysWitGeneratorTests
{
    private const string Plugin = """
        package example:plugin@0.1.0;

        /// Shapes and how to measure them.
        @since(version = 0.1.0)
        interface shapes {
          @since(version = 0.1.0)
          record point { x: f64, y: f64 }
          variant shape { circle(tuple<point, f64>), polygon(list<point>), empty }
          enum unit { mm, cm, inch }
          flags style { filled, dashed, bold }
          @deprecated(version = 0.1.0)
          type old-point = point;
          @unstable(feature = preview)
          preview: func() -> string;
          area: func(s: shape, u: option<unit>) -> result<f64, string>;
          styles: func() -> list<style>;
        }

        interface log {
          use shapes.{point as where};
          write: func(at: where, message: string) -> result;
        }

        world plugin {
          import shapes;
          import example:plugin/log@0.1.0;
          export measure: func(points: list<shapes-point>) -> option<f64>;
          type shapes-point = tuple<f64, f64>;
        }
        """;

    private static Dictionary<string, string> Properties(string? world = null, string? features = null)
    {
        var p = new Dictionary<string, string> { ["build_property.WitBindgenNamespace"] = "Example.Plugin" };
        if (world != null) p["build_property.WitBindgenWorld"] = world;
        if (features != null) p["build_property.WitBindgenFeatures"] = features;
        return p;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("preview")]
    public void A_todays_syntax_world_without_resources_generates_csharp_that_compiles_glue_included(string? features)
    {
        var compilation = GeneratorHarness.Compilation().AddReferences(MetadataReference.CreateFromFile(typeof(Wasmtime.Linker).Assembly.Location));
        var result = GeneratorHarness.Driver(GeneratorHarness.Texts(("/p/wit/plugin.wit", Plugin)), Properties("example:plugin/plugin@0.1.0", features))
            .RunGenerators(compilation).GetRunResult();
        Assert.Empty(result.Diagnostics);
        Assert.Contains(result.GeneratedTrees, t => t.FilePath.EndsWith(".Glue.g.cs", System.StringComparison.Ordinal));
        var text = string.Join("\n", result.GeneratedTrees.Select(t => t.ToString()));
        Assert.Contains("Area(", text);
        Assert.Equal(features != null, text.Contains("string Preview()"));
        var errors = compilation.AddSyntaxTrees(result.GeneratedTrees).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Take(5).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public void WitBindgenWorld_names_a_world_as_ns_pkg_world()
    {
        var texts = GeneratorHarness.Texts(("/p/wit/w.wit", "package a:b@1.0.0;\nworld one { import f: func(); }\nworld two { import g: func(); }\n"));
        foreach (var name in new[] { "a:b/two", "a:b/two@1.0.0", "two" })
        {
            var result = GeneratorHarness.Driver(texts, Properties(name)).RunGenerators(GeneratorHarness.Compilation()).GetRunResult();
            Assert.Empty(result.Diagnostics);
            Assert.Contains(result.GeneratedTrees, t => t.ToString().Contains("void G()"));
        }
        var wrong = GeneratorHarness.Driver(texts, Properties("a:b/three")).RunGenerators(GeneratorHarness.Compilation()).GetRunResult();
        Assert.Equal("WIT0303", Assert.Single(wrong.Diagnostics).Id);
        Assert.Contains("'a:b/one@1.0.0'", wrong.Diagnostics[0].GetMessage());
    }

    [Fact]
    public void The_wasi_0_2_12_command_world_with_its_imported_resources_generates_csharp_that_compiles()
    {
        var texts = TodaysWitTests.WasiFiles().Select(f => (f.Path, f.Text)).ToArray();
        var compilation = GeneratorHarness.Compilation().AddReferences(MetadataReference.CreateFromFile(typeof(Wasmtime.Linker).Assembly.Location));
        var result = GeneratorHarness.Driver(GeneratorHarness.Texts(texts), Properties("wasi:cli/command")).RunGenerators(compilation).GetRunResult();
        Assert.Null(result.Results.Single().Exception);
        Assert.Empty(result.Diagnostics);
        var glue = result.GeneratedTrees.Single(t => t.FilePath.EndsWith(".Glue.g.cs", System.StringComparison.Ordinal)).ToString();
        Assert.Contains("string module = \"wasi:io/streams@0.2.12\"", glue);
        Assert.Contains("\"[method]output-stream.blocking-write-and-flush\"", glue);
        Assert.Contains("\"[resource-drop]descriptor\"", glue);
        var errors = compilation.AddSyntaxTrees(result.GeneratedTrees).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Take(5).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Theory]
    [InlineData("world w { export api; }", "resources of exports")]
    [InlineData("world w { import api; export take: func(b: borrow<api-blob>); use api.{blob as api-blob}; }", "resources of exports")]
    [InlineData("world w { resource own-thing; import make: func() -> own-thing; }", "resources a world defines itself")]
    public void Resources_not_emitted_yet_get_one_precise_diagnostic_at_the_resource_and_no_code(string world, string reason)
    {
        var text = "package a:b@1.0.0;\ninterface api { resource blob { size: func() -> u32; } }\n" + world + "\n";
        var result = GeneratorHarness.Driver(GeneratorHarness.Texts(("/p/wit/w.wit", text)), Properties()).RunGenerators(GeneratorHarness.Compilation()).GetRunResult();
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("WIT0307", diagnostic.Id);
        Assert.Contains(reason, diagnostic.GetMessage());
        Assert.Contains("resource", text.Split('\n')[diagnostic.Location.GetLineSpan().StartLinePosition.Line]);
        Assert.Empty(result.GeneratedTrees);
    }
}
