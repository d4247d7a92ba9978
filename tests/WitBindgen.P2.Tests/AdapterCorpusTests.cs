using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Wasmtime;
using WitBindgen.Wasi;
using WitBindgen.Wasi.Preview1;
using Xunit;
using Xunit.Abstractions;

namespace WitBindgen.P2.Tests;

/// <summary>
/// The preview-1 corpus (tests/WitBindgen.Preview1.Tests/corpus, built by prepare.sh) through today's preview-1
/// adapter (jco 1.35.0's wasi_snapshot_preview1.command.wasm) on our WASI 0.2 face (<see cref="Preview1Command"/>),
/// against the same programs made components with that adapter (jco 1.35.0 componentNew) on Wasmtime's own WASI 0.2,
/// and against Wasmtime's preview 1 (DefineWasi).
/// </summary>
public sealed class AdapterCorpusTests : IClassFixture<P2Fixture>
{
    private const int TimedRuns = 3;
    private readonly P2Fixture _fixture;
    private readonly ITestOutputHelper _output;
    private readonly Module _adapter;

    public AdapterCorpusTests(P2Fixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
        _adapter = fixture.Adapter;
    }

    private static byte[] StdinBytes()
    {
        var sb = new StringBuilder();
        for (int i = 0; i < 500; i++) sb.Append("line ").Append(i).Append(" ünï ").Append('x', i % 37).Append('\n');
        sb.Append("no newline at the end");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static readonly Dictionary<string, (string Program, RunSpec Spec)> Cases = new[]
    {
        C("write_read"), C("readdir"), C("rename"), C("unlink"), C("stat"), C("lseek"), C("symlink"), C("clocks"),
        C("random"), C("args", "args.wasm", "one", "two words", "ünï", "", "--flag=x"), C("env"),
        ("stdin", ("stdin", RunSpec.Of("stdin") with { Stdin = StdinBytes() })),
        ("exit_code 0", ("exit_code", RunSpec.Of("exit_code", "0"))), ("exit_code 7", ("exit_code", RunSpec.Of("exit_code", "7"))),
        C("mkdir_tree"), C("errors"), C("stdio_mix"), C("fd_ops"), C("heap"), C("p1_edges"), C("dir_ops"),
    }.ToDictionary(c => c.Item1, c => c.Item2);

    private static (string, (string, RunSpec)) C(string program, params string[] args) =>
        (program, (program, RunSpec.Of(args.Length == 0 ? new[] { program } : args)));

    /// <summary>
    /// Where the adapter itself answers differently from Wasmtime's native preview 1 (the same on both WASI 0.2
    /// hosts): p1_edges's raw calls (see WitBindgen.Preview1.Tests: a write to a read-only fd is EIO through an adapter).
    /// </summary>
    private static readonly HashSet<string> AdapterDiffersFromPreview1 = new() { "p1_edges" };

    /// <summary>
    /// Where the component traps in Wasmtime and we do not: heap grows its heap with a malloc of Debian 12's wasi-libc
    /// (from before 2023), which takes the adapter's pages as heap once the program is a component (see README, the
    /// adapter path); Preview1Command hides those pages from the program, so it runs as under DefineWasi.
    /// </summary>
    private static readonly HashSet<string> ComponentTraps = new() { "heap" };

    public static IEnumerable<object[]> CaseIds() => Cases.Keys.Select(k => new object[] { k });

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void Through_the_adapter_as_Wasmtimes_own_WASI_0_2_and_DefineWasi(string id)
    {
        var (program, spec) = Cases[id];
        var module = _fixture.Program(program);
        var unchanged = _fixture.Module(Path.Combine("corpus", program + ".wasm"));
        var component = _fixture.Component(Path.Combine("corpus", program + ".component.wasm"));
        var ours = new List<Outcome>();
        var components = new List<Outcome>();
        var preview1 = new List<Outcome>();
        for (int i = 0; i < TimedRuns; i++)
        {
            ours.Add(Runs.InFreshDirectory(dir => Runs.Ours(spec, dir, context => Preview1Command.Run(_fixture.Engine, module, _adapter, context))));
            components.Add(Runs.InFreshDirectory(dir => Runs.Wasmtime(_fixture.Engine, component, spec, dir)));
            preview1.Add(Runs.InFreshDirectory(dir => Runs.DefineWasi(_fixture.Engine, unchanged, spec, dir)));
        }
        var (o, w, p) = (ours[0], components[0], preview1[0]);
        _output.WriteLine($"ours (adapter on the WASI 0.2 face): status {o.Status}, trap {o.Trap}\n{o.Stdout}\nstderr: {o.Stderr}");
        _output.WriteLine($"Wasmtime WASI 0.2 (component): status {w.Status}, trap {w.Trap}\n{w.Stdout}\nstderr: {w.Stderr}");
        _output.WriteLine($"median ms: ours {Runs.Median(ours.Select(r => r.Milliseconds)):F2}, Wasmtime WASI 0.2 {Runs.Median(components.Select(r => r.Milliseconds)):F2}, DefineWasi {Runs.Median(preview1.Select(r => r.Milliseconds)):F2}");
        if (ComponentTraps.Contains(id))
        {
            Assert.NotNull(w.Trap);
            Assert.Null(o.Trap);
            Assert.Equal(p.Stdout, o.Stdout);
            Assert.Equal(p.Stderr, o.Stderr);
            Assert.Equal(p.Tree, o.Tree);
            Assert.Equal(p.Status, o.Status);
            return;
        }
        // Where the adapter itself traps (p1_edges: an `unreachable` in it), both WASI 0.2 hosts trap at the same point.
        Assert.Equal(w.Trap is null, o.Trap is null);
        Assert.Equal(w.Stdout, o.Stdout);
        Assert.Equal(w.Stderr, o.Stderr);
        Assert.Equal(w.Tree, o.Tree);
        // The adapter turns proc_exit(n != 0) into exit(err): a component ends with 1; Preview1Command keeps n.
        if (o.Trap is not null) return;
        Assert.Equal(w.Status, o.Status == 0 ? 0 : 1);
        Assert.Equal(p.Status, o.Status);
        if (!AdapterDiffersFromPreview1.Contains(id))
        {
            Assert.Equal(p.Stdout, o.Stdout);
            Assert.Equal(p.Stderr, o.Stderr);
            Assert.Equal(p.Tree, o.Tree);
        }
    }
}
