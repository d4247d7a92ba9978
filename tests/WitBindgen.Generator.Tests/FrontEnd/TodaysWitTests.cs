using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using WitBindgen.Generator.Diagnostics;
using WitBindgen.Generator.Model;
using Xunit;

namespace WitBindgen.Generator.Tests.FrontEnd;

/// <summary>WIT as written since 2024: gates, nested packages, include, versions, resources, the async words.</summary>
public class TodaysWitTests
{
    private static string WasiDirectory => Path.Combine(AppContext.BaseDirectory, "TestData", "wasi-0.2.12", "wit");

    internal static WitSourceFile[] WasiFiles() => Directory.GetFiles(WasiDirectory, "*.wit", SearchOption.AllDirectories)
        .OrderBy(p => p, StringComparer.Ordinal).Select(p => new WitSourceFile(p, File.ReadAllText(p))).ToArray();

    private static World CommandWorld(Resolve resolve)
    {
        var (world, problem) = WitFrontEnd.SelectWorld(resolve, "wasi:cli/command@0.2.12", "");
        Assert.Null(problem);
        Assert.Equal(world, WitFrontEnd.SelectWorld(resolve, "wasi:cli/command", "").World);
        return resolve.Worlds[world];
    }

    [Fact]
    public void Wasi_0_2_12_from_jco_parses_and_resolves_and_wasi_cli_command_has_its_imports()
    {
        var loaded = WitFrontEnd.Load(WasiFiles());
        Assert.True(loaded.Diagnostics.IsEmpty, string.Join("\n", loaded.Diagnostics));
        var resolve = loaded.Resolve!;
        var command = CommandWorld(resolve);

        string Qualified(WorldItem item)
        {
            var iface = resolve.Interfaces[item.Interface];
            var package = resolve.Packages[iface.Package];
            return $"{package.Namespace}:{package.Name}/{iface.Name}@{package.Version}";
        }
        var imports = command.Imports.Select(Qualified).ToList();
        var expected = new[]
        {
            "wasi:cli/environment", "wasi:cli/exit", "wasi:cli/stdin", "wasi:cli/stdout", "wasi:cli/stderr",
            "wasi:cli/terminal-input", "wasi:cli/terminal-output", "wasi:cli/terminal-stdin", "wasi:cli/terminal-stdout", "wasi:cli/terminal-stderr",
            "wasi:clocks/monotonic-clock", "wasi:clocks/wall-clock", "wasi:filesystem/types", "wasi:filesystem/preopens",
            "wasi:sockets/network", "wasi:sockets/instance-network", "wasi:sockets/udp", "wasi:sockets/udp-create-socket",
            "wasi:sockets/tcp", "wasi:sockets/tcp-create-socket", "wasi:sockets/ip-name-lookup",
            "wasi:random/random", "wasi:random/insecure", "wasi:random/insecure-seed",
            "wasi:io/poll", "wasi:io/streams", "wasi:io/error",
        }.Select(n => n + "@0.2.12").ToList();
        // The items the worlds name, through every include, and (as wit-parser elaborates a world) wasi:io/error,
        // which streams and filesystem use: the only one the world imports without naming it.
        Assert.Equal(expected.OrderBy(n => n), imports.OrderBy(n => n));
        Assert.Equal(new[] { "wasi:io/error@0.2.12" }, command.Imports.Where(i => i.IsImplicit).Select(Qualified));
        var error = command.Imports.Single(i => i.IsImplicit);
        Assert.Equal("wasi:io/error@0.2.12", error.AbiName);
        Assert.True(command.Imports.ToList().FindIndex(i => i.IsImplicit) < command.Imports.ToList().FindIndex(i => Qualified(i) == "wasi:io/streams@0.2.12"),
            "an implicit import comes before the first import that uses it");
        Assert.Equal(new[] { "wasi:cli/run@0.2.12" }, command.Exports.Select(Qualified));
        // @unstable(feature = clocks-timezone): left out unless enabled.
        Assert.DoesNotContain(resolve.Interfaces, i => i.Name == "timezone");
    }

    [Fact]
    public void An_enabled_feature_keeps_its_unstable_items()
    {
        var resolve = WitFrontEnd.Load(WasiFiles(), new[] { "clocks-timezone", "network-error-code" }).Resolve!;
        Assert.Contains(CommandWorld(resolve).Imports, i => i.Name == "timezone");
        var network = resolve.Interfaces.Single(i => i.Name == "network" && resolve.Packages[i.Package].Name == "sockets");
        Assert.Contains(network.Functions, f => f.Name == "network-error-code");
        var without = WitFrontEnd.Load(WasiFiles()).Resolve!;
        Assert.DoesNotContain(without.Interfaces.Single(i => i.Name == "network" && without.Packages[i.Package].Name == "sockets").Functions,
            f => f.Name == "network-error-code");
    }

