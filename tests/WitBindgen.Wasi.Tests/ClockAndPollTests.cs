using System;
using System.Diagnostics;
using System.Threading.Tasks;
using Xunit;

namespace WitBindgen.Wasi.Tests;

/// <summary>A user's wall clock, in a few lines: always the same instant.</summary>
public sealed class FixedClock(DateTimeOffset instant) : IWallClock
{
    public WallClock.Datetime Now() => FixedWallClock.ToDatetime(instant);
    public WallClock.Datetime Resolution() => new(0, 1_000);
}

public class ClockAndPollTests
{
    private const string Imports = """
          (import "wall-clock" "now" (func $wall_now (param i32)))
          (import "wall-clock" "resolution" (func $wall_resolution (param i32)))
          (import "monotonic-clock" "now" (func $now (result i64)))
          (import "monotonic-clock" "resolution" (func $resolution (result i64)))
          (import "monotonic-clock" "subscribe" (func $subscribe (param i64 i32) (result i32)))
          (import "poll" "poll-oneoff" (func $poll_oneoff (param i32 i32 i32)))
          (import "poll" "drop-pollable" (func $drop_pollable (param i32)))
          (import "stdin" "get-stdin" (func $get_stdin (result i32)))
          (import "streams" "subscribe-to-input-stream" (func $subscribe_in (param i32) (result i32)))
          (import "streams" "subscribe-to-output-stream" (func $subscribe_out (param i32) (result i32)))
          (import "streams" "read" (func $read (param i32 i64 i32)))
        """;

    /// <summary>$poll a b c: polls the pollables a, b, c (-1 for absent), prints one digit per pollable and a space.</summary>
    private const string PollHelper = """
          (func $poll (param $a i32) (param $b i32) (param $c i32)
            (local $n i32) (local $p i32) (local $i i32)
            (i32.store (i32.const 0x2000) (local.get $a))
            (i32.store (i32.const 0x2004) (local.get $b))
            (i32.store (i32.const 0x2008) (local.get $c))
            (local.set $n (select (i32.const 2) (i32.const 3) (i32.eq (local.get $c) (i32.const -1))))
            (call $poll_oneoff (i32.const 0x2000) (local.get $n) (i32.const 0x1000))
            (if (i32.ne (i32.load (i32.const 0x1004)) (local.get $n)) (then unreachable))
            (local.set $p (i32.load (i32.const 0x1000)))
            (loop $each
              (call $print_char (i32.add (i32.const 48) (i32.load8_u (i32.add (local.get $p) (local.get $i)))))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br_if $each (i32.lt_u (local.get $i) (local.get $n))))
            (call $print_char (i32.const 32)))
        """;

    [Fact]
    public void The_wall_clock_is_overridden_with_a_fixed_clock_and_stdout_captured()
    {
        var wat = Wat.Command(Imports, """
            (call $wall_now (i32.const 0x1000))
            (call $print_u64 (i64.load (i32.const 0x1000)))
            (call $print_char (i32.const 46))
            (call $print_u64 (i64.extend_i32_u (i32.load (i32.const 0x1008))))
            (call $wall_resolution (i32.const 0x1000))
            (call $print_char (i32.const 32))
            (call $print_u64 (i64.extend_i32_u (i32.load (i32.const 0x1008))))
            (i32.const 0)
            """);
        var stdout = new MemoryOutputPipe();
        using var context = new WasiContextBuilder()
            .Override<IWallClock>(new FixedClock(new DateTimeOffset(2023, 5, 18, 12, 0, 0, 250, TimeSpan.Zero)))
            .Stdout(stdout)
            .Build();
        Assert.Equal(0, Runner.Run(wat, context));
        Assert.Equal("1684411200.250000000 1000", stdout.Text);
    }

    [Fact]
    public void A_wall_clock_source_reaches_the_guest_and_an_override_of_the_interface_beats_it()
    {
        var wat = Wat.Command(Imports, """
            (call $wall_now (i32.const 0x1000))
            (call $print_u64 (i64.load (i32.const 0x1000)))
            (call $print_char (i32.const 46))
            (call $print_u64 (i64.extend_i32_u (i32.load (i32.const 0x1008))))
            (call $wall_resolution (i32.const 0x1000))
            (call $print_char (i32.const 32))
            (call $print_u64 (i64.extend_i32_u (i32.load (i32.const 0x1008))))
            (i32.const 0)
            """);
        var source = new FixedWallClock(new DateTimeOffset(2023, 5, 18, 12, 0, 0, 250, TimeSpan.Zero), TimeSpan.FromTicks(20));
        var stdout = new MemoryOutputPipe();
        using (var context = new WasiContextBuilder().WallClock(source).Stdout(stdout).Build())
        {
            Assert.Same(source, context.Clocks.Wall);
            Assert.Equal(0, Runner.Run(wat, context));
        }
        Assert.Equal("1684411200.250000000 2000", stdout.Text);

        // Override<IWallClock> replaces the interface the source would have served.
        var overridden = new MemoryOutputPipe();
        using (var context = new WasiContextBuilder().WallClock(source)
            .Override<IWallClock>(new FixedClock(DateTimeOffset.FromUnixTimeSeconds(7))).Stdout(overridden).Build())
            Assert.Equal(0, Runner.Run(wat, context));
        Assert.Equal("7.0 1000", overridden.Text);
    }

    [Fact]
    public void The_default_wall_clock_reads_the_host_time()
    {
        var now = new SystemWallClock().Now();
        var host = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Assert.InRange((long)now.Seconds, host - 5, host + 5);
        Assert.True(now.Nanoseconds < 1_000_000_000);
    }

