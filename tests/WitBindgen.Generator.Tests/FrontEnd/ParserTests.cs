using System.Linq;
using WitBindgen.Generator.Diagnostics;
using WitBindgen.Generator.Model;
using Xunit;

namespace WitBindgen.Generator.Tests.FrontEnd;

/// <summary>Every construct of the May-2023 dialect, parsed and resolved into the model.</summary>
public class ParserTests
{
    [Fact]
    public void Records_including_empty_with_field_docs()
    {
        var r = Wit.Ok("""
            default interface i {
              /// A time.
              record datetime {
                /// Whole seconds.
                seconds: u64,
                nanoseconds: u32,
              }
              record stream-error {}
            }
            """);
        var i = r.Interface("i");
        var datetime = r.TypeNamed(i, "datetime");
        Assert.Equal("A time.", datetime.Docs);
        var record = Assert.IsType<RecordKind>(datetime.Kind);
        Assert.Equal(new[] { "seconds", "nanoseconds" }, record.Fields.Select(f => f.Name));
        Assert.Equal(TypeRefKind.U64, record.Fields[0].Type.Kind);
        Assert.Equal("Whole seconds.", record.Fields[0].Docs);
        Assert.Empty(Assert.IsType<RecordKind>(r.TypeNamed(i, "stream-error").Kind).Fields);
    }

    [Fact]
    public void Variants_with_and_without_payloads()
    {
        var r = Wit.Ok("""
            interface i {
              variant new-timestamp { no-change, now, timestamp(u64) }
            }
            world w { import i: self.i }
            """);
        var v = Assert.IsType<VariantKind>(r.TypeNamed(r.Interface("i"), "new-timestamp").Kind);
        Assert.Equal(new[] { "no-change", "now", "timestamp" }, v.Cases.Select(c => c.Name));
        Assert.Null(v.Cases[0].Type);
        Assert.Equal(TypeRefKind.U64, v.Cases[2].Type!.Value.Kind);
    }

    [Fact]
    public void Enums_flags_and_unions_keep_order()
    {
        var r = Wit.Ok("""
            interface i {
              enum color { red, green, blue }
              flags perms { read, write, %exec }
              union u { s32, string, list<u8> }
            }
            """);
        var i = r.Interface("i");
        Assert.Equal(new[] { "red", "green", "blue" }, Assert.IsType<EnumKind>(r.TypeNamed(i, "color").Kind).Cases.Select(c => c.Name));
        Assert.Equal(new[] { "read", "write", "exec" }, Assert.IsType<FlagsKind>(r.TypeNamed(i, "perms").Kind).Flags.Select(f => f.Name));
        var union = Assert.IsType<UnionKind>(r.TypeNamed(i, "u").Kind);
        Assert.Equal(TypeRefKind.S32, union.Cases[0].Type.Kind);
        Assert.Equal(TypeRefKind.String, union.Cases[1].Type.Kind);
        Assert.Equal(TypeRefKind.U8, r.Kind<ListKind>(union.Cases[2].Type).Element.Kind);
    }

    [Fact]
    public void Flags_of_any_count()
    {
        var names = string.Join(", ", Enumerable.Range(0, 100).Select(n => "f" + n));
        var r = Wit.Ok($"interface i {{ flags many {{ {names} }} }}");
        Assert.Equal(100, Assert.IsType<FlagsKind>(r.TypeNamed(r.Interface("i"), "many").Kind).Flags.Count);
    }

    [Fact]
    public void All_primitive_types()
    {
        var r = Wit.Ok("interface i { f: func(a: bool, b: u8, c: u16, d: u32, e: u64, f: s8, g: s16, h: s32, i: s64, j: float32, k: float64, l: char, m: string, n: f32, o: f64) }");
        var kinds = r.Interface("i").Func("f").Params.Select(p => p.Type.Kind).ToArray();
        Assert.Equal(new[]
        {
            TypeRefKind.Bool, TypeRefKind.U8, TypeRefKind.U16, TypeRefKind.U32, TypeRefKind.U64, TypeRefKind.S8, TypeRefKind.S16,
            TypeRefKind.S32, TypeRefKind.S64, TypeRefKind.Float32, TypeRefKind.Float64, TypeRefKind.Char, TypeRefKind.String,
            TypeRefKind.Float32, TypeRefKind.Float64,
        }, kinds);
    }

