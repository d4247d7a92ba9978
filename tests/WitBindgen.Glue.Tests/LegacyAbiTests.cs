using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Legacy;
using Wasmtime;
using WitBindgen.Runtime.Abi;
using Xunit;

namespace WitBindgen.Glue.Tests;

/// <summary>
/// What the May-2023 ABI allowed and today's component model no longer does — empty records, flags wider than 32
/// (a sequence of u32 words), unions — plus chars, lifted and lowered by the generated glue on real guests. Every
/// expected byte offset below is computed by hand from the 2023 CanonicalABI rules (comments show the layout).
/// </summary>
public sealed class LegacyAbiTests : IDisposable
{
    private sealed class Checks : IChecks
    {
        public List<object> Received { get; } = new();
        public object? Reply { get; set; }

        private T Take<T>(T value)
        {
            Received.Add(value!);
            return Reply is T reply ? reply : value;
        }

        public System.Text.Rune TakeChar(System.Text.Rune c) => Take(c);
        public Types.Empty TakeEmpty(Types.Empty e, uint x)
        {
            Received.Add(x);
            return Take(e);
        }
        public Types.Holder TakeHolder(Types.Holder h) => Take(h);
        public Types.F33 TakeF33(Types.F33 f) => Take(f);
        public Types.F64 TakeF64(Types.F64 f) => Take(f);
        public Types.F65 TakeF65(Types.F65 f) => Take(f);
        public Types.Number TakeNumber(Types.Number n) => Take(n);
        public Types.WithUnion TakeWithUnion(Types.WithUnion w) => Take(w);

        public ulong TakeMany(uint a1, uint a2, uint a3, uint a4, uint a5, uint a6, uint a7, uint a8, uint a9, uint a10,
            uint a11, uint a12, uint a13, uint a14, uint a15, uint a16, uint a17)
        {
            var all = new[] { a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17 };
            Received.Add(all);
            return all.Aggregate(0UL, (sum, x) => sum * 31 + x);
        }
    }

