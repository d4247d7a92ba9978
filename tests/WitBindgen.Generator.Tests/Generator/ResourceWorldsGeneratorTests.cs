using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace WitBindgen.Generator.Tests.Generator;

/// <summary>
/// Worlds the generator once refused (WIT0307): an interface both imported and exported, handles of the host's resources
/// in exports, resources a world defines itself. Each generates C# and glue that compile, with the names of today's ABI.
/// </summary>
public class ResourceWorldsGeneratorTests
{
    internal const string Api = "package a:b@1.0.0;\ninterface api { resource blob { constructor(n: u32); size: func() -> u32; } record boxed { b: blob } peek: func(b: borrow<blob>) -> u32; box: func(b: blob) -> boxed; }\n";

    private static Dictionary<string, string> Properties() => new() { ["build_property.WitBindgenNamespace"] = "Example.Plugin" };

    private static (string Text, List<Diagnostic> Generator, List<Diagnostic> Compiler) Generate(string wit, string? user = null)
    {
        var compilation = GeneratorHarness.Compilation().AddReferences(MetadataReference.CreateFromFile(typeof(Wasmtime.Linker).Assembly.Location));
        if (user is not null) compilation = compilation.AddSyntaxTrees(Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(user, path: "/p/User.cs"));
        var result = GeneratorHarness.Driver(GeneratorHarness.Texts(("/p/wit/w.wit", wit)), Properties()).RunGenerators(compilation).GetRunResult();
        Assert.Null(result.Results.Single().Exception);
        var text = string.Join("\n", result.GeneratedTrees.Select(t => t.ToString())).Replace("\r\n", "\n");
        var compiler = compilation.AddSyntaxTrees(result.GeneratedTrees).GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        return (text, result.Diagnostics.ToList(), compiler);
    }

    [Theory]
    [InlineData("world w { import api; export api; }")]
    [InlineData("world w { import api; export take: func(b: borrow<api-blob>); use api.{blob as api-blob}; }")]
    [InlineData("interface user { use api.{blob}; keep: func(b: blob); look: func(b: borrow<blob>) -> u32; give: func() -> blob; }\nworld w { import api; export user; }")]
    [InlineData("interface user { use api.{blob}; keep: func(b: blob); }\nworld w { export user; }")]
    [InlineData("interface user { use api.{blob}; keep: func(b: blob); }\nworld w { import user; export api; }")]
    [InlineData("world w { resource own-thing { constructor(); size: func() -> u32; } import make: func() -> own-thing; export use-it: func(t: borrow<own-thing>) -> own-thing; }")]
    [InlineData("world w { resource own-thing; }")]
    public void Worlds_once_refused_generate_glue_that_compiles_without_diagnostics(string world)
    {
        var (text, generator, compiler) = Generate(Api + world + "\n");
        Assert.Empty(generator);
        Assert.True(compiler.Count == 0, string.Join("\n", compiler.Take(5)));
        Assert.Contains("AddToLinker", text);
    }

    [Fact]
    public void An_interface_both_imported_and_exported_gets_an_export_side_of_its_own_with_todays_core_names()
    {
        var (text, generator, compiler) = Generate(Api + "world w { import api; export api; }\n");
        Assert.Empty(generator);
        Assert.True(compiler.Count == 0, string.Join("\n", compiler.Take(5)));
        // The import: what the host implements.
        Assert.Contains("public static partial class Api\n", text);
        Assert.Contains("public interface IBlob", text);
        Assert.Contains("public interface IApi\n", text);
        Assert.Contains("string module = \"a:b/api@1.0.0\"", text);
        Assert.Contains("\"[resource-drop]blob\"", text);
        // The export: the guest's copy, with its own types and wrapper, under the export names.
        Assert.Contains("public static partial class ApiExport\n", text);
        Assert.Contains("public sealed partial class Blob : GuestResource", text);
        Assert.Contains("public readonly record struct Boxed(Blob B);", text);
        Assert.Contains("public readonly record struct Boxed(IBlob B);", text);
        Assert.Contains("ApiExport.Boxed Box(ApiExport.Blob b);", text);
        Assert.Contains("Api.Boxed Box(Api.IBlob b);", text);
        Assert.Contains("public interface IApiExport\n", text);
        Assert.Contains("public sealed class ApiExports : IApiExport", text);
        Assert.Contains("\"a:b/api@1.0.0#[method]blob.size\"", text);
        Assert.Contains("\"a:b/api@1.0.0#peek\"", text);
        Assert.Contains("\"[export]a:b/api@1.0.0\", \"[resource-new]blob\"", text);
        Assert.Contains("\"cm32p2|_ex_a:b/api@1\", \"blob_drop\"", text);
        Assert.Contains("\"cm32p2|a:b/api@1|box\"", text);
        Assert.Contains("_ctx.ExportedResources.Register(\"a:b/api@1.0.0#blob\"", text);
    }

