using System;
using System.Collections.Generic;
using System.Text;
using WitBindgen.Generator.Model;
using WitBindgen.Generator.Util;

namespace WitBindgen.Generator.Abi;

/// <summary>A core WebAssembly value type, as values of the component model flatten to.</summary>
public enum CoreType : byte { I32, I64, F32, F64 }

public static class CoreTypes
{
    /// <summary>The WebAssembly text name: <c>i32</c>, <c>i64</c>, <c>f32</c>, <c>f64</c>.</summary>
    public static string Name(this CoreType type) => type switch
    {
        CoreType.I32 => "i32",
        CoreType.I64 => "i64",
        CoreType.F32 => "f32",
        CoreType.F64 => "f64",
        _ => "i32",
    };

    /// <summary>
    /// The Canonical ABI's <c>join</c> (May 2023): the core type that can carry either of two variant payload
    /// slots. Equal types stay; <c>i32</c> with <c>f32</c> is <c>i32</c>; anything else is <c>i64</c>.
    /// </summary>
    public static CoreType Join(CoreType a, CoreType b)
    {
        if (a == b) return a;
        if ((a == CoreType.I32 && b == CoreType.F32) || (a == CoreType.F32 && b == CoreType.I32)) return CoreType.I32;
        return CoreType.I64;
    }

    /// <summary><c>(i32, i64)</c>, <c>()</c> for none.</summary>
    public static string FormatList(IEnumerable<CoreType> types)
    {
        var sb = new StringBuilder("(");
        bool first = true;
        foreach (var t in types)
        {
            if (!first) sb.Append(", ");
            sb.Append(t.Name());
            first = false;
        }
        return sb.Append(')').ToString();
    }
}

/// <summary>
/// How a value of one type is laid out in linear memory and flattened to core values, by the Canonical ABI of
/// May 2023 (wit-component 0.9.0 / wit-parser 0.8).
/// </summary>
/// <param name="Size">Bytes in linear memory; always a multiple of <paramref name="Alignment"/>.</param>
/// <param name="Alignment">1, 2, 4 or 8.</param>
/// <param name="Flat">
/// The flattened core types. Exact when <paramref name="FlatCount"/> is at most <see cref="AbiLayout.MaxTrackedFlat"/>;
/// otherwise only its first <see cref="AbiLayout.MaxTrackedFlat"/> entries are kept (such a value is always passed
/// through memory, so the rest never matters).
/// </param>
/// <param name="FlatCount">How many core values the type flattens to (saturates at <see cref="int.MaxValue"/>).</param>
/// <param name="FieldOffsets">Records and tuples: the offset of each field / element, in order. Empty otherwise.</param>
/// <param name="DiscriminantSize">
/// Variants, unions, enums, options and results: the byte size of the discriminant (1, 2 or 4). 0 for other types.
/// </param>
/// <param name="PayloadOffset">Variant-like types: where a case's payload starts (after the aligned discriminant).</param>
/// <param name="IsValid">
/// False when the type could not be laid out as written: an index outside the model, a missing definition, or a
/// type that contains itself. Such a type (and anything containing it) still gets a layout, treating the
/// offending part as size 0, alignment 1, flattening to nothing; the front end reports the cause.
/// </param>
public sealed record TypeLayout(
    int Size,
    int Alignment,
    EquatableArray<CoreType> Flat,
    int FlatCount,
    EquatableArray<int> FieldOffsets,
    int DiscriminantSize,
    int PayloadOffset,
    bool IsValid)
{
    /// <summary>A variant, union, enum, option or result.</summary>
    public bool IsVariantLike => DiscriminantSize != 0;

    /// <summary>Whether <see cref="Flat"/> holds every flattened value.</summary>
    public bool IsFlatComplete => FlatCount == Flat.Count;

    internal static readonly TypeLayout Invalid = new(0, 1, EquatableArray<CoreType>.Empty, 0,
        EquatableArray<int>.Empty, 0, 0, false);
}

