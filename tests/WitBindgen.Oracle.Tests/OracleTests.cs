using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;
using Xunit.Abstractions;

namespace Oracle.Tests;

/// <summary>
/// The oracle: for every function, randomized arguments (fixed seeds) go through path A (WitBindgen's glue, core
/// API) and path B (today's wit-component and Wasmtime's component API) to the same core guest and on to a host
/// that returns the same prepared result. Both hosts must receive the same arguments, both callers the same result,
/// and the guest's trace — a hash of every flat value, every realloc request, every post-return and every heap
/// byte it saw, in order — must be equal.
/// </summary>
/// <remarks>
/// Floats include NaNs with payloads. WitBindgen follows the Canonical ABI of 2023, which makes every NaN canonical
/// on the way in and out; today's ABI leaves NaN bits unspecified outside its deterministic profile, and Wasmtime
/// passes them through. So path B is given the same values with every NaN made canonical, and both paths must then
/// agree bit for bit (see also <see cref="Wasmtime_passes_nan_payloads_through_where_WitBindgen_makes_them_canonical"/>).
/// </remarks>
public sealed class OracleTests : IClassFixture<OracleFixture>
{
    public const int CasesPerFunction = 50;

    private readonly OracleFixture _fixture;
    private readonly ITestOutputHelper _output;

