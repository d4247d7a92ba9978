using System;
using System.IO;
using System.Linq;

namespace WitBindgen.Generator.Tests.FrontEnd;

internal static class TestFiles
{
    /// <summary>The repository's wit/ folder (the seed's command world), as copied beside the test assembly.</summary>
    public static string CommandWorldDirectory => Path.Combine(AppContext.BaseDirectory, "wit");

    public static (string Path, string Text)[] CommandWorld() => ReadTree(CommandWorldDirectory);

    public static (string Path, string Text)[] ReadTree(string directory) =>
        Directory.GetFiles(directory, "*.wit", SearchOption.AllDirectories)
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => (p, File.ReadAllText(p)))
            .ToArray();
}
