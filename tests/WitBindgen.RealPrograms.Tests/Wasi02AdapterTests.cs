using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Wasmtime;
using WitBindgen.Wasi;
using WitBindgen.Wasi.Preview1;
using Xunit;
using Xunit.Abstractions;

namespace WitBindgen.RealPrograms.Tests;

/// <summary>
/// flite and the Rust program through today's preview-1 adapter (jco 1.35.0's wasi_snapshot_preview1.command.wasm,
/// which imports WASI 0.2 with resources), so on our WASI 0.2 face: the same stdout, stderr, exit status and files
/// as Wasmtime's own preview 1 (linker.DefineWasi) running the program as published, in fresh copies of one directory.
/// </summary>
[Collection(RealProgramsCollection.Name)]
public sealed class Wasi02AdapterTests
{
    private readonly RealProgramsFixture _fixture;
    private readonly ITestOutputHelper _output;

    public Wasi02AdapterTests(RealProgramsFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    private sealed record Outcome(int Status, string Stdout, string Stderr, Dictionary<string, byte[]> Files);

    private static Dictionary<string, byte[]> Files(string dir) =>
        Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(dir, f), File.ReadAllBytes);

    /// <summary>Runs on ours through the 1.35.0 adapter and on DefineWasi, each in its own copy of <paramref name="seed"/>
    /// preopened as <paramref name="guestPath"/>.</summary>
    private (Outcome Ours, Outcome Theirs) RunBoth(Module prepared, Module unchanged, string[] args, (string, string)[] env,
        string guestPath, bool readOnly, System.Action<string> seed)
    {
        var oursDir = Directory.CreateTempSubdirectory("wb-p2adapter-").FullName;
        var theirsDir = Directory.CreateTempSubdirectory("wb-p2adapter-").FullName;
        var io = Directory.CreateTempSubdirectory("wb-p2adapter-io-").FullName;
        try
        {
            seed(oursDir);
            seed(theirsDir);
            var stdout = new MemoryOutputPipe();
            var stderr = new MemoryOutputPipe();
            var builder = new WasiContextBuilder().Args(args).Stdout(stdout).Stderr(stderr).Preopen(oursDir, guestPath, readOnly);
            foreach (var (name, value) in env) builder = builder.Env(name, value);
            int oursStatus;
            using (var context = builder.Build())
                oursStatus = Preview1Command.Run(_fixture.Engine, prepared, _fixture.AdapterWasi02, context);
            var ours = new Outcome(oursStatus, stdout.Text, stderr.Text, Files(oursDir));

            var stdoutPath = Path.Combine(io, "stdout");
            var stderrPath = Path.Combine(io, "stderr");
            int theirsStatus = _fixture.RunDefineWasi(unchanged, new WasiConfiguration().WithArgs(args).WithEnvironmentVariables(env)
                .WithPreopenedDirectory(theirsDir, guestPath, mutable: !readOnly).WithStandardOutput(stdoutPath).WithStandardError(stderrPath));
            var theirs = new Outcome(theirsStatus, File.ReadAllText(stdoutPath), File.ReadAllText(stderrPath), Files(theirsDir));
            return (ours, theirs);
        }
        finally
        {
            Directory.Delete(oursDir, true);
            Directory.Delete(theirsDir, true);
            Directory.Delete(io, true);
        }
    }

    private void AssertSame(Outcome ours, Outcome theirs)
    {
        _output.WriteLine($"ours: status {ours.Status}, stdout {ours.Stdout.Length} chars, stderr '{ours.Stderr}', files {string.Join(", ", ours.Files.Keys)}");
        _output.WriteLine($"DefineWasi: status {theirs.Status}, stdout {theirs.Stdout.Length} chars, stderr '{theirs.Stderr}', files {string.Join(", ", theirs.Files.Keys)}");
        Assert.Equal(theirs.Stdout, ours.Stdout);
        Assert.Equal(theirs.Stderr, ours.Stderr);
        Assert.Equal(theirs.Status, ours.Status);
        Assert.Equal(theirs.Files.Keys.OrderBy(k => k, System.StringComparer.Ordinal), ours.Files.Keys.OrderBy(k => k, System.StringComparer.Ordinal));
        foreach (var (name, bytes) in theirs.Files)
            Assert.True(bytes.AsSpan().SequenceEqual(ours.Files[name]), $"{name} differs from DefineWasi's");
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("paragraph")]
    public void FliteSameAsDefineWasi(string name)
    {
        var texts = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(_fixture.Require("out/texts.json")))!;
        string[] argv = { "flite", "-t", texts[name], "-o", $"/out/{name}.wav" };
        var (ours, theirs) = RunBoth(_fixture.Flite, _fixture.FliteUnchanged, argv, [], "/out", readOnly: false, _ => { });
        AssertSame(ours, theirs);
        Assert.Equal(0, ours.Status);
        // And both equal node:wasi's WAV (prepare.sh's reference).
        Assert.True(File.ReadAllBytes(_fixture.Require($"out/{name}.wav")).AsSpan().SequenceEqual(ours.Files[name + ".wav"]));
    }

    private static void SeedListing(string dir)
    {
        for (int i = 0; i < 40; i++) File.WriteAllText(Path.Combine(dir, $"file{i:D2}.txt"), new string('x', i));
        File.WriteAllText(Path.Combine(dir, "a.txt"), "first line\nsecond ü\n");
        File.WriteAllText(Path.Combine(dir, "ünï.txt"), "12345");
        Directory.CreateDirectory(Path.Combine(dir, "sub"));
        File.WriteAllText(Path.Combine(dir, "sub", "inner"), "x");
    }

    [Fact]
    public void RustProgramSameAsDefineWasi()
    {
        var (ours, theirs) = RunBoth(_fixture.Listdir, _fixture.ListdirUnchanged, ["listdir", "/data", "two words", "ünï"],
            [("ZED", "last"), ("ALPHA", "a=b"), ("MIDDLE", "")], "/data", readOnly: true, SeedListing);
        AssertSame(ours, theirs);
        Assert.Equal(0, ours.Status);
        Assert.Contains("43 entries in /data", ours.Stdout);
        Assert.Contains("env ALPHA=a=b\n", ours.Stdout);
    }

    [Fact]
    public void RustProgramsErrorExitSameAsDefineWasi()
    {
        var (ours, theirs) = RunBoth(_fixture.Listdir, _fixture.ListdirUnchanged, ["listdir", "/data/nope"], [], "/data",
            readOnly: false, SeedListing);
        AssertSame(ours, theirs);
        Assert.Equal(3, ours.Status);
        Assert.Contains("No such file or directory", ours.Stderr);
    }
}
