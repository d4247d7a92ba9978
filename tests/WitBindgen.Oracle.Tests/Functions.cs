using System;
using System.Collections.Generic;
using System.Text;
using Oracle.Bindings;
using Wasmtime.Components;
using WitBindgen.Runtime;

namespace Oracle.Tests;

/// <summary>A value of one WIT type: how to make a random one and how to carry it as a <see cref="ComponentValue"/>.</summary>
internal sealed record ValueKind(Func<Gen, object?> Random, Func<object?, ComponentValue> ToComponent, Func<ComponentValue, object?> FromComponent)
{
    public static ValueKind Of<T>(Func<Gen, T> random, Func<T, ComponentValue> to, Func<ComponentValue, T> from) =>
        new(g => random(g), o => to((T)o!), v => from(v));
}

/// <summary>One function of the host and guest interfaces, and how to call the guest's export of it in path A.</summary>
internal sealed record OracleFunction(string Name, ValueKind[] Params, ValueKind? Result, Func<IGuest, object?[], object?> CallGuest)
{
    public override string ToString() => Name;
}

internal static class OracleFunctions
{
    private static readonly ValueKind Bool = ValueKind.Of(g => g.Bool(), ComponentValue.Bool, v => v.AsBool());
    private static readonly ValueKind U8 = ValueKind.Of(g => g.U8(), ComponentValue.U8, v => v.AsU8());
    private static readonly ValueKind S8 = ValueKind.Of(g => g.S8(), ComponentValue.S8, v => v.AsS8());
    private static readonly ValueKind U16 = ValueKind.Of(g => g.U16(), ComponentValue.U16, v => v.AsU16());
    private static readonly ValueKind S16 = ValueKind.Of(g => g.S16(), ComponentValue.S16, v => v.AsS16());
    private static readonly ValueKind U32 = ValueKind.Of(g => g.U32(), ComponentValue.U32, v => v.AsU32());
    private static readonly ValueKind S32 = ValueKind.Of(g => g.S32(), ComponentValue.S32, v => v.AsS32());
    private static readonly ValueKind U64 = ValueKind.Of(g => g.U64(), ComponentValue.U64, v => v.AsU64());
    private static readonly ValueKind S64 = ValueKind.Of(g => g.S64(), ComponentValue.S64, v => v.AsS64());
    private static readonly ValueKind F32 = ValueKind.Of(g => g.F32(), ComponentValue.F32, Cv.F32);
    private static readonly ValueKind F64 = ValueKind.Of(g => g.F64(), ComponentValue.F64, Cv.F64);
    private static readonly ValueKind Char = ValueKind.Of(g => g.Char(), ComponentValue.Char, Cv.Char);
    private static readonly ValueKind String = ValueKind.Of(g => g.String(), ComponentValue.String, Cv.String);
    private static readonly ValueKind Bytes = ValueKind.Of(g => g.Bytes(), Cv.Bytes, Cv.Bytes);
    private static readonly ValueKind Point = ValueKind.Of(g => g.Point(), Cv.Point, Cv.Point);
    private static readonly ValueKind Person = ValueKind.Of(g => g.Person(), Cv.Person, Cv.Person);
    private static readonly ValueKind Team = ValueKind.Of(g => g.Team(), Cv.Team, Cv.Team);
    private static readonly ValueKind Shape = ValueKind.Of(g => g.Shape(), Cv.Shape, Cv.Shape);
    private static readonly ValueKind Small = ValueKind.Of(g => g.Small(), Cv.Small, Cv.Small);
    private static readonly ValueKind Wide = ValueKind.Of(g => g.Wide(), Cv.Wide, Cv.Wide);
    private static readonly ValueKind Color = ValueKind.Of(g => g.Color(), Cv.Color, Cv.Color);
    private static readonly ValueKind FlagsOne = ValueKind.Of(g => g.FlagsOne(), Cv.FlagsOne, Cv.FlagsOne);
    private static readonly ValueKind FlagsEight = ValueKind.Of(g => g.FlagsEight(), Cv.FlagsEight, Cv.FlagsEight);
    private static readonly ValueKind FlagsSixteen = ValueKind.Of(g => g.FlagsSixteen(), Cv.FlagsSixteen, Cv.FlagsSixteen);
    private static readonly ValueKind FlagsThirtyTwo = ValueKind.Of(g => g.FlagsThirtyTwo(), Cv.FlagsThirtyTwo, Cv.FlagsThirtyTwo);
    private static readonly ValueKind OptionOptionU32 = ValueKind.Of(g => g.OptionOption(), Cv.OptionOption, Cv.OptionOption);

    private static ValueKind ListOf<T>(Func<Gen, T> random, Func<T, ComponentValue> to, Func<ComponentValue, T> from, int max = 4) =>
        ValueKind.Of(g => g.List(() => random(g), max), items => Cv.List(items, to), v => Cv.List(v, from));

