using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using Oracle.Bindings;
using WitBindgen.Runtime;

namespace Oracle.Tests;

/// <summary>Random values of the oracle world's types, leaning on the edges (extremes, empty, non-ASCII, NaN).</summary>
internal sealed class Gen
{
    private readonly Random _r;

    public Gen(int seed, bool nanPayloads)
    {
        _r = new Random(seed);
        NaNPayloads = nanPayloads;
    }

    /// <summary>Whether floats may be NaNs other than the canonical one.</summary>
    public bool NaNPayloads { get; }

    private bool Edge() => _r.Next(3) == 0;

    private T OneOf<T>(params T[] items) => items[_r.Next(items.Length)];

    /// <summary>A uniform choice among <paramref name="count"/> (a case, a length).</summary>
    public int Below(int count) => _r.Next(count);

    public bool Bool() => _r.Next(2) == 1;
    public byte U8() => Edge() ? OneOf<byte>(0, 1, 0x7f, 0x80, 0xff) : (byte)_r.Next(256);
    public sbyte S8() => Edge() ? OneOf<sbyte>(0, -1, sbyte.MinValue, sbyte.MaxValue) : (sbyte)_r.Next(-128, 128);
    public ushort U16() => Edge() ? OneOf<ushort>(0, 0x7fff, 0x8000, 0xffff) : (ushort)_r.Next(65536);
    public short S16() => Edge() ? OneOf<short>(0, -1, short.MinValue, short.MaxValue) : (short)_r.Next(-32768, 32768);
    public uint U32() => Edge() ? OneOf(0u, 1u, 0x7fffffffu, 0x80000000u, uint.MaxValue) : (uint)_r.NextInt64(0, 1L << 32);
    public int S32() => Edge() ? OneOf(0, -1, int.MinValue, int.MaxValue) : (int)_r.NextInt64(int.MinValue, 1L + int.MaxValue);
    public ulong U64() => Edge() ? OneOf(0ul, 1ul, 0xffffffffUL, 0x8000000000000000UL, ulong.MaxValue) : (ulong)_r.NextInt64() ^ ((ulong)_r.Next(2) << 63);
    public long S64() => Edge() ? OneOf(0L, -1L, long.MinValue, long.MaxValue) : (long)U64();

    public float F32()
    {
        if (Edge())
        {
            return OneOf(0f, -0f, 1f, -1.5f, float.Epsilon, -float.Epsilon, 1e-40f, float.MaxValue, float.MinValue,
                float.PositiveInfinity, float.NegativeInfinity, CanonicalAbiNaN.F32,
                NaNPayloads ? BitConverter.Int32BitsToSingle(unchecked((int)0xffc00001)) : CanonicalAbiNaN.F32,
                NaNPayloads ? BitConverter.Int32BitsToSingle(0x7f800001) : 2.5f);
        }
        while (true)
        {
            var f = BitConverter.Int32BitsToSingle(_r.Next() ^ (_r.Next(2) << 31));
            if (!float.IsNaN(f) || NaNPayloads) return f;
        }
    }

    public double F64()
    {
        if (Edge())
        {
            return OneOf(0d, -0d, 1d, -1.5d, double.Epsilon, -double.Epsilon, 1e-310, double.MaxValue, double.MinValue,
                double.PositiveInfinity, double.NegativeInfinity, CanonicalAbiNaN.F64,
                NaNPayloads ? BitConverter.Int64BitsToDouble(unchecked((long)0xfff8000000000001)) : CanonicalAbiNaN.F64,
                NaNPayloads ? BitConverter.Int64BitsToDouble(0x7ff0000000000001) : 2.5d);
        }
        while (true)
        {
            var d = BitConverter.Int64BitsToDouble((long)U64());
            if (!double.IsNaN(d) || NaNPayloads) return d;
        }
    }

