using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using WitBindgen.Generator;

namespace WitBindgen.GeneratorBenchmarks;

public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}

/// <summary>
/// The generator on the command world of <c>wit/</c>, with the glue (the compilation references Wasmtime and
/// WitBindgen.Runtime): a first run in a fresh driver (what a clean build pays), and a run after an edit of C#
/// that the WIT does not depend on (what every keystroke in an IDE pays: every step should be cached).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class GeneratorBenchmarks
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly WitBindgen.Generator.Util.EquatableArray<string> Features = WitGenerator.ParseFeatures(null);

    private ImmutableArray<AdditionalText> _commandWorld;
    private WitSourceFile[] _commandSources = null!;
    private WitSourceFile[] _wasi02Sources = null!;
    private CSharpCompilation _compilation = null!;
    private CSharpCompilation _edited = null!;
    private GeneratorDriver _warm = null!;

    [GlobalSetup]
    public void Setup()
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "wit");
        _commandWorld = Directory.GetFiles(directory, "*.wit", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => (AdditionalText)new Text(p, File.ReadAllText(p))).ToImmutableArray();
        _commandSources = _commandWorld.Select(t => new WitSourceFile(t.Path, t.GetText()!.ToString())).ToArray();
        _wasi02Sources = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "wit-0.2"), "*.wit", SearchOption.AllDirectories)
            .OrderBy(p => p, StringComparer.Ordinal).Select(p => new WitSourceFile(p, File.ReadAllText(p))).ToArray();
        if (Wasi02OwnWork().Sources.Count == 0) throw new InvalidOperationException("the WASI 0.2 world generated nothing");
        var references = Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(Wasmtime.Engine).Assembly.Location))
            .Append(MetadataReference.CreateFromFile(typeof(WitBindgen.Runtime.Unit).Assembly.Location));
        _compilation = CSharpCompilation.Create("Consumer", new[] { CSharpSyntaxTree.ParseText("class A { }", ParseOptions, path: "A.cs") },
            references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        _edited = _compilation.ReplaceSyntaxTree(_compilation.SyntaxTrees[0], CSharpSyntaxTree.ParseText("class A { int x; }", ParseOptions, path: "A.cs"));
        _warm = Driver().RunGenerators(_compilation);

        var result = _warm.GetRunResult();
        if (result.Diagnostics.Length > 0 || result.GeneratedTrees.Length == 0 || !result.GeneratedTrees.Any(t => t.FilePath.Contains("Glue")))
            throw new InvalidOperationException("the command world did not generate cleanly with glue: " + string.Join("; ", result.Diagnostics));
    }

    private GeneratorDriver Driver() => CSharpGeneratorDriver.Create(
        new[] { new WitGenerator().AsSourceGenerator() }, _commandWorld, ParseOptions,
        new Options(new Dictionary<string, string> { ["build_property.WitBindgenNamespace"] = "Bench.Wit" }));

    [Benchmark(Description = "command world: first run (types, interfaces, glue)")]
    public GeneratorDriver FirstRun() => Driver().RunGenerators(_compilation);

    /// <summary>
    /// What the generator itself does on a first run (read and resolve the WIT, plan and write the C#), without the
    /// driver: the rest of <see cref="FirstRun"/> is Roslyn parsing the ~350 KB of C# it was handed.
    /// </summary>
    [Benchmark(Description = "command world: the generator's own work (front end + emit, no driver)")]
    public WitGenerator.GeneratorOutput OwnWork() =>
        WitGenerator.Generate(WitFrontEnd.Load(_commandSources, Features), new WitGenerator.GeneratorOptions(null, "Bench.Wit", null, Glue: true));

    /// <summary>The same for the WASI 0.2.12 <c>wasi:cli/command</c> world (<c>wit/wasi-0.2</c>, today's WIT, resources).</summary>
    [Benchmark(Description = "WASI 0.2.12 command world: the generator's own work (front end + emit, no driver)")]
    public WitGenerator.GeneratorOutput Wasi02OwnWork() =>
        WitGenerator.Generate(WitFrontEnd.Load(_wasi02Sources, Features), new WitGenerator.GeneratorOptions("wasi:cli/command@0.2.12", "Bench.Wasi02", null, Glue: true));

    [Benchmark(Description = "command world: after an unrelated C# edit")]
    public GeneratorDriver AfterUnrelatedEdit() => _warm.RunGenerators(_edited);

    private sealed class Text(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    private sealed class Options(Dictionary<string, string> properties) : AnalyzerConfigOptionsProvider
    {
        private readonly Values _global = new(properties);

        public override AnalyzerConfigOptions GlobalOptions => _global;
        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Values.Empty;
        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Values.Empty;

        private sealed class Values(Dictionary<string, string> values) : AnalyzerConfigOptions
        {
            public static readonly Values Empty = new(new Dictionary<string, string>());

            public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
        }
    }
}
