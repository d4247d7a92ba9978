using System;
using Wasmtime;
using WitBindgen.Runtime.Abi;
using Xunit;

namespace WitBindgen.Wasi.Tests;

/// <summary>
/// WAT guests of the seed world: they import the core functions of <c>core-abi.txt</c> directly. Memory layout:
/// data from 0x100, return areas from 0x1000, the helpers' scratch at 0x7f00..0x7fff, and a bump allocator
/// (<c>cabi_realloc</c>, growing memory as needed) from 0x8000.
/// </summary>
public static class Wat
{
    /// <summary>The imports the print helpers use.</summary>
    public const string PrintImports = """
          (import "stdout" "get-stdout" (func $get_stdout (result i32)))
          (import "streams" "blocking-write" (func $print_write (param i32 i32 i32 i32)))
        """;

    /// <summary>Memory, realloc and print helpers ($print ptr len, $print_char c, $print_u64 v, $print_s64 v).</summary>
    public const string Prelude = """
          (memory (export "memory") 1)
          (global $bump (mut i32) (i32.const 0x8000))
          (func $realloc (export "cabi_realloc") (param $old i32) (param $old_size i32) (param $align i32) (param $size i32) (result i32)
            (local $p i32) (local $end i32) (local $have i32)
            (local.set $p (i32.and (i32.add (global.get $bump) (i32.sub (local.get $align) (i32.const 1)))
                                   (i32.sub (i32.const 0) (local.get $align))))
            (local.set $end (i32.add (local.get $p) (local.get $size)))
            (local.set $have (i32.mul (memory.size) (i32.const 65536)))
            (if (i32.gt_u (local.get $end) (local.get $have))
              (then (if (i32.eq (memory.grow (i32.div_u (i32.add (i32.sub (local.get $end) (local.get $have)) (i32.const 65535)) (i32.const 65536)))
                                (i32.const -1))
                      (then unreachable))))
            (global.set $bump (local.get $end))
            (local.get $p))
          (func $print (param $ptr i32) (param $len i32)
            (local $n i32)
            (block $done
              (loop $more
                (br_if $done (i32.eqz (local.get $len)))
                (call $print_write (call $get_stdout) (local.get $ptr) (local.get $len) (i32.const 0x7f00))
                (if (i32.load8_u (i32.const 0x7f00)) (then unreachable))
                (local.set $n (i32.wrap_i64 (i64.load (i32.const 0x7f08))))
                (local.set $ptr (i32.add (local.get $ptr) (local.get $n)))
                (local.set $len (i32.sub (local.get $len) (local.get $n)))
                (br $more))))
          (func $print_char (param $c i32)
            (i32.store8 (i32.const 0x7f80) (local.get $c))
            (call $print (i32.const 0x7f80) (i32.const 1)))
          (func $print_u64 (param $v i64)
            (local $p i32)
            (local.set $p (i32.const 0x7fc0))
            (loop $digit
              (local.set $p (i32.sub (local.get $p) (i32.const 1)))
              (i32.store8 (local.get $p) (i32.add (i32.const 48) (i32.wrap_i64 (i64.rem_u (local.get $v) (i64.const 10)))))
              (local.set $v (i64.div_u (local.get $v) (i64.const 10)))
              (br_if $digit (i64.ne (local.get $v) (i64.const 0))))
            (call $print (local.get $p) (i32.sub (i32.const 0x7fc0) (local.get $p))))
          (func $print_s64 (param $v i64)
            (if (i64.lt_s (local.get $v) (i64.const 0))
              (then (call $print_char (i32.const 45)) (local.set $v (i64.sub (i64.const 0) (local.get $v)))))
            (call $print_u64 (local.get $v)))
        """;

    /// <summary>A command guest: <paramref name="imports"/>, the prelude, <paramref name="definitions"/> and a run export doing <paramref name="run"/>.</summary>
    public static string Command(string imports, string run, string definitions = "") => $"""
        (module
          {PrintImports}
          {imports}
          {Prelude}
          {definitions}
          (func (export "run#run") (result i32)
            {run}))
        """;
}

/// <summary>Runs guests on one shared engine.</summary>
public static class Runner
{
    public static Engine Engine { get; } = new();

    public static int Run(string wat, WasiContext context)
    {
        using var module = Module.FromText(Engine, "guest", wat);
        return WasiCommand.Run(Engine, module, context);
    }

    /// <summary>Runs with stdout captured (and whatever else <paramref name="configure"/> sets).</summary>
    public static (int Status, string Stdout) Capture(string wat, Action<WasiContextBuilder>? configure = null)
    {
        var stdout = new MemoryOutputPipe();
        var builder = new WasiContextBuilder().Stdout(stdout);
        configure?.Invoke(builder);
        using var context = builder.Build();
        var status = Run(wat, context);
        return (status, stdout.Text);
    }

    /// <summary>The trap a call ended in, with its message.</summary>
    public static WitTrapException Trap(Action run)
    {
        var ex = Assert.ThrowsAny<WasmtimeException>(run);
        return Assert.IsType<WitTrapException>(ex.InnerException);
    }
}

/// <summary>
/// An OS pipe for a guest's stdin: the test writes to it when it likes. Disposing closes the write end first, so
/// that the input stream's reader thread sees the end and lets go of the read end (on Unix, disposing a pipe's read
/// end while a thread is blocked reading it waits for that read).
/// </summary>
public sealed class TestPipe : IDisposable
{
    private readonly System.IO.Pipes.AnonymousPipeServerStream _writer = new(System.IO.Pipes.PipeDirection.Out);

    public TestPipe() => Reader = new System.IO.Pipes.AnonymousPipeClientStream(System.IO.Pipes.PipeDirection.In, _writer.ClientSafePipeHandle);

    public System.IO.Stream Reader { get; }

    public void Write(ReadOnlySpan<byte> bytes) => _writer.Write(bytes);

    public void Close() => _writer.Dispose();

    public void Dispose()
    {
        _writer.Dispose();
        Reader.Dispose();
    }
}
