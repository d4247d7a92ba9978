using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using WitBindgen.Generator.Abi;
using WitBindgen.Generator.Model;

namespace WitBindgen.Generator.Emit.Glue;

/// <summary>
/// Writes the canonical ABI's lifting and lowering as C#: from flat core values and guest memory to C# values
/// (<see cref="LiftFlat"/>, <see cref="Load"/>) and back (<see cref="LowerFlat"/>, <see cref="Store"/>).
/// Generated code has these locals in scope: <c>mem</c> (the guest memory span, when lifting), <c>ctx</c> (the
/// <c>GuestContext</c>, when lowering) and <c>fn</c> (the function's name, for trap messages). Compound types get
/// helper methods, written by <see cref="WriteHelpers"/>.
/// </summary>
internal sealed partial class AbiCodeGen
{
    private readonly EmitPlan _plan;
    private readonly TypeReferences _refs;
    private readonly AbiLayout _layout;
    private readonly FileContext _file;
    private readonly Dictionary<int, bool> _needsAlloc = new();
    private readonly string _helperClass;
    private int _temp;

    public AbiCodeGen(EmitPlan plan, TypeReferences refs, AbiLayout layout, FileContext file, string helperClass)
    {
        _helperClass = helperClass;
        _plan = plan;
        _refs = refs;
        _layout = layout;
        _file = file;
    }

    public AbiLayout Layout => _layout;

    public string Cs(TypeRef type) => _refs.Of(type, Scope.Namespace, _file);

    public string Abi => _file.Known("WitBindgen.Runtime.Abi", "CanonicalAbi");
    private string Trap => _file.Known("WitBindgen.Runtime.Abi", "WitTrapException");
    private string Ctx => _file.Known("WitBindgen.Runtime.Abi", "GuestContext");

    /// <summary>A fresh local name; the leading '_' keeps it apart from parameter names, which come from WIT.</summary>
    public string Temp(string prefix) => "_" + prefix + (++_temp).ToString(CultureInfo.InvariantCulture);

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A pointer plus an offset, wrapping as the guest's 32-bit addresses do (above 2 GiB the int is negative), even where the consumer compiles checked.</summary>
    private static string Plus(string pointer, int offset)
    {
        if (offset == 0) return pointer;
        // Fold into an offset already added: unchecked(p + 8) plus 8 is unchecked(p + 16).
        var folded = System.Text.RegularExpressions.Regex.Match(pointer, @"^unchecked\((\w+) \+ (\d+)\)$");
        if (folded.Success) return $"unchecked({folded.Groups[1].Value} + {N(long.Parse(folded.Groups[2].Value, CultureInfo.InvariantCulture) + offset)})";
        return $"unchecked({pointer} + {N(offset)})";
    }

