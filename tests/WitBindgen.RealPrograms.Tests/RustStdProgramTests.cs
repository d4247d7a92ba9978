using System.IO;
using System.Text;
using WitBindgen.Wasi;
using WitBindgen.Wasi.Preview1;
using Xunit;

namespace WitBindgen.RealPrograms.Tests;

/// <summary>
/// guests/listdir.rs, a Rust 1.63 std program (Debian's /usr/bin/rustc --target wasm32-wasi -O, built by prepare.sh):
/// Rust's std (wasi crate 0.11, its own preview-1 calls through wasi-libc) through the jco 0.7.0 adapter on our runtime.
/// </summary>
[Collection(RealProgramsCollection.Name)]
public sealed class RustStdProgramTests
{
    private readonly RealProgramsFixture _fixture;

    public RustStdProgramTests(RealProgramsFixture fixture) => _fixture = fixture;

    private (int Status, string Stdout, string Stderr) Run(System.Func<WasiContextBuilder, WasiContextBuilder> configure)
    {
        var stdout = new MemoryOutputPipe();
        var stderr = new MemoryOutputPipe();
        using var context = configure(new WasiContextBuilder().Stdout(stdout).Stderr(stderr)).Build();
        var status = Preview1Command.Run(_fixture.Engine, _fixture.Listdir, _fixture.Adapter, context);
        return (status, stdout.Text, stderr.Text);
    }

    [Fact]
    public void ListsADirectorySortedAndPrintsArgsAndEnv()
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

            var (status, stdout, stderr) = Run(b => b
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

    [Fact]
    public void AMissingDirectoryIsAnErrorExit()
    {
        var dir = Directory.CreateTempSubdirectory("wb-listdir-").FullName;
        try
        {
            var (status, stdout, stderr) = Run(b => b.Args("listdir", "/data/nope").Preopen(dir, "/data"));
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
