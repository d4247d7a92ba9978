using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using WitBindgen.Generator.Emit;
using Xunit;

namespace WitBindgen.Generator.Tests;

/// <summary>
/// Generated names never clash with the BCL types a default console project imports (ImplicitUsings): a user's
/// <c>Environment.Exit</c> or <c>Random.Shared</c> next to <c>using</c> of the bindings must not be CS0104.
/// </summary>
public class ImplicitUsingsTests
{
    private static readonly string[] ImplicitNamespaces =
    {
        "System", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks",
        "System.Collections.Generic",
    };

    [Fact]
    public void TheListOfImplicitBclNames_HoldsEveryNonGenericPublicTypeOfThoseNamespaces()
    {
        var compilation = CSharpCompilation.Create("Bcl", references: Basic.Reference.Assemblies.Net100.References.All);
        var missing = ImplicitNamespaces
            .SelectMany(ns => Namespace(compilation, ns).GetTypeMembers())
            .Where(t => t.DeclaredAccessibility == Accessibility.Public && t.Arity == 0)
            .Select(t => t.Name)
            .Where(name => !Naming.ImplicitBclTypeNames.Contains(name))
            .Distinct()
            .ToList();
        Assert.Empty(missing);
        Assert.Contains("Random", Naming.ImplicitBclTypeNames);
        Assert.Contains("Environment", Naming.ImplicitBclTypeNames);
    }

    [Fact]
    public void CommandWorld_NamesTheClashingInterfacesWitRandomAndWitEnvironment()
    {
        var compilation = SnapshotWorlds.Compile(SnapshotWorlds.Emit(SnapshotWorlds.CommandDirectory, "Wasi", glue: true));
        Assert.NotNull(compilation.GetTypeByMetadataName("Wasi.WitRandom"));
        Assert.NotNull(compilation.GetTypeByMetadataName("Wasi.WitEnvironment"));
        Assert.NotNull(compilation.GetTypeByMetadataName("Wasi.IRandom"));
        var clashing = compilation.GetSymbolsWithName(_ => true, SymbolFilter.Type)
            .OfType<INamedTypeSymbol>()
            .Where(t => t.ContainingType is null && t.Arity == 0 && Naming.ImplicitBclTypeNames.Contains(t.Name))
            .Select(t => t.ToDisplayString())
            .ToList();
        Assert.Empty(clashing);
    }

    [Fact]
    public void CommandWorld_UsedNextToImplicitUsings_Compiles()
    {
        var user = string.Concat(ImplicitNamespaces.Select(ns => $"global using {ns};\n")) + """
            #nullable enable
            #pragma warning disable CS1591
            using Wasi;

            public static class UsesBoth
            {
                public static string Describe(IRandom random, IEnvironment environment) =>
                    Environment.NewLine + Random.Shared.Next(1) + Path.Combine("a", "b") + Timeout.Infinite
                    + Task.CompletedTask.IsCompleted + new HttpClient().Timeout + new List<int>().Count
                    + random.GetRandomU64() + environment.GetEnvironment().Count() + Filesystem.ErrorCode.Access
                    + typeof(WitRandom) + typeof(WitEnvironment);
            }
            """;
        var compilation = SnapshotWorlds.Compile(SnapshotWorlds.Emit(SnapshotWorlds.CommandDirectory, "Wasi", glue: true), user);
        Assert.True(SnapshotWorlds.Problems(compilation).Length == 0, SnapshotWorlds.Problems(compilation));
    }

    private static INamespaceSymbol Namespace(Compilation compilation, string name) =>
        name.Split('.').Aggregate(compilation.GlobalNamespace, (ns, part) => ns.GetNamespaceMembers().Single(n => n.Name == part));
}
