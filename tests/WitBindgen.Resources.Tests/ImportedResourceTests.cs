using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Resources;
using Wasmtime;
using WitBindgen.Runtime;
using WitBindgen.Runtime.Abi;
using Xunit;
using Store = Resources.Store;

namespace WitBindgen.Resources.Tests;

/// <summary>
/// Imported resources through the generated glue, on Wasmtime with a WAT guest that imports every core function
/// of <c>test:res/store@0.1.0</c> under today's names and re-exports thin wrappers the tests call with raw handles.
/// </summary>
public sealed class ImportedResourceTests : IDisposable
{
    private const string Module = "test:res/store@0.1.0";

    private sealed class Blob : Store.IBlob, IDisposable
    {
        public Blob(IEnumerable<byte> bytes) => Bytes = bytes.ToList();
        public List<byte> Bytes { get; }
        public int Disposed { get; private set; }
        public string Text => Encoding.UTF8.GetString(Bytes.ToArray());
        public uint Size() => (uint)Bytes.Count;
        public void Append(Store.IBlob more) => Bytes.AddRange(((Blob)more).Bytes);
        public void Dispose() => Disposed++;
    }

    private sealed class Tag : Store.ITag
    {
    }

    private sealed class StoreImpl : IStore
    {
        public List<Store.IBlob> Seen { get; } = new();
        public Store.IBlob Open(string name) => new Blob(Encoding.UTF8.GetBytes(name));
        public uint Take(Store.IBlob b)
        {
            Seen.Add(b);
            return b.Size();
        }
        public uint Peek(Store.IBlob b)
        {
            Seen.Add(b);
            return b.Size();
        }
        public Store.Labelled Wrap(Store.IBlob b, string label) => new(label, b);
        public Store.IBlob Unwrap(Store.Labelled l)
        {
            Seen.Add(l.Item);
            return new Blob(Encoding.UTF8.GetBytes(l.Label).Concat(((Blob)l.Item).Bytes));
        }
        public Result<Store.IBlob, string> Maybe(Store.IBlob? b) => b is null ? Result.Err("none") : Result.Ok(b);
        public IReadOnlyList<Store.IBlob> Many(uint n) => Enumerable.Range(0, (int)n).Select(i => (Store.IBlob)new Blob(new[] { (byte)i })).ToList();
        public uint Count(IReadOnlyList<Store.IBlob> bs)
        {
            Seen.AddRange(bs);
            return (uint)bs.Sum(b => b.Size());
        }
        public Store.Slot Swap(Store.Slot s) => s.Match<Store.Slot>(
            () => new Store.Slot.Full(new Blob(Encoding.UTF8.GetBytes("fresh"))),
            b =>
            {
                Seen.Add(b);
                return Store.Slot.Empty.Instance;
            });
        public Store.IBlob NewBlob(ReadOnlySpan<byte> init) => new Blob(init.ToArray());
        public Store.IBlob BlobMerge(Store.IBlob a, Store.IBlob b) => new Blob(((Blob)a).Bytes.Concat(((Blob)b).Bytes));
        public Store.ITag NewTag() => new Tag();
    }