/// <summary>
/// The core-wasm signature of a component function as a guest sees it: what a guest imports (<c>canon lower</c>)
/// or exports (<c>canon lift</c>).
/// </summary>
/// <param name="Params">The core parameters, including a trailing return pointer when <paramref name="ReturnPointer"/>.</param>
/// <param name="Results">The core results: none, or one.</param>
/// <param name="IndirectParams">
/// The parameters flatten to more than <see cref="AbiLayout.MaxFlatParams"/> values, so the function takes one
/// <c>i32</c> pointer to them, laid out as a tuple in guest memory (see <see cref="AbiLayout.ParamsLayout"/>).
/// For an import the guest stores them; for an export the host allocates the area with the guest's
/// <c>cabi_realloc</c> and stores them.
/// </param>
/// <param name="ReturnPointer">
/// Imports only: the results flatten to more than <see cref="AbiLayout.MaxFlatResults"/> value, so the guest
/// passes a last <c>i32</c> parameter pointing at an area it owns, where the callee stores the results
/// (laid out as <see cref="AbiLayout.ResultsLayout"/>); <paramref name="Results"/> is empty.
/// </param>
/// <param name="IndirectResults">
/// Exports only: the results flatten to more than one value, so the export returns one <c>i32</c> pointer to them
/// in guest memory (laid out as <see cref="AbiLayout.ResultsLayout"/>); the guest may export
/// <c>cabi_post_&lt;name&gt;</c> to free it once the host has read it.
/// </param>
public sealed record CoreSignature(
    EquatableArray<CoreType> Params,
    EquatableArray<CoreType> Results,
    bool IsImport,
    bool IndirectParams,
    bool ReturnPointer,
    bool IndirectResults)
{
    /// <summary><c>(i32, i64, i32) -&gt; nil</c>, <c>() -&gt; i64</c>: as in the lines of core-abi.txt after the name.</summary>
    public override string ToString()
    {
        string results = Results.Count switch
        {
            0 => "nil",
            1 => Results[0].Name(),
            _ => CoreTypes.FormatList(Results),
        };
        return CoreTypes.FormatList(Params) + " -> " + results;
    }

    /// <summary><c>streams.read (i32, i64, i32) -&gt; nil</c>: a whole line of core-abi.txt.</summary>
    public string ToString(string module, string name) => module + "." + name + " " + ToString();
}

/// <summary>
/// Sizes, alignments, offsets and flattenings of the types of one <see cref="Model.Resolve"/>, by the Canonical
/// ABI of May 2023, memoized per type id. Never throws, whatever the model: unknown ids, missing definitions and
/// cycles give layouts marked <see cref="TypeLayout.IsValid"/> = false. Not thread-safe.
/// </summary>
public sealed class AbiLayout
{
    /// <summary>More flat parameters than this and they are passed through memory.</summary>
    public const int MaxFlatParams = 16;

    /// <summary>More flat results than this and they are passed through memory.</summary>
    public const int MaxFlatResults = 1;

    /// <summary>How many flattened values a layout keeps (see <see cref="TypeLayout.Flat"/>).</summary>
    public const int MaxTrackedFlat = 256;

    private static readonly EquatableArray<CoreType> FlatI32 = new[] { CoreType.I32 };
    private static readonly EquatableArray<CoreType> FlatI64 = new[] { CoreType.I64 };
    private static readonly EquatableArray<CoreType> FlatF32 = new[] { CoreType.F32 };
    private static readonly EquatableArray<CoreType> FlatF64 = new[] { CoreType.F64 };
    private static readonly EquatableArray<CoreType> FlatPtrLen = new[] { CoreType.I32, CoreType.I32 };

    private static readonly TypeLayout[] PrimitiveLayouts = BuildPrimitives();

    private readonly TypeLayout?[] _layouts;
    private readonly byte[] _state; // 0 = not computed, 1 = being computed (on the DFS stack), 2 = done

