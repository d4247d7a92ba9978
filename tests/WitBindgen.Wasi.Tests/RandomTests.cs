using System;
using System.Buffers.Binary;
using System.Linq;
using Xunit;

namespace WitBindgen.Wasi.Tests;

public class RandomTests
{
    private const string Imports = """
          (import "random" "get-random-bytes" (func $random_bytes (param i64 i32)))
          (import "random" "get-random-u64" (func $random_u64 (result i64)))
          (import "insecure-random" "get-insecure-random-bytes" (func $insecure_bytes (param i64 i32)))
          (import "insecure-random" "get-insecure-random-u64" (func $insecure_u64 (result i64)))
          (import "insecure-random-seed" "insecure-seed" (func $seed (param i32)))
        """;

    /// <summary>Asks for $len secure bytes and prints how many came.</summary>
    private static string Lengths(params long[] lengths) => Wat.Command(Imports, string.Concat(lengths.Select(len => $"""
        (call $random_bytes (i64.const {len}) (i32.const 0x1000))
        (call $print_u64 (i64.extend_i32_u (i32.load (i32.const 0x1004))))
        (call $print_char (i32.const 32))
        """)) + "(i32.const 0)");

    [Fact]
    public void Random_bytes_come_in_the_length_asked_for()
    {
        var (status, stdout) = Runner.Capture(Lengths(0, 1, 16, 1000, 70_000));
        Assert.Equal(0, status);
        Assert.Equal("0 1 16 1000 70000 ", stdout);
    }

    [Fact]
    public void Asking_for_2_to_the_64_random_bytes_traps_instead_of_exhausting_the_host()
    {
        using var context = new WasiContextBuilder().Build();
        var trap = Runner.Trap(() => Runner.Run(Lengths(-1), context));
        Assert.Equal("random.get-random-bytes: 18446744073709551615 bytes asked for, more than this host's limit of 1048576 (WasiContextBuilder.MaxRandomBytes)", trap.Message);
    }

    [Fact]
    public void The_random_limit_is_configurable()
    {
        var (status, stdout) = Runner.Capture(Lengths(64), b => b.MaxRandomBytes(64));
        Assert.Equal((0, "64 "), (status, stdout));
        using var context = new WasiContextBuilder().MaxRandomBytes(64).Build();
        var trap = Runner.Trap(() => Runner.Run(Lengths(65), context));
        Assert.StartsWith("random.get-random-bytes: 65 bytes asked for", trap.Message);
    }

    /// <summary>Writes 24 insecure bytes, an insecure u64 and the seed to stdout, raw.</summary>
    private static readonly string InsecureDump = Wat.Command(Imports, """
        (call $insecure_bytes (i64.const 24) (i32.const 0x1000))
        (call $print (i32.load (i32.const 0x1000)) (i32.load (i32.const 0x1004)))
        (i64.store (i32.const 0x1100) (call $insecure_u64))
        (call $print (i32.const 0x1100) (i32.const 8))
        (call $seed (i32.const 0x1200))
        (call $print (i32.const 0x1200) (i32.const 16))
        (i32.const 0)
        """);

    private static byte[] Dump(Action<WasiContextBuilder> configure)
    {
        var stdout = new MemoryOutputPipe();
        var builder = new WasiContextBuilder().Stdout(stdout);
        configure(builder);
        using var context = builder.Build();
        Assert.Equal(0, Runner.Run(InsecureDump, context));
        return stdout.Contents;
    }

    [Fact]
    public void A_seeded_insecure_source_and_a_fixed_seed_make_runs_deterministic()
    {
        var first = Dump(b => b.InsecureRandom(RandomSource.Seeded(42)).InsecureSeed(1, 2));
        var second = Dump(b => b.InsecureRandom(RandomSource.Seeded(42)).InsecureSeed(1, 2));
        Assert.Equal(48, first.Length);
        Assert.Equal(first, second);

        var expected = RandomSource.Seeded(42);
        var bytes = new byte[24];
        expected.Fill(bytes);
        Assert.Equal(bytes, first[..24]);
        Assert.Equal(expected.NextUInt64(), BinaryPrimitives.ReadUInt64LittleEndian(first.AsSpan(24)));
        Assert.Equal(1UL, BinaryPrimitives.ReadUInt64LittleEndian(first.AsSpan(32)));
        Assert.Equal(2UL, BinaryPrimitives.ReadUInt64LittleEndian(first.AsSpan(40)));

        var other = Dump(b => b.InsecureRandom(RandomSource.Seeded(43)).InsecureSeed(1, 2));
        Assert.NotEqual(first[..32], other[..32]);
    }

    [Fact]
    public void By_default_every_context_gets_fresh_randomness()
    {
        var first = Dump(_ => { });
        var second = Dump(_ => { });
        Assert.NotEqual(first, second);
        Assert.NotEqual(first[32..], second[32..]); // the seed too
    }

    [Fact]
    public void Secure_random_is_fresh_on_every_call()
    {
        var wat = Wat.Command(Imports, """
            (i64.store (i32.const 0x1100) (call $random_u64))
            (i64.store (i32.const 0x1108) (call $random_u64))
            (call $print (i32.const 0x1100) (i32.const 16))
            (call $random_bytes (i64.const 32) (i32.const 0x1000))
            (call $print (i32.load (i32.const 0x1000)) (i32.load (i32.const 0x1004)))
            (i32.const 0)
            """);
        var stdout = new MemoryOutputPipe();
        using var context = new WasiContextBuilder().Stdout(stdout).Build();
        Assert.Equal(0, Runner.Run(wat, context));
        var bytes = stdout.Contents;
        Assert.Equal(48, bytes.Length);
        Assert.NotEqual(bytes[..8], bytes[8..16]);
        Assert.NotEqual(new byte[32], bytes[16..]);
    }
}
