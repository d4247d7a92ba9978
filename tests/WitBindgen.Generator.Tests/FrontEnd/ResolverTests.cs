using System.Linq;
using WitBindgen.Generator.Diagnostics;
using WitBindgen.Generator.Model;
using Xunit;

namespace WitBindgen.Generator.Tests.FrontEnd;

/// <summary>Packages from directories and deps/, documents, default items, use across them, and every error kind.</summary>
public class ResolverTests
{
    private const string Poll = "default interface poll { type pollable = u32 \n drop-pollable: func(this: pollable) }";

    [Fact]
    public void Packages_come_from_directories_and_deps()
    {
        var r = Wit.Ok(
            ("/p/wit/command.wit", "default world command { import poll: poll.poll\n import streams: io.streams\n export run: pkg.run }"),
            ("/p/wit/run.wit", "default interface run { run: func() -> result }"),
            ("/p/wit/deps/poll/poll.wit", Poll),
            ("/p/wit/deps/io/streams.wit", "default interface streams { use poll.poll.{pollable}\n subscribe: func(s: u32) -> pollable }"));
        Assert.Equal(new[] { ("wit", true), ("io", false), ("poll", false) }, r.Packages.Select(p => (p.Name, p.IsRoot)));
        var w = r.Worlds.Single();
        Assert.Equal(new[] { "poll", "streams" }, w.Imports.Select(i => r.Interfaces[i.Interface].Name));
        var subscribe = r.Interface("streams").Func("subscribe");
        Assert.Equal(TypeRefKind.U32, r.Unalias(subscribe.Results.Anonymous!.Value).Kind);
        // The used name is an alias owned by streams, pointing at poll's definition.
        var alias = r.Types[subscribe.Results.Anonymous!.Value.Id];
        Assert.Equal("pollable", alias.Name);
        var original = r.Types[((AliasKind)alias.Kind).Target.Id];
        Assert.Equal(r.Interfaces.ToList().FindIndex(i => i.Name == "poll"), original.Owner.Id);
    }

    [Fact]
    public void Pkg_paths_name_a_documents_default_or_a_named_interface()
    {
        var r = Wit.Ok(
            ("/p/wit/world.wit", "default world w { import a: pkg.stdio.stdin\n import b: pkg.env }"),
            ("/p/wit/stdio.wit", "interface stdin { get: func() -> u32 }\ninterface stdout { get: func() -> u32 }"),
            ("/p/wit/env.wit", "default interface env { args: func() -> list<string> }"));
        var w = r.Worlds.Single();
        Assert.Equal(new[] { "stdin", "env" }, w.Imports.Select(i => r.Interfaces[i.Interface].Name));
    }

    [Fact]
    public void Dependency_paths_may_name_a_documents_interface_and_deps_use_their_own_pkg()
    {
        var r = Wit.Ok(
            ("/p/wit/world.wit", "default world w { import wall: clocks.wall-clock\n import tz: clocks.timezone.timezone }"),
            ("/p/wit/deps/clocks/wall-clock.wit", "default interface wall-clock { record datetime { seconds: u64 } }"),
            ("/p/wit/deps/clocks/timezone.wit", "interface timezone { use pkg.wall-clock.{datetime}\n display: func(when: datetime) }"));
        Assert.Equal(2, r.Worlds.Single().Imports.Count);
        var when = r.Interface("timezone").Func("display").Params[0].Type;
        Assert.IsType<RecordKind>(r.Types[r.Unalias(when).Id].Kind);
    }

    [Fact]
    public void The_seed_command_world_resolves_without_errors()
    {
        var files = TestFiles.CommandWorld();
        var r = Wit.Ok(files);
        var world = r.Worlds.Single(w => w.Name == "command");
        Assert.Equal(22, world.Imports.Count);
        Assert.Equal("run", Assert.Single(world.Exports).Name);
        var functions = world.Imports.Sum(i => r.Interfaces[i.Interface].Functions.Count);
        Assert.Equal(127, functions);
        // Order decides discriminants and flag bits: spot-check against the spec.
        var fs = r.Interface("filesystem");
        var errorCode = Assert.IsType<EnumKind>(r.TypeNamed(fs, "error-code").Kind);
        Assert.Equal("access", errorCode.Cases[0].Name);
        var flags = Assert.IsType<FlagsKind>(r.TypeNamed(fs, "descriptor-flags").Kind);
        Assert.Equal(new[] { "read", "write" }, flags.Flags.Take(2).Select(f => f.Name));
    }

