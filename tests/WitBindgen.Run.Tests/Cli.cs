using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace WitBindgen.Run.Tests;

/// <summary>What a run of <c>witbindgen-run</c> printed and returned.</summary>
public readonly record struct CliResult(int Status, byte[] Stdout, string Stderr)
{
    public string Out => System.Text.Encoding.UTF8.GetString(Stdout);
}

/// <summary>Starts <c>witbindgen-run</c> (built beside the tests) as a process, with each kind of stdin a user gives it.</summary>
public static class Cli
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "witbindgen-run.dll");

    /// <summary>The compile cache of the test runs ($XDG_CACHE_HOME), kept out of the user's own.</summary>
    public static readonly string CacheHome = Path.Combine(Path.GetTempPath(), "witbindgen-run-tests-cache");

    public static string Adapter([CallerFilePath] string here = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!,
        "..", "jco", "node_modules", "@bytecodealliance", "jco", "wasi_preview1_component_adapter.command.wasm"));

    public static string Guest(string name, [CallerFilePath] string here = "") => Path.Combine(Path.GetDirectoryName(here)!, "guests", name);

    /// <summary>stdin is a real OS pipe; <paramref name="feed"/> writes into it, then it is closed.</summary>
    public static CliResult WithPipe(string directory, Func<Stream, Task> feed, params string[] args)
    {
        var start = Start(directory, "dotnet", args, prefix: Dll);
        start.RedirectStandardInput = true;
        return Wait(start, async stdin =>
        {
            try
            {
                await feed(stdin);
            }
            catch (IOException)
            {
                // the guest stopped reading (it failed): its status and stderr tell the test why
            }
            finally
            {
                stdin.Close();
            }
        });
    }

    /// <summary>Runs with an empty stdin (a pipe closed at once) and <paramref name="environment"/> added to ours.</summary>
    public static CliResult Run(string directory, (string Name, string Value)[] environment, params string[] args)
    {
        var start = Start(directory, "dotnet", args, prefix: Dll);
        start.RedirectStandardInput = true;
        foreach (var (name, value) in environment) start.Environment[name] = value;
        return Wait(start, stdin =>
        {
            stdin.Close();
            return Task.CompletedTask;
        });
    }

    /// <summary>stdin is <paramref name="bytes"/> through a pipe.</summary>
    public static CliResult WithPipe(string directory, byte[] bytes, params string[] args) =>
        WithPipe(directory, async s => await s.WriteAsync(bytes), args);

    /// <summary>stdin is the shell's redirection <paramref name="redirection"/> (<c>&lt; file</c>, <c>&lt;&amp;-</c>).</summary>
    public static CliResult WithShellStdin(string directory, string redirection, params string[] args)
    {
        // exec: the CLI gets the descriptor exactly as the shell set it up, with no shell in between.
        var start = Start(directory, "/bin/sh", args, prefix: null);
        start.ArgumentList.Insert(0, "-c");
        start.ArgumentList.Insert(1, $"exec dotnet \"$0\" \"$@\" {redirection}");
        start.ArgumentList.Insert(2, Dll);
        return Wait(start, null);
    }

    private static ProcessStartInfo Start(string directory, string file, string[] args, string? prefix)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = directory,
        };
        start.Environment.Remove("WITBINDGEN_PREVIEW1_ADAPTER");
        start.Environment["XDG_CACHE_HOME"] = CacheHome;
        if (prefix is not null) start.ArgumentList.Add(prefix);
        foreach (var a in args) start.ArgumentList.Add(a);
        return start;
    }

    private static CliResult Wait(ProcessStartInfo start, Func<Stream, Task>? feed)
    {
        using var process = Process.Start(start)!;
        var feeding = feed is null ? Task.CompletedTask : Task.Run(() => feed(process.StandardInput.BaseStream));
        var stdout = new MemoryStream();
        var copying = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("witbindgen-run did not finish (waiting for stdin?)");
        }
        copying.Wait();
        feeding.Wait();
        return new(process.ExitCode, stdout.ToArray(), stderr.Result);
    }
}
