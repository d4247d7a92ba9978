using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Wasmtime;
using WitBindgen.Wasi;
using WitBindgen.Wasi.P2;
using Xunit;

namespace WitBindgen.P2.Tests;

/// <summary>
/// Every import of <c>wasi:cli/command@0.2.12</c> under every name a guest may use (jco 1.35.0's cm32p2 names, the
/// legacy names of 0.2.12 and of older 0.2.x), and the resource table's answer to forged, stale and wrong-type handles.
/// </summary>
public sealed class NamesAndHandlesTests : IClassFixture<P2Fixture>
{
    private readonly P2Fixture _fixture;

    public NamesAndHandlesTests(P2Fixture fixture) => _fixture = fixture;

    private static WasiContext Context(MemoryOutputPipe? stdout = null) => new WasiContextBuilder().Stdout(stdout ?? new MemoryOutputPipe()).Build();

    /// <summary>jco 1.35.0's componentEmbed({dummy: true}) of the world: 137 imports, each defined with its exact signature.</summary>
    [Fact]
    public void Every_cm32p2_import_of_the_world_links()
    {
        var module = _fixture.Module("command.dummy.wasm");
        Assert.Equal(137, module.Imports.Count);
        Assert.Equal("cm32p2|wasi:cli/run@0.2|run", WasiP2Command.FindRun(module));
        using var context = Context();
        using var command = new WasiP2Command(_fixture.Engine, module, context);
        Assert.Equal("cm32p2|wasi:cli/run@0.2|run", command.RunExport);
    }

    /// <summary>The dummy's imports renamed to the legacy names of <paramref name="version"/>: all link, and run.</summary>
    [Theory]
    [InlineData("0.2.12")]
    [InlineData("0.2.0")]
    [InlineData("0.2.6")]
    public void Every_legacy_import_links_for_any_compatible_version(string version)
    {
        var imports = _fixture.Module("command.dummy.wasm").Imports.OfType<FunctionImport>().ToArray();
        var wat = new StringBuilder("(module\n");
        foreach (var import in imports)
        {
            var (module, name) = Legacy(import.ModuleName, import.Name, version);
            wat.Append($"  (import \"{module}\" \"{name}\" (func {Types("param", import.Parameters)} {Types("result", import.Results)}))\n");
        }
        wat.Append($"  (memory (export \"memory\") 1)\n  (func (export \"cabi_realloc\") (param i32 i32 i32 i32) (result i32) (i32.const 0))\n");
        wat.Append($"  (func (export \"wasi:cli/run@{version}#run\") (result i32) (i32.const 0)))");
        using var linked = Module.FromText(_fixture.Engine, "legacy", wat.ToString());
        Assert.Equal(137, linked.Imports.Count);
        Assert.Contains(linked.Imports, i => i.ModuleName == $"wasi:io/error@{version}" && i.Name == "[resource-drop]error");
        using var context = Context();
        Assert.Equal(0, WasiP2Command.Run(_fixture.Engine, linked, context));
    }

    [Theory]
    [InlineData("0.3.0")]
    [InlineData("0.2.13")]
    [InlineData("0.1.0")]
    [InlineData("1.0.0")]
    public void Incompatible_versions_do_not_link(string version)
    {
        var wat = $"(module (import \"wasi:cli/stdout@{version}\" \"get-stdout\" (func (result i32))) (memory (export \"memory\") 1) " +
                  "(func (export \"wasi:cli/run@0.2.12#run\") (result i32) (i32.const 0)))";
        using var module = Module.FromText(_fixture.Engine, "incompatible", wat);
        using var context = Context();
        var e = Assert.Throws<WasiLinkException>(() => new WasiP2Command(_fixture.Engine, module, context));
        Assert.Contains($"wasi:cli/stdout@{version}.get-stdout", e.Message);
    }

    /// <summary>A C guest compiled against WASI 0.2.0 names prints what the 0.2.12 one prints.</summary>
    [Fact]
    public void A_guest_of_0_2_0_runs_like_one_of_0_2_12()
    {
        Assert.Contains(_fixture.Module("cli-0.2.0.wasm").Imports, i => i.ModuleName == "wasi:cli/environment@0.2.0");
        var spec = RunSpec.Of("cli", "ok", "x");
        var old = Runs.InFreshDirectory(dir => Runs.Ours(spec, dir, c => WasiP2Command.Run(_fixture.Engine, _fixture.Module("cli-0.2.0.wasm"), c)));
        var current = Runs.InFreshDirectory(dir => Runs.Ours(spec, dir, c => WasiP2Command.Run(_fixture.Engine, _fixture.Module("cli.wasm"), c)));
        Assert.Null(old.Trap);
        Assert.Equal(current.Stdout, old.Stdout);
        Assert.Contains("arg x|", old.Stdout);
        Assert.Equal(0, old.Status);
    }

