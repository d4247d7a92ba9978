using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Text;
using Wasmtime;
using WitBindgen.Wasi;
using DescriptorFlags = WitBindgen.Wasi.Bindings.Filesystem.DescriptorFlags;
using WitBindgen.Wasi.Preview1;
using Xunit;

namespace WitBindgen.Preview1.Tests;

/// <summary>
/// One engine, the prepared adapter and the C guests of a source directory compiled once
/// (clang --target=wasm32-wasi): guests/ beside the tests by default.
/// </summary>
public class Preview1Fixture : IDisposable
{
    private readonly ConcurrentDictionary<string, Module> _programs = new();
    private readonly ConcurrentDictionary<string, Module> _unchanged = new();
    private readonly ConcurrentDictionary<string, string> _paths = new();
    private readonly string _buildDirectory = Directory.CreateTempSubdirectory("wb-preview1-").FullName;

    public Preview1Fixture() : this(Path.Combine(AppContext.BaseDirectory, "guests"))
    {
    }

    protected Preview1Fixture(string sourceDirectory)
    {
        SourceDirectory = sourceDirectory;
        Engine = new Engine();
        AdapterPath = FindAdapter();
        Adapter = Preview1Command.LoadAdapter(Engine, AdapterPath);
    }

    public string SourceDirectory { get; }
    public Engine Engine { get; }
    public string AdapterPath { get; }
    public Module Adapter { get; }

    /// <summary>The program as Preview1Command runs it (LoadProgram: memory.size blind to the adapter's pages).</summary>
    public Module Program(string name) => _programs.GetOrAdd(name, n => Preview1Command.LoadProgram(Engine, WasmPath(n)));

    /// <summary>The program as clang wrote it, for runs without the adapter (DefineWasi).</summary>
    public Module UnchangedProgram(string name) => _unchanged.GetOrAdd(name, n => Module.FromFile(Engine, WasmPath(n)));

    /// <summary>The program compiled by clang (once).</summary>
    public string WasmPath(string name) => _paths.GetOrAdd(name, Compile);

    private string Compile(string name)
    {
        var source = Path.Combine(SourceDirectory, name + ".c");
        var output = Path.Combine(_buildDirectory, name + ".wasm");
        var start = new ProcessStartInfo(System.Environment.GetEnvironmentVariable("WASI_CLANG") ?? "clang")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var a in new[] { "--target=wasm32-wasi", "--sysroot=" + (System.Environment.GetEnvironmentVariable("WASI_SYSROOT") ?? "/usr"), "-O2", source, "-o", output })
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"clang failed on {name}.c: {stderr}");
        return output;
    }

    private static string FindAdapter()
    {
        const string file = "wasi_preview1_component_adapter.command.wasm";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[]
            {
                Path.Combine(dir.FullName, "tests", "jco", "node_modules", "@bytecodealliance", "jco", file),
                Path.Combine(dir.FullName, "tests", "jco", "node_modules", "@bytecodealliance", "jco", "package", file),
            })
                if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"{file} not found: run `npm ci` in tests/jco");
    }

    public void Dispose()
    {
        foreach (var module in _programs.Values) module.Dispose();
        foreach (var module in _unchanged.Values) module.Dispose();
        Adapter.Dispose();
        Engine.Dispose();
        try { Directory.Delete(_buildDirectory, true); } catch (IOException) { }
    }
}

public sealed class Preview1CommandTests : IClassFixture<Preview1Fixture>
{
    private readonly Preview1Fixture _fixture;

    public Preview1CommandTests(Preview1Fixture fixture) => _fixture = fixture;

    private (int Status, string Stdout, string Stderr) Run(string program, Func<WasiContextBuilder, WasiContextBuilder>? configure = null)
    {
        var stdout = new MemoryOutputPipe();
        var stderr = new MemoryOutputPipe();
        var builder = new WasiContextBuilder().Stdout(stdout).Stderr(stderr);
        builder = configure?.Invoke(builder) ?? builder;
        using var context = builder.Build();
        int status = Preview1Command.Run(_fixture.Engine, _fixture.Program(program), _fixture.Adapter, context);
        return (status, stdout.Text, stderr.Text);
    }

    [Fact]
    public void HelloWorldGoesToStdout()
    {
        var (status, stdout, stderr) = Run("hello", b => b.Args("hello"));
        Assert.Equal("", stderr);
        Assert.Equal("Hello, world!\n", stdout);
        Assert.Equal(0, status);
    }

    [Fact]
    public void ArgumentsAndEnvironmentReachMain()
    {
        var (status, stdout, stderr) = Run("args", b => b.Args("args.wasm", "one", "two words", "ünï").Env("GREETING", "hi there").Env("OTHER", "x=y"));
        Assert.Equal("", stderr);
        Assert.Equal(
            "argc=4\nargv[0]=args.wasm\nargv[1]=one\nargv[2]=two words\nargv[3]=ünï\nGREETING=hi there\nenv GREETING=hi there\nenv OTHER=x=y\n",
            stdout);
        Assert.Equal(0, status);
    }

