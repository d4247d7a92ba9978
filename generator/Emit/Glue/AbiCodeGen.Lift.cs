using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using WitBindgen.Generator.Abi;
using WitBindgen.Generator.Model;

namespace WitBindgen.Generator.Emit.Glue;

/// <summary>Lifting: from flat core values and guest memory to C# values.</summary>
internal sealed partial class AbiCodeGen
{
    // ---- lifting from flat values ----

    /// <summary>
    /// A C# expression for a value lifted from flat core values. <paramref name="borrowBytes"/>: a top-level
    /// import parameter, where <c>list&lt;u8&gt;</c> is a span over guest memory.
    /// </summary>
    public string LiftFlat(TypeRef type, FlatValues values, bool borrowBytes = false)
    {
        var u = _plan.Unalias(type);
        switch (u.Kind)
        {
            case TypeRefKind.Bool: return $"{values.Next().Expr} != 0";
            case TypeRefKind.U8: return $"unchecked((byte){values.Next().Expr})";
            case TypeRefKind.S8: return $"unchecked((sbyte){values.Next().Expr})";
            case TypeRefKind.U16: return $"unchecked((ushort){values.Next().Expr})";
            case TypeRefKind.S16: return $"unchecked((short){values.Next().Expr})";
            case TypeRefKind.U32: return $"unchecked((uint){values.Next().Expr})";
            case TypeRefKind.S32: return values.Next().Expr;
            case TypeRefKind.U64: return $"unchecked((ulong){values.Next().Expr})";
            case TypeRefKind.S64: return values.Next().Expr;
            case TypeRefKind.Float32:
            case TypeRefKind.Float64: return $"{Abi}.CanonicalizeNaN({values.Next().Expr})";
            case TypeRefKind.Char: return $"{Abi}.LiftChar({values.Next().Expr}, fn)";
            case TypeRefKind.String:
            {
                var p = values.Next().Expr;
                var l = values.Next().Expr;
                return $"{Abi}.LiftString(mem, {p}, {l}, fn)";
            }
        }

        var def = Def(u);
        switch (def?.Kind)
        {
            case HandleKind or ResourceKind:
                return LiftHandle(u, values.Next().Expr, "mem");
            case ListKind list:
            {
                var p = values.Next().Expr;
                var l = values.Next().Expr;
                if (IsBytes(u))
                {
                    return borrowBytes
                        ? $"{Abi}.ByteList(mem, {p}, {l}, fn)"
                        : $"{Abi}.CopyBytes(mem, {p}, {l}, fn)";
                }
                return $"{LiftList(u, list)}(mem, {p}, {l}, fn)";
            }
            case RecordKind record:
                return $"new {Cs(u)}({string.Join(", ", record.Fields.Select(f => LiftFlat(f.Type, values)))})";
            case TupleKind tuple:
                return Tuple(u, tuple.Types.Select(t => LiftFlat(t, values)).ToList());
            case EnumKind e:
            {
                var d = values.Next().Expr;
                return $"(uint)({d}) < {N(e.Cases.Count)} ? ({Cs(u)})({d}) : throw {Abi}.BadDiscriminant(fn, {Lit(WitName(u))}, {d}, {N(e.Cases.Count)})";
            }
            case FlagsKind flags:
                return FlagsFromWords(u, flags.Flags.Count, values.Take(AbiLayout.FlagsWords(flags.Flags.Count)).Select(v => v.Expr).ToList());
            case VariantKind or UnionKind when _plan.Declared(u.Id) is not null:
            {
                // A named variant is lifted by a helper of its own: tcp and udp take ip-socket-address in many functions.
                var flat = _layout.Flat(u);
                var args = values.Take(flat.Count).Select((v, i) => FlatValues.FromJoined(v.Expr, v.Type, flat[i])).ToList();
                if (NeedsAlloc(u)) args.Insert(0, "mem");
                args.Add("fn");
                return $"{LiftFlatHelper(u)}({string.Join(", ", args)})";
            }
            case VariantKind or UnionKind or OptionKind or ResultKind:
                return LiftFlatCases(u, values);
            default:
                return $"default({Cs(u)})!";
        }
    }

    private string LiftFlatHelper(TypeRef u)
    {
        var name = "LiftFlat" + HelperName(u);
        return Helper(name, w =>
        {
            var flat = _layout.Flat(u);
            var parameters = flat.Select((t, i) => $"{FlatValues.CSharp(t)} f{N(i)}").ToList();
            if (NeedsAlloc(u)) parameters.Insert(0, $"{Mem} mem");
            parameters.Add("string fn");
            w.Open($"internal static {Cs(u)} {name}({string.Join(", ", parameters)})");
            w.Line($"return {LiftFlatCases(u, new FlatValues(flat.Select((t, i) => ("f" + N(i), t)).ToList()))};");
            w.Close();
        });
    }

