using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Oracle.Bindings;
using Wasmtime.Components;
using WitBindgen.Runtime;

namespace Oracle.Tests;

/// <summary>
/// Hand-written conversions between Wasmtime's <see cref="ComponentValue"/> and the C# types of the oracle world,
/// following the WIT (field, case and flag names as written there), not WitBindgen's output.
/// </summary>
internal static class Cv
{
    internal static ComponentValue Rec(params (string Name, ComponentValue Value)[] fields) =>
        ComponentValue.Record(fields.Select(f => new KeyValuePair<string, ComponentValue>(f.Name, f.Value)).ToList());

    internal static T Expect<T>(ComponentValue v, ComponentValueKind kind, Func<ComponentValue, T> read) =>
        v.Kind == kind ? read(v) : throw new InvalidOperationException($"expected a {kind}, got {v.Kind}: {v}");

    internal static ComponentValue Payload(ComponentValue v) =>
        v.Payload ?? throw new InvalidOperationException($"{v} has no payload");

    // ---- lists, options, results, tuples ----

    public static ComponentValue List<T>(IReadOnlyList<T> items, Func<T, ComponentValue> item) =>
        ComponentValue.List(items.Select(item).ToList());

    public static IReadOnlyList<T> List<T>(ComponentValue v, Func<ComponentValue, T> item) =>
        Expect(v, ComponentValueKind.List, x => x.AsList().Select(item).ToList());

    public static ComponentValue Bytes(ReadOnlyMemory<byte> bytes) => ComponentValue.List(bytes.ToArray().Select(ComponentValue.U8).ToList());

    public static ReadOnlyMemory<byte> Bytes(ComponentValue v) => List(v, x => x.AsU8()).ToArray();

    public static ComponentValue Option<T>(T? value, Func<T, ComponentValue> some) where T : struct =>
        value is { } x ? ComponentValue.Some(some(x)) : ComponentValue.None();

    public static T? Option<T>(ComponentValue v, Func<ComponentValue, T> some) where T : struct =>
        Expect(v, ComponentValueKind.Option, x => x.IsSome ? some(Payload(x)) : (T?)null);

    public static ComponentValue OptionString(string? value) =>
        value is null ? ComponentValue.None() : ComponentValue.Some(ComponentValue.String(value));

    public static string? OptionString(ComponentValue v) =>
        Expect(v, ComponentValueKind.Option, x => x.IsSome ? Payload(x).AsString() : null);

    public static ComponentValue OptionOption(Option<uint?> value) =>
        !value.HasValue ? ComponentValue.None() : ComponentValue.Some(Option(value.Value, ComponentValue.U32));

    public static Option<uint?> OptionOption(ComponentValue v) =>
        Expect(v, ComponentValueKind.Option, x => x.IsSome
            ? WitBindgen.Runtime.Option<uint?>.Some(Option(Payload(x), y => y.AsU32()))
            : WitBindgen.Runtime.Option<uint?>.None);

    /// <summary>A result; a null converter is a side without a payload.</summary>
    public static ComponentValue Result<T, E>(WitBindgen.Runtime.Result<T, E> value, Func<T, ComponentValue>? ok, Func<E, ComponentValue>? err) =>
        value.IsOk
            ? ComponentValue.Ok(ok is null ? null : ok(value.OkValue))
            : ComponentValue.Err(err is null ? null : err(value.ErrValue));

    public static WitBindgen.Runtime.Result<T, E> Result<T, E>(ComponentValue v, Func<ComponentValue, T>? ok, Func<ComponentValue, E>? err) =>
        Expect(v, ComponentValueKind.Result, x =>
        {
            if (x.IsOk)
            {
                if (ok is null && x.Payload is not null) throw new InvalidOperationException($"{x}: ok has a payload");
                return WitBindgen.Runtime.Result<T, E>.Ok(ok is null ? default! : ok(Payload(x)));
            }
            if (err is null && x.Payload is not null) throw new InvalidOperationException($"{x}: err has a payload");
            return WitBindgen.Runtime.Result<T, E>.Err(err is null ? default! : err(Payload(x)));
        });

    public static IReadOnlyList<ComponentValue> Tuple(ComponentValue v, int count) =>
        Expect(v, ComponentValueKind.Tuple, x => x.AsTuple().Count == count ? x.AsTuple() : throw new InvalidOperationException($"{x}: not {count} elements"));

    public static ComponentValue Tuple(params ComponentValue[] items) => ComponentValue.Tuple(items);

