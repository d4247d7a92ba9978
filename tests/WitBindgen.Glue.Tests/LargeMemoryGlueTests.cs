using System;
using System.Linq;
using System.Text;
using Legacy;
using Wasmtime;
using WitBindgen.Runtime.Abi;
using Xunit;

namespace WitBindgen.Glue.Tests;

/// <summary>
/// The glue over a guest memory grown past 2 GiB (40,000 pages, 2.5 GiB): a string and a list lying above 2^31 are
/// lifted for an import, its reply is lowered into what the guest's realloc allocates above 2^31, an export's
/// arguments are lowered there too and its result is lifted from there; a list reaching past the end traps.
/// </summary>
public sealed class LargeMemoryGlueTests : IDisposable
{
    private sealed class Checks : IChecks
    {
        public Types.WithUnion? Received { get; private set; }

        public Types.WithUnion Reply { get; set; } = new(0, new Types.Number.S32(0), Array.Empty<Rune>());

        public Types.WithUnion TakeWithUnion(Types.WithUnion w)
        {
            Received = w;
            return Reply;
        }

        public Rune TakeChar(Rune c) => throw new NotSupportedException();
        public Types.Empty TakeEmpty(Types.Empty e, uint x) => throw new NotSupportedException();
        public Types.Holder TakeHolder(Types.Holder h) => throw new NotSupportedException();
        public Types.F33 TakeF33(Types.F33 f) => throw new NotSupportedException();
        public Types.F64 TakeF64(Types.F64 f) => throw new NotSupportedException();
        public Types.F65 TakeF65(Types.F65 f) => throw new NotSupportedException();
        public Types.Number TakeNumber(Types.Number n) => throw new NotSupportedException();
        public ulong TakeMany(uint a1, uint a2, uint a3, uint a4, uint a5, uint a6, uint a7, uint a8, uint a9, uint a10,
            uint a11, uint a12, uint a13, uint a14, uint a15, uint a16, uint a17) => throw new NotSupportedException();
    }

    private const long High = 0x9000_0000; // above 2^31

    // realloc bumps from 0x98000000; the export records its flat arguments at 0x500 and answers with the record at 0x90000680.
    private const string Wat = """
        (module
          (import "checks" "take-with-union" (func $with_union (param i32 i32 i64 i32 i32 i32 i32)))
          (memory (export "memory") 1)
          (global $bump (mut i32) (i32.const 0x98000000))
          (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
            (local $p i32)
            (local.set $p (i32.and (i32.add (global.get $bump) (i32.sub (local.get 2) (i32.const 1))) (i32.sub (i32.const 0) (local.get 2))))
            (global.set $bump (i32.add (local.get $p) (local.get 3)))
            (local.get $p))
          (func (export "grow") (result i32) (memory.grow (i32.const 39999)))
          (func (export "call-with-union") (param i32 i32 i64 i32 i32 i32)
            (call $with_union (local.get 0) (local.get 1) (local.get 2) (local.get 3) (local.get 4) (local.get 5) (i32.const 0x90000400)))
          (func (export "probe#take-with-union") (param i32 i32 i64 i32 i32 i32) (result i32)
            (i32.store (i32.const 0x500) (local.get 0)) (i32.store (i32.const 0x504) (local.get 1))
            (i64.store (i32.const 0x508) (local.get 2)) (i32.store (i32.const 0x510) (local.get 3))
            (i32.store (i32.const 0x514) (local.get 4)) (i32.store (i32.const 0x518) (local.get 5))
            (i32.const 0x90000680))
          (func (export "probe#take-many") (param i32) (result i64) unreachable)
          (func (export "probe#take-char") (param i32) (result i32) unreachable)
          (func (export "probe#take-empty") (param i32) unreachable)
          (func (export "probe#take-holder") (param i32 i32) (result i32) unreachable)
          (func (export "probe#take-f33") (param i32 i32) (result i32) unreachable)
          (func (export "probe#take-f64") (param i32 i32) (result i32) unreachable)
          (func (export "probe#take-f65") (param i32 i32 i32) (result i32) unreachable)
          (func (export "probe#take-number") (param i32 i64 i32) (result i32) unreachable))
        """;

    private readonly Checks _checks = new();
    private readonly WatGuest _guest;
    private readonly Instance _instance;
    private readonly GuestContext _context;

    public LargeMemoryGlueTests()
    {
        _guest = new WatGuest("large", Wat, (linker, context) => new LegacyHost { Checks = _checks }.AddToLinker(linker, context));
        (_instance, _context) = (_guest.Instance, _guest.Context);
        Assert.Equal(1, _instance.GetFunction<int>("grow")!());
        Assert.Equal(40_000L * 65536, Memory.GetLength());
    }

    public void Dispose() => _guest.Dispose();

    private Memory Memory => _guest.Memory;

    private Action<int, int, long, int, int, int> CallWithUnion =>
        _instance.GetFunction("call-with-union")!.WrapAction<int, int, long, int, int, int>()!;

    private static int At(long address) => unchecked((int)(uint)address);

