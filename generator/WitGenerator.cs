using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using WitBindgen.Generator.Diagnostics;
using WitBindgen.Generator.Emit;
using WitBindgen.Generator.Util;

namespace WitBindgen.Generator;

/// <summary>
/// Reads the project's <c>.wit</c> AdditionalFiles and generates C# for one world. Each step works on small
/// equatable models (file texts, the resolved WIT, the generated sources), never on Roslyn symbols, so that edits
/// to C# code or to other additional files leave every step cached.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class WitGenerator : IIncrementalGenerator
{
    public static class TrackingNames
    {
        public const string WitFiles = nameof(WitFiles);
        public const string Collected = nameof(Collected);
        public const string Options = nameof(Options);
        public const string Resolved = nameof(Resolved);
        public const string Output = nameof(Output);
        public const string References = nameof(References);
        public const string Features = nameof(Features);
    }

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // Each .wit file may carry its own world and namespace (item metadata WitBindgenWorld/WitBindgenNamespace):
        // files with the same metadata form one group, resolved and generated on its own, so that one project can
        // generate several worlds. Files without metadata form the group the project's properties configure.
        var files = context.AdditionalTextsProvider
            .Where(static text => text.Path.EndsWith(".wit", StringComparison.OrdinalIgnoreCase))
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, ct) =>
            {
                var metadata = pair.Right.GetOptions(pair.Left);
                metadata.TryGetValue("build_metadata.AdditionalFiles.WitBindgenWorld", out var world);
                metadata.TryGetValue("build_metadata.AdditionalFiles.WitBindgenNamespace", out var ns);
                metadata.TryGetValue("build_metadata.AdditionalFiles.WitBindgenStringParameters", out var strings);
                return new WitFileInGroup(Blank(world), Blank(ns), Blank(strings), new WitSourceFile(pair.Left.Path, pair.Left.GetText(ct)?.ToString() ?? ""));
            })
            .WithTrackingName(TrackingNames.WitFiles);

        var collected = files.Collect()
            .Select(static (all, _) => all
                .GroupBy(f => (f.World, f.Namespace))
                .OrderBy(g => g.Key.World ?? "", StringComparer.Ordinal).ThenBy(g => g.Key.Namespace ?? "", StringComparer.Ordinal)
                .Select(g => new WitFileGroup(g.Key.World, g.Key.Namespace,
                    g.Select(f => f.File).OrderBy(f => f.Path, StringComparer.Ordinal).ToEquatableArray(),
                    g.Select(f => f.StringParameters).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase)
                        .OrderBy(s => s, StringComparer.OrdinalIgnoreCase).ToEquatableArray()))
                .ToEquatableArray())
            .WithTrackingName(TrackingNames.Collected);

        var options = context.AnalyzerConfigOptionsProvider
            .Select(static (provider, _) =>
            {
                provider.GlobalOptions.TryGetValue("build_property.WitBindgenWorld", out var world);
                provider.GlobalOptions.TryGetValue("build_property.WitBindgenNamespace", out var ns);
                provider.GlobalOptions.TryGetValue("build_property.RootNamespace", out var rootNs);
                provider.GlobalOptions.TryGetValue("build_property.WitBindgenStringParameters", out var strings);
                return new GeneratorOptions(Blank(world), Blank(ns), Blank(rootNs)) { StringParameters = Blank(strings) };
            })
            .WithTrackingName(TrackingNames.Options);

        var features = context.AnalyzerConfigOptionsProvider
            .Select(static (provider, _) =>
            {
                provider.GlobalOptions.TryGetValue("build_property.WitBindgenFeatures", out var list);
                return ParseFeatures(list);
            })
            .WithTrackingName(TrackingNames.Features);

        var resolved = collected.SelectMany(static (groups, _) => groups).Combine(features)
            .Select(static (pair, _) => new WitGroupLoad(pair.Left.World, pair.Left.Namespace, pair.Left.StringParameters,
                pair.Left.Files.IsEmpty ? null : WitFrontEnd.Load(pair.Left.Files.ToArray(), pair.Right)))
            .WithTrackingName(TrackingNames.Resolved);

        // Glue is written only where it can compile: when the project references Wasmtime. Nothing is written
        // without WitBindgen.Runtime, which every generated file uses.
        var references = context.CompilationProvider
            .Select(static (compilation, _) => new ReferencedAssemblies(
                compilation.ReferencedAssemblyNames.Any(a => a.Name == "Wasmtime.Dotnet"),
                compilation.AssemblyName == RuntimeAssembly || compilation.ReferencedAssemblyNames.Any(a => a.Name == RuntimeAssembly)))
            .WithTrackingName(TrackingNames.References);

        var output = resolved.Combine(options.Combine(references))
            .Select(static (pair, _) => GenerateGroup(pair.Left, pair.Right.Left with
            {
                Glue = pair.Right.Right.Wasmtime,
                RuntimeReferenced = pair.Right.Right.Runtime,
            }))
            .WithTrackingName(TrackingNames.Output);

        context.RegisterSourceOutput(output, static (spc, result) =>
        {
            foreach (var diagnostic in result.Diagnostics) spc.ReportDiagnostic(ToRoslyn(diagnostic));
            foreach (var source in result.Sources) spc.AddSource(source.HintName, SourceText.From(source.Text, Encoding.UTF8));
        });
    }

    private const string RuntimeAssembly = "WitBindgen.Runtime";

    private sealed record ReferencedAssemblies(bool Wasmtime, bool Runtime);

    private sealed record WitFileInGroup(string? World, string? Namespace, string? StringParameters, WitSourceFile File);

    /// <summary>
    /// The .wit files that share one world and namespace (null: the project's properties decide), and the
    /// <c>WitBindgenStringParameters</c> their metadata sets (none: the project's property decides; two: an error).
    /// </summary>
    private sealed record WitFileGroup(string? World, string? Namespace, EquatableArray<WitSourceFile> Files, EquatableArray<string> StringParameters);

    private sealed record WitGroupLoad(string? World, string? Namespace, EquatableArray<string> StringParameters, WitLoadResult? Loaded);

    /// <summary>
    /// Generates one group: its metadata overrides the project's world and namespace; a group with a namespace of its
    /// own prefixes its hint names with it, so that several worlds' files never collide.
    /// </summary>
    private static GeneratorOutput GenerateGroup(WitGroupLoad group, GeneratorOptions options)
    {
        var result = Generate(group.Loaded, options with
        {
            World = group.World ?? options.World,
            Namespace = group.Namespace ?? options.Namespace,
            StringParameters = group.StringParameters.Count switch
            {
                0 => options.StringParameters,
                1 => group.StringParameters[0],
                // Files of one world that disagree: reported as a value that is neither setting.
                _ => string.Join("' and '", group.StringParameters),
            },
        });
        if (group.Namespace is null && group.World is null) return result;
        var prefix = (group.Namespace ?? group.World!.Replace(':', '_').Replace('/', '_').Replace('@', '_')) + ".";
        return result with { Sources = result.Sources.Select(s => s with { HintName = prefix + s.HintName }).ToEquatableArray() };
    }

    /// <summary><c>&lt;WitBindgenFeatures&gt;a, b;c&lt;/WitBindgenFeatures&gt;</c>: the features whose <c>@unstable</c> items are kept.</summary>
    public static EquatableArray<string> ParseFeatures(string? list) =>
        (list ?? "").Split(new[] { ',', ';', ' ', '\t', '\n', '\r' }, StringSplitOptions.RemoveEmptyEntries)
            .Distinct(StringComparer.Ordinal).OrderBy(f => f, StringComparer.Ordinal).ToEquatableArray();

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();

    /// <summary>
    /// Project settings the generator reads (MSBuild properties made visible by the package's props), and what the
    /// compilation references: <paramref name="Glue"/> when Wasmtime is, <paramref name="RuntimeReferenced"/> when
    /// WitBindgen.Runtime is.
    /// </summary>
    public sealed record GeneratorOptions(string? World, string? Namespace, string? RootNamespace, bool Glue = false, bool RuntimeReferenced = true)
    {
        /// <summary><c>&lt;WitBindgenStringParameters&gt;</c>: <c>string</c> (null: the default) or <c>span</c>.</summary>
        public string? StringParameters { get; init; }
    }

    public sealed record GeneratorOutput(EquatableArray<GeneratedSource> Sources, EquatableArray<WitDiagnostic> Diagnostics)
    {
        public static readonly GeneratorOutput Empty = new(EquatableArray<GeneratedSource>.Empty, EquatableArray<WitDiagnostic>.Empty);
    }

    public static GeneratorOutput Generate(WitLoadResult? loaded, GeneratorOptions options)
    {
        if (loaded is null) return GeneratorOutput.Empty;
        var diagnostics = new List<WitDiagnostic>(loaded.Diagnostics);
        var firstPath = loaded.Resolve?.Packages.FirstOrDefault()?.Documents.FirstOrDefault()?.Path ?? "";
        // With errors in the WIT, generating from a partial model would only add follow-on compiler errors.
        if (loaded.Resolve is null || loaded.HasErrors) return new GeneratorOutput(EquatableArray<GeneratedSource>.Empty, diagnostics.ToEquatableArray());

        var ns = options.Namespace ?? options.RootNamespace ?? "Wit";
        if (!IsValidNamespace(ns))
        {
            diagnostics.Add(new WitDiagnostic(WitDiagnosticIds.InvalidNamespace,
                $"'{ns}' is not a valid C# namespace (set <WitBindgenNamespace> in the project file)", SourceSpan.None(firstPath)));
            return new GeneratorOutput(EquatableArray<GeneratedSource>.Empty, diagnostics.ToEquatableArray());
        }

        bool stringSpans = string.Equals(options.StringParameters, "span", StringComparison.OrdinalIgnoreCase);
        if (!stringSpans && options.StringParameters is { } strings && !string.Equals(strings, "string", StringComparison.OrdinalIgnoreCase))
        {
            diagnostics.Add(new WitDiagnostic(WitDiagnosticIds.InvalidOption,
                $"<WitBindgenStringParameters> is '{strings}': it takes 'string' (the default: each string parameter of an imported function is a .NET string) or 'span' (a ReadOnlySpan<char> valid during the call, with no allocation)",
                SourceSpan.None(firstPath)));
            return new GeneratorOutput(EquatableArray<GeneratedSource>.Empty, diagnostics.ToEquatableArray());
        }

        var (world, problem) = WitFrontEnd.SelectWorld(loaded.Resolve, options.World, firstPath);
        if (problem is not null)
        {
            diagnostics.Add(problem);
            return new GeneratorOutput(EquatableArray<GeneratedSource>.Empty, diagnostics.ToEquatableArray());
        }
        var worldSpan = loaded.Resolve.Worlds[world].Span;
        if (worldSpan.Path is null) worldSpan = SourceSpan.None(firstPath);
        if (!options.RuntimeReferenced)
        {
            // Every generated file uses its types: without it the user would see CS0246 inside generated code.
            diagnostics.Add(new WitDiagnostic(WitDiagnosticIds.RuntimeNotReferenced,
                $"the generated code needs WitBindgen.Runtime: add <PackageReference Include=\"{RuntimeAssembly}\" /> to the project (nothing was generated for world '{loaded.Resolve.Worlds[world].Name}')",
                worldSpan));
            return new GeneratorOutput(EquatableArray<GeneratedSource>.Empty, diagnostics.ToEquatableArray());
        }
        try
        {
            var sources = CSharpEmitter.Emit(loaded.Resolve, world, new EmitOptions(ns, options.Glue, stringSpans));
            long total = 0;
            foreach (var source in sources) total += source.Text.Length;
            if (total > CodeWriter.MaxChars) throw new OutputTooLargeException();
            return new GeneratorOutput(sources, diagnostics.ToEquatableArray());
        }
        catch (OutputTooLargeException)
        {
            diagnostics.Add(new WitDiagnostic(WitDiagnosticIds.OutputTooLarge,
                $"the C# for world '{loaded.Resolve.Worlds[world].Name}' would exceed {CodeWriter.MaxChars:N0} characters; nothing was generated (split the world, or use fewer and smaller types)",
                worldSpan));
            return new GeneratorOutput(EquatableArray<GeneratedSource>.Empty, diagnostics.ToEquatableArray());
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            diagnostics.Add(new WitDiagnostic(WitDiagnosticIds.InternalError,
                $"internal error while generating C# ({ex.GetType().Name}: {ex.Message}); please report it", SourceSpan.None(firstPath)));
            return new GeneratorOutput(EquatableArray<GeneratedSource>.Empty, diagnostics.ToEquatableArray());
        }
    }

    private static bool IsValidNamespace(string ns) =>
        ns.Split('.').All(part => SyntaxFacts.IsValidIdentifier(part) && SyntaxFacts.GetKeywordKind(part) == SyntaxKind.None);

    public static Diagnostic ToRoslyn(WitDiagnostic diagnostic)
    {
        var span = diagnostic.Span;
        var location = span.Path.Length == 0
            ? Location.None
            : Location.Create(span.Path, new TextSpan(span.Start, span.Length),
                new LinePositionSpan(new LinePosition(span.Line, span.Column), new LinePosition(span.EndLine, span.EndColumn)));
        return Diagnostic.Create(WitDescriptors.For(diagnostic.Id), location, diagnostic.Message);
    }
}
