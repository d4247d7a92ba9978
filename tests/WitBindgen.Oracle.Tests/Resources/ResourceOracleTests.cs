using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Xunit;
using Xunit.Abstractions;

namespace Oracle.Tests.Resources;

/// <summary>
/// The oracle for resources in today's Canonical ABI. Wasmtime .NET 50.0.1's component API cannot carry handles, so
/// the independent implementation is jco 1.35.0: the C guest of <c>wit-res/res.wit</c> (prepare.sh) made a component
/// by <c>componentEmbed</c> + <c>componentNew</c> and transpiled to JavaScript (path B, in node), against the same
/// core guest through WitBindgen's glue on Wasmtime (path A). Both run the same seeded scripts of calls with hosts
/// that behave alike, and must give the same transcript line for line: every result, every call the guest made on
/// the host's cells with its arguments, every dispose of a cell, and the guest's own log of every cabi_realloc
/// (arguments and returned pointer), post-return and destructor, in order. The scripts also move, lend and take back
/// the host's own cells through the guest's exports and an exported method, use <c>tally</c> (imported and exported:
/// each of the guest's counters on one of the host's) and pass the world's own <c>token</c> to world-level exports.
/// </summary>
public sealed class ResourceOracleTests
{
    private const int OpsPerScript = 400;

    private readonly ITestOutputHelper _output;

    public ResourceOracleTests(ITestOutputHelper output) => _output = output;

    public static IEnumerable<object[]> Cases() =>
        from naming in ResourceFiles.Namings from seed in new[] { 1, 2, 3, 4 } select new object[] { naming, seed };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Our_glue_and_jco_give_the_same_transcript(string naming, int seed)
    {
        var ops = ResourceScript.Random(seed * 7919, OpsPerScript);   // the same script under both namings
        using var ours = new ResourceCorePath(naming);
        var a = ours.Run(ops);
        var b = ResourceJcoPath.Run(naming, ops);
        AssertSame(a, b);

        // The script reached every kind of step, and handles went every way.
        var summary = Summary(a);
        _output.WriteLine($"{naming} seed {seed}: {ops.Count} steps, {a.Count} transcript lines; {summary}");
        Assert.DoesNotContain("= trap", a);
        foreach (var needed in new[] { "= refused", " merge-self", "host dispose", "host new", "= err ", "= ok acc", "= full acc", "= note ", "= empty", "= boxed ", "= list ", "host note(", "host merge(", ".absorb(", "host sum([", "host gather([", "host peek(cell", "host peek(none)", "726f7464",
            "= cell#", "host read(counter#", "host dispose counter#", "host mint(", "host dispose token#" })
            Assert.True(a.Any(l => l.Contains(needed, StringComparison.Ordinal)), $"no transcript line has '{needed}'");
        // Only the accs of a refused merge(a, a) stay: moved into the guest's table by the own argument, never used.
        int leaked = Enumerable.Range(1, a.Count - 1).Count(i => a[i] == "= refused" && a[i - 1].EndsWith(" merge-self", StringComparison.Ordinal));
        Assert.Equal($"= live {leaked}", a[^2]);
    }

    [Fact]
    public void Legacy_and_cm32p2_guests_give_the_same_transcript_through_our_glue()
    {
        var ops = ResourceScript.Random(42, OpsPerScript);
        using var legacy = new ResourceCorePath("legacy");
        using var cm32p2 = new ResourceCorePath("cm32p2");
        AssertSame(legacy.Run(ops), cm32p2.Run(ops));
    }

    [Fact]
    public void Every_step_kind_once_in_order()
    {
        // A script that hits each step with a pool big enough, so a failure names the first step that differs.
        var ops = new List<ScriptOp>
        {
            new("new") { Text = "a", Value = 5 }, new("new") { Text = "bé", Value = -3 }, new("value"), new("label") { I = 1 },
            new("add") { J = 1 }, new("split") { N = 2 }, new("absorb") { J = 1 }, new("merge") { J = 1 },
            new("make") { Value = 11 }, new("wrap") { Text = "w" }, new("unwrap") { I = 1, Text = "" }, new("maybe") { Some = true },
            new("maybe") { Some = false }, new("sum") { Items = new[] { 0, 1, 0 } }, new("sum") { Items = Array.Empty<int>() },
            new("swap") { Kind = 0 }, new("swap") { Kind = 1 }, new("swap") { Kind = 2, Text = "t😀" }, new("peek") { Some = true }, new("peek"), new("gather") { Items = new[] { 0, 1, 0 } },
            new("gather") { Items = Array.Empty<int>() }, new("stale"), new("merge-self"), new("drop"), new("live"),
            new("fold") { Values = new[] { 1L, -2L, long.MinValue }, Text = "f" }, new("fold") { Text = "" },
            new("cell") { Text = "c", Value = 5 }, new("look"), new("copy") { Items = new[] { 0, 0 } }, new("add-cell") { J = 1 },
            new("adopt"), new("release") { I = 3 }, new("copy"), new("misuse-lent") { Kind = 9 }, new("counter") { Value = 3 },
            new("bump") { Value = 4 }, new("read"), new("counter") { Value = long.MaxValue }, new("bump") { I = 1, Value = 1 },
            new("counter-drop"), new("spend") { Value = 9 }, new("inspect") { Value = -9 },
        };
        foreach (var naming in ResourceFiles.Namings)
        {
            using var ours = new ResourceCorePath(naming);
            var a = ours.Run(ops);
            AssertSame(a, ResourceJcoPath.Run(naming, ops));
            _output.WriteLine(string.Join("\n", a));
        }
    }

