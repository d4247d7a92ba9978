using System.Collections.Generic;
using System.IO;
using System.Linq;
using Wasmtime;
using WitBindgen.Generator.Abi;
using Xunit;

namespace WitBindgen.Generator.Tests.Abi;

/// <summary>
/// <see cref="CoreImports"/> and <see cref="CoreExports"/> of resource-rich worlds against an independent oracle: the
/// core module jco 1.35.0 (today's wit-component) writes for any guest of the world (<c>componentEmbed({ dummy: true })</c>,
/// made by prepare.sh). Its imports and exports use the <c>cm32p2</c> names; the legacy names are checked against the
/// same module renamed by wit-component's legacy rule, written out here.
/// </summary>
public class JcoDummyCoreNamesTests
{
    private static Module Dummy(Engine engine, string world)
    {
        var (path, prepare) = ResourceRichWorlds.Dummy(world);
        Assert.True(File.Exists(path), $"{path} is made by {prepare}; run it first");
        return Module.FromFile(engine, path);
    }

    private static string Signature(IReadOnlyList<ValueKind> parameters, IReadOnlyList<ValueKind> results) =>
        CoreTypes.FormatList(parameters.Select(Core)) + " -> " + (results.Count == 0 ? "nil" : results.Count == 1 ? Core(results[0]).Name() : CoreTypes.FormatList(results.Select(Core)));

    private static CoreType Core(ValueKind kind) => kind switch
    {
        ValueKind.Int32 => CoreType.I32,
        ValueKind.Int64 => CoreType.I64,
        ValueKind.Float32 => CoreType.F32,
        ValueKind.Float64 => CoreType.F64,
        _ => throw new Xunit.Sdk.XunitException($"not a core number type: {kind}"),
    };

    private static List<string> Sorted(IEnumerable<string> lines) => lines.OrderBy(l => l, System.StringComparer.Ordinal).ToList();

    [Theory]
    [MemberData(nameof(ResourceRichWorlds.WithDummy), MemberType = typeof(ResourceRichWorlds))]
    public void Every_import_of_jcos_dummy_is_a_core_import_under_its_cm32p2_name_with_the_same_signature(string world)
    {
        var (resolve, id) = ResourceRichWorlds.Load(world);
        using var engine = new Engine();
        using var dummy = Dummy(engine, world);
        var expected = dummy.Imports.Select(i => Assert.IsType<FunctionImport>(i))
            .Select(i => $"{i.ModuleName} {i.Name} {Signature(i.Parameters, i.Results)}");
        var imports = CoreImports.For(resolve, id);
        Assert.Equal(Sorted(expected), Sorted(imports.Select(i => $"{i.Cm32p2Module} {i.Cm32p2Name} {i.Signature}")));
        // The world has resources of each kind the names cover.
        Assert.Contains(imports, i => i.Kind == CoreImportKind.ResourceDrop);
        Assert.Contains(imports, i => i.Kind == CoreImportKind.Method);
    }

    [Theory]
    [MemberData(nameof(ResourceRichWorlds.WithDummy), MemberType = typeof(ResourceRichWorlds))]
    public void The_legacy_names_are_jcos_renamed_by_wit_components_legacy_rule(string world)
    {
        var (resolve, id) = ResourceRichWorlds.Load(world);
        var versions = ResourceRichWorlds.Versions(world);
        using var engine = new Engine();
        using var dummy = Dummy(engine, world);
        var expected = dummy.Imports.Select(i => LegacyImport(i.ModuleName, i.Name, versions));
        Assert.Equal(Sorted(expected), Sorted(CoreImports.For(resolve, id).Select(i => $"{i.Module} {i.Name}")));
    }

