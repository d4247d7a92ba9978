using System;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using Xunit;

namespace WitBindgen.Wasi.Tests;

public class StdioTests
{
    private const string StreamImports = """
          (import "stdin" "get-stdin" (func $get_stdin (result i32)))
          (import "stderr" "get-stderr" (func $get_stderr (result i32)))
          (import "streams" "write" (func $write (param i32 i32 i32 i32)))
          (import "streams" "read" (func $read (param i32 i64 i32)))
          (import "streams" "blocking-read" (func $blocking_read (param i32 i64 i32)))
        """;

    [Fact]
    public void Hello_world_writes_to_stdout_through_streams_write()
    {
        var wat = Wat.Command(StreamImports, """
            (call $write (call $get_stdout) (i32.const 0x100) (i32.const 14) (i32.const 0x1000))
            (if (i32.load8_u (i32.const 0x1000)) (then (return (i32.const 1))))      ;; err
            (if (i64.ne (i64.load (i32.const 0x1008)) (i64.const 14)) (then (return (i32.const 1))))
            (i32.const 0)
            """, """(data (i32.const 0x100) "Hello, world!\n")""");
        var (status, stdout) = Runner.Capture(wat);
        Assert.Equal(0, status);
        Assert.Equal("Hello, world!\n", stdout);
    }

    [Fact]
    public void Stderr_and_a_dotnet_stream_as_stdout()
    {
        var wat = Wat.Command(StreamImports, """
            (call $write (call $get_stderr) (i32.const 0x100) (i32.const 4) (i32.const 0x1000))
            (call $write (call $get_stdout) (i32.const 0x104) (i32.const 3) (i32.const 0x1000))
            (i32.const 0)
            """, """(data (i32.const 0x100) "err!out")""");
        var stderr = new MemoryOutputPipe();
        using var stdout = new MemoryStream();
        using var context = new WasiContextBuilder().Stdout(stdout).Stderr(stderr).Build();
        Assert.Equal(0, Runner.Run(wat, context));
        Assert.Equal("err!", stderr.Text);
        Assert.Equal("out", Encoding.UTF8.GetString(stdout.ToArray()));
    }

    /// <summary>cat: blocking-read 5 bytes at a time and echo them until the end of stream; prints the number of reads to stderr.</summary>
    private static readonly string Cat = Wat.Command(StreamImports, """
        (local $reads i64)
        (loop $next
          (call $blocking_read (call $get_stdin) (i64.const 5) (i32.const 0x1000))
          (if (i32.load8_u (i32.const 0x1000)) (then (return (i32.const 1))))
          (local.set $reads (i64.add (local.get $reads) (i64.const 1)))
          (call $print (i32.load (i32.const 0x1004)) (i32.load (i32.const 0x1008)))
          (br_if $next (i32.eqz (i32.load8_u (i32.const 0x100c)))))
        ;; once ended, a read reports the end again, with no data
        (call $read (call $get_stdin) (i64.const 5) (i32.const 0x1000))
        (if (i32.or (i32.load (i32.const 0x1008)) (i32.eqz (i32.load8_u (i32.const 0x100c)))) (then (return (i32.const 1))))
        (call $print_char (i32.const 10))
        (call $print_u64 (local.get $reads))
        (i32.const 0)
        """);

    [Fact]
    public void Stdin_from_bytes_is_read_to_its_end()
    {
        var (status, stdout) = Runner.Capture(Cat, b => b.Stdin(Encoding.UTF8.GetBytes("The quick brown fox")));
        Assert.Equal(0, status);
        // 19 bytes in reads of at most 5: the last read returns the last 4 bytes and says the stream ended.
        Assert.Equal("The quick brown fox\n4", stdout);
    }

    [Fact]
    public async Task Stdin_from_a_pipe_is_read_ahead_by_a_thread_and_blocking_read_waits_for_it()
    {
        using var pipe = new TestPipe();
        var writer = Task.Run(async () =>
        {
            await Task.Delay(50);
            pipe.Write("hello "u8);
            await Task.Delay(20);
            pipe.Write("pipe"u8);
            pipe.Close();
        });
        var (status, stdout) = Runner.Capture(Cat, b => b.Stdin(pipe.Reader));
        await writer;
        Assert.Equal(0, status);
        Assert.StartsWith("hello pipe\n", stdout);
    }

    [Fact]
    public void The_default_stdin_has_ended_and_the_default_stdout_discards()
    {
        var wat = Wat.Command(StreamImports, """
            (call $read (call $get_stdin) (i64.const 100) (i32.const 0x1000))
            (call $write (call $get_stderr) (i32.const 0x100) (i32.const 1) (i32.const 0x1010))
            ;; ok, no bytes, ended; and the write to stderr succeeded
            (i32.or (i32.or (i32.load8_u (i32.const 0x1000)) (i32.load (i32.const 0x1008)))
                    (i32.or (i32.eqz (i32.load8_u (i32.const 0x100c))) (i32.load8_u (i32.const 0x1010))))
            """);
        using var context = new WasiContextBuilder().Build();
        Assert.Equal(0, Runner.Run(wat, context));
    }

    [Fact]
    public void A_non_blocking_read_of_an_empty_pipe_returns_nothing_and_not_the_end()
    {
        var wat = Wat.Command(StreamImports, """
            (call $read (call $get_stdin) (i64.const 100) (i32.const 0x1000))
            (call $print_u64 (i64.extend_i32_u (i32.load8_u (i32.const 0x1000))))
            (call $print_u64 (i64.extend_i32_u (i32.load (i32.const 0x1008))))
            (call $print_u64 (i64.extend_i32_u (i32.load8_u (i32.const 0x100c))))
            (i32.const 0)
            """);
        using var pipe = new TestPipe();
        var (status, stdout) = Runner.Capture(wat, b => b.Stdin(pipe.Reader));
        Assert.Equal(0, status);
        Assert.Equal("000", stdout); // ok, 0 bytes, not ended
    }

    [Fact]
    public void Closed_stdout_makes_writes_fail_with_stream_error()
    {
        var wat = Wat.Command(StreamImports, """
            (call $write (call $get_stderr) (i32.const 0x100) (i32.const 1) (i32.const 0x1000))
            (i32.load8_u (i32.const 0x1000))
            """);
        using var context = new WasiContextBuilder().Stderr(new ClosedOutputStream()).Build();
        Assert.Equal(1, Runner.Run(wat, context));
    }

    [Fact]
    public void A_memory_pipe_with_a_capacity_takes_what_fits_then_fails()
    {
        var pipe = new MemoryOutputPipe(capacity: 4);
        Assert.Equal(3, pipe.Write("abc"u8));
        Assert.Equal(1, pipe.Write("def"u8));
        Assert.Throws<WasiStreamException>(() => pipe.Write("g"u8));
        Assert.Equal("abcd", pipe.Text);
    }
}