    /// <summary>
    /// The same value with every NaN made the canonical one: what the Canonical ABI of 2023 (and today's
    /// deterministic profile) makes of it, and what WitBindgen's glue does.
    /// </summary>
    public static ComponentValue CanonicalNaN(ComponentValue v) => v.Kind switch
    {
        ComponentValueKind.F32 => float.IsNaN(v.AsF32()) ? ComponentValue.F32(CanonicalAbiNaN.F32) : v,
        ComponentValueKind.F64 => double.IsNaN(v.AsF64()) ? ComponentValue.F64(CanonicalAbiNaN.F64) : v,
        ComponentValueKind.List => ComponentValue.List(v.AsList().Select(CanonicalNaN).ToList()),
        ComponentValueKind.Tuple => ComponentValue.Tuple(v.AsTuple().Select(CanonicalNaN).ToList()),
        ComponentValueKind.Record => ComponentValue.Record(v.AsRecord().Select(f => new KeyValuePair<string, ComponentValue>(f.Key, CanonicalNaN(f.Value))).ToList()),
        ComponentValueKind.Variant => ComponentValue.Variant(v.AsVariant(), v.Payload is { } p ? CanonicalNaN(p) : null),
        ComponentValueKind.Option => v.IsSome ? ComponentValue.Some(CanonicalNaN(Payload(v))) : v,
        ComponentValueKind.Result => v.IsOk
            ? ComponentValue.Ok(v.Payload is { } ok ? CanonicalNaN(ok) : null)
            : ComponentValue.Err(v.Payload is { } err ? CanonicalNaN(err) : null),
        _ => v,
    };

    // ---- primitives with a kind check ----

    public static float F32(ComponentValue v) => Expect(v, ComponentValueKind.F32, x => x.AsF32());
    public static double F64(ComponentValue v) => Expect(v, ComponentValueKind.F64, x => x.AsF64());
    public static string String(ComponentValue v) => Expect(v, ComponentValueKind.String, x => x.AsString());
    public static Rune Char(ComponentValue v) => Expect(v, ComponentValueKind.Char, x => x.AsRune());

    // ---- the types interface ----

    public static ComponentValue Point(Types.Point p) => Rec(("x", ComponentValue.S32(p.X)), ("y", ComponentValue.S32(p.Y)));

    public static Types.Point Point(ComponentValue v) => new(v.Field("x").AsS32(), v.Field("y").AsS32());

    public static ComponentValue Person(Types.Person p) => Rec(
        ("name", ComponentValue.String(p.Name)),
        ("age", ComponentValue.U8(p.Age)),
        ("tags", List(p.Tags, ComponentValue.String)),
        ("home", Point(p.Home)),
        ("score", ComponentValue.F64(p.Score)));

    public static Types.Person Person(ComponentValue v) => new(
        String(v.Field("name")), v.Field("age").AsU8(), List(v.Field("tags"), String), Point(v.Field("home")), F64(v.Field("score")));

    public static ComponentValue Team(Types.Team t) => Rec(
        ("title", ComponentValue.String(t.Title)),
        ("members", List(t.Members, Person)),
        ("lead", Option(t.Lead, Person)),
        ("badge", Bytes(t.Badge)));

    public static Types.Team Team(ComponentValue v) => new(
        String(v.Field("title")), List(v.Field("members"), Person), Option(v.Field("lead"), Person), Bytes(v.Field("badge")));

    public static ComponentValue Shape(Types.Shape s) => s switch
    {
        Types.Shape.Empty => ComponentValue.Variant("empty", null),
        Types.Shape.Count c => ComponentValue.Variant("count", ComponentValue.U32(c.Value)),
        Types.Shape.Ratio r => ComponentValue.Variant("ratio", ComponentValue.F32(r.Value)),
        Types.Shape.Big b => ComponentValue.Variant("big", ComponentValue.U64(b.Value)),
        Types.Shape.Precise p => ComponentValue.Variant("precise", ComponentValue.F64(p.Value)),
        Types.Shape.Label l => ComponentValue.Variant("label", ComponentValue.String(l.Value)),
        Types.Shape.At a => ComponentValue.Variant("at", Point(a.Value)),
        _ => throw new ArgumentException(s?.ToString()),
    };

    public static Types.Shape Shape(ComponentValue v) => Expect(v, ComponentValueKind.Variant, x => x.AsVariant()) switch
    {
        "empty" => NoPayload(v, Types.Shape.Empty.Instance),
        "count" => new Types.Shape.Count(Payload(v).AsU32()),
        "ratio" => new Types.Shape.Ratio(F32(Payload(v))),
        "big" => new Types.Shape.Big(Payload(v).AsU64()),
        "precise" => new Types.Shape.Precise(F64(Payload(v))),
        "label" => new Types.Shape.Label(String(Payload(v))),
        "at" => new Types.Shape.At(Point(Payload(v))),
        var other => throw new InvalidOperationException($"shape has no case '{other}'"),
    };

