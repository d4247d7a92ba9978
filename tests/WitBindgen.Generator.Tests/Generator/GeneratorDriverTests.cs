using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using WitBindgen.Generator.Tests.FrontEnd;
using Xunit;

namespace WitBindgen.Generator.Tests.Generator;

public class GeneratorDriverTests
{
    private static readonly (string Path, string Text)[] Small =
    {
        ("/p/wit/world.wit", "default world w { import clock: pkg.clock }"),
        ("/p/wit/clock.wit", "default interface clock {\n  record datetime { seconds: u64, nanoseconds: u32 }\n  now: func() -> datetime\n}"),
    };

    [Fact]
    public void Generates_sources_for_the_command_world_without_errors()
    {
        var driver = GeneratorHarness.Driver(GeneratorHarness.Texts(TestFiles.CommandWorld())).RunGenerators(GeneratorHarness.Compilation());
        var result = driver.GetRunResult();
        Assert.Empty(result.Diagnostics);
        Assert.Null(result.Results.Single().Exception);
        Assert.NotEmpty(result.GeneratedTrees);
    }

    [Fact]
    public void Editing_unrelated_csharp_leaves_every_step_cached()
    {
        var compilation = GeneratorHarness.Compilation("class A { }");
        var driver = GeneratorHarness.Driver(GeneratorHarness.Texts(Small)).RunGenerators(compilation);

        var edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.First(),
            CSharpSyntaxTree.ParseText("class A { int x; }", GeneratorHarness.ParseOptions, path: "Source0.cs"));
        driver = driver.RunGenerators(edited);