    public static IEnumerable<object[]> Misuses(int[] kinds) =>
        from naming in ResourceFiles.Namings from kind in kinds select new object[] { naming, kind };

    public static IEnumerable<object[]> MisusedHandles() => Misuses(new[] { 0, 1, 2, 7 });

    public static IEnumerable<object[]> BadResults() => Misuses(new[] { 3, 4, 5, 6 });

    private static List<ScriptOp> Misuse(int kind) =>
        new() { new("new") { Text = "x", Value = 2 }, new("misuse") { I = kind }, new("live") };

    /// <summary>
    /// A guest that misuses its handles: a cell used after its drop (0), dropped twice (1), the representation of a
    /// dropped acc (2). Both hosts trap at the same point, after the same host calls; kind 7 is the well-behaved control.
    /// </summary>
    [Theory]
    [MemberData(nameof(MisusedHandles))]
    public void A_guest_that_misuses_its_handles_traps_in_both(string naming, int kind)
    {
        using var ours = new ResourceCorePath(naming);
        var a = ours.Run(Misuse(kind));
        var b = ResourceJcoPath.Run(naming, Misuse(kind));
        _output.WriteLine(string.Join("\n", a));
        _output.WriteLine("jco: " + string.Join("\n", b.Where(l => l.StartsWith("# ", StringComparison.Ordinal))));
        AssertSame(a, b);
        Assert.Equal(kind != 7, a.Contains("= trap"));
    }

    /// <summary>
    /// A bad own&lt;acc&gt; in an export's result: handle 0 (3), a dropped handle (4), a forged one (5), a cell's handle
    /// (6). The Canonical ABI's <c>lift_own</c> removes the handle from the table, which traps, so our glue traps at
    /// the call. jco 1.35.0 does not look the handle up until the wrapper is used or disposed: it returns a wrapper,
    /// and disposing it later fails ("unknown handle index") or, for 5 and 6, runs the guest's destructor on a
    /// representation the guest never made. Up to that result both hosts saw the same calls.
    /// </summary>
    [Theory]
    [MemberData(nameof(BadResults))]
    public void A_bad_own_handle_in_a_result_traps_at_the_call_where_jco_defers_the_check(string naming, int kind)
    {
        using var ours = new ResourceCorePath(naming);
        var a = ours.Run(Misuse(kind));
        var b = ResourceJcoPath.Run(naming, Misuse(kind));
        _output.WriteLine(string.Join("\n", a));
        _output.WriteLine("jco:\n" + string.Join("\n", b));
        int trap = a.ToList().IndexOf("= trap");
        Assert.Contains("op 1 misuse", a.Take(trap));
        Assert.Equal(a.Take(trap), b.Take(trap));
        Assert.Equal("= acc", b[trap]);
        Assert.Matches("test:res/accs@0.1.0#misuse: handle [0-9]+ to a acc (was never given to the guest|was already dropped or moved)", a[trap + 1]);
    }

    private static List<ScriptOp> LentMisuse(int kind)
    {
        var ops = new List<ScriptOp> { new("cell") { Text = "x", Value = 2 } };
        if (kind == 5) ops.Add(new("misuse-lent") { Kind = 0 });
        ops.AddRange(new ScriptOp[] { new("misuse-lent") { Kind = kind }, new("look"), new("live") });
        return ops;
    }

    public static IEnumerable<object[]> LentMisusesBothTrap() => Misuses(new[] { 2, 9 });