    private static (string Module, string Name) Legacy(string module, string name, string version)
    {
        const string prefix = "cm32p2|";
        Assert.StartsWith(prefix, module);
        var id = module.Substring(prefix.Length);
        id = id.Substring(0, id.LastIndexOf('@')) + "@" + version;
        if (name.EndsWith("_drop", StringComparison.Ordinal)) name = "[resource-drop]" + name[..^"_drop".Length];
        return (id, name);
    }

    private static string Types(string kind, IReadOnlyList<ValueKind> kinds) =>
        kinds.Count == 0 ? "" : $"({kind} {string.Join(" ", kinds.Select(k => k switch { ValueKind.Int32 => "i32", ValueKind.Int64 => "i64", ValueKind.Float32 => "f32", _ => "f64" }))})";

    private const string Header = """
        (import "wasi:cli/stdout@0.2.12" "get-stdout" (func $stdout (result i32)))
        (import "wasi:io/streams@0.2.12" "[resource-drop]output-stream" (func $drop_out (param i32)))
        (import "wasi:io/streams@0.2.12" "[method]output-stream.check-write" (func $check (param i32 i32)))
        (import "wasi:filesystem/types@0.2.12" "[method]descriptor.stat" (func $stat (param i32 i32)))
        (import "wasi:filesystem/preopens@0.2.12" "get-directories" (func $dirs (param i32)))
        (import "wasi:filesystem/types@0.2.12" "[resource-drop]descriptor" (func $drop_d (param i32)))
        (memory (export "memory") 1)
        (global $bump (mut i32) (i32.const 1024))
        (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
          (global.set $bump (i32.add (global.get $bump) (i32.const 64))) (global.get $bump))
        """;

    private string Trap(string body)
    {
        var wat = $"(module {Header} (func (export \"wasi:cli/run@0.2.12#run\") (result i32) {body} (i32.const 0)))";
        using var module = Module.FromText(_fixture.Engine, "handles", wat);
        var dir = System.IO.Directory.CreateTempSubdirectory("wb-p2-handles-").FullName;
        using var context = new WasiContextBuilder().Preopen(dir, "/data").Build();
        var e = Assert.ThrowsAny<WasmtimeException>(() => WasiP2Command.Run(_fixture.Engine, module, context));
        return e.ToString();
    }

    [Fact]
    public void A_forged_handle_traps_naming_the_function_and_the_handle()
    {
        var message = Trap("(call $stat (i32.const 12345) (i32.const 64))");
        Assert.Contains("[method]descriptor.stat", message);
        Assert.Contains("handle 12345 was never given to the guest", message);
    }

    [Fact]
    public void A_stale_handle_traps()
    {
        var message = Trap("(local i32) (local.set 0 (call $stdout)) (call $drop_out (local.get 0)) (call $check (local.get 0) (i32.const 64))");
        Assert.Contains("[method]output-stream.check-write", message);
        Assert.Contains("was already dropped or moved", message);
    }

    [Fact]
    public void A_handle_of_another_type_traps()
    {
        var message = Trap("(call $stat (call $stdout) (i32.const 64))");
        Assert.Contains("[method]descriptor.stat", message);
        Assert.Matches("(?i)descriptor", message);
    }

    [Fact]
    public void A_dropped_descriptor_cannot_be_dropped_again()
    {
        var message = Trap("(call $dirs (i32.const 64)) (call $drop_d (i32.load (i32.load (i32.const 64)))) (call $drop_d (i32.load (i32.load (i32.const 64))))");
        Assert.Contains("[resource-drop]descriptor", message);
        Assert.Contains("was already dropped or moved", message);
    }

    /// <summary>The guest's handles are bounded by the context's limit (WasiContextBuilder.MaxHandles).</summary>
    [Fact]
    public void The_handle_limit_of_the_context_bounds_the_resource_table()
    {
        var wat = $"(module {Header} (func (export \"wasi:cli/run@0.2.12#run\") (result i32) (loop $l (drop (call $stdout)) (br $l)) (i32.const 0)))";
        using var module = Module.FromText(_fixture.Engine, "many", wat);
        using var context = new WasiContextBuilder().MaxHandles(50).Build();
        var e = Assert.ThrowsAny<WasmtimeException>(() => WasiP2Command.Run(_fixture.Engine, module, context));
        Assert.Contains("the most this instance allows", e.ToString());
    }
}