    public AbiLayout(Resolve resolve)
    {
        Resolve = resolve;
        int count = resolve?.Types.Count ?? 0;
        _layouts = new TypeLayout?[count];
        _state = new byte[count];
        // Lay out every type in id order up front: with cycles, which member is reached first decides where a
        // cycle is cut, and doing it in a fixed order makes every layout a function of the model alone.
        for (int i = 0; i < count; i++) Ensure(i);
    }

    public Resolve Resolve { get; }

    // ---- per type ----

    public TypeLayout Layout(TypeRef type)
    {
        if (type.Kind != TypeRefKind.Id)
        {
            int k = (int)type.Kind;
            return k >= 0 && k < PrimitiveLayouts.Length ? PrimitiveLayouts[k] : TypeLayout.Invalid;
        }
        if (type.Id < 0 || type.Id >= _layouts.Length) return TypeLayout.Invalid;
        return _layouts[type.Id] ?? TypeLayout.Invalid;
    }

    public int Size(TypeRef type) => Layout(type).Size;
    public int Alignment(TypeRef type) => Layout(type).Alignment;
    public EquatableArray<CoreType> Flat(TypeRef type) => Layout(type).Flat;
    public int FlatCount(TypeRef type) => Layout(type).FlatCount;
    public EquatableArray<int> FieldOffsets(TypeRef type) => Layout(type).FieldOffsets;
    public int DiscriminantSize(TypeRef type) => Layout(type).DiscriminantSize;
    public int PayloadOffset(TypeRef type) => Layout(type).PayloadOffset;

    /// <summary>
    /// Bytes of the discriminant of a variant-like type with this many cases: 1 up to 256 cases, 2 up to 65536,
    /// else 4 (wit-parser's <c>discriminant_type</c>; 0 cases count as 1 byte).
    /// </summary>
    public static int DiscriminantSizeFor(long caseCount) =>
        caseCount <= 256 ? 1 : caseCount <= 65536 ? 2 : 4;

    /// <summary>Flags: byte size (0 for none, 1 up to 8, 2 up to 16, then 4 per started 32).</summary>
    public static int FlagsSize(int count) =>
        count <= 0 ? 0 : count <= 8 ? 1 : count <= 16 ? 2 : Clamp(4L * FlagsWords(count));

    /// <summary>Flags: how many <c>i32</c> values they flatten to (⌈n/32⌉).</summary>
    public static int FlagsWords(int count) => count <= 0 ? 0 : (int)(((long)count + 31) / 32);

    // ---- sequences and functions ----

    /// <summary>The layout of a tuple of these types (how parameters or results are laid out in memory).</summary>
    public TypeLayout TupleOf(IEnumerable<TypeRef> types)
    {
        var parts = new List<TypeLayout>();
        if (types is not null)
            foreach (var t in types) parts.Add(Layout(t));
        return RecordOf(parts, true);
    }

    /// <summary>The flattened values of these types, one after another (exact up to <see cref="MaxTrackedFlat"/>).</summary>
    public EquatableArray<CoreType> FlattenAll(IEnumerable<TypeRef> types, out int count) =>
        Concat(ToLayouts(types), out count);

    /// <summary>The parameters of a function laid out as a tuple: what an indirect parameter pointer points at.</summary>
    public TypeLayout ParamsLayout(Function function) => TupleOf(ParamTypes(function));

    /// <summary>The results of a function laid out as a tuple: what a return pointer points at.</summary>
    public TypeLayout ResultsLayout(Function function) => TupleOf(ResultTypes(function));

