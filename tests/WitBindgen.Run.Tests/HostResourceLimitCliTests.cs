using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.CompilerServices;
using Wasmtime;
using Xunit;

namespace WitBindgen.Run.Tests;

/// <summary>
/// <c>witbindgen-run</c> as a process, with guests that open files forever: the runtime's limit on open host
/// resources refuses them long before the process runs out of descriptors, so the guest sees an error, its output
/// is intact, and the process ends with the guest's own status (never an abort, exit 134 "Out of memory").
/// </summary>
public sealed class HostResourceLimitCliTests : IDisposable
{
    /// <summary>The filesystem's <c>error-code.insufficient-memory</c>: the seed's error-code has no EMFILE.</summary>
    private const int InsufficientMemory = 22;

    private readonly string _dir = Directory.CreateTempSubdirectory("witbindgen-run-limits-").FullName;

    public HostResourceLimitCliTests() => File.WriteAllText(Path.Combine(_dir, "f.txt"), "x");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private (int Status, string Out, string Err) Run(params string[] args)
    {
        var start = Cli.StartInfo(args);
        start.RedirectStandardInput = true;
        start.WorkingDirectory = _dir;
        start.Environment.Remove("WITBINDGEN_PREVIEW1_ADAPTER");
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "witbindgen-run did not finish");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void A_seed_world_guest_opening_a_file_forever_is_refused_and_exits_with_its_own_status()
    {
        // Opens /data/f.txt without ever dropping; on the first refusal prints "count:code" and returns err (status 1).
        var program = Path.Combine(_dir, "open-forever.wasm");
        File.WriteAllBytes(program, Module.ConvertText("""
            (module
              (import "stdout" "get-stdout" (func $stdout (result i32)))
              (import "streams" "blocking-write" (func $write (param i32 i32 i32 i32)))
              (import "filesystem" "open-at" (func $open_at (param i32 i32 i32 i32 i32 i32 i32 i32)))
              (memory (export "memory") 1)
              (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 0x8000))
              (data (i32.const 0x100) "f.txt")
              (data (i32.const 0x110) "opening\n")
              (func $print_u32 (param $v i32)
                (local $p i32)
                (local.set $p (i32.const 0x7fc0))
                (loop $digit
                  (local.set $p (i32.sub (local.get $p) (i32.const 1)))
                  (i32.store8 (local.get $p) (i32.add (i32.const 48) (i32.rem_u (local.get $v) (i32.const 10))))
                  (local.set $v (i32.div_u (local.get $v) (i32.const 10)))
                  (br_if $digit (local.get $v)))
                (call $write (call $stdout) (local.get $p) (i32.sub (i32.const 0x7fc0) (local.get $p)) (i32.const 0x7f00)))
              (func (export "run#run") (result i32)
                (local $count i32)
                (call $write (call $stdout) (i32.const 0x110) (i32.const 8) (i32.const 0x7f00))
                (block $refused
                  (loop $forever
                    (call $open_at (i32.const 4) (i32.const 0) (i32.const 0x100) (i32.const 5) (i32.const 0) (i32.const 1) (i32.const 0) (i32.const 0x1000))
                    (br_if $refused (i32.load8_u (i32.const 0x1000)))
                    (local.set $count (i32.add (local.get $count) (i32.const 1)))
                    (br $forever)))
                (call $print_u32 (local.get $count))
                (i32.store8 (i32.const 0x120) (i32.const 58))
                (call $write (call $stdout) (i32.const 0x120) (i32.const 1) (i32.const 0x7f00))
                (call $print_u32 (i32.load8_u (i32.const 0x1004)))
                (i32.const 1)))
            """));
        var (status, stdout, stderr) = Run("--dir", _dir + "::/data", program);
        Assert.True(status == 1, $"status {status}; stderr: {stderr}");
        Assert.Equal($"opening\n1024:{InsufficientMemory}", stdout);
        Assert.DoesNotContain("Out of memory", stderr);
    }

    private static string Adapter([CallerFilePath] string here = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!,
        "..", "jco", "node_modules", "@bytecodealliance", "jco", "wasi_preview1_component_adapter.command.wasm"));

    [Fact]
    public void A_preview1_program_calling_fopen_forever_gets_an_errno_and_exits_with_its_own_status()
    {
        Assert.True(File.Exists(Adapter()), $"{Adapter()} comes from tests/jco's npm install (scripts/test.sh)");
        var c = Path.Combine(_dir, "prog.c");
        var wasm = Path.Combine(_dir, "prog.wasm");
        File.WriteAllText(c, """
            #include <errno.h>
            #include <stdio.h>
            #include <string.h>
            int main(void) {
                puts("opening");
                fflush(stdout);
                for (long n = 0; n < 1000000; n++) {
                    if (!fopen("/data/f.txt", "r")) {
                        printf("refused after %ld: %s\n", n, strerror(errno));
                        return 7;
                    }
                }
                puts("never refused");
                return 0;
            }
            """);
        var start = new ProcessStartInfo("clang", $"--target=wasm32-wasi --sysroot=/usr -O2 {c} -o {wasm}") { RedirectStandardError = true };
        using (var clang = Process.Start(start)!)
        {
            var errors = clang.StandardError.ReadToEnd();
            clang.WaitForExit();
            Assert.True(clang.ExitCode == 0, errors);
        }
        var (status, stdout, stderr) = Run("--adapter", Adapter(), "--dir", _dir + "::/data", wasm);
        Assert.True(status == 7, $"status {status}; stdout: {stdout}; stderr: {stderr}");
        // Through the adapter, its own table of 124 preview-1 descriptors fills first (ENOMEM too); natively, the
        // runtime's budget would. Either way the program is told, and ends as it chooses.
        var refused = System.Text.RegularExpressions.Regex.Match(stdout, @"^opening\nrefused after (\d+): Out of memory\n$");
        Assert.True(refused.Success, stdout);
        Assert.InRange(int.Parse(refused.Groups[1].Value), 100, 1024);
    }
}