    // ---- errors ----

    [Fact]
    public void Undefined_type_names_the_type_and_its_place()
    {
        var d = Wit.Error("interface i {\n  f: func(x: missing)\n}", WitDiagnosticIds.UndefinedName);
        Assert.Equal("type 'missing' is not defined", d.Message);
        Assert.Equal((1, 13), (d.Span.Line, d.Span.Column));
    }

    [Theory]
    [InlineData("interface i { type a = u8 \n type a = u16 }", "type 'a' is defined more than once")]
    [InlineData("interface i { record r { a: u8, a: u8 } }", "field 'a' is defined more than once in record 'r'")]
    [InlineData("interface i { variant v { a, a(u8) } }", "case 'a' is defined more than once in variant 'v'")]
    [InlineData("interface i { enum e { a, a } }", "case 'a' is defined more than once in enum 'e'")]
    [InlineData("interface i { flags f { a, a } }", "flag 'a' is defined more than once in flags 'f'")]
    [InlineData("interface i { f: func() \n f: func() }", "'f' is defined more than once in interface 'i'")]
    [InlineData("interface i { f: func(a: u8, a: u8) }", "parameter 'a' is defined more than once in function 'f'")]
    [InlineData("interface i { f: func() -> (a: u8, a: u8) }", "result 'a' is defined more than once in function 'f'")]
    [InlineData("interface i {} \n interface i {}", "'i' is defined more than once in this document")]
    [InlineData("interface i {} world w { import x: self.i \n import x: self.i }", "import 'x' is defined more than once in world 'w'")]
    public void Duplicates_are_reported(string text, string message)
    {
        var d = Wit.Error(text, WitDiagnosticIds.DuplicateName);
        Assert.Equal(message, d.Message);
    }

    [Fact]
    public void Recursive_types_are_cyclic()
    {
        var d = Wit.Error("interface i { record node { next: list<node> } }", WitDiagnosticIds.CyclicDefinition);
        Assert.Contains("refers to itself", d.Message);
    }

    [Fact]
    public void Alias_cycles_are_cyclic()
    {
        var errors = Wit.Errors(("/w/wit/t.wit", "interface i { type a = b \n type b = c \n type c = a }"));
        Assert.Contains(errors, e => e.Id == WitDiagnosticIds.CyclicDefinition);
    }

    [Fact]
    public void Use_cycles_between_interfaces_are_cyclic()
    {
        var errors = Wit.Errors(("/w/wit/t.wit", "interface a { use self.b.{y} \n type x = u8 } interface b { use self.a.{x} \n type y = u8 }"));
        Assert.Contains(errors, e => e.Id == WitDiagnosticIds.CyclicDefinition && e.Message.Contains("cycle of 'use'"));
    }

    [Fact]
    public void Unknown_package_document_and_interface()
    {
        Assert.Contains(Wit.Errors(("/w/wit/t.wit", "world w { import x: nope.doc }")),
            e => e.Id == WitDiagnosticIds.UnknownPackage && e.Message.Contains("deps/nope/"));
        Assert.Contains(Wit.Errors(("/w/wit/t.wit", "world w { import x: pkg.nope }")),
            e => e.Id == WitDiagnosticIds.UnknownDocument && e.Message.Contains("nope.wit"));
        Assert.Contains(Wit.Errors(("/w/wit/t.wit", "world w { import x: pkg.t.nope }")),
            e => e.Id == WitDiagnosticIds.UnknownInterface);
        Assert.Contains(Wit.Errors(("/w/wit/t.wit", "interface i { use self.nope.{x} }")),
            e => e.Id == WitDiagnosticIds.UnknownInterface);
    }

