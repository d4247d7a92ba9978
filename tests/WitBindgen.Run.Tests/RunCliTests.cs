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

    // In a directory of our own, without $WITBINDGEN_PREVIEW1_ADAPTER (unless given): a preview-1 program runs natively.
    private static (int Status, string Out, string Err) RunIn(string directory, params string[] args) => RunWith(directory, null, null, args);

    /// <summary>Runs the CLI with <paramref name="stdin"/> written to its stdin (a real OS pipe) and <paramref name="adapterVariable"/> as $WITBINDGEN_PREVIEW1_ADAPTER.</summary>
    private static (int Status, string Out, string Err) RunWith(string directory, string? stdin, string? adapterVariable, params string[] args)
    {
        var start = Cli.StartInfo(args);
        start.RedirectStandardInput = true;
        start.WorkingDirectory = directory;
        start.Environment.Remove("WITBINDGEN_PREVIEW1_ADAPTER");
        if (adapterVariable is not null) start.Environment["WITBINDGEN_PREVIEW1_ADAPTER"] = adapterVariable;
        start.Environment["XDG_CACHE_HOME"] = Cli.CacheHome;
        using var process = Process.Start(start)!;
        if (stdin is not null) process.StandardInput.Write(stdin);
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
    public void A_preview1_program_runs_natively_by_default_with_its_arguments_files_and_status()
    {
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
        // No adapter anywhere: not given, not in the environment, not below the current directory.
        var ok = Run("--env", "WHO=me", "--dir", _dir + "::/data", program, "one");
        Assert.Equal((0, "prog.wasm got 2 args, me, read 'from the host'\n", ""), ok);
        Assert.Equal(3, Run("--env", "WHO=me", "--dir", _dir + "::/data", program, "one", "two").Status);
    }

    private const string WriteToReadOnlyFile = """
        #include <errno.h>
        #include <fcntl.h>
        #include <stdio.h>
        #include <string.h>
        #include <unistd.h>
        int main(void) {
            int fd = open("/data/in.txt", O_RDONLY);
            errno = 0;
            printf("write: %zd, %s\n", write(fd, "x", 1), strerror(errno));
            return 0;
        }
        """;

    /// <summary>Native preview 1 says EBADF for a write to a read-only file, the adapter EIO: which one ran shows.</summary>
    [Fact]
    public void The_adapter_is_used_only_when_given()
    {
        File.WriteAllText(Path.Combine(_dir, "in.txt"), "x");
        var program = Preview1Program(WriteToReadOnlyFile);
        var project = Directory.CreateDirectory(Path.Combine(_dir, "project")).FullName;
        var jco = Directory.CreateDirectory(Path.Combine(project, "node_modules", "@bytecodealliance", "jco")).FullName;
        File.Copy(Adapter(), Path.Combine(jco, "wasi_preview1_component_adapter.command.wasm")); // ignored: not given
        Assert.Equal((0, "write: -1, Bad file descriptor\n", ""), RunIn(project, "--dir", _dir + "::/data", program));
        Assert.Equal((0, "write: -1, I/O error\n", ""), RunIn(project, "--adapter", Adapter(), "--dir", _dir + "::/data", program));
        Assert.Equal((0, "write: -1, I/O error\n", ""), RunWith(project, null, Adapter(), "--dir", _dir + "::/data", program));
    }

    [Fact]
    public void A_missing_adapter_file_is_a_clear_error()
    {
        var program = Preview1Program("int main(void) { return 0; }");
        var (status, _, stderr) = Run("--adapter", Path.Combine(_dir, "nope.wasm"), program);
        Assert.Equal(2, status);
        Assert.Contains("no such adapter", stderr);
    }

    private const string UpperCaseStdin = """
        #include <ctype.h>
        #include <stdio.h>
        int main(void) {
            int c, n = 0;
            while ((c = getchar()) != EOF) { putchar(toupper(c)); n++; }
            printf("[%d bytes]\n", n);
            return 0;
        }
        """;

    [Fact]
    public void A_native_preview1_program_reads_stdin_from_a_pipe()
    {
        var program = Preview1Program(UpperCaseStdin);
        var (status, stdout, stderr) = RunWith(_dir, "a\nb\n", null, program);
        Assert.Equal((0, "A\nB\n[4 bytes]\n", ""), (status, stdout, stderr));
    }

    [Fact]
    public async System.Threading.Tasks.Task A_native_preview1_program_reads_stdin_redirected_from_a_file_and_from_a_slow_producer()
    {
        var program = Preview1Program(UpperCaseStdin);
        var input = Path.Combine(_dir, "input.txt");
        File.WriteAllText(input, "from a file\n");
        var cli = Cli.ShellCommand;
        foreach (var (command, expected) in new[]
        {
            ($"{cli} '{program}' < '{input}'", "FROM A FILE\n[12 bytes]\n"),
            ($"(sleep 1; echo hi) | {cli} '{program}'", "HI\n[3 bytes]\n"),
            ($"{cli} '{program}' < /dev/null", "[0 bytes]\n"),
        })
        {
            var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _dir };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(command);
            start.Environment.Remove("WITBINDGEN_PREVIEW1_ADAPTER");
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            Assert.True(process.WaitForExit(60_000), command);
            Assert.Equal((0, expected, ""), (process.ExitCode, await stdout, await stderr));
        }
    }

    /// <summary>isatty (wasi-libc: fd_fdstat_get says character device, without seek rights) only for a real terminal.</summary>
    [Fact]
    public async System.Threading.Tasks.Task Stdio_is_a_terminal_natively_only_when_it_is_one()
    {
        var program = Preview1Program("""
            #include <stdio.h>
            #include <unistd.h>
            int main(void) { printf("isatty %d %d %d\n", isatty(0), isatty(1), isatty(2)); return 0; }
            """);
        Assert.Equal((0, "isatty 0 0 0\n", ""), RunWith(_dir, "", null, program));
        var start = new ProcessStartInfo("script") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _dir };
        foreach (var a in new[] { "-qec", $"{Cli.ShellCommand} '{program}'", "/dev/null" }) start.ArgumentList.Add(a);
        start.Environment.Remove("WITBINDGEN_PREVIEW1_ADAPTER");
        using var process = Process.Start(start)!; // script(1) gives the CLI a pseudo-terminal as stdin, stdout and stderr
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        Assert.True(process.WaitForExit(60_000), "script did not finish");
        Assert.Equal(0, process.ExitCode);
        Assert.Contains("isatty 1 1 1", await stdout);
    }
}