    // The guest: thin wrappers that call each import with the flat values a test gives, and exports of the probe
    // interface that record their flat arguments at 0x500 and answer from bytes prepared at 0x600.
    private const string Wat = """
        (module
          (import "checks" "take-char" (func $char (param i32) (result i32)))
          (import "checks" "take-empty" (func $empty (param i32)))
          (import "checks" "take-holder" (func $holder (param i32 i32 i32)))
          (import "checks" "take-f33" (func $f33 (param i32 i32 i32)))
          (import "checks" "take-f64" (func $f64 (param i32 i32 i32)))
          (import "checks" "take-f65" (func $f65 (param i32 i32 i32 i32)))
          (import "checks" "take-number" (func $number (param i32 i64 i32 i32)))
          (import "checks" "take-with-union" (func $with_union (param i32 i32 i64 i32 i32 i32 i32)))
          (import "checks" "take-many" (func $many (param i32) (result i64)))
          (memory (export "memory") 1)
          (global $bump (mut i32) (i32.const 0x8000))
          (global $posts (mut i32) (i32.const 0))
          (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
            (local $p i32)
            (local.set $p (i32.and (i32.add (global.get $bump) (i32.sub (local.get 2) (i32.const 1))) (i32.sub (i32.const 0) (local.get 2))))
            (global.set $bump (i32.add (local.get $p) (local.get 3)))
            (local.get $p))
          (data (i32.const 0x200) "h\c3\a9")
          ;; chars 'a', U+20AC, U+1F600 as a list<char>
          (data (i32.const 0x220) "a\00\00\00\ac\20\00\00\00\f6\01\00")
          ;; prepared answers: number = float32(2.5); f65 words; holder {7, {}, 0x0102}
          (data (i32.const 0x600) "\01\00\00\00\00\00\00\00\00\00\20\40\00\00\00\00")
          (data (i32.const 0x620) "\04\00\00\00\01\00\00\00\01\00\00\00")
          (data (i32.const 0x640) "\07\00\02\01")

          (func (export "call-char") (param i32) (result i32) (call $char (local.get 0)))
          (func (export "call-empty") (param i32) (call $empty (local.get 0)))
          (func (export "call-holder") (param i32 i32) (call $holder (local.get 0) (local.get 1) (i32.const 0x300)))
          (func (export "call-f33") (param i32 i32) (call $f33 (local.get 0) (local.get 1) (i32.const 0x300)))
          (func (export "call-f64") (param i32 i32) (call $f64 (local.get 0) (local.get 1) (i32.const 0x300)))
          (func (export "call-f65") (param i32 i32 i32) (call $f65 (local.get 0) (local.get 1) (local.get 2) (i32.const 0x300)))
          (func (export "call-number") (param i32 i64 i32) (call $number (local.get 0) (local.get 1) (local.get 2) (i32.const 0x300)))
          (func (export "call-with-union") (param i32 i32 i64 i32 i32 i32)
            (call $with_union (local.get 0) (local.get 1) (local.get 2) (local.get 3) (local.get 4) (local.get 5) (i32.const 0x400)))

          ;; 17 u32 parameters flatten past 16: they travel as a tuple in memory, 4 bytes apart
          (func (export "call-many") (param $at i32) (result i64) (call $many (local.get $at)))
          (func (export "probe#take-many") (param $args i32) (result i64)
            (memory.copy (i32.const 0x700) (local.get $args) (i32.const 68)) (i64.const 1234))
          (func (export "probe#take-char") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
          (func (export "probe#take-empty") (param i32) (i32.store (i32.const 0x500) (local.get 0)))
          (func (export "probe#take-holder") (param i32 i32) (result i32)
            (i32.store (i32.const 0x500) (local.get 0)) (i32.store (i32.const 0x504) (local.get 1)) (i32.const 0x640))
          (func (export "probe#take-f33") (param i32 i32) (result i32)
            (i32.store (i32.const 0x500) (local.get 0)) (i32.store (i32.const 0x504) (local.get 1)) (i32.const 0x620))
          (func (export "probe#take-f64") (param i32 i32) (result i32)
            (i32.store (i32.const 0x500) (local.get 0)) (i32.store (i32.const 0x504) (local.get 1)) (i32.const 0x620))
          (func (export "probe#take-f65") (param i32 i32 i32) (result i32)
            (i32.store (i32.const 0x500) (local.get 0)) (i32.store (i32.const 0x504) (local.get 1))
            (i32.store (i32.const 0x508) (local.get 2)) (i32.const 0x620))
          (func (export "probe#take-number") (param i32 i64 i32) (result i32)
            (i32.store (i32.const 0x500) (local.get 0)) (i64.store (i32.const 0x508) (local.get 1))
            (i32.store (i32.const 0x510) (local.get 2)) (i32.const 0x600))
          (func (export "cabi_post_probe#take-number") (param i32)
            (global.set $posts (i32.add (global.get $posts) (local.get 0))))
          (func (export "posts") (result i32) (global.get $posts))
          (func (export "probe#take-with-union") (param i32 i32 i64 i32 i32 i32) (result i32)
            (i32.store (i32.const 0x500) (local.get 0)) (i32.store (i32.const 0x504) (local.get 1))
            (i64.store (i32.const 0x508) (local.get 2)) (i32.store (i32.const 0x510) (local.get 3))
            (i32.store (i32.const 0x514) (local.get 4)) (i32.store (i32.const 0x518) (local.get 5))
            ;; answer: {tag 5, number s32(-2), chars []} laid out at 0x680
            (i32.store8 (i32.const 0x680) (i32.const 5)) (i32.store8 (i32.const 0x688) (i32.const 0))
            (i32.store (i32.const 0x690) (i32.const -2)) (i32.store (i32.const 0x698) (i32.const 0))
            (i32.store (i32.const 0x69c) (i32.const 0)) (i32.const 0x680)))
        """;

    private readonly Checks _checks = new();
    private readonly WatGuest _guest;
    private readonly Instance _instance;
    private readonly GuestContext _context;

    public LegacyAbiTests()
    {
        _guest = new WatGuest("legacy", Wat, (linker, context) => new LegacyHost { Checks = _checks }.AddToLinker(linker, context));
        (_instance, _context) = (_guest.Instance, _guest.Context);
    }

    public void Dispose() => _guest.Dispose();

    private Memory Memory => _guest.Memory;

    private ProbeExports Probe => new(_instance, _context);

    /// <summary>Wasmtime's typed GetAction stops at five parameters.</summary>
    private Action<int, int, long, int, int, int> CallWithUnion =>
        _instance.GetFunction("call-with-union")!.WrapAction<int, int, long, int, int, int>()!;

    private static WitTrapException Trap(Action call) =>
        Assert.IsType<WitTrapException>(Assert.ThrowsAny<WasmtimeException>(call).InnerException);

    // ---- char ----

    [Fact]
    public void A_char_is_a_unicode_scalar_value_both_ways()
    {
        _checks.Reply = new System.Text.Rune('é');
        Assert.Equal(0xE9, _instance.GetFunction<int, int>("call-char")!(0x1F600));
        Assert.Equal(new System.Text.Rune(0x1F600), _checks.Received.Single());
        Assert.Equal(new System.Text.Rune('b'), Probe.TakeChar(new System.Text.Rune('a')));
    }