    /// <summary>
    /// The core signature of a function: as the guest imports it (<paramref name="isImport"/>, <c>canon lower</c>)
    /// or exports it (<c>canon lift</c>), with the spilling rules of MAX_FLAT_PARAMS = 16 and MAX_FLAT_RESULTS = 1.
    /// </summary>
    public CoreSignature For(Function function, bool isImport)
    {
        var flatParams = FlattenAll(ParamTypes(function), out int paramCount);
        var flatResults = FlattenAll(ResultTypes(function), out int resultCount);

        bool indirectParams = paramCount > MaxFlatParams;
        var parameters = new List<CoreType>(indirectParams ? FlatI32 : flatParams);
        EquatableArray<CoreType> results = flatResults;
        bool returnPointer = false, indirectResults = false;
        if (resultCount > MaxFlatResults)
        {
            if (isImport)
            {
                parameters.Add(CoreType.I32);
                results = EquatableArray<CoreType>.Empty;
                returnPointer = true;
            }
            else
            {
                results = FlatI32;
                indirectResults = true;
            }
        }
        return new CoreSignature(parameters.ToArray(), results, isImport, indirectParams, returnPointer, indirectResults);
    }

    private static IEnumerable<TypeRef> ParamTypes(Function? function)
    {
        if (function is null) yield break;
        foreach (var p in function.Params)
            if (p is not null) yield return p.Type;
    }

    private static IEnumerable<TypeRef> ResultTypes(Function? function)
    {
        var results = function?.Results;
        if (results is null) yield break;
        if (results.Anonymous is { } anonymous)
        {
            yield return anonymous;
            yield break;
        }
        foreach (var p in results.Named)
            if (p is not null) yield return p.Type;
    }

    private List<TypeLayout> ToLayouts(IEnumerable<TypeRef>? types)
    {
        var list = new List<TypeLayout>();
        if (types is not null)
            foreach (var t in types) list.Add(Layout(t));
        return list;
    }

    // ---- computing ----

    /// <summary>Lays out <paramref name="root"/> and everything it depends on, children first, without recursion.</summary>
    private void Ensure(int root)
    {
        if (_state[root] != 0) return;
        var stack = new Stack<(int Id, List<int> Children, int Next)>();
        _state[root] = 1;
        stack.Push((root, ChildIds(root), 0));
        while (stack.Count > 0)
        {
            var (id, children, next) = stack.Pop();
            if (next < children.Count)
            {
                stack.Push((id, children, next + 1));
                int child = children[next];
                if (_state[child] == 0)
                {
                    _state[child] = 1;
                    stack.Push((child, ChildIds(child), 0));
                }
                continue;
            }
            TypeLayout layout;
            try
            {
                layout = Compute(Resolve.Types[id]);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                layout = TypeLayout.Invalid; // a malformed hand-built model (null members and the like)
            }
            _layouts[id] = layout;
            _state[id] = 2;
        }
    }

    /// <summary>The type definitions a definition's layout depends on (indices inside the arena only).</summary>
    private List<int> ChildIds(int id)
    {
        var ids = new List<int>();
        try
        {
            AddChildren(id, ids);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // a malformed hand-built model: Compute marks the type invalid
        }
        return ids;
    }

    private void AddChildren(int id, List<int> ids)
    {
        foreach (var r in TypeDefs.Children(Resolve.Types[id]))
            if (r.Kind == TypeRefKind.Id && r.Id >= 0 && r.Id < _layouts.Length) ids.Add(r.Id);
    }

    /// <summary>A child's layout: one still being computed is on a cycle and counts as invalid.</summary>
    private TypeLayout Child(TypeRef type)
    {
        if (type.Kind == TypeRefKind.Id && type.Id >= 0 && type.Id < _layouts.Length && _state[type.Id] != 2)
            return TypeLayout.Invalid;
        return Layout(type);
    }