    /// <summary>
    /// A guest lent the host's cell for an export call (<c>misuse-lent</c>'s <c>borrow&lt;cell&gt;</c>) that drops it
    /// twice (2) traps in both at the second drop; one that uses it and drops it once (9, the control) leaves the cell
    /// the host's: neither host disposes it, and the next call can lend it again.
    /// </summary>
    [Theory]
    [MemberData(nameof(LentMisusesBothTrap))]
    public void A_lent_cell_dropped_twice_traps_in_both_and_dropped_once_stays_the_hosts(string naming, int kind)
    {
        using var ours = new ResourceCorePath(naming);
        var a = ours.Run(LentMisuse(kind));
        var b = ResourceJcoPath.Run(naming, LentMisuse(kind));
        _output.WriteLine(string.Join("\n", a));
        AssertSame(a, b);
        Assert.Equal(kind == 2, a.Contains("= trap"));
        Assert.DoesNotContain("host dispose cell#1", a);
        if (kind == 9) Assert.Contains("= 2", a);   // look, after the call that was lent the cell
    }

    public static IEnumerable<object[]> LentMisusesOnlyWeTrap() => Misuses(new[] { 0, 1, 3, 4, 5 });

    /// <summary>
    /// A guest that misuses the host's cell lent for an export call. The Canonical ABI traps in each case, and so does
    /// our glue, after the same host calls as jco up to that point: a borrow kept past the call (0: the task's
    /// <c>num_borrows</c> is not zero when it returns, "borrow handles still remain at the end of the call"; 5: the
    /// same, before a later call could use the kept handle), a borrow used after its drop (1: no such handle any
    /// more), passed on as an own (3: <c>lift_own</c>'s <c>trap_if(not h.own)</c>, in the import's argument) or
    /// returned as the own result (4: the same, in the export's result). jco 1.35.0 checks none of these: it keeps no
    /// count of a task's borrows, lifts an import's borrow from the table slot without checking the slot is live (so
    /// a dropped or kept handle still reaches the host's cell), and removes an own handle without checking it is one
    /// (so the host gets its own lent cell back as an own, in an import's argument or the export's result).
    /// </summary>
    [Theory]
    [MemberData(nameof(LentMisusesOnlyWeTrap))]
    public void A_guest_that_misuses_a_lent_cell_traps_as_the_canonical_abi_does_where_jco_runs_on(string naming, int kind)
    {
        using var ours = new ResourceCorePath(naming);
        var a = ours.Run(LentMisuse(kind));
        var b = ResourceJcoPath.Run(naming, LentMisuse(kind));
        _output.WriteLine(string.Join("\n", a));
        _output.WriteLine("jco:\n" + string.Join("\n", b));
        int trap = a.ToList().IndexOf("= trap");
        Assert.True(trap > 0, "our glue did not trap");
        Assert.Contains("op 1 misuse-lent", a.Take(trap));
        Assert.DoesNotContain("op 2 misuse-lent", a.Take(trap));
        Assert.Equal(a.Take(trap), b.Take(trap));
        Assert.DoesNotContain("= trap", b);
        var (jcoInstead, ourTrap) = kind switch
        {
            0 or 5 => ("= cell#2", @"test:res/accs@0\.1\.0#misuse-lent: borrow handles still remain at the end of the call \(the guest did not drop 1 of the handles the host lent it\)"),
            1 => ("host cell#1.get() -> 2", @"\[method\]cell\.get: borrow<Cell> handle [0-9]+ was already dropped or moved"),
            3 => ("host cell#2.absorb(cell#1) -> 5", @"\[method\]cell\.absorb: own<Cell> handle [0-9]+ is only borrowed for the call, it cannot be given away"),
            _ => ("= cell#1", @"test:res/accs@0\.1\.0#misuse-lent: own<Cell> handle [0-9]+ is only borrowed for the call, it cannot be given away"),
        };
        Assert.Equal(jcoInstead, b[trap]);
        Assert.Matches(ourTrap, a[trap + 1]);
        if (kind == 0)
        {
            // Task.return_ traps before the post-return: ours never runs misuse-lent's (function 24); jco ran it.
            var log = ours.GuestLog();
            Assert.DoesNotContain(log.Select((w, i) => (w, i)), p => p.w == PostTag && p.i + 1 < log.Count && log[p.i + 1] == 24);
            Assert.Contains("74736f70 18 0", b[trap + 1]);
        }
        if (kind == 5)
        {
            // jco: the handle kept by the first call still reaches the host's cell in the second.
            int second = b.ToList().IndexOf("op 2 misuse-lent");
            Assert.Equal("host cell#1.get() -> 2", b[second + 1]);
        }
    }

