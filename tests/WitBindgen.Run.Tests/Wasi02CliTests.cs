using System;
using System.IO;
using System.Runtime.CompilerServices;
using Wasmtime;
using Xunit;

namespace WitBindgen.Run.Tests;

/// <summary>
/// <c>witbindgen-run</c> on WASI 0.2: it recognises a core module of <c>wasi:cli/command@0.2.x</c> by its
/// <c>wasi:cli/run@0.2.x#run</c> export and runs it on the WASI 0.2 face, and runs a preview-1 program through
/// jco 1.35.0's adapter (which imports WASI 0.2) on that face.
/// </summary>
public sealed class Wasi02CliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("witbindgen-run-p2-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>jco 1.35.0's preview-1 adapter, as tests/WitBindgen.P2.Tests/prepare.sh installs it.</summary>
    private static string Adapter02([CallerFilePath] string here = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!,
        "..", "WitBindgen.P2.Tests", "node_modules", "@bytecodealliance", "jco", "lib", "wasi_snapshot_preview1.command.wasm"));

    private static string P2Guest(string name, [CallerFilePath] string here = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!,
        "..", "WitBindgen.P2.Tests", "out", name));

    /// <summary>A WASI 0.2 guest reading its stdin from a real OS pipe (non-blocking reads with poll, skip, blocking reads to the end).</summary>
    [Fact]
    public void A_WASI_0_2_guest_reads_stdin_from_a_pipe()
    {
        var guest = P2Guest("streams.wasm");
        Assert.True(File.Exists(guest), $"{guest}: run tests/WitBindgen.P2.Tests/prepare.sh");
        File.WriteAllText(Path.Combine(_dir, "in.txt"), "hello\nworld\n");
        var input = new byte[200_000];
        for (int i = 0; i < input.Length; i++) input[i] = (byte)('a' + i % 26);
        var result = Cli.WithPipe(_dir, input, "--no-cache", "--dir", _dir + "::/data", guest);
        Assert.Equal(0, result.Status);
        Assert.Contains($"stdin bytes {input.Length} ", result.Out);
        Assert.Contains("end: closed\n", result.Out);
        Assert.Contains("read after end: closed\n", result.Out);
        Assert.Contains("spliced 12\n", result.Out);
        Assert.Equal("to stderr\n", result.Stderr);
    }

    private string Wasm(string name, string wat)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, Module.ConvertText(wat));
        return path;
    }

    [Fact]
    public void A_WASI_0_2_command_of_an_older_0_2_x_runs_with_its_exit_code()
    {
        var guest = Wasm("p2.wasm", """
            (module
              (import "wasi:cli/stdout@0.2.3" "get-stdout" (func $stdout (result i32)))
              (import "wasi:io/streams@0.2.3" "[method]output-stream.blocking-write-and-flush" (func $write (param i32 i32 i32 i32)))
              (import "wasi:cli/exit@0.2.3" "exit-with-code" (func $exit (param i32)))
              (memory (export "memory") 1)
              (data (i32.const 16) "hello from WASI 0.2\n")
              (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 0x8000))
              (func (export "wasi:cli/run@0.2.3#run") (result i32)
                (call $write (call $stdout) (i32.const 16) (i32.const 20) (i32.const 64))
                (call $exit (i32.const 42))
                (i32.const 0)))
            """);
        var result = Cli.Run(_dir, Array.Empty<(string, string)>(), "--no-cache", guest);
        Assert.Equal("hello from WASI 0.2\n", result.Out);
        Assert.Equal(42, result.Status);
    }

    [Fact]
    public void A_preview1_program_runs_through_jcos_1_35_adapter_on_WASI_0_2()
    {
        Assert.True(File.Exists(Adapter02()), $"{Adapter02()}: run tests/WitBindgen.P2.Tests/prepare.sh");
        var program = Wasm("p1.wasm", """
            (module
              (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
              (memory (export "memory") 1)
              (data (i32.const 16) "through the 0.2 adapter\n")
              (func (export "_start")
                (i32.store (i32.const 0) (i32.const 16))
                (i32.store (i32.const 4) (i32.const 24))
                (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
                (call $exit (i32.const 3))))
            """);
        var result = Cli.Run(_dir, Array.Empty<(string, string)>(), "--no-cache", "--adapter", Adapter02(), program);
        Assert.Equal("through the 0.2 adapter\n", result.Out);
        Assert.Equal(3, result.Status);
    }
}
