using System;
using WitBindgen.Runtime.Abi;
using Xunit;

namespace WitBindgen.Wasi.Tests;

public class HandleTests
{
    private const string Imports = """
          (import "streams" "write" (func $write (param i32 i32 i32 i32)))
          (import "streams" "read" (func $read (param i32 i64 i32)))
          (import "streams" "skip" (func $skip (param i32 i64 i32)))
          (import "streams" "blocking-write-zeroes" (func $write_zeroes (param i32 i64 i32)))
          (import "streams" "splice" (func $splice (param i32 i32 i64 i32)))
          (import "streams" "forward" (func $forward (param i32 i32 i32)))
          (import "streams" "drop-input-stream" (func $drop_in (param i32)))
          (import "streams" "drop-output-stream" (func $drop_out (param i32)))
          (import "streams" "subscribe-to-input-stream" (func $subscribe_in (param i32) (result i32)))
          (import "poll" "poll-oneoff" (func $poll_oneoff (param i32 i32 i32)))
          (import "poll" "drop-pollable" (func $drop_pollable (param i32)))
          (import "timezone" "display" (func $display (param i32 i64 i32 i32)))
        """;

    /// <summary>Prints the result tag (0 ok, 1 err) at 0x1000.</summary>
    private const string Tag = "(call $print_char (i32.add (i32.const 48) (i32.load8_u (i32.const 0x1000))))";

    [Fact]
    public void Stream_functions_with_a_result_answer_stream_error_for_forged_stale_and_wrong_kind_handles()
    {
        var wat = Wat.Command(Imports, $"""
            (local $pollable i32)
            (local.set $pollable (call $subscribe_in (i32.const 0)))
            (call $drop_out (i32.const 2))
            (call $write (i32.const 2) (i32.const 0x100) (i32.const 1) (i32.const 0x1000)) {Tag}        ;; dropped stderr
            (call $write (i32.const 999) (i32.const 0x100) (i32.const 1) (i32.const 0x1000)) {Tag}      ;; never issued
            (call $write (i32.const 0) (i32.const 0x100) (i32.const 1) (i32.const 0x1000)) {Tag}        ;; stdin is no output
            (call $read (i32.const 1) (i64.const 1) (i32.const 0x1000)) {Tag}                           ;; stdout is no input
            (call $read (local.get $pollable) (i64.const 1) (i32.const 0x1000)) {Tag}                   ;; a pollable
            (call $skip (i32.const 2) (i64.const 1) (i32.const 0x1000)) {Tag}
            (call $write_zeroes (i32.const 3) (i64.const 1) (i32.const 0x1000)) {Tag}                   ;; the timezone
            (call $splice (i32.const 1) (i32.const 999) (i64.const 1) (i32.const 0x1000)) {Tag}
            (call $forward (i32.const 999) (i32.const 0) (i32.const 0x1000)) {Tag}
            (call $write (i32.const 1) (i32.const 0x100) (i32.const 1) (i32.const 0x1000)) {Tag}        ;; stdout works
            (i32.const 0)
            """, """(data (i32.const 0x100) "!")""");
        var (status, stdout) = Runner.Capture(wat);
        Assert.Equal(0, status);
        Assert.Equal("111111111!0", stdout);
    }

    [Theory]
    [InlineData("(call $drop_in (i32.const 1))", "streams.drop-input-stream: handle 1 is not an input-stream: it is an output-stream")]
    [InlineData("(drop (call $subscribe_in (i32.const 12345)))", "streams.subscribe-to-input-stream: handle 12345 is not an input-stream: no such handle was ever issued")]
    [InlineData("(call $drop_out (i32.const 2)) (call $drop_out (i32.const 2))", "streams.drop-output-stream: handle 2 is not an output-stream: it was dropped")]
    [InlineData("(call $drop_pollable (i32.const 3))", "poll.drop-pollable: handle 3 is not a pollable: it is a timezone")]
    [InlineData("(i32.store (i32.const 0x2000) (i32.const 0)) (call $poll_oneoff (i32.const 0x2000) (i32.const 1) (i32.const 0x1000))",
                "poll.poll-oneoff: handle 0 is not a pollable: it is an input-stream")]
    [InlineData("(call $display (i32.const 0) (i64.const 0) (i32.const 0) (i32.const 0x1000))", "timezone.display: handle 0 is not a timezone: it is an input-stream")]
    public void Functions_without_a_result_trap_with_a_clear_message(string call, string message)
    {
        using var context = new WasiContextBuilder().Build();
        var trap = Runner.Trap(() => Runner.Run(Wat.Command(Imports, call + " (i32.const 0)"), context));
        Assert.Equal(message, trap.Message);
    }

    private sealed class Thing : WasiResource
    {
    }

    [Fact]
    public void Handles_are_never_reused_so_stale_ones_stay_recognisable()
    {
        var table = new HandleTable();
        var first = table.Insert(new Thing());
        Assert.Equal(HandleStatus.Valid, table.TryGet<Thing>(first, out var thing));
        Assert.NotNull(thing);
        table.Remove<Thing>(first, "test");
        Assert.True(thing!.IsDropped);
        var second = table.Insert(new Thing());
        Assert.NotEqual(first, second);
        Assert.Equal(HandleStatus.Dropped, table.TryGet<Thing>(first, out _));
        Assert.Equal(HandleStatus.NeverIssued, table.TryGet<Thing>(second + 1, out _));
        Assert.Equal(HandleStatus.WrongKind, table.TryGet<InputStream>(second, out _));
        Assert.Equal("test: handle 1 is not an input-stream: it is a Thing", Assert.Throws<WitTrapException>(() => table.Get<InputStream>(second, "test")).Message);
    }

    [Fact]
    public void A_full_table_traps_instead_of_growing_without_bound()
    {
        var table = new HandleTable(capacity: 2);
        table.Insert(new Thing());
        table.Insert(new Thing());
        Assert.True(table.IsFull);
        var trap = Assert.Throws<WitTrapException>(() => table.Insert(new Thing(), "monotonic-clock.subscribe"));
        Assert.Equal("monotonic-clock.subscribe: the handle table is full (2 live handles); drop some before making more", trap.Message);
    }

    [Fact]
    public void A_guest_subscribing_without_dropping_hits_the_limit_as_a_trap()
    {
        var wat = Wat.Command("""(import "monotonic-clock" "subscribe" (func $subscribe (param i64 i32) (result i32)))""", """
            (loop $forever (drop (call $subscribe (i64.const 0) (i32.const 0))) (br $forever))
            (i32.const 0)
            """);
        using var context = new WasiContextBuilder().MaxHandles(100).Build();
        var trap = Runner.Trap(() => Runner.Run(wat, context));
        Assert.StartsWith("monotonic-clock.subscribe: the handle table is full (100 live handles)", trap.Message);
    }
}