    private const string Wat = $$"""
        (module
          (import "{{Module}}" "[constructor]blob" (func $ctor (param i32 i32) (result i32)))
          (import "{{Module}}" "[method]blob.size" (func $size (param i32) (result i32)))
          (import "{{Module}}" "[method]blob.append" (func $append (param i32 i32)))
          (import "{{Module}}" "[static]blob.merge" (func $merge (param i32 i32) (result i32)))
          (import "{{Module}}" "[resource-drop]blob" (func $drop (param i32)))
          (import "{{Module}}" "[constructor]tag" (func $tag (result i32)))
          (import "{{Module}}" "[resource-drop]tag" (func $drop_tag (param i32)))
          (import "{{Module}}" "open" (func $open (param i32 i32) (result i32)))
          (import "{{Module}}" "take" (func $take (param i32) (result i32)))
          (import "{{Module}}" "peek" (func $peek (param i32) (result i32)))
          (import "{{Module}}" "wrap" (func $wrap (param i32 i32 i32 i32)))
          (import "{{Module}}" "unwrap" (func $unwrap (param i32 i32 i32) (result i32)))
          (import "{{Module}}" "maybe" (func $maybe (param i32 i32 i32)))
          (import "{{Module}}" "many" (func $many (param i32 i32)))
          (import "{{Module}}" "count" (func $count (param i32 i32) (result i32)))
          (import "{{Module}}" "swap" (func $swap (param i32 i32 i32)))
          (memory (export "memory") 1)
          (global $bump (mut i32) (i32.const 0x8000))
          (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
            (local $p i32)
            (local.set $p (i32.and (i32.add (global.get $bump) (i32.sub (local.get 2) (i32.const 1))) (i32.sub (i32.const 0) (local.get 2))))
            (global.set $bump (i32.add (local.get $p) (local.get 3)))
            (local.get $p))
          (data (i32.const 0x100) "abc")
          (data (i32.const 0x110) "label")
          (func (export "ctor") (param i32 i32) (result i32) (call $ctor (local.get 0) (local.get 1)))
          (func (export "size") (param i32) (result i32) (call $size (local.get 0)))
          (func (export "append") (param i32 i32) (call $append (local.get 0) (local.get 1)))
          (func (export "merge") (param i32 i32) (result i32) (call $merge (local.get 0) (local.get 1)))
          (func (export "drop") (param i32) (call $drop (local.get 0)))
          (func (export "tag") (result i32) (call $tag))
          (func (export "drop-tag") (param i32) (call $drop_tag (local.get 0)))
          (func (export "open") (param i32 i32) (result i32) (call $open (local.get 0) (local.get 1)))
          (func (export "take") (param i32) (result i32) (call $take (local.get 0)))
          (func (export "peek") (param i32) (result i32) (call $peek (local.get 0)))
          (func (export "wrap") (param i32 i32 i32) (call $wrap (local.get 0) (local.get 1) (local.get 2) (i32.const 0x300)))
          (func (export "unwrap") (param i32 i32 i32) (result i32) (call $unwrap (local.get 0) (local.get 1) (local.get 2)))
          (func (export "maybe") (param i32 i32) (call $maybe (local.get 0) (local.get 1) (i32.const 0x300)))
          (func (export "many") (param i32) (call $many (local.get 0) (i32.const 0x300)))
          (func (export "count") (param i32 i32) (result i32) (call $count (local.get 0) (local.get 1)))
          (func (export "swap") (param i32 i32) (call $swap (local.get 0) (local.get 1) (i32.const 0x300))))
        """;

    private readonly Engine _engine = new();
    private readonly Wasmtime.Store _store;
    private readonly Linker _linker;
    private readonly StoreImpl _impl = new();
    private readonly Instance _instance;
    private readonly GuestContext _context = new();

    public ImportedResourceTests()
    {
        _store = new Wasmtime.Store(_engine);
        _linker = new Linker(_engine);
        new HostResourcesHost { Store = _impl }.AddToLinker(_linker, _context);
        using var module = Wasmtime.Module.FromText(_engine, "resources", Wat);
        _instance = _linker.Instantiate(_store, module);
        _context.Bind(_instance);
    }

    public void Dispose()
    {
        _store.Dispose();
        _linker.Dispose();
        _engine.Dispose();
    }

    private Memory Memory => _instance.GetMemory("memory")!;
    private int Ctor(int ptr, int len) => _instance.GetFunction<int, int, int>("ctor")!(ptr, len);
    private int Size(int handle) => _instance.GetFunction<int, int>("size")!(handle);
    private void Drop(int handle) => _instance.GetAction<int>("drop")!(handle);
    private int Take(int handle) => _instance.GetFunction<int, int>("take")!(handle);
    private int Peek(int handle) => _instance.GetFunction<int, int>("peek")!(handle);
    private Blob Object(int handle) => (Blob)_context.Resources.Borrow<Store.IBlob>(handle, "test");

    private static WitTrapException Trap(Action call) =>
        Assert.IsType<WitTrapException>(Assert.ThrowsAny<WasmtimeException>(call).InnerException);

    [Fact]
    public void The_constructor_gives_the_guest_a_handle_methods_reach_the_object()
    {
        int h = Ctor(0x100, 3);
        Assert.NotEqual(0, h);
        Assert.Equal("abc", Object(h).Text);
        Assert.Equal(3, Size(h));
        Assert.Equal(1, _context.Resources.Count);
    }

    [Fact]
    public void A_borrow_lends_the_object_for_the_call_and_the_handle_stays()
    {
        int a = Ctor(0x100, 3);
        int b = Ctor(0x110, 5);
        _instance.GetAction<int, int>("append")!(a, b);
        Assert.Equal("abclabel", Object(a).Text);
        Assert.Equal(5, Peek(b));
        Assert.Same(Object(b), _impl.Seen.Single());
        Assert.Equal(5, Size(b));
        Assert.Equal(0, Object(b).Disposed);
    }

