using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using WitBindgen.Generator.Diagnostics;
using Xunit;

namespace WitBindgen.Generator.Tests.Generator;

/// <summary>Every diagnostic id has one static descriptor with a title and a help link; the runtime is required.</summary>
public class DiagnosticDescriptorTests
{
    private static string[] Ids() => typeof(WitDiagnosticIds).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToArray();

    [Fact]
    public void Every_id_has_its_own_descriptor_with_a_title_and_a_help_link()
    {
        var ids = Ids();
        Assert.True(ids.Length >= 29);
        Assert.Equal(ids.Length, ids.Distinct().Count());
        foreach (var id in ids)
        {
            var descriptor = WitDescriptors.For(id);
            Assert.Equal(id, descriptor.Id);
            Assert.False(string.IsNullOrWhiteSpace(descriptor.Title.ToString()), id);
            Assert.StartsWith("https://", descriptor.HelpLinkUri);
            Assert.Equal("WitBindgen", descriptor.Category);
            Assert.Same(descriptor, WitDescriptors.For(id));
        }
        Assert.Equal(ids.OrderBy(i => i), WitDescriptors.All.Select(d => d.Id).OrderBy(i => i));
        Assert.Equal(DiagnosticSeverity.Warning, WitDescriptors.For(WitDiagnosticIds.NoWorld).DefaultSeverity);
    }

    [Fact]
    public void A_reported_diagnostic_carries_the_descriptor_of_its_id()
    {
        var result = GeneratorHarness.Driver(GeneratorHarness.Texts(("/p/wit/bad.wit", "interface i {\n  f: func(x: nope)\n}")))
            .RunGenerators(GeneratorHarness.Compilation()).GetRunResult();
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Same(WitDescriptors.UndefinedName, diagnostic.Descriptor);
        Assert.Equal("Undefined WIT name", diagnostic.Descriptor.Title.ToString());
    }

    [Fact]
    public void Without_WitBindgen_Runtime_referenced_one_diagnostic_at_the_world_and_nothing_is_generated()
    {
        var texts = GeneratorHarness.Texts(("/p/wit/w.wit", "package a:b;\ninterface clock { now: func() -> u64; }\nworld   clocks { import clock; }\n"));
        var without = GeneratorHarness.Driver(texts).RunGenerators(GeneratorHarness.Compilation(referenceRuntime: false)).GetRunResult();
        var diagnostic = Assert.Single(without.Diagnostics);
        Assert.Equal("WIT0306", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains("WitBindgen.Runtime", diagnostic.GetMessage());
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal(("/p/wit/w.wit", 2, 8), (span.Path, span.StartLinePosition.Line, span.StartLinePosition.Character));
        Assert.Empty(without.GeneratedTrees);

        var with = GeneratorHarness.Driver(texts).RunGenerators(GeneratorHarness.Compilation()).GetRunResult();
        Assert.Empty(with.Diagnostics);
        Assert.NotEmpty(with.GeneratedTrees);
    }
}
