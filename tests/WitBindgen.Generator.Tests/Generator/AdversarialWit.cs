using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace WitBindgen.Generator.Tests.Generator;

/// <summary>
/// WIT written to break a generator: chains and doublings that make deep or huge types from a few lines, long
/// chains of interfaces, inputs whose C# would be enormous. Each case says which diagnostic it must get, and where
/// (zero-based line and column), or that it is valid and must generate.
/// </summary>
internal static class AdversarialWit
{
    public sealed record Case(string Name, (string Path, string Text)[] Files, string? Id, string Path = "", int Line = 0, int Column = 0, string? WorldOption = null)
    {
        public override string ToString() => Name;
    }

    private const string File = "/p/wit/w.wit";

    public static IEnumerable<Case> All()
    {
        // 10,000 records each holding the previous one: depth 101 is reached at r100.
        yield return Today("nested-records-10000", i => i == 0 ? "record r0 { f: u32 }" : $"record r{i} {{ f: r{i - 1} }}", 10_000, "f: func(x: r9999);",
            "WIT0213", line: 2 + 100, column: 9);
        // Named lists of lists: each name adds a level; the anonymous list of t101 is the first too deep.
        yield return Today("list-alias-chain-10000", i => i == 0 ? "type t0 = u32;" : $"type t{i} = list<t{i - 1}>;", 10_000, "f: func(x: t9999);",
            "WIT0213", line: 2 + 101, column: 2 + "type t101 = ".Length);
        // The same written inline, 10,000 deep: the parser stops at the 101st level.
        {
            var text = "package a:b;\ninterface i {\n  f: func(x: " + Repeat("list<", 10_000) + "u8" + Repeat(">", 10_000) + ");\n}\nworld w { import i; }\n";
            yield return new Case("inline-lists-10000", new[] { (File, text) }, "WIT0101", File, 2, "  f: func(x: ".Length + 100 * "list<".Length);
        }
        {
            var text = "default interface i {\n  f: func(x: " + Repeat("option<", 10_000) + "u8" + Repeat(">", 10_000) + ")\n}\ndefault world w { import i: self.i }\n";
            yield return new Case("inline-options-10000-may-2023", new[] { (File, text) }, "WIT0101", File, 1, "  f: func(x: ".Length + 100 * "option<".Length);
        }
        // Doubling: t16 has 131,071 parts; the anonymous tuple of t16 is the first too large.
        yield return Today("tuple-doubling-16", i => i == 0 ? "type t0 = u32;" : $"type t{i} = tuple<t{i - 1}, t{i - 1}>;", 17, "f: func(x: t16);",
            "WIT0214", line: 2 + 16, column: 2 + "type t16 = ".Length);
        yield return Today("tuple-doubling-64", i => i == 0 ? "type t0 = u32;" : $"type t{i} = tuple<t{i - 1}, t{i - 1}>;", 65, "f: func(x: t64);",
            "WIT0214", line: 2 + 16, column: 2 + "type t16 = ".Length);
        yield return Today("record-doubling-64", i => i == 0 ? "record r0 { a: u32 }" : $"record r{i} {{ a: r{i - 1}, b: r{i - 1} }}", 65, "f: func(x: r64);",
            "WIT0214", line: 2 + 16, column: 9);
        yield return Today("variant-doubling-40", i => i == 0 ? "variant v0 { a(u32) }" : $"variant v{i} {{ a(v{i - 1}), b(tuple<v{i - 1}, v{i - 1}>) }}", 41, "f: func() -> v40;",
            "WIT0214", line: 2 + 10, column: 2 + "variant v10 { a(v9), b(".Length);
        // Small types, but 200 functions each naming a tuple of 16,383 parts: the C# would pass 16 Mi characters.
        {
            var sb = new StringBuilder("package a:b;\ninterface i {\n");
            for (int i = 0; i <= 13; i++) sb.Append(i == 0 ? "  type t0 = u32;\n" : $"  type t{i} = tuple<t{i - 1}, t{i - 1}>;\n");
            for (int f = 0; f < 200; f++) sb.Append($"  f{f}: func(x: t13) -> t13;\n");
            sb.Append("}\nworld huge { import i; }\n");
            yield return new Case("output-over-16-mi-characters", new[] { (File, sb.ToString()) }, "WIT0305", File, 2 + 14 + 200 + 1, "world ".Length);
        }
        // Cycles through long chains.
        yield return Today("alias-cycle-10000", i => $"type t{i} = t{(i + 1) % 10_000};", 10_000, "f: func(x: t0);", "WIT0203", line: 0, column: 0, anyLocation: true);
        {
            var sb = new StringBuilder("package a:b;\n");
            for (int i = 0; i < 10_000; i++) sb.Append($"interface i{i} {{ use i{(i + 1) % 10_000}.{{t as u}}; type t = u32; }}\n");
            sb.Append("world w { import i0; }\n");
            yield return new Case("use-cycle-10000-interfaces", new[] { (File, sb.ToString()) }, "WIT0203", File, -1, -1);
        }
        // Nested block comments 100,000 deep, never closed.
        yield return new Case("unclosed-nested-comments", new[] { (File, Repeat("/*", 100_000)) }, "WIT0002", File, 0, 0);
        // Valid inputs that must generate: long chains of names, and types at the depth limit.
        // A chain of 10,000 uses is valid; a world of 10,000 interfaces is over the limit of 1,000.
        yield return new Case("use-chain-10000-interfaces", new[] { (File, UseChain(10_000)) }, null);
        {
            var sb = new StringBuilder("package a:b;\n");
            for (int i = 0; i < 10_000; i++) sb.Append($"interface i{i} {{ f: func(); }}\n");
            sb.Append("world w {\n");
            for (int i = 0; i < 10_000; i++) sb.Append($"  import i{i};\n");
            sb.Append("}\n");
            yield return new Case("world-of-10000-interfaces", new[] { (File, sb.ToString()) }, "WIT0215", File, 10_001, "world ".Length);
        }
        {
            // Worlds including worlds, 10,000 deep, and the same chain closed into a cycle.
            var sb = new StringBuilder("package a:b;\ninterface log { write: func(s: string); }\nworld w0 { import log; import now: func() -> u64; }\n");
            for (int i = 1; i < 10_000; i++) sb.Append($"world w{i} {{ include w{i - 1}; }}\n");
            var chain = sb.ToString();
            yield return new Case("include-chain-10000", new[] { (File, chain) }, null, WorldOption: "w9999");
            yield return new Case("include-cycle-10000", new[] { (File, chain.Replace("world w0 { import log;", "world w0 { include w9999; import log;")) }, "WIT0203", File, -1, -1);
        }
        {
            var sb = new StringBuilder("interface i0 { record point { x: s32, y: s32 } }\n");
            for (int i = 1; i < 10_000; i++) sb.Append($"interface i{i} {{ use self.i{i - 1}.{{point}} }}\n");
            sb.Append("interface last { use self.i9999.{point}\n f: func(p: point) -> point }\ndefault world w { import last: self.last }\n");
            yield return new Case("use-chain-10000-interfaces-may-2023", new[] { (File, sb.ToString()) }, null);
        }
        yield return Today("alias-chain-10000", i => i == 0 ? "record r { a: u32 }\n  type a0 = r;" : $"type a{i} = a{i - 1};", 10_000, "f: func(x: a9999) -> a9999;", null);
        yield return Today("list-alias-chain-at-the-limit", i => i == 0 ? "type t0 = u32;" : $"type t{i} = list<t{i - 1}>;", 101, "f: func(x: t100) -> t100;", null);
        yield return Today("option-alias-chain-at-the-limit", i => i == 0 ? "type t0 = u32;" : $"type t{i} = option<t{i - 1}>;", 101, "f: func(x: t100) -> t100;", null);
        yield return Today("nested-records-at-the-limit", i => i == 0 ? "record r0 { f: u32 }" : $"record r{i} {{ f: r{i - 1}, g: option<string> }}", 100, "f: func(x: r99) -> r99;", null);
        yield return Today("nested-variants-at-the-limit", i => i == 0 ? "variant v0 { a(u32), b }" : $"variant v{i} {{ a(v{i - 1}), b(string), c }}", 100, "f: func(x: v99) -> v99;", null);
        yield return Today("mixed-nesting-at-the-limit", i => i == 0 ? "type t0 = string;" : (i % 4) switch
        {
            0 => $"type t{i} = option<t{i - 1}>;",
            1 => $"type t{i} = result<t{i - 1}, u8>;",
            2 => $"type t{i} = tuple<u32, t{i - 1}>;",
            _ => $"type t{i} = list<t{i - 1}>;",
        }, 101, "f: func(x: t100) -> t100;", null);
        yield return Today("tuple-doubling-15", i => i == 0 ? "type t0 = u32;" : $"type t{i} = tuple<t{i - 1}, t{i - 1}>;", 16, "f: func(x: t15);", null);
    }