    [Fact]
    public void Interfaces_using_a_copied_resource_use_the_copy_on_the_export_side_and_those_without_resources_share_their_types()
    {
        var (text, generator, compiler) = Generate("""
            package a:b@1.0.0;
            interface api { resource blob { constructor(n: u32); size: func() -> u32; } }
            interface wrap { use api.{blob}; hold: func(b: blob) -> u32; }
            interface more { use api.{blob}; give: func() -> blob; }
            interface plain { record point { x: u32 } at: func(p: point) -> u32; }
            world w { import api; export api; import wrap; export wrap; export more; import plain; export plain; }
            """);
        Assert.Empty(generator);
        Assert.True(compiler.Count == 0, string.Join("\n", compiler.Take(5)));
        // wrap reaches api's blob: each side has its own.
        Assert.Contains("uint Hold(Api.IBlob b);", text);
        Assert.Contains("public interface IWrapExport\n", text);
        Assert.Contains("uint Hold(ApiExport.Blob b);", text);
        Assert.Contains("public sealed class WrapExports : IWrapExport", text);
        // more is only exported: it uses the guest's blob.
        Assert.Contains("ApiExport.Blob Give();", text);
        // plain has no resources: one class of types for both sides, as before.
        Assert.DoesNotContain("static partial class PlainExport", text);
        Assert.Contains("public interface IPlainExport\n", text);
        Assert.Contains("uint At(Plain.Point p);", text);
    }

    [Fact]
    public void Borrows_of_the_hosts_resources_in_an_export_are_lent_for_the_call_and_owns_move()
    {
        var (text, generator, compiler) = Generate(Api + "interface user { use api.{blob}; keep: func(b: blob); look: func(b: borrow<blob>) -> u32; give: func() -> blob; }\nworld w { import api; export user; }\n");
        Assert.Empty(generator);
        Assert.True(compiler.Count == 0, string.Join("\n", compiler.Take(5)));
        Assert.Contains("ctx.Resources.Lend<Api.IBlob>(b, fn)", text);
        // Checked when the guest returns, before its post-return, as Task.return_ does.
        int lending = text.IndexOf("private uint LookLending(Api.IBlob b, int lends)", System.StringComparison.Ordinal);
        int check = text.IndexOf("_ctx.Resources.CloseLends(lends, fn);", lending, System.StringComparison.Ordinal);
        Assert.True(lending > 0 && check > text.IndexOf("var result = ", lending, System.StringComparison.Ordinal), "no check after the lift");
        Assert.True(check < text.IndexOf("_postLook?.Invoke(ret);", lending, System.StringComparison.Ordinal), "the check is not before the post-return");
        Assert.Contains("ctx.Resources.Insert<Api.IBlob>(b, fn)", text);
        Assert.Contains("mem.Resources.Take<Api.IBlob>(ret, fn)", text);
        // keep moves its blob: nothing is lent, so no bracket.
        Assert.DoesNotContain("KeepLending", text);
    }

    [Fact]
    public void A_resource_the_world_defines_is_imported_under_root_with_both_namings()
    {
        var (text, generator, compiler) = Generate(Api + "world w { resource own-thing { constructor(); size: func() -> u32; } import make: func() -> own-thing; }\n");
        Assert.Empty(generator);
        Assert.True(compiler.Count == 0, string.Join("\n", compiler.Take(5)));
        Assert.Contains("public interface IOwnThing", text);
        Assert.Contains("W.IOwnThing NewOwnThing();", text);
        Assert.Contains("W.IOwnThing Make();", text);
        Assert.Contains("DefineWorld(linker, Functions!, context, \"$root\");", text);
        Assert.Contains("(linker, module, \"$root\", \"cm32p2\", implementation", text);
        Assert.Matches("d\\.Action<int>\\(\"\\[resource-drop\\]own-thing\", static \\(impl, ctx, fn, \\w+\\) =>\\s+ctx\\.Resources\\.Drop<[\\w.]*IOwnThing>\\(\\w+, fn\\), \"own-thing_drop\"\\);", text);
        Assert.Contains("\"[method]own-thing.size\"", text);
        Assert.Contains("\"[constructor]own-thing\"", text);
        Assert.Contains("\"[resource-drop]own-thing\"", text);
        Assert.Contains("\"own-thing_drop\"", text);
    }

    [Fact]
    public void Deprecated_interfaces_and_worlds_make_their_classes_and_interfaces_obsolete()
    {
        const string wit = """
            package a:b@1.0.0;
            @deprecated(version = 0.7.0)
            interface api { record old { x: u32 } f: func() -> u32; }
            @deprecated(version = 0.6.0)
            world w { import api; export api; import g: func(); export h: func(); }
            """;
        const string user = """
            namespace User;
            public static class Uses
            {
                public static uint Call(Example.Plugin.IApi api) => api.F();
                public static object Make() => new Example.Plugin.Api.Old(1);
            }
            """;
        var (text, generator, compiler) = Generate(wit, user);
        Assert.Empty(generator);
        Assert.Contains("[global::System.Obsolete(\"deprecated since 0.7.0\")]\npublic static partial class Api\n", text);
        Assert.Contains("[global::System.Obsolete(\"deprecated since 0.7.0\")]\npublic interface IApi\n", text);
        Assert.Contains("[global::System.Obsolete(\"deprecated since 0.7.0\")]\npublic sealed class ApiExportExports : IApiExport", text);
        Assert.Contains("[global::System.Obsolete(\"deprecated since 0.6.0\")]\npublic interface IWImports\n", text);
        Assert.Contains("[global::System.Obsolete(\"deprecated since 0.6.0\")]\npublic sealed class WHost", text);
        // Only the user's own uses warn (the interface and the class, each once); nothing inside generated files.
        Assert.All(compiler, d => Assert.Equal("/p/User.cs", d.Location.SourceTree?.FilePath));
        Assert.Equal(2, compiler.Count(d => d.Id == "CS0618"));
    }
}
