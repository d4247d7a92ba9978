using System;
using System.IO;
using System.Linq;
using Wasmtime;
using WitBindgen.Wasi.Preview1;
using Xunit;

namespace WitBindgen.Preview1.Tests;

/// <summary>
/// ProgramModule.HideHostPages on modules of our own: every memory.size of memory 0 (and nothing else) answers the
/// reservation's start while the reservation is the top of memory, the real size otherwise; indices and other
/// instructions are untouched, including immediates whose bytes equal memory.size's opcode (0x3f).
/// </summary>
public sealed class ProgramModuleTests
{
    // An imported function and global shift the indices of the ones the rewrite appends.
    private const string Wat = """
        (module
          (import "env" "twice" (func $twice (param i32) (result i32)))
          (import "env" "base" (global $base i32))
          (memory (export "memory") 4)
          (global $counter (mut i32) (i32.const 0))
          (func (export "size") (result i32) (memory.size))
          (func (export "nested") (param i32) (result i32)
            (block (result i32)
              (if (result i32) (local.get 0)
                (then (loop (result i32) (call $twice (memory.size))))
                (else (i32.add (global.get $base) (memory.size))))))
          (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
          ;; 0x3f inside immediates: i32.const 63, i64.const 63, f32 1.0 (00 00 80 3f), a v128 of 0x3f bytes,
          ;; a load at offset 63, local 63 (via br_table 63 targets would be too many; a 64-local function does it)
          (func (export "immediates") (result i64)
            (local $pad i64) (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64
                              i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64
                              i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
            (local.set 63 (i64.const 63))
            (i32.store offset=63 (i32.const 0) (i32.const 63))
            (memory.fill (i32.const 200) (i32.const 63) (i32.const 4))
            (i64.add
              (i64.add (local.get 63) (i64.extend_i32_u (i32.load offset=63 (i32.const 0))))
              (i64.add
                (i64.trunc_f32_u (f32.const 1.0))
                (i64.add
                  (i64.extend_i32_u (i8x16.extract_lane_u 5 (v128.const i8x16 63 63 63 63 63 63 63 63 63 63 63 63 63 63 63 63)))
                  (i64.extend_i32_u (i32.load8_u (i32.const 203)))))))
          (func (export "counter") (result i32) (global.set $counter (i32.add (global.get $counter) (i32.const 1))) (global.get $counter)))
        """;

    private static (Store Store, Instance Instance) Instantiate(byte[] bytes)
    {
        var engine = new Engine();
        var module = Module.FromBytes(engine, "program", bytes);
        var store = new Store(engine);
        var linker = new Linker(engine);
        linker.DefineFunction("env", "twice", (int x) => x * 2);
        linker.Define("env", "base", new Global(store, ValueKind.Int32, 1000, Mutability.Immutable));
        return (store, linker.Instantiate(store, module));
    }

    [Fact]
    public void Memory_size_answers_the_reservation_start_only_while_the_reservation_is_the_top()
    {
        var (store, instance) = Instantiate(ProgramModule.HideHostPages(Module.ConvertText(Wat)));
        using var _ = store;
        var size = instance.GetFunction<int>("size")!;
        var nested = instance.GetFunction<int, int>("nested")!;
        var grow = instance.GetFunction<int, int>("grow")!;

        Assert.Equal(4, size()); // no reservation yet: the real size
        Assert.Equal(4, grow(2)); // the host reserves pages 4 and 5
        instance.GetGlobal(ProgramModule.ReservationStartExport)!.SetValue(4);
        instance.GetGlobal(ProgramModule.ReservationEndExport)!.SetValue(6);

        Assert.Equal(4, size());
        Assert.Equal(8, nested(1)); // twice(memory.size) inside if/loop
        Assert.Equal(1004, nested(0)); // base + memory.size
        Assert.Equal(6, grow(1)); // memory.grow is untouched: it answers the real old size
        Assert.Equal(7, size()); // above the reservation: the real size again
        Assert.Equal(1007, nested(0));
    }

