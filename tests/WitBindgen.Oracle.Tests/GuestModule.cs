using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using WitBindgen.Generator.Abi;
using WitBindgen.Generator.Model;

namespace Oracle.Tests;

/// <summary>
/// Writes the oracle's core guest as WAT, from the core signatures WitBindgen's <see cref="AbiLayout"/> computes.
/// Every export <c>guest#f</c> mixes its flat arguments and the bytes of its heap into a running FNV-1a hash, calls
/// the import <c>host.f</c> with the same arguments (plus a return area it allocates, when the import has one),
/// mixes what came back and the heap again, and returns what the import returned. <c>cabi_realloc</c> is a bump
/// allocator that mixes each request into the hash; <c>cabi_post_guest#f</c> mixes its argument. So the hash, read
/// with <c>guest#trace</c>, covers every core value and every heap byte the host produced, in order. (Those are the
/// May-2023 world's names; <see cref="GuestNaming"/> gives today's world its own.)
/// </summary>
internal static class GuestModule
{
    /// <summary>Where <c>trace-log</c> puts its result (pointer, count).</summary>
    public const int LogResult = 16;

    /// <summary>The log of what went into the hash: 8192 words.</summary>
    public const int LogBase = 0x10000, LogEnd = 0x20000;

    /// <summary>Where the bump heap starts.</summary>
    public const int HeapBase = 0x20000;

    public const ulong FnvOffset = 0xcbf29ce484222325;

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The instructions that turn the value on the stack into the i64 that is mixed.</summary>
    private static string ToI64(CoreType type, string value) => type switch
    {
        CoreType.I32 => $"(i64.extend_i32_u {value})",
        CoreType.I64 => value,
        CoreType.F32 => $"(i64.extend_i32_u (i32.reinterpret_f32 {value}))",
        _ => $"(i64.reinterpret_f64 {value})",
    };

    private static string Params(IEnumerable<CoreType> types)
    {
        var list = types.ToList();
        return list.Count == 0 ? "" : " (param " + string.Join(" ", list.Select(t => t.Name())) + ")";
    }

    private static string Results(IEnumerable<CoreType> types)
    {
        var list = types.ToList();
        return list.Count == 0 ? "" : " (result " + string.Join(" ", list.Select(t => t.Name())) + ")";
    }

    public static string Wat(OracleWorld world) =>
        Wat(world.Layout, world.HostFunctions, world.GuestFunctions.Where(f => f.Name is not ("reset" or "trace" or "trace-log")).ToList(),
            GuestNaming.May2023(OracleWorld.HostInterface, OracleWorld.GuestInterface, OracleWorld.GuestInterface));