    public static Case Get(string name) => All().Single(c => c.Name == name);

    private static string UseChain(int count)
    {
        var sb = new StringBuilder("package a:b;\ninterface i0 { record point { x: s32, y: s32 } }\n");
        for (int i = 1; i < count; i++) sb.Append($"interface i{i} {{ use i{i - 1}.{{point}}; }}\n");
        sb.Append($"interface last {{ use i{count - 1}.{{point}}; f: func(p: point) -> point; }}\nworld w {{ import last; }}\n");
        return sb.ToString();
    }

    /// <summary>
    /// <c>package a:b; interface i { …items… last } world w { import i; }</c>, one item per line from line 2 on,
    /// each indented by two spaces.
    /// </summary>
    private static Case Today(string name, System.Func<int, string> item, int count, string last, string? id, int line = 0, int column = 0, bool anyLocation = false)
    {
        var sb = new StringBuilder("package a:b;\ninterface i {\n");
        for (int i = 0; i < count; i++) sb.Append("  ").Append(item(i)).Append('\n');
        sb.Append("  ").Append(last).Append("\n}\nworld w { import i; }\n");
        return new Case(name, new[] { (File, sb.ToString()) }, id, File, anyLocation ? -1 : line, anyLocation ? -1 : column);
    }

    private static string Repeat(string s, int count) => new StringBuilder(s.Length * count).Insert(0, s, count).ToString();
}