    /// <summary>A switch expression over the discriminant that lifts each case's payload from the joined slots.</summary>
    private string LiftFlatCases(TypeRef u, FlatValues values)
    {
        var flat = _layout.Flat(u);
        var d = values.Next().Expr;
        var slots = values.Take(Math.Max(0, flat.Count - 1));
        var arms = new List<string>();
        foreach (var c in Cases(u))
        {
            string? payload = null;
            if (c.Payload is { } p)
            {
                var want = _layout.Flat(p);
                var coerced = new List<(string, CoreType)>();
                for (int i = 0; i < want.Count && i < slots.Count; i++)
                    coerced.Add((FlatValues.FromJoined(slots[i].Expr, slots[i].Type, want[i]), want[i]));
                payload = LiftFlat(p, new FlatValues(coerced));
            }
            arms.Add($"{N(c.Index)} => {Construct(u, c, payload)}");
        }
        arms.Add($"_ => throw {Abi}.BadDiscriminant(fn, {Lit(WitName(u))}, {d}, {N(arms.Count)})");
        return $"({d}) switch {{ {string.Join(", ", arms)} }}";
    }

    private string Tuple(TypeRef unaliased, List<string> elements)
    {
        var cs = Cs(unaliased);
        if (elements.Count == 0) return $"default({cs})";
        if (elements.Count == 1) return $"new {cs}({elements[0]})";
        return $"(({cs})({string.Join(", ", elements)}))";
    }

    private string FlagsFromWords(TypeRef unaliased, int count, IReadOnlyList<string> words)
    {
        var cs = Cs(unaliased);
        if (count <= 32)
        {
            var width = count <= 8 ? "byte" : count <= 16 ? "ushort" : "uint";
            return $"({cs})unchecked(({width})((uint)({words[0]}) & {Mask(count, 0)}))";
        }
        if (count <= 64)
            return $"({cs})((ulong)((uint)({words[0]})) | ((ulong)((uint)({words[1]}) & {Mask(count, 1)}) << 32))";
        var items = words.Select((wd, i) => $"(uint)({wd}) & {Mask(count, i)}");
        return $"new {cs}(new uint[] {{ {string.Join(", ", items)} }})";
    }

    /// <summary>The bits of word <paramref name="word"/> that flags of <paramref name="count"/> members use.</summary>
    private static string Mask(int count, int word)
    {
        int bits = Math.Min(32, count - word * 32);
        return bits >= 32 ? "0xFFFFFFFFu" : "0x" + ((1u << bits) - 1).ToString("X", CultureInfo.InvariantCulture) + "u";
    }

    // ---- loading from memory ----

    /// <summary>Reads an i32 of guest memory (a pointer or length of a string or list) at <paramref name="pointer"/>.</summary>
    public string I32(string pointer) => $"mem.ReadInt32({pointer})";

    /// <summary>A C# expression for a value loaded from guest memory at <paramref name="pointer"/> (already bounds-checked).</summary>
    public string Load(TypeRef type, string pointer)
    {
        var u = _plan.Unalias(type);
        switch (u.Kind)
        {
            case TypeRefKind.Bool: return $"mem[{pointer}] != 0";
            case TypeRefKind.U8: return $"mem[{pointer}]";
            case TypeRefKind.S8: return $"unchecked((sbyte)mem[{pointer}])";
            case TypeRefKind.U16: return $"mem.ReadUInt16({pointer})";
            case TypeRefKind.S16: return $"mem.ReadInt16({pointer})";
            case TypeRefKind.U32: return $"mem.ReadUInt32({pointer})";
            case TypeRefKind.S32: return I32(pointer);
            case TypeRefKind.U64: return $"mem.ReadUInt64({pointer})";
            case TypeRefKind.S64: return $"mem.ReadInt64({pointer})";
            case TypeRefKind.Float32: return $"{Abi}.CanonicalizeNaN(mem.ReadSingle({pointer}))";
            case TypeRefKind.Float64: return $"{Abi}.CanonicalizeNaN(mem.ReadDouble({pointer}))";
            case TypeRefKind.Char: return $"{Abi}.LiftChar({I32(pointer)}, fn)";
            case TypeRefKind.String: return $"{Abi}.LiftString(mem, {I32(pointer)}, {I32(Plus(pointer, 4))}, fn)";
        }
        var def = Def(u);
        if (def?.Kind is ListKind list)
        {
            if (IsBytes(u))
                return $"{Abi}.CopyBytes(mem, {I32(pointer)}, {I32(Plus(pointer, 4))}, fn)";
            return $"{LiftList(u, list)}(mem, {I32(pointer)}, {I32(Plus(pointer, 4))}, fn)";
        }
        if (def is null) return $"default({Cs(u)})!";
        if (def.Kind is HandleKind or ResourceKind) return LiftHandle(u, I32(pointer), "mem");
        return $"{LoadHelper(u, def)}(mem, {pointer}, fn)";
    }