    /// <summary>
    /// The guest of any world whose exports <paramref name="forwarded"/> mirror the imports <paramref name="host"/>,
    /// with <c>reset</c>, <c>trace</c> and <c>trace-log</c> exported under <paramref name="naming"/>'s control names;
    /// <paramref name="worldForwarded"/> likewise mirror the world-level imports <paramref name="worldHost"/>.
    /// </summary>
    public static string Wat(AbiLayout layout, IReadOnlyList<Function> host, IReadOnlyList<Function> forwarded, GuestNaming naming,
        IReadOnlyList<Function>? worldHost = null, IReadOnlyList<Function>? worldForwarded = null)
    {
        worldHost ??= Array.Empty<Function>();
        worldForwarded ??= Array.Empty<Function>();
        string resetName = naming.Control("reset"), traceName = naming.Control("trace"), traceLogName = naming.Control("trace-log");
        var w = new StringBuilder();
        w.Append("(module\n");
        foreach (var fn in forwarded)
        {
            var imported = host.Single(h => h.Name == fn.Name);
            var import = layout.For(imported, isImport: true);
            w.Append($"  (import \"{naming.ImportModule}\" \"{imported.Name}\" (func $host.{imported.Name}{Params(import.Params)}{Results(import.Results)}))\n");
        }
        foreach (var fn in worldForwarded)
        {
            var imported = worldHost.Single(h => h.Name == fn.Name);
            var import = layout.For(imported, isImport: true);
            w.Append($"  (import \"{naming.WorldImportModule}\" \"{imported.Name}\" (func $world.{imported.Name}{Params(import.Params)}{Results(import.Results)}))\n");
        }
        w.Append($$"""
              (memory (export "{{naming.Memory}}") 3)
              (global $logp (mut i32) (i32.const {{N(LogBase)}}))
              (global $bump (mut i32) (i32.const {{N(HeapBase)}}))
              (global $high (mut i32) (i32.const {{N(HeapBase)}}))
              (global $hash (mut i64) (i64.const {{FnvOffset.ToString(CultureInfo.InvariantCulture)}}))

              ;; FNV-1a, one byte.
              (func $mix_byte (param $b i32)
                (global.set $hash (i64.mul
                  (i64.xor (global.get $hash) (i64.extend_i32_u (i32.and (local.get $b) (i32.const 255))))
                  (i64.const 0x100000001b3))))

              ;; Appends a word to the log, while there is room.
              (func $log (param $v i64)
                (if (i32.lt_u (global.get $logp) (i32.const {{N(LogEnd)}}))
                  (then
                    (i64.store (global.get $logp) (local.get $v))
                    (global.set $logp (i32.add (global.get $logp) (i32.const 8))))))

              ;; FNV-1a over the 8 bytes of a value, little-endian.
              (func $mix (param $v i64) (local $i i32)
                (call $log (local.get $v))
                (loop $next
                  (call $mix_byte (i32.wrap_i64 (local.get $v)))
                  (local.set $v (i64.shr_u (local.get $v) (i64.const 8)))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br_if $next (i32.lt_u (local.get $i) (i32.const 8)))))

              ;; The heap's extent and every byte of it.
              (func $hash_heap (local $p i32)
                (call $mix (i64.extend_i32_u (global.get $bump)))
                (local.set $p (i32.const {{N(HeapBase)}}))
                (block $logged
                  (loop $next
                    (br_if $logged (i32.ge_u (local.get $p) (global.get $bump)))
                    (call $log (i64.load (local.get $p)))
                    (local.set $p (i32.add (local.get $p) (i32.const 8)))
                    (br $next)))
                (local.set $p (i32.const {{N(HeapBase)}}))
                (block $done
                  (loop $next
                    (br_if $done (i32.ge_u (local.get $p) (global.get $bump)))
                    (call $mix_byte (i32.load8_u (local.get $p)))
                    (local.set $p (i32.add (local.get $p) (i32.const 1)))
                    (br $next))))

              ;; Bump allocation: the alignment must be a power of two and is honoured; memory grows as needed.
              (func $alloc (param $align i32) (param $size i32) (result i32) (local $p i32) (local $end i32) (local $have i32)
                (if (i32.or (i32.eqz (local.get $align))
                            (i32.ne (i32.and (local.get $align) (i32.sub (local.get $align) (i32.const 1))) (i32.const 0)))
                  (then unreachable))
                (local.set $p (i32.and (i32.add (global.get $bump) (i32.sub (local.get $align) (i32.const 1)))
                                       (i32.sub (i32.const 0) (local.get $align))))
                (local.set $end (i32.add (local.get $p) (local.get $size)))
                (if (i32.lt_u (local.get $end) (local.get $p)) (then unreachable))
                (local.set $have (i32.shl (memory.size) (i32.const 16)))
                (if (i32.gt_u (local.get $end) (local.get $have))
                  (then
                    (if (i32.eq (memory.grow (i32.shr_u (i32.add (i32.sub (local.get $end) (local.get $have)) (i32.const 65535)) (i32.const 16)))
                                (i32.const -1))
                      (then unreachable))))
                (global.set $bump (local.get $end))
                (if (i32.gt_u (local.get $end) (global.get $high)) (then (global.set $high (local.get $end))))
                (local.get $p))

              (func (export "{{naming.Realloc}}") (param $old i32) (param $old_size i32) (param $align i32) (param $size i32) (result i32)
                (call $mix (i64.const 0x636f6c6c61657221))
                (call $mix (i64.extend_i32_u (local.get $old)))
                (call $mix (i64.extend_i32_u (local.get $old_size)))
                (call $mix (i64.extend_i32_u (local.get $align)))
                (call $mix (i64.extend_i32_u (local.get $size)))
                (if (i32.or (local.get $old) (local.get $old_size)) (then unreachable))
                (call $alloc (local.get $align) (local.get $size)))

              (func (export "{{resetName}}")
                (memory.fill (i32.const {{N(HeapBase)}}) (i32.const 0) (i32.sub (global.get $high) (i32.const {{N(HeapBase)}})))
                (global.set $bump (i32.const {{N(HeapBase)}}))
                (global.set $high (i32.const {{N(HeapBase)}}))
                (global.set $logp (i32.const {{N(LogBase)}}))
                (global.set $hash (i64.const {{FnvOffset.ToString(CultureInfo.InvariantCulture)}})))

              (func (export "{{traceName}}") (result i64)
                (global.get $hash))

              (func (export "{{traceLogName}}") (result i32)
                (i32.store (i32.const {{N(LogResult)}}) (i32.const {{N(LogBase)}}))
                (i32.store (i32.const {{N(LogResult + 4)}}) (i32.shr_u (i32.sub (global.get $logp) (i32.const {{N(LogBase)}})) (i32.const 3)))
                (i32.const {{N(LogResult)}}))

            """);
        for (int k = 0; k < forwarded.Count; k++)
        {
            var fn = forwarded[k];
            var imported = host.Single(h => h.Name == fn.Name);
            var export = layout.For(fn, isImport: false);
            var import = layout.For(imported, isImport: true);
            Forward(w, fn.Name, "$host." + fn.Name, naming.Export(fn.Name), naming.PostReturn(fn.Name), k + 1, export, import, layout.ResultsLayout(imported));
        }
        for (int k = 0; k < worldForwarded.Count; k++)
        {
            var fn = worldForwarded[k];
            var imported = worldHost.Single(h => h.Name == fn.Name);
            var export = layout.For(fn, isImport: false);
            var import = layout.For(imported, isImport: true);
            Forward(w, fn.Name, "$world." + fn.Name, naming.WorldExport(fn.Name), naming.WorldPostReturn(fn.Name), 1000 + k, export, import, layout.ResultsLayout(imported));
        }
        w.Append(")\n");
        return w.ToString();
    }