    [Fact]
    public void Other_instructions_and_globals_are_unchanged()
    {
        var original = Module.ConvertText(Wat);
        var (store1, plain) = Instantiate(original);
        var (store2, rewritten) = Instantiate(ProgramModule.HideHostPages(original));
        using (store1)
        using (store2)
        {
            long expected = 63 + 63 + 1 + 63 + 63;
            Assert.Equal(expected, plain.GetFunction<long>("immediates")!());
            Assert.Equal(expected, rewritten.GetFunction<long>("immediates")!());
            var counter = rewritten.GetFunction<int>("counter")!;
            Assert.Equal(1, counter());
            Assert.Equal(2, counter()); // the program's own global is still index 1 (after the imported one)
            Assert.Null(plain.GetGlobal(ProgramModule.ReservationStartExport));
            Assert.Equal(-1, rewritten.GetGlobal(ProgramModule.ReservationEndExport)!.GetValue());
        }
    }

    [Fact]
    public void Sections_the_module_lacks_are_added_in_the_format_s_order()
    {
        // No type for () -> i32, no global section, no export section, and a start section the exports must precede.
        var bytes = Module.ConvertText("""(module (memory 3) (func $f (drop (memory.size))) (start $f))""");
        var rewritten = ProgramModule.HideHostPages(bytes);
        using var engine = new Engine();
        using var module = Module.FromBytes(engine, "bare", rewritten); // Wasmtime validates section order and indices
        Assert.Equal(new[] { ProgramModule.ReservationStartExport, ProgramModule.ReservationEndExport }, module.Exports.Select(e => e.Name));
        using var store = new Store(engine);
        var instance = new Instance(store, module);
        Assert.Equal(-1, instance.GetGlobal(ProgramModule.ReservationEndExport)!.GetValue());
    }

    [Fact]
    public void A_module_without_memory_size_is_returned_unchanged()
    {
        var bytes = Module.ConvertText("""(module (memory (export "memory") 1) (func (export "_start") (drop (memory.grow (i32.const 1)))))""");
        Assert.Same(bytes, ProgramModule.HideHostPages(bytes));
    }

    [Fact]
    public void Unknown_instructions_are_refused_with_the_body_and_byte_and_LoadProgram_then_leaves_the_module_as_it_is()
    {
        // type () -> (); one function; body: memory.size, drop, then 0xfb (a GC prefix this reader does not know), end.
        byte[] bytes =
        [
            0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
            0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
            0x03, 0x02, 0x01, 0x00,
            0x05, 0x03, 0x01, 0x00, 0x01,
            0x0a, 0x09, 0x01, 0x07, 0x00, 0x3f, 0x00, 0x1a, 0xfb, 0x00, 0x0b,
        ];
        var error = Assert.Throws<InvalidDataException>(() => ProgramModule.HideHostPages(bytes));
        Assert.Equal("function body 0 has an instruction this reader does not know at byte 31: 0xfb", error.Message);
        using var engine = new Engine();
        Assert.Throws<WasmtimeException>(() => Preview1Command.LoadProgram(engine, bytes)); // compiled as it is: Wasmtime's error
        Assert.Throws<InvalidDataException>(() => ProgramModule.HideHostPages([0x00, 0x61, 0x73, 0x6d, 0x02, 0x00, 0x00, 0x00]));
    }

    [Fact]
    public void ImportsPreview1_reads_the_import_section()
    {
        Assert.True(ProgramModule.ImportsPreview1(Module.ConvertText("""(module (import "wasi_snapshot_preview1" "proc_exit" (func (param i32))))""")));
        Assert.False(ProgramModule.ImportsPreview1(Module.ConvertText(Wat)));
        Assert.False(ProgramModule.ImportsPreview1(Module.ConvertText("(module)")));
    }
}
