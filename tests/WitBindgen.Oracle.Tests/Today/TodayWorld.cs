using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using WitBindgen.Generator;
using WitBindgen.Generator.Abi;
using WitBindgen.Generator.Model;

namespace Oracle.Tests.Today;

/// <summary>
/// The oracle world of today's WIT (<c>wit-today/oracle.wit</c>) as WitBindgen's front end reads it: the interface
/// <c>test:oracle/iface@0.1.0</c> the guest both imports and exports, its <c>control</c> export, and the functions the
/// world itself both imports and exports.
/// </summary>
internal sealed class TodayWorld
{
    public const string WorldName = "test:oracle/oracle@0.1.0";
    public const string IfaceKey = "test:oracle/iface@0.1.0";
    public const string ControlKey = "test:oracle/control@0.1.0";

    private TodayWorld(string witText, AbiLayout layout, IReadOnlyList<Function> imported, IReadOnlyList<Function> exported,
        IReadOnlyList<Function> worldImported, IReadOnlyList<Function> worldExported)
    {
        WitText = witText;
        Layout = layout;
        Imported = imported;
        Exported = exported;
        WorldImported = worldImported;
        WorldExported = worldExported;
    }

    public string WitText { get; }

    public AbiLayout Layout { get; }

    /// <summary>The functions of <c>iface</c> as the guest imports them.</summary>
    public IReadOnlyList<Function> Imported { get; }

    /// <summary>The same functions as the guest exports them.</summary>
    public IReadOnlyList<Function> Exported { get; }

    /// <summary>The functions the world imports itself (<c>import mix: func(…)</c>).</summary>
    public IReadOnlyList<Function> WorldImported { get; }

    /// <summary>The functions the world exports itself, of the same names.</summary>
    public IReadOnlyList<Function> WorldExported { get; }

    /// <summary>The core names of a guest under <paramref name="naming"/>: <c>legacy</c> or <c>cm32p2</c>.</summary>
    public static GuestNaming Naming(string naming) => naming switch
    {
        "legacy" => GuestNaming.May2023(IfaceKey, IfaceKey, ControlKey),
        "cm32p2" => GuestNaming.Cm32p2(Cm32p2Names.CompatibleKey(IfaceKey), Cm32p2Names.CompatibleKey(IfaceKey), Cm32p2Names.CompatibleKey(ControlKey)),
        _ => throw new ArgumentException($"no naming '{naming}'", nameof(naming)),
    };

    public string Wat(string naming) => GuestModule.Wat(Layout, Imported, Exported, Naming(naming), WorldImported, WorldExported);

    public static TodayWorld Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "wit-today", "oracle.wit");
        var text = File.ReadAllText(path);
        var loaded = WitFrontEnd.Load(new[] { new WitSourceFile(path, text) });
        if (loaded.HasErrors || loaded.Resolve is null)
            throw new InvalidOperationException("today's oracle WIT does not load: " + string.Join("; ", loaded.Diagnostics.Select(d => d.ToString())));
        var resolve = loaded.Resolve;
        var (worldId, problem) = WitFrontEnd.SelectWorld(resolve, WorldName, path);
        if (problem is not null) throw new InvalidOperationException(problem.ToString());
        var world = resolve.World(worldId);
        IReadOnlyList<Function> Functions(IEnumerable<WorldItem> items, string key)
        {
            var item = items.Single(i => i.IsInterface && i.AbiName == key);
            return resolve.Interface(item.Interface).Functions.ToList();
        }
        static IReadOnlyList<Function> WorldFunctions(IEnumerable<WorldItem> items) =>
            items.Where(i => i.Function is not null).Select(i => i.Function!).ToList();
        return new TodayWorld(text, new AbiLayout(resolve), Functions(world.Imports, IfaceKey), Functions(world.Exports, IfaceKey),
            WorldFunctions(world.Imports), WorldFunctions(world.Exports));
    }
}
