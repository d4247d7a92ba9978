using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Wasmtime;
using WitBindgen.Wasi;
using Xunit;

namespace WitBindgen.Run.Tests;

/// <summary>The compile cache: hits, corrupt entries, concurrent writers, and the CLI's use of it.</summary>
public sealed class ModuleCacheTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("witbindgen-cache-").FullName;
    private readonly Engine _engine = new();

    public void Dispose()
    {
        _engine.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private static byte[] Answer(int value) => Module.ConvertText($"(module (func (export \"answer\") (result i32) (i32.const {value})))");

    private int Call(Module module)
    {
        using var store = new Store(_engine);
        var instance = new Linker(_engine).Instantiate(store, module);
        return (int)instance.GetFunction("answer")!.Invoke()!;
    }

    // The compiled modules in a cache directory (each has its hash beside it, in .xxh128).
    private static string[] Entries(string directory) => Directory.Exists(directory) ? Directory.GetFiles(directory, "*.cwasm") : Array.Empty<string>();

    private static string[] AllFiles(string directory) => Directory.Exists(directory) ? Directory.GetFiles(directory) : Array.Empty<string>();

    [Fact]
    public void The_second_load_of_the_same_bytes_is_a_hit_and_runs()
    {
        var cache = new ModuleCache(Path.Combine(_dir, "cache"));
        using (var first = cache.Load(_engine, "answer", Answer(42), out var outcome))
        {
            Assert.Equal(ModuleCacheOutcome.Miss, outcome);
            Assert.Equal(42, Call(first));
        }
        using (var second = cache.Load(_engine, "answer", Answer(42), out var outcome))
        {
            Assert.Equal(ModuleCacheOutcome.Hit, outcome);
            Assert.Equal(42, Call(second));
        }
        // Other bytes, or the same bytes under another engine configuration, are other entries.
        using (var other = cache.Load(_engine, "answer", Answer(7), out var outcome))
        {
            Assert.Equal(ModuleCacheOutcome.Miss, outcome);
            Assert.Equal(7, Call(other));
        }
        using (var configured = cache.Load(_engine, "answer", Answer(42), "fuel", out var outcome))
            Assert.Equal(ModuleCacheOutcome.Miss, outcome);
        Assert.Equal(3, Entries(cache.Directory).Length);
        Assert.Equal(6, AllFiles(cache.Directory).Length); // and their hashes; no temporary file is left
        Assert.All(AllFiles(cache.Directory), f => Assert.True(f.EndsWith(".cwasm", StringComparison.Ordinal) || f.EndsWith(".xxh128", StringComparison.Ordinal), f));
    }

    [Theory]
    [InlineData("flipped")]
    [InlineData("truncated")]
    [InlineData("empty")]
    [InlineData("sound checksum, not a module")]
    [InlineData("hash missing")]
    public void A_bad_entry_is_compiled_again_and_rewritten(string damage)
    {
        var cache = new ModuleCache(Path.Combine(_dir, "cache"));
        cache.Load(_engine, "answer", Answer(42), out _).Dispose();
        var entry = Assert.Single(Entries(cache.Directory));
        var sum = Path.ChangeExtension(entry, ".xxh128");
        var bytes = File.ReadAllBytes(entry);
        switch (damage)
        {
            case "flipped":
                bytes[bytes.Length / 2] ^= 0x40;
                break;
            case "truncated":
                bytes = bytes.AsSpan(0, bytes.Length - 100).ToArray();
                break;
            case "empty":
                bytes = Array.Empty<byte>();
                break;
            case "hash missing":
                File.Delete(sum);
                break;
            default:
                // The hash matches: Wasmtime itself must refuse the bytes.
                bytes = new byte[4096];
                new System.Random(5).NextBytes(bytes);
                File.WriteAllBytes(sum, System.IO.Hashing.XxHash128.Hash(bytes));
                break;
        }
        File.WriteAllBytes(entry, bytes);

        using (var again = cache.Load(_engine, "answer", Answer(42), out var outcome))
        {
            Assert.Equal(ModuleCacheOutcome.Replaced, outcome);
            Assert.Equal(42, Call(again));
        }
        using (var rewritten = cache.Load(_engine, "answer", Answer(42), out var outcome))
        {
            Assert.Equal(ModuleCacheOutcome.Hit, outcome);
            Assert.Equal(42, Call(rewritten));
        }
    }

    [Fact]
    public void Concurrent_loaders_of_one_module_all_get_it_and_leave_one_sound_entry()
    {
        var cache = new ModuleCache(Path.Combine(_dir, "cache"));
        var wasm = Answer(9);
        var results = new int[8];
        Parallel.For(0, results.Length, i =>
        {
            using var module = cache.Load(_engine, "answer", wasm, out _);
            results[i] = Call(module);
        });
        Assert.All(results, r => Assert.Equal(9, r));
        Assert.Single(Entries(cache.Directory));
        using var last = cache.Load(_engine, "answer", wasm, out var outcome);
        Assert.Equal(ModuleCacheOutcome.Hit, outcome);
    }

    [Fact]
    public void An_unwritable_cache_directory_only_costs_the_compilation()
    {
        var file = Path.Combine(_dir, "a-file");
        File.WriteAllText(file, "");
        var cache = new ModuleCache(Path.Combine(file, "cache")); // below a file: cannot be created
        using var module = cache.Load(_engine, "answer", Answer(3), out var outcome);
        Assert.Equal(ModuleCacheOutcome.Miss, outcome);
        Assert.Equal(3, Call(module));
    }

    /// <summary>The library's way in: a file through <see cref="ModuleCache.LoadFile(Engine, string, out ModuleCacheOutcome)"/>, run as a preview-1 program.</summary>
    [Fact]
    public void LoadFile_misses_then_hits_and_the_cached_module_runs_as_a_preview1_program()
    {
        var program = Path.Combine(_dir, "hello.wasm");
        File.WriteAllBytes(program, Module.ConvertText("""
            (module
              (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
              (memory (export "memory") 1)
              (data (i32.const 16) "cached\n")
              (func (export "_start")
                (i32.store (i32.const 0) (i32.const 16))
                (i32.store (i32.const 4) (i32.const 7))
                (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
            """));
        var cache = new ModuleCache(Path.Combine(_dir, "cache"));
        foreach (var expected in new[] { ModuleCacheOutcome.Miss, ModuleCacheOutcome.Hit })
        {
            using var module = cache.LoadFile(_engine, program, out var outcome);
            Assert.Equal(expected, outcome);
            Assert.Equal("hello.wasm", module.Name);
            var stdout = new MemoryOutputPipe();
            using var context = new WasiContextBuilder().Args("hello").Stdout(stdout).Build();
            Assert.Equal(0, WitBindgen.Wasi.Preview1Host.Preview1Program.Run(_engine, module, context));
            Assert.Equal("cached\n", stdout.Text);
        }
        // A changed file is another entry; a missing one is an IOException, not a crash.
        File.WriteAllBytes(program, Answer(5));
        using (var changed = cache.LoadFile(_engine, program, out var outcome))
        {
            Assert.Equal(ModuleCacheOutcome.Miss, outcome);
            Assert.Equal(5, Call(changed));
        }
        Assert.Equal(2, Entries(cache.Directory).Length);
        Assert.Throws<FileNotFoundException>(() => cache.LoadFile(_engine, Path.Combine(_dir, "missing.wasm"), out _));
        // The per-user cache is one object, in the default directory.
        Assert.Same(ModuleCache.Default, ModuleCache.Default);
        Assert.Equal(Path.GetFullPath(ModuleCache.DefaultDirectory), ModuleCache.Default.Directory);
    }

    [Fact]
    public void The_cli_caches_in_XDG_CACHE_HOME_and_no_cache_writes_nothing()
    {
        var program = Path.Combine(_dir, "ok.wasm");
        File.WriteAllBytes(program, Module.ConvertText("""
            (module
              (memory (export "memory") 1)
              (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 0x8000))
              (func (export "run#run") (result i32) (i32.const 0)))
            """));
        var home = Path.Combine(_dir, "xdg");
        var environment = new[] { ("XDG_CACHE_HOME", home) };
        var cacheDir = Path.Combine(home, "witbindgen");

        var uncached = Cli.Run(_dir, environment, "--no-cache", program);
        Assert.Equal(0, uncached.Status);
        Assert.False(Directory.Exists(home), "--no-cache created the cache directory");

        Assert.Equal(0, Cli.Run(_dir, environment, program).Status);
        var entry = Assert.Single(Entries(cacheDir));
        var written = File.GetLastWriteTimeUtc(entry);
        var content = File.ReadAllBytes(entry);

        // The second run reads the entry (it is not rewritten) and still runs the program.
        Assert.Equal(0, Cli.Run(_dir, environment, program).Status);
        Assert.Equal(content, File.ReadAllBytes(Assert.Single(Entries(cacheDir))));
        Assert.Equal(written, File.GetLastWriteTimeUtc(entry));

        // A corrupt entry is not run: the CLI compiles the program again and rewrites the entry.
        File.WriteAllBytes(entry, content.AsSpan(0, content.Length / 2).ToArray());
        Assert.Equal(0, Cli.Run(_dir, environment, program).Status);
        Assert.Equal(content.Length, new FileInfo(entry).Length);
    }
}
