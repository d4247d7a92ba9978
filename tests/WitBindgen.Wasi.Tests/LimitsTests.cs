using System;
using System.Linq;
using Xunit;

namespace WitBindgen.Wasi.Tests;

public class LimitsTests
{
    private const string Imports = """
          (import "stdin" "get-stdin" (func $get_stdin (result i32)))
          (import "stderr" "get-stderr" (func $get_stderr (result i32)))
          (import "streams" "read" (func $read (param i32 i64 i32)))
          (import "streams" "blocking-read" (func $blocking_read (param i32 i64 i32)))
          (import "streams" "skip" (func $skip (param i32 i64 i32)))
          (import "streams" "write-zeroes" (func $write_zeroes (param i32 i64 i32)))
          (import "streams" "splice" (func $splice (param i32 i32 i64 i32)))
        """;

    /// <summary>Reads, blocking-reads and skips with len = 2^64 - 1, printing the counts and the end flags.</summary>
    private static readonly string HugeReads = Wat.Command(Imports, """
        (call $read (call $get_stdin) (i64.const -1) (i32.const 0x1000))
        (call $print_u64 (i64.extend_i32_u (i32.load (i32.const 0x1008))))
        (call $print_char (i32.const 32))
        (call $blocking_read (call $get_stdin) (i64.const -1) (i32.const 0x1000))
        (call $print_u64 (i64.extend_i32_u (i32.load (i32.const 0x1008))))
        (call $print_char (i32.const 32))
        (call $skip (call $get_stdin) (i64.const -1) (i32.const 0x1010))
        (call $print_u64 (i64.load (i32.const 0x1018)))
        (call $print_char (i32.const 32))
        (call $print_u64 (i64.extend_i32_u (i32.load8_u (i32.const 0x1020))))
        (i32.const 0)
        """);

    [Fact]
    public void A_read_of_2_to_the_64_bytes_is_bounded()
    {
        var input = new byte[3 << 20];
        input.AsSpan().Fill(7);
        var (status, stdout) = Runner.Capture(HugeReads, b => b.Stdin(input));
        Assert.Equal(0, status);
        Assert.Equal("1048576 1048576 1048576 1", stdout);
    }

    [Fact]
    public void The_read_bound_is_configurable()
    {
        var (status, stdout) = Runner.Capture(HugeReads, b => b.Stdin(new byte[2500]).MaxReadSize(1000));
        Assert.Equal(0, status);
        Assert.Equal("1000 1000 500 1", stdout);
    }

    [Fact]
    public void Write_zeroes_and_splice_with_huge_lengths_are_bounded_too()
    {
        var wat = Wat.Command(Imports, """
            (call $write_zeroes (call $get_stderr) (i64.const -1) (i32.const 0x1000))
            (call $print_u64 (i64.load (i32.const 0x1008)))
            (call $print_char (i32.const 32))
            (call $splice (call $get_stderr) (call $get_stdin) (i64.const -1) (i32.const 0x1010))
            (call $print_u64 (i64.load (i32.const 0x1018)))
            (i32.const 0)
            """);
        var stderr = new MemoryOutputPipe();
        var (status, stdout) = Runner.Capture(wat, b => b.Stderr(stderr).Stdin(new byte[5000]).MaxReadSize(4096));
        Assert.Equal(0, status);
        Assert.Equal("4096 4096", stdout);
        Assert.Equal(8192, stderr.Contents.Length);
        Assert.All(stderr.Contents, b => Assert.Equal(0, b));
    }
}