    [Fact]
    public void Use_of_a_name_the_interface_lacks()
    {
        var errors = Wit.Errors(("/w/wit/t.wit", "interface a { type x = u8 } interface b { use self.a.{y} }"));
        Assert.Equal("interface 'a' has no type 'y'", Assert.Single(errors).Message);
    }

    [Fact]
    public void Document_without_default_interface()
    {
        var errors = Wit.Errors(("/w/wit/w.wit", "default world w { import x: pkg.other }"), ("/w/wit/other.wit", "interface o {}"));
        Assert.Equal(WitDiagnosticIds.NoDefaultItem, Assert.Single(errors).Id);
    }

    [Fact]
    public void Two_defaults_in_one_document()
    {
        Assert.Equal(WitDiagnosticIds.DuplicateDefault, Wit.Error("default interface a {} default interface b {}", WitDiagnosticIds.DuplicateDefault).Id);
        Assert.Equal(WitDiagnosticIds.DuplicateDefault, Wit.Error("default world a {} default world b {}", WitDiagnosticIds.DuplicateDefault).Id);
    }

    [Theory]
    [InlineData("interface i { variant v {} }")]
    [InlineData("interface i { enum e {} }")]
    [InlineData("interface i { flags f {} }")]
    [InlineData("interface i { union u {} }")]
    public void Empty_variants_enums_flags_and_unions(string text)
    {
        Wit.Error(text, WitDiagnosticIds.EmptyDefinition);
    }

    [Theory]
    [InlineData("interface i { f: func() -> future<u8> }")]
    [InlineData("interface i { f: func() -> stream<u8> }")]
    [InlineData("interface i { f: func() -> error-context }")]
    [InlineData("interface i { f: async func() }")]
    public void Features_of_later_wit_are_reported_as_unsupported(string text)
    {
        Assert.Contains(Wit.Errors(("/w/wit/t.wit", text)), e => e.Id == WitDiagnosticIds.UnsupportedFeature);
    }

    [Fact]
    public void Todays_keywords_are_names_in_the_2023_dialect()
    {
        var r = Wit.Ok("interface package { record resource { own: u8, with: u8, include: u8 } \n borrow: func(constructor: resource) }");
        Assert.Equal("own", Assert.IsType<RecordKind>(r.TypeNamed(r.Interface("package"), "resource").Kind).Fields[0].Name);
    }

    // ---- world selection ----

    [Fact]
    public void World_selection_by_name_default_or_only()
    {
        var r = Wit.Ok("world a {} \n default world b {}");
        Assert.Equal("b", r.Worlds[WitFrontEnd.SelectWorld(r, null, "").World].Name);
        Assert.Equal("a", r.Worlds[WitFrontEnd.SelectWorld(r, "a", "").World].Name);
        Assert.Equal("a", r.Worlds[WitFrontEnd.SelectWorld(r, "test.a", "").World].Name);
        Assert.Equal("a", r.Worlds[WitFrontEnd.SelectWorld(r, "wit.test.a", "").World].Name);
        Assert.Equal(WitDiagnosticIds.UnknownWorld, WitFrontEnd.SelectWorld(r, "c", "").Problem!.Id);
        var two = Wit.Ok("world a {} \n world b {}");
        Assert.Equal(WitDiagnosticIds.AmbiguousWorld, WitFrontEnd.SelectWorld(two, null, "").Problem!.Id);
        var none = Wit.Ok("interface i {}");
        Assert.Equal(WitDiagnosticIds.NoWorld, WitFrontEnd.SelectWorld(none, null, "").Problem!.Id);
    }

    [Fact]
    public void F32_and_f64_are_floats_unless_a_type_of_that_name_is_in_scope()
    {
        var r = Wit.Ok("interface i { flags f64 { a } \n f: func(x: f64, y: f32) }\ninterface j { g: func(x: f64) }");
        var f = r.Interface("i").Func("f");
        Assert.IsType<FlagsKind>(r.Types[r.Unalias(f.Params[0].Type).Id].Kind);
        Assert.Equal(TypeRefKind.Float32, f.Params[1].Type.Kind);
        Assert.Equal(TypeRefKind.Float64, r.Interface("j").Func("g").Params[0].Type.Kind);
    }
}
