#pragma warning disable CA1416 // Unix only, like the filesystem it uses
using System.IO;
using Xunit;

namespace WitBindgen.Wasi.Tests;

/// <summary>
/// Guest memories above 2 GiB (a 32-bit memory holds up to 4 GiB): the generated glue lifts strings and lists lying
/// above 2 GiB, writes results there, lowers into what the guest's realloc allocates there, and traps exactly where a
/// range leaves memory. Wasmtime reserves the address space and commits pages lazily, so these guests are cheap.
/// </summary>
public class LargeMemoryTests
{
    private const string Imports = """
          (import "filesystem" "open-at" (func $open_at (param i32 i32 i32 i32 i32 i32 i32 i32)))
          (import "environment" "get-arguments" (func $get_arguments (param i32)))
        """;

    [Fact]
    public void Strings_lists_results_and_allocations_above_2_GiB_pass_through_the_glue()
    {
        // Memory grows to 40,000 pages (2.5 GiB); everything the guest passes or receives lies above 2^31.
        var wat = Wat.Command(Imports, """
            (local $list i32)
            (if (i32.eq (memory.grow (i32.const 39999)) (i32.const -1)) (then unreachable))
            (memory.copy (i32.const 0x90000000) (i32.const 0x100) (i32.const 32))
            ;; blocking-write of a list<u8> at 0x90000000 (through $print)
            (call $print (i32.const 0x90000000) (i32.const 12))
            (call $print_char (i32.const 124))
            ;; open-at with its path string at 0x90000010 and its result at 0x90001000
            (call $open_at (i32.const 4) (i32.const 0) (i32.const 0x90000010) (i32.const 5) (i32.const 0) (i32.const 1) (i32.const 0) (i32.const 0x90001000))
            (call $print_u64 (i64.extend_i32_u (i32.load8_u (i32.const 0x90001000))))
            (call $print_char (i32.const 124))
            ;; get-arguments: realloc (bumping from 0x98000000) allocates the list and its strings above 2 GiB
            (global.set $bump (i32.const 0x98000000))
            (call $get_arguments (i32.const 0x90002000))
            (local.set $list (i32.load (i32.const 0x90002000)))
            (call $print_u64 (i64.extend_i32_u (i32.ge_u (local.get $list) (i32.const 0x98000000))))
            (call $print_u64 (i64.extend_i32_u (i32.ge_u (i32.load (i32.add (local.get $list) (i32.const 8))) (i32.const 0x98000000))))
            (call $print_char (i32.const 124))
            (call $print (i32.load (i32.add (local.get $list) (i32.const 8))) (i32.load (i32.add (local.get $list) (i32.const 12))))
            (i32.const 0)
            """, """
            (data (i32.const 0x100) "above 2 GiB!\00\00\00\00f.txt")
            """);
        var root = Directory.CreateTempSubdirectory("wasi-large-").FullName;
        File.WriteAllText(Path.Combine(root, "f.txt"), "x");
        try
        {
            var (status, stdout) = Runner.Capture(wat, b => b.Preopen(root, "/").Args("prog", "second-argument"));
            Assert.Equal(0, status);
            Assert.Equal("above 2 GiB!|0|11|second-argument", stdout);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void The_last_bytes_of_a_4_GiB_memory_are_usable_and_a_range_crossing_its_end_traps()
    {
        // 65,536 pages: the whole 32-bit address space. The last 16 bytes are written out; then 32 bytes from the
        // same place run past the end.
        var wat = Wat.Command("", """
            (if (i32.eq (memory.grow (i32.const 65535)) (i32.const -1)) (then unreachable))
            (memory.copy (i32.const 0xFFFFFFF0) (i32.const 0x100) (i32.const 16))
            (call $print (i32.const 0xFFFFFFF0) (i32.const 16))
            (call $print_write (call $get_stdout) (i32.const 0xFFFFFFF0) (i32.const 32) (i32.const 0x1000))
            (i32.const 0)
            """, """
            (data (i32.const 0x100) "the very end ok.")
            """);
        var stdout = new MemoryOutputPipe();
        using var context = new WasiContextBuilder().Stdout(stdout).Build();
        var trap = Runner.Trap(() => Runner.Run(wat, context));
        Assert.Equal("streams.blocking-write: 32 bytes at 0xfffffff0 are out of bounds of guest memory (4294967296 bytes)", trap.Message);
        context.FlushOutputs();
        Assert.Equal("the very end ok.", stdout.Text);
    }
}