    private string ReadDiscriminant(int size, string pointer) => size switch
    {
        1 => $"(uint)mem[{pointer}]",
        2 => $"(uint)mem.ReadUInt16({pointer})",
        _ => $"mem.ReadUInt32({pointer})",
    };

    /// <summary>The type of <c>mem</c>: a bounds-checked view of all of guest memory, up to 4 GiB.</summary>
    public string Mem => _file.Known("WitBindgen.Runtime.Abi", "GuestMemory");

    private string LoadHelper(TypeRef u, TypeDef def)
    {
        var name = "Load" + HelperName(u);
        return Helper(name, w =>
        {
            var cs = Cs(u);
            w.Open($"internal static {cs} {name}({Mem} mem, int ptr, string fn)");
            var layout = _layout.Layout(u);
            switch (def.Kind)
            {
                case RecordKind record:
                {
                    var offsets = layout.FieldOffsets;
                    var fields = record.Fields.Select((f, i) => Load(f.Type, Plus("ptr", i < offsets.Count ? offsets[i] : 0))).ToList();
                    w.Line(fields.Count <= 1
                        ? $"return new {cs}({string.Join(", ", fields)});"
                        : $"return new {cs}(");
                    if (fields.Count > 1)
                    {
                        w.Indent();
                        for (int i = 0; i < fields.Count; i++) w.Line(fields[i] + (i == fields.Count - 1 ? ");" : ","));
                        w.Dedent();
                    }
                    break;
                }
                case TupleKind tuple:
                {
                    var offsets = layout.FieldOffsets;
                    w.Line($"return {Tuple(u, tuple.Types.Select((t, i) => Load(t, Plus("ptr", i < offsets.Count ? offsets[i] : 0))).ToList())};");
                    break;
                }
                case EnumKind e:
                    w.Line($"uint d = {ReadDiscriminant(layout.DiscriminantSize, "ptr")};");
                    w.Line($"return d < {N(e.Cases.Count)} ? ({cs})d : throw {Abi}.BadDiscriminant(fn, {Lit(WitName(u))}, d, {N(e.Cases.Count)});");
                    break;
                case FlagsKind flags:
                {
                    int count = flags.Flags.Count;
                    var words = new List<string>();
                    if (count <= 8) words.Add("mem[ptr]");
                    else if (count <= 16) words.Add("mem.ReadUInt16(ptr)");
                    else for (int i = 0; i < AbiLayout.FlagsWords(count); i++) words.Add($"mem.ReadUInt32({Plus("ptr", i * 4)})");
                    w.Line($"return {FlagsFromWords(u, count, words)};");
                    break;
                }
                case VariantKind or UnionKind or OptionKind or ResultKind:
                {
                    var cases = Cases(u);
                    w.Line($"uint d = {ReadDiscriminant(layout.DiscriminantSize, "ptr")};");
                    w.Open("return d switch");
                    foreach (var c in cases)
                    {
                        var payload = c.Payload is { } p ? Load(p, Plus("ptr", layout.PayloadOffset)) : null;
                        w.Line($"{N(c.Index)} => {Construct(u, c, payload)},");
                    }
                    w.Line($"_ => throw {Abi}.BadDiscriminant(fn, {Lit(WitName(u))}, d, {N(cases.Count)}),");
                    w.Close("};");
                    break;
                }
                default:
                    w.Line($"return default({cs})!;");
                    break;
            }
            w.Close();
        });
    }

    private string LiftList(TypeRef u, ListKind list)
    {
        var name = "LiftList" + HelperName(u);
        return Helper(name, w =>
        {
            var element = Cs(list.Element);
            var size = _layout.Size(list.Element);
            var align = _layout.Alignment(list.Element);
            w.Open($"internal static {_file.Known("System.Collections.Generic", "IReadOnlyList")}<{element}> {name}({Mem} mem, int ptr, int count, string fn)");
            w.Line($"{Abi}.CheckList(mem, ptr, count, {N(size)}, {N(align)}, fn);");
            w.Line($"if (count == 0) return {_file.Known("System", "Array")}.Empty<{element}>();");
            w.Line($"var items = new {ArrayOf(element)};");
            w.Open("for (int i = 0; i < items.Length; i++)");
            w.Line($"items[i] = {Load(list.Element, $"unchecked(ptr + i * {N(size)})")};");
            w.Close();
            w.Line("return items;");
            w.Close();
        });
    }

    /// <summary><c>new T[count]</c>, where T may itself be an array or nullable type.</summary>
    private static string ArrayOf(string element)
    {
        // For T = X[] the array is X[count][]; nothing we emit is an array type, so plain form works.
        return element.EndsWith("?", StringComparison.Ordinal) && !element.Contains("<")
            ? element.Substring(0, element.Length - 1) + "?[count]"
            : element.Contains("(") ? $"{element}[count]" : $"{element}[count]";
    }
}