    public static readonly IReadOnlyList<OracleFunction> All = new OracleFunction[]
    {
        new("nothing", Array.Empty<ValueKind>(), null, (g, a) =>
        {
            g.Nothing();
            return null;
        }),
        new("scalars", new[] { Bool, U8, S8, U16, S16, U32, S32, U64, S64, F32, F64, Char }, F64, (g, a) =>
            g.Scalars((bool)a[0]!, (byte)a[1]!, (sbyte)a[2]!, (ushort)a[3]!, (short)a[4]!, (uint)a[5]!, (int)a[6]!, (ulong)a[7]!, (long)a[8]!, (float)a[9]!, (double)a[10]!, (Rune)a[11]!)),
        new("text", new[] { String, Char, ListOf(g => g.String(), ComponentValue.String, Cv.String) }, String, (g, a) =>
            g.Text((string)a[0]!, (Rune)a[1]!, (IReadOnlyList<string>)a[2]!)),
        new("bytes", new[] { Bytes, ListOf(g => g.Bytes(), Cv.Bytes, Cv.Bytes) }, Bytes, (g, a) =>
            g.Bytes((ReadOnlyMemory<byte>)a[0]!, (IReadOnlyList<ReadOnlyMemory<byte>>)a[1]!)),
        new("records", new[] { Team, Point }, Team, (g, a) =>
            g.Records((Types.Team)a[0]!, (Types.Point)a[1]!)),
        new("variants", new[] { Shape, Small, Wide }, Shape, (g, a) =>
            g.Variants((Types.Shape)a[0]!, (Types.Small)a[1]!, (Types.Wide)a[2]!)),
        new("options", new[]
        {
            OptionOptionU32,
            ValueKind.Of(g => g.OptionString(), Cv.OptionString, Cv.OptionString),
            ValueKind.Of(g => g.Option(g.Point), p => Cv.Option(p, Cv.Point), v => Cv.Option(v, Cv.Point)),
        }, OptionOptionU32, (g, a) =>
            g.Options((Option<uint?>)a[0]!, (string?)a[1], (Types.Point?)a[2])),
        new("results", new[]
        {
            ValueKind.Of(g => g.Result(g.U32, g.String), r => Cv.Result(r, ComponentValue.U32, ComponentValue.String), v => Cv.Result(v, x => x.AsU32(), Cv.String)),
            ValueKind.Of(g => g.Result(() => default(Unit), g.Shape), r => Cv.Result<Unit, Types.Shape>(r, null, Cv.Shape), v => Cv.Result<Unit, Types.Shape>(v, null, Cv.Shape)),
            ValueKind.Of(g => g.Result(g.F64, () => default(Unit)), r => Cv.Result<double, Unit>(r, ComponentValue.F64, null), v => Cv.Result<double, Unit>(v, Cv.F64, null)),
            ValueKind.Of(g => g.Result(() => default(Unit), () => default(Unit)), r => Cv.Result<Unit, Unit>(r, null, null), v => Cv.Result<Unit, Unit>(v, null, null)),
        }, ValueKind.Of(g => g.Result(g.Point, g.String), r => Cv.Result(r, Cv.Point, ComponentValue.String), v => Cv.Result(v, Cv.Point, Cv.String)), (g, a) =>
            g.Results((Result<uint, string>)a[0]!, (Result<Unit, Types.Shape>)a[1]!, (Result<double, Unit>)a[2]!, (Result<Unit, Unit>)a[3]!)),
        new("bits", new[] { FlagsOne, FlagsEight, FlagsSixteen, FlagsThirtyTwo, Color }, FlagsThirtyTwo, (g, a) =>
            g.Bits((Types.FlagsOne)a[0]!, (Types.FlagsEight)a[1]!, (Types.FlagsSixteen)a[2]!, (Types.FlagsThirtyTwo)a[3]!, (Types.Color)a[4]!)),
        new("pick", new[] { Color }, Color, (g, a) => g.Pick((Types.Color)a[0]!)),
        new("lists", new[]
        {
            ListOf(g => g.Person(), Cv.Person, Cv.Person, 3),
            ListOf(g => g.List(g.U32), l => Cv.List(l, ComponentValue.U32), v => Cv.List(v, x => x.AsU32())),
            ListOf(g => (g.String(), g.FlagsEight()), t => Cv.Tuple(ComponentValue.String(t.Item1), Cv.FlagsEight(t.Item2)), v =>
            {
                var t = Cv.Tuple(v, 2);
                return (Cv.String(t[0]), Cv.FlagsEight(t[1]));
            }),
            ListOf(g => g.Shape(), Cv.Shape, Cv.Shape),
        }, ListOf(g => g.List(g.String), l => Cv.List(l, ComponentValue.String), v => Cv.List(v, Cv.String)), (g, a) =>
            g.Lists((IReadOnlyList<Types.Person>)a[0]!, (IReadOnlyList<IReadOnlyList<uint>>)a[1]!, (IReadOnlyList<(string, Types.FlagsEight)>)a[2]!, (IReadOnlyList<Types.Shape>)a[3]!)),
        new("floats", new[]
        {
            F32, F64,
            ListOf(g => g.F32(), ComponentValue.F32, Cv.F32, 6),
            ValueKind.Of(g => (g.F32(), g.F64()), t => Cv.Tuple(ComponentValue.F32(t.Item1), ComponentValue.F64(t.Item2)), v =>
            {
                var t = Cv.Tuple(v, 2);
                return (Cv.F32(t[0]), Cv.F64(t[1]));
            }),
            Wide,
        }, ValueKind.Of(g => (X: g.F64(), Y: g.F32()), t => Cv.Tuple(ComponentValue.F64(t.X), ComponentValue.F32(t.Y)), v =>
        {
            var t = Cv.Tuple(v, 2);
            return (X: Cv.F64(t[0]), Y: Cv.F32(t[1]));
        }), (g, a) =>
            g.Floats((float)a[0]!, (double)a[1]!, (IReadOnlyList<float>)a[2]!, ((float, double))a[3]!, (Types.Wide)a[4]!)),
        new("spill", new[]
        {
            Person, Shape, Color, FlagsEight, FlagsThirtyTwo,
            ValueKind.Of(g => g.Option(g.U32), o => Cv.Option(o, ComponentValue.U32), v => Cv.Option(v, x => x.AsU32())),
            ValueKind.Of(g => (g.U8(), g.F64(), g.String()), t => Cv.Tuple(ComponentValue.U8(t.Item1), ComponentValue.F64(t.Item2), ComponentValue.String(t.Item3)), v =>
            {
                var t = Cv.Tuple(v, 3);
                return (t[0].AsU8(), Cv.F64(t[1]), Cv.String(t[2]));
            }),
            U64, F32,
        }, ValueKind.Of(g => (Count: g.U32(), Note: g.String()), t => Cv.Tuple(ComponentValue.U32(t.Count), ComponentValue.String(t.Note)), v =>
        {
            var t = Cv.Tuple(v, 2);
            return (Count: t[0].AsU32(), Note: Cv.String(t[1]));
        }), (g, a) =>
            g.Spill((Types.Person)a[0]!, (Types.Shape)a[1]!, (Types.Color)a[2]!, (Types.FlagsEight)a[3]!, (Types.FlagsThirtyTwo)a[4]!, (uint?)a[5], ((byte, double, string))a[6]!, (ulong)a[7]!, (float)a[8]!)),
    };
}

