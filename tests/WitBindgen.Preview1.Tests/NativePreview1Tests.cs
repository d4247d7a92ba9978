using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.IO.Pipes;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Wasmtime;
using WitBindgen.Runtime;
using WitBindgen.Wasi;
using WitBindgen.Wasi.Preview1Host;
using Xunit;
using Code = WitBindgen.Wasi.Bindings.Filesystem.ErrorCode;

namespace WitBindgen.Preview1.Tests;

/// <summary>
/// Native preview 1 (Preview1Program: wasi_snapshot_preview1 in C# over the context's seed-world interfaces) on
/// clang-built guests: every override made on the builder reaches the program, stdio is flushed after a trap, stdin
/// from a real OS pipe with poll_oneoff, one shared linker for parallel instances, and the errno values of p1_edges
/// (compared with DefineWasi in CorpusTests) asserted here as plain facts.
/// </summary>
public sealed class NativePreview1Tests : IClassFixture<Preview1Fixture>, IClassFixture<CorpusFixture>
{
    private readonly Preview1Fixture _guests;
    private readonly CorpusFixture _corpus;

    public NativePreview1Tests(Preview1Fixture guests, CorpusFixture corpus)
    {
        _guests = guests;
        _corpus = corpus;
    }

    private (int Status, string Stdout, string Stderr) Run(Module module, Func<WasiContextBuilder, WasiContextBuilder> configure, Engine? engine = null)
    {
        var stdout = new MemoryOutputPipe();
        var stderr = new MemoryOutputPipe();
        using var context = configure(new WasiContextBuilder().Stdout(stdout).Stderr(stderr)).Build();
        int status = Preview1Program.Run(engine ?? _guests.Engine, module, context);
        return (status, stdout.Text, stderr.Text);
    }

    private Module Guest(string name) => _guests.UnchangedProgram(name);

    [Fact]
    public void HelloWorldNeedsNoAdapter()
    {
        var (status, stdout, stderr) = Run(Guest("hello"), b => b.Args("hello"));
        Assert.Equal(("Hello, world!\n", "", 0), (stdout, stderr, status));
        Assert.True(Preview1Linker.ImportsPreview1(Guest("hello")));
    }

    [Fact]
    public void AReplacedWallClockIsWhatClockTimeGetReturns()
    {
        var day = new DateTimeOffset(2023, 5, 18, 12, 30, 15, TimeSpan.Zero).AddTicks(1234567);
        var (status, stdout, _) = Run(Guest("clock_now"), b => b.WallClock(new FixedWallClock(day, TimeSpan.FromMilliseconds(2))));
        Assert.Equal(0, status);
        Assert.Equal($"realtime {day.ToUnixTimeSeconds()}.123456700\ntime {day.ToUnixTimeSeconds()}\nresolution 0.002000000\n", stdout);
    }

    /// <summary>A filesystem derived from the default sees every open the program makes, and can refuse one.</summary>
    private sealed class RecordingFilesystem(WasiContext context) : WasiFilesystem(context)
    {
        public List<string> Opened { get; } = new();

        public override Result<uint, Code> OpenAt(uint @this, Filesystem.PathFlags pathFlags, string path, Filesystem.OpenFlags openFlags,
            Filesystem.DescriptorFlags flags, Filesystem.Modes modes)
        {
            Opened.Add($"{path} {flags}");
            return path == "out.txt" ? Result.Err(Code.Quota) : base.OpenAt(@this, pathFlags, path, openFlags, flags, modes);
        }
    }