    [Theory]
    [InlineData(0xD800)]
    [InlineData(0xDFFF)]
    [InlineData(0x110000)]
    [InlineData(-1)]
    public void A_char_that_is_not_a_scalar_value_traps(int value)
    {
        var trap = Trap(() => _instance.GetFunction<int, int>("call-char")!(value));
        Assert.Equal($"checks.take-char: 0x{(uint)value:x} is not a Unicode scalar value, so not a valid char", trap.Message);
        Assert.Empty(_checks.Received);
    }

    [Fact]
    public void A_char_the_guest_returns_is_checked_too()
    {
        var trap = Assert.Throws<WitTrapException>(() => Probe.TakeChar(new System.Text.Rune(0xD7FF)));
        Assert.Contains("0xd800 is not a Unicode scalar value", trap.Message);
    }

    // ---- empty records: size 0, alignment 1, no flat values ----

    [Fact]
    public void An_empty_record_takes_no_core_value_and_no_bytes()
    {
        _instance.GetAction<int>("call-empty")!(7);
        Assert.Equal(new object[] { 7u, new Types.Empty() }, _checks.Received);
        Probe.TakeEmpty(new Types.Empty(), 9);
        Assert.Equal(9, Memory.ReadInt32(0x500));
    }

    [Fact]
    public void An_empty_record_field_occupies_no_space()
    {
        // holder { before: u8 @0, nothing: empty @1 (size 0), after: u16 @2 }: size 4, align 2; flat (i32, i32).
        _checks.Reply = new Types.Holder(1, default, 0xBEEF);
        _instance.GetAction<int, int>("call-holder")!(0x1AB, 0x1234);
        Assert.Equal(new Types.Holder(0xAB, default, 0x1234), _checks.Received.Single()); // u8 lifted mod 2^8
        Assert.Equal(new byte[] { 1, 0, 0xEF, 0xBE }, Memory.GetSpan(0x300, 4).ToArray());

        var answer = Probe.TakeHolder(new Types.Holder(3, default, 0x4455));
        Assert.Equal((3, 0x4455), (Memory.ReadInt32(0x500), Memory.ReadInt32(0x504)));
        Assert.Equal(new Types.Holder(7, default, 0x0102), answer);
    }

    // ---- flags wider than 32: a sequence of u32 words ----

    [Fact]
    public void Flags_of_33_members_are_two_words_and_unused_bits_are_ignored()
    {
        _checks.Reply = Types.F33.A1 | Types.F33.A32;
        _instance.GetAction<int, int>("call-f33")!(unchecked((int)0x80000001), -1);
        Assert.Equal(Types.F33.A0 | Types.F33.A31 | Types.F33.A32, _checks.Received.Single());
        Assert.Equal((2, 1), (Memory.ReadInt32(0x300), Memory.ReadInt32(0x304)));

        var answer = Probe.TakeF33(Types.F33.A0 | Types.F33.A32);
        Assert.Equal((1, 1), (Memory.ReadInt32(0x500), Memory.ReadInt32(0x504)));
        Assert.Equal(Types.F33.A2 | Types.F33.A32, answer); // words 4, 1 prepared at 0x620
    }

    [Fact]
    public void Flags_of_64_members_fill_both_words()
    {
        _checks.Reply = Types.F64.A62;
        _instance.GetAction<int, int>("call-f64")!(1, unchecked((int)0x80000000));
        Assert.Equal(Types.F64.A0 | Types.F64.A63, _checks.Received.Single());
        Assert.Equal((0, 0x40000000), (Memory.ReadInt32(0x300), Memory.ReadInt32(0x304)));
    }

    [Fact]
    public void Flags_of_65_members_are_three_words()
    {
        _checks.Reply = Types.F65.A33 | Types.F65.A64;
        _instance.GetAction<int, int, int>("call-f65")!(1, 0, -1);
        var received = Assert.IsType<Types.F65>(_checks.Received.Single());
        Assert.Equal(Types.F65.A0 | Types.F65.A64, received); // only bit 0 of the third word exists
        Assert.Equal(new[] { 0, 2, 1 }, new[] { Memory.ReadInt32(0x300), Memory.ReadInt32(0x304), Memory.ReadInt32(0x308) });

        var answer = Probe.TakeF65(Types.F65.A1 | Types.F65.A40 | Types.F65.A64);
        Assert.Equal(new[] { 2, 1 << 8, 1 }, new[] { Memory.ReadInt32(0x500), Memory.ReadInt32(0x504), Memory.ReadInt32(0x508) });
        Assert.Equal(Types.F65.A2 | Types.F65.A32 | Types.F65.A64, answer); // words 4, 1, 1
    }