    [Fact]
    public void An_import_lifts_a_string_and_a_list_above_2_GiB_and_its_reply_is_allocated_there()
    {
        Memory.WriteString(High, "über 2 GiB", Encoding.UTF8); // 11 bytes
        Memory.WriteInt32(High + 0x20, 'a');
        Memory.WriteInt32(High + 0x24, 0x1F600);
        _checks.Reply = new Types.WithUnion(1, new Types.Number.String("reply string"), new[] { new Rune('x'), new Rune(0x20AC) });

        // with-union flat: (tag, number discriminant 2 = string, its pointer widened to i64, its length, chars pointer, chars count)
        CallWithUnion(9, 2, High, 11, At(High + 0x20), 2);

        var received = Assert.IsType<Types.WithUnion>(_checks.Received);
        Assert.Equal(9, received.Tag);
        Assert.Equal(new Types.Number.String("über 2 GiB"), received.Value);
        Assert.Equal(new[] { "a", "😀" }, received.Chars.Select(r => r.ToString()));

        // The reply at 0x90000400: tag @0, discriminant @8, string pointer/length @16/@20, chars pointer/count @24/@28.
        const long reply = High + 0x400;
        Assert.Equal(1, Memory.ReadByte(reply));
        Assert.Equal(2, Memory.ReadByte(reply + 8));
        long text = (uint)Memory.ReadInt32(reply + 16), chars = (uint)Memory.ReadInt32(reply + 24);
        Assert.True(text >= 0x9800_0000 && chars >= 0x9800_0000, $"allocated at 0x{text:x} and 0x{chars:x}");
        Assert.Equal("reply string", Memory.ReadString(text, Memory.ReadInt32(reply + 20), Encoding.UTF8));
        Assert.Equal(2, Memory.ReadInt32(reply + 28));
        Assert.Equal(new[] { 'x', 0x20AC }, new[] { Memory.ReadInt32(chars), Memory.ReadInt32(chars + 4) });
    }

    [Fact]
    public void An_export_gets_its_arguments_allocated_above_2_GiB_and_its_result_lifted_from_there()
    {
        // The answer record at 0x90000680: tag 5, string "from high", chars ['z'].
        const long answer = High + 0x680;
        Memory.WriteString(High + 0x700, "from high", Encoding.UTF8);
        Memory.WriteInt32(High + 0x720, 'z');
        Memory.WriteByte(answer, 5);
        Memory.WriteByte(answer + 8, 2);
        Memory.WriteInt32(answer + 16, At(High + 0x700));
        Memory.WriteInt32(answer + 20, 9);
        Memory.WriteInt32(answer + 24, At(High + 0x720));
        Memory.WriteInt32(answer + 28, 1);

        var result = new ProbeExports(_instance, _context).TakeWithUnion(
            new Types.WithUnion(6, new Types.Number.String("to the guest"), new[] { new Rune('q'), new Rune('r') }));

        Assert.Equal(new[] { 6, 2 }, new[] { Memory.ReadInt32(0x500), Memory.ReadInt32(0x504) });
        long text = Memory.ReadInt64(0x508), chars = (uint)Memory.ReadInt32(0x514);
        Assert.True(text >= 0x9800_0000 && chars >= 0x9800_0000, $"allocated at 0x{text:x} and 0x{chars:x}");
        Assert.Equal("to the guest", Memory.ReadString(text, Memory.ReadInt32(0x510), Encoding.UTF8));
        Assert.Equal(2, Memory.ReadInt32(0x518));
        Assert.Equal(new[] { (int)'q', 'r' }, new[] { Memory.ReadInt32(chars), Memory.ReadInt32(chars + 4) });

        Assert.Equal(5, result.Tag);
        Assert.Equal(new Types.Number.String("from high"), result.Value);
        Assert.Equal(new[] { "z" }, result.Chars.Select(r => r.ToString()));
    }

    [Fact]
    public void What_one_call_lifts_is_bounded_by_MaxLiftedBytes_and_the_bound_starts_afresh_each_call()
    {
        Memory.WriteString(High, "über 2 GiB", Encoding.UTF8); // 11 bytes, and two chars of 4 bytes: 19 in all
        Memory.WriteInt32(High + 0x20, 'a');
        Memory.WriteInt32(High + 0x24, 'b');
        _context.MaxLiftedBytes = 19;
        CallWithUnion(1, 2, High, 11, At(High + 0x20), 2);
        CallWithUnion(2, 2, High, 11, At(High + 0x20), 2);
        Assert.Equal(2, _checks.Received!.Value.Tag);

        _context.MaxLiftedBytes = 18;
        var trap = Assert.IsType<WitTrapException>(Assert.ThrowsAny<WasmtimeException>(() => CallWithUnion(3, 2, High, 11, At(High + 0x20), 2)).InnerException);
        Assert.Equal("checks.take-with-union: the values lifted for one call take more than this host copies (18 bytes; GuestContext.MaxLiftedBytes)", trap.Message);
        Assert.Equal(2, _checks.Received!.Value.Tag);
    }

    [Fact]
    public void A_list_longer_than_MaxListLength_traps_before_it_is_lifted()
    {
        _context.MaxListLength = 1;
        var trap = Assert.IsType<WitTrapException>(Assert.ThrowsAny<WasmtimeException>(() => CallWithUnion(3, 0, 0, 0, At(High + 0x20), 2)).InnerException);
        Assert.Equal("checks.take-with-union: a list of 2 elements is longer than this host lifts (1; GuestContext.MaxListLength)", trap.Message);
        Assert.Null(_checks.Received);
    }

    [Fact]
    public void A_list_reaching_past_the_end_of_memory_traps_as_out_of_bounds()
    {
        long end = Memory.GetLength();
        var trap = Assert.IsType<WitTrapException>(Assert.ThrowsAny<WasmtimeException>(() => CallWithUnion(0, 0, 0, 0, At(end - 8), 3)).InnerException);
        Assert.Equal($"checks.take-with-union: 12 bytes at 0x{end - 8:x} are out of bounds of guest memory ({end} bytes)", trap.Message);
    }
}
