using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using WitBindgen.Generator.Abi;
using WitBindgen.Generator.Model;

namespace WitBindgen.Generator.Emit.Glue;

/// <summary>Lowering: from C# values to flat core values and guest memory, allocating strings and lists in the guest.</summary>
internal sealed partial class AbiCodeGen
{
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
        // Checked before the allocations, against memory as it was (as canon lower checks); written through the
        // views the allocations return.
        w.Line($"{Abi}.CheckResultArea(ctx, {pointer}, {N(layout.Size)}, {N(layout.Alignment)}, fn);");
        foreach (var f in fields) Store(w, f.Type, Plus(pointer, f.Offset), f.Value);
    }

    /// <summary>
    /// Stores a value at <paramref name="pointer"/>, allocating its strings and lists first. With
    /// <paramref name="wantView"/>, returns a local holding a view of memory valid after the store (the one the last
    /// allocation returned), so that a caller writing more need not ask Wasmtime for the memory's length again.
    /// </summary>
    public string? Store(CodeWriter w, TypeRef type, string pointer, string value, bool wantView = false)
    {
        var u = _plan.Unalias(type);
        if (!NeedsAlloc(u))
        {
            var m = Temp("m");
            if (!wantView) w.OpenBlock();
            w.Line($"var {m} = ctx.View;");
            StoreDirect(w, u, pointer, value, m);
            if (wantView) return m;
            w.Close();
            return null;
        }
        if (LowerPair(w, u, value, wantView: true) is { } pair)
        {
            // Allocated first, then written through the view the allocation returned.
            w.Line($"{pair.View}.WriteInt32({pointer}, {pair.Pointer});");
            w.Line($"{pair.View}.WriteInt32({Plus(pointer, 4)}, {pair.Length});");
            return pair.View;
        }
        if (!wantView)
        {
            w.Line($"{StoreHelper(u)}(ctx, {pointer}, {value}, fn);");
            return null;
        }
        var view = Temp("m");
        w.Line($"var {view} = {StoreHelper(u)}(ctx, {pointer}, {value}, fn);");
        return view;
    }

    /// <summary>
    /// For a string or list: lowers it (allocating) into two locals and returns them, with the local holding the view
    /// of memory the allocation returned (<paramref name="wantView"/>); null for other types.
    /// </summary>
    private (string Pointer, string Length, string View)? LowerPair(CodeWriter w, TypeRef unaliased, string value, bool wantView = false)
    {
        var view = wantView ? Temp("m") : "_";
        if (LowerCall(unaliased, value, wantView ? "out var " + view : "out _") is not { } call) return null;
        var p = Temp("ptr");
        var l = Temp("len");
        w.Line($"var ({p}, {l}) = {call};");
        return (p, l, view);
    }

    /// <summary>
    /// For a string or list: the call that lowers it (allocating), giving its pointer and length and, through
    /// <paramref name="outView"/>, the view of memory it checked the allocation against; null for other types.
    /// </summary>
    private string? LowerCall(TypeRef unaliased, string value, string outView)
    {
        if (unaliased.Kind == TypeRefKind.String) return $"{Abi}.LowerString(ctx, {value}, fn, {outView})";
        if (Def(unaliased)?.Kind is ListKind list)
            return IsBytes(unaliased) ? $"{Abi}.LowerBytes(ctx, {value}.Span, fn, {outView})" : $"{LowerList(unaliased, list)}(ctx, {value}, fn, {outView})";
        return null;
    }

    /// <summary>
    /// The helper storing a type that allocates: it allocates first (in field order, as the ABI does), then writes
    /// through the view the last allocation returned, and returns that view.
    /// </summary>
    private string StoreHelper(TypeRef u)
    {
        var name = "Store" + HelperName(u);
        return Helper(name, w =>
        {
            var def = Def(u);
            var layout = _layout.Layout(u);
            w.Open($"internal static {Mem} {name}({Ctx} ctx, int ptr, {Cs(u)} value, string fn)");
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
                    var pairs = new Dictionary<int, (string, string)>();
                    string? last = null;
                    for (int i = 0; i < fields.Count; i++)
                    {
                        var f = fields[i];
                        if (!NeedsAlloc(f.Type)) continue;
                        if (LowerPair(w, _plan.Unalias(f.Type), f.Value, wantView: true) is { } pair)
                        {
                            pairs[i] = (pair.Pointer, pair.Length);
                            last = pair.View;
                        }
                        else last = Store(w, f.Type, Plus("ptr", f.Offset), f.Value, wantView: true);
                    }
                    w.Line($"var mem = {last ?? "ctx.View"};");
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
                    w.Line("return mem;");
                    break;
                }
                case VariantKind or UnionKind or OptionKind or ResultKind:
                    w.Line($"{Mem} mem;");
                    SwitchOnCase(w, u, "value", (c, payload) =>
                    {
                        var at = Plus("ptr", layout.PayloadOffset);
                        string view = c.Payload is { } p && payload is not null && NeedsAlloc(p) ? Store(w, p, at, payload, wantView: true)! : "ctx.View";
                        w.Line($"mem = {view};");
                        WriteDiscriminant(w, layout.DiscriminantSize, "ptr", N(c.Index), "mem");
                        if (c.Payload is { } q && payload is not null && !NeedsAlloc(q)) StoreDirect(w, q, at, payload, "mem");
                    });
                    w.Line("return mem;");
                    break;
                default:
                    w.Line("var mem = ctx.View;");
                    StoreDirect(w, u, "ptr", "value", "mem");
                    w.Line("return mem;");
                    break;
            }
            w.Close();
        });
    }

    private string LowerList(TypeRef u, ListKind list)
    {
        var name = "LowerList" + HelperName(u);
        return Helper(name, w =>
        {
            var element = Cs(list.Element);
            var size = _layout.Size(list.Element);
            var align = _layout.Alignment(list.Element);
            w.Open($"internal static (int, int) {name}({Ctx} ctx, {_file.Known("System.Collections.Generic", "IReadOnlyList")}<{element}> items, string fn, out {Mem} mem)");
            w.Line("int count = items.Count;");
            w.Line($"int ptr = {Abi}.AllocateList(ctx, count, {N(size)}, {N(align)}, fn, out mem);");
            w.Open("for (int i = 0; i < count; i++)");
            if (NeedsAlloc(list.Element))
            {
                // Each element's allocations may move memory: the view after the last one is the one handed back.
                var view = Store(w, list.Element, $"unchecked(ptr + i * {N(size)})", "items[i]", wantView: true);
                w.Line($"mem = {view};");
            }
            else StoreDirect(w, list.Element, $"unchecked(ptr + i * {N(size)})", "items[i]", "mem");
            w.Close();
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
}
