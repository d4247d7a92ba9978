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
/// and the guest's trace — a hash of every flat value and heap byte it saw — must be equal.
/// </summary>
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

    [Theory]
    [MemberData(nameof(FunctionNames))]
    public void Both_paths_agree(string name)
    {
        var function = OracleFunctions.All.Single(f => f.Name == name);
        using var a = new CorePath(_fixture);
        using var b = new ComponentPath(_fixture);
        var traces = new HashSet<ulong>();
        for (int i = 0; i < CasesPerFunction; i++)
        {
            var gen = new Gen(HashCode.Combine(name.Length, name[0], name[^1], i), nanPayloads: false);
            var args = function.Params.Select(p => p.Random(gen)).ToArray();
            var prepared = function.Result?.Random(gen);
            var where = $"{name} case {i}: args {Dump.Args(args)}, prepared {Dump.Of(prepared)}";

            var outA = a.Call(function, args, prepared);
            var outB = b.Call(function, args, prepared);

            Assert.True(Dump.Args(args, canonicalNaN: true) == Dump.Args(outA.Received), $"{where}\nA's host received {Dump.Args(outA.Received)}");
            Assert.True(Dump.Args(outA.Received) == Dump.Args(outB.Received, canonicalNaN: true), $"{where}\nA's host received {Dump.Args(outA.Received)}\nB's host received {Dump.Args(outB.Received)}");
            Assert.True(Dump.Of(prepared, canonicalNaN: true) == Dump.Of(outA.Returned), $"{where}\nA returned {Dump.Of(outA.Returned)}");
            Assert.True(Dump.Of(outA.Returned) == Dump.Of(outB.Returned, canonicalNaN: true), $"{where}\nA returned {Dump.Of(outA.Returned)}\nB returned {Dump.Of(outB.Returned)}");
            Assert.True(outA.Trace == outB.Trace, $"{where}\ntrace A {outA.Trace:x16} != trace B {outB.Trace:x16}\n{Difference(outA.Log, outB.Log)}");
            traces.Add(outA.Trace);
        }
        _output.WriteLine($"{name}: {CasesPerFunction} cases, {traces.Count} distinct traces");
    }

    /// <summary>Where two trace logs part, with some words around.</summary>
    private static string Difference(IReadOnlyList<ulong> a, IReadOnlyList<ulong> b)
    {
        int i = 0;
        while (i < a.Count && i < b.Count && a[i] == b[i]) i++;
        string Words(IReadOnlyList<ulong> log) =>
            string.Join(" ", Enumerable.Range(Math.Max(0, i - 4), Math.Max(0, Math.Min(log.Count, i + 8) - Math.Max(0, i - 4))).Select(k => (k == i ? "*" : "") + log[k].ToString("x", System.Globalization.CultureInfo.InvariantCulture)));
        return $"the logs ({a.Count} and {b.Count} words) part at word {i}:\n A: {Words(a)}\n B: {Words(b)}";
    }
}