    [Fact]
    public void Resources_are_resolved_with_constructors_methods_and_static_functions()
    {
        var resolve = WitFrontEnd.Load(WasiFiles()).Resolve!;
        ResourceKind Resource(string name) => (ResourceKind)resolve.Types.Single(t => t.Name == name && t.Kind is ResourceKind).Kind;

        var fields = Resource("fields");
        var constructor = fields.Functions.Single(f => f.Kind == ResourceFunctionKind.Constructor).Function;
        Assert.Equal("fields", resolve.Types[constructor.Results.Anonymous!.Value.Id].Name);
        var fromList = fields.Functions.Single(f => f.Function.Name == "from-list");
        Assert.Equal(ResourceFunctionKind.Static, fromList.Kind);
        Assert.NotEqual("self", fromList.Function.Params[0].Name);

        var read = Resource("descriptor").Functions.Single(f => f.Function.Name == "read");
        Assert.Equal(ResourceFunctionKind.Method, read.Kind);
        Assert.Equal("self", read.Function.Params[0].Name);
        var self = Assert.IsType<HandleKind>(resolve.Types[read.Function.Params[0].Type.Id].Kind);
        Assert.False(self.IsOwn);
        Assert.Equal("descriptor", resolve.Types[self.Resource.Id].Name);
    }

    [Fact]
    public void Gates_are_read_on_every_kind_of_item()
    {
        var r = Wit.Ok("""
            package a:b@1.2.0;
            @since(version = 1.0.0)
            interface i {
              @since(version = 1.0.0)
              use j.{t};
              @since(version = 1.1.0) @deprecated(version = 1.2.0)
              record p { x: t }
              /// Docs before a gate.
              @unstable(feature = extra)
              f: func();
              @since(version = 1.0.0-rc.1+build.5)
              resource r {
                @since(version = 1.0.0)
                constructor();
                @unstable(feature = extra)
                m: func();
                @since(version = 1.0.0)
                s: static func() -> u32;
              }
              /// Kept.
              @since(version = 1.0.0, feature = old-style)
              g: func() -> p;
            }
            @since(version = 1.0.0)
            interface j { type t = u32; }
            @since(version = 1.0.0)
            world w {
              @since(version = 1.0.0)
              import i;
              @unstable(feature = extra)
              import j;
              @since(version = 1.0.0)
              include v;
            }
            world v { @since(version = 1.0.0) export x: func(); }
            """);
        var i = r.Interface("i");
        Assert.Equal(new[] { "g" }, i.Functions.Select(f => f.Name));
        Assert.Equal("Kept.", i.Func("g").Docs);
        var resource = (ResourceKind)r.TypeNamed(i, "r").Kind;
        Assert.Equal(new[] { "constructor", "s" }, resource.Functions.Select(f => f.Function.Name));
        var w = r.Worlds.Single(x => x.Name == "w");
        // The gated `import j` is left out; j is imported anyway (implicitly, before i) because i uses it.
        Assert.Equal(new[] { "j", "i" }, w.Imports.Select(x => x.Name));
        Assert.Equal(new[] { true, false }, w.Imports.Select(x => x.IsImplicit));
        Assert.Equal(new[] { "x" }, w.Exports.Select(x => x.Name));
    }

    [Fact]
    public void Nested_packages_are_packages_of_their_own_named_by_versioned_paths()
    {
        var r = Wit.Ok("""
            package root:app;
            use other:lib/tools@1.0.0 as tools;
            world app {
              import other:lib/tools@1.0.0;
              import other:lib/extra;
            }
            world aliased { import tools; }
            package other:lib@1.0.0 {
              interface tools { record hammer { weight: u32 } hit: func(h: hammer); }
              interface extra { use tools.{hammer as mallet}; swing: func(m: mallet); }
            }
            """);
        var lib = r.Packages.Single(p => p.Namespace == "other");
        Assert.Equal(("lib", "1.0.0", false), (lib.Name, lib.Version, lib.IsRoot));
        var app = r.Worlds.Single(w => w.Name == "app");
        Assert.Equal(new[] { "tools", "extra" }, app.Imports.Select(x => x.Name));
        Assert.All(app.Imports, item => Assert.Equal(lib, r.Packages[r.Interfaces[item.Interface].Package]));
        Assert.Equal(app.Imports[0].Interface, r.Worlds.Single(w => w.Name == "aliased").Imports.Single().Interface);
        var extra = r.Interface("extra");
        Assert.Equal("mallet", extra.Types.Single().Name);
    }