    private static void Forward(StringBuilder w, string name, string callee, string core, string postReturn, int tag, CoreSignature export, CoreSignature import, TypeLayout results)
    {
        int passed = import.Params.Count - (import.ReturnPointer ? 1 : 0);
        if (passed != export.Params.Count || !import.Params.Take(passed).SequenceEqual(export.Params))
            throw new InvalidOperationException($"{name}: the export {export} cannot forward to the import {import}");
        if (export.IndirectResults != import.ReturnPointer || (!export.IndirectResults && !export.Results.SequenceEqual(import.Results)))
            throw new InvalidOperationException($"{name}: the export {export} cannot return what the import {import} returns");

        w.Append($"  ;; {name}: export {export}, import {import}\n");
        w.Append($"  (func (export \"{core}\"){Params(export.Params)}{Results(export.Results)} (local $ret i32)");
        if (import.Results.Count == 1) w.Append($" (local $r {import.Results[0].Name()})");
        w.Append('\n');
        w.Append($"    (call $mix (i64.const {N(tag)}))\n");
        for (int i = 0; i < export.Params.Count; i++) w.Append($"    (call $mix {ToI64(export.Params[i], $"(local.get {N(i)})")})\n");
        w.Append("    (call $hash_heap)\n");
        if (import.ReturnPointer)
            w.Append($"    (local.set $ret (call $alloc (i32.const {N(results.Alignment)}) (i32.const {N(results.Size)})))\n");
        var args = string.Concat(Enumerable.Range(0, passed).Select(i => $" (local.get {N(i)})")) + (import.ReturnPointer ? " (local.get $ret)" : "");
        var call = $"(call {callee}{args})";
        if (import.Results.Count == 1)
        {
            w.Append($"    (local.set $r {call})\n");
            w.Append($"    (call $mix {ToI64(import.Results[0], "(local.get $r)")})\n");
        }
        else w.Append($"    {call}\n");
        w.Append("    (call $hash_heap)\n");
        if (export.IndirectResults) w.Append("    (local.get $ret)");
        else if (import.Results.Count == 1) w.Append("    (local.get $r)");
        w.Append(")\n");
        if (export.Results.Count == 1)
        {
            w.Append($"  (func (export \"{postReturn}\") (param {export.Results[0].Name()})\n");
            w.Append($"    (call $mix (i64.const 0x74736f70))\n");
            w.Append($"    (call $mix {ToI64(export.Results[0], "(local.get 0)")}))\n");
        }
    }
}

