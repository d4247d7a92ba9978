using System.Linq;
using WitBindgen.Generator.Abi;
using WitBindgen.Generator.Model;
using WitBindgen.Generator.Tests.FrontEnd;
using Xunit;

namespace WitBindgen.Generator.Tests.Abi;

/// <summary>Layouts computed by hand from the Canonical ABI of May 2023 (definitions.py / wit-parser 0.8).</summary>
public class AbiLayoutTests
{
    [Theory]
    [InlineData(TypeRefKind.Bool, "1/1 (i32)")]
    [InlineData(TypeRefKind.U8, "1/1 (i32)")]
    [InlineData(TypeRefKind.S8, "1/1 (i32)")]
    [InlineData(TypeRefKind.U16, "2/2 (i32)")]
    [InlineData(TypeRefKind.S16, "2/2 (i32)")]
    [InlineData(TypeRefKind.U32, "4/4 (i32)")]
    [InlineData(TypeRefKind.S32, "4/4 (i32)")]
    [InlineData(TypeRefKind.U64, "8/8 (i64)")]
    [InlineData(TypeRefKind.S64, "8/8 (i64)")]
    [InlineData(TypeRefKind.Float32, "4/4 (f32)")]
    [InlineData(TypeRefKind.Float64, "8/8 (f64)")]
    [InlineData(TypeRefKind.Char, "4/4 (i32)")]
    [InlineData(TypeRefKind.String, "8/4 (i32, i32)")]
    public void Primitives(TypeRefKind kind, string shape)
    {
        var layout = new AbiLayout(new Resolve(default, default, default, default)).Layout(TypeRef.Primitive(kind));
        Assert.Equal(shape, layout.Shape());
        Assert.Empty(layout.FieldOffsets);
        Assert.Equal(0, layout.DiscriminantSize);
        Assert.False(layout.IsVariantLike);
    }

    [Fact]
    public void Primitives_by_name_through_aliases()
    {
        var m = AbiTest.Interface("type c = char\n type s = string\n type f = float32\n type g = float64\n type b = bool\n type a = c");
        Assert.Equal("4/4 (i32)", m.Of("c").Shape());
        Assert.Equal("4/4 (i32)", m.Of("a").Shape());
        Assert.Equal("8/4 (i32, i32)", m.Of("s").Shape());
        Assert.Equal("4/4 (f32)", m.Of("f").Shape());
        Assert.Equal("8/8 (f64)", m.Of("g").Shape());
        Assert.Equal("1/1 (i32)", m.Of("b").Shape());
    }

    [Fact]
    public void Records_with_padding()
    {
        var m = AbiTest.Interface("""
            record p { a: u8, b: u32, c: u16, d: u64, e: u8 }
            record q { a: u16, b: u8 }
            record n { x: u8, y: q, z: float32 }
            record s { a: u8, b: string, c: bool }
            """);
        var p = m.Of("p");
        Assert.Equal("32/8 (i32, i32, i32, i64, i32)", p.Shape());
        Assert.Equal(new[] { 0, 4, 8, 16, 24 }, p.FieldOffsets);
        var q = m.Of("q");
        Assert.Equal("4/2 (i32, i32)", q.Shape());
        Assert.Equal(new[] { 0, 2 }, q.FieldOffsets);
        var n = m.Of("n");
        Assert.Equal("12/4 (i32, i32, i32, f32)", n.Shape());
        Assert.Equal(new[] { 0, 2, 8 }, n.FieldOffsets);
        var s = m.Of("s");
        Assert.Equal("16/4 (i32, i32, i32, i32)", s.Shape());
        Assert.Equal(new[] { 0, 4, 12 }, s.FieldOffsets);
        Assert.Equal(0, p.DiscriminantSize);
    }

