using System;
using System.Collections.Generic;
using System.Text;
using Oracle.Today.Bindings;
using Wasmtime.Components;
using WitBindgen.Runtime;

namespace Oracle.Tests.Today;

/// <summary>
/// One function of <c>test:oracle/iface@0.1.0</c>, or one the world imports and exports itself (<see cref="CallWorld"/>),
/// and how to call the guest's export of it in path A.
/// </summary>
internal sealed record TodayFunction(string Name, ValueKind[] Params, ValueKind? Result, Func<IIfaceExport, object?[], object?>? CallIface,
    Func<IOracleExports, object?[], object?>? CallWorld = null)
{
    /// <summary>A function of the world itself: core import module <c>$root</c>/<c>cm32p2</c>, export <c>f</c>/<c>cm32p2||f</c>.</summary>
    public bool IsWorld => CallWorld is not null;

    public object? CallGuest(IIfaceExport iface, IOracleExports world, object?[] args) =>
        CallWorld is { } w ? w(world, args) : CallIface!(iface, args);

    public override string ToString() => Name;
}

internal static class TodayFunctions
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
    private static readonly ValueKind Point = ValueKind.Of(g => g.IfacePoint(), TodayCv.Point, TodayCv.Point);
    private static readonly ValueKind Shape = ValueKind.Of(g => g.IfaceShape(), TodayCv.Shape, TodayCv.Shape);
    private static readonly ValueKind Small = ValueKind.Of(g => g.IfaceSmall(), TodayCv.Small, TodayCv.Small);
    private static readonly ValueKind Color = ValueKind.Of(g => g.IfaceColor(), TodayCv.Color, TodayCv.Color);
    private static readonly ValueKind FlagsEight = ValueKind.Of(g => g.IfaceFlagsEight(), TodayCv.FlagsEight, TodayCv.FlagsEight);
    private static readonly ValueKind FlagsThirtyTwo = ValueKind.Of(g => g.IfaceFlagsThirtyTwo(), TodayCv.FlagsThirtyTwo, TodayCv.FlagsThirtyTwo);
    private static readonly ValueKind People = ValueKind.Of(g => g.List(g.IfacePerson, 3), l => Cv.List(l, TodayCv.Person), v => Cv.List(v, TodayCv.Person));
    private static readonly ValueKind Person = ValueKind.Of(g => g.IfacePerson(), TodayCv.Person, TodayCv.Person);

    private static readonly ValueKind ByteDoubleString = ValueKind.Of(g => (g.U8(), g.F64(), g.String()),
        t => Cv.Tuple(ComponentValue.U8(t.Item1), ComponentValue.F64(t.Item2), ComponentValue.String(t.Item3)), v =>
        {
            var t = Cv.Tuple(v, 3);
            return (t[0].AsU8(), Cv.F64(t[1]), Cv.String(t[2]));
        });

    private static readonly ValueKind CountNote = ValueKind.Of(g => (g.U32(), g.String()),
        t => Cv.Tuple(ComponentValue.U32(t.Item1), ComponentValue.String(t.Item2)), v =>
        {
            var t = Cv.Tuple(v, 2);
            return (t[0].AsU32(), Cv.String(t[1]));
        });

    public static readonly IReadOnlyList<TodayFunction> All = new TodayFunction[]
    {
        new("nothing", Array.Empty<ValueKind>(), null, (g, a) =>
        {
            g.Nothing();
            return null;
        }),
        new("scalars", new[] { Bool, U8, S8, U16, S16, U32, S32, U64, S64, F32, F64, Char }, F64, (g, a) =>
            g.Scalars((bool)a[0]!, (byte)a[1]!, (sbyte)a[2]!, (ushort)a[3]!, (short)a[4]!, (uint)a[5]!, (int)a[6]!, (ulong)a[7]!, (long)a[8]!, (float)a[9]!, (double)a[10]!, (Rune)a[11]!)),
        new("text", new[] { String, Char, ValueKind.Of(g => g.List(g.String), l => Cv.List(l, ComponentValue.String), v => Cv.List(v, Cv.String)) }, String, (g, a) =>
            g.Text((string)a[0]!, (Rune)a[1]!, (IReadOnlyList<string>)a[2]!)),
        new("bytes", new[] { Bytes, ValueKind.Of(g => g.List(g.Bytes), l => Cv.List(l, Cv.Bytes), v => Cv.List(v, Cv.Bytes)) }, Bytes, (g, a) =>
            g.Bytes((ReadOnlyMemory<byte>)a[0]!, (IReadOnlyList<ReadOnlyMemory<byte>>)a[1]!)),
        new("records", new[] { People, Point }, People, (g, a) =>
            g.Records((IReadOnlyList<Iface.Person>)a[0]!, (Iface.Point)a[1]!)),
        new("variants", new[] { Shape, Small, Color }, Shape, (g, a) =>
            g.Variants((Iface.Shape)a[0]!, (Iface.Small)a[1]!, (Iface.Color)a[2]!)),
        new("options", new[]
        {
            ValueKind.Of(g => g.Option(g.U32), o => Cv.Option(o, ComponentValue.U32), v => Cv.Option(v, x => x.AsU32())),
            ValueKind.Of(g => g.OptionString(), Cv.OptionString, Cv.OptionString),
            ValueKind.Of(g => g.Option(g.IfacePoint), p => Cv.Option(p, TodayCv.Point), v => Cv.Option(v, TodayCv.Point)),
        }, ValueKind.Of(g => g.Option(g.IfacePerson), p => Cv.Option(p, TodayCv.Person), v => Cv.Option(v, TodayCv.Person)), (g, a) =>
            g.Options((uint?)a[0], (string?)a[1], (Iface.Point?)a[2])),
        new("results", new[]
        {
            ValueKind.Of(g => g.Result(g.U32, g.String), r => Cv.Result(r, ComponentValue.U32, ComponentValue.String), v => Cv.Result(v, x => x.AsU32(), Cv.String)),
            ValueKind.Of(g => g.Result(() => default(Unit), g.IfaceShape), r => Cv.Result<Unit, Iface.Shape>(r, null, TodayCv.Shape), v => Cv.Result<Unit, Iface.Shape>(v, null, TodayCv.Shape)),
            ValueKind.Of(g => g.Result(g.F64, () => default(Unit)), r => Cv.Result<double, Unit>(r, ComponentValue.F64, null), v => Cv.Result<double, Unit>(v, Cv.F64, null)),
            ValueKind.Of(g => g.Result(() => default(Unit), () => default(Unit)), r => Cv.Result<Unit, Unit>(r, null, null), v => Cv.Result<Unit, Unit>(v, null, null)),
        }, ValueKind.Of(g => g.Result(g.IfacePoint, g.String), r => Cv.Result(r, TodayCv.Point, ComponentValue.String), v => Cv.Result(v, TodayCv.Point, Cv.String)), (g, a) =>
            g.Results((Result<uint, string>)a[0]!, (Result<Unit, Iface.Shape>)a[1]!, (Result<double, Unit>)a[2]!, (Result<Unit, Unit>)a[3]!)),
        new("bits", new[] { FlagsEight, FlagsThirtyTwo, Color }, FlagsThirtyTwo, (g, a) =>
            g.Bits((Iface.FlagsEight)a[0]!, (Iface.FlagsThirtyTwo)a[1]!, (Iface.Color)a[2]!)),
        new("tuples", new[]
        {
            ByteDoubleString,
            ValueKind.Of(g => (g.S64(), g.Char()), t => Cv.Tuple(ComponentValue.S64(t.Item1), ComponentValue.Char(t.Item2)), v =>
            {
                var t = Cv.Tuple(v, 2);
                return (t[0].AsS64(), Cv.Char(t[1]));
            }),
        }, CountNote, (g, a) =>
            g.Tuples(((byte, double, string))a[0]!, ((long, Rune))a[1]!)),
        new("spill", new[]
        {
            Person, Shape, Color, FlagsEight, FlagsThirtyTwo,
            ValueKind.Of(g => g.Option(g.U32), o => Cv.Option(o, ComponentValue.U32), v => Cv.Option(v, x => x.AsU32())),
            ByteDoubleString, U64, F32, S64, Char,
        }, CountNote, (g, a) =>
            g.Spill((Iface.Person)a[0]!, (Iface.Shape)a[1]!, (Iface.Color)a[2]!, (Iface.FlagsEight)a[3]!, (Iface.FlagsThirtyTwo)a[4]!, (uint?)a[5], ((byte, double, string))a[6]!, (ulong)a[7]!, (float)a[8]!, (long)a[9]!, (Rune)a[10]!)),
        new("mix", new[]
        {
            U32, String,
            ValueKind.Of(g => g.List(g.S64), l => Cv.List(l, ComponentValue.S64), v => Cv.List(v, x => x.AsS64())),
            ValueKind.Of(g => g.OptionString(), Cv.OptionString, Cv.OptionString),
        }, ValueKind.Of(g => g.Result(g.String, g.U32), r => Cv.Result(r, ComponentValue.String, ComponentValue.U32), v => Cv.Result(v, Cv.String, x => x.AsU32())),
            null, (g, a) => g.Mix((uint)a[0]!, (string)a[1]!, (IReadOnlyList<long>)a[2]!, (string?)a[3])),
        new("who", new[] { Person, Color },
            ValueKind.Of(g => g.Option(g.IfacePerson), p => Cv.Option(p, TodayCv.Person), v => Cv.Option(v, TodayCv.Person)),
            null, (g, a) => g.Who((Iface.Person)a[0]!, (Iface.Color)a[1]!)),
    };
}