    // ---- unions: variants whose cases are types; flat values joined ----

    // number = union { s32, float32, string, u64 }: discriminant u8 @0, payload @8 (align 8), size 16;
    // flat: (i32 discriminant, i64 = join(i32, f32, i32, i64), i32 = the string's length).

    [Fact]
    public void A_union_s32_case_is_read_from_the_joined_i64_slot()
    {
        _checks.Reply = new Types.Number.S32(-7);
        _instance.GetAction<int, long, int>("call-number")!(0, 0xFFFFFFFBL, 0);
        Assert.Equal(new Types.Number.S32(-5), _checks.Received.Single());
        Assert.Equal(0, Memory.ReadByte(0x300));
        Assert.Equal(-7, Memory.ReadInt32(0x308));
    }

    [Fact]
    public void A_union_float32_case_is_decoded_from_its_bits_and_nan_is_canonicalised()
    {
        _checks.Reply = new Types.Number.Float32(float.NaN);
        _instance.GetAction<int, long, int>("call-number")!(1, BitConverter.SingleToInt32Bits(1.5f), 0);
        _instance.GetAction<int, long, int>("call-number")!(1, 0x7fa00001L, 0);
        Assert.Equal(new Types.Number.Float32(1.5f), _checks.Received[0]);
        var nan = Assert.IsType<Types.Number.Float32>(_checks.Received[1]).Value;
        Assert.Equal(0x7fc00000, BitConverter.SingleToInt32Bits(nan));
        Assert.Equal(1, Memory.ReadByte(0x300));
        Assert.Equal(0x7fc00000, Memory.ReadInt32(0x308));
    }

    [Fact]
    public void A_union_string_case_takes_its_pointer_from_the_i64_slot()
    {
        _checks.Reply = new Types.Number.String("añb");
        _instance.GetAction<int, long, int>("call-number")!(2, 0x200, 3);
        Assert.Equal(new Types.Number.String("hé"), _checks.Received.Single());
        Assert.Equal(2, Memory.ReadByte(0x300));
        int pointer = Memory.ReadInt32(0x308), length = Memory.ReadInt32(0x30c);
        Assert.Equal("añb", Encoding.UTF8.GetString(Memory.GetSpan(pointer, length)));
    }

    [Fact]
    public void A_union_u64_case_and_a_bad_discriminant()
    {
        _checks.Reply = new Types.Number.U64(ulong.MaxValue);
        _instance.GetAction<int, long, int>("call-number")!(3, 0x123456789L, 0);
        Assert.Equal(new Types.Number.U64(0x123456789), _checks.Received.Single());
        Assert.Equal(-1L, Memory.ReadInt64(0x308));
        var trap = Trap(() => _instance.GetAction<int, long, int>("call-number")!(4, 0, 0));
        Assert.Equal("checks.take-number: discriminant 4 of number is out of range (it has 4 cases)", trap.Message);
    }

    [Fact]
    public void A_union_passed_to_an_export_is_lowered_to_joined_flat_values_and_post_return_runs()
    {
        var answer = Probe.TakeNumber(new Types.Number.String("hé"));
        Assert.Equal(2, Memory.ReadInt32(0x500));
        var pointer = Memory.ReadInt64(0x508);
        Assert.True(pointer >= 0x8000, "the string was allocated with the guest's cabi_realloc");
        Assert.Equal(3, Memory.ReadInt32(0x510));
        Assert.Equal("hé", Encoding.UTF8.GetString(Memory.GetSpan(pointer, 3)));
        Assert.Equal(new Types.Number.Float32(2.5f), answer);
        Assert.Equal(0x600, _instance.GetFunction<int>("posts")!());

        Probe.TakeNumber(new Types.Number.Float32(-0.5f));
        Assert.Equal((1, (long)(uint)BitConverter.SingleToInt32Bits(-0.5f)), (Memory.ReadInt32(0x500), Memory.ReadInt64(0x508)));
    }

    // with-union = record { tag: u8 @0, value: number @8 (16 bytes), chars: list<char> @24 }: size 32, align 8;
    // flat: (i32 tag, i32 disc, i64 payload, i32 len, i32 chars ptr, i32 chars len).

