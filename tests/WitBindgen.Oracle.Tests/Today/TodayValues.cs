using System;
using System.Linq;
using Oracle.Today.Bindings;
using Wasmtime.Components;

namespace Oracle.Tests.Today;

/// <summary>Random values of the types of <c>test:oracle/iface@0.1.0</c>, from <see cref="Gen"/>'s primitives.</summary>
internal static class TodayGen
{
    public static Iface.Point IfacePoint(this Gen g) => new(g.S32(), g.S32());

    public static Iface.Person IfacePerson(this Gen g) => new(g.String(), g.U8(), g.List(g.String, 3), g.IfacePoint(), g.F64(), g.U64());

    public static Iface.Shape IfaceShape(this Gen g) => g.Below(8) switch
    {
        0 => Iface.Shape.Empty.Instance,
        1 => new Iface.Shape.Count(g.U32()),
        2 => new Iface.Shape.Ratio(g.F32()),
        3 => new Iface.Shape.Big(g.U64()),
        4 => new Iface.Shape.Precise(g.F64()),
        5 => new Iface.Shape.Label(g.String()),
        6 => new Iface.Shape.At(g.IfacePoint()),
        _ => new Iface.Shape.Delta(g.S64()),
    };

    public static Iface.Small IfaceSmall(this Gen g) => g.Below(3) switch
    {
        0 => new Iface.Small.Int(g.S32()),
        1 => new Iface.Small.Real(g.F32()),
        _ => Iface.Small.Nothing.Instance,
    };

    public static Iface.Color IfaceColor(this Gen g) => (Iface.Color)g.Below(7);

    public static Iface.FlagsEight IfaceFlagsEight(this Gen g) => (Iface.FlagsEight)g.Below(256);

    public static Iface.FlagsThirtyTwo IfaceFlagsThirtyTwo(this Gen g) => (Iface.FlagsThirtyTwo)g.U32();
}

/// <summary>
/// Hand-written conversions between Wasmtime's <see cref="ComponentValue"/> and the C# types of today's oracle world,
/// following the WIT (field, case and flag names as written there), not WitBindgen's output.
/// </summary>
internal static class TodayCv
{
    public static ComponentValue Point(Iface.Point p) => Cv.Rec(("x", ComponentValue.S32(p.X)), ("y", ComponentValue.S32(p.Y)));

    public static Iface.Point Point(ComponentValue v) => new(v.Field("x").AsS32(), v.Field("y").AsS32());

    public static ComponentValue Person(Iface.Person p) => Cv.Rec(
        ("name", ComponentValue.String(p.Name)),
        ("age", ComponentValue.U8(p.Age)),
        ("tags", Cv.List(p.Tags, ComponentValue.String)),
        ("home", Point(p.Home)),
        ("score", ComponentValue.F64(p.Score)),
        ("id", ComponentValue.U64(p.Id)));

    public static Iface.Person Person(ComponentValue v) => new(
        Cv.String(v.Field("name")), v.Field("age").AsU8(), Cv.List(v.Field("tags"), Cv.String), Point(v.Field("home")),
        Cv.F64(v.Field("score")), v.Field("id").AsU64());

    public static ComponentValue Shape(Iface.Shape s) => s switch
    {
        Iface.Shape.Empty => ComponentValue.Variant("empty", null),
        Iface.Shape.Count c => ComponentValue.Variant("count", ComponentValue.U32(c.Value)),
        Iface.Shape.Ratio r => ComponentValue.Variant("ratio", ComponentValue.F32(r.Value)),
        Iface.Shape.Big b => ComponentValue.Variant("big", ComponentValue.U64(b.Value)),
        Iface.Shape.Precise p => ComponentValue.Variant("precise", ComponentValue.F64(p.Value)),
        Iface.Shape.Label l => ComponentValue.Variant("label", ComponentValue.String(l.Value)),
        Iface.Shape.At a => ComponentValue.Variant("at", Point(a.Value)),
        Iface.Shape.Delta d => ComponentValue.Variant("delta", ComponentValue.S64(d.Value)),
        _ => throw new ArgumentException(s?.ToString()),
    };