    [Theory]
    [MemberData(nameof(ResourceRichWorlds.WithDummy), MemberType = typeof(ResourceRichWorlds))]
    public void Every_function_export_of_jcos_dummy_is_a_core_export_or_its_post_return(string world)
    {
        var (resolve, id) = ResourceRichWorlds.Load(world);
        var versions = ResourceRichWorlds.Versions(world);
        using var engine = new Engine();
        using var dummy = Dummy(engine, world);
        var functions = dummy.Exports.OfType<FunctionExport>()
            .Where(e => e.Name is not ("cm32p2_realloc" or "cm32p2_initialize")).ToList();
        var posts = functions.Where(e => e.Name.EndsWith("_post", System.StringComparison.Ordinal)).ToList();
        var exports = CoreExports.For(resolve, id);

        Assert.Equal(Sorted(functions.Except(posts).Select(e => $"{e.Name} {Signature(e.Parameters, e.Results)}")),
            Sorted(exports.Select(e => $"{e.Cm32p2Name} {e.Signature}")));
        Assert.Equal(Sorted(posts.Select(e => e.Name)), Sorted(exports.Select(e => e.Cm32p2PostReturnName).OfType<string>()));
        Assert.Equal(Sorted(functions.Except(posts).Select(e => LegacyExport(e.Name, versions))), Sorted(exports.Select(e => e.Name)));
        Assert.Equal(Sorted(posts.Select(e => "cabi_post_" + LegacyExport(e.Name.Substring(0, e.Name.Length - "_post".Length), versions))),
            Sorted(exports.Select(e => e.PostReturnName).OfType<string>()));
        Assert.All(exports.Where(e => e.Kind == CoreExportKind.Destructor), e => Assert.True(e.IsOptional && e.PostReturnName is null));
        // The command world exports no resource; the others export some.
        Assert.Equal(world != "wasi-cli-command", exports.Any(e => e.Kind == CoreExportKind.Destructor));
    }

    /// <summary>
    /// wit-component's legacy names for a <c>cm32p2</c> import: <c>cm32p2</c> is <c>$root</c>; <c>cm32p2|_ex_key</c>
    /// is <c>[export]key</c>, its <c>r_drop</c>/<c>r_new</c>/<c>r_rep</c> are <c>[resource-drop]r</c>…; another
    /// <c>cm32p2|key</c> is the key with its full version, its <c>r_drop</c> is <c>[resource-drop]r</c> (WIT names have
    /// no underscores, so no function name ends in one).
    /// </summary>
    private static string LegacyImport(string module, string name, IReadOnlyDictionary<string, string> versions)
    {
        if (module == "cm32p2") return "$root " + Builtin(name, "drop");
        const string exported = "cm32p2|_ex_";
        if (module.StartsWith(exported, System.StringComparison.Ordinal))
            return "[export]" + FullKey(module.Substring(exported.Length), versions) + " " + Builtin(name, "drop", "new", "rep");
        Assert.StartsWith("cm32p2|", module);
        return FullKey(module.Substring("cm32p2|".Length), versions) + " " + Builtin(name, "drop");
    }

    /// <summary><c>cm32p2||f</c> is <c>f</c>; <c>cm32p2|key|f</c> is <c>key#f</c>, its <c>r_dtor</c> is <c>key#[dtor]r</c>.</summary>
    private static string LegacyExport(string name, IReadOnlyDictionary<string, string> versions)
    {
        var parts = name.Split('|');
        Assert.Equal(3, parts.Length);
        Assert.Equal("cm32p2", parts[0]);
        if (parts[1].Length == 0) return parts[2];
        var function = parts[2].EndsWith("_dtor", System.StringComparison.Ordinal) ? "[dtor]" + parts[2].Substring(0, parts[2].Length - "_dtor".Length) : parts[2];
        return FullKey(parts[1], versions) + "#" + function;
    }

    private static string Builtin(string name, params string[] operations)
    {
        foreach (var op in operations)
            if (name.EndsWith("_" + op, System.StringComparison.Ordinal) && !name.StartsWith('['))
                return $"[resource-{op}]" + name.Substring(0, name.Length - op.Length - 1);
        return name;
    }

    private static string FullKey(string key, IReadOnlyDictionary<string, string> versions)
    {
        int at = key.LastIndexOf('@');
        return at < 0 ? key : key.Substring(0, at + 1) + versions[key.Substring(at + 1)];
    }
}