    private TypeLayout Compute(TypeDef? def)
    {
        switch (def?.Kind)
        {
            case AliasKind a:
                return Child(a.Target);
            case RecordKind r:
            {
                var parts = new List<TypeLayout>(r.Fields.Count);
                bool valid = true;
                foreach (var f in r.Fields)
                {
                    if (f is null) { valid = false; continue; }
                    parts.Add(Child(f.Type));
                }
                return Valid(RecordOf(parts, true), valid);
            }
            case TupleKind t:
            {
                var parts = new List<TypeLayout>(t.Types.Count);
                foreach (var e in t.Types) parts.Add(Child(e));
                return RecordOf(parts, true);
            }
            case FlagsKind f:
            {
                int n = f.Flags.Count;
                int size = FlagsSize(n);
                int words = FlagsWords(n);
                return new TypeLayout(size, size switch { 0 => 1, 1 => 1, 2 => 2, _ => 4 },
                    Repeat(CoreType.I32, words), words, EquatableArray<int>.Empty, 0, 0, true);
            }
            case EnumKind e:
                return VariantOf(e.Cases.Count, Array.Empty<TypeLayout>(), true);
            case VariantKind v:
            {
                var payloads = new List<TypeLayout>();
                bool valid = true;
                foreach (var c in v.Cases)
                {
                    if (c is null) valid = false;
                    else if (c.Type is { } t) payloads.Add(Child(t));
                }
                return VariantOf(v.Cases.Count, payloads, valid);
            }
            case UnionKind u:
            {
                var payloads = new List<TypeLayout>();
                bool valid = true;
                foreach (var c in u.Cases)
                {
                    if (c is null) valid = false;
                    else payloads.Add(Child(c.Type));
                }
                return VariantOf(u.Cases.Count, payloads, valid);
            }
            case OptionKind o:
                return VariantOf(2, new[] { Child(o.Type) }, true);
            case ResultKind res:
            {
                var payloads = new List<TypeLayout>(2);
                if (res.Ok is { } ok) payloads.Add(Child(ok));
                if (res.Err is { } err) payloads.Add(Child(err));
                return VariantOf(2, payloads, true);
            }
            case ListKind l:
                return new TypeLayout(8, 4, FlatPtrLen, 2, EquatableArray<int>.Empty, 0, 0, Child(l.Element).IsValid);
            case ResourceKind:
            case HandleKind:
                // A handle is an i32 index into a table (own<r> when a resource is named by itself).
                return new TypeLayout(4, 4, FlatI32, 1, EquatableArray<int>.Empty, 0, 0, true);
            case FutureKind:
            case StreamKind:
                // Not part of the May-2023 ABI proper; wit-parser of the time lays them out as an i32 index.
                return new TypeLayout(4, 4, FlatI32, 1, EquatableArray<int>.Empty, 0, 0, true);
            default:
                return TypeLayout.Invalid;
        }
    }

    private static TypeLayout Valid(TypeLayout layout, bool valid) =>
        valid || !layout.IsValid ? layout : layout with { IsValid = false };

    /// <summary>size_record / alignment_record / flatten_record (empty: size 0, alignment 1, nothing).</summary>
    private static TypeLayout RecordOf(IReadOnlyList<TypeLayout> fields, bool valid)
    {
        long size = 0;
        int align = 1;
        var offsets = new int[fields.Count];
        for (int i = 0; i < fields.Count; i++)
        {
            var f = fields[i];
            size = Clamp(AlignTo(size, f.Alignment));
            offsets[i] = (int)size;
            size = Clamp(size + f.Size);
            align = Math.Max(align, f.Alignment);
            valid &= f.IsValid;
        }
        size = Clamp(AlignTo(size, align));
        var flat = Concat(fields, out int flatCount);
        return new TypeLayout((int)size, align, flat, flatCount, offsets, 0, 0, valid);
    }

