using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace WitBindgen.Tests.Shared;

/// <summary>
/// The starting directory the preview-1 corpus (and its WASI 0.2 runs) is given as /data, and the dump of a
/// directory tree that runs are compared by. Compiled into each suite that needs it (Compile Include).
/// </summary>
internal static class CorpusDirectory
{
    /// <summary>Runs <paramref name="run"/> on a fresh temp directory with the corpus's files, then deletes it.</summary>
    public static T InFresh<T>(string prefix, Func<string, T> run)
    {
        var dir = Directory.CreateTempSubdirectory(prefix).FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "in.txt"), "hello\nworld\n");
            File.WriteAllText(Path.Combine(dir, "old.txt"), "old contents\n");
            Directory.CreateDirectory(Path.Combine(dir, "sub"));
            File.WriteAllText(Path.Combine(dir, "sub", "a.txt"), "A\n");
            File.WriteAllText(Path.Combine(dir, "sub", "b.txt"), "BB\n");
            return run(dir);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    /// <summary>Names and contents of everything under <paramref name="root"/>, sorted; symlinks by their target.</summary>
    public static string Tree(string root)
    {
        var lines = new List<string>();
        void Walk(DirectoryInfo dir, string prefix)
        {
            foreach (var entry in dir.EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal))
            {
                var path = prefix + entry.Name;
                if (entry.LinkTarget is { } target) lines.Add($"l {path} -> {target}");
                else if (entry is DirectoryInfo sub) { lines.Add($"d {path}/"); Walk(sub, path + "/"); }
                else lines.Add($"f {path}: {Convert.ToHexString(File.ReadAllBytes(entry.FullName))}");
            }
        }
        Walk(new DirectoryInfo(root), "");
        return string.Join("\n", lines);
    }
}
