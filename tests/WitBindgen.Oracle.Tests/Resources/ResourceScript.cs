using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace Oracle.Tests.Resources;

/// <summary>
/// One step of a script both paths run: a call on the guest's exports (<c>new</c>, <c>value</c>, … <c>fold</c>) or
/// the host's drop of an acc. Accs are named by their place in the pool of accs the host holds, taken modulo its
/// size when the step runs (a step that needs more accs than the pool has is skipped), so a script made up front
/// stays valid whatever the calls return. The same rules are in res-driver.mjs.
/// </summary>
internal sealed record ScriptOp(string Op)
{
    public int I { get; init; }
    public int J { get; init; }
    public uint N { get; init; }
    public string Text { get; init; } = "";
    public long Value { get; init; }
    public bool Some { get; init; }
    public int Kind { get; init; }
    public int[] Items { get; init; } = Array.Empty<int>();
    public long[] Values { get; init; } = Array.Empty<long>();
}

/// <summary>Seeded random scripts, and their JSON form for res-driver.mjs.</summary>
internal static class ResourceScript
{
    /// <summary>The pieces random strings are made of: ASCII, two- and three-byte UTF-8, a surrogate pair, escapes.</summary>
    private static readonly string[] Pieces = { "a", "b", "z", "Q", "7", " ", "é", "中", "😀", "\"", "\\", "\n", "-" };

    private static readonly (string Op, int Weight)[] Weights =
    {
        ("new", 4), ("value", 2), ("label", 2), ("add", 2), ("absorb", 1), ("split", 1), ("merge", 1), ("make", 1),
        ("wrap", 1), ("unwrap", 1), ("maybe", 2), ("sum", 1), ("swap", 2), ("drop", 2), ("live", 1), ("fold", 1), ("stale", 1), ("merge-self", 1), ("gather", 1), ("peek", 1),
        ("cell", 2), ("adopt", 1), ("release", 1), ("look", 1), ("copy", 1), ("add-cell", 1), ("counter", 1), ("bump", 1),
        ("read", 1), ("counter-drop", 1), ("spend", 1), ("inspect", 1),
    };

    public static IReadOnlyList<ScriptOp> Random(int seed, int count)
    {
        var rng = new Random(seed);
        string Text() => string.Concat(Enumerable.Range(0, rng.Next(0, 7)).Select(_ => Pieces[rng.Next(Pieces.Length)]));
        long Small() => rng.Next(-1000, 1001);
        long Any() => rng.Next(4) switch
        {
            0 => long.MinValue + rng.Next(3),
            1 => long.MaxValue - rng.Next(3),
            _ => rng.NextInt64(long.MinValue, long.MaxValue),
        };
        int total = Weights.Sum(w => w.Weight);
        var ops = new List<ScriptOp>();
        for (int k = 0; k < count; k++)
        {
            int pick = rng.Next(total);
            string name = Weights.SkipWhile(w => (pick -= w.Weight) >= 0).First().Op;
            ops.Add(new ScriptOp(name)
            {
                I = rng.Next(1000),
                J = rng.Next(1000),
                N = (uint)rng.Next(0, 5),
                Text = Text(),
                Value = Small(),
                Some = rng.Next(4) != 0,
                Kind = rng.Next(3),
                Items = Enumerable.Range(0, rng.Next(0, 5)).Select(_ => rng.Next(1000)).ToArray(),
                Values = Enumerable.Range(0, rng.Next(0, 4)).Select(_ => rng.Next(2) == 0 ? Small() : Any()).ToArray(),
            });
        }
        return ops;
    }

    /// <summary>The script as res-driver.mjs reads it; 64-bit numbers as strings, which JSON numbers cannot carry.</summary>
    public static string Json(IReadOnlyList<ScriptOp> ops)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteStartArray("ops");
            foreach (var op in ops)
            {
                w.WriteStartObject();
                w.WriteString("op", op.Op);
                w.WriteNumber("i", op.I);
                w.WriteNumber("j", op.J);
                w.WriteNumber("n", op.N);
                w.WriteString("text", op.Text);
                w.WriteString("value", op.Value.ToString(CultureInfo.InvariantCulture));
                w.WriteBoolean("some", op.Some);
                w.WriteNumber("kind", op.Kind);
                w.WriteStartArray("items");
                foreach (var i in op.Items) w.WriteNumberValue(i);
                w.WriteEndArray();
                w.WriteStartArray("values");
                foreach (var v in op.Values) w.WriteStringValue(v.ToString(CultureInfo.InvariantCulture));
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
