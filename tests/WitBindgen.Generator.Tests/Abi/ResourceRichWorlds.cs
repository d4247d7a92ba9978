using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using WitBindgen.Generator.Model;
using WitBindgen.Generator.Tests.FrontEnd;
using Xunit;

namespace WitBindgen.Generator.Tests.Abi;

/// <summary>
/// Worlds of today's WIT with resources imported, exported and defined by the world itself: the resource oracle's
/// (tests/WitBindgen.Oracle.Tests/wit-res), the resource suite's two, the worlds the generator once refused
/// (<see cref="Generator.ResourceWorldsGeneratorTests"/>) and WASI 0.2.12's <c>wasi:cli/command</c>. Those with a
/// <see cref="Dummy"/> have the core module jco 1.35.0's <c>componentEmbed({ dummy: true })</c> gives their guests,
/// made by a suite's prepare.sh.
/// </summary>
internal static class ResourceRichWorlds
{
    /// <summary>The worlds' names, for <c>[MemberData]</c>.</summary>
    public static TheoryData<string> Names() => new() { "res", "host-resources", "worlds", "wasi-cli-command", "import-export", "borrow-export", "user-export", "world-resource" };

    /// <summary>The worlds with a jco dummy module.</summary>
    public static TheoryData<string> WithDummy() => new() { "res", "host-resources", "worlds", "wasi-cli-command" };

    private const string Api = Generator.ResourceWorldsGeneratorTests.Api;

    /// <summary>The world's WIT files, and its name where a file holds more than one world.</summary>
    public static ((string Path, string Text)[] Files, string? World) Sources(string name) => name switch
    {
        "res" => (File(Suite("WitBindgen.Oracle.Tests", "wit-res", "res.wit")), null),
        "host-resources" => (File(Suite("WitBindgen.Resources.Tests", "wit", "store.wit")), null),
        "worlds" => (File(Suite("WitBindgen.Resources.Tests", "wit-worlds", "worlds.wit")), null),
        "wasi-cli-command" => (TodaysWitTests.WasiFiles().Select(f => (f.Path, f.Text)).ToArray(), "wasi:cli/command@0.2.12"),
        "import-export" => (Text(Api + "world w { import api; export api; }\n"), null),
        "borrow-export" => (Text(Api + "world w { import api; export take: func(b: borrow<api-blob>); use api.{blob as api-blob}; }\n"), null),
        "user-export" => (Text(Api + "interface user { use api.{blob}; keep: func(b: blob); look: func(b: borrow<blob>) -> u32; give: func() -> blob; }\nworld w { import api; export user; }\n"), null),
        "world-resource" => (Text(Api + "world w { resource own-thing { constructor(); size: func() -> u32; } import make: func() -> own-thing; export use-it: func(t: borrow<own-thing>) -> own-thing; }\n"), null),
        _ => throw new System.ArgumentException(name),
    };

    public static (Resolve Resolve, int World) Load(string name)
    {
        var (files, worldName) = Sources(name);
        var loaded = WitFrontEnd.Load(files.Select(f => new WitSourceFile(f.Path, f.Text)).ToArray());
        Assert.True(loaded.Diagnostics.IsEmpty, string.Join("\n", loaded.Diagnostics));
        var (world, problem) = WitFrontEnd.SelectWorld(loaded.Resolve!, worldName, files[0].Path);
        Assert.Null(problem);
        return (loaded.Resolve!, world);
    }

    /// <summary>The jco dummy module of world <paramref name="name"/>, and the prepare.sh that makes it.</summary>
    public static (string Path, string Prepare) Dummy(string name) => name switch
    {
        "res" => (Suite("WitBindgen.Resources.Tests", "out", "res.dummy.wasm"), "tests/WitBindgen.Resources.Tests/prepare.sh"),
        "host-resources" => (Suite("WitBindgen.Resources.Tests", "out", "host-resources.dummy.wasm"), "tests/WitBindgen.Resources.Tests/prepare.sh"),
        "worlds" => (Suite("WitBindgen.Resources.Tests", "out", "worlds.dummy.wasm"), "tests/WitBindgen.Resources.Tests/prepare.sh"),
        "wasi-cli-command" => (Suite("WitBindgen.P2.Tests", "out", "command.dummy.wasm"), "tests/WitBindgen.P2.Tests/prepare.sh"),
        _ => throw new System.ArgumentException(name),
    };

    /// <summary>The full package versions the <c>cm32p2</c> names cut to their semver-compatible prefix.</summary>
    public static IReadOnlyDictionary<string, string> Versions(string name) => name == "wasi-cli-command"
        ? new Dictionary<string, string> { ["0.2"] = "0.2.12" }
        : new Dictionary<string, string> { ["0.1"] = "0.1.0", ["1"] = "1.0.0" };

    private static string Suite(string suite, params string[] path) =>
        Path.Combine(new[] { TestsDirectory(), suite }.Concat(path).ToArray());

    private static string TestsDirectory([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", ".."));

    private static (string, string)[] File(string path) => new[] { (path, System.IO.File.ReadAllText(path)) };

    private static (string, string)[] Text(string text) => new[] { ("/p/wit/w.wit", text) };
}
