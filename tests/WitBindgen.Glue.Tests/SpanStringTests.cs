using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Spans;
using Wasmtime;
using Xunit;

namespace WitBindgen.Glue.Tests;

/// <summary>
/// A world generated with <c>WitBindgenStringParameters="span"</c> (<c>wit-spans/spans.wit</c>) and a real guest: the
/// imports' string parameters arrive as <c>ReadOnlySpan&lt;char&gt;</c> decoded from guest memory — short ones on the
/// stack, ones over 1 KiB into a pooled buffer — flat and through the parameter area, in resource constructors and
/// methods; strings nested in other values stay strings. Bad UTF-8 and bounds trap as with strings, and a call that
/// passes strings of up to 1 KiB allocates nothing on the host.
/// </summary>
public sealed class SpanStringTests : IDisposable
{
    // The guest: exports that pass the imports what the test wrote into its memory; realloc bumps from 0x8000.
    private const string Wat = """
        (module
          (import "test:spans/names" "name-length" (func $name-length (param i32 i32) (result i32)))
          (import "test:spans/names" "join" (func $join (param i32 i32)))
          (import "test:spans/names" "tag" (func $tag (param i32 i32 i32 i32 i32 i32 i32 i32)))
          (import "test:spans/names" "[constructor]counter" (func $new-counter (param i32 i32) (result i32)))
          (import "test:spans/names" "[method]counter.count" (func $count (param i32 i32 i32) (result i32)))
          (memory (export "memory") 2)
          (global $bump (mut i32) (i32.const 0x10000))
          (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
            (local $p i32)
            (local.set $p (global.get $bump))
            (global.set $bump (i32.add (global.get $bump) (local.get 3)))
            (local.get $p))
          (func (export "name-length") (param i32 i32) (result i32) (call $name-length (local.get 0) (local.get 1)))
          (func (export "join") (param i32) (call $join (local.get 0) (i32.const 0x100)))
          (func (export "tag") (param i32 i32 i32 i32 i32 i32 i32)
            (call $tag (local.get 0) (local.get 1) (local.get 2) (local.get 3) (local.get 4) (local.get 5) (local.get 6) (i32.const 0x100)))
          (func (export "new-counter") (param i32 i32) (result i32) (call $new-counter (local.get 0) (local.get 1)))
          (func (export "count") (param i32 i32 i32) (result i32) (call $count (local.get 0) (local.get 1) (local.get 2))))
        """;

    private sealed class Counter(string prefix) : Names.ICounter
    {
        public uint Count(ReadOnlySpan<char> word) => (uint)(word.StartsWith(prefix, StringComparison.Ordinal) ? 1000 + word.Length : word.Length);
    }

    private sealed class Host : INames
    {
        public readonly List<string> Seen = new();
        public bool Record = true;

        public uint NameLength(ReadOnlySpan<char> name)
        {
            if (Record) Seen.Add(name.ToString());
            return (uint)name.Length;
        }

        public string Join(ReadOnlySpan<char> a, ReadOnlySpan<char> b, ReadOnlySpan<char> c, ReadOnlySpan<char> d, ReadOnlySpan<char> e,
            ReadOnlySpan<char> f, ReadOnlySpan<char> g, ReadOnlySpan<char> h, ReadOnlySpan<char> i) =>
            string.Join("|", a.ToString(), b.ToString(), c.ToString(), d.ToString(), e.ToString(), f.ToString(), g.ToString(), h.ToString(), i.ToString());

        public string Tag(ReadOnlySpan<char> label, ReadOnlySpan<byte> bytes, string? note) =>
            $"{label.ToString()}:{Convert.ToHexString(bytes)}:{note ?? "none"}";

        public Names.ICounter NewCounter(ReadOnlySpan<char> prefix) => new Counter(prefix.ToString());
    }

    private readonly Host _host = new();
    private readonly WatGuest _guest;
    private readonly Instance _instance;

    public SpanStringTests()
    {
        _guest = new WatGuest("spans", Wat, (linker, context) => new SpansHost { Names = _host }.AddToLinker(linker, context));
        _instance = _guest.Instance;
    }

    public void Dispose() => _guest.Dispose();

    private Memory Memory => _guest.Memory;

    /// <summary>Writes <paramref name="text"/>'s UTF-8 at <paramref name="at"/>; returns its byte length.</summary>
    private int Put(int at, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        bytes.CopyTo(Memory.GetSpan(at, bytes.Length));
        return bytes.Length;
    }

    private string ResultString()
    {
        int pointer = Memory.ReadInt32(0x100), length = Memory.ReadInt32(0x104);
        return Encoding.UTF8.GetString(Memory.GetSpan(pointer, length));
    }

