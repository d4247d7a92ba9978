using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using WitBindgen.Generator.Emit;
using WitBindgen.Generator.Model;
using WitBindgen.Generator.Util;
using Xunit;

namespace WitBindgen.Generator.Tests;

/// <summary>The worlds the emitter tests generate from, and a Roslyn compilation of their output.</summary>
internal static class SnapshotWorlds
{
    public static string CommandDirectory => Path.Combine(AppContext.BaseDirectory, "wit");
    public static string EveryTypeDirectory => Path.Combine(AppContext.BaseDirectory, "TestData", "every-type");

    public static Resolve Load(string directory)
    {
        Assert.True(Directory.Exists(directory), $"missing WIT directory {directory}");
        var files = Directory.GetFiles(directory, "*.wit", SearchOption.AllDirectories)
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => new WitSourceFile(p, File.ReadAllText(p)))
            .ToArray();
        var loaded = WitFrontEnd.Load(files);
        Assert.True(loaded.Diagnostics.IsEmpty, "unexpected diagnostics:\n" + string.Join("\n", loaded.Diagnostics));
        Assert.NotNull(loaded.Resolve);
        return loaded.Resolve!;
    }

    public static EquatableArray<GeneratedSource> Emit(string directory, string ns, bool glue = false)
    {
        var resolve = Load(directory);
        var (world, problem) = WitFrontEnd.SelectWorld(resolve, null, "");
        Assert.Null(problem);
        return CSharpEmitter.Emit(resolve, world, new EmitOptions(ns, glue));
    }

    public static EquatableArray<GeneratedSource> Command() => Emit(CommandDirectory, "Wasi");

    public static EquatableArray<GeneratedSource> EveryType() => Emit(EveryTypeDirectory, "EveryType");

    public static readonly CSharpParseOptions ParseOptions =
        new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    /// <summary>
    /// The generated sources plus <paramref name="extra"/>, against .NET 10 and WitBindgen.Runtime, with nullable
    /// on, every warning wave, XML docs checked and warnings as errors.
    /// </summary>
    public static CSharpCompilation Compile(IEnumerable<GeneratedSource> sources, params string[] extra)
    {
        var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, ParseOptions, path: s.HintName))
            .Concat(extra.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"User{i}.cs")));
        var references = Basic.Reference.Assemblies.Net100.References.All
            .Append(MetadataReference.CreateFromFile(typeof(WitBindgen.Runtime.Unit).Assembly.Location))
            .Append(MetadataReference.CreateFromFile(typeof(Wasmtime.Linker).Assembly.Location));
        return CSharpCompilation.Create("Consumer" + Guid.NewGuid().ToString("N"), trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                generalDiagnosticOption: ReportDiagnostic.Error,
                warningLevel: 9999));
    }

    /// <summary>Every diagnostic above hidden, formatted with its line of source.</summary>
    public static string Problems(Compilation compilation)
    {
        var problems = compilation.GetDiagnostics()
            .Where(d => d.Severity > DiagnosticSeverity.Hidden)
            .Take(30)
            .Select(d =>
            {
                var line = d.Location.IsInSource
                    ? d.Location.SourceTree!.GetText().Lines[d.Location.GetLineSpan().StartLinePosition.Line].ToString().Trim()
                    : "";
                return $"{d}\n    {line}";
            })
            .ToList();
        return string.Join("\n", problems);
    }
}