    [Fact]
    public void Empty_record_is_size_0_align_1_and_flattens_to_nothing()
    {
        var m = AbiTest.Interface("record e {}\n record h { a: u8, e: e, b: u8 }\n type o = option<e>");
        var e = m.Of("e");
        Assert.Equal("0/1 ()", e.Shape());
        Assert.Empty(e.FieldOffsets);
        var h = m.Of("h");
        Assert.Equal("2/1 (i32, i32)", h.Shape());
        Assert.Equal(new[] { 0, 1, 1 }, h.FieldOffsets);
        var o = m.Of("o");
        Assert.Equal("1/1 (i32)", o.Shape());
        Assert.Equal(1, o.PayloadOffset);
    }

    [Fact]
    public void Tuples()
    {
        var m = AbiTest.Interface("type t = tuple<u8, u64, string, float32>\n type u = tuple<>\n type v = tuple<u16, tuple<u8, u8>, u8>");
        var t = m.Of("t");
        Assert.Equal("32/8 (i32, i64, i32, i32, f32)", t.Shape());
        Assert.Equal(new[] { 0, 8, 16, 24 }, t.FieldOffsets);
        Assert.Equal("0/1 ()", m.Of("u").Shape());
        var v = m.Of("v");
        Assert.Equal("6/2 (i32, i32, i32, i32)", v.Shape());
        Assert.Equal(new[] { 0, 2, 4 }, v.FieldOffsets);
    }

    [Theory]
    [InlineData(1, "1/1 (i32)", 1)]
    [InlineData(2, "1/1 (i32)", 1)]
    [InlineData(255, "1/1 (i32)", 1)]
    [InlineData(256, "1/1 (i32)", 1)]
    [InlineData(257, "2/2 (i32)", 2)]
    public void Enums(int cases, string shape, int discriminant)
    {
        var names = string.Join(", ", Enumerable.Range(0, cases).Select(i => "c" + i));
        var e = AbiTest.Interface($"enum e {{ {names} }}").Of("e");
        Assert.Equal(shape, e.Shape());
        Assert.Equal(discriminant, e.DiscriminantSize);
        Assert.Equal(discriminant, e.PayloadOffset);
        Assert.True(e.IsVariantLike);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(256, 1)]
    [InlineData(257, 2)]
    [InlineData(65536, 2)]
    [InlineData(65537, 4)]
    [InlineData(int.MaxValue, 4)]
    public void Discriminant_sizes(long cases, int size) => Assert.Equal(size, AbiLayout.DiscriminantSizeFor(cases));

    [Theory]
    [InlineData(1, "1/1 (i32)")]
    [InlineData(8, "1/1 (i32)")]
    [InlineData(9, "2/2 (i32)")]
    [InlineData(16, "2/2 (i32)")]
    [InlineData(17, "4/4 (i32)")]
    [InlineData(32, "4/4 (i32)")]
    [InlineData(33, "8/4 (i32, i32)")]
    [InlineData(64, "8/4 (i32, i32)")]
    [InlineData(65, "12/4 (i32, i32, i32)")]
    public void Flags(int count, string shape)
    {
        var names = string.Join(", ", Enumerable.Range(0, count).Select(i => "f" + i));
        var f = AbiTest.Interface($"flags f {{ {names} }}").Of("f");
        Assert.Equal(shape, f.Shape());
        Assert.Equal(0, f.DiscriminantSize);
        Assert.Empty(f.FieldOffsets);
    }

    [Fact]
    public void Flags_helpers()
    {
        Assert.Equal(0, AbiLayout.FlagsSize(0));
        Assert.Equal(0, AbiLayout.FlagsWords(0));
        Assert.Equal(1, AbiLayout.FlagsWords(32));
        Assert.Equal(2, AbiLayout.FlagsWords(33));
        Assert.Equal(12, AbiLayout.FlagsSize(96));
        Assert.Equal(16, AbiLayout.FlagsSize(97));
    }

