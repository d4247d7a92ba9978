using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using WitBindgen.Wasi.P2;
using Xunit;
using Xunit.Abstractions;

namespace WitBindgen.P2.Tests;

/// <summary>
/// C guests importing WASI 0.2 directly (guests/*.c, built freestanding by prepare.sh) run on our WASI 0.2 face
/// (<see cref="WasiP2Command"/>) and, made components by jco 1.35.0, on Wasmtime's own WASI 0.2: the same stdout,
/// stderr, exit status and files, each in a fresh copy of the same directory preopened as /data.
/// </summary>
public sealed class DirectGuestTests : IClassFixture<P2Fixture>
{
    private const int TimedRuns = 3;
    private readonly P2Fixture _fixture;
    private readonly ITestOutputHelper _output;

    public DirectGuestTests(P2Fixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    private static byte[] StdinBytes()
    {
        var sb = new StringBuilder();
        for (int i = 0; i < 3000; i++) sb.Append("line ").Append(i).Append(" ünï ").Append('x', i % 37).Append('\n');
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static readonly Dictionary<string, (string Guest, RunSpec Spec)> Cases = new()
    {
        ["cli ok"] = ("cli", RunSpec.Of("cli", "ok", "two words", "ünï", "")),
        ["cli err"] = ("cli", RunSpec.Of("cli", "err")),
        ["cli exit-err"] = ("cli", RunSpec.Of("cli", "exit-err")),
        ["cli exit 7"] = ("cli", RunSpec.Of("cli", "7")),
        ["cli exit 0"] = ("cli", RunSpec.Of("cli", "0")),
        ["cli no args"] = ("cli", RunSpec.Of()),
        ["streams"] = ("streams", RunSpec.Of("streams") with { Stdin = StdinBytes() }),
        ["files"] = ("files", RunSpec.Of("files")),
        ["files read-only"] = ("files", RunSpec.Of("files") with { Writable = false }),
        ["sandbox"] = ("sandbox", RunSpec.Of("sandbox")),
    };

    public static IEnumerable<object[]> CaseIds() => Cases.Keys.Select(k => new object[] { k });

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void SameAsWasmtimesOwnWasi02(string id)
    {
        var (guest, spec) = Cases[id];
        var module = _fixture.Module(guest + ".wasm");
        var component = _fixture.Component(guest + ".component.wasm");
        var ours = new List<Outcome>();
        var theirs = new List<Outcome>();
        for (int i = 0; i < TimedRuns; i++)
        {
            ours.Add(Runs.InFreshDirectory(dir => Runs.Ours(spec, dir, context => WasiP2Command.Run(_fixture.Engine, module, context))));
            theirs.Add(Runs.InFreshDirectory(dir => Runs.Wasmtime(_fixture.Engine, component, spec, dir)));
        }
        var (o, w) = (ours[0], theirs[0]);
        _output.WriteLine($"ours: status {o.Status}, trap {o.Trap}\n{o.Stdout}\nstderr: {o.Stderr}");
        _output.WriteLine($"wasmtime: status {w.Status}, trap {w.Trap}\n{w.Stdout}\nstderr: {w.Stderr}");
        _output.WriteLine($"median ms: ours {Runs.Median(ours.Select(r => r.Milliseconds)):F2}, Wasmtime WASI 0.2 {Runs.Median(theirs.Select(r => r.Milliseconds)):F2}");
        Assert.Null(w.Trap);
        Assert.Null(o.Trap);
        Assert.Equal(w.Stdout, o.Stdout);
        Assert.Equal(w.Stderr, o.Stderr);
        Assert.Equal(w.Tree, o.Tree);
        Assert.Equal(w.Status, o.Status);
        Assert.NotEmpty(o.Stdout);
    }
}