    [Fact]
    public void AnOverriddenFilesystemSeesPathOpen()
    {
        var dir = Directory.CreateTempSubdirectory("wb-native-fs-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "in.txt"), "abc\n");
            RecordingFilesystem? recording = null;
            var (status, stdout, stderr) = Run(Guest("files"), b => b.Preopen(dir, "/data")
                .Override<IFilesystem>(c => recording = new RecordingFilesystem(c)));
            Assert.Equal(new[] { "in.txt Read", "out.txt Write" }, recording!.Opened);
            Assert.Equal("open /data/out.txt: Quota exceeded\n", stderr); // the override's error code, as errno EDQUOT
            Assert.Equal(("", 3), (stdout, status));
            Assert.False(File.Exists(Path.Combine(dir, "out.txt")));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void StdoutAndStderrAreFlushedWhenTheProgramTraps()
    {
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        using (var context = new WasiContextBuilder()
            .Stdout(new BufferedStream(stdout, 1 << 16)).Stderr(new BufferedStream(stderr, 1 << 16)).Build())
        {
            var trap = Assert.ThrowsAny<WasmtimeException>(() => Preview1Program.Run(_guests.Engine, Guest("trap_after_print"), context));
            Assert.Contains("unreachable", trap.Message + trap.InnerException?.Message, StringComparison.OrdinalIgnoreCase);
            Assert.Equal("before the trap\n", Encoding.UTF8.GetString(stdout.ToArray()));
            Assert.Equal("to stderr\n", Encoding.UTF8.GetString(stderr.ToArray()));
        }
    }

    /// <summary>An output stream that tells the test when the guest has written a given line.</summary>
    private sealed class WatchedOutput(string line) : OutputStream
    {
        private readonly StringBuilder _text = new();
        public ManualResetEventSlim Seen { get; } = new();
        public string Text { get { lock (_text) return _text.ToString(); } }

        protected override int WriteCore(ReadOnlySpan<byte> bytes)
        {
            lock (_text)
            {
                _text.Append(Encoding.UTF8.GetString(bytes));
                if (_text.ToString().Contains(line + "\n", StringComparison.Ordinal)) Seen.Set();
            }
            return bytes.Length;
        }
    }

    [Fact]
    public void PollOneoffWaitsOnStdinFromARealPipeAndOnAClock()
    {
        using var writeEnd = new AnonymousPipeServerStream(PipeDirection.Out, HandleInheritability.None);
        using var readEnd = new AnonymousPipeClientStream(PipeDirection.In, writeEnd.ClientSafePipeHandle);
        var stdout = new WatchedOutput("waiting");
        // The host writes only once the guest said "waiting": its first poll can only see its 10 ms timer.
        var producer = new Thread(() =>
        {
            if (!stdout.Seen.Wait(TimeSpan.FromSeconds(60))) return;
            writeEnd.Write(Encoding.UTF8.GetBytes("hello pipe\nsecond line\n"));
            writeEnd.Flush();
            writeEnd.Dispose(); // the end of input
        });
        producer.Start();
        int status;
        using (var context = new WasiContextBuilder().Stdin(readEnd).Stdout(stdout).Build())
            status = Preview1Program.Run(_guests.Engine, Guest("poll_stdin"), context);
        producer.Join();
        Assert.Equal(
            "before input: errno 0, 1 event(s): [userdata 2 type 0 error 0]\n" +
            "waiting\n" +
            "after input: errno 0, 1 event(s): [userdata 1 type 1 error 0]\n" +
            "HELLO PIPE\nSECOND LINE\nend of input\n",
            stdout.Text);
        Assert.Equal(0, status);
    }

    [Fact]
    public void ProgramsOfOneSharedLinkerRunInParallelEachWithItsOwnContext()
    {
        var linker = Preview1Linker.For(_guests.Engine);
        Assert.Same(linker, Preview1Linker.For(_guests.Engine));
        var module = Guest("args");
        var results = new ConcurrentDictionary<int, string>();
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var stdout = new MemoryOutputPipe();
            using var context = new WasiContextBuilder().Args("args", $"tenant-{i}").Stdout(stdout).Build();
            Assert.Equal(0, Preview1Program.Run(linker, module, context));
            results[i] = stdout.Text;
        });
        var reference = Run(module, b => b.Args("args", "tenant-0")).Stdout;
        for (int i = 0; i < 8; i++) Assert.Equal(reference.Replace("tenant-0", $"tenant-{i}"), results[i]);
    }