    public OracleTests(OracleFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    public static IEnumerable<object[]> FunctionNames() => OracleFunctions.All.Select(f => new object[] { f.Name });

    private static OracleFunction Function(string name) => OracleFunctions.All.Single(f => f.Name == name);

    private static int Seed(string name, int i) => name.Aggregate(17, (h, c) => h * 31 + c) * 1000 + i;

    [Theory]
    [MemberData(nameof(FunctionNames))]
    public void Both_paths_agree(string name)
    {
        var function = Function(name);
        using var a = new CorePath(_fixture);
        using var b = new ComponentPath(_fixture);
        var traces = new HashSet<ulong>();
        var inputs = new HashSet<string>();
        int nanPayloads = 0;
        for (int i = 0; i < CasesPerFunction; i++)
        {
            var gen = new Gen(Seed(name, i), nanPayloads: true);
            var args = function.Params.Select(p => p.Random(gen)).ToArray();
            var prepared = function.Result?.Random(gen);
            var where = $"{name} case {i}: args {Dump.Args(args)}, prepared {Dump.Of(prepared)}";
            var expectedArgs = Dump.Args(args, canonicalNaN: true);
            var expectedResult = Dump.Of(prepared, canonicalNaN: true);
            if (expectedArgs != Dump.Args(args) || expectedResult != Dump.Of(prepared)) nanPayloads++;
            inputs.Add(expectedArgs + " -> " + expectedResult);

            var outA = a.Call(function, args, prepared);
            var outB = b.Call(function, args, prepared, canonicalNaN: true);

            // (1) The hosts received the caller's arguments (NaNs canonical, compared by bits).
            Assert.True(expectedArgs == Dump.Args(outA.Received), $"{where}\nA's host received {Dump.Args(outA.Received)}");
            Assert.True(expectedArgs == Dump.Args(outB.Received), $"{where}\nB's host received {Dump.Args(outB.Received)}");
            // (2) The callers got the host's result.
            Assert.True(expectedResult == Dump.Of(outA.Returned), $"{where}\nA returned {Dump.Of(outA.Returned)}");
            Assert.True(expectedResult == Dump.Of(outB.Returned), $"{where}\nB returned {Dump.Of(outB.Returned)}");
            // (3) The guest saw the same core values, allocations and bytes.
            Assert.True(outA.Trace == outB.Trace, $"{where}\ntrace A {outA.Trace:x16} != trace B {outB.Trace:x16}\n{Difference(outA.Log, outB.Log)}");
            Assert.True(outA.Log.SequenceEqual(outB.Log), $"{where}\nequal traces, different logs\n{Difference(outA.Log, outB.Log)}");
            traces.Add(outA.Trace);
        }
        _output.WriteLine($"{name}: {CasesPerFunction} cases ({nanPayloads} with NaN payloads), {inputs.Count} distinct inputs, {traces.Count} distinct traces");
        // The trace tells every distinct input apart, so it does see the values.
        Assert.Equal(inputs.Count, traces.Count);
    }

    private const ulong ReallocTag = 0x636f6c6c61657221, PostReturnTag = 0x74736f70;

    [Theory]
    [MemberData(nameof(FunctionNames))]
    public void Every_export_with_a_result_has_its_post_return_called(string name)
    {
        var function = Function(name);
        using var a = new CorePath(_fixture);
        using var b = new ComponentPath(_fixture);
        var gen = new Gen(Seed(name, 999), nanPayloads: false);
        var args = function.Params.Select(p => p.Random(gen)).ToArray();
        var prepared = function.Result?.Random(gen);
        int expected = function.Result is null ? 0 : 1;
        Assert.Equal(expected, a.Call(function, args, prepared).Log.Count(w => w == PostReturnTag));
        Assert.Equal(expected, b.Call(function, args, prepared, canonicalNaN: true).Log.Count(w => w == PostReturnTag));
    }

    [Fact]
    public void Empty_strings_and_lists_are_allocated_with_a_realloc_of_zero_bytes()
    {
        // The Canonical ABI calls realloc(0, 0, align, 0) for an empty string or list, and passes on its pointer.
        var function = Function("bytes");
        using var a = new CorePath(_fixture);
        using var b = new ComponentPath(_fixture);
        var args = new object?[] { ReadOnlyMemory<byte>.Empty, new ReadOnlyMemory<byte>[] { ReadOnlyMemory<byte>.Empty } };
        var outA = a.Call(function, args, ReadOnlyMemory<byte>.Empty);
        var outB = b.Call(function, args, ReadOnlyMemory<byte>.Empty, canonicalNaN: false);
        static int ZeroByteReallocs(IReadOnlyList<ulong> log) =>
            Enumerable.Range(0, Math.Max(0, log.Count - 4)).Count(i => log[i] == ReallocTag && log[i + 1] == 0 && log[i + 2] == 0 && log[i + 4] == 0);
        // The empty argument, the one element of the nested list, the empty result.
        Assert.Equal(3, ZeroByteReallocs(outB.Log));
        Assert.Equal(outB.Log, outA.Log);
        Assert.Equal(outB.Trace, outA.Trace);
    }

    [Fact]
    public void Wasmtime_passes_nan_payloads_through_where_WitBindgen_makes_them_canonical()
    {
        var function = Function("floats");
        using var a = new CorePath(_fixture);
        using var b = new ComponentPath(_fixture);
        float nan32 = BitConverter.Int32BitsToSingle(unchecked((int)0xffc00001));
        double nan64 = BitConverter.Int64BitsToDouble(0x7ff0000000000001);
        var args = new object?[] { nan32, nan64, new[] { nan32 }, (nan32, nan64), new Oracle.Bindings.Types.Wide.Double(nan64) };
        var prepared = (X: nan64, Y: nan32);

        var outA = a.Call(function, args, prepared);
        var outB = b.Call(function, args, prepared, canonicalNaN: false);

        Assert.Equal(Dump.Args(args, canonicalNaN: true), Dump.Args(outA.Received));
        Assert.Equal(Dump.Of(prepared, canonicalNaN: true), Dump.Of(outA.Returned));
        Assert.Equal(Dump.Args(args), Dump.Args(outB.Received));
        Assert.Equal(Dump.Of(prepared), Dump.Of(outB.Returned));
        Assert.NotEqual(outA.Trace, outB.Trace);
    }

    [Fact]
    public void Todays_wit_differs_only_in_multiple_results()
    {
        var today = _fixture.TodaysWit;
        Assert.Contains("floats: func(a: f32, b: f64, c: list<f32>, d: tuple<f32, f64>, w: wide) -> tuple<f64, f32>;", today);
        Assert.Contains("-> tuple<u32, string>;", today);
        Assert.DoesNotContain("-> (", today);
        Assert.Equal(_fixture.World.WitText.Replace("-> (x: f64, y: f32)", "-> tuple<f64, f32>").Replace("-> (count: u32, note: string)", "-> tuple<u32, string>"), today);
    }

    /// <summary>Where two trace logs part, with some words around.</summary>
    internal static string Difference(IReadOnlyList<ulong> a, IReadOnlyList<ulong> b)
    {
        int i = 0;
        while (i < a.Count && i < b.Count && a[i] == b[i]) i++;
        string Words(IReadOnlyList<ulong> log)
        {
            int from = Math.Max(0, i - 4), to = Math.Min(log.Count, i + 8);
            return string.Join(" ", Enumerable.Range(from, Math.Max(0, to - from)).Select(k => (k == i ? "*" : "") + log[k].ToString("x", System.Globalization.CultureInfo.InvariantCulture)));
        }
        return $"the logs ({a.Count} and {b.Count} words) part at word {i}:\n A: {Words(a)}\n B: {Words(b)}";
    }
}