    public static Iface.Shape Shape(ComponentValue v) => Cv.Expect(v, ComponentValueKind.Variant, x => x.AsVariant()) switch
    {
        "empty" => Cv.NoPayload(v, Iface.Shape.Empty.Instance),
        "count" => new Iface.Shape.Count(Cv.Payload(v).AsU32()),
        "ratio" => new Iface.Shape.Ratio(Cv.F32(Cv.Payload(v))),
        "big" => new Iface.Shape.Big(Cv.Payload(v).AsU64()),
        "precise" => new Iface.Shape.Precise(Cv.F64(Cv.Payload(v))),
        "label" => new Iface.Shape.Label(Cv.String(Cv.Payload(v))),
        "at" => new Iface.Shape.At(Point(Cv.Payload(v))),
        "delta" => new Iface.Shape.Delta(Cv.Payload(v).AsS64()),
        var other => throw new InvalidOperationException($"shape has no case '{other}'"),
    };

    public static ComponentValue Small(Iface.Small s) => s switch
    {
        Iface.Small.Int i => ComponentValue.Variant("int", ComponentValue.S32(i.Value)),
        Iface.Small.Real r => ComponentValue.Variant("real", ComponentValue.F32(r.Value)),
        Iface.Small.Nothing => ComponentValue.Variant("nothing", null),
        _ => throw new ArgumentException(s?.ToString()),
    };

    public static Iface.Small Small(ComponentValue v) => Cv.Expect(v, ComponentValueKind.Variant, x => x.AsVariant()) switch
    {
        "int" => new Iface.Small.Int(Cv.Payload(v).AsS32()),
        "real" => new Iface.Small.Real(Cv.F32(Cv.Payload(v))),
        "nothing" => Cv.NoPayload(v, Iface.Small.Nothing.Instance),
        var other => throw new InvalidOperationException($"small has no case '{other}'"),
    };

    private static readonly string[] ColorNames = { "red", "green", "blue", "cyan", "magenta", "yellow", "black" };

    public static ComponentValue Color(Iface.Color c) => ComponentValue.Enum(ColorNames[(int)c]);

    public static Iface.Color Color(ComponentValue v)
    {
        int index = Array.IndexOf(ColorNames, Cv.Expect(v, ComponentValueKind.Enum, x => x.AsEnum()));
        return index >= 0 ? (Iface.Color)index : throw new InvalidOperationException($"color has no case {v}");
    }

    // Flags by WIT name: bit i of the C# value is flag number i of the WIT declaration.
    private static ComponentValue Flags(ulong bits, string prefix, int count) =>
        ComponentValue.Flags(Enumerable.Range(0, count).Where(i => (bits >> i & 1) != 0).Select(i => prefix + i).ToList());

    private static ulong Flags(ComponentValue v, string prefix, int count)
    {
        ulong bits = 0;
        foreach (var name in Cv.Expect(v, ComponentValueKind.Flags, x => x.AsFlags()))
        {
            int i = name.StartsWith(prefix, StringComparison.Ordinal) && int.TryParse(name.AsSpan(prefix.Length), out var n) && n < count ? n : -1;
            if (i < 0) throw new InvalidOperationException($"no flag '{name}'");
            bits |= 1UL << i;
        }
        return bits;
    }

    public static ComponentValue FlagsEight(Iface.FlagsEight f) => Flags((ulong)f, "b", 8);
    public static Iface.FlagsEight FlagsEight(ComponentValue v) => (Iface.FlagsEight)Flags(v, "b", 8);
    public static ComponentValue FlagsThirtyTwo(Iface.FlagsThirtyTwo f) => Flags((ulong)f, "d", 32);
    public static Iface.FlagsThirtyTwo FlagsThirtyTwo(ComponentValue v) => (Iface.FlagsThirtyTwo)Flags(v, "d", 32);
}
