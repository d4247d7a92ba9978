using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using WitBindgen.Generator;
using WitBindgen.Generator.Abi;
using WitBindgen.Generator.Model;

namespace Oracle.Tests;

/// <summary>The oracle world as WitBindgen's front end reads it: the functions the guest imports and exports.</summary>
internal sealed class OracleWorld
{
    public const string WorldName = "oracle";
    public const string HostInterface = "host";
    public const string GuestInterface = "guest";

    private OracleWorld(string witText, Resolve resolve, IReadOnlyList<Function> host, IReadOnlyList<Function> guest)
    {
        WitText = witText;
        Resolve = resolve;
        Layout = new AbiLayout(resolve);
        HostFunctions = host;
        GuestFunctions = guest;
    }

    /// <summary>The WIT as WitBindgen reads it (the generator compiled the same file into this assembly).</summary>
    public string WitText { get; }

    public Resolve Resolve { get; }

    public AbiLayout Layout { get; }

    public IReadOnlyList<Function> HostFunctions { get; }

    /// <summary>Every function the guest exports, <c>reset</c> and <c>trace</c> included.</summary>
    public IReadOnlyList<Function> GuestFunctions { get; }

    public static OracleWorld Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "wit", "oracle.wit");
        var text = File.ReadAllText(path);
        var loaded = WitFrontEnd.Load(new[] { new WitSourceFile(path, text) });
        if (loaded.HasErrors || loaded.Resolve is null)
            throw new InvalidOperationException("the oracle WIT does not load: " + string.Join("; ", loaded.Diagnostics.Select(d => d.ToString())));
        var resolve = loaded.Resolve;
        var (worldId, problem) = WitFrontEnd.SelectWorld(resolve, WorldName, path);
        if (problem is not null) throw new InvalidOperationException(problem.ToString());
        var world = resolve.World(worldId);
        IReadOnlyList<Function> Functions(IEnumerable<WorldItem> items, string name)
        {
            var item = items.Single(i => i.Name == name && i.IsInterface);
            return resolve.Interface(item.Interface).Functions.ToList();
        }
        return new OracleWorld(text, resolve, Functions(world.Imports, HostInterface), Functions(world.Exports, GuestInterface));
    }

    /// <summary>
    /// The same world for today's wit-component, which no longer has multiple named results: each
    /// <c>-&gt; (a: T, b: U)</c> becomes <c>-&gt; tuple&lt;T, U&gt;</c>. Both have the same core signature and the same
    /// memory layout (the Canonical ABI lays multiple results out as a tuple), so the guest serves both.
    /// </summary>
    public static string ForTodaysTools(string wit)
    {
        var sb = new StringBuilder();
        int i = 0;
        while (i < wit.Length)
        {
            int arrow = wit.IndexOf("->", i, StringComparison.Ordinal);
            if (arrow < 0)
            {
                sb.Append(wit, i, wit.Length - i);
                break;
            }
            int open = arrow + 2;
            while (open < wit.Length && char.IsWhiteSpace(wit[open])) open++;
            if (open >= wit.Length || wit[open] != '(')
            {
                sb.Append(wit, i, open - i);
                i = open;
                continue;
            }
            int depth = 0, close = open;
            var parts = new List<string>();
            int partStart = open + 1;
            for (; close < wit.Length; close++)
            {
                char c = wit[close];
                if (c is '(' or '<') depth++;
                else if (c is ')' or '>') depth--;
                if (depth == 1 && c == ',')
                {
                    parts.Add(wit.Substring(partStart, close - partStart));
                    partStart = close + 1;
                }
                if (depth == 0) break;
            }
            parts.Add(wit.Substring(partStart, close - partStart));
            var types = parts.Where(p => p.Trim().Length > 0).Select(p => p.Substring(p.IndexOf(':') + 1).Trim());
            sb.Append(wit, i, arrow - i).Append("-> tuple<").Append(string.Join(", ", types)).Append('>');
            i = close + 1;
        }
        return sb.ToString();
    }
}
