using System;
using System.Diagnostics;
using System.Linq;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using Wasmtime;
using Xunit;

namespace WitBindgen.Run.Tests;

/// <summary>
/// Three programs that copy stdin to stdout: <c>cat.c</c> (wasi-libc, preview 1 through the adapter, which reads stdin
/// with the non-blocking <c>streams.read</c>), a seed-world guest on <c>blocking-read</c>, and one that polls
/// (<c>subscribe-to-input-stream</c> + <c>poll-oneoff</c>) before each non-blocking <c>read</c>.
/// </summary>
public sealed class StdinGuests : IDisposable
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("witbindgen-stdin-").FullName;
    public string Cat { get; }
    public string BlockingReadCat { get; }
    public string PollingCat { get; }

    public StdinGuests()
    {
        Cat = Path.Combine(Directory, "cat.wasm");
        var start = new ProcessStartInfo("clang") { RedirectStandardError = true };
        foreach (var a in new[] { "--target=wasm32-wasi", "--sysroot=/usr", "-O2", Cli.Guest("cat.c"), "-o", Cat }) start.ArgumentList.Add(a);
        using var clang = Process.Start(start)!;
        var errors = clang.StandardError.ReadToEnd();
        clang.WaitForExit();
        if (clang.ExitCode != 0) throw new InvalidOperationException($"clang failed: {errors}");
        BlockingReadCat = Wat("blocking-read-cat.wasm", """
            (loop $next
              (call $read_blocking (local.get $in) (i64.const 16384) (i32.const 0x40))
              (if (i32.load8_u (i32.const 0x40)) (then (return (i32.const 1))))
              (call $write_all (local.get $out) (i32.load (i32.const 0x44)) (i32.load (i32.const 0x48)))
              (br_if $next (i32.eqz (i32.load8_u (i32.const 0x4c)))))
            """);
        PollingCat = Wat("polling-cat.wasm", """
            (local.set $pollable (call $subscribe (local.get $in)))
            (loop $next
              ;; poll-oneoff([pollable]) returns once stdin has data or its end; the list<bool> goes to cabi_realloc
              (i32.store (i32.const 0x20) (local.get $pollable))
              (call $poll (i32.const 0x20) (i32.const 1) (i32.const 0x28))
              (if (i32.ne (i32.load (i32.const 0x2c)) (i32.const 1)) (then unreachable))
              (if (i32.eqz (i32.load8_u (i32.load (i32.const 0x28)))) (then unreachable))
              (call $read (local.get $in) (i64.const 16384) (i32.const 0x40))
              (if (i32.load8_u (i32.const 0x40)) (then (return (i32.const 1))))
              (call $write_all (local.get $out) (i32.load (i32.const 0x44)) (i32.load (i32.const 0x48)))
              (br_if $next (i32.eqz (i32.load8_u (i32.const 0x4c)))))
            """);
    }

    // A seed-world command whose run#run has locals $in (stdin), $out (stdout), $pollable and ends with `body`, returning ok.
    private string Wat(string name, string body)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllBytes(path, Module.ConvertText($$"""
            (module
              (import "stdin" "get-stdin" (func $stdin (result i32)))
              (import "stdout" "get-stdout" (func $stdout (result i32)))
              (import "streams" "read" (func $read (param i32 i64 i32)))
              (import "streams" "blocking-read" (func $read_blocking (param i32 i64 i32)))
              (import "streams" "blocking-write" (func $write (param i32 i32 i32 i32)))
              (import "streams" "subscribe-to-input-stream" (func $subscribe (param i32) (result i32)))
              (import "poll" "poll-oneoff" (func $poll (param i32 i32 i32)))
              (memory (export "memory") 1)
              ;; every list the host returns lands at 0x8000 (at most 16 KiB are asked for); each is used before the next
              (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 0x8000))
              (func $write_all (param $stream i32) (param $ptr i32) (param $len i32)
                (loop $more
                  (if (i32.eqz (local.get $len)) (then (return)))
                  (call $write (local.get $stream) (local.get $ptr) (local.get $len) (i32.const 0x60))
                  (if (i32.load8_u (i32.const 0x60)) (then unreachable))
                  (local.set $ptr (i32.add (local.get $ptr) (i32.wrap_i64 (i64.load (i32.const 0x68)))))
                  (local.set $len (i32.sub (local.get $len) (i32.wrap_i64 (i64.load (i32.const 0x68)))))
                  (br $more)))
              (func (export "run#run") (result i32)
                (local $in i32) (local $out i32) (local $pollable i32)
                (local.set $in (call $stdin))
                (local.set $out (call $stdout))
                {{body}}
                (i32.const 0)))
            """));
        return path;
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

/// <summary>
/// Every kind of stdin a user gives <c>witbindgen-run</c> reaches the guest byte for byte: a pipe (also one whose
/// producer is slow, and 1 MiB), a redirected regular file, and a closed stdin (the end of the stream at once).
/// </summary>
public sealed class StdinTests : IClassFixture<StdinGuests>
{
    private readonly StdinGuests _guests;