    [Fact]
    public void Strings_of_every_size_arrive_as_the_spans_of_their_text()
    {
        var nameLength = _instance.GetFunction<int, int, int>("name-length")!;
        string[] texts = ["", "a", "héllo wörld", "😀 surrogate pairs 😀", new string('x', 1024), "é" + new string('y', 1023), new string('z', 1025), string.Concat(Enumerable.Repeat("日本語", 3000))];
        foreach (var text in texts)
        {
            int length = Put(0x2000, text);
            Assert.Equal(text.Length, nameLength(0x2000, length));
        }
        Assert.Equal(texts, _host.Seen);
    }

    [Fact]
    public void Nine_strings_passed_through_the_parameter_area_arrive_in_order()
    {
        string[] parts = ["one", "", "drei", new string('q', 2000), "ünf", "six", "😀", new string('r', 1024), "nine"];
        int at = 0x3000;
        for (int k = 0; k < parts.Length; k++)
        {
            int length = Put(at, parts[k]);
            Memory.WriteInt32(0x2000 + 8 * k, at);
            Memory.WriteInt32(0x2000 + 8 * k + 4, length);
            at += length + 8;
        }
        _instance.GetAction<int>("join")!(0x2000);
        Assert.Equal(string.Join("|", parts), ResultString());
    }

    [Fact]
    public void A_nested_string_stays_a_string_beside_a_span_and_a_byte_list()
    {
        var tag = _instance.GetFunction("tag")!.WrapAction<int, int, int, int, int, int, int>()!;
        int label = Put(0x2000, "label"), note = Put(0x2100, "a note");
        Memory.GetSpan(0x2200, 3).Fill(0xAB);
        tag(0x2000, label, 0x2200, 3, 1, 0x2100, note);
        Assert.Equal("label:ABABAB:a note", ResultString());
        tag(0x2000, label, 0x2200, 0, 0, 0, 0);
        Assert.Equal("label::none", ResultString());
    }

    [Fact]
    public void A_resource_constructor_and_method_take_spans()
    {
        int prefix = Put(0x2000, "pre");
        int handle = _instance.GetFunction<int, int, int>("new-counter")!(0x2000, prefix);
        var count = _instance.GetFunction<int, int, int, int>("count")!;
        int word = Put(0x2100, "prefix");
        Assert.Equal(1006, count(handle, 0x2100, word));
        word = Put(0x2100, new string('w', 3000));
        Assert.Equal(3000, count(handle, 0x2100, word));
    }

    [Fact]
    public void Bad_utf8_and_out_of_bounds_strings_trap_short_and_long()
    {
        var nameLength = _instance.GetFunction<int, int, int>("name-length")!;
        foreach (int length in new[] { 4, 2000 })
        {
            Memory.GetSpan(0x2000, length).Fill((byte)'a');
            Memory.WriteByte(0x2000 + length - 2, 0xC3);   // a lead byte followed by ASCII
            var bad = Assert.ThrowsAny<WasmtimeException>(() => nameLength(0x2000, length));
            Assert.Contains("test:spans/names.name-length: a string argument is not valid UTF-8", Message(bad), StringComparison.Ordinal);
        }
        var outside = Assert.ThrowsAny<WasmtimeException>(() => nameLength(2 * 65536 - 10, 11));
        Assert.Contains("out of bounds", Message(outside), StringComparison.Ordinal);
        var negative = Assert.ThrowsAny<WasmtimeException>(() => nameLength(0, -1));
        Assert.Contains("out of bounds", Message(negative), StringComparison.Ordinal);
        Assert.Empty(_host.Seen);
        // The pool's buffer was given back on the trap: the next long string still works.
        int ok = Put(0x2000, new string('k', 5000));
        Assert.Equal(5000, nameLength(0x2000, ok));
    }

    [Fact]
    public void A_call_allocates_nothing_on_the_host_with_strings_on_the_stack_or_in_pooled_buffers()
    {
        var nameLength = _instance.GetFunction<int, int, int>("name-length")!;
        _host.Record = false;
        int shortOne = Put(0x2000, "a name of some length, with ü");
        int kibibyte = Put(0x3000, new string('n', 1024));
        int longer = Put(0x4000, new string('l', 5000));   // a pooled buffer, which must go back after each call
        for (int i = 0; i < 2000; i++)   // warm up (tiered JIT, the pool)
        {
            nameLength(0x2000, shortOne);
            nameLength(0x4000, longer);
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            nameLength(0x2000, shortOne);
            nameLength(0x3000, kibibyte);
            nameLength(0x4000, longer);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static string Message(Exception ex) => ex.InnerException is { } inner ? ex.Message + " / " + inner.Message : ex.Message;
}
