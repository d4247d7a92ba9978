using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
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

/// <summary>Starts <c>witbindgen-run</c> as a process, with each kind of stdin a user gives it.</summary>
public static class Cli
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "witbindgen-run.dll");

    /// <summary>
    /// The published CLI the tests run, when <c>$WITBINDGEN_RUN_CLI</c> names one (scripts/test.sh publishes it as
    /// the README says, NativeAOT, once per test run); otherwise <c>dotnet witbindgen-run.dll</c> built beside the tests.
    /// </summary>
    public static string? Published
    {
        get
        {
            var path = Environment.GetEnvironmentVariable("WITBINDGEN_RUN_CLI");
            if (string.IsNullOrEmpty(path)) return null;
            if (!File.Exists(path)) throw new FileNotFoundException($"$WITBINDGEN_RUN_CLI names no file: {path}");
            return path;
        }
    }

    /// <summary>The command line that starts the CLI: its executable, then the arguments before the CLI's own.</summary>
    public static string[] Command => Published is { } published ? [published] : ["dotnet", Dll];

    /// <summary><see cref="Command"/> quoted for <c>sh -c</c>.</summary>
    public static string ShellCommand => string.Join(' ', Command.Select(a => $"'{a}'"));

    /// <summary>A start of the CLI with <paramref name="args"/>, its stdout and stderr redirected.</summary>
    public static ProcessStartInfo StartInfo(params string[] args)
    {
        var command = Command;
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in command.Skip(1).Concat(args)) start.ArgumentList.Add(a);
        return start;
    }

    /// <summary>The compile cache of the test runs ($XDG_CACHE_HOME), kept out of the user's own.</summary>
    public static readonly string CacheHome = Path.Combine(Path.GetTempPath(), "witbindgen-run-tests-cache");

    public static string Adapter([CallerFilePath] string here = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!,
        "..", "jco", "node_modules", "@bytecodealliance", "jco", "wasi_preview1_component_adapter.command.wasm"));

    public static string Guest(string name, [CallerFilePath] string here = "") => Path.Combine(Path.GetDirectoryName(here)!, "guests", name);

    /// <summary>stdin is a real OS pipe; <paramref name="feed"/> writes into it, then it is closed.</summary>
    public static CliResult WithPipe(string directory, Func<Stream, Task> feed, params string[] args)
    {
        var start = Start(directory, args);
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
        var start = Start(directory, args);
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
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"exec {ShellCommand} \"$@\" {redirection}");
        start.ArgumentList.Add("sh"); // $0
        foreach (var a in args) start.ArgumentList.Add(a);
        return Wait(Isolated(start, directory), null);
    }

    private static ProcessStartInfo Start(string directory, string[] args) => Isolated(StartInfo(args), directory);

    // In directory, with the tests' compile cache and without $WITBINDGEN_PREVIEW1_ADAPTER.
    private static ProcessStartInfo Isolated(ProcessStartInfo start, string directory)
    {
        start.WorkingDirectory = directory;
        start.Environment.Remove("WITBINDGEN_PREVIEW1_ADAPTER");
        start.Environment["XDG_CACHE_HOME"] = CacheHome;
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
