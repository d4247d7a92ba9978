using System;
using System.Linq;
using Wasmtime;
using WitBindgen.Runtime.Abi;
using Xunit;

namespace WitBindgen.Wasi.Tests;

/// <summary>
/// A context and a guest context make what an instance may need on first use (the insecure seed and generator, the
/// default implementations, the realloc's wrapper): these pin that doing so later changes nothing a guest or a host sees.
/// </summary>
public class LazyStartupTests
{
    private const string SeedImports = """
          (import "insecure-random-seed" "insecure-seed" (func $seed (param i32)))
        """;

    /// <summary>Prints the insecure seed twice, raw (32 bytes).</summary>
    private static readonly string SeedTwice = Wat.Command(SeedImports, """
        (call $seed (i32.const 0x1200))
        (call $print (i32.const 0x1200) (i32.const 16))
        (call $seed (i32.const 0x1200))
        (call $print (i32.const 0x1200) (i32.const 16))
        (i32.const 0)
        """);

    private static byte[] Seeds(WasiContext context, MemoryOutputPipe stdout)
    {
        Assert.Equal(0, Runner.Run(SeedTwice, context));
        return stdout.Contents;
    }

    [Fact]
    public void The_host_drawn_insecure_seed_is_fixed_for_the_contexts_life_and_differs_between_contexts()
    {
        var stdout = new MemoryOutputPipe();
        using var context = new WasiContextBuilder().Stdout(stdout).Build();
        var bytes = Seeds(context, stdout);
        Assert.Equal(32, bytes.Length);
        Assert.Equal(bytes[..16], bytes[16..]);
        var seed = (BitConverter.ToUInt64(bytes, 0), BitConverter.ToUInt64(bytes, 8));
        Assert.Equal(seed, context.Random.InsecureSeed); // the host sees what the guest saw

        var otherOut = new MemoryOutputPipe();
        using var other = new WasiContextBuilder().Stdout(otherOut).Build();
        Assert.NotEqual(bytes[..16], Seeds(other, otherOut)[..16]); // 2^-128 to collide
    }

    [Fact]
    public void The_insecure_generator_is_one_per_context_and_a_given_one_is_used()
    {
        using var drawn = new WasiContextBuilder().Build();
        Assert.Same(drawn.Random.Insecure, drawn.Random.Insecure);
        var given = RandomSource.Seeded(7);
        using var context = new WasiContextBuilder().InsecureRandom(given).Build();
        Assert.Same(given, context.Random.Insecure);
    }

    [Fact]
    public void An_override_that_fails_still_fails_at_Build()
    {
        var builder = new WasiContextBuilder().Override<IStreams>(_ => throw new InvalidOperationException("no streams today"));
        Assert.Equal("no streams today", Assert.Throws<InvalidOperationException>(() => builder.Build()).Message);
        var nulls = new WasiContextBuilder().Override<IStreams>(_ => null!);
        Assert.Contains("IStreams returned null", Assert.Throws<InvalidOperationException>(() => nulls.Build()).Message);
    }

    [Fact]
    public void The_default_implementations_are_the_same_objects_however_they_are_reached()
    {
        using var context = new WasiContextBuilder().Build();
        var host = context.Host;
        Assert.Same(host, context.Host);
        Assert.IsType<WasiStreams>(host.Streams);
        // A change to the host's implementations is what later calls use (as before they were made on first use).
        var stdout = new MemoryOutputPipe();
        using var changed = new WasiContextBuilder().Stdout(stdout).Build();
        changed.Host.Stdout = new FixedStdout(changed.Cli.StderrHandle);
        Assert.Equal(0, Runner.Run(Wat.Command("", "(call $print (i32.const 0x100) (i32.const 2)) (i32.const 0)", "(data (i32.const 0x100) \"hi\")"), changed));
        Assert.Empty(stdout.Contents); // the guest's "stdout" was the stderr handle
    }

    private sealed class FixedStdout(uint handle) : IStdout
    {
        public uint GetStdout() => handle;
    }

    // A guest that reads from stdin (so the host must allocate the list in it) and exports no usable realloc.
    private static string Reader(string realloc) => $$"""
        (module
          (import "stdin" "get-stdin" (func $get_stdin (result i32)))
          (import "streams" "read" (func $read (param i32 i64 i32)))
          (memory (export "memory") 1)
          {{realloc}}
          (func (export "run#run") (result i32)
            (call $read (call $get_stdin) (i64.const 4) (i32.const 0x100))
            (i32.const 0)))
        """;

    [Theory]
    [InlineData("")]
    [InlineData("(func (export \"cabi_realloc\") (param i32 i32 i32) (result i32) (i32.const 0x200))")]
    public void A_guest_without_a_realloc_of_the_right_type_traps_when_a_call_first_allocates(string realloc)
    {
        using var context = new WasiContextBuilder().Stdin("abcd"u8.ToArray()).Build();
        var trap = Runner.Trap(() => Runner.Run(Reader(realloc), context));
        Assert.Equal("streams.read: the guest exports no realloc function, so results cannot be allocated in its memory", trap.Message);
    }

    [Fact]
    public void A_realloc_bound_by_instance_is_found_on_the_first_allocation_and_its_result_checked()
    {
        // realloc hands out a pointer past the end of memory: the check after the (lazily found) realloc still runs.
        using var context = new WasiContextBuilder().Stdin("abcd"u8.ToArray()).Build();
        var trap = Runner.Trap(() => Runner.Run(Reader("(func (export \"cabi_realloc\") (param i32 i32 i32 i32) (result i32) (i32.const 0xfffe))"), context));
        Assert.Equal("streams.read: the guest's realloc returned 0xfffe, whose 4 bytes lie outside its memory", trap.Message);
    }
}
