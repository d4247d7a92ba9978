using System;
using Wasmtime;
using Xunit;

namespace WitBindgen.Wasi.Tests;

/// <summary>
/// Bulk bytes through a real guest's <c>streams.read</c> and <c>streams.write</c>: reads of up to 70,001 bytes land
/// wherever the guest's realloc puts them (13 bytes past the previous buffer, so at every alignment), which is the
/// glue's <c>GuestCopy</c> vector loop at work, and the writes fill a <see cref="MemoryOutputPipe"/> that grows as they
/// come. What comes out must be exactly what went in.
/// </summary>
public class BulkStreamTests
{
    private const string Guest = """
        (module
          (import "stdin" "get-stdin" (func $get-stdin (result i32)))
          (import "stdout" "get-stdout" (func $get-stdout (result i32)))
          (import "streams" "read" (func $read (param i32 i64 i32)))
          (import "streams" "write" (func $write (param i32 i32 i32 i32)))
          (memory (export "memory") 20)
          (global $bump (mut i32) (i32.const 0x10000))
          (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
            (local $p i32)
            (if (i32.gt_u (global.get $bump) (i32.const 0x100000)) (then (global.set $bump (i32.const 0x10007))))
            (local.set $p (global.get $bump))
            (global.set $bump (i32.add (i32.add (local.get $p) (local.get 3)) (i32.const 13)))
            (local.get $p))
          (func (export "run#run") (result i32)
            (local $in i32) (local $out i32)
            (local.set $in (call $get-stdin))
            (local.set $out (call $get-stdout))
            (loop $again
              ;; result<tuple<list<u8>, bool>, stream-error> at 0x100: tag, pointer, length, end
              (call $read (local.get $in) (i64.const 70001) (i32.const 0x100))
              (if (i32.eqz (i32.load8_u (i32.const 0x100)))
                (then
                  (call $write (local.get $out) (i32.load (i32.const 0x104)) (i32.load (i32.const 0x108)) (i32.const 0x200))
                  (br_if $again (i32.eqz (i32.load8_u (i32.const 0x10c)))))))
            (i32.const 0)))
        """;

    [Theory]
    [InlineData(0)]
    [InlineData(2049)]
    [InlineData(70001)]
    [InlineData(1_000_003)]
    public void What_the_guest_reads_and_writes_back_in_large_chunks_comes_out_unchanged(int size)
    {
        var input = new byte[size];
        new Random(size).NextBytes(input);
        var stdout = new MemoryOutputPipe();
        using var module = Module.FromText(Runner.Engine, "bulk", Guest);
        using var context = new WasiContextBuilder().Stdin(new MemoryInputPipe(input)).Stdout(stdout).Build();
        using var command = new WasiCommand(Runner.Engine, module, context);

        Assert.Equal(0, command.Run());

        var output = stdout.Contents;
        Assert.Equal(input.Length, output.Length);
        Assert.True(input.AsSpan().SequenceEqual(output), "the bytes written differ from the bytes read");
    }
}