    [Fact]
    public void All_four_result_shapes_options_tuples_and_lists()
    {
        var r = Wit.Ok("""
            interface i {
              a: func() -> result
              b: func() -> result<u32>
              c: func() -> result<_, string>
              d: func() -> result<u32, string>
              e: func() -> option<option<u8>>
              f: func() -> tuple<u8, tuple<string, char>>
              g: func() -> list<list<u8>>
              h: func() -> tuple<>
            }
            """);
        var i = r.Interface("i");
        ResultKind Res(string f) => r.Kind<ResultKind>(i.Func(f).Results.Anonymous!.Value);
        Assert.Equal((null, null), (Res("a").Ok, Res("a").Err));
        Assert.Equal(TypeRefKind.U32, Res("b").Ok!.Value.Kind);
        Assert.Null(Res("b").Err);
        Assert.Null(Res("c").Ok);
        Assert.Equal(TypeRefKind.String, Res("c").Err!.Value.Kind);
        Assert.Equal((TypeRefKind.U32, TypeRefKind.String), (Res("d").Ok!.Value.Kind, Res("d").Err!.Value.Kind));
        var outer = r.Kind<OptionKind>(i.Func("e").Results.Anonymous!.Value);
        Assert.Equal(TypeRefKind.U8, r.Kind<OptionKind>(outer.Type).Type.Kind);
        var tuple = r.Kind<TupleKind>(i.Func("f").Results.Anonymous!.Value);
        Assert.Equal(2, r.Kind<TupleKind>(tuple.Types[1]).Types.Count);
        Assert.Equal(TypeRefKind.U8, r.Kind<ListKind>(r.Kind<ListKind>(i.Func("g").Results.Anonymous!.Value).Element).Element.Kind);
        Assert.Empty(r.Kind<TupleKind>(i.Func("h").Results.Anonymous!.Value).Types);
    }

    [Fact]
    public void Functions_with_named_results_and_docs()
    {
        var r = Wit.Ok("""
            interface i {
              /// Splits.
              /// Two lines.
              split: func(%this: u32, in: string) -> (left: string, right: string)
              nothing: func()
            }
            """);
        var split = r.Interface("i").Func("split");
        Assert.Equal("Splits.\nTwo lines.", split.Docs);
        Assert.Equal(new[] { "this", "in" }, split.Params.Select(p => p.Name));
        Assert.Equal(new[] { "left", "right" }, split.Results.Named.Select(p => p.Name));
        Assert.Equal(0, r.Interface("i").Func("nothing").Results.Count);
    }

    [Fact]
    public void Type_aliases_and_use_resolve_to_the_original()
    {
        var r = Wit.Ok("""
            interface a {
              type handle = u32
              record point { x: handle }
            }
            interface b {
              use self.a.{point, handle as h}
              f: func(p: point, q: h)
            }
            """);
        var b = r.Interface("b");
        var p = b.Func("f").Params[0].Type;
        Assert.IsType<AliasKind>(r.Types[p.Id].Kind);
        Assert.IsType<RecordKind>(r.Types[r.Unalias(p).Id].Kind);
        Assert.Equal(TypeRefKind.U32, r.Unalias(b.Func("f").Params[1].Type).Kind);
        Assert.Equal(new[] { "point", "h" }, b.Types.Select(t => t.Name));
    }

    [Fact]
    public void Types_may_be_used_before_they_are_defined()
    {
        var r = Wit.Ok("interface i { f: func(x: later) record later { y: also-later } type also-later = string }");
        Assert.Equal(TypeRefKind.String, r.Unalias(r.Kind<RecordKind>(r.Interface("i").Func("f").Params[0].Type).Fields[0].Type).Kind);
    }

    [Fact]
    public void Worlds_import_and_export_interfaces_functions_and_inline_interfaces()
    {
        var r = Wit.Ok("""
            default interface streams { read: func() -> u8 }
            /// The world.
            default world w {
              import streams: self.streams
              import log: func(msg: string)
              /// Inline.
              import extra: interface { ping: func() }
              export run: pkg.test.streams
              export go: func() -> u32
            }
            """);
        var w = Assert.Single(r.Worlds);
        Assert.Equal("The world.", w.Docs);
        Assert.Equal(new[] { "streams", "log", "extra" }, w.Imports.Select(i => i.Name));
        Assert.Equal("streams", r.Interfaces[w.Imports[0].Interface].Name);
        Assert.Equal("msg", w.Imports[1].Function!.Params[0].Name);
        Assert.Equal("Inline.", w.Imports[2].Docs);
        Assert.Equal("ping", r.Interfaces[w.Imports[2].Interface].Functions[0].Name);
        Assert.Equal(new[] { "run", "go" }, w.Exports.Select(e => e.Name));
        Assert.Equal(w.Imports[0].Interface, w.Exports[0].Interface);
    }

