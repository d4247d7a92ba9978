using System.Linq;
using Xunit;

namespace WitBindgen.Generator.Tests;

/// <summary>The canonical-ABI glue, compiled for worlds with every type kind, and its text for the command world.</summary>
public class EmitGlueTests
{
    [Fact]
    public void Glue_for_every_type_kind_compiles_without_warnings()
    {
        var sources = SnapshotWorlds.Emit(SnapshotWorlds.EveryTypeDirectory, "EveryType", glue: true);
        Assert.Contains(sources, s => s.HintName.EndsWith(".Glue.g.cs"));
        var compilation = SnapshotWorlds.Compile(sources);
        Assert.True(compilation.GetDiagnostics().All(d => d.Severity <= Microsoft.CodeAnalysis.DiagnosticSeverity.Hidden),
            SnapshotWorlds.Problems(compilation));
    }

    [Fact]
    public void Glue_for_the_command_world_compiles_and_matches_its_snapshot()
    {
        var sources = SnapshotWorlds.Emit(SnapshotWorlds.CommandDirectory, "Wasi", glue: true);
        var compilation = SnapshotWorlds.Compile(sources);
        Assert.True(compilation.GetDiagnostics().All(d => d.Severity <= Microsoft.CodeAnalysis.DiagnosticSeverity.Hidden),
            SnapshotWorlds.Problems(compilation));
        // One file per interface, and the world's (its host class and the helpers interfaces share).
        var glue = sources.Where(s => s.HintName.EndsWith(".Glue.g.cs")).ToList();
        Assert.Contains(glue, s => s.HintName == "Command.Glue.g.cs");
        Assert.Contains(glue, s => s.HintName == "Streams.Glue.g.cs");
        foreach (var file in glue) Snapshot.Match("Glue/" + file.HintName.Substring(0, file.HintName.Length - 3), file.Text);
    }
}
