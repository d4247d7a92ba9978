using System.Collections.Generic;
using WitBindgen.Wasi;
using System.Linq;
using WitBindgen.Wasi.P2;
using Xunit;
using Xunit.Abstractions;

namespace WitBindgen.P2.Tests;

/// <summary>
/// guests/children.c drops a resource while another made from it is alive: a stream with a live pollable traps on
/// Wasmtime's own WASI 0.2 ("resource has children") and must trap on ours; a descriptor dropped while its file stream
/// or directory stream lives is allowed by both, and the stream goes on working.
/// </summary>
public sealed class ChildResourceTests : IClassFixture<P2Fixture>
{
    private readonly P2Fixture _fixture;
    private readonly ITestOutputHelper _output;

    public ChildResourceTests(P2Fixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    public static IEnumerable<object[]> Modes() =>
        new[] { "input-pollable", "output-pollable", "file-pollable", "pollable-first", "descriptor-stream", "descriptor-directory-stream" }
            .Select(m => new object[] { m });

    [Theory]
    [MemberData(nameof(Modes))]
    public void SameAsWasmtimesOwnWasi02(string mode)
    {
        var spec = RunSpec.Of("children", mode);
        var module = _fixture.Module("children.wasm");
        var component = _fixture.Component("children.component.wasm");
        var o = Runs.InFreshDirectory(dir => Runs.Ours(spec, dir, context => WasiP2Command.Run(_fixture.Engine, module, context)));
        var w = Runs.InFreshDirectory(dir => Runs.Wasmtime(_fixture.Engine, component, spec, dir));
        _output.WriteLine($"ours: status {o.Status}, trap {o.Trap}\n{o.Stdout}");
        _output.WriteLine($"wasmtime: status {w.Status}, trap {w.Trap}\n{w.Stdout}");
        Assert.Equal(w.Stdout, o.Stdout);
        Assert.Equal(w.Status, o.Status);
        Assert.Equal(w.Trap is null, o.Trap is null);
        Assert.Equal(w.Tree, o.Tree);
        if (w.Trap is not null) Assert.Contains("resource has children", o.Trap);
    }

    /// <summary>
    /// A socket dropped while its pollable lives: Wasmtime .NET's WASI 0.2 offers no socket (its configuration cannot
    /// allow any, so the comparison above sees both refuse to make one); with sockets allowed ours traps as wasmtime's
    /// subscribe makes every pollable its resource's child.
    /// </summary>
    [Theory]
    [InlineData("tcp-pollable", "tcp-socket")]
    [InlineData("udp-pollable", "udp-socket")]
    public void DroppingASocketWithALivePollableTraps(string mode, string resource)
    {
        var stdout = new MemoryOutputPipe();
        using var context = new WasiContextBuilder().Args("children", mode).Stdout(stdout)
            .Network(new WasiNetworkPolicy { AllowTcp = true, AllowUdp = true }).Build();
        var e = Assert.ThrowsAny<Wasmtime.WasmtimeException>(() => WasiP2Command.Run(_fixture.Engine, _fixture.Module("children.wasm"), context));
        var message = e.Message + (e.InnerException?.Message ?? "");
        _output.WriteLine(message);
        Assert.Contains($"[resource-drop]{resource}: this {resource} still has 1 pollable", message);
        Assert.Contains("resource has children", message);
        Assert.Equal("start\n", stdout.Text);
    }
}
