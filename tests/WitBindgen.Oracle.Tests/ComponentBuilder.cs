using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace Oracle.Tests;

/// <summary>
/// Makes the component of path B: runs <c>make-component.mjs</c> (today's wit-component through jco 1.35.0, installed
/// by prepare.sh) on the generated WAT and today's form of the WIT. The result is kept in the output folder under a
/// hash of both, so it is made again only when either changes.
/// </summary>
internal static class ComponentBuilder
{
    public static string ProjectDirectory =>
        typeof(ComponentBuilder).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "OracleProjectDirectory").Value!;

    public static byte[] Build(string wat, string wit, string world)
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "oracle-guest");
        Directory.CreateDirectory(dir);
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(wat + "\0" + wit + "\0" + world)))[..16].ToLowerInvariant();
        var watPath = Path.Combine(dir, $"guest-{key}.wat");
        var witPath = Path.Combine(dir, $"guest-{key}.wit");
        var outPath = Path.Combine(dir, $"guest-{key}.component.wasm");
        if (File.Exists(outPath)) return File.ReadAllBytes(outPath);

        File.WriteAllText(watPath, wat);
        File.WriteAllText(witPath, wit);
        var project = ProjectDirectory;
        if (!Directory.Exists(Path.Combine(project, "node_modules", "@bytecodealliance", "jco")))
            throw new InvalidOperationException($"jco is not installed: run {Path.Combine(project, "prepare.sh")} first");
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = project,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { Path.Combine(project, "make-component.mjs"), watPath, witPath, world, outPath + ".tmp" })
            start.ArgumentList.Add(arg);
        using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        if (!node.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            node.Kill(entireProcessTree: true);
            throw new TimeoutException("make-component.mjs took more than 2 minutes");
        }
        if (node.ExitCode != 0)
            throw new InvalidOperationException($"make-component.mjs failed ({node.ExitCode}) on {watPath}:\n{stderr.Result}{stdout.Result}");
        File.Move(outPath + ".tmp", outPath, overwrite: true);
        return File.ReadAllBytes(outPath);
    }
}