/// <summary>The core names a guest imports and exports its functions, memory and allocator under.</summary>
/// <param name="ImportModule">The module of the mirrored imports.</param>
/// <param name="Export">A mirrored function's export name.</param>
/// <param name="PostReturn">Its post-return function's name.</param>
/// <param name="Control">The export name of <c>reset</c>, <c>trace</c> or <c>trace-log</c>.</param>
internal sealed record GuestNaming(string ImportModule, Func<string, string> Export, Func<string, string> PostReturn,
    Func<string, string> Control, string Memory, string Realloc)
{
    /// <summary>The module of the world-level imports: <c>$root</c>, or today's <c>cm32p2</c>.</summary>
    public string WorldImportModule { get; init; } = "$root";

    /// <summary>A world-level function's export name: <c>f</c>, or today's <c>cm32p2||f</c>.</summary>
    public Func<string, string> WorldExport { get; init; } = f => f;

    /// <summary>Its post-return function's name: <c>cabi_post_f</c>, or today's <c>cm32p2||f_post</c>.</summary>
    public Func<string, string> WorldPostReturn { get; init; } = f => "cabi_post_" + f;

    /// <summary>wit-component's names of 2023, which today's still accepts: <c>iface#f</c>, <c>cabi_post_iface#f</c>.</summary>
    public static GuestNaming May2023(string importModule, string exportInterface, string controlInterface) =>
        new(importModule, f => exportInterface + "#" + f, f => "cabi_post_" + exportInterface + "#" + f,
            f => controlInterface + "#" + f, "memory", "cabi_realloc");

    /// <summary>
    /// Today's <c>cm32p2</c> names (wit-component's standard 32-bit mangling): <c>cm32p2|ns:pkg/iface@0.1|f</c>,
    /// <c>…|f_post</c>, <c>cm32p2_memory</c>, <c>cm32p2_realloc</c>; versions cut to their semver-compatible prefix.
    /// </summary>
    public static GuestNaming Cm32p2(string importKey, string exportKey, string controlKey) =>
        new("cm32p2|" + importKey, f => "cm32p2|" + exportKey + "|" + f, f => "cm32p2|" + exportKey + "|" + f + "_post",
            f => "cm32p2|" + controlKey + "|" + f, "cm32p2_memory", "cm32p2_realloc")
        {
            WorldImportModule = "cm32p2",
            WorldExport = f => "cm32p2||" + f,
            WorldPostReturn = f => "cm32p2||" + f + "_post",
        };
}
