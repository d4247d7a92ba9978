using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using Xunit.Abstractions;

namespace WitBindgen.Generator.Tests.Generator;

/// <summary>
/// The generator, run by Roslyn's driver as the compiler runs it, on WIT written to break it (see
/// <see cref="AdversarialWit"/>). Each case runs on a thread with a 1 MiB stack, as small as the compiler's, so a
/// recursion a WIT file can drive would overflow it; a case that does not finish within a generous guard fails
/// instead of hanging the suite. Times are written to the test output (the target is under 2 s each), not asserted.
/// </summary>
public class AdversarialInputTests
{
    private const int SmallStack = 1024 * 1024;
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(120);

    private readonly ITestOutputHelper _output;

    public AdversarialInputTests(ITestOutputHelper output) => _output = output;

    public static IEnumerable<object[]> Rejected() => AdversarialWit.All().Where(c => c.Id != null).Select(c => new object[] { c.Name });

    public static IEnumerable<object[]> Accepted() => AdversarialWit.All().Where(c => c.Id == null).Select(c => new object[] { c.Name });

    [Theory]
    [MemberData(nameof(Rejected))]
    public void Is_answered_with_a_diagnostic_at_the_file_line_and_column(string name)
    {
        var c = AdversarialWit.Get(name);
        var (result, elapsed) = RunOnSmallStack(c.Files, GeneratorHarness.Compilation(), c.WorldOption);
        _output.WriteLine($"{name}: {elapsed.TotalMilliseconds:F0} ms, {result.Diagnostics.Length} diagnostics");

        Assert.Null(result.Results.Single().Exception);
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "WIT0399");
        var found = result.Diagnostics.Where(d => d.Id == c.Id).ToList();
        Assert.True(found.Count > 0, $"expected {c.Id}, got: {string.Join("; ", result.Diagnostics.Select(d => d.ToString()).Take(5))}");
        var span = found[0].Location.GetLineSpan();
        Assert.Equal(c.Path, span.Path);
        if (c.Line >= 0) Assert.Equal((c.Line, c.Column), (span.StartLinePosition.Line, span.StartLinePosition.Character));
        Assert.True(found.Count <= 3, $"one problem should be reported once or twice, not {found.Count} times");
        Assert.Empty(result.GeneratedTrees);
    }

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Is_generated_and_the_csharp_compiles_glue_included(string name)
    {
        var c = AdversarialWit.Get(name);
        var compilation = GeneratorHarness.Compilation().AddReferences(MetadataReference.CreateFromFile(typeof(Wasmtime.Linker).Assembly.Location));
        var (result, elapsed) = RunOnSmallStack(c.Files, compilation, c.WorldOption);
        _output.WriteLine($"{name}: {elapsed.TotalMilliseconds:F0} ms, {result.GeneratedTrees.Length} files, {result.GeneratedTrees.Sum(t => t.Length):N0} characters");

        Assert.Null(result.Results.Single().Exception);
        Assert.Empty(result.Diagnostics);
        Assert.Contains(result.GeneratedTrees, t => t.FilePath.EndsWith(".Glue.g.cs", StringComparison.Ordinal));
        var output = compilation.AddSyntaxTrees(result.GeneratedTrees);
        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Take(5).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    /// <summary>Runs the generator on a 1 MiB stack; a stack overflow there ends the test run, which fails it.</summary>
    private static (GeneratorDriverRunResult Result, TimeSpan Elapsed) RunOnSmallStack((string Path, string Text)[] files, CSharpCompilation compilation, string? world)
    {
        GeneratorDriverRunResult? result = null;
        Exception? failure = null;
        var watch = new Stopwatch();
        var thread = new Thread(() =>
        {
            try
            {
                var properties = new Dictionary<string, string> { ["build_property.WitBindgenNamespace"] = "Test.Wit" };
                if (world != null) properties["build_property.WitBindgenWorld"] = world;
                var driver = GeneratorHarness.Driver(GeneratorHarness.Texts(files), properties);
                watch.Start();
                result = driver.RunGenerators(compilation).GetRunResult();
                watch.Stop();
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        }, SmallStack);
        thread.IsBackground = true;
        thread.Start();
        Assert.True(thread.Join(HangGuard), $"the generator did not finish within {HangGuard.TotalSeconds} s");
        if (failure != null) throw new Xunit.Sdk.XunitException("the driver threw: " + failure);
        return (result!, watch.Elapsed);
    }
}