    /// <summary>size_variant / alignment_variant / flatten_variant over the cases that have payloads.</summary>
    private static TypeLayout VariantOf(long caseCount, IReadOnlyList<TypeLayout> payloads, bool valid)
    {
        int discriminant = DiscriminantSizeFor(caseCount);
        int maxCaseAlign = 1;
        long maxCaseSize = 0;
        int flatCount = 0;
        var flat = new List<CoreType>();
        foreach (var p in payloads)
        {
            maxCaseAlign = Math.Max(maxCaseAlign, p.Alignment);
            maxCaseSize = Math.Max(maxCaseSize, p.Size);
            flatCount = Math.Max(flatCount, p.FlatCount);
            for (int i = 0; i < p.Flat.Count; i++)
            {
                if (i < flat.Count) flat[i] = CoreTypes.Join(flat[i], p.Flat[i]);
                else flat.Add(p.Flat[i]);
            }
            valid &= p.IsValid;
        }
        int align = Math.Max(discriminant, maxCaseAlign);
        long payloadOffset = AlignTo(discriminant, maxCaseAlign);
        long size = Clamp(AlignTo(Clamp(payloadOffset + maxCaseSize), align));
        flat.Insert(0, CoreType.I32);
        if (flat.Count > MaxTrackedFlat) flat.RemoveRange(MaxTrackedFlat, flat.Count - MaxTrackedFlat);
        return new TypeLayout((int)size, align, flat.ToArray(), SaturatingAdd(flatCount, 1),
            EquatableArray<int>.Empty, discriminant, (int)payloadOffset, valid);
    }

    private static EquatableArray<CoreType> Concat(IReadOnlyList<TypeLayout> parts, out int count)
    {
        var flat = new List<CoreType>();
        count = 0;
        foreach (var p in parts)
        {
            count = SaturatingAdd(count, p.FlatCount);
            for (int i = 0; i < p.Flat.Count && flat.Count < MaxTrackedFlat; i++) flat.Add(p.Flat[i]);
        }
        return flat.ToArray();
    }

    private static EquatableArray<CoreType> Repeat(CoreType type, int count)
    {
        var items = new CoreType[Math.Min(count, MaxTrackedFlat)];
        for (int i = 0; i < items.Length; i++) items[i] = type;
        return items;
    }

    private static long AlignTo(long offset, int alignment) =>
        alignment <= 1 ? offset : (offset + alignment - 1) / alignment * alignment;

    /// <summary>Sizes saturate (at a multiple of 8 below 2³¹) rather than overflow; no real type comes near.</summary>
    private static int Clamp(long value) => value > MaxSize ? MaxSize : value < 0 ? 0 : (int)value;

    private const int MaxSize = int.MaxValue - 7;

    private static int SaturatingAdd(int a, int b)
    {
        long sum = (long)a + b;
        return sum > int.MaxValue ? int.MaxValue : (int)sum;
    }

    private static TypeLayout[] BuildPrimitives()
    {
        var layouts = new TypeLayout[(int)TypeRefKind.Id];
        TypeLayout Scalar(int size, EquatableArray<CoreType> flat) =>
            new(size, size, flat, flat.Count, EquatableArray<int>.Empty, 0, 0, true);
        layouts[(int)TypeRefKind.Bool] = Scalar(1, FlatI32);
        layouts[(int)TypeRefKind.U8] = Scalar(1, FlatI32);
        layouts[(int)TypeRefKind.S8] = Scalar(1, FlatI32);
        layouts[(int)TypeRefKind.U16] = Scalar(2, FlatI32);
        layouts[(int)TypeRefKind.S16] = Scalar(2, FlatI32);
        layouts[(int)TypeRefKind.U32] = Scalar(4, FlatI32);
        layouts[(int)TypeRefKind.S32] = Scalar(4, FlatI32);
        layouts[(int)TypeRefKind.U64] = Scalar(8, FlatI64);
        layouts[(int)TypeRefKind.S64] = Scalar(8, FlatI64);
        layouts[(int)TypeRefKind.Float32] = Scalar(4, FlatF32);
        layouts[(int)TypeRefKind.Float64] = Scalar(8, FlatF64);
        layouts[(int)TypeRefKind.Char] = Scalar(4, FlatI32);
        layouts[(int)TypeRefKind.String] = new(8, 4, FlatPtrLen, 2, EquatableArray<int>.Empty, 0, 0, true);
        return layouts;
    }
}