    [Fact]
    public void A_manual_monotonic_clock_stands_still_until_the_guest_waits_then_jumps_to_the_deadline()
    {
        var wat = Wat.Command(Imports, """
            (local $timer i32)
            (call $print_u64 (call $now)) (call $print_char (i32.const 32))
            (call $print_u64 (call $resolution)) (call $print_char (i32.const 32))
            (call $print_u64 (call $now)) (call $print_char (i32.const 32))
            ;; sleep one second (relative), then until 3 s (absolute), then until 1 s (absolute, in the past)
            (local.set $timer (call $subscribe (i64.const 1000000000) (i32.const 0)))
            (call $poll (local.get $timer) (i32.const -1) (i32.const -1))
            (call $drop_pollable (local.get $timer))
            (call $print_u64 (call $now)) (call $print_char (i32.const 32))
            (call $poll (call $subscribe (i64.const 3000000000) (i32.const 1)) (i32.const -1) (i32.const -1))
            (call $print_u64 (call $now)) (call $print_char (i32.const 32))
            (call $poll (call $subscribe (i64.const 1000000000) (i32.const 1)) (i32.const -1) (i32.const -1))
            (call $print_u64 (call $now))
            (i32.const 0)
            """, PollHelper.Replace("(local.set $n (select (i32.const 2) (i32.const 3) (i32.eq (local.get $c) (i32.const -1))))",
                                    "(local.set $n (i32.const 1))"));
        var clock = new ManualMonotonicClock(start: 5_000, resolution: 7);
        var (status, stdout) = Runner.Capture(wat, b => b.MonotonicClock(clock));
        Assert.Equal(0, status);
        Assert.Equal("5000 7 5000 1 1000005000 1 3000000000 1 3000000000", stdout);
    }

    [Fact]
    public void Poll_over_two_timers_and_a_stream_returns_what_is_ready_and_waits_for_the_earliest()
    {
        var wat = Wat.Command(Imports, """
            (local $late i32) (local $early i32) (local $in i32) (local $out i32)
            (local.set $late (call $subscribe (i64.const 2000000000) (i32.const 0)))
            (local.set $early (call $subscribe (i64.const 1000000000) (i32.const 0)))
            (local.set $in (call $subscribe_in (call $get_stdin)))
            (local.set $out (call $subscribe_out (call $get_stdout)))
            (call $poll (local.get $late) (local.get $early) (local.get $in))    ;; waits 1 s: the early timer
            (call $print_u64 (call $now)) (call $print_char (i32.const 32))
            (call $poll (local.get $late) (local.get $early) (local.get $in))    ;; at once: the early one stays ready
            (call $drop_pollable (local.get $early))
            (call $poll (local.get $late) (local.get $in) (i32.const -1))         ;; waits until 2 s
            (call $print_u64 (call $now)) (call $print_char (i32.const 32))
            (call $poll (local.get $in) (local.get $out) (i32.const -1))          ;; stdout can always take bytes
            (i32.const 0)
            """, PollHelper);
        // stdin: a pipe nobody writes to (yet), so its pollable is not ready.
        using var pipe = new TestPipe();
        var (status, stdout) = Runner.Capture(wat, b => b.Stdin(pipe.Reader).MonotonicClock(new ManualMonotonicClock()));
        Assert.Equal(0, status);
        Assert.Equal("010 1000000000 010 10 2000000000 01 ", stdout);
    }

    [Fact]
    public async Task Poll_blocks_in_real_time_until_a_stream_has_data_before_two_far_timers()
    {
        var wat = Wat.Command(Imports, """
            (local $in i32)
            (local.set $in (call $subscribe_in (call $get_stdin)))
            (call $poll (call $subscribe (i64.const 10000000000) (i32.const 0))
                        (call $subscribe (i64.const 20000000000) (i32.const 0))
                        (local.get $in))
            (call $read (call $get_stdin) (i64.const 100) (i32.const 0x1100))
            (call $print (i32.load (i32.const 0x1104)) (i32.load (i32.const 0x1108)))
            (i32.const 0)
            """, PollHelper);
        using var pipe = new TestPipe();
        var writer = Task.Run(async () =>
        {
            await Task.Delay(100);
            pipe.Write("data"u8);
        });
        var watch = Stopwatch.StartNew();
        var (status, stdout) = Runner.Capture(wat, b => b.Stdin(pipe.Reader));
        watch.Stop();
        await writer;
        Assert.Equal(0, status);
        Assert.Equal("001 data", stdout);
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(90), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void A_timer_on_the_host_clock_waits_in_real_time()
    {
        var wat = Wat.Command(Imports, """
            (local $start i64)
            (local.set $start (call $now))
            (call $poll (call $subscribe (i64.const 30000000) (i32.const 0)) (i32.const -1) (i32.const -1))
            (i64.lt_u (i64.sub (call $now) (local.get $start)) (i64.const 30000000))
            """, PollHelper.Replace("(local.set $n (select (i32.const 2) (i32.const 3) (i32.eq (local.get $c) (i32.const -1))))",
                                    "(local.set $n (i32.const 1))"));
        var (status, stdout) = Runner.Capture(wat);
        Assert.Equal(0, status); // at least 30 ms passed on the guest's monotonic clock
        Assert.Equal("1 ", stdout);
    }

    [Fact]
    public void Poll_of_an_empty_list_returns_an_empty_list()
    {
        using var context = new WasiContextBuilder().Build();
        Assert.Equal(0, context.Host.Poll!.PollOneoff(Array.Empty<uint>()).Length);
    }
}
