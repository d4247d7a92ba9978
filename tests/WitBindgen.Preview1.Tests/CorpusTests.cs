using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using Wasmtime;
using WitBindgen.Wasi;
using WitBindgen.Wasi.Preview1;
using Xunit;
using Xunit.Abstractions;

namespace WitBindgen.Preview1.Tests;

/// <summary>
/// The corpus (corpus/*.c, compiled once with clang --target=wasm32-wasi) and one engine shared by both runtimes:
/// ours (Preview1Command through the jco 0.7.0 adapter) and Wasmtime .NET's own preview-1 (Linker.DefineWasi).
/// </summary>
public sealed class CorpusFixture : Preview1Fixture
{
    public CorpusFixture() : base(FindCorpus())
    {
    }

    /// <summary>Rows "program | ours ms | DefineWasi ms | ratio", in the order the cases ran.</summary>
    public ConcurrentQueue<string> TimingRows { get; } = new();

    /// <summary>corpus/ is not copied to the output: find it in the source tree above it.</summary>
    private static string FindCorpus()
    {
        var relative = Path.Combine("tests", "WitBindgen.Preview1.Tests", "corpus");
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException($"{relative} not found above {AppContext.BaseDirectory}");
    }
}

/// <summary>
/// Each corpus program runs through our runtime and through Wasmtime's DefineWasi, each in a fresh copy of the same
/// starting directory preopened as /data; stdout, stderr, the resulting tree and the exit status must agree.
/// Exit status: compared exactly (the adapter turns proc_exit(n != 0) into exit(err); Preview1Command keeps n).
/// </summary>
public sealed class CorpusTests : IClassFixture<CorpusFixture>
{
    private const int TimedRuns = 5;
    private readonly CorpusFixture _fixture;
    private readonly ITestOutputHelper _output;