    private static string Lit(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    // ---- what a type is ----

    private TypeDef? Def(TypeRef unaliased) => unaliased.IsId ? _plan.Def(unaliased) : null;

    private bool IsBytes(TypeRef type) => _refs.IsByteList(type);

    /// <summary>The WIT name of a type for messages: its name, or its kind.</summary>
    private string WitName(TypeRef type)
    {
        var u = _plan.Unalias(type);
        if (u.IsPrimitive) return u.Kind.ToString().ToLowerInvariant();
        var def = Def(u);
        return def?.Name ?? def?.Kind switch
        {
            OptionKind => "option",
            ResultKind => "result",
            ListKind => "list",
            TupleKind => "tuple",
            _ => "type",
        };
    }

    /// <summary>Whether lowering the type allocates in the guest (it holds a string or a list).</summary>
    public bool NeedsAlloc(TypeRef type)
    {
        var u = _plan.Unalias(type);
        if (u.Kind == TypeRefKind.String) return true;
        if (u.IsPrimitive) return false;
        if (_needsAlloc.TryGetValue(u.Id, out var known)) return known;
        _needsAlloc[u.Id] = false; // a cycle (already reported) must not recurse forever
        var def = Def(u);
        bool result = def?.Kind switch
        {
            ListKind => true,
            HandleKind or ResourceKind => true,   // not an allocation, but lifting and lowering it needs the context
            null => false,
            _ => EmitPlan.Children(def).Any(NeedsAlloc),
        };
        _needsAlloc[u.Id] = result;
        return result;
    }

    // ---- cases of variant-like types ----

    private sealed record CaseInfo(int Index, TypeRef? Payload, string Name);

    private List<CaseInfo> Cases(TypeRef unaliased)
    {
        var def = Def(unaliased);
        var members = _plan.Declared(unaliased.Id)?.Members;
        string Member(int i, string fallback) => members is not null && i < members.Count ? members[i] : fallback;
        switch (def?.Kind)
        {
            case VariantKind v:
                return v.Cases.Select((c, i) => new CaseInfo(i, c.Type, Member(i, Naming.Pascal(c.Name)))).ToList();
            case UnionKind u:
                return u.Cases.Select((c, i) => new CaseInfo(i, c.Type, Member(i, "Case" + N(i)))).ToList();
            case OptionKind o:
                return new List<CaseInfo> { new(0, null, "None"), new(1, o.Type, "Some") };
            case ResultKind r:
                return new List<CaseInfo> { new(0, r.Ok, "Ok"), new(1, r.Err, "Err") };
            default:
                return new List<CaseInfo>();
        }
    }

    private bool IsNestedOption(OptionKind option) => _plan.Def(_plan.Unalias(option.Type)) is { Kind: OptionKind };

    /// <summary>The C# expression that builds case <paramref name="c"/> of a variant-like value.</summary>
    private string Construct(TypeRef unaliased, CaseInfo c, string? payload)
    {
        var cs = Cs(unaliased);
        switch (Def(unaliased)?.Kind)
        {
            case OptionKind option:
                if (IsNestedOption(option)) return c.Index == 0 ? $"{cs}.None" : $"{cs}.Some({payload})";
                return c.Index == 0 ? $"({cs})null" : $"({cs})({payload})";
            case ResultKind:
                return c.Index == 0 ? $"{cs}.Ok({payload ?? "default"})" : $"{cs}.Err({payload ?? "default"})";
            default:
                return c.Payload is null ? $"({cs}){cs}.{c.Name}.Instance" : $"({cs})new {cs}.{c.Name}({payload})";
        }
    }

    /// <summary>
    /// Writes a branch per case of <paramref name="value"/>: <paramref name="body"/> gets the case and an expression
    /// for its payload (null without one). A null variant (from an implementation) traps.
    /// </summary>
    private void SwitchOnCase(CodeWriter w, TypeRef unaliased, string value, Action<CaseInfo, string?> body)
    {
        var cases = Cases(unaliased);
        var cs = Cs(unaliased);
        switch (Def(unaliased)?.Kind)
        {
            case OptionKind option:
            {
                var x = Temp("some");
                w.Open(IsNestedOption(option) ? $"if ({value}.TryGetValue(out var {x}))" : $"if ({value} is {{ }} {x})");
                body(cases[1], x);
                w.Close();
                w.Open("else");
                body(cases[0], null);
                w.Close();
                return;
            }
            case ResultKind:
            {
                w.Open($"if ({value}.IsOk)");
                body(cases[0], cases[0].Payload is null ? null : $"{value}.OkValue");
                w.Close();
                w.Open("else");
                body(cases[1], cases[1].Payload is null ? null : $"{value}.ErrValue");
                w.Close();
                return;
            }
            default:
            {
                w.Open($"switch ({value})");
                foreach (var c in cases)
                {
                    var x = Temp("c");
                    w.Open($"case {cs}.{c.Name} {x}:");
                    body(c, c.Payload is null ? null : $"{x}.Value");
                    w.Line("break;");
                    w.Close();
                }
                w.Line($"default: throw new {Trap}($\"{{fn}}: a null {WitName(unaliased)} cannot be passed to the guest\");");
                w.Close();
                return;
            }
        }
    }

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

    // ---- storing into memory ----

    private void WriteDiscriminant(CodeWriter w, int size, string pointer, string value, string mem)
    {
        switch (size)
        {
            case 1: w.Line($"{mem}[{pointer}] = (byte)({value});"); break;
            case 2: w.Line($"{mem}.WriteUInt16({pointer}, (ushort)({value}));"); break;
            default: w.Line($"{mem}.WriteUInt32({pointer}, (uint)({value}));"); break;
        }
    }

    /// <summary>Stores a value that needs no allocation into <paramref name="mem"/> (a span local).</summary>
    /// <param name="inHelper">Writing the body of the type's own <see cref="WriteHelper"/>.</param>
    private void StoreDirect(CodeWriter w, TypeRef type, string pointer, string value, string mem, bool inHelper = false)
    {
        var u = _plan.Unalias(type);
        switch (u.Kind)
        {
            case TypeRefKind.Bool: w.Line($"{mem}[{pointer}] = {value} ? (byte)1 : (byte)0;"); return;
            case TypeRefKind.U8: w.Line($"{mem}[{pointer}] = {value};"); return;
            case TypeRefKind.S8: w.Line($"{mem}[{pointer}] = unchecked((byte){value});"); return;
            case TypeRefKind.U16: w.Line($"{mem}.WriteUInt16({pointer}, {value});"); return;
            case TypeRefKind.S16: w.Line($"{mem}.WriteInt16({pointer}, {value});"); return;
            case TypeRefKind.U32: w.Line($"{mem}.WriteUInt32({pointer}, {value});"); return;
            case TypeRefKind.S32: w.Line($"{mem}.WriteInt32({pointer}, {value});"); return;
            case TypeRefKind.U64: w.Line($"{mem}.WriteUInt64({pointer}, {value});"); return;
            case TypeRefKind.S64: w.Line($"{mem}.WriteInt64({pointer}, {value});"); return;
            case TypeRefKind.Float32: w.Line($"{mem}.WriteSingle({pointer}, {Abi}.CanonicalizeNaN({value}));"); return;
            case TypeRefKind.Float64: w.Line($"{mem}.WriteDouble({pointer}, {Abi}.CanonicalizeNaN({value}));"); return;
            case TypeRefKind.Char: w.Line($"{mem}.WriteInt32({pointer}, {value}.Value);"); return;
        }
        var def = Def(u);
        var layout = _layout.Layout(u);
        if (def?.Kind is HandleKind or ResourceKind)
        {
            w.Line($"{mem}.WriteInt32({pointer}, {LowerHandle(u, value, mem + ".Resources")});");
            return;
        }
        if (def?.Kind is RecordKind or VariantKind or UnionKind or OptionKind or ResultKind or TupleKind && !inHelper)
        {
            // A compound type is written by a helper of its own (one per structure), called wherever the type is stored.
            w.Line($"{WriteHelper(u)}({mem}, {pointer}, {value}, fn);");
            return;
        }
        switch (def?.Kind)
        {
            case RecordKind record:
            {
                var members = _plan.Declared(u.Id)?.Members;
                for (int i = 0; i < record.Fields.Count; i++)
                {
                    var member = members is not null && i < members.Count ? members[i] : Naming.Pascal(record.Fields[i].Name);
                    StoreDirect(w, record.Fields[i].Type, Plus(pointer, Offset(layout, i)), $"{value}.{member}", mem);
                }
                return;
            }
            case TupleKind tuple:
                for (int i = 0; i < tuple.Types.Count; i++)
                    StoreDirect(w, tuple.Types[i], Plus(pointer, Offset(layout, i)), $"{value}.Item{N(i + 1)}", mem);
                return;
            case EnumKind e:
                WriteDiscriminant(w, layout.DiscriminantSize, pointer, $"{Abi}.CheckCase((uint){value}, {N(e.Cases.Count)}, fn, {Lit(WitName(u))})", mem);
                return;
            case FlagsKind flags:
            {
                var words = FlagWords(u, flags.Flags.Count, value);
                int count = flags.Flags.Count;
                if (count <= 8) w.Line($"{mem}[{pointer}] = unchecked((byte){words[0]});");
                else if (count <= 16) w.Line($"{mem}.WriteUInt16({pointer}, unchecked((ushort){words[0]}));");
                else for (int i = 0; i < words.Count; i++) w.Line($"{mem}.WriteInt32({Plus(pointer, i * 4)}, {words[i]});");
                return;
            }
            case VariantKind or UnionKind or OptionKind or ResultKind:
                SwitchOnCase(w, u, value, (c, payload) =>
                {
                    WriteDiscriminant(w, layout.DiscriminantSize, pointer, N(c.Index), mem);
                    if (c.Payload is { } p && payload is not null) StoreDirect(w, p, Plus(pointer, layout.PayloadOffset), payload, mem);
                });
                return;
        }
    }

    private bool IsCompound(TypeRef type) =>
        Def(_plan.Unalias(type))?.Kind is RecordKind or VariantKind or UnionKind or OptionKind or ResultKind or TupleKind;

    private string WriteHelper(TypeRef u)
    {
        var name = "Write" + HelperName(u);
        return Helper(name, w =>
        {
            w.Open($"internal static void {name}({Mem} mem, int ptr, {Cs(u)} value, string fn)");
            StoreDirect(w, u, "ptr", "value", "mem", inHelper: true);
            w.Close();
        });
    }

    private static int Offset(TypeLayout layout, int index) => index < layout.FieldOffsets.Count ? layout.FieldOffsets[index] : 0;

    /// <summary>The i32 words (as C# int expressions) of a flags value, masked to the members that exist.</summary>
    private List<string> FlagWords(TypeRef unaliased, int count, string value)
    {
        var words = new List<string>();
        if (count <= 32) words.Add($"unchecked((int)((uint){value} & {Mask(count, 0)}))");
        else if (count <= 64)
        {
            words.Add($"unchecked((int)(uint)(ulong){value})");
            words.Add($"unchecked((int)((uint)((ulong){value} >> 32) & {Mask(count, 1)}))");
        }
        else
        {
            for (int i = 0; i < AbiLayout.FlagsWords(count); i++)
                words.Add($"{Abi}.FlagWord({value}.Words, {N(i)}, {Mask(count, i)})");
        }
        return words;
    }

    /// <summary>
    /// Stores an import's results at the guest's return pointer after the implementation returned, as <c>canon lower</c>
    /// does: the pointer is checked first (before any allocation), and results that need no allocation are written
    /// through one view of memory (<paramref name="memDeclared"/>: a <c>mem</c> local exists already).
    /// </summary>
    public void StoreResults(CodeWriter w, IReadOnlyList<(TypeRef Type, string Value, int Offset)> fields, string pointer, TypeLayout layout, bool memDeclared)
    {
        if (fields.Count == 1 && fields[0].Offset == 0 && !NeedsAlloc(fields[0].Type) && IsCompound(fields[0].Type))
        {
            // One compound result: its write helper over the checked area, one view of memory.
            var u = _plan.Unalias(fields[0].Type);
            w.Line($"{WriteHelper(u)}({Abi}.ResultArea(ctx.View, {pointer}, {N(layout.Size)}, {N(layout.Alignment)}, fn), {pointer}, {fields[0].Value}, fn);");
            return;
        }
        if (!fields.Any(f => NeedsAlloc(f.Type)))
        {
            w.Line($"{(memDeclared ? "" : Mem + " ")}mem = ctx.View;");
            w.Line($"{Abi}.CheckRange(mem, {pointer}, {N(layout.Size)}, {N(layout.Alignment)}, fn);");
            foreach (var f in fields) StoreDirect(w, f.Type, Plus(pointer, f.Offset), f.Value, "mem");
            return;
        }
        w.Line($"{Abi}.CheckRange(ctx.View, {pointer}, {N(layout.Size)}, {N(layout.Alignment)}, fn);");
        foreach (var f in fields) Store(w, f.Type, Plus(pointer, f.Offset), f.Value);
    }

    /// <summary>Stores a value at <paramref name="pointer"/>, allocating its strings and lists first.</summary>
    public void Store(CodeWriter w, TypeRef type, string pointer, string value)
    {
        var u = _plan.Unalias(type);
        if (!NeedsAlloc(u))
        {
            var m = Temp("m");
            w.OpenBlock();
            w.Line($"var {m} = ctx.View;");
            StoreDirect(w, u, pointer, value, m);
            w.Close();
            return;
        }
        if (LowerCall(u, value) is { } call)
        {
            w.Line($"{Abi}.StorePair(ctx, {pointer}, {call});");   // allocated first, then written through a fresh view
            return;
        }
        w.Line($"{StoreHelper(u)}(ctx, {pointer}, {value}, fn);");
    }

    /// <summary>For a string or list: lowers it (allocating) into two locals and returns them; null for other types.</summary>
    private (string Pointer, string Length)? LowerPair(CodeWriter w, TypeRef unaliased, string value)
    {
        if (LowerCall(unaliased, value) is not { } call) return null;
        var p = Temp("ptr");
        var l = Temp("len");
        w.Line($"var ({p}, {l}) = {call};");
        return (p, l);
    }

    /// <summary>For a string or list: the call that lowers it (allocating), giving its pointer and length; null for other types.</summary>
    private string? LowerCall(TypeRef unaliased, string value)
    {
        if (unaliased.Kind == TypeRefKind.String) return $"{Abi}.LowerString(ctx, {value}, fn)";
        if (Def(unaliased)?.Kind is ListKind list)
            return IsBytes(unaliased) ? $"{Abi}.LowerBytes(ctx, {value}.Span, fn)" : $"{LowerList(unaliased, list)}(ctx, {value}, fn)";
        return null;
    }

    private string StoreHelper(TypeRef u)
    {
        var name = "Store" + HelperName(u);
        return Helper(name, w =>
        {
            var def = Def(u);
            var layout = _layout.Layout(u);
            w.Open($"internal static void {name}({Ctx} ctx, int ptr, {Cs(u)} value, string fn)");
            switch (def?.Kind)
            {
                case RecordKind or TupleKind:
                {
                    var fields = new List<(TypeRef Type, string Value, int Offset)>();
                    if (def.Kind is RecordKind record)
                    {
                        var members = _plan.Declared(u.Id)?.Members;
                        for (int i = 0; i < record.Fields.Count; i++)
                            fields.Add((record.Fields[i].Type, "value." + (members is not null && i < members.Count ? members[i] : Naming.Pascal(record.Fields[i].Name)), Offset(layout, i)));
                    }
                    else if (def.Kind is TupleKind tuple)
                    {
                        for (int i = 0; i < tuple.Types.Count; i++) fields.Add((tuple.Types[i], $"value.Item{N(i + 1)}", Offset(layout, i)));
                    }
                    // Allocate first, in field order (as the ABI does), then write with one fresh view of memory.
                    var pairs = new Dictionary<int, (string, string)>();
                    for (int i = 0; i < fields.Count; i++)
                    {
                        var f = fields[i];
                        if (!NeedsAlloc(f.Type)) continue;
                        if (LowerPair(w, _plan.Unalias(f.Type), f.Value) is { } pair) pairs[i] = pair;
                        else Store(w, f.Type, Plus("ptr", f.Offset), f.Value);
                    }
                    w.Line("var mem = ctx.View;");
                    for (int i = 0; i < fields.Count; i++)
                    {
                        var f = fields[i];
                        if (pairs.TryGetValue(i, out var pair))
                        {
                            w.Line($"mem.WriteInt32({Plus("ptr", f.Offset)}, {pair.Item1});");
                            w.Line($"mem.WriteInt32({Plus("ptr", f.Offset + 4)}, {pair.Item2});");
                        }
                        else if (!NeedsAlloc(f.Type)) StoreDirect(w, f.Type, Plus("ptr", f.Offset), f.Value, "mem");
                    }
                    break;
                }
                case VariantKind or UnionKind or OptionKind or ResultKind:
                    SwitchOnCase(w, u, "value", (c, payload) =>
                    {
                        var at = Plus("ptr", layout.PayloadOffset);
                        if (c.Payload is { } p && payload is not null && NeedsAlloc(p)) Store(w, p, at, payload);
                        var m = Temp("m");
                        w.Line($"var {m} = ctx.View;");
                        WriteDiscriminant(w, layout.DiscriminantSize, "ptr", N(c.Index), m);
                        if (c.Payload is { } q && payload is not null && !NeedsAlloc(q)) StoreDirect(w, q, at, payload, m);
                    });
                    break;
                default:
                    StoreDirectWithSpan(w, u);
                    break;
            }
            w.Close();
        });
    }

    private void StoreDirectWithSpan(CodeWriter w, TypeRef u)
    {
        w.Line("var mem = ctx.View;");
        StoreDirect(w, u, "ptr", "value", "mem");
    }

    private string LowerList(TypeRef u, ListKind list)
    {
        var name = "LowerList" + HelperName(u);
        return Helper(name, w =>
        {
            var element = Cs(list.Element);
            var size = _layout.Size(list.Element);
            var align = _layout.Alignment(list.Element);
            w.Open($"internal static (int, int) {name}({Ctx} ctx, {_file.Known("System.Collections.Generic", "IReadOnlyList")}<{element}> items, string fn)");
            w.Line("int count = items.Count;");
            w.Line($"int ptr = {Abi}.AllocateList(ctx, count, {N(size)}, {N(align)}, fn);");
            if (NeedsAlloc(list.Element))
            {
                w.Open("for (int i = 0; i < count; i++)");
                Store(w, list.Element, $"unchecked(ptr + i * {N(size)})", "items[i]");
                w.Close();
            }
            else
            {
                w.Line("var mem = ctx.View;");
                w.Open("for (int i = 0; i < count; i++)");
                StoreDirect(w, list.Element, $"unchecked(ptr + i * {N(size)})", "items[i]", "mem");
                w.Close();
            }
            w.Line("return (ptr, count);");
            w.Close();
        });
    }

    // ---- lowering to flat values ----

    /// <summary>
    /// Writes the statements that lower <paramref name="value"/> to flat core values and returns expressions for
    /// them, in their natural core types.
    /// </summary>
    public List<(string Expr, CoreType Type)> LowerFlat(CodeWriter w, TypeRef type, string value)
    {
        var u = _plan.Unalias(type);
        switch (u.Kind)
        {
            case TypeRefKind.Bool: return One($"({value} ? 1 : 0)", CoreType.I32);
            case TypeRefKind.U8:
            case TypeRefKind.S8:
            case TypeRefKind.U16:
            case TypeRefKind.S16: return One($"(int){value}", CoreType.I32);
            case TypeRefKind.U32: return One($"unchecked((int){value})", CoreType.I32);
            case TypeRefKind.S32: return One(value, CoreType.I32);
            case TypeRefKind.U64: return One($"unchecked((long){value})", CoreType.I64);
            case TypeRefKind.S64: return One(value, CoreType.I64);
            case TypeRefKind.Float32: return One($"{Abi}.CanonicalizeNaN({value})", CoreType.F32);
            case TypeRefKind.Float64: return One($"{Abi}.CanonicalizeNaN({value})", CoreType.F64);
            case TypeRefKind.Char: return One($"{value}.Value", CoreType.I32);
        }
        if (LowerPair(w, u, value) is { } pair)
            return new List<(string, CoreType)> { (pair.Pointer, CoreType.I32), (pair.Length, CoreType.I32) };

        var def = Def(u);
        var result = new List<(string, CoreType)>();
        switch (def?.Kind)
        {
            case HandleKind or ResourceKind:
                return One(LowerHandle(u, value, "ctx.Resources"), CoreType.I32);
            case RecordKind record:
            {
                var members = _plan.Declared(u.Id)?.Members;
                for (int i = 0; i < record.Fields.Count; i++)
                {
                    var member = members is not null && i < members.Count ? members[i] : Naming.Pascal(record.Fields[i].Name);
                    result.AddRange(LowerFlat(w, record.Fields[i].Type, $"{value}.{member}"));
                }
                return result;
            }
            case TupleKind tuple:
                for (int i = 0; i < tuple.Types.Count; i++) result.AddRange(LowerFlat(w, tuple.Types[i], $"{value}.Item{N(i + 1)}"));
                return result;
            case EnumKind e:
                return One($"(int){Abi}.CheckCase((uint){value}, {N(e.Cases.Count)}, fn, {Lit(WitName(u))})", CoreType.I32);
            case FlagsKind flags:
                return FlagWords(u, flags.Flags.Count, value).Select(x => (x, CoreType.I32)).ToList();
            case VariantKind or UnionKind or OptionKind or ResultKind:
            {
                var joined = _layout.Flat(u);
                var locals = new List<(string, CoreType)>();
                foreach (var t in joined)
                {
                    var local = Temp("v");
                    w.Line($"{FlatValues.CSharp(t)} {local} = 0;");
                    locals.Add((local, t));
                }
                SwitchOnCase(w, u, value, (c, payload) =>
                {
                    if (locals.Count > 0) w.Line($"{locals[0].Item1} = {N(c.Index)};");
                    if (c.Payload is not { } p || payload is null) return;
                    var flat = LowerFlat(w, p, payload);
                    for (int i = 0; i < flat.Count && i + 1 < locals.Count; i++)
                        w.Line($"{locals[i + 1].Item1} = {FlatValues.ToJoined(flat[i].Expr, flat[i].Type, locals[i + 1].Item2)};");
                });
                return locals;
            }
            default:
                return result;
        }
    }

    private static List<(string, CoreType)> One(string expr, CoreType type) => new() { (expr, type) };

    // ---- resource handles (of imported resources: the host's objects in the guest's resource table) ----

    /// <summary>
    /// An <c>own&lt;r&gt;</c> from the guest takes the object out of the table (the guest gave it up); a
    /// <c>borrow&lt;r&gt;</c> lends it for the call. <paramref name="mem"/> is a view of the guest's memory.
    /// </summary>
    private string LiftHandle(TypeRef unaliased, string handle, string mem)
    {
        // A resource the guest exports: its own handle leaves the guest's table for a wrapper the host holds.
        if (_plan.ExportedResourceOf(unaliased) is { } exported)
            return $"{Cs(exported)}.Lift({mem}.ExportedResources, {handle}, fn)";
        bool own = Def(unaliased)?.Kind is not HandleKind { IsOwn: false };
        return $"{mem}.Resources.{(own ? "Take" : "Borrow")}<{Cs(unaliased)}>({handle}, fn)";
    }

    /// <summary>An <c>own&lt;r&gt;</c> to the guest: a new handle in its table.</summary>
    private string LowerHandle(TypeRef unaliased, string value, string table)
    {
        // A resource the guest exports: an own moves the wrapper into a new handle; a borrow is the representation itself.
        if (_plan.IsExportedResource(unaliased))
        {
            var exportedTable = table.Substring(0, table.Length - ".Resources".Length) + ".ExportedResources";
            bool own = Def(unaliased)?.Kind is not HandleKind { IsOwn: false };
            return $"{value}.{(own ? "Move" : "Lend")}({exportedTable}, fn)";
        }
        // A borrow of the host's object goes only to a function the guest exports (results cannot borrow): lent for the call.
        bool lent = Def(unaliased)?.Kind is HandleKind { IsOwn: false };
        return $"{table}.{(lent ? "Lend" : "Insert")}<{Cs(unaliased)}>({value}, fn)";
    }
}
