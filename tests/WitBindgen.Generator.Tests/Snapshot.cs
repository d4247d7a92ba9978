using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
using Xunit.Sdk;

namespace WitBindgen.Generator.Tests;

/// <summary>
/// Compares generated text with a checked-in <c>Snapshots/&lt;name&gt;.verified.cs</c> beside the test sources. On a
/// difference it writes <c>&lt;name&gt;.received.cs</c> next to it and fails with a short diff; with the environment
/// variable <c>WITBINDGEN_ACCEPT=1</c> it overwrites the verified file instead.
/// </summary>
internal static class Snapshot
{
    private const int MaxDiffLines = 40;

    public static bool Accepting => Environment.GetEnvironmentVariable("WITBINDGEN_ACCEPT") == "1";

    public static void Match(string name, string actual, [CallerFilePath] string callerPath = "")
    {
        var directory = Path.Combine(Path.GetDirectoryName(callerPath) ?? ".", "Snapshots");
        var verifiedPath = Path.Combine(directory, name + ".verified.cs");
        var receivedPath = Path.Combine(directory, name + ".received.cs");
        actual = Normalize(actual);

        if (Accepting)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(verifiedPath)!);
            File.WriteAllText(verifiedPath, actual, new UTF8Encoding(false));
            if (File.Exists(receivedPath)) File.Delete(receivedPath);
            return;
        }

        if (!File.Exists(verifiedPath))
        {
            Write(receivedPath, actual);
            throw new XunitException($"No snapshot {verifiedPath}; the output was written to {receivedPath}. Review it, then run with WITBINDGEN_ACCEPT=1 to accept.");
        }

        var expected = Normalize(File.ReadAllText(verifiedPath));
        if (expected == actual)
        {
            if (File.Exists(receivedPath)) File.Delete(receivedPath);
            return;
        }
        Write(receivedPath, actual);
        throw new XunitException($"Snapshot {name} differs; received output written to {receivedPath} (WITBINDGEN_ACCEPT=1 accepts it).\n{Diff(expected, actual)}");
    }

    private static void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text, new UTF8Encoding(false));
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n");

    /// <summary>A line diff (longest common subsequence), at most <see cref="MaxDiffLines"/> lines of it.</summary>
    public static string Diff(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        // Trim the common prefix and suffix so the table stays small.
        int start = 0;
        while (start < a.Length && start < b.Length && a[start] == b[start]) start++;
        int endA = a.Length, endB = b.Length;
        while (endA > start && endB > start && a[endA - 1] == b[endB - 1]) { endA--; endB--; }
        int n = endA - start, m = endB - start;
        var lines = new List<string>();
        if ((long)n * m > 4_000_000)
        {
            lines.Add($"@@ line {start + 1}: {n} lines expected, {m} received (too large to diff)");
            lines.Add("- " + (n > 0 ? a[start] : ""));
            lines.Add("+ " + (m > 0 ? b[start] : ""));
            return string.Join("\n", lines);
        }
        var lcs = new int[n + 1, m + 1];
        for (int i = n - 1; i >= 0; i--)
            for (int j = m - 1; j >= 0; j--)
                lcs[i, j] = a[start + i] == b[start + j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
        lines.Add($"@@ from line {start + 1}");
        int x = 0, y = 0;
        while ((x < n || y < m) && lines.Count <= MaxDiffLines)
        {
            if (x < n && y < m && a[start + x] == b[start + y]) { x++; y++; }
            else if (y < m && (x == n || lcs[x, y + 1] >= lcs[x + 1, y])) lines.Add("+ " + b[start + y++]);
            else lines.Add("- " + a[start + x++]);
        }
        if (lines.Count > MaxDiffLines) lines.Add("…");
        return string.Join("\n", lines);
    }
}