    [Fact]
    public void An_own_parameter_moves_the_object_out_of_the_table_without_disposing_it()
    {
        int h = Ctor(0x100, 3);
        var blob = Object(h);
        Assert.Equal(3, Take(h));
        Assert.Same(blob, _impl.Seen.Single());
        Assert.Equal(0, blob.Disposed);
        Assert.Equal(0, _context.Resources.Count);
        var trap = Trap(() => Size(h));
        Assert.Equal($"{Module}.[method]blob.size: borrow<Blob> handle {h} was already dropped or moved", trap.Message);
    }

    [Fact]
    public void A_static_function_takes_owned_handles_and_returns_a_new_one()
    {
        int a = Ctor(0x100, 3);
        int b = Ctor(0x110, 5);
        int merged = _instance.GetFunction<int, int, int>("merge")!(a, b);
        Assert.NotEqual(a, merged);
        Assert.NotEqual(b, merged);
        Assert.Equal("abclabel", Object(merged).Text);
        Assert.Equal(1, _context.Resources.Count);
        Assert.Contains("was already dropped or moved", Trap(() => Size(a)).Message);
    }

    [Fact]
    public void Drop_disposes_the_object_once_and_a_second_drop_traps()
    {
        int h = Ctor(0x100, 3);
        var blob = Object(h);
        Drop(h);
        Assert.Equal(1, blob.Disposed);
        Assert.Equal(0, _context.Resources.Count);
        var trap = Trap(() => Drop(h));
        Assert.Equal($"{Module}.[resource-drop]blob: own<Blob> handle {h} was already dropped or moved", trap.Message);
        Assert.Equal(1, blob.Disposed);
    }

