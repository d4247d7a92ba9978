using System;
using System.Linq;
using Wasmtime;
using Xunit;

namespace WitBindgen.ThirdParty.Tests;

/// <summary>Checks beyond single calls: the guest's shape, many calls on one instance, and what expected.json covers.</summary>
public sealed class GuestTests
{
    private static string Json(string name, string field) => (string)Files.Case(name)["result"]![field]!;

    [Fact]
    public void GuestImportsOnlyConsoleError()
    {
        var imports = CompiledGuest.Module.Imports.Select(i => $"{i.ModuleName}.{i.Name}").ToList();
        Assert.Equal(new[] { "console.error" }, imports);
        var exports = CompiledGuest.Module.Exports.Select(e => e.Name).ToHashSet();
        foreach (var fn in new[] { "parse", "print", "component-new", "component-wit", "component-embed", "metadata-show", "metadata-add" })
        {
            Assert.Contains("exports#" + fn, exports);
            Assert.Contains("cabi_post_exports#" + fn, exports);
        }
    }

    [Fact]
    public void WitComponentAcceptsOurWitForTheRealGuest()
    {
        // expected.mjs embedded wit/ into wasm-tools.core.wasm and made a component with jco 0.6.1's wit-component,
        // which checks every import and export of the module against the world (names and core signatures; the
        // memory layouts behind pointers are what the parity tests check).
        var check = Files.Expected["witCheck"]!.AsObject();
        Assert.True(check["err"] is null, $"wit-component rejected wit/ for the real guest: {check["err"]}");
        var wit = (string)check["ok"]!;
        Assert.Contains("  import console: self.console\n  export exports: self.exports\n", wit, StringComparison.Ordinal);
        Assert.Contains("component-embed: func(binary: option<list<u8>>, wit: string, opts: option<embed-opts>) -> result<list<u8>, string>", wit, StringComparison.Ordinal);
    }

    [Fact]
    public void ParsePrintRoundTripOnOneInstance()
    {
        using var guest = new WasmToolsGuest();
        var wat = (string)Files.Case("parse-unicode")["args"]!["wat"]!;
        var binary = guest.Tools.Parse(wat).OkValue;
        Assert.Equal(Convert.FromBase64String(Json("parse-unicode", "ok")), binary.ToArray());
        var text = guest.Tools.Print(binary).OkValue;
        Assert.Equal(Json("print-unicode", "ok"), text);
        // The printed text parses back to the same module, and prints the same again.
        var again = guest.Tools.Parse(text).OkValue;
        Assert.Equal(binary.ToArray(), again.ToArray());
        Assert.Equal(text, guest.Tools.Print(again).OkValue);
        // An error in between leaves the instance working.
        Assert.Equal(Json("parse-error", "err"), guest.Tools.Parse((string)Files.Case("parse-error")["args"]!["wat"]!).ErrValue);
        Assert.Equal(text, guest.Tools.Print(binary).OkValue);
        Assert.Empty(guest.Recorder.Errors);
    }

    [Fact]
    public void PostReturnFreesResults()
    {
        // print-large returns about 260 KB of text each time: unless cabi_post_exports#print frees it, memory grows.
        using var guest = new WasmToolsGuest();
        var binary = Convert.FromBase64String((string)Files.Case("print-large")["args"]!["binary"]!);
        var expected = Json("print-large", "ok");
        for (int i = 0; i < 3; i++) Assert.Equal(expected, guest.Tools.Print(binary).OkValue);
        long warm = guest.Context.Memory.GetLength();
        for (int i = 0; i < 40; i++) Assert.Equal(expected, guest.Tools.Print(binary).OkValue);
        Assert.Equal(warm, guest.Context.Memory.GetLength());
    }

    [Fact]
    public void ExpectedResultsCoverEveryExportWithOkAndErr()
    {
        Assert.Equal("0.6.1", (string)Files.Expected["jco"]!);
        var outcomes = Files.Expected["cases"]!.AsArray()
            .Select(c => ((string)c!["fn"]!, c["result"]!.AsObject().Single().Key))
            .ToHashSet();
        foreach (var fn in new[] { "parse", "print", "component-new", "component-wit", "component-embed", "metadata-show", "metadata-add" })
        {
            Assert.Contains((fn, "ok"), outcomes);
            Assert.Contains((fn, "err"), outcomes);
        }
        Assert.Contains(("component-new", "trap"), outcomes);
    }
}