        AssertAllCachedOrUnchanged(driver, WitGenerator.TrackingNames.Collected, WitGenerator.TrackingNames.Resolved, WitGenerator.TrackingNames.Output);
    }

    [Fact]
    public void Adding_a_non_wit_additional_file_leaves_the_pipeline_cached()
    {
        var compilation = GeneratorHarness.Compilation("class A { }");
        var driver = GeneratorHarness.Driver(GeneratorHarness.Texts(Small)).RunGenerators(compilation);

        driver = driver.AddAdditionalTexts(GeneratorHarness.Texts(("/p/notes.txt", "not wit")).ToImmutableArray()).RunGenerators(compilation);

        AssertAllCachedOrUnchanged(driver, WitGenerator.TrackingNames.Collected, WitGenerator.TrackingNames.Resolved, WitGenerator.TrackingNames.Output);
    }

    [Fact]
    public void Editing_a_wit_file_reruns_resolution_and_output()
    {
        var compilation = GeneratorHarness.Compilation("class A { }");
        var texts = GeneratorHarness.Texts(Small).ToList();
        var driver = GeneratorHarness.Driver(texts).RunGenerators(compilation);
        var changed = new GeneratorHarness.Text("/p/wit/clock.wit", Small[1].Text.Replace("now: func()", "now: func(x: u8)"));
        driver = driver.ReplaceAdditionalText(texts[1], changed).RunGenerators(compilation);
        Assert.Contains(GeneratorHarness.Steps(driver, WitGenerator.TrackingNames.Resolved).SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains(GeneratorHarness.Steps(driver, WitGenerator.TrackingNames.Output).SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
    }

    private static void AssertAllCachedOrUnchanged(GeneratorDriver driver, params string[] stepNames)
    {
        foreach (var name in stepNames)
        {
            var steps = GeneratorHarness.Steps(driver, name);
            Assert.NotEmpty(steps);
            foreach (var output in steps.SelectMany(s => s.Outputs))
                Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"step {name} was {output.Reason}");
        }
    }

    [Fact]
    public void A_wit_error_is_a_compiler_diagnostic_at_the_file_line_and_column()
    {
        var driver = GeneratorHarness.Driver(GeneratorHarness.Texts(("/p/wit/bad.wit", "interface i {\n  f: func(x: nope)\n}")))
            .RunGenerators(GeneratorHarness.Compilation());
        var diagnostic = Assert.Single(driver.GetRunResult().Diagnostics);
        Assert.Equal("WIT0201", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal("/p/wit/bad.wit", span.Path);
        Assert.Equal((1, 13), (span.StartLinePosition.Line, span.StartLinePosition.Character));
        Assert.Equal("type 'nope' is not defined", diagnostic.GetMessage());
        Assert.Empty(driver.GetRunResult().GeneratedTrees);
    }

    [Fact]
    public void Two_hundred_malformed_command_worlds_each_give_a_diagnostic_and_no_generator_exception()
    {
        var files = TestFiles.CommandWorld();
        int count = 0;
        foreach (var c in MalformedInputTests.Cases())
        {
            var (fileIndex, how, mutated) = ((int)c[1], (string)c[2], (string)c[3]);
            var texts = files.Select((f, i) => (f.Path, i == fileIndex ? mutated : f.Text)).ToArray();
            var result = GeneratorHarness.Driver(GeneratorHarness.Texts(texts)).RunGenerators(GeneratorHarness.Compilation()).GetRunResult();
            Assert.Null(result.Results.Single().Exception);
            Assert.True(result.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error && d.Id.StartsWith("WIT0") && d.Id != "WIT0399"),
                $"no WIT error for {files[fileIndex].Path} ({how})");
            count++;
        }
        Assert.True(count >= 200);
    }

    [Fact]
    public void World_and_namespace_come_from_msbuild_properties()
    {
        var texts = GeneratorHarness.Texts(("/p/wit/w.wit", "world a { import f: func() }\nworld b { import g: func() }"));
        var ambiguous = GeneratorHarness.Driver(texts).RunGenerators(GeneratorHarness.Compilation()).GetRunResult();
        Assert.Equal("WIT0302", Assert.Single(ambiguous.Diagnostics).Id);

        var chosen = GeneratorHarness.Driver(texts, new Dictionary<string, string>
        {
            ["build_property.WitBindgenWorld"] = "b",
            ["build_property.WitBindgenNamespace"] = "My.Bindings",
        }).RunGenerators(GeneratorHarness.Compilation()).GetRunResult();
        Assert.Empty(chosen.Diagnostics);
        Assert.Contains(chosen.GeneratedTrees, t => t.ToString().Contains("namespace My.Bindings"));

        var badNamespace = GeneratorHarness.Driver(GeneratorHarness.Texts(Small), new Dictionary<string, string>
        {
            ["build_property.WitBindgenNamespace"] = "My.class",
        }).RunGenerators(GeneratorHarness.Compilation()).GetRunResult();
        Assert.Equal("WIT0304", Assert.Single(badNamespace.Diagnostics).Id);
    }

    private const string Strings = "package t:s;\ninterface i { f: func(name: string, nested: option<string>) -> string; }\nworld w { import i; }";

    [Fact]
    public void String_parameters_are_spans_when_the_project_or_the_files_ask()
    {
        static string Interface(GeneratorDriver driver)
        {
            var result = driver.RunGenerators(GeneratorHarness.Compilation()).GetRunResult();
            Assert.Empty(result.Diagnostics);
            return result.GeneratedTrees.Single(t => t.ToString().Contains("public interface II")).ToString();
        }
        var texts = GeneratorHarness.Texts(("/p/wit/s.wit", Strings));
        Assert.Contains("string F(string name, string? nested);", Interface(GeneratorHarness.Driver(texts)));
        var byProperty = GeneratorHarness.Driver(texts, new Dictionary<string, string>
        {
            ["build_property.WitBindgenNamespace"] = "Test.Wit",
            ["build_property.WitBindgenStringParameters"] = "Span",
        });
        Assert.Contains("string F(ReadOnlySpan<char> name, string? nested);", Interface(byProperty));
        var byMetadata = GeneratorHarness.Driver(texts, null, new()
        {
            ["/p/wit/s.wit"] = new() { ["build_metadata.AdditionalFiles.WitBindgenStringParameters"] = "span" },
        });
        Assert.Contains("string F(ReadOnlySpan<char> name, string? nested);", Interface(byMetadata));
        var stringAgain = GeneratorHarness.Driver(texts, new Dictionary<string, string>
        {
            ["build_property.WitBindgenNamespace"] = "Test.Wit",
            ["build_property.WitBindgenStringParameters"] = "span",
        }, new() { ["/p/wit/s.wit"] = new() { ["build_metadata.AdditionalFiles.WitBindgenStringParameters"] = "string" } });
        Assert.Contains("string F(string name, string? nested);", Interface(stringAgain));
    }

    [Fact]
    public void An_unknown_or_contradictory_string_parameters_setting_is_one_diagnostic_and_no_code()
    {
        var texts = GeneratorHarness.Texts(("/p/wit/s.wit", Strings));
        var unknown = GeneratorHarness.Driver(texts, new Dictionary<string, string>
        {
            ["build_property.WitBindgenNamespace"] = "Test.Wit",
            ["build_property.WitBindgenStringParameters"] = "utf8",
        }).RunGenerators(GeneratorHarness.Compilation()).GetRunResult();
        var diagnostic = Assert.Single(unknown.Diagnostics);
        Assert.Equal("WIT0307", diagnostic.Id);
        Assert.Contains("'utf8'", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(unknown.GeneratedTrees);

        var split = GeneratorHarness.Texts(("/p/wit/s.wit", Strings), ("/p/wit/more.wit", "package t:s;\ninterface j { g: func(s: string); }"));
        var contradictory = GeneratorHarness.Driver(split, null, new()
        {
            ["/p/wit/s.wit"] = new() { ["build_metadata.AdditionalFiles.WitBindgenStringParameters"] = "span" },
            ["/p/wit/more.wit"] = new() { ["build_metadata.AdditionalFiles.WitBindgenStringParameters"] = "string" },
        }).RunGenerators(GeneratorHarness.Compilation()).GetRunResult();
        diagnostic = Assert.Single(contradictory.Diagnostics);
        Assert.Equal("WIT0307", diagnostic.Id);
        Assert.Contains("'span' and 'string'", diagnostic.GetMessage(), StringComparison.Ordinal);
    }
}