    [Theory]
    [InlineData("legacy", "test:res/cells@0.1.0", "[resource-drop]cell", "$root", "[export]test:res/accs@0.1.0", "[resource-new]acc", "test:res/accs@0.1.0#[dtor]acc", "fold", "memory")]
    [InlineData("cm32p2", "cm32p2|test:res/cells@0.1", "cell_drop", "cm32p2", "cm32p2|_ex_test:res/accs@0.1", "acc_new", "cm32p2|test:res/accs@0.1|acc_dtor", "cm32p2||fold", "cm32p2_memory")]
    public void The_guest_uses_todays_core_names(string naming, string cells, string cellDrop, string root, string exported, string accNew, string dtor, string fold, string memory)
    {
        using var engine = new Wasmtime.Engine();
        using var module = Wasmtime.Module.FromFile(engine, ResourceFiles.Guest(naming));
        var imports = module.Imports.Select(i => (i.ModuleName, i.Name)).ToList();
        Assert.Contains((cells, "[method]cell.split"), imports);
        Assert.Contains((cells, cellDrop), imports);
        Assert.Contains((root, "note"), imports);
        Assert.Contains((exported, accNew), imports);
        var exports = module.Exports.Select(e => e.Name).ToList();
        Assert.Contains(dtor, exports);
        Assert.Contains(fold, exports);
        Assert.Contains(memory, exports);
    }

    /// <summary>How many transcript lines of each kind, for the test output.</summary>
    private static string Summary(IReadOnlyList<string> lines)
    {
        int Count(string s) => lines.Count(l => l.Contains(s, StringComparison.Ordinal));
        int reallocs = lines.Where(l => l.StartsWith("log ", StringComparison.Ordinal)).Sum(l => l.Split(' ').Count(w => w == "636f6c6c61657221"));
        return $"{Count("host ")} host calls, {Count("host dispose")} cell disposes, {reallocs} reallocs, {Count("= skip")} skipped steps";
    }

    private const string ReallocTag = "636f6c6c61657221";

    private const ulong PostTag = 0x74736f70;

    /// <summary>
    /// A log line without its reallocs of zero bytes. The Canonical ABI calls <c>realloc(0, 0, align, 0)</c> for an
    /// empty string or list, and so do Wasmtime and our glue; jco 1.35.0 does not call it at all. The guest's heap
    /// does not move for zero bytes, so dropping these records hides nothing else.
    /// </summary>
    internal static string WithoutZeroByteReallocs(string line, out int dropped)
    {
        dropped = 0;
        if (!line.StartsWith("log ", StringComparison.Ordinal)) return line;
        var words = line.Split(' ').Skip(1).ToList();
        var kept = new List<string>();
        for (int i = 0; i < words.Count; i++)
        {
            if (words[i] == ReallocTag && i + 5 < words.Count && words[i + 1] == "0" && words[i + 2] == "0" && words[i + 4] == "0")
            {
                dropped++;
                i += 5;
                continue;
            }
            kept.Add(words[i]);
        }
        return "log" + string.Concat(kept.Select(w => " " + w));
    }

    private static List<string> Normalized(IReadOnlyList<string> lines, out int zeroByteReallocs)
    {
        int total = 0;
        // "# …" lines carry a trap's message, which each host words its own way.
        var result = lines.Where(l => !l.StartsWith("# ", StringComparison.Ordinal)).Select(l =>
        {
            var n = WithoutZeroByteReallocs(l, out int dropped);
            total += dropped;
            return n;
        }).ToList();
        zeroByteReallocs = total;
        return result;
    }

    private void AssertSame(IReadOnlyList<string> ours, IReadOnlyList<string> jco)
    {
        var a = Normalized(ours, out int oursZero);
        var b = Normalized(jco, out int jcoZero);
        _output.WriteLine($"reallocs of zero bytes: ours {oursZero}, jco {jcoZero}");
        int first = Enumerable.Range(0, Math.Min(a.Count, b.Count)).FirstOrDefault(i => a[i] != b[i], -1);
        if (first < 0 && a.Count == b.Count) return;
        if (first < 0) first = Math.Min(a.Count, b.Count);
        var report = new StringBuilder($"the transcripts differ at line {first} (ours {a.Count} lines, jco's {b.Count}):\n");
        for (int i = Math.Max(0, first - 10); i < first; i++) report.Append("    ").Append(a[i]).Append('\n');
        report.Append("ours:\n");
        foreach (var l in a.Skip(first).Take(6)) report.Append("  A ").Append(l).Append('\n');
        report.Append("jco:\n");
        foreach (var l in b.Skip(first).Take(6)) report.Append("  B ").Append(l).Append('\n');
        report.Append(string.Join("\n", ours.Concat(jco).Where(l => l.StartsWith("# ", StringComparison.Ordinal))));
        Assert.Fail(report.ToString());
    }
}