    [Fact]
    public void ReadsAndWritesFilesInAPreopenedDirectory()
    {
        var dir = Directory.CreateTempSubdirectory("wb-preview1-data-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "in.txt"), "hello, file\nsecond line\n");
            var (status, stdout, stderr) = Run("files", b => b.Args("files").Preopen(dir, "/data"));
            Assert.Equal("", stderr);
            Assert.Equal("copied 24 bytes\n", stdout);
            Assert.Equal(0, status);
            Assert.Equal("HELLO, FILE\nSECOND LINE\n(24 bytes)\n", File.ReadAllText(Path.Combine(dir, "out.txt"), Encoding.UTF8));
            Assert.Equal("hello, file\nsecond line\n", File.ReadAllText(Path.Combine(dir, "in.txt")));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void MissingFileIsReportedOnStderr()
    {
        var dir = Directory.CreateTempSubdirectory("wb-preview1-empty-").FullName;
        try
        {
            var (status, stdout, stderr) = Run("files", b => b.Args("files").Preopen(dir, "/data"));
            Assert.Equal("", stdout);
            Assert.Equal("open /data/in.txt: No such file or directory\n", stderr);
            Assert.Equal(2, status); // return 2 from main: proc_exit(2)
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Theory]
    [InlineData(new[] { "exit", "0" }, 0, "exiting with 0\n")]
    [InlineData(new[] { "exit", "3" }, 3, "exiting with 3\n")]
    [InlineData(new[] { "exit", "0", "via-exit" }, 0, "exiting with 0\n")]
    [InlineData(new[] { "exit", "42", "via-exit" }, 42, "exiting with 42\n")]
    public void ExitStatusZeroAndNonZero(string[] args, int expected, string expectedStdout)
    {
        var (status, stdout, _) = Run("exit", b => b.Args(args));
        Assert.Equal(expectedStdout, stdout);
        Assert.Equal(expected, status);
    }

    [Fact]
    public void ProgramsOnOneWasiLinkerRunSideBySideWithTheirOwnContexts()
    {
        using var linker = new WasiLinker(_fixture.Engine);
        var program = _fixture.Program("args");
        var outputs = new string[16];
        System.Threading.Tasks.Parallel.For(0, outputs.Length, new System.Threading.Tasks.ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var stdout = new MemoryOutputPipe();
            using var context = new WasiContextBuilder().Args("args.wasm", $"run-{i}").Env("GREETING", $"hello {i}").Stdout(stdout).Build();
            Assert.Equal(0, Preview1Command.Run(linker, program, _fixture.Adapter, context));
            outputs[i] = stdout.Text;
        });
        for (int i = 0; i < outputs.Length; i++)
            Assert.Equal($"argc=2\nargv[0]=args.wasm\nargv[1]=run-{i}\nGREETING=hello {i}\nenv GREETING=hello {i}\n", outputs[i]);
    }

    [Fact]
    public void StdinStdoutAndStderrAreTheContextsStreams()
    {
        var (status, stdout, stderr) = Run("upper", b => b.Args("upper").Stdin(Encoding.UTF8.GetBytes("abc\nxyz")));
        Assert.Equal("ABC\nXYZ", stdout);
        Assert.Equal("done\n", stderr);
        Assert.Equal(0, status);
    }

    [Fact]
    public void ReadOnlyPreopenRefusesWrites()
    {
        var dir = Directory.CreateTempSubdirectory("wb-preview1-ro-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "in.txt"), "x");
            var (status, stdout, stderr) = Run("files", b => b.Args("files").Preopen(dir, "/data", readOnly: true));
            Assert.Equal("", stdout);
            Assert.StartsWith("open /data/out.txt: ", stderr);
            Assert.Equal(3, status);
            Assert.False(File.Exists(Path.Combine(dir, "out.txt")));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void AProgramImportingSomethingElseIsRefused()
    {
        using var module = Module.FromText(_fixture.Engine, "bad",
            "(module (import \"env\" \"nope\" (func)) (import \"wasi_snapshot_preview1\" \"no_such_call\" (func)) (memory (export \"memory\") 1) (func (export \"_start\")))");
        using var context = new WasiContextBuilder().Build();
        var e = Assert.Throws<WasiLinkException>(() => new Preview1Command(_fixture.Engine, module, _fixture.Adapter, context));
        Assert.Equal(new[] { "env.nope", "wasi_snapshot_preview1.no_such_call" }, e.MissingImports);
    }

    [Fact]
    public void DescriptorFlagsTranslateBetweenLayouts()
    {
        // Ours: read=1, write=2, non-blocking=4, file-integrity-sync=8, ..., mutate-directory=64. The adapter's: no non-blocking.
        Assert.Equal(DescriptorFlags.Read | DescriptorFlags.Write | DescriptorFlags.MutateDirectory,
            DescriptorFlagsTranslation.FromAdapter((DescriptorFlags)(1 | 2 | 32)));
        Assert.Equal((DescriptorFlags)(1 | 4), DescriptorFlagsTranslation.ToAdapter(DescriptorFlags.Read | DescriptorFlags.NonBlocking | DescriptorFlags.FileIntegritySync));
    }

    [Fact]
    public void AdapterRewriteExportsTheStackGlobals()
    {
        var bytes = File.ReadAllBytes(_fixture.AdapterPath);
        var rewritten = AdapterModule.ExportStackGlobals(bytes);
        using var module = Module.FromBytes(_fixture.Engine, "adapter", rewritten);
        Assert.Contains(module.Exports, e => e.Name == AdapterModule.StackPointerExport && e is GlobalExport);
        Assert.Contains(module.Exports, e => e.Name == AdapterModule.AllocationStateExport && e is GlobalExport);
        Assert.Equal(rewritten, AdapterModule.ExportStackGlobals(rewritten));
    }
}