    /// <summary>
    /// A linker defines a preview-1 function when a module first imports it: a program importing only <c>fd_write</c>
    /// runs, a later one importing more runs on the same linker, and <see cref="Preview1Linker.Linker"/> has all 46.
    /// </summary>
    [Fact]
    public void A_linker_defines_the_functions_programs_import_and_its_Linker_has_them_all()
    {
        using var engine = new Engine();
        using var linker = new Preview1Linker(engine);
        static string Program(string imports, string body) => $$"""
            (module
              (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
              {{imports}}
              (memory (export "memory") 1)
              (data (i32.const 16) "one\n")
              (func (export "_start")
                (i32.store (i32.const 0) (i32.const 16))
                (i32.store (i32.const 4) (i32.const 4))
                (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
                {{body}}))
            """;
        using var first = Module.FromText(engine, "first", Program("", ""));
        using var second = Module.FromText(engine, "second", Program(
            """(import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))""", "(call $proc_exit (i32.const 3))"));
        foreach (var (module, expected) in new[] { (first, 0), (second, 3), (first, 0) })
        {
            var stdout = new MemoryOutputPipe();
            using var context = new WasiContextBuilder().Stdout(stdout).Build();
            Assert.Equal(expected, Preview1Program.Run(linker, module, context));
            Assert.Equal("one\n", stdout.Text);
        }
        using var store = new Store(engine);
        string[] all =
        {
            "args_get", "args_sizes_get", "environ_get", "environ_sizes_get", "clock_res_get", "clock_time_get", "fd_advise",
            "fd_allocate", "fd_close", "fd_datasync", "fd_fdstat_get", "fd_fdstat_set_flags", "fd_fdstat_set_rights",
            "fd_filestat_get", "fd_filestat_set_size", "fd_filestat_set_times", "fd_pread", "fd_prestat_get",
            "fd_prestat_dir_name", "fd_pwrite", "fd_read", "fd_readdir", "fd_renumber", "fd_seek", "fd_sync", "fd_tell",
            "fd_write", "path_create_directory", "path_filestat_get", "path_filestat_set_times", "path_link", "path_open",
            "path_readlink", "path_remove_directory", "path_rename", "path_symlink", "path_unlink_file", "poll_oneoff",
            "proc_exit", "proc_raise", "sched_yield", "random_get", "sock_accept", "sock_recv", "sock_send", "sock_shutdown",
        };
        Assert.Equal(46, all.Distinct().Count());
        Assert.All(all, name => Assert.NotNull(linker.Linker.GetFunction(store, "wasi_snapshot_preview1", name)));
        // A name preview 1 does not have is still refused, naming it.
        using var odd = Module.FromText(engine, "odd", """
            (module (import "wasi_snapshot_preview1" "fd_frobnicate" (func (param i32) (result i32)))
              (memory (export "memory") 1) (func (export "_start")))
            """);
        using var oddContext = new WasiContextBuilder().Build();
        var error = Assert.Throws<WasiLinkException>(() => Preview1Program.Run(linker, odd, oddContext));
        Assert.Contains("wasi_snapshot_preview1.fd_frobnicate", error.Message);
    }