    [Fact]
    public void Variants_join_payload_slots()
    {
        var m = AbiTest.Interface("""
            variant v { a(u32), b(float32), c(u64), d(float64), e(string), f }
            variant w { a(u32), b(float32) }
            variant x { a(float32), b(float32) }
            variant y { a(float32), b(float64) }
            variant z { a(float32), b(u64) }
            variant n { a, b, c }
            variant s { a(u8), b(tuple<u8, u16>) }
            """);
        var v = m.Of("v");
        Assert.Equal("16/8 (i32, i64, i32)", v.Shape());
        Assert.Equal(1, v.DiscriminantSize);
        Assert.Equal(8, v.PayloadOffset);
        var w = m.Of("w");
        Assert.Equal("8/4 (i32, i32)", w.Shape());
        Assert.Equal(4, w.PayloadOffset);
        Assert.Equal("8/4 (i32, f32)", m.Of("x").Shape());
        Assert.Equal("16/8 (i32, i64)", m.Of("y").Shape());
        Assert.Equal("16/8 (i32, i64)", m.Of("z").Shape());
        var n = m.Of("n");
        Assert.Equal("1/1 (i32)", n.Shape());
        Assert.Equal(1, n.PayloadOffset);
        var s = m.Of("s");
        Assert.Equal("6/2 (i32, i32, i32)", s.Shape());
        Assert.Equal(2, s.PayloadOffset);
    }

    [Fact]
    public void Join_table()
    {
        var all = new[] { CoreType.I32, CoreType.I64, CoreType.F32, CoreType.F64 };
        foreach (var a in all)
            foreach (var b in all)
            {
                var expected = a == b ? a
                    : (a, b) is (CoreType.I32, CoreType.F32) or (CoreType.F32, CoreType.I32) ? CoreType.I32
                    : CoreType.I64;
                Assert.Equal(expected, CoreTypes.Join(a, b));
                Assert.Equal(CoreTypes.Join(a, b), CoreTypes.Join(b, a));
            }
    }

    [Fact]
    public void Nested_options()
    {
        var m = AbiTest.Interface("type o = option<u8>\n type oo = option<option<u8>>\n type ol = option<u64>\n type os = option<string>");
        var o = m.Of("o");
        Assert.Equal("2/1 (i32, i32)", o.Shape());
        Assert.Equal(1, o.PayloadOffset);
        var oo = m.Of("oo");
        Assert.Equal("3/1 (i32, i32, i32)", oo.Shape());
        Assert.Equal(1, oo.DiscriminantSize);
        Assert.Equal(1, oo.PayloadOffset);
        Assert.Equal("16/8 (i32, i64)", m.Of("ol").Shape());
        Assert.Equal("12/4 (i32, i32, i32)", m.Of("os").Shape());
    }

    [Fact]
    public void Results_of_all_four_shapes()
    {
        var m = AbiTest.Interface("""
            type r0 = result
            type r1 = result<u64>
            type r2 = result<_, string>
            type r3 = result<u8, float64>
            type r4 = result<float32, u32>
            type r5 = result<string, tuple<u8, u8, u8>>
            """);
        var r0 = m.Of("r0");
        Assert.Equal("1/1 (i32)", r0.Shape());
        Assert.Equal(1, r0.PayloadOffset);
        var r1 = m.Of("r1");
        Assert.Equal("16/8 (i32, i64)", r1.Shape());
        Assert.Equal(8, r1.PayloadOffset);
        var r2 = m.Of("r2");
        Assert.Equal("12/4 (i32, i32, i32)", r2.Shape());
        Assert.Equal(4, r2.PayloadOffset);
        var r3 = m.Of("r3");
        Assert.Equal("16/8 (i32, i64)", r3.Shape());
        Assert.Equal(8, r3.PayloadOffset);
        Assert.Equal("8/4 (i32, i32)", m.Of("r4").Shape());
        Assert.Equal("12/4 (i32, i32, i32, i32)", m.Of("r5").Shape());
        Assert.All(new[] { r0, r1, r2, r3 }, r => Assert.Equal(1, r.DiscriminantSize));
    }

    [Fact]
    public void Unions_lay_out_like_variants()
    {
        var m = AbiTest.Interface("union u { s32, float32, string }\n union d { u8, float64 }\n union f { float32, float32 }");
        var u = m.Of("u");
        Assert.Equal("12/4 (i32, i32, i32)", u.Shape());
        Assert.Equal(1, u.DiscriminantSize);
        Assert.Equal(4, u.PayloadOffset);
        Assert.Equal("16/8 (i32, i64)", m.Of("d").Shape());
        Assert.Equal("8/4 (i32, f32)", m.Of("f").Shape());
    }

