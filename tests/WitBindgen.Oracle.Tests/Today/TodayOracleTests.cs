using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;
using Xunit.Abstractions;

namespace Oracle.Tests.Today;

/// <summary>
/// The oracle for today's WIT and Canonical ABI: one core guest that imports and exports <c>test:oracle/iface@0.1.0</c>
/// under today's legacy core names (<c>test:oracle/iface@0.1.0</c>, <c>…#f</c>, <c>cabi_post_…</c>) or the
/// <c>cm32p2</c> ones, run through WitBindgen's glue (path A) and as a component made by jco 1.35.0's
/// <c>componentEmbed</c> + <c>componentNew</c> on Wasmtime's component API (path B). Over seeded random arguments and
/// results, both hosts receive the same arguments, both callers the same result, and the guest's trace of core values,
/// reallocs, post-returns and heap bytes is equal word for word. NaNs as in <see cref="OracleTests"/>.
/// </summary>
public sealed class TodayOracleTests : IClassFixture<TodayOracleFixture>
{
    private const int CasesPerFunction = 40;
    private const ulong PostReturnTag = 0x74736f70;

    private readonly TodayOracleFixture _fixture;
    private readonly ITestOutputHelper _output;

    public TodayOracleTests(TodayOracleFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    public static IEnumerable<object[]> Cases() =>
        from naming in TodayOracleFixture.Namings from f in TodayFunctions.All select new object[] { naming, f.Name };

    private static TodayFunction Function(string name) => TodayFunctions.All.Single(f => f.Name == name);

    private static int Seed(string name, int i) => name.Aggregate(23, (h, c) => h * 37 + c) * 1000 + i;

    [Theory]
    [MemberData(nameof(Cases))]
    public void Both_paths_agree(string naming, string name)
    {
        var function = Function(name);
        using var a = new TodayCorePath(_fixture, naming);
        using var b = new TodayComponentPath(_fixture, naming);
        var traces = new HashSet<ulong>();
        var inputs = new HashSet<string>();
        for (int i = 0; i < CasesPerFunction; i++)
        {
            var gen = new Gen(Seed(name, i), nanPayloads: true);
            var args = function.Params.Select(p => p.Random(gen)).ToArray();
            var prepared = function.Result?.Random(gen);
            var where = $"{naming} {name} case {i}: args {Dump.Args(args)}, prepared {Dump.Of(prepared)}";
            var expectedArgs = Dump.Args(args, canonicalNaN: true);
            var expectedResult = Dump.Of(prepared, canonicalNaN: true);
            inputs.Add(expectedArgs + " -> " + expectedResult);

            var outA = a.Call(function, args, prepared);
            var outB = b.Call(function, args, prepared, canonicalNaN: true);

            Assert.True(expectedArgs == Dump.Args(outA.Received), $"{where}\nA's host received {Dump.Args(outA.Received)}");
            Assert.True(expectedArgs == Dump.Args(outB.Received), $"{where}\nB's host received {Dump.Args(outB.Received)}");
            Assert.True(expectedResult == Dump.Of(outA.Returned), $"{where}\nA returned {Dump.Of(outA.Returned)}");
            Assert.True(expectedResult == Dump.Of(outB.Returned), $"{where}\nB returned {Dump.Of(outB.Returned)}");
            Assert.True(outA.Trace == outB.Trace, $"{where}\ntrace A {outA.Trace:x16} != trace B {outB.Trace:x16}\n{OracleTests.Difference(outA.Log, outB.Log)}");
            Assert.True(outA.Log.SequenceEqual(outB.Log), $"{where}\nequal traces, different logs\n{OracleTests.Difference(outA.Log, outB.Log)}");
            traces.Add(outA.Trace);
        }
        _output.WriteLine($"{naming} {name}: {CasesPerFunction} cases, {inputs.Count} distinct inputs, {traces.Count} distinct traces");
        // The trace tells every distinct input apart, so it does see the values.
        Assert.Equal(inputs.Count, traces.Count);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_export_with_a_result_has_its_post_return_called(string naming, string name)
    {
        var function = Function(name);
        using var a = new TodayCorePath(_fixture, naming);
        using var b = new TodayComponentPath(_fixture, naming);
        var gen = new Gen(Seed(name, 999), nanPayloads: false);
        var args = function.Params.Select(p => p.Random(gen)).ToArray();
        var prepared = function.Result?.Random(gen);
        int expected = function.Result is null ? 0 : 1;
        Assert.Equal(expected, a.Call(function, args, prepared).Log.Count(w => w == PostReturnTag));
        Assert.Equal(expected, b.Call(function, args, prepared, canonicalNaN: true).Log.Count(w => w == PostReturnTag));
    }

    private const ulong ReallocTag = 0x636f6c6c61657221;

    [Theory]
    [InlineData("legacy")]
    [InlineData("cm32p2")]
    public void Empty_strings_and_lists_are_allocated_with_a_realloc_of_zero_bytes(string naming)
    {
        // Today's Canonical ABI still calls realloc(0, 0, align, 0) for an empty string or list.
        var function = Function("bytes");
        using var a = new TodayCorePath(_fixture, naming);
        using var b = new TodayComponentPath(_fixture, naming);
        var args = new object?[] { ReadOnlyMemory<byte>.Empty, new ReadOnlyMemory<byte>[] { ReadOnlyMemory<byte>.Empty } };
        var outA = a.Call(function, args, ReadOnlyMemory<byte>.Empty);
        var outB = b.Call(function, args, ReadOnlyMemory<byte>.Empty, canonicalNaN: false);
        static int ZeroByteReallocs(IReadOnlyList<ulong> log) =>
            Enumerable.Range(0, Math.Max(0, log.Count - 4)).Count(i => log[i] == ReallocTag && log[i + 1] == 0 && log[i + 2] == 0 && log[i + 4] == 0);
        // The empty argument, the one element of the nested list, the empty result.
        Assert.Equal(3, ZeroByteReallocs(outB.Log));
        Assert.Equal(outB.Log, outA.Log);
    }

    [Fact]
    public void Legacy_and_cm32p2_guests_leave_the_same_trace()
    {
        foreach (var function in TodayFunctions.All)
        {
            using var legacy = new TodayCorePath(_fixture, "legacy");
            using var cm32p2 = new TodayCorePath(_fixture, "cm32p2");
            var gen = new Gen(Seed(function.Name, 500), nanPayloads: false);
            var args = function.Params.Select(p => p.Random(gen)).ToArray();
            var prepared = function.Result?.Random(gen);
            var x = legacy.Call(function, args, prepared);
            var y = cm32p2.Call(function, args, prepared);
            Assert.Equal(x.Log, y.Log);
            Assert.Equal(Dump.Of(x.Returned), Dump.Of(y.Returned));
        }
    }

    [Theory]
    [InlineData("legacy", "test:oracle/iface@0.1.0", "test:oracle/iface@0.1.0#spill", "cabi_post_test:oracle/iface@0.1.0#spill", "memory", "$root", "mix", "cabi_post_mix")]
    [InlineData("cm32p2", "cm32p2|test:oracle/iface@0.1", "cm32p2|test:oracle/iface@0.1|spill", "cm32p2|test:oracle/iface@0.1|spill_post", "cm32p2_memory", "cm32p2", "cm32p2||mix", "cm32p2||mix_post")]
    public void The_guest_uses_todays_core_names(string naming, string importModule, string export, string postReturn, string memory,
        string worldModule, string worldExport, string worldPostReturn)
    {
        var module = _fixture.ModuleOf(naming);
        Assert.All(module.Imports, i => Assert.Equal(TodayFunctions.All.Single(f => f.Name == i.Name).IsWorld ? worldModule : importModule, i.ModuleName));
        Assert.Equal(TodayFunctions.All.Select(f => f.Name).OrderBy(n => n, StringComparer.Ordinal), module.Imports.Select(i => i.Name).OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal(2, module.Imports.Count(i => i.ModuleName == worldModule));
        var exports = module.Exports.Select(e => e.Name).ToList();
        Assert.Contains(export, exports);
        Assert.Contains(postReturn, exports);
        Assert.Contains(memory, exports);
        Assert.Contains(worldExport, exports);
        Assert.Contains(worldPostReturn, exports);
        // spill: more than 16 flat parameters go through memory, the tuple result through a return pointer.
        var spill = _fixture.World.Layout.For(_fixture.World.Exported.Single(f => f.Name == "spill"), isImport: false);
        Assert.Single(spill.Params);
        Assert.True(spill.IndirectResults);
    }

    /// <summary>
    /// Flags of more than 32 members, which the Canonical ABI of 2023 flattened to several i32s, are no longer valid
    /// today (component-model#379, wasm-tools#1635): today's tools refuse them, so the oracle cannot compare them and
    /// the world above stops at 32.
    /// </summary>
    [Fact]
    public void Flags_of_more_than_32_members_are_refused_by_todays_tools()
    {
        var members = string.Join(", ", Enumerable.Range(0, 33).Select(i => "m" + i));
        var wit = $"package test:big@0.1.0;\ninterface big {{\n  flags many {{ {members} }}\n  echo: func(m: many) -> u32;\n}}\nworld big-world {{ export big; }}\n";
        const string wat = """
            (module
              (memory (export "memory") 1)
              (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 8))
              (func (export "test:big/big@0.1.0#echo") (param i32 i32) (result i32) (local.get 0)))
            """;
        var error = Record.Exception(() =>
        {
            var bytes = ComponentBuilder.Build(wat, wit, "big-world");
            using var component = Wasmtime.Components.Component.FromBytes(_fixture.Engine, bytes);
        });
        Assert.NotNull(error);
        _output.WriteLine(error!.Message);
        Assert.Contains("32 flags", error.Message, StringComparison.Ordinal);
    }
}