/// <summary>Path A's host: records the arguments WitBindgen's glue lifted and returns the prepared result.</summary>
internal sealed class RecordingHost : IHost
{
    public object?[]? Received { get; set; }

    public object? Prepared { get; set; }

    private T Return<T>(params object?[] args)
    {
        Received = args;
        return (T)Prepared!;
    }

    public void Nothing() => Received = Array.Empty<object?>();

    public double Scalars(bool a, byte b, sbyte c, ushort d, short e, uint f, int g, ulong h, long i, float j, double k, Rune l) =>
        Return<double>(a, b, c, d, e, f, g, h, i, j, k, l);

    public string Text(string s, Rune c, IReadOnlyList<string> words) => Return<string>(s, c, words);

    public ReadOnlyMemory<byte> Bytes(ReadOnlySpan<byte> b, IReadOnlyList<ReadOnlyMemory<byte>> nested) =>
        Return<ReadOnlyMemory<byte>>(new ReadOnlyMemory<byte>(b.ToArray()), nested);

    public Types.Team Records(Types.Team t, Types.Point p) => Return<Types.Team>(t, p);

    public Types.Shape Variants(Types.Shape s, Types.Small m, Types.Wide w) => Return<Types.Shape>(s, m, w);

    public Option<uint?> Options(Option<uint?> a, string? b, Types.Point? c) => Return<Option<uint?>>(a, b, c);

    public Result<Types.Point, string> Results(Result<uint, string> a, Result<Unit, Types.Shape> b, Result<double, Unit> c, Result<Unit, Unit> d) =>
        Return<Result<Types.Point, string>>(a, b, c, d);

    public Types.FlagsThirtyTwo Bits(Types.FlagsOne a, Types.FlagsEight b, Types.FlagsSixteen c, Types.FlagsThirtyTwo d, Types.Color e) =>
        Return<Types.FlagsThirtyTwo>(a, b, c, d, e);

    public Types.Color Pick(Types.Color c) => Return<Types.Color>(c);

    public IReadOnlyList<IReadOnlyList<string>> Lists(IReadOnlyList<Types.Person> a, IReadOnlyList<IReadOnlyList<uint>> b, IReadOnlyList<(string, Types.FlagsEight)> c, IReadOnlyList<Types.Shape> d) =>
        Return<IReadOnlyList<IReadOnlyList<string>>>(a, b, c, d);

    public (double X, float Y) Floats(float a, double b, IReadOnlyList<float> c, (float, double) d, Types.Wide w) =>
        Return<(double, float)>(a, b, c, d, w);

    public (uint Count, string Note) Spill(Types.Person p, Types.Shape s, Types.Color c, Types.FlagsEight f, Types.FlagsThirtyTwo g, uint? o, (byte, double, string) t, ulong x, float y) =>
        Return<(uint, string)>(p, s, c, f, g, o, t, x, y);
}