    [Fact]
    public void Lists_and_strings_are_pointer_and_length()
    {
        var m = AbiTest.Interface("type l = list<u64>\n type ll = list<list<string>>\n record r { a: u8, l: list<u8> }");
        Assert.Equal("8/4 (i32, i32)", m.Of("l").Shape());
        Assert.Equal("8/4 (i32, i32)", m.Of("ll").Shape());
        var r = m.Of("r");
        Assert.Equal("12/4 (i32, i32, i32)", r.Shape());
        Assert.Equal(new[] { 0, 4 }, r.FieldOffsets);
    }

    [Fact]
    public void Layouts_are_memoized_per_type()
    {
        var m = AbiTest.Interface("record p { a: u8, b: u64 }");
        Assert.Same(m.Of("p"), m.Of("p"));
    }

    // ---- function signatures ----

    private static string Params(int count, string type = "u32") =>
        string.Join(", ", Enumerable.Range(0, count).Select(i => $"p{i}: {type}"));

    [Fact]
    public void Sixteen_flat_params_are_passed_directly_seventeen_through_memory()
    {
        var m = AbiTest.Interface($"""
            f16: func({Params(16)})
            f17: func({Params(17)})
            g: func({Params(8, "string")})
            h: func({Params(8, "string")}, x: u8)
            """);
        foreach (var isImport in new[] { true, false })
        {
            var f16 = m.Sig("f16", isImport);
            Assert.Equal(16, f16.Params.Count);
            Assert.False(f16.IndirectParams);
            var f17 = m.Sig("f17", isImport);
            Assert.Equal("(i32) -> nil", f17.ToString());
            Assert.True(f17.IndirectParams);
            Assert.False(m.Sig("g", isImport).IndirectParams);
            Assert.Equal("(i32) -> nil", m.Sig("h", isImport).ToString());
        }
        var area = m.Layout.ParamsLayout(m.Resolve.Interface("i").Func("h"));
        Assert.Equal(68, area.Size);
        Assert.Equal(4, area.Alignment);
        Assert.Equal(64, area.FieldOffsets[8]);
    }

    [Fact]
    public void Two_flat_results_use_a_return_pointer_on_import_and_a_returned_pointer_on_export()
    {
        var m = AbiTest.Interface($"""
            one: func() -> u64
            two: func() -> tuple<u32, u32>
            named: func(x: float32) -> (a: u32, b: float32)
            both: func({Params(17)}) -> string
            none: func()
            """);
        Assert.Equal("() -> i64", m.Sig("one", true).ToString());
        Assert.Equal("() -> i64", m.Sig("one", false).ToString());

        var imported = m.Sig("two", true);
        Assert.Equal("(i32) -> nil", imported.ToString());
        Assert.True(imported.ReturnPointer);
        Assert.False(imported.IndirectResults);
        Assert.True(imported.IsImport);
        var exported = m.Sig("two", false);
        Assert.Equal("() -> i32", exported.ToString());
        Assert.True(exported.IndirectResults);
        Assert.False(exported.ReturnPointer);

        Assert.Equal("(f32, i32) -> nil", m.Sig("named", true).ToString());
        Assert.Equal("(f32) -> i32", m.Sig("named", false).ToString());
        var results = m.Layout.ResultsLayout(m.Resolve.Interface("i").Func("named"));
        Assert.Equal(new[] { 0, 4 }, results.FieldOffsets);
        Assert.Equal(8, results.Size);

        var both = m.Sig("both", true);
        Assert.Equal("(i32, i32) -> nil", both.ToString());
        Assert.True(both.IndirectParams && both.ReturnPointer);
        Assert.Equal("(i32) -> i32", m.Sig("both", false).ToString());

        Assert.Equal("() -> nil", m.Sig("none", true).ToString());
        Assert.Equal("streams.none () -> nil", m.Sig("none", true).ToString("streams", "none"));
    }
}