    [Fact]
    public void Include_with_renames_and_merges_the_same_interface_once()
    {
        var r = Wit.Ok("""
            package a:b;
            interface log { write: func(s: string); }
            world base { import log; import now: func() -> u64; export start: func(); }
            world more { import log; }
            world app {
              include base with { now as clock, start as begin }
              include more;
            }
            """);
        var app = r.Worlds.Single(w => w.Name == "app");
        Assert.Equal(new[] { "log", "clock" }, app.Imports.Select(i => i.Name));
        Assert.Equal(new[] { "begin" }, app.Exports.Select(i => i.Name));
    }

    [Fact]
    public void Include_cycles_and_unknown_names_are_reported()
    {
        Assert.Contains(Wit.Errors(("/w/wit/t.wit", "package a:b;\nworld x { include y; }\nworld y { include x; }")), d => d.Id == WitDiagnosticIds.CyclicDefinition);
        var unknown = Wit.Errors(("/w/wit/t.wit", "package a:b;\nworld x { import f: func(); }\nworld y { include x with { g as h } }"));
        Assert.Contains(unknown, d => d.Id == WitDiagnosticIds.UndefinedName && d.Message.Contains("'g'"));
    }

    [Theory]
    [InlineData("interface i {\n  f: async func();\n}", 1, 5, "'async'")]
    [InlineData("interface i {\n  f: func() -> stream<u8>;\n}", 1, 15, "'stream'")]
    [InlineData("interface i {\n  f: func(x: future<u8>);\n}", 1, 13, "'future'")]
    [InlineData("interface i {\n  f: func() -> error-context;\n}", 1, 15, "'error-context'")]
    [InlineData("interface i {\n  resource r { m: async func(); }\n}", 1, 18, "'async'")]
    public void The_async_abi_is_reported_as_not_supported_at_its_token(string body, int line, int column, string word)
    {
        var d = Wit.Errors(("/w/wit/t.wit", "package a:b;\n" + body)).First(e => e.Id == WitDiagnosticIds.UnsupportedFeature);
        Assert.Equal((line + 1, column), (d.Span.Line, d.Span.Column));
        Assert.Contains(word, d.Message);
        Assert.Contains("not supported", d.Message);
    }

    [Fact]
    public void Flags_of_more_than_32_members_are_refused_in_todays_wit_and_accepted_in_the_may_2023_dialect()
    {
        static string Flags(int n) => "flags big { " + string.Join(", ", Enumerable.Range(0, n).Select(i => $"f{i}")) + " }";
        var d = Wit.Errors(("/w/wit/t.wit", "package a:b;\ninterface i {\n  " + Flags(33) + "\n}")).Single();
        Assert.Equal(WitDiagnosticIds.UnsupportedFeature, d.Id);
        Assert.Equal((2, 8), (d.Span.Line, d.Span.Column));
        Assert.Contains("33 flags", d.Message);
        Wit.Ok("package a:b;\ninterface i {\n  " + Flags(32) + "\n}");
        Wit.Ok("interface i {\n  " + Flags(65) + "\n}");
    }

    [Fact]
    public void Diagnostics_in_a_file_of_todays_dialect_give_no_may_2023_hints()
    {
        var d = Wit.Errors(("/w/wit/t.wit", "package a:b;\nworld w { import nope; }")).Single();
        Assert.Equal(WitDiagnosticIds.UnknownInterface, d.Id);
        Assert.DoesNotContain("May-2023", d.Message);
        Assert.DoesNotContain("self.", d.Message);
        var old = Wit.Errors(("/w/wit/t.wit", "default world w { import n: nope }")).Single();
        Assert.Contains("self.nope", old.Message);
    }

    [Fact]
    public void Handles_name_resources_and_an_unknown_one_is_reported()
    {
        var r = Wit.Ok("package a:b;\ninterface i { resource r; f: func(a: borrow<r>, b: own<r>) -> r; }");
        var f = r.Interface("i").Func("f");
        Assert.False(r.Kind<HandleKind>(f.Params[0].Type).IsOwn);
        Assert.True(r.Kind<HandleKind>(f.Params[1].Type).IsOwn);
        Assert.IsType<ResourceKind>(r.Types[f.Results.Anonymous!.Value.Id].Kind);
        Assert.Equal(WitDiagnosticIds.UndefinedName, Wit.Error("package a:b;\ninterface i { f: func(a: borrow<q>); }", WitDiagnosticIds.UndefinedName).Id);
    }
}