    /// <summary>Every descriptor holds a handle of the context's table: past its limit an open fails with ENFILE, and the host goes on.</summary>
    [Fact]
    public void OpeningWithoutClosingStopsAtTheHandleLimitWithEnfile()
    {
        var dir = Directory.CreateTempSubdirectory("wb-native-many-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "in.txt"), "x");
            // 1000 handles: stdin, stdout, stderr, the timezone and the preopen take 5.
            var (status, stdout, stderr) = Run(Guest("open_many"), b => b.Preopen(dir, "/data").MaxHandles(1000));
            Assert.Equal(("995 opens, then: Too many open files in system\n", "", 0), (stdout, stderr, status));
            Assert.Equal("Hello, world!\n", Run(Guest("hello"), b => b).Stdout);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    /// <summary>Guest pointers are unsigned: iovecs, buffers and results above 2 GiB are read and written where they are.</summary>
    [Fact]
    public void AMemoryAbove2GiBIsAddressedInFull()
    {
        using var module = Module.FromText(_guests.Engine, "high", """
            (module
              (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "clock_time_get" (func $time (param i32 i64 i32) (result i32)))
              (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
              (memory (export "memory") 40000)
              (data (i32.const 0x90000010) "written from above 2 GiB\n")
              (func (export "_start")
                (i32.store (i32.const 0x90000000) (i32.const 0x90000010))
                (i32.store (i32.const 0x90000004) (i32.const 25))
                (drop (call $write (i32.const 1) (i32.const 0x90000000) (i32.const 1) (i32.const 0x90000040)))
                (drop (call $time (i32.const 1) (i64.const 0) (i32.const 0x9c3ffff8)))
                (call $exit (i32.add (i32.load (i32.const 0x90000040))
                  (i32.wrap_i64 (i64.extend_i32_u (i64.ne (i64.load (i32.const 0x9c3ffff8)) (i64.const 0))))))))
            """);
        var (status, stdout, stderr) = Run(module, b => b);
        Assert.Equal(("written from above 2 GiB\n", "", 26), (stdout, stderr, status)); // 25 bytes written + a clock reading at the last 8 bytes
    }

    [Fact]
    public void AModuleImportingMoreThanPreview1IsALinkError()
    {
        using var module = Module.FromText(_guests.Engine, "extra", """
            (module
              (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
              (import "env" "host_thing" (func))
              (import "wasi_snapshot_preview1" "fd_close" (func (param i64) (result i32)))
              (memory (export "memory") 1)
              (func (export "_start")))
            """);
        using var context = new WasiContextBuilder().Build();
        var e = Assert.Throws<WasiLinkException>(() => Preview1Program.Run(_guests.Engine, module, context));
        Assert.Equal(new[] { "env.host_thing" }, e.MissingImports);
        Assert.Equal(new[] { "wasi_snapshot_preview1.fd_close" }, e.MismatchedImports);
    }

    /// <summary>p1_edges natively: the facts native preview 1 gives (CorpusTests also checks every line against DefineWasi).</summary>
    [Fact]
    public void ErrnoValuesOfNativePreview1()
    {
        var dir = Directory.CreateTempSubdirectory("wb-native-edges-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "in.txt"), "hello\nworld\n");
            File.WriteAllText(Path.Combine(dir, "old.txt"), "old contents\n");
            Directory.CreateDirectory(Path.Combine(dir, "sub"));
            var (status, stdout, stderr) = Run(_corpus.UnchangedProgram("p1_edges"), b => b.Args("p1_edges").Preopen(dir, "/data"), _corpus.Engine);
            Assert.Equal(("", 0), (stderr, status));
            var lines = stdout.Split('\n');
            foreach (var expected in new[]
            {
                "fdstat stdin: type 0 flags 0 base 2 inheriting 2",            // a pipe, not a terminal: unknown type, fd_read
                "fdstat stdout: type 0 flags 0 base 40 inheriting 40",         // fd_write
                "fdstat preopen: type 3 flags 0 base 7b7fe00 inheriting ff7ffff",
                "prestat_dir_name 3: errno 0 name /data",
                "write forged: errno 8",                                       // EBADF
                "close forged: errno 8",
                "seek stdout: errno 70",                                       // ESPIPE
                "write ro: errno 8",                                           // EBADF (the adapter says EIO)
                "renumber ro -> 555 (unopened): errno 8",                      // EBADF
                "renumber other -> ro: errno 0",
                "read renumbered: errno 0 n 4 data old ",
                "close moved-from: errno 8",
                "fdstat rw file: type 4 flags 1 base 3fffffff inheriting 3fffffff",
                "tell after append: errno 0 pos 4",
                "open ../escape: errno 63",                                    // EPERM: outside the preopen
                "open /etc/passwd: errno 63",
                "open via link: errno 63",
                "poll read forged: errno 8",
                "sock_accept stdout: errno 57",                                // ENOTSOCK
                "sock_accept forged: errno 8",
                "sock_recv preopen: errno 57",
                "sock_send stdout: errno 57",
                "sock_shutdown stdin: errno 57",
                "fdstat closed stdin: errno 8",
            })
                Assert.Contains(expected, lines);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    /// <summary>
    /// The one known difference of the adapter path: a write to a read-only descriptor is EIO through the jco 0.7.0
    /// adapter (its write-via-stream has no error code to give) and EBADF natively, as in Wasmtime's DefineWasi.
    /// </summary>
    [Fact]
    public void AWriteToAReadOnlyFdIsEbadfNativelyAndEioThroughTheAdapter()
    {
        var outputs = new Dictionary<bool, string>();
        foreach (var native in new[] { true, false })
        {
            var dir = Directory.CreateTempSubdirectory("wb-native-ro-").FullName;
            try
            {
                File.WriteAllText(Path.Combine(dir, "in.txt"), "hello\n");
                var stdout = new MemoryOutputPipe();
                using (var context = new WasiContextBuilder().Stdout(stdout).Preopen(dir, "/data").Build())
                {
                    int status = native
                        ? Preview1Program.Run(_guests.Engine, Guest("write_readonly"), context)
                        : WitBindgen.Wasi.Preview1.Preview1Command.Run(_guests.Engine, _guests.Program("write_readonly"), _guests.Adapter, context);
                    Assert.Equal(0, status);
                }
                outputs[native] = stdout.Text;
                Assert.Equal("hello\n", File.ReadAllText(Path.Combine(dir, "in.txt")));
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }
        Assert.Equal("write: -1, errno 8 (Bad file descriptor)\n", outputs[true]);
        Assert.Equal("write: -1, errno 29 (I/O error)\n", outputs[false]);
    }
}
