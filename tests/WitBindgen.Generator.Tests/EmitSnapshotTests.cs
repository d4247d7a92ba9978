using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using WitBindgen.Generator.Emit;
using WitBindgen.Generator.Util;
using Xunit;

namespace WitBindgen.Generator.Tests;

/// <summary>
/// The emitter's whole output for two worlds, one snapshot per generated file under
/// <c>Snapshots/&lt;world&gt;/</c> (<c>WITBINDGEN_ACCEPT=1</c> rewrites them).
/// </summary>
public class EmitSnapshotTests
{
    [Fact]
    public void CommandWorld() => MatchAll("Command", SnapshotWorlds.Command());

    [Fact]
    public void EveryTypeWorld() => MatchAll("EveryType", SnapshotWorlds.EveryType());

    [Fact]
    public void CommandWorld_HasTheExpectedFiles()
    {
        var hints = SnapshotWorlds.Command().Select(s => s.HintName).ToList();
        foreach (var expected in new[] { "WallClock.g.cs", "Filesystem.g.cs", "Streams.g.cs", "EnvironmentPreopens.g.cs", "InsecureRandomSeed.g.cs", "Run.g.cs" })
            Assert.Contains(expected, hints);
        var all = string.Join("\n", SnapshotWorlds.Command().Select(s => s.Text));
        foreach (var expected in new[] { "public interface IWallClock", "public interface IFilesystem", "public interface IStreams",
                     "public interface IEnvironmentPreopens", "public interface IInsecureRandomSeed", "public interface IRun" })
            Assert.Contains(expected, all);
    }

    [Fact]
    public void Output_IsDeterministic()
    {
        Assert.Equal(SnapshotWorlds.EveryType(), SnapshotWorlds.EveryType());
        Assert.Equal(SnapshotWorlds.Command(), SnapshotWorlds.Command());
    }

    private static void MatchAll(string world, EquatableArray<GeneratedSource> sources, [CallerFilePath] string callerPath = "")
    {
        Assert.NotEmpty(sources);
        Assert.Equal(sources.Count, sources.Select(s => s.HintName.ToLowerInvariant()).Distinct().Count());
        var names = sources.Select(s => world + "/" + s.HintName.Substring(0, s.HintName.Length - ".cs".Length)).ToList();
        var failures = new System.Collections.Generic.List<string>();
        for (int i = 0; i < sources.Count; i++)
        {
            try
            {
                Snapshot.Match(names[i], sources[i].Text, callerPath);
            }
            catch (Xunit.Sdk.XunitException ex)
            {
                failures.Add(ex.Message);
            }
        }

        // A verified file that no longer has a source is stale.
        var directory = Path.Combine(Path.GetDirectoryName(callerPath)!, "Snapshots", world);
        var expected = names.Select(n => Path.GetFileName(n) + ".verified.cs").ToHashSet();
        foreach (var file in Directory.Exists(directory) ? Directory.GetFiles(directory, "*.verified.cs") : new string[0])
        {
            if (expected.Contains(Path.GetFileName(file))) continue;
            if (Snapshot.Accepting) File.Delete(file);
            else failures.Add($"Stale snapshot {file}: the emitter no longer produces it (WITBINDGEN_ACCEPT=1 deletes it).");
        }
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }
}