    public CorpusTests(CorpusFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    public sealed record Case(string Program, string[] Args, (string Name, string Value)[] Env, byte[] Stdin);

    private static readonly (string, string)[] DefaultEnv = { ("GREETING", "hi there"), ("OTHER", "x=y"), ("EMPTY", "") };

    private static readonly Dictionary<string, Case> Cases = new[]
    {
        C("write_read"), C("readdir"), C("rename"), C("unlink"), C("stat"), C("lseek"), C("symlink"), C("clocks"),
        C("random"), C("args", "args.wasm", "one", "two words", "ünï", "", "--flag=x"), C("env"),
        C("stdin") with { Stdin = StdinBytes() }, C("exit_code", "exit_code", "0"), C("exit_code", "exit_code", "7"),
        C("mkdir_tree"), C("errors"), C("stdio_mix"), C("fd_ops"), C("heap"),
    }.ToDictionary(Id);

    private static Case C(string program, params string[] args) =>
        new(program, args.Length == 0 ? new[] { program } : args, DefaultEnv, Array.Empty<byte>());

    private static string Id(Case c) => c.Program == "exit_code" ? "exit_code " + c.Args[1] : c.Program;

    private static byte[] StdinBytes()
    {
        var sb = new StringBuilder();
        for (int i = 0; i < 500; i++) sb.Append("line ").Append(i).Append(" ünï ").Append('x', i % 37).Append('\n');
        sb.Append("no newline at the end");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    public static IEnumerable<object[]> CaseIds() => Cases.Keys.Select(k => new object[] { k });

    private sealed record Outcome(int Status, string Stdout, string Stderr, string Tree, double Milliseconds);

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void SameBehaviourAsWasmtimeDefineWasi(string id)
    {
        var c = Cases[id];
        var module = _fixture.Program(c.Program);
        var unchanged = _fixture.UnchangedProgram(c.Program);
        var ours = new List<Outcome>();
        var native = new List<Outcome>();
        for (int i = 0; i < TimedRuns; i++)
        {
            ours.Add(InFreshDirectory(dir => RunOurs(module, c, dir)));
            native.Add(InFreshDirectory(dir => RunDefineWasi(unchanged, c, dir)));
        }

        var (o, n) = (ours[0], native[0]);
        Assert.Equal(n.Stdout, o.Stdout);
        Assert.Equal(n.Stderr, o.Stderr);
        Assert.Equal(n.Tree, o.Tree);
        Assert.Equal(n.Status, o.Status);
        for (int i = 1; i < TimedRuns; i++)
        {
            Assert.Equal(o.Stdout, ours[i].Stdout);
            Assert.Equal(n.Stdout, native[i].Stdout);
        }

        double oursMs = Median(ours), nativeMs = Median(native);
        var row = $"{id,-14} | {oursMs,8:F2} | {nativeMs,8:F2} | {oursMs / nativeMs,6:F2}";
        _fixture.TimingRows.Enqueue(row);
        _output.WriteLine("program        |  ours ms | DefineWasi ms | ratio");
        _output.WriteLine(row);
        _output.WriteLine($"exit status: ours {o.Status}, DefineWasi {n.Status}");
        _output.WriteLine("stdout (both): " + (o.Stdout.Length > 1500 ? o.Stdout[..1500] + "..." : o.Stdout));
        _output.WriteLine("stderr (both): " + o.Stderr);
    }

    private static double Median(List<Outcome> runs) => runs.Select(r => r.Milliseconds).OrderBy(x => x).ElementAt(runs.Count / 2);

    private Outcome RunOurs(Module module, Case c, string dir)
    {
        var stopwatch = Stopwatch.StartNew();
        var stdout = new MemoryOutputPipe();
        var stderr = new MemoryOutputPipe();
        var builder = new WasiContextBuilder().Args(c.Args).Stdout(stdout).Stderr(stderr).Stdin(c.Stdin).Preopen(dir, "/data");
        foreach (var (name, value) in c.Env) builder = builder.Env(name, value);
        int status;
        using (var context = builder.Build())
            status = Preview1Command.Run(_fixture.Engine, module, _fixture.Adapter, context);
        stopwatch.Stop();
        return new Outcome(status, stdout.Text, stderr.Text, Tree(dir), stopwatch.Elapsed.TotalMilliseconds);
    }

    private Outcome RunDefineWasi(Module module, Case c, string dir)
    {
        var io = Directory.CreateTempSubdirectory("wb-corpus-io-").FullName;
        try
        {
            string stdinPath = Path.Combine(io, "stdin"), stdoutPath = Path.Combine(io, "stdout"), stderrPath = Path.Combine(io, "stderr");
            File.WriteAllBytes(stdinPath, c.Stdin);
            var stopwatch = Stopwatch.StartNew();
            int status = 0;
            using (var linker = new Linker(_fixture.Engine))
            using (var store = new Store(_fixture.Engine))
            {
                linker.DefineWasi();
                store.SetWasiConfiguration(new WasiConfiguration()
                    .WithArgs(c.Args)
                    .WithEnvironmentVariables(c.Env.Select(e => (e.Name, e.Value)))
                    .WithPreopenedDirectory(dir, "/data", true)
                    .WithStandardInput(stdinPath)
                    .WithStandardOutput(stdoutPath)
                    .WithStandardError(stderrPath));
                var instance = linker.Instantiate(store, module);
                var start = instance.GetAction("_start") ?? throw new InvalidOperationException("no _start");
                try { start(); }
                catch (WasmtimeException e) when (e.ExitCode is not null) { status = e.ExitCode.Value; }
            }
            stopwatch.Stop();
            return new Outcome(status, File.ReadAllText(stdoutPath), File.ReadAllText(stderrPath), Tree(dir), stopwatch.Elapsed.TotalMilliseconds);
        }
        finally
        {
            Directory.Delete(io, true);
        }
    }

    /// <summary>Runs <paramref name="run"/> on a fresh copy of the starting directory, then deletes it.</summary>
    private static Outcome InFreshDirectory(Func<string, Outcome> run)
    {
        var dir = Directory.CreateTempSubdirectory("wb-corpus-data-").FullName;
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
    private static string Tree(string root)
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