    public Rune Char()
    {
        if (Edge()) return new Rune(OneOf(0, 0x41, 0x7f, 0x80, 0xe9, 0x7ff, 0x800, 0xd7ff, 0xe000, 0xfffd, 0xffff, 0x10000, 0x1f389, 0x10ffff));
        while (true)
        {
            int v = _r.Next(0, 0x110000);
            if (Rune.IsValid(v)) return new Rune(v);
        }
    }

    private static readonly string[] Fragments =
    {
        "", "a", "hello", "é", "naïve", "日本語", "🎉", "Ω≈ç√", "\0", "x\u0301", "𝄞", "Ünïcödé", "ß", "\u200d", "\uffff", "tab\tnew\nline", "\"quoted\\\"",
    };

    public string String()
    {
        var sb = new StringBuilder();
        int n = _r.Next(0, 4);
        for (int i = 0; i < n; i++) sb.Append(OneOf(Fragments));
        return sb.ToString();
    }

    public ReadOnlyMemory<byte> Bytes()
    {
        var b = new byte[_r.Next(0, 13)];
        _r.NextBytes(b);
        return b;
    }

    public IReadOnlyList<T> List<T>(Func<T> item, int max = 4)
    {
        var items = new T[_r.Next(0, max + 1)];
        for (int i = 0; i < items.Length; i++) items[i] = item();
        return items;
    }

    public T? Option<T>(Func<T> some) where T : struct => _r.Next(3) == 0 ? null : some();

    public string? OptionString() => _r.Next(3) == 0 ? null : String();

    public Option<uint?> OptionOption() => _r.Next(3) switch
    {
        0 => WitBindgen.Runtime.Option<uint?>.None,
        1 => WitBindgen.Runtime.Option<uint?>.Some(null),
        _ => WitBindgen.Runtime.Option<uint?>.Some(U32()),
    };

    public WitBindgen.Runtime.Result<T, E> Result<T, E>(Func<T> ok, Func<E> err) =>
        Bool() ? WitBindgen.Runtime.Result<T, E>.Ok(ok()) : WitBindgen.Runtime.Result<T, E>.Err(err());

    public Types.Point Point() => new(S32(), S32());

    public Types.Person Person() => new(String(), U8(), List(String, 3), Point(), F64());

    public Types.Team Team() => new(String(), List(Person, 3), Option(Person), Bytes());

    public Types.Shape Shape() => _r.Next(7) switch
    {
        0 => Types.Shape.Empty.Instance,
        1 => new Types.Shape.Count(U32()),
        2 => new Types.Shape.Ratio(F32()),
        3 => new Types.Shape.Big(U64()),
        4 => new Types.Shape.Precise(F64()),
        5 => new Types.Shape.Label(String()),
        _ => new Types.Shape.At(Point()),
    };

    public Types.Small Small() => _r.Next(3) switch
    {
        0 => new Types.Small.Int(S32()),
        1 => new Types.Small.Real(F32()),
        _ => Types.Small.Nothing.Instance,
    };

    public Types.Wide Wide() => _r.Next(3) switch
    {
        0 => new Types.Wide.Single(F32()),
        1 => new Types.Wide.Double(F64()),
        _ => new Types.Wide.Pair((U8(), F32())),
    };

    public Types.Color Color() => (Types.Color)_r.Next(7);

    public Types.FlagsOne FlagsOne() => (Types.FlagsOne)_r.Next(2);
    public Types.FlagsEight FlagsEight() => (Types.FlagsEight)_r.Next(256);
    public Types.FlagsSixteen FlagsSixteen() => (Types.FlagsSixteen)_r.Next(65536);
    public Types.FlagsThirtyTwo FlagsThirtyTwo() => (Types.FlagsThirtyTwo)U32();
}

internal static class CanonicalAbiNaN
{
    public static readonly float F32 = BitConverter.Int32BitsToSingle(0x7fc00000);
    public static readonly double F64 = BitConverter.Int64BitsToDouble(0x7ff8000000000000);
}

