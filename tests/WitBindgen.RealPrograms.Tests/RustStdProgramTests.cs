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

namespace WitBindgen.RealPrograms.Tests;

/// <summary>
/// guests/listdir.rs, a Rust 1.63 std program (Debian's /usr/bin/rustc --target wasm32-wasi -O, built by prepare.sh):
/// Rust's std (wasi crate 0.11, its own preview-1 calls through wasi-libc) on our runtime, natively (Preview1Program)
/// and through the jco 0.7.0 adapter (Preview1Command).
/// </summary>
[Collection(RealProgramsCollection.Name)]
public sealed class RustStdProgramTests
{
    private readonly RealProgramsFixture _fixture;

    private readonly ITestOutputHelper _output;

    public RustStdProgramTests(RealProgramsFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    private (int Status, string Stdout, string Stderr) Run(bool native, System.Func<WasiContextBuilder, WasiContextBuilder> configure)
    {
        var stdout = new MemoryOutputPipe();
        var stderr = new MemoryOutputPipe();
        using var context = configure(new WasiContextBuilder().Stdout(stdout).Stderr(stderr)).Build();
        var status = _fixture.RunOurs(native, native ? null! : _fixture.Listdir, native ? _fixture.ListdirUnchanged : null!, context);
        return (status, stdout.Text, stderr.Text);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ListsADirectorySortedAndPrintsArgsAndEnv(bool native)
    {
        var dir = Directory.CreateTempSubdirectory("wb-listdir-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "b.bin"), "xyz\n");
            File.WriteAllText(Path.Combine(dir, "a.txt"), "hi, ü\n", new UTF8Encoding(false));
            File.WriteAllText(Path.Combine(dir, "Zeta"), "");
            File.WriteAllText(Path.Combine(dir, "ünï.txt"), "12345");
            Directory.CreateDirectory(Path.Combine(dir, "sub"));
            File.WriteAllText(Path.Combine(dir, "sub", "hidden-from-listing"), "x");

            var (status, stdout, stderr) = Run(native, b => b
                .Args("listdir", "/data", "two words", "ünï")
                .Env("ZED", "last").Env("ALPHA", "a=b").Env("MIDDLE", "")
                .Preopen(dir, "/data", readOnly: true));

            Assert.Equal("", stderr);
            Assert.Equal(
                "args: 4\n" +
                "arg[0]=listdir\n" +
                "arg[1]=/data\n" +
                "arg[2]=two words\n" +
                "arg[3]=ünï\n" +
                "env ALPHA=a=b\n" +
                "env MIDDLE=\n" +
                "env ZED=last\n" +
                "5 entries in /data\n" +
                "  Zeta (file 0 bytes)\n" +
                "  a.txt (file 7 bytes)\n" +
                "  b.bin (file 4 bytes)\n" +
                "  sub (dir)\n" +
                "  ünï.txt (file 5 bytes)\n" +
                "a.txt: \"hi, ü\\n\"\n",
                stdout);
            Assert.Equal(0, status);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    /// <summary>Same stdout and exit code as under Wasmtime's own preview 1 (DefineWasi) on the same engine; the
    /// medians of 5 runs of each are recorded (not asserted) in out/listdir-timings.txt.</summary>
    [Fact]
    public void SameOutputAsWasmtimeDefineWasi()
    {
        var dir = Directory.CreateTempSubdirectory("wb-listdir-").FullName;
        var io = Directory.CreateTempSubdirectory("wb-listdir-io-").FullName;
        try
        {
            for (int i = 0; i < 40; i++) File.WriteAllText(Path.Combine(dir, $"file{i:D2}.txt"), new string('x', i));
            File.WriteAllText(Path.Combine(dir, "a.txt"), "first line\nsecond\n");
            string[] args = { "listdir", "/data", "x y" };
            (string, string)[] env = { ("ONE", "1"), ("TWO", "2=two") };
            var ours = new List<double>();
            var native = new List<double>();
            var theirs = new List<double>();
            string? oursOut = null, theirsOut = null, nativeOut = null;
            int oursStatus = -1, theirsStatus = -1, nativeStatus = -1;
            for (int run = 0; run < 5; run++)
            {
                var watch = Stopwatch.StartNew();
                var (status, stdout, stderr) = Run(false, b => b.Args(args).Env("ONE", "1").Env("TWO", "2=two").Preopen(dir, "/data", readOnly: true));
                ours.Add(watch.Elapsed.TotalMilliseconds);
                Assert.Equal("", stderr);
                (oursOut, oursStatus) = (stdout, status);

                watch.Restart();
                (status, stdout, stderr) = Run(true, b => b.Args(args).Env("ONE", "1").Env("TWO", "2=two").Preopen(dir, "/data", readOnly: true));
                native.Add(watch.Elapsed.TotalMilliseconds);
                Assert.Equal("", stderr);
                (nativeOut, nativeStatus) = (stdout, status);

                var stdoutPath = Path.Combine(io, "stdout");
                watch.Restart();
                theirsStatus = _fixture.RunDefineWasi(_fixture.ListdirUnchanged, new WasiConfiguration().WithArgs(args)
                    .WithEnvironmentVariables(env).WithPreopenedDirectory(dir, "/data", true).WithStandardOutput(stdoutPath));
                theirs.Add(watch.Elapsed.TotalMilliseconds);
                theirsOut = File.ReadAllText(stdoutPath);
            }
            Assert.Equal(theirsOut, oursOut);
            Assert.Equal(theirsStatus, oursStatus);
            Assert.Equal(theirsOut, nativeOut);
            Assert.Equal(theirsStatus, nativeStatus);
            Assert.Contains("41 entries in /data", oursOut);

            double adapterMs = RealProgramsFixture.Median(ours), nativeMs = RealProgramsFixture.Median(native), wasmtimeMs = RealProgramsFixture.Median(theirs);
            var line = $"listdir (Rust 1.63 std, 41 entries), median of 5 (instantiate + run): native (Preview1Program) {nativeMs:F1} ms, "
                + $"adapter (Preview1Command + jco 0.7.0) {adapterMs:F1} ms, Wasmtime DefineWasi {wasmtimeMs:F1} ms, "
                + $"ratios native {nativeMs / wasmtimeMs:F2}, adapter {adapterMs / wasmtimeMs:F2}";
            _output.WriteLine(line);
            File.WriteAllText(Path.Combine(_fixture.Directory, "out", "listdir-timings.txt"), line + "\n");
        }
        finally
        {
            Directory.Delete(dir, true);
            Directory.Delete(io, true);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AMissingDirectoryIsAnErrorExit(bool native)
    {
        var dir = Directory.CreateTempSubdirectory("wb-listdir-").FullName;
        try
        {
            var (status, stdout, stderr) = Run(native, b => b.Args("listdir", "/data/nope").Preopen(dir, "/data"));
            Assert.Equal("args: 2\narg[0]=listdir\narg[1]=/data/nope\n", stdout);
            Assert.Equal("read_dir /data/nope: No such file or directory (os error 44)\n", stderr);
            Assert.Equal(3, status); // process::exit(3): proc_exit(3), passed through
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
