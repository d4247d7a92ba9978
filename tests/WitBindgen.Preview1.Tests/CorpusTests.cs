using WitBindgen.Tests.Shared;
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
using WitBindgen.Wasi.Preview1Host;
using Xunit;
using Xunit.Abstractions;

namespace WitBindgen.Preview1.Tests;

/// <summary>
/// The corpus (corpus/*.c, compiled once with clang --target=wasm32-wasi) and one engine shared by the three runtimes:
/// ours natively (Preview1Program: preview 1 in C# over the seed world), ours through the jco 0.7.0 adapter
/// (Preview1Command) and Wasmtime .NET's own preview 1 (Linker.DefineWasi).
/// </summary>
public sealed class CorpusFixture : Preview1Fixture
{
    public CorpusFixture() : base(FindCorpus())
    {
    }

    /// <summary>Rows "program | native ms | adapter ms | DefineWasi ms | native ratio | adapter ratio", in the order the cases ran.</summary>
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
/// Each corpus program runs natively (Preview1Program), through the adapter (Preview1Command) and through Wasmtime's
/// DefineWasi, each in a fresh copy of the same starting directory preopened as /data; stdout, stderr, the resulting
/// tree and the exit status must agree. Exit status: compared exactly (the adapter turns proc_exit(n != 0) into
/// exit(err); Preview1Command keeps n). p1_edges (raw preview-1 calls: errno values, file types, rights, fd_renumber,
/// a write to a read-only fd) is compared natively only: through the adapter, a write to a read-only fd is EIO where
/// native preview 1 says EBADF (see AdapterDiffersOnlyInTheKnownWay).
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
        C("mkdir_tree"), C("errors"), C("stdio_mix"), C("fd_ops"), C("heap"), C("p1_edges"), C("dir_ops"),
    }.ToDictionary(Id);

    /// <summary>Cases compared natively only.</summary>
    private static readonly HashSet<string> NativeOnly = new() { "p1_edges" };

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

    private sealed record Outcome(int Status, string Stdout, string Stderr, string Tree, double Milliseconds, string? Trap = null);

    /// <summary>Probes of p1_probe.c: one bad argument each (see there).</summary>
    public static IEnumerable<object[]> Probes() => new[]
    {
        "bad_whence", "bad_clock", "bad_advice", "bad_fdflags", "bad_oflags", "bad_lookupflags", "bad_rights", "bad_fstflags",
        "set_and_now", "bad_signal", "raise", "bad_sdflags", "bad_poll_tag", "exit_125", "exit_126", "iovec_out_of_bounds",
        "buffer_out_of_bounds", "huge_iovec_count", "misaligned_result", "result_out_of_bounds", "path_out_of_bounds",
        "invalid_utf8_path", "huge_poll", "random_out_of_bounds", "big_iovec_count", "big_poll", "misaligned_ok", "misaligned_iovec", "iovec_count_64k", "iovec_count_2_at_end", "empty_then_oob_iovec",
        "iovec_count 0x400000", "iovec_count 0x800000", "iovec_count 0xc00000", "iovec_count 0xffffff", "iovec_count 0x1000000",
    }.Select(p => new object[] { p });

    /// <summary>
    /// Natively, a bad argument traps exactly where Wasmtime's DefineWasi traps (invalid enum or flag values, pointers
    /// out of bounds or misaligned, exit codes of 126 and more), with a message naming the function, and otherwise
    /// gives the same errno and exit status. Huge counts (2^29 iovecs, 2^28 subscriptions) are refused without the
    /// host allocating for them.
    /// </summary>
    [Theory]
    [MemberData(nameof(Probes))]
    public void NativeTrapsOrFailsAsDefineWasi(string probe)
    {
        var c = new Case("p1_probe", new[] { "p1_probe" }.Concat(probe.Split(' ')).ToArray(), DefaultEnv, Array.Empty<byte>());
        var program = _fixture.UnchangedProgram("p1_probe");
        var native = InFreshDirectory(dir => Trapping(() => RunNative(program, c, dir)));
        var wasmtime = InFreshDirectory(dir => Trapping(() => RunDefineWasi(program, c, dir)));
        _output.WriteLine($"DefineWasi: status {wasmtime.Status}, stdout {wasmtime.Stdout.Trim().Replace("\n", " | ")}, trap {wasmtime.Trap}");
        _output.WriteLine($"native:     status {native.Status}, stdout {native.Stdout.Trim().Replace("\n", " | ")}, trap {native.Trap}");
        Assert.Equal(wasmtime.Trap is null, native.Trap is null);
        Assert.Equal(wasmtime.Stdout, native.Stdout);
        Assert.Equal(wasmtime.Status, native.Status);
    }

    private static Outcome Trapping(Func<Outcome> run)
    {
        try
        {
            return run();
        }
        catch (WasmtimeException e) when (e.ExitCode is null)
        {
            return new Outcome(-1, "", "", "", 0, e.Message + (e.InnerException is { } inner ? " / " + inner.Message : ""));
        }
    }

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void SameBehaviourAsWasmtimeDefineWasi(string id)
    {
        var c = Cases[id];
        var module = _fixture.Program(c.Program);
        var unchanged = _fixture.UnchangedProgram(c.Program);
        bool withAdapter = !NativeOnly.Contains(id);
        var adapter = new List<Outcome>();
        var native = new List<Outcome>();
        var wasmtime = new List<Outcome>();
        var runners = new List<Action>
        {
            () => native.Add(InFreshDirectory(dir => RunNative(unchanged, c, dir))),
            () => wasmtime.Add(InFreshDirectory(dir => RunDefineWasi(unchanged, c, dir))),
        };
        if (withAdapter) runners.Insert(1, () => adapter.Add(InFreshDirectory(dir => RunAdapter(module, c, dir))));
        // Whichever runs first in a round is slower (measured: up to 2x for heap and dir_ops, whichever runtime it
        // is): rotate the order, so that each is first in at most 2 of the 5 rounds and the medians compare fairly.
        for (int i = 0; i < TimedRuns; i++)
            for (int k = 0; k < runners.Count; k++) runners[(i + k) % runners.Count]();

        var w = wasmtime[0];
        foreach (var (name, runs) in withAdapter ? new[] { ("native", native), ("adapter", adapter) } : new[] { ("native", native) })
        {
            var o = runs[0];
            Assert.True(w.Stdout == o.Stdout, $"{name}: stdout differs from DefineWasi's:\n{LineDiff(o.Stdout, w.Stdout, name)}");
            Assert.Equal(w.Stderr, o.Stderr);
            Assert.Equal(w.Tree, o.Tree);
            Assert.Equal(w.Status, o.Status);
            for (int i = 1; i < TimedRuns; i++) Assert.Equal(o.Stdout, runs[i].Stdout);
        }
        for (int i = 1; i < TimedRuns; i++) Assert.Equal(w.Stdout, wasmtime[i].Stdout);

        double nativeMs = Median(native), wasmtimeMs = Median(wasmtime);
        double adapterMs = withAdapter ? Median(adapter) : double.NaN;
        var row = $"{id,-14} | {nativeMs,8:F2} | {adapterMs,8:F2} | {wasmtimeMs,8:F2} | {nativeMs / wasmtimeMs,6:F2} | {adapterMs / wasmtimeMs,6:F2}";
        _fixture.TimingRows.Enqueue(row);
        _output.WriteLine("program        | native ms | adapter ms | DefineWasi ms | native ratio | adapter ratio");
        _output.WriteLine(row);
        _output.WriteLine($"exit status: {w.Status}");
        _output.WriteLine("stdout (all): " + (w.Stdout.Length > 3000 ? w.Stdout[..3000] + "..." : w.Stdout));
        _output.WriteLine("stderr (all): " + w.Stderr);
    }

    /// <summary>The lines that differ, each as "name: line / DefineWasi: line".</summary>
    private static string LineDiff(string ours, string theirs, string name)
    {
        var (a, b) = (ours.Split('\n'), theirs.Split('\n'));
        var lines = new List<string>();
        for (int i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            string x = i < a.Length ? a[i] : "(none)", y = i < b.Length ? b[i] : "(none)";
            if (x != y) lines.Add($"line {i + 1}: {name}: {x}\n         DefineWasi: {y}");
        }
        return string.Join("\n", lines.Take(40));
    }

    private static double Median(List<Outcome> runs) => runs.Select(r => r.Milliseconds).OrderBy(x => x).ElementAt(runs.Count / 2);

    private Outcome RunAdapter(Module module, Case c, string dir) =>
        RunOurs(c, dir, context => Preview1Command.Run(_fixture.Engine, module, _fixture.Adapter, context));

    private Outcome RunNative(Module module, Case c, string dir) =>
        RunOurs(c, dir, context => Preview1Program.Run(_fixture.Engine, module, context));

    private static Outcome RunOurs(Case c, string dir, Func<WasiContext, int> run)
    {
        var stopwatch = Stopwatch.StartNew();
        var stdout = new MemoryOutputPipe();
        var stderr = new MemoryOutputPipe();
        var builder = new WasiContextBuilder().Args(c.Args).Stdout(stdout).Stderr(stderr).Stdin(c.Stdin).Preopen(dir, "/data");
        foreach (var (name, value) in c.Env) builder = builder.Env(name, value);
        int status;
        using (var context = builder.Build())
            status = run(context);
        stopwatch.Stop();
        return new Outcome(status, stdout.Text, stderr.Text, Tree(dir), stopwatch.Elapsed.TotalMilliseconds);
    }

    private Outcome RunDefineWasi(Module module, Case c, string dir)
    {
        var r = DefineWasiRun.Run(_fixture.Engine, module, c.Args, c.Env, c.Stdin, dir, writable: true);
        return new Outcome(r.Status, r.Stdout, r.Stderr, Tree(dir), r.Milliseconds);
    }

    /// <summary>Runs <paramref name="run"/> on a fresh copy of the corpus's starting directory, then deletes it.</summary>
    private static Outcome InFreshDirectory(Func<string, Outcome> run) => CorpusDirectory.InFresh("wb-corpus-data-", run);

    /// <summary>Names and contents of everything under <paramref name="root"/>, sorted; symlinks by their target.</summary>
    private static string Tree(string root) => CorpusDirectory.Tree(root);
}
