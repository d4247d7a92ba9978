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
        var glue = string.Join("\n", result.GeneratedTrees.Where(t => t.FilePath.EndsWith(".Glue.g.cs", System.StringComparison.Ordinal)).Select(t => t.ToString()));
        Assert.Contains("string module = \"wasi:io/streams@0.2.12\"", glue);
        Assert.Contains("\"[method]output-stream.blocking-write-and-flush\"", glue);
        Assert.Contains("\"[resource-drop]descriptor\"", glue);
        var errors = compilation.AddSyntaxTrees(result.GeneratedTrees).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Take(5).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    private const string Exporting = """
        package a:b@1.0.0;

        interface api {
          /// Kept by the guest.
          resource blob {
            constructor(size: u32);
            size: func() -> u32;
            @deprecated(version = 1.0.0)
            grow: func(by: u32);
            join: static func(a: blob, b: borrow<blob>) -> blob;
          }
          record pair { left: blob, right: blob }
          split: func(b: blob) -> pair;
          sizes: func(bs: list<borrow<blob>>) -> list<u32>;
        }

        world w {
          export api;
        }
        """;

    [Fact]
    public void An_exported_resource_becomes_a_wrapper_class_whose_glue_compiles()
    {
        var compilation = GeneratorHarness.Compilation().AddReferences(MetadataReference.CreateFromFile(typeof(Wasmtime.Linker).Assembly.Location));
        var result = GeneratorHarness.Driver(GeneratorHarness.Texts(("/p/wit/w.wit", Exporting)), Properties())
            .RunGenerators(compilation).GetRunResult();
        Assert.Empty(result.Diagnostics);
        var text = string.Join("\n", result.GeneratedTrees.Select(t => t.ToString()));
        Assert.Contains("public sealed partial class Blob : GuestResource", text);
        Assert.Contains("public Api.Blob NewBlob(uint size)", text);
        Assert.Contains("public Api.Blob BlobJoin(Api.Blob a, Api.Blob b)", text);
        Assert.Contains("public uint Size() =>", text);
        // Both namings of the functions the guest imports for its handles, and of its exports.
        Assert.Contains("\"[export]a:b/api@1.0.0\", \"[resource-new]blob\"", text);
        Assert.Contains("\"cm32p2|_ex_a:b/api@1\", \"blob_drop\"", text);
        Assert.Contains("\"a:b/api@1.0.0#[dtor]blob\"", text);
        Assert.Contains("\"cm32p2|a:b/api@1|blob_dtor\"", text);
        Assert.Contains("\"cm32p2|a:b/api@1|split_post\"", text);
        var errors = compilation.AddSyntaxTrees(result.GeneratedTrees).GetDiagnostics().Where(d => d.Severity != DiagnosticSeverity.Hidden).Take(5).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Theory]
    [InlineData("get: func() -> borrow<blob>;", "get")]
    [InlineData("find: func() -> option<list<borrow<blob>>>;", "find")]
    [InlineData("both: func() -> (a: u32, b: borrow<blob>);", "both")]
    [InlineData("type lent = borrow<blob>;\n  record holder { item: lent }\n  hold: func() -> result<holder>;", "hold")]
    public void A_function_returning_a_borrow_is_rejected_at_the_function(string function, string name)
    {
        var text = "package a:b@1.0.0;\ninterface api {\n  resource blob;\n  " + function + "\n}\nworld w { import api; }\n";
        var result = GeneratorHarness.Driver(GeneratorHarness.Texts(("/p/wit/w.wit", text)), Properties()).RunGenerators(GeneratorHarness.Compilation()).GetRunResult();
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("WIT0103", diagnostic.Id);
        Assert.Contains($"function '{name}' returns a type which contains a borrow<T>", diagnostic.GetMessage());
        Assert.Contains(name + ":", text.Split('\n')[diagnostic.Location.GetLineSpan().StartLinePosition.Line]);
    }

    [Fact]
    public void A_resource_method_returning_a_borrow_is_rejected_and_borrow_parameters_are_not()
    {
        var text = "package a:b@1.0.0;\ninterface api {\n  resource blob {\n    me: func(other: borrow<blob>) -> borrow<blob>;\n  }\n  ok: func(b: borrow<blob>) -> blob;\n}\nworld w { import api; }\n";
        var result = GeneratorHarness.Driver(GeneratorHarness.Texts(("/p/wit/w.wit", text)), Properties()).RunGenerators(GeneratorHarness.Compilation()).GetRunResult();
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("WIT0103", diagnostic.Id);
        Assert.Contains("function 'me'", diagnostic.GetMessage());
    }

    [Fact]
    public void Deprecated_items_are_obsolete_for_users_and_not_for_the_generated_code()
    {
        const string wit = """
            package a:b@1.0.0;
            interface api {
              @deprecated(version = 0.9.0)
              record old { x: u32 }
              @deprecated(version = 0.9.1)
              enum mode { a, b }
              @deprecated(version = 0.9.2)
              stale: func(o: old, m: mode) -> old;
              fresh: func() -> u32;
            }
            world w { import api; export run: func(); @deprecated(version = 0.8.0) export legacy: func(); }
            """;
        const string user = """
            namespace User;
            public static class Uses
            {
                public static void Call(Example.Plugin.IApi api) { api.Fresh(); api.Stale(default, default); }
                public static object Make() => new Example.Plugin.Api.Old(1);
            }
            """;
        var compilation = GeneratorHarness.Compilation()
            .AddReferences(MetadataReference.CreateFromFile(typeof(Wasmtime.Linker).Assembly.Location))
            .AddSyntaxTrees(Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(user, path: "/p/User.cs"));
        var result = GeneratorHarness.Driver(GeneratorHarness.Texts(("/p/wit/w.wit", wit)), Properties()).RunGenerators(compilation).GetRunResult();
        Assert.Empty(result.Diagnostics);
        var text = string.Join("\n", result.GeneratedTrees.Select(t => t.ToString()));
        Assert.Contains("[global::System.Obsolete(\"deprecated since 0.9.0\")]\n    public readonly record struct Old(", text.Replace("\r\n", "\n"));
        Assert.Contains("[global::System.Obsolete(\"deprecated since 0.9.1\")]", text);
        Assert.Contains("[global::System.Obsolete(\"deprecated since 0.9.2\")]\n    Api.Old Stale(", text.Replace("\r\n", "\n"));
        Assert.Contains("[global::System.Obsolete(\"deprecated since 0.8.0\")]\n    void Legacy();", text.Replace("\r\n", "\n"));
        var diagnostics = compilation.AddSyntaxTrees(result.GeneratedTrees).GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        // Only the user's own uses warn: once for Stale, once for Old; nothing inside generated files.
        Assert.All(diagnostics, d => Assert.Equal("/p/User.cs", d.Location.SourceTree?.FilePath));
        Assert.Equal(2, diagnostics.Count(d => d.Id == "CS0618"));
        Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
    }
}