    public StdinTests(StdinGuests guests) => _guests = guests;

    public static TheoryData<string> Programs => new() { "cat", "cat-via-adapter", "blocking-read", "polling" };

    // The CLI's arguments for a program: the preview-1 cat natively (the default) and through the adapter.
    private string[] Args(string program) => program switch
    {
        "cat" => new[] { _guests.Cat },
        "cat-via-adapter" => new[] { "--adapter", Cli.Adapter(), _guests.Cat },
        "blocking-read" => new[] { _guests.BlockingReadCat },
        "polling" => new[] { _guests.PollingCat },
        _ => throw new ArgumentException(program),
    };

    private static void AssertCopied(byte[] expected, CliResult result)
    {
        Assert.Equal("", result.Stderr);
        Assert.Equal(0, result.Status);
        Assert.Equal(expected.Length, result.Stdout.Length);
        Assert.True(expected.AsSpan().SequenceEqual(result.Stdout), "stdout differs from stdin");
    }

    [Theory, MemberData(nameof(Programs))]
    public void Lines_through_a_pipe_reach_the_guest(string program)
    {
        var input = Encoding.UTF8.GetBytes("a\nb\n");
        AssertCopied(input, Cli.WithPipe(_guests.Directory, input, Args(program)));
    }

    [Theory, MemberData(nameof(Programs))]
    public void A_slow_producer_is_waited_for(string program)
    {
        // The guest reads before any byte is there, and again while the producer pauses.
        var result = Cli.WithPipe(_guests.Directory, async stdin =>
        {
            await Task.Delay(1000);
            await stdin.WriteAsync(Encoding.UTF8.GetBytes("hi\n"));
            await stdin.FlushAsync();
            await Task.Delay(500);
            await stdin.WriteAsync(Encoding.UTF8.GetBytes("there\n"));
        }, Args(program));
        AssertCopied(Encoding.UTF8.GetBytes("hi\nthere\n"), result);
    }

    [Theory, MemberData(nameof(Programs))]
    public void A_mebibyte_through_a_pipe_arrives_byte_exact(string program)
    {
        var input = new byte[1 << 20];
        new Random(10).NextBytes(input);
        AssertCopied(input, Cli.WithPipe(_guests.Directory, input, Args(program)));
    }

    [Theory, MemberData(nameof(Programs))]
    public void A_redirected_regular_file_reaches_the_guest(string program)
    {
        var input = new byte[300_000];
        new Random(11).NextBytes(input);
        var file = Path.Combine(_guests.Directory, $"input-{program}.bin");
        File.WriteAllBytes(file, input);
        AssertCopied(input, Cli.WithShellStdin(_guests.Directory, $"< '{file}'", Args(program)));
    }

    [Theory, MemberData(nameof(Programs))]
    public void An_empty_file_is_the_end_at_once(string program)
    {
        var file = Path.Combine(_guests.Directory, $"empty-{program}.txt");
        File.WriteAllBytes(file, Array.Empty<byte>());
        AssertCopied(Array.Empty<byte>(), Cli.WithShellStdin(_guests.Directory, $"< '{file}'", Args(program)));
    }

    [Theory, MemberData(nameof(Programs))]
    public void A_closed_stdin_reads_as_its_end(string program)
    {
        // `<&-`: fd 0 is closed when the CLI starts (the .NET runtime may reuse the number for a pipe of its own).
        AssertCopied(Array.Empty<byte>(), Cli.WithShellStdin(_guests.Directory, "<&-", Args(program)));
    }

    [Theory, MemberData(nameof(Programs))]
    public async Task A_terminal_reaches_the_guest(string program)
    {
        // script(1) runs the CLI on a pseudo-terminal: stdin is a tty in canonical mode. The line typed into it
        // comes back twice on the terminal: once echoed by the tty, once copied by the guest; ^D ends the input.
        var start = new ProcessStartInfo("script") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _guests.Directory };
        var command = string.Join(' ', Cli.Command.Concat(Args(program)).Select(a => $"'{a}'"));
        foreach (var a in new[] { "-qec", command, "/dev/null" }) start.ArgumentList.Add(a);
        start.Environment.Remove("WITBINDGEN_PREVIEW1_ADAPTER");
        start.Environment["XDG_CACHE_HOME"] = Cli.CacheHome;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        await Task.Delay(1500); // let the guest block on the terminal first
        await process.StandardInput.WriteAsync("typed on a terminal\n");
        await process.StandardInput.FlushAsync();
        await Task.Delay(500);
        await process.StandardInput.WriteAsync("\u0004");
        await process.StandardInput.FlushAsync();
        Assert.True(process.WaitForExit(60_000), "the guest did not see the end of the terminal's input");
        var text = await stdout;
        Assert.True(process.ExitCode == 0, $"status {process.ExitCode}: {text}");
        Assert.Equal(2, text.Split("typed on a terminal").Length - 1);
    }
}
