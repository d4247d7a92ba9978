using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.CompilerServices;
using Wasmtime;
using Xunit;

namespace WitBindgen.Run.Tests;

/// <summary>The main job, <c>witbindgen-run</c>, started as a process: its output, errors and exit status.</summary>
public sealed class RunCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("witbindgen-run-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private (int Status, string Out, string Err) Run(params string[] args) => RunIn(_dir, args);

    // In a directory of our own, without $WITBINDGEN_PREVIEW1_ADAPTER: the CLI looks for the adapter below its cwd.
    private static (int Status, string Out, string Err) RunIn(string directory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = directory,
        };
        start.Environment.Remove("WITBINDGEN_PREVIEW1_ADAPTER");
        start.Environment["XDG_CACHE_HOME"] = Cli.CacheHome;
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "witbindgen-run.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(60_000), "witbindgen-run did not finish");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private string Wasm(string name, string wat)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, Module.ConvertText(wat));
        return path;
    }

    private const string Prelude = """
        (memory (export "memory") 1)
        (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 0x8000))
        """;

    [Fact]
    public void Without_a_program_it_runs_the_demo_guest()
    {
        var (status, stdout, _) = Run();
        Assert.Equal(0, status);
        Assert.StartsWith("WitBindgen demo guest", stdout);
        Assert.Contains("args: demo\n", stdout);
        Assert.Matches(@"wall clock: \d{10} s since 1970", stdout);
        Assert.Matches(@"random bytes: [0-9a-f]{16}\n", stdout);
    }

    [Fact]
    public void Environment_and_preopened_directories_reach_the_guest()
    {
        File.WriteAllText(Path.Combine(_dir, "hello.txt"), "hi");
        var (status, stdout, _) = Run("--env", "GREETING=hello", "--env", "EMPTY=", "--dir", _dir + "::/data", "--dir-ro", _dir + "::/ro");
        Assert.Equal(0, status);
        Assert.Contains("environment variables: 2\n  GREETING=hello\n  EMPTY=\n", stdout);
        Assert.Contains("preopened directories: 2\n  /data (descriptor ", stdout);
        Assert.Contains("\n  /ro (descriptor ", stdout);
        Assert.Contains("\n  its entries: hello.txt\n", stdout); // the first preopen, listed by the guest
    }

    [Fact]
    public void A_program_gets_its_arguments_and_its_exit_status_is_ours()
    {
        var program = Wasm("exit.wasm", $$"""
            (module
              (import "environment" "get-arguments" (func $args (param i32)))
              (import "exit" "exit" (func $exit (param i32)))
              {{Prelude}}
              ;; exit(err) when given more than two arguments, else return ok
              (func (export "run#run") (result i32)
                (call $args (i32.const 0x100))
                (if (i32.gt_u (i32.load (i32.const 0x104)) (i32.const 2)) (then (call $exit (i32.const 1))))
                (i32.const 0)))
            """);
        Assert.Equal(0, Run(program, "one").Status);
        Assert.Equal(1, Run(program, "one", "two").Status);
    }

    [Fact]
    public void A_run_that_returns_err_exits_with_1()
    {
        var program = Wasm("err.wasm", $"(module {Prelude} (func (export \"run#run\") (result i32) (i32.const 1)))");
        Assert.Equal(1, Run(program).Status);
    }

    [Fact]
    public void A_missing_file_a_non_wasm_file_and_an_unknown_option_are_clear_errors()
    {
        var missing = Run(Path.Combine(_dir, "nope.wasm"));
        Assert.Equal(2, missing.Status);
        Assert.Contains("no such file", missing.Err);

        var text = Path.Combine(_dir, "notes.txt");
        File.WriteAllText(text, "not wasm");
        var notWasm = Run(text);
        Assert.Equal(2, notWasm.Status);
        Assert.Contains("is not a WebAssembly module", notWasm.Err);

        var option = Run("--frobnicate");
        Assert.Equal(2, option.Status);
        Assert.Contains("unknown option '--frobnicate'", option.Err);
    }

    [Fact]
    public void A_module_importing_what_we_do_not_provide_names_the_import()
    {
        var program = Wasm("foreign.wasm", $$"""
            (module
              (import "acme" "frobnicate" (func (param i32 i32 i32 i32) (result i32)))
              {{Prelude}}
              (func (export "run#run") (result i32) (i32.const 0)))
            """);
        var (status, _, stderr) = Run(program);
        Assert.Equal(2, status);
        Assert.Contains("acme.frobnicate", stderr);
    }

    [Fact]
    public void A_trap_prints_its_cause_and_wasm_backtrace_keeps_earlier_output_and_exits_134()
    {
        var program = Wasm("trap.wasm", $$"""
            (module
              (import "stdout" "get-stdout" (func $stdout (result i32)))
              (import "streams" "blocking-write" (func $write (param i32 i32 i32 i32)))
              {{Prelude}}
              (data (i32.const 0x10) "before the trap\n")
              (func $deep_inside (result i32) (i32.load (i32.const 0x7ffffff0)))
              (func (export "run#run") (result i32)
                (call $write (call $stdout) (i32.const 0x10) (i32.const 16) (i32.const 0x40))
                (call $deep_inside)))
            """);
        var (status, stdout, stderr) = Run(program);
        Assert.Equal(134, status); // as `wasmtime run` on Unix: 128 + SIGABRT
        Assert.Equal("before the trap\n", stdout);
        Assert.StartsWith("witbindgen-run: the guest trapped: wasm trap: out of bounds memory access\n", stderr);
        Assert.Contains("wasm backtrace:", stderr);
        Assert.Contains("!deep_inside", stderr); // the frame that trapped, named from the name section
    }

    [Fact]
    public void An_unreachable_in_a_preview1_program_is_named_with_its_frames()
    {
        var program = Preview1Program("int main(void) { __builtin_trap(); }");
        var (status, _, stderr) = Run("--adapter", Adapter(), program);
        Assert.Equal(134, status);
        Assert.StartsWith("witbindgen-run: the guest trapped: wasm trap: wasm `unreachable` instruction executed\n", stderr);
        Assert.Contains("!__original_main", stderr);
        Assert.Contains("!_start", stderr);
    }

    [Fact]
    public void The_help_documents_the_exit_statuses()
    {
        var (status, stdout, _) = Run("--help");
        Assert.Equal(0, status);
        Assert.Contains("134 when the guest traps", stdout);
        Assert.Contains("--no-cache", stdout);
    }

    [Fact]
    public void A_wrong_adapter_is_a_one_line_error_with_status_2()
    {
        var program = Preview1Program("int main(void) { return 0; }");
        var reactor = Path.Combine(Path.GetDirectoryName(Adapter())!, "wasi_preview1_component_adapter.reactor.wasm");
        var text = Path.Combine(_dir, "adapter.txt");
        File.WriteAllText(text, "not an adapter");
        var noise = Path.Combine(_dir, "noise.wasm");
        var bytes = new byte[4096];
        new Random(4).NextBytes(bytes);
        File.WriteAllBytes(noise, bytes);
        var module = Wasm("module.wasm", "(module (func (export \"run\")))");
        var expected = new[]
        {
            (reactor, "is not the command adapter wasi_preview1_component_adapter.command.wasm of @bytecodealliance/jco@0.7.0: it exports no run"),
            (text, "is not wasi_preview1_component_adapter.command.wasm of @bytecodealliance/jco@0.7.0: "),
            (noise, "is not wasi_preview1_component_adapter.command.wasm of @bytecodealliance/jco@0.7.0: "),
            (module, "is not wasi_preview1_component_adapter.command.wasm of @bytecodealliance/jco@0.7.0: "),
        };
        Assert.True(File.Exists(reactor), $"{reactor} ships with jco 0.7.0");
        foreach (var (adapter, message) in expected)
        {
            var (status, stdout, stderr) = Run("--adapter", adapter, program);
            Assert.Equal(2, status);
            Assert.Equal("", stdout);
            Assert.Equal($"witbindgen-run: --adapter {adapter} {message}", stderr.Substring(0, Math.Min(stderr.Length, $"witbindgen-run: --adapter {adapter} {message}".Length)));
            Assert.Single(stderr.TrimEnd('\n').Split('\n')); // one line, no stack trace
        }
    }

    private static string Adapter([CallerFilePath] string here = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!,
        "..", "jco", "node_modules", "@bytecodealliance", "jco", "wasi_preview1_component_adapter.command.wasm"));

    /// <summary>A C program built for WASI preview 1 with Debian's clang and wasi-libc (installed by the test script).</summary>
    private string Preview1Program(string source)
    {
        var c = Path.Combine(_dir, "prog.c");
        var wasm = Path.Combine(_dir, "prog.wasm");
        File.WriteAllText(c, source);
        var start = new ProcessStartInfo("clang", $"--target=wasm32-wasi --sysroot=/usr -O2 {c} -o {wasm}") { RedirectStandardError = true };
        using var clang = Process.Start(start)!;
        var errors = clang.StandardError.ReadToEnd();
        clang.WaitForExit();
        Assert.True(clang.ExitCode == 0, errors);
        return wasm;
    }

    [Fact]
    public void A_preview1_program_runs_through_the_adapter_with_its_arguments_files_and_status()
    {
        Assert.True(File.Exists(Adapter()), $"{Adapter()} comes from tests/jco's npm install (scripts/test.sh)");
        File.WriteAllText(Path.Combine(_dir, "in.txt"), "from the host");
        var program = Preview1Program("""
            #include <stdio.h>
            #include <stdlib.h>
            int main(int argc, char **argv) {
                char line[64] = {0};
                FILE *in = fopen("/data/in.txt", "r");
                if (!in || !fgets(line, sizeof line, in)) { perror("open"); return 1; }
                printf("%s got %d args, %s, read '%s'\n", argv[0], argc, getenv("WHO"), line);
                return argc > 2 ? 3 : 0;
            }
            """);
        var ok = Run("--adapter", Adapter(), "--env", "WHO=me", "--dir", _dir + "::/data", program, "one");
        Assert.Equal(0, ok.Status);
        Assert.Equal("prog.wasm got 2 args, me, read 'from the host'\n", ok.Out);
        // proc_exit(3): the adapter's exit(err) carries no code, the host keeps the one proc_exit was given.
        Assert.Equal(3, Run("--adapter", Adapter(), "--env", "WHO=me", "--dir", _dir + "::/data", program, "one", "two").Status);
    }

    [Fact]
    public void The_adapter_is_found_in_node_modules_below_the_current_directory()
    {
        var program = Preview1Program("""
            #include <stdio.h>
            int main(void) { puts("found it"); return 0; }
            """);
        var project = Directory.CreateDirectory(Path.Combine(_dir, "project")).FullName;
        var jco = Directory.CreateDirectory(Path.Combine(project, "node_modules", "@bytecodealliance", "jco")).FullName;
        File.Copy(Adapter(), Path.Combine(jco, "wasi_preview1_component_adapter.command.wasm"));
        var (status, stdout, stderr) = RunIn(project, program);
        Assert.Equal("", stderr);
        Assert.Equal("found it\n", stdout);
        Assert.Equal(0, status);
    }

    [Fact]
    public void A_preview1_program_without_the_adapter_is_a_clear_error()
    {
        var program = Preview1Program("int main(void) { return 0; }");
        var (status, _, stderr) = Run(program);
        Assert.Equal(2, status);
        Assert.Contains("is a WASI preview-1 program: give the adapter with --adapter PATH", stderr);
        Assert.Contains("none in node_modules/@bytecodealliance/jco/wasi_preview1_component_adapter.command.wasm or tests/jco/", stderr);
    }
}