    [Fact]
    public void Reads_todays_package_line_semicolons_and_qualified_paths()
    {
        var r = Wit.Ok(
            ("/w/wit/world.wit", """
                package my:app@1.0.0;
                interface api { use wasi:io/poll@0.2.0.{pollable}; f: func(p: pollable); }
                world app { import api; import wasi:io/poll@0.2.0; export run: func(); }
                """),
            ("/w/wit/deps/io/poll.wit", "package wasi:io@0.2.0;\ninterface poll { type pollable = u32; }"));
        var root = r.Packages.Single(p => p.IsRoot);
        Assert.Equal(("my", "app", "1.0.0"), (root.Namespace, root.Name, root.Version));
        var w = r.Worlds.Single();
        Assert.Equal(new[] { "api", "poll" }, w.Imports.Select(i => i.Name));
        Assert.Equal(TypeRefKind.U32, r.Unalias(r.Interface("api").Func("f").Params[0].Type).Kind);
    }

    [Fact]
    public void Syntax_error_names_line_column_and_what_was_expected()
    {
        var d = Wit.Error("interface i {\n  record r {\n    a u32\n  }\n}", WitDiagnosticIds.UnexpectedToken);
        Assert.Equal((2, 6), (d.Span.Line, d.Span.Column));
        Assert.Equal("expected ':' after the field name, found keyword 'u32'", d.Message);
        Assert.Equal("/w/wit/test.wit", d.Span.Path);
    }

    [Fact]
    public void End_of_file_is_reported_as_such()
    {
        var d = Wit.Error("interface i {\n  f: func(", WitDiagnosticIds.UnexpectedEndOfFile);
        Assert.Contains("found end of file", d.Message);
    }

    [Fact]
    public void Keyword_used_as_name_suggests_escaping()
    {
        var d = Wit.Error("interface i { record r { type: u32 } }", WitDiagnosticIds.UnexpectedToken);
        Assert.Contains("'%type'", d.Message);
    }

    [Theory]
    [InlineData("interface i { f: func() -> result<_> }")]
    [InlineData("interface i { f: func() -> list<u8 }")]
    [InlineData("interface i { f: func(a: u8 b: u8) }")]
    [InlineData("interface i { variant v { a(u8 } }")]
    [InlineData("world w { import x: }")]
    [InlineData("world w { import x: self. }")]
    [InlineData("interface i { use self.x }")]
    [InlineData("interface i { use self.x.{} }")]
    [InlineData("default thing x {}")]
    [InlineData("interface i { f: func() } package a:b")]
    [InlineData("world w { import a: self.b.c }")]
    [InlineData("interface i { f: u32 }")]
    public void Malformed_constructs_are_syntax_errors(string text)
    {
        var errors = Wit.Errors(("/w/wit/t.wit", text));
        Assert.Contains(errors, e => e.Id is WitDiagnosticIds.UnexpectedToken or WitDiagnosticIds.UnexpectedEndOfFile);
    }

    [Fact]
    public void Deep_nesting_is_an_error_not_a_stack_overflow()
    {
        var text = "interface i { f: func() -> " + string.Concat(Enumerable.Repeat("list<", 5000)) + "u8" + new string('>', 5000) + " }";
        var d = Wit.Error(text, WitDiagnosticIds.UnexpectedToken);
        Assert.Contains("nested more than", d.Message);
    }

    [Fact]
    public void Docs_before_the_first_item_of_a_file_are_kept()
    {
        var r = Wit.Ok("/// The clock.\ndefault interface clock { now: func() -> u64 }");
        Assert.Equal("The clock.", r.Interface("clock").Docs);
        var withPackage = Wit.Ok("/// Package docs.\npackage a:b;\n/// The clock.\ninterface clock { now: func() -> u64 }");
        Assert.Equal("The clock.", withPackage.Interface("clock").Docs);
    }
}
