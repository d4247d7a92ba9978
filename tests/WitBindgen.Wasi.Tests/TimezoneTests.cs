using System;
using Xunit;

namespace WitBindgen.Wasi.Tests;

public class TimezoneTests
{
    private const string Imports = """
          (import "timezone" "display" (func $display (param i32 i64 i32 i32)))
          (import "timezone" "utc-offset" (func $utc_offset (param i32 i64 i32) (result i32)))
          (import "timezone" "drop-timezone" (func $drop_timezone (param i32)))
        """;

    /// <summary>Prints "offset name dst|offset" for the instance's timezone (handle 3) at <paramref name="seconds"/>.</summary>
    private static string Display(ulong seconds) => Wat.Command(Imports, $"""
        (call $display (i32.const 3) (i64.const {unchecked((long)seconds)}) (i32.const 0) (i32.const 0x1000))
        (call $print_s64 (i64.extend_i32_s (i32.load (i32.const 0x1000))))
        (call $print_char (i32.const 32))
        (call $print (i32.load (i32.const 0x1004)) (i32.load (i32.const 0x1008)))
        (call $print_char (i32.const 32))
        (call $print_u64 (i64.extend_i32_u (i32.load8_u (i32.const 0x100c))))
        (call $print_char (i32.const 124))
        (call $print_s64 (i64.extend_i32_s (call $utc_offset (i32.const 3) (i64.const {unchecked((long)seconds)}) (i32.const 0))))
        (i32.const 0)
        """);

    private static string Show(string zone, DateTimeOffset when) => Show(TimeZoneInfo.FindSystemTimeZoneById(zone), (ulong)when.ToUnixTimeSeconds());

    private static string Show(TimeZoneInfo zone, ulong seconds)
    {
        var (status, stdout) = Runner.Capture(Display(seconds), b => b.TimeZone(zone));
        Assert.Equal(0, status);
        return stdout;
    }

    [Fact]
    public void Paris_in_summer_and_in_winter()
    {
        Assert.Equal("7200 CEST 1|7200", Show("Europe/Paris", new DateTimeOffset(2023, 7, 14, 12, 0, 0, TimeSpan.Zero)));
        Assert.Equal("3600 CET 0|3600", Show("Europe/Paris", new DateTimeOffset(2023, 1, 15, 12, 0, 0, TimeSpan.Zero)));
        // Far beyond the zone file's listed transitions, its POSIX rule names the time.
        Assert.Equal("7200 CEST 1|7200", Show("Europe/Paris", new DateTimeOffset(2100, 7, 1, 0, 0, 0, TimeSpan.Zero)));
        // Around the switch to summer time: 2023-03-26 01:00 UTC.
        Assert.Equal("3600 CET 0|3600", Show("Europe/Paris", new DateTimeOffset(2023, 3, 26, 0, 59, 59, TimeSpan.Zero)));
        Assert.Equal("7200 CEST 1|7200", Show("Europe/Paris", new DateTimeOffset(2023, 3, 26, 1, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Zones_west_of_utc_and_zones_without_an_abbreviation()
    {
        Assert.Equal("-14400 EDT 1|-14400", Show("America/New_York", new DateTimeOffset(2023, 7, 4, 12, 0, 0, TimeSpan.Zero)));
        Assert.Equal("19800 IST 0|19800", Show("Asia/Kolkata", new DateTimeOffset(2023, 7, 4, 12, 0, 0, TimeSpan.Zero)));
        Assert.Equal("-10800 -03 0|-10800", Show("America/Sao_Paulo", new DateTimeOffset(2023, 7, 4, 12, 0, 0, TimeSpan.Zero)));
        var custom = TimeZoneInfo.CreateCustomTimeZone("Test/Custom", new TimeSpan(5, 45, 0), "Custom", "Custom");
        Assert.Equal("20700 +05:45 0|20700", Show(custom, 1_700_000_000));
        Assert.Equal("0 UTC 0|0", Show(TimeZoneInfo.Utc, 1_700_000_000));
    }

    [Fact]
    public void A_datetime_beyond_what_can_be_determined_is_shown_as_utc()
    {
        Assert.Equal("0 UTC 0|0", Show(TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"), ulong.MaxValue));
    }

    [Fact]
    public void A_dropped_timezone_traps()
    {
        var wat = Wat.Command(Imports, """
            (call $drop_timezone (i32.const 3))
            (call $display (i32.const 3) (i64.const 0) (i32.const 0) (i32.const 0x1000))
            (i32.const 0)
            """);
        using var context = new WasiContextBuilder().Build();
        Assert.Equal(3u, context.Clocks.TimezoneHandle);
        var trap = Runner.Trap(() => Runner.Run(wat, context));
        Assert.Equal("timezone.display: handle 3 is not a timezone: it was dropped", trap.Message);
    }
}