    [Fact]
    public void Dropping_a_resource_that_is_not_disposable_just_forgets_it()
    {
        int t = _instance.GetFunction<int>("tag")!();
        _instance.GetAction<int>("drop-tag")!(t);
        Assert.Equal(0, _context.Resources.Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(999)]
    public void A_forged_handle_traps_naming_the_function_and_the_handle(int forged)
    {
        Ctor(0x100, 3);
        var trap = Trap(() => Size(forged));
        Assert.Equal($"{Module}.[method]blob.size: borrow<Blob> handle {forged} was never given to the guest", trap.Message);
        Assert.Equal($"{Module}.take: own<Blob> handle {forged} was never given to the guest", Trap(() => Take(forged)).Message);
        Assert.Equal($"{Module}.[resource-drop]blob: own<Blob> handle {forged} was never given to the guest", Trap(() => Drop(forged)).Message);
    }

    [Fact]
    public void A_handle_of_another_resource_type_traps_and_stays_valid()
    {
        int t = _instance.GetFunction<int>("tag")!();
        var trap = Trap(() => Size(t));
        Assert.Equal($"{Module}.[method]blob.size: borrow<Blob> handle {t} names a Tag, not a Blob", trap.Message);
        Assert.Contains("names a Tag, not a Blob", Trap(() => Drop(t)).Message);
        _instance.GetAction<int>("drop-tag")!(t);
    }

    [Fact]
    public void Handles_are_not_reused_so_a_stale_one_never_names_a_newer_object()
    {
        int first = Ctor(0x100, 3);
        Drop(first);
        int second = Ctor(0x110, 5);
        Assert.NotEqual(first, second);
        Assert.Contains("was already dropped or moved", Trap(() => Size(first)).Message);
        Assert.Equal(5, Size(second));
    }

    [Fact]
    public void The_limit_on_live_handles_traps_the_call_that_would_pass_it()
    {
        _context.Resources.MaxHandles = 2;
        int a = Ctor(0x100, 3);
        Ctor(0x100, 3);
        var trap = Trap(() => Ctor(0x100, 3));
        Assert.Equal($"{Module}.[constructor]blob: the guest already holds 2 resource handles, the most this instance allows (ResourceTable.MaxHandles)", trap.Message);
        Drop(a);
        Assert.NotEqual(0, Ctor(0x100, 3));
    }

    [Fact]
    public void A_function_result_gives_a_handle()
    {
        int h = _instance.GetFunction<int, int, int>("open")!(0x110, 5);
        Assert.Equal("label", Object(h).Text);
    }

    [Fact]
    public void A_record_carries_a_handle_both_ways()
    {
        int h = Ctor(0x100, 3);
        var blob = Object(h);
        _instance.GetAction<int, int, int>("wrap")!(h, 0x110, 5);
        var span = Memory.GetSpan(0x300, 12);
        int labelPtr = BitConverter.ToInt32(span[0..4]);
        int labelLen = BitConverter.ToInt32(span[4..8]);
        int back = BitConverter.ToInt32(span[8..12]);
        Assert.Equal("label", Encoding.UTF8.GetString(Memory.GetSpan(labelPtr, labelLen)));
        Assert.NotEqual(h, back);   // moved to the host, then a new handle back
        Assert.Same(blob, Object(back));
        Assert.Contains("was already dropped or moved", Trap(() => Size(h)).Message);

        int unwrapped = _instance.GetFunction<int, int, int, int>("unwrap")!(0x110, 5, back);
        Assert.Equal("labelabc", Object(unwrapped).Text);
        Assert.Same(blob, _impl.Seen.Single());
        Assert.Contains("was already dropped or moved", Trap(() => Size(back)).Message);
    }

    [Fact]
    public void An_option_and_a_result_carry_handles()
    {
        var maybe = _instance.GetAction<int, int>("maybe")!;
        int h = Ctor(0x100, 3);
        maybe(1, h);
        var span = Memory.GetSpan(0x300, 12);
        Assert.Equal(0, span[0]);
        int back = BitConverter.ToInt32(span[4..8]);
        Assert.Equal("abc", Object(back).Text);

        maybe(0, 12345);   // none: the payload slot is not a handle
        span = Memory.GetSpan(0x300, 12);
        Assert.Equal(1, span[0]);
        Assert.Equal("none", Encoding.UTF8.GetString(Memory.GetSpan(BitConverter.ToInt32(span[4..8]), BitConverter.ToInt32(span[8..12]))));

        Assert.Contains("handle 12345 was never given to the guest", Trap(() => maybe(1, 12345)).Message);
    }

    [Fact]
    public void A_list_of_owned_handles_out_and_a_list_of_borrows_in()
    {
        _instance.GetAction<int>("many")!(3);
        var span = Memory.GetSpan(0x300, 8);
        int ptr = BitConverter.ToInt32(span[0..4]);
        Assert.Equal(3, BitConverter.ToInt32(span[4..8]));
        var handles = Enumerable.Range(0, 3).Select(i => BitConverter.ToInt32(Memory.GetSpan(ptr + 4 * i, 4))).ToArray();
        Assert.Equal(3, handles.Distinct().Count());
        Assert.Equal(new byte[] { 0, 1, 2 }, handles.Select(x => Object(x).Bytes.Single()).ToArray());

        int bigger = Ctor(0x110, 5);
        var list = Memory.GetSpan(0x400, 16);
        BitConverter.TryWriteBytes(list[0..4], handles[2]);
        BitConverter.TryWriteBytes(list[4..8], bigger);
        BitConverter.TryWriteBytes(list[8..12], handles[2]);   // the same borrow twice is fine
        Assert.Equal(7, _instance.GetFunction<int, int, int>("count")!(0x400, 3));
        Assert.Equal(4, _context.Resources.Count);   // borrows: every handle stays

        BitConverter.TryWriteBytes(list[12..16], 777);
        Assert.Contains("borrow<Blob> handle 777 was never given to the guest", Trap(() => _instance.GetFunction<int, int, int>("count")!(0x400, 4)).Message);
    }

    [Fact]
    public void A_variant_case_carries_a_handle_both_ways()
    {
        var swap = _instance.GetAction<int, int>("swap")!;
        swap(0, 0);
        var span = Memory.GetSpan(0x300, 8);
        Assert.Equal(1, span[0]);
        int fresh = BitConverter.ToInt32(span[4..8]);
        Assert.Equal("fresh", Object(fresh).Text);

        var blob = Object(fresh);
        swap(1, fresh);
        Assert.Equal(0, Memory.GetSpan(0x300, 1)[0]);
        Assert.Same(blob, _impl.Seen.Single());
        Assert.Equal(0, _context.Resources.Count);
    }

    [Fact]
    public void Each_instance_has_its_own_table()
    {
        int h = Ctor(0x100, 3);
        using var store = new Wasmtime.Store(_engine);
        var context = new GuestContext();
        using var linker = new Linker(_engine);
        new HostResourcesHost { Store = _impl }.AddToLinker(linker, context);
        using var module = Wasmtime.Module.FromText(_engine, "resources", Wat);
        var other = linker.Instantiate(store, module);
        context.Bind(other);
        var trap = Assert.IsType<WitTrapException>(Assert.ThrowsAny<WasmtimeException>(() => other.GetFunction<int, int>("size")!(h)).InnerException);
        Assert.Contains("was never given to the guest", trap.Message);
    }
}