/// <summary>
/// A canonical text of any value of the oracle world's C# types, to compare values structurally and show them in
/// failures: lists by items, floats by their bits (optionally with every NaN made canonical), records and variant
/// cases by their properties.
/// </summary>
internal static class Dump
{
    public static string Of(object? value, bool canonicalNaN = false)
    {
        var sb = new StringBuilder();
        Write(sb, value, canonicalNaN);
        return sb.ToString();
    }

    public static string Args(object?[] args, bool canonicalNaN = false) =>
        "(" + string.Join(", ", args.Select(a => Of(a, canonicalNaN))) + ")";

    private static void Write(StringBuilder sb, object? value, bool canon)
    {
        switch (value)
        {
            case null: sb.Append("null"); return;
            case string s: sb.Append('"').Append(string.Concat(s.Select(c => c < 0x20 || c > 0x7e ? $"\\u{(int)c:x4}" : c.ToString()))).Append('"'); return;
            case bool b: sb.Append(b ? "true" : "false"); return;
            case float f:
            {
                if (canon && float.IsNaN(f)) f = CanonicalAbiNaN.F32;
                sb.Append("f32:").Append(BitConverter.SingleToUInt32Bits(f).ToString("x8", CultureInfo.InvariantCulture));
                return;
            }
            case double d:
            {
                if (canon && double.IsNaN(d)) d = CanonicalAbiNaN.F64;
                sb.Append("f64:").Append(BitConverter.DoubleToUInt64Bits(d).ToString("x16", CultureInfo.InvariantCulture));
                return;
            }
            case Rune r: sb.Append("char:U+").Append(r.Value.ToString("X4", CultureInfo.InvariantCulture)); return;
            case Enum e: sb.Append(e.GetType().Name).Append(':').Append(Convert.ToUInt64(e, CultureInfo.InvariantCulture).ToString("x", CultureInfo.InvariantCulture)); return;
            case byte or sbyte or ushort or short or uint or int or ulong or long:
                sb.Append(value.GetType().Name).Append(':').Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                return;
            case ReadOnlyMemory<byte> m: sb.Append("bytes:").Append(Convert.ToHexString(m.Span)); return;
            case Unit: sb.Append("()"); return;
            case ITuple t:
                sb.Append('(');
                for (int i = 0; i < t.Length; i++)
                {
                    if (i > 0) sb.Append(", ");
                    Write(sb, t[i], canon);
                }
                sb.Append(')');
                return;
            case IEnumerable items:
            {
                sb.Append('[');
                bool first = true;
                foreach (var item in items)
                {
                    if (!first) sb.Append(", ");
                    first = false;
                    Write(sb, item, canon);
                }
                sb.Append(']');
                return;
            }
        }
        var type = value.GetType();
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Option<>))
        {
            if ((bool)type.GetProperty("HasValue")!.GetValue(value)!)
            {
                sb.Append("Some(");
                Write(sb, type.GetProperty("Value")!.GetValue(value), canon);
                sb.Append(')');
            }
            else sb.Append("None");
            return;
        }
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Result<,>))
        {
            bool ok = (bool)type.GetProperty("IsOk")!.GetValue(value)!;
            sb.Append(ok ? "Ok(" : "Err(");
            Write(sb, type.GetProperty(ok ? "OkValue" : "ErrValue")!.GetValue(value), canon);
            sb.Append(')');
            return;
        }
        // Records and variant cases: their public properties, in declaration order.
        sb.Append(type.DeclaringType is { } outer && outer != typeof(Types) ? outer.Name + "." + type.Name : type.Name).Append('{');
        bool firstProperty = true;
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.MetadataToken))
        {
            if (p.Name == "Tag" || p.GetIndexParameters().Length > 0) continue;
            if (!firstProperty) sb.Append(", ");
            firstProperty = false;
            sb.Append(p.Name).Append('=');
            Write(sb, p.GetValue(value), canon);
        }
        sb.Append('}');
    }
}