    [Fact]
    public void A_record_holding_a_union_and_a_list_of_chars_round_trips()
    {
        _checks.Reply = new Types.WithUnion(1, new Types.Number.U64(42), new[] { new System.Text.Rune('x'), new System.Text.Rune(0x1F600) });
        CallWithUnion(9, 2, 0x200, 3, 0x220, 3);
        var received = Assert.IsType<Types.WithUnion>(_checks.Received.Single());
        Assert.Equal(9, received.Tag);
        Assert.Equal(new Types.Number.String("hé"), received.Value);
        Assert.Equal(new[] { "a", "€", "😀" }, received.Chars.Select(r => r.ToString()));

        Assert.Equal(1, Memory.ReadByte(0x400));
        Assert.Equal(3, Memory.ReadByte(0x408));
        Assert.Equal(42L, Memory.ReadInt64(0x410));
        int pointer = Memory.ReadInt32(0x418), count = Memory.ReadInt32(0x41c);
        Assert.Equal(2, count);
        Assert.Equal(new[] { 'x', 0x1F600 }, new[] { Memory.ReadInt32(pointer), Memory.ReadInt32(pointer + 4) });
    }

    [Fact]
    public void A_record_holding_a_union_and_a_list_of_chars_is_lowered_for_an_export()
    {
        var answer = Probe.TakeWithUnion(new Types.WithUnion(6, new Types.Number.S32(-3), new[] { new System.Text.Rune('q') }));
        Assert.Equal(new[] { 6, 0 }, new[] { Memory.ReadInt32(0x500), Memory.ReadInt32(0x504) });
        Assert.Equal(0xFFFFFFFDL, Memory.ReadInt64(0x508)); // an i32 widened into the i64 slot: zero-extended
        Assert.Equal(0, Memory.ReadInt32(0x510));
        int pointer = Memory.ReadInt32(0x514);
        Assert.Equal(1, Memory.ReadInt32(0x518));
        Assert.Equal('q', Memory.ReadInt32(pointer));
        Assert.Equal(5, answer.Tag);
        Assert.Equal(new Types.Number.S32(-2), answer.Value);
        Assert.Empty(answer.Chars);
    }

    [Fact]
    public void A_list_of_chars_with_a_surrogate_traps()
    {
        Memory.WriteInt32(0x224, 0xD800);
        var trap = Trap(() => CallWithUnion(9, 0, 0, 0, 0x220, 3));
        Assert.Equal("checks.take-with-union: 0xd800 is not a Unicode scalar value, so not a valid char", trap.Message);
    }

    [Fact]
    public void A_list_of_chars_out_of_bounds_or_misaligned_traps()
    {
        var outOfBounds = Trap(() => CallWithUnion(9, 0, 0, 0, 0xFFF0, 8));
        Assert.Equal("checks.take-with-union: 32 bytes at 0xfff0 are out of bounds of guest memory (65536 bytes)", outOfBounds.Message);
        var misaligned = Trap(() => CallWithUnion(9, 0, 0, 0, 0x222, 1));
        Assert.Equal("checks.take-with-union: pointer 0x222 is not aligned to 4", misaligned.Message);
    }

    // ---- more than 16 flat parameters: one pointer to the parameters laid out as a tuple ----

    [Fact]
    public void Seventeen_parameters_arrive_through_a_pointer()
    {
        for (int i = 0; i < 17; i++) Memory.WriteInt32(0x800 + 4 * i, 100 + i);
        var result = _instance.GetFunction<int, long>("call-many")!(0x800);
        var received = Assert.IsType<uint[]>(_checks.Received.Single());
        Assert.Equal(Enumerable.Range(100, 17).Select(i => (uint)i), received);
        Assert.Equal((long)received.Aggregate(0UL, (sum, x) => sum * 31 + x), result);
    }

    [Fact]
    public void Seventeen_parameters_out_of_bounds_or_misaligned_trap()
    {
        Assert.Equal("checks.take-many: 68 bytes at 0xffe0 are out of bounds of guest memory (65536 bytes)",
            Trap(() => _instance.GetFunction<int, long>("call-many")!(0xFFE0)).Message);
        Assert.Equal("checks.take-many: pointer 0x802 is not aligned to 4",
            Trap(() => _instance.GetFunction<int, long>("call-many")!(0x802)).Message);
    }

    [Fact]
    public void Seventeen_arguments_to_an_export_are_stored_in_memory_the_guest_allocated()
    {
        var result = Probe.TakeMany(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17);
        Assert.Equal(1234UL, result);
        Assert.Equal(Enumerable.Range(1, 17), Enumerable.Range(0, 17).Select(i => Memory.ReadInt32(0x700 + 4 * i)));
    }
}
