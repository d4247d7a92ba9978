using System;
using System.Buffers.Binary;
using System.Text;
using Wasmtime;
using Xunit;

namespace WitBindgen.Wasi.Tests;

/// <summary>
/// Where an import's results go through the guest's return pointer: the glue checks that area against memory as it
/// was before the results' allocations (as <c>canon lower</c> does), and remembers the length it last saw so that
/// most calls need not ask Wasmtime. The guest's realloc here grows memory by a page for each allocation.
/// </summary>
public class ResultAreaTests
{
    private const string Guest = """
        (module
          (import "stdin" "get-stdin" (func $get-stdin (result i32)))
          (import "streams" "read" (func $read (param i32 i64 i32)))
          (memory (export "memory") 1)
          (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
            (i32.mul (memory.grow (i32.const 1)) (i32.const 65536)))
          (func (export "grow") (result i32) (memory.grow (i32.const 1)))
          (func (export "size") (result i32) (i32.mul (memory.size) (i32.const 65536)))
          (func (export "read-to") (param i32) (call $read (call $get-stdin) (i64.const 4) (local.get 0)))
          (func (export "run#run") (result i32) (i32.const 0)))
        """;

    /// <summary>The guest started, after one read into its first page: the glue has then seen 2 pages (the realloc grew one).</summary>
    private sealed class StartedGuest : IDisposable
    {
        private readonly Module _module = Module.FromText(Runner.Engine, "result-area", Guest);
        private readonly WasiContext _context = new WasiContextBuilder().Stdin(new MemoryInputPipe("abcdefgh")).Build();
        private readonly WasiCommand _command;

        public StartedGuest()
        {
            _command = new WasiCommand(Runner.Engine, _module, _context);
            ReadTo = Instance.GetAction<int>("read-to")!;
            ReadTo(0x100);
        }

        public Instance Instance => _command.Instance;

        /// <summary>Reads 4 bytes of stdin with the return area at the given address.</summary>
        public Action<int> ReadTo { get; }

        public void Dispose()
        {
            _command.Dispose();
            _context.Dispose();
            _module.Dispose();
        }
    }

    [Fact]
    public void A_return_area_in_memory_the_guest_grew_since_the_last_call_receives_the_results()
    {
        using var guest = new StartedGuest();
        var instance = guest.Instance;
        Assert.Equal(2, instance.GetFunction<int>("grow")!());   // 3 pages, behind the glue's back
        guest.ReadTo(0x2_0100);   // in the third page: past the length last seen, inside memory

        var memory = instance.GetMemory("memory")!;
        var area = memory.GetSpan(0x2_0100, 12);
        Assert.Equal(0, area[0]);   // ok
        int pointer = BinaryPrimitives.ReadInt32LittleEndian(area.Slice(4));
        Assert.Equal(0x3_0000, pointer);   // the page the realloc added for this call
        Assert.Equal(4, BinaryPrimitives.ReadInt32LittleEndian(area.Slice(8)));
        Assert.Equal("efgh", Encoding.ASCII.GetString(memory.GetSpan(pointer, 4)));
    }

    [Fact]
    public void A_return_area_past_the_end_traps_though_the_results_allocation_would_grow_memory_over_it()
    {
        using var guest = new StartedGuest();
        var instance = guest.Instance;
        int end = instance.GetFunction<int>("size")!();
        var trap = Runner.Trap(() => guest.ReadTo(end));
        Assert.Contains("out of bounds", trap.Message, StringComparison.Ordinal);
        Assert.Equal(end, instance.GetFunction<int>("size")!());   // checked before the realloc ran
    }
}