/// <summary>Path A's host of <c>test:oracle/iface@0.1.0</c> and of the world's own imports: records the arguments the glue lifted and returns the prepared result.</summary>
internal sealed class TodayRecordingHost : IIface, IOracleImports
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

    public IReadOnlyList<Iface.Person> Records(IReadOnlyList<Iface.Person> people, Iface.Point p) => Return<IReadOnlyList<Iface.Person>>(people, p);

    public Iface.Shape Variants(Iface.Shape s, Iface.Small m, Iface.Color c) => Return<Iface.Shape>(s, m, c);

    public Iface.Person? Options(uint? a, string? b, Iface.Point? c) => Return<Iface.Person?>(a, b, c);

    public Result<Iface.Point, string> Results(Result<uint, string> a, Result<Unit, Iface.Shape> b, Result<double, Unit> c, Result<Unit, Unit> d) =>
        Return<Result<Iface.Point, string>>(a, b, c, d);

    public Iface.FlagsThirtyTwo Bits(Iface.FlagsEight a, Iface.FlagsThirtyTwo b, Iface.Color c) => Return<Iface.FlagsThirtyTwo>(a, b, c);

    public (uint, string) Tuples((byte, double, string) a, (long, Rune) b) => Return<(uint, string)>(a, b);

    public Result<string, uint> Mix(uint a, string s, IReadOnlyList<long> l, string? o) => Return<Result<string, uint>>(a, s, l, o);

    public Iface.Person? Who(Iface.Person p, Iface.Color c) => Return<Iface.Person?>(p, c);

    public (uint, string) Spill(Iface.Person p, Iface.Shape s, Iface.Color c, Iface.FlagsEight f, Iface.FlagsThirtyTwo g, uint? o, (byte, double, string) t, ulong x, float y, long z, Rune w) =>
        Return<(uint, string)>(p, s, c, f, g, o, t, x, y, z, w);
}
