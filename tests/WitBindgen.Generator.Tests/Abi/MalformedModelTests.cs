using System.Collections.Generic;
using System.Linq;
using WitBindgen.Generator.Abi;
using WitBindgen.Generator.Model;
using WitBindgen.Generator.Util;
using Xunit;

namespace WitBindgen.Generator.Tests.Abi;

/// <summary>Models the front end never produces (cycles, dangling ids, nulls, absurd depth): no exception, stable answers.</summary>
public class MalformedModelTests
{
    private static TypeDef Def(TypeDefKind kind) => new(null, TypeOwner.None, null, kind);
    private static TypeRef Id(int id) => TypeRef.Of(id);
    private static readonly TypeRef U8 = TypeRef.Primitive(TypeRefKind.U8);

    private static Resolve Model(params TypeDef[] types) =>
        new(EquatableArray<Package>.Empty, EquatableArray<Interface>.Empty, EquatableArray<World>.Empty, types);

    private static TypeDef Record(params TypeRef[] fields) =>
        Def(new RecordKind(fields.Select((t, i) => new Field("f" + i, null, t)).ToArray()));

    private static Resolve Cyclic() => Model(
        Record(Id(1), U8),                                      // 0 -> 1 -> 0
        Def(new OptionKind(Id(0))),                             // 1
        Def(new AliasKind(Id(2))),                              // 2 -> 2
        Def(new AliasKind(Id(99))),                             // 3: dangling
        Def(new ListKind(Id(-5))),                              // 4: dangling element
        null!,                                                  // 5: missing definition
        new TypeDef("k", TypeOwner.None, null, null!),          // 6: missing kind
        Def(new RecordKind(new Field[] { null!, new("x", null, U8) })), // 7: null field
        Def(new VariantKind(new[] { new Case("a", null, Id(8)), new Case("b", null, null) })), // 8 -> 8
        Def(new TupleKind(new[] { U8, Id(3) })),                // 9: contains a dangling one
        Def(new ResultKind(Id(10), Id(0))),                     // 10 -> 10, 0
        Def(new UnionKind(new[] { new UnionCase(null, new TypeRef((TypeRefKind)77)) })), // 11: bogus primitive
        Record(U8, TypeRef.Primitive(TypeRefKind.U64)));        // 12: fine

    [Fact]
    public void Cycles_dangling_ids_and_nulls_give_invalid_layouts_not_exceptions()
    {
        var layout = new AbiLayout(Cyclic());
        for (int id = 0; id <= 11; id++)
        {
            var l = layout.Layout(Id(id));
            Assert.False(l.IsValid, $"#{id}");
            Assert.True(l.Size >= 0 && l.Alignment >= 1 && l.Size % l.Alignment == 0, $"#{id}");
        }
        var fine = layout.Layout(Id(12));
        Assert.True(fine.IsValid);
        Assert.Equal(16, fine.Size);
        Assert.False(layout.Layout(Id(-1)).IsValid);
        Assert.False(layout.Layout(Id(1000)).IsValid);
        Assert.False(layout.Layout(new TypeRef((TypeRefKind)200)).IsValid);
    }

    [Fact]
    public void Layouts_do_not_depend_on_query_order()
    {
        var a = new AbiLayout(Cyclic());
        var b = new AbiLayout(Cyclic());
        var forward = Enumerable.Range(0, 13).Select(i => a.Layout(Id(i))).ToList();
        var backward = Enumerable.Range(0, 13).Reverse().Select(i => b.Layout(Id(i))).Reverse().ToList();
        Assert.Equal(forward, backward);
    }

    [Fact]
    public void Functions_over_broken_types_still_get_signatures()
    {
        var resolve = Cyclic();
        var layout = new AbiLayout(resolve);
        var f = new Function("f", null,
            new[] { new Param("a", Id(0)), new Param("b", Id(99)), null! },
            new FunctionResults(null, new[] { new Param("r", Id(2)), new Param("s", Id(12)) }));
        var sig = layout.For(f, isImport: true);
        Assert.NotNull(sig.ToString());
        Assert.NotNull(layout.For(f, isImport: false).ToString());
        Assert.NotNull(layout.ParamsLayout(f));
        Assert.NotNull(layout.ResultsLayout(f));
        Assert.NotNull(layout.For(new Function("g", null, default, null!), isImport: true).ToString());
    }

    [Fact]
    public void Worlds_with_unknown_interfaces_and_null_items_are_skipped()
    {
        var world = new World("w", 0, null, null,
            new[] { new WorldItem("x", null, 42, null), null!, new WorldItem("y", null, -1, null) },
            new[] { new WorldItem("z", null, 7, null) }, default);
        var resolve = new Resolve(EquatableArray<Package>.Empty, EquatableArray<Interface>.Empty, new[] { world, null! }, default);
        Assert.Empty(CoreImports.For(resolve, 0));
        Assert.Empty(CoreExports.For(resolve, 0));
        Assert.Empty(CoreImports.For(resolve, 1));
    }

    [Fact]
    public void Very_deep_nesting_does_not_overflow_the_stack()
    {
        // Each option refers to the next id, so laying out #0 walks the whole chain.
        const int depth = 50_000;
        var types = new TypeDef[depth + 1];
        for (int i = 0; i < depth; i++) types[i] = Def(new OptionKind(Id(i + 1)));
        types[depth] = Def(new AliasKind(U8));
        var layout = new AbiLayout(Model(types));
        var outer = layout.Layout(Id(0));
        Assert.True(outer.IsValid);
        Assert.Equal(depth + 1, outer.Size);
        Assert.Equal(depth + 1, outer.FlatCount);
        Assert.Equal(AbiLayout.MaxTrackedFlat, outer.Flat.Count);
        Assert.False(outer.IsFlatComplete);
    }

    [Fact]
    public void Exponential_sizes_saturate_instead_of_overflowing()
    {
        // t[i] = tuple<t[i-1], t[i-1]>: 2^60 u64s.
        var types = new List<TypeDef> { Def(new TupleKind(new[] { TypeRef.Primitive(TypeRefKind.U64) })) };
        for (int i = 1; i <= 60; i++) types.Add(Def(new TupleKind(new[] { Id(i - 1), Id(i - 1) })));
        var layout = new AbiLayout(Model(types.ToArray()));
        var top = layout.Layout(Id(60));
        Assert.True(top.Size > 0);
        Assert.Equal(0, top.Size % 8);
        Assert.Equal(int.MaxValue, top.FlatCount);
        Assert.True(top.FieldOffsets.All(o => o >= 0));
        var f = new Function("f", null, new[] { new Param("x", Id(60)) }, new FunctionResults(Id(60), default));
        Assert.Equal("(i32, i32) -> nil", layout.For(f, isImport: true).ToString());
    }

    [Fact]
    public void Empty_flags_in_a_hand_built_model()
    {
        var layout = new AbiLayout(Model(Def(new FlagsKind(EquatableArray<Flag>.Empty))));
        Assert.Equal("0/1 ()", layout.Layout(Id(0)).Shape());
    }
}