    internal static T NoPayload<T>(ComponentValue v, T value) =>
        v.Payload is null ? value : throw new InvalidOperationException($"{v}: a case without payload has one");

    public static ComponentValue Small(Types.Small s) => s switch
    {
        Types.Small.Int i => ComponentValue.Variant("int", ComponentValue.S32(i.Value)),
        Types.Small.Real r => ComponentValue.Variant("real", ComponentValue.F32(r.Value)),
        Types.Small.Nothing => ComponentValue.Variant("nothing", null),
        _ => throw new ArgumentException(s?.ToString()),
    };

    public static Types.Small Small(ComponentValue v) => Expect(v, ComponentValueKind.Variant, x => x.AsVariant()) switch
    {
        "int" => new Types.Small.Int(Payload(v).AsS32()),
        "real" => new Types.Small.Real(F32(Payload(v))),
        "nothing" => NoPayload(v, Types.Small.Nothing.Instance),
        var other => throw new InvalidOperationException($"small has no case '{other}'"),
    };

    public static ComponentValue Wide(Types.Wide w) => w switch
    {
        Types.Wide.Single s => ComponentValue.Variant("single", ComponentValue.F32(s.Value)),
        Types.Wide.Double d => ComponentValue.Variant("double", ComponentValue.F64(d.Value)),
        Types.Wide.Pair p => ComponentValue.Variant("pair", Tuple(ComponentValue.U8(p.Value.Item1), ComponentValue.F32(p.Value.Item2))),
        _ => throw new ArgumentException(w?.ToString()),
    };

    public static Types.Wide Wide(ComponentValue v) => Expect(v, ComponentValueKind.Variant, x => x.AsVariant()) switch
    {
        "single" => new Types.Wide.Single(F32(Payload(v))),
        "double" => new Types.Wide.Double(F64(Payload(v))),
        "pair" => new Types.Wide.Pair(PairOf(Tuple(Payload(v), 2))),
        var other => throw new InvalidOperationException($"wide has no case '{other}'"),
    };

    private static (byte, float) PairOf(IReadOnlyList<ComponentValue> t) => (t[0].AsU8(), F32(t[1]));

    private static readonly string[] ColorNames = { "red", "green", "blue", "cyan", "magenta", "yellow", "black" };

    public static ComponentValue Color(Types.Color c) => ComponentValue.Enum(ColorNames[(int)c]);

    public static Types.Color Color(ComponentValue v)
    {
        int index = Array.IndexOf(ColorNames, Expect(v, ComponentValueKind.Enum, x => x.AsEnum()));
        return index >= 0 ? (Types.Color)index : throw new InvalidOperationException($"color has no case {v}");
    }

    // Flags by WIT name: bit i of the C# value is flag number i of the WIT declaration.
    private static ComponentValue Flags(ulong bits, string prefix, int count) =>
        ComponentValue.Flags(Enumerable.Range(0, count).Where(i => (bits >> i & 1) != 0).Select(i => count == 1 ? "only" : prefix + i).ToList());

    private static ulong Flags(ComponentValue v, string prefix, int count)
    {
        ulong bits = 0;
        foreach (var name in Expect(v, ComponentValueKind.Flags, x => x.AsFlags()))
        {
            int i = count == 1 ? (name == "only" ? 0 : -1) : name.StartsWith(prefix, StringComparison.Ordinal) && int.TryParse(name.AsSpan(prefix.Length), out var n) && n < count ? n : -1;
            if (i < 0) throw new InvalidOperationException($"no flag '{name}'");
            bits |= 1UL << i;
        }
        return bits;
    }

    public static ComponentValue FlagsOne(Types.FlagsOne f) => Flags((ulong)f, "", 1);
    public static Types.FlagsOne FlagsOne(ComponentValue v) => (Types.FlagsOne)Flags(v, "", 1);
    public static ComponentValue FlagsEight(Types.FlagsEight f) => Flags((ulong)f, "b", 8);
    public static Types.FlagsEight FlagsEight(ComponentValue v) => (Types.FlagsEight)Flags(v, "b", 8);
    public static ComponentValue FlagsSixteen(Types.FlagsSixteen f) => Flags((ulong)f, "c", 16);
    public static Types.FlagsSixteen FlagsSixteen(ComponentValue v) => (Types.FlagsSixteen)Flags(v, "c", 16);
    public static ComponentValue FlagsThirtyTwo(Types.FlagsThirtyTwo f) => Flags((ulong)f, "d", 32);
    public static Types.FlagsThirtyTwo FlagsThirtyTwo(ComponentValue v) => (Types.FlagsThirtyTwo)Flags(v, "d", 32);
}
