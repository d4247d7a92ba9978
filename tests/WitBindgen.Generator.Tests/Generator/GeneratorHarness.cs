using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace WitBindgen.Generator.Tests.Generator;

/// <summary>Runs <see cref="WitGenerator"/> in Roslyn's real driver, as the compiler does, with step tracking on.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    /// <summary>A consumer project: .NET 10 and WitBindgen.Runtime, as the package's users have.</summary>
    public static CSharpCompilation Compilation(params string[] sources) => Compilation(referenceRuntime: true, sources);

    public static CSharpCompilation Compilation(bool referenceRuntime, params string[] sources) =>
        CSharpCompilation.Create("Consumer",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
            referenceRuntime
                ? Basic.Reference.Assemblies.Net100.References.All.Append(MetadataReference.CreateFromFile(typeof(WitBindgen.Runtime.Unit).Assembly.Location))
                : (IEnumerable<MetadataReference>)Basic.Reference.Assemblies.Net100.References.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>A driver over <paramref name="texts"/>; <paramref name="metadata"/>: item metadata per file path.</summary>
    public static GeneratorDriver Driver(IEnumerable<AdditionalText> texts, Dictionary<string, string>? properties = null,
        Dictionary<string, Dictionary<string, string>>? metadata = null) =>
        CSharpGeneratorDriver.Create(
            new[] { new WitGenerator().AsSourceGenerator() },
            texts,
            ParseOptions,
            new Options(properties ?? new Dictionary<string, string> { ["build_property.WitBindgenNamespace"] = "Test.Wit" }, metadata),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static IEnumerable<AdditionalText> Texts(params (string Path, string Text)[] files) =>
        files.Select(f => (AdditionalText)new Text(f.Path, f.Text));

    public sealed class Text : AdditionalText
    {
        private readonly SourceText _text;

        public Text(string path, string text)
        {
            Path = path;
            _text = SourceText.From(text);
        }

        public override string Path { get; }

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    private sealed class Options : AnalyzerConfigOptionsProvider
    {
        private readonly Values _global;
        private readonly Dictionary<string, Dictionary<string, string>>? _metadata;

        public Options(Dictionary<string, string> properties, Dictionary<string, Dictionary<string, string>>? metadata = null) =>
            (_global, _metadata) = (new Values(properties), metadata);

        public override AnalyzerConfigOptions GlobalOptions => _global;
        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Values.Empty;
        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
            _metadata?.TryGetValue(textFile.Path, out var values) == true ? new Values(values) : Values.Empty;

        private sealed class Values : AnalyzerConfigOptions
        {
            public static readonly Values Empty = new(new Dictionary<string, string>());
            private readonly Dictionary<string, string> _values;
            public Values(Dictionary<string, string> values) => _values = values;
            public override bool TryGetValue(string key, out string value) => _values.TryGetValue(key, out value!);
        }
    }

    public static ImmutableArray<IncrementalGeneratorRunStep> Steps(GeneratorDriver driver, string name) =>
        driver.GetRunResult().Results.Single().TrackedSteps.TryGetValue(name, out var steps) ? steps : ImmutableArray<IncrementalGeneratorRunStep>.Empty;
}
