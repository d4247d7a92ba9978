using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using WitBindgen.Generator.Abi;
using WitBindgen.Generator.Diagnostics;
using WitBindgen.Generator.Model;
using WitBindgen.Generator.Tests.FrontEnd;
using Xunit;

namespace WitBindgen.Generator.Tests.Generator;

/// <summary>
/// A world imports what its imports (and exports) use, as wit-parser's <c>elaborate_world</c> has it: the interfaces
/// that give them types are imported too, before them, and those with functions need an implementation like any
/// import; those with only types need none.
/// </summary>
public class ImplicitImportTests
{
    // a uses b, b uses c: a chain of depth 3 behind one import. only-types has no functions.
    private const string Chain = """
        package x:y@1.0.0;

        interface c {
          record level { depth: u32 }
          depth: func() -> u32;
        }

        interface b {
          use c.{level};
          type mark = u32;
          scale: func(l: level) -> u32;
        }

        interface a {
          use b.{level, mark};
          run: func(l: level) -> mark;
        }

        interface only-types {
          record pair { l: u32, r: u32 }
        }

        interface uses-types {
          use only-types.{pair};
          sum: func(p: pair) -> u32;
        }

        world w {
          import a;
          import uses-types;
        }
        """;

    private static World Single(Resolve resolve, string name) => resolve.Worlds.Single(w => w.Name == name);

    private static int IndexOf(Resolve resolve, string name) => Enumerable.Range(0, resolve.Worlds.Count).Single(i => resolve.Worlds[i].Name == name);

    private static string Key(WorldItem item) => item.IsInterface ? item.AbiName : "$root." + item.Name;

    [Fact]
    public void A_use_chain_of_depth_3_imports_every_interface_of_it_before_its_user()
    {
        var resolve = Wit.Ok(("/p/wit/w.wit", Chain));
        var world = Single(resolve, "w");
        Assert.Equal(
            new[] { "x:y/c@1.0.0", "x:y/b@1.0.0", "x:y/a@1.0.0", "x:y/only-types@1.0.0", "x:y/uses-types@1.0.0" },
            world.Imports.Select(i => Key(i)));
        Assert.Equal(new[] { true, true, false, true, false }, world.Imports.Select(i => i.IsImplicit));
        Assert.Equal(new[] { "c", "b", "a", "only-types", "uses-types" }, world.Imports.Select(i => i.Name));
        // The guest imports the functions of c and b under their interfaces' ids, only-types gives none.
        Assert.Equal(
            new[] { "x:y/c@1.0.0.depth", "x:y/b@1.0.0.scale", "x:y/a@1.0.0.run", "x:y/uses-types@1.0.0.sum" },
            CoreImports.For(resolve, IndexOf(resolve, "w")).Select(i => i.Module + "." + i.Name));
    }

    [Fact]
    public void An_interface_the_world_names_keeps_its_place_and_is_not_imported_twice()
    {
        var resolve = Wit.Ok(("/p/wit/w.wit", Chain.Replace("import a;", "import a;\n  import x:y/c@1.0.0;")));
        var world = Single(resolve, "w");
        Assert.Equal(
            new[] { "x:y/b@1.0.0", "x:y/a@1.0.0", "x:y/c@1.0.0", "x:y/only-types@1.0.0", "x:y/uses-types@1.0.0" },
            world.Imports.Select(i => Key(i)));
        Assert.False(world.Imports.Single(i => i.Name == "c").IsImplicit);
    }

    [Fact]
    public void An_exports_dependencies_are_imported_unless_exported()
    {
        const string text = """
            package x:y@1.0.0;
            interface base { record r { v: u32 } get: func() -> r; }
            interface mid { use base.{r}; twice: func(x: r) -> r; }
            interface top { use mid.{r}; run: func(x: r) -> r; }
            world imports-both { export top; }
            world exports-mid { export top; export mid; }
            """;
        var resolve = Wit.Ok(("/p/wit/w.wit", text));
        var both = Single(resolve, "imports-both");
        Assert.Equal(new[] { "x:y/base@1.0.0", "x:y/mid@1.0.0" }, both.Imports.Select(i => Key(i)));
        Assert.All(both.Imports, i => Assert.True(i.IsImplicit));
        Assert.Equal(new[] { "top" }, both.Exports.Select(e => e.Name));
        // mid is exported, so it is not imported; base, which mid uses and the world does not export, is.
        var mid = Single(resolve, "exports-mid");
        Assert.Equal(new[] { "x:y/base@1.0.0" }, mid.Imports.Select(i => Key(i)));
        Assert.Equal(new[] { "top", "mid" }, mid.Exports.Select(e => e.Name));
    }

    [Fact]
    public void An_export_reached_through_an_imported_dependency_is_an_error_as_in_wit_parser()
    {
        // c uses b (not exported, so imported) which uses a, which is exported: a would be both (component-model#208).
        var diagnostics = Wit.Errors(("/p/wit/w.wit", """
            package x:y@1.0.0;
            interface a { type t = u32; }
            interface b { use a.{t}; }
            interface c { use a.{t}; use b.{t as t2}; f: func(x: t2); }
            world w { export a; export c; }
            """));
        var d = Assert.Single(diagnostics);
        Assert.Equal(WitDiagnosticIds.InvalidUse, d.Id);
        Assert.Contains("exports interface 'x:y/a@1.0.0', but also imports it", d.Message);
        Assert.Equal(4, d.Span.Line);
    }

    [Fact]
    public void A_worlds_own_use_imports_the_interface_it_names()
    {
        var resolve = Wit.Ok(("/p/wit/w.wit", """
            package x:y@1.0.0;
            interface clock { record instant { s: u64 } now: func() -> instant; }
            world w { use clock.{instant}; import wait: func(until: instant); }
            """));
        var world = Single(resolve, "w");
        Assert.Equal(new[] { "$root.wait", "x:y/clock@1.0.0" }, world.Imports.Select(i => Key(i)));
        Assert.True(world.Imports[1].IsImplicit);
    }

    [Fact]
    public void In_the_may_2023_dialect_an_implicit_import_is_named_by_its_interface()
    {
        var resolve = Wit.Ok("""
            interface clock {
              record instant { s: u64 }
              now: func() -> instant
            }
            interface timer {
              use self.clock.{instant}
              wait: func(until: instant)
            }
            default world w {
              import timer: self.timer
            }
            """);
        var world = Single(resolve, "w");
        Assert.Equal(new[] { "clock", "timer" }, world.Imports.Select(i => i.AbiName));
        Assert.Null(world.Imports[0].Key);
        Assert.True(world.Imports[0].IsImplicit);
    }

    [Fact]
    public void The_seed_command_world_names_everything_it_imports()
    {
        var resolve = SnapshotWorlds.Load(SnapshotWorlds.CommandDirectory);
        var (world, problem) = WitFrontEnd.SelectWorld(resolve, null, "");
        Assert.Null(problem);
        Assert.DoesNotContain(resolve.Worlds[world].Imports, i => i.IsImplicit);
        Assert.Equal(127, CoreImports.For(resolve, world).Count);
    }

    // ---- through the generator ----

    private static (IReadOnlyList<SyntaxTree> Trees, Assembly Assembly) Generate(string wit, string? extraSource = null)
    {
        var compilation = GeneratorHarness.Compilation(extraSource is null ? Array.Empty<string>() : new[] { extraSource })
            .AddReferences(MetadataReference.CreateFromFile(typeof(Wasmtime.Linker).Assembly.Location));
        var result = GeneratorHarness.Driver(GeneratorHarness.Texts(("/p/wit/w.wit", wit))).RunGenerators(compilation).GetRunResult();
        Assert.Null(result.Results.Single().Exception);
        Assert.Empty(result.Diagnostics);
        using var stream = new MemoryStream();
        var emitted = compilation.AddSyntaxTrees(result.GeneratedTrees).Emit(stream);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(5)));
        return (result.GeneratedTrees, Assembly.Load(stream.ToArray()));
    }

    [Fact]
    public void An_implicit_import_with_functions_gets_glue_an_interface_and_a_host_slot_one_with_only_types_none()
    {
        var (trees, assembly) = Generate(Chain);
        var glue = string.Join("\n", trees.Where(t => t.FilePath.EndsWith(".Glue.g.cs", StringComparison.Ordinal)).Select(t => t.ToString()));
        foreach (var module in new[] { "x:y/a@1.0.0", "x:y/b@1.0.0", "x:y/c@1.0.0", "x:y/uses-types@1.0.0" })
        {
            Assert.Contains($"string module = \"{module}\"", glue);
            Assert.Contains($"missing.Add(\"{module}\")", glue);
        }
        Assert.Contains("\"cm32p2|x:y/c@1\"", glue);
        Assert.DoesNotContain("only-types@1.0.0", glue);
        var host = assembly.GetType("Test.Wit.WHost")!;
        Assert.Equal(new[] { "A", "B", "C", "Missing", "UsesTypes" }, host.GetProperties().Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal(assembly.GetType("Test.Wit.IC"), host.GetProperty("C")!.PropertyType);
        Assert.True(assembly.GetType("Test.Wit.IC")!.IsInterface);
        Assert.NotNull(assembly.GetType("Test.Wit.C")!.GetMethod("AddToLinker", new[] { typeof(Wasmtime.Linker), assembly.GetType("Test.Wit.IC")!, typeof(WitBindgen.Runtime.Abi.GuestContext), typeof(string) }));
        // only-types: its record is generated, but there is nothing to implement.
        Assert.NotNull(assembly.GetType("Test.Wit.OnlyTypes+Pair"));
        Assert.Null(assembly.GetType("Test.Wit.IOnlyTypes"));
        // The missing list of a new host: every import with functions, the implicit ones included.
        var missing = (IReadOnlyList<string>)host.GetProperty("Missing")!.GetValue(Activator.CreateInstance(host))!;
        Assert.Equal(new[] { "x:y/a@1.0.0", "x:y/b@1.0.0", "x:y/c@1.0.0", "x:y/uses-types@1.0.0" }, missing.OrderBy(m => m, StringComparer.Ordinal));
    }

    [Fact]
    public void An_interface_with_only_types_needs_no_implementation_even_when_the_world_names_it()
    {
        var (_, assembly) = Generate(Chain.Replace("import uses-types;", "import uses-types;\n  import only-types;"));
        var host = assembly.GetType("Test.Wit.WHost")!;
        Assert.Null(host.GetProperty("OnlyTypes"));
        Assert.Null(assembly.GetType("Test.Wit.IOnlyTypes"));
        var missing = (IReadOnlyList<string>)host.GetProperty("Missing")!.GetValue(Activator.CreateInstance(host))!;
        Assert.DoesNotContain("x:y/only-types@1.0.0", missing);
    }

    private const string Implementation = """
        using Test.Wit;
        using Wasmtime;
        using WitBindgen.Runtime.Abi;

        public sealed class Impl : IA, IB, IC, IUsesTypes
        {
            public uint Depth() => 3;
            public uint Scale(C.Level l) => l.Depth * 10;
            public uint Run(C.Level l) => l.Depth + 1;
            public uint Sum(OnlyTypes.Pair p) => p.L + p.R;
        }

        public static class Runner
        {
            public static string Missing(bool withC)
            {
                var impl = new Impl();
                var host = new WHost { A = impl, B = impl, UsesTypes = impl };
                if (withC) host.C = impl;
                return string.Join(",", host.Missing);
            }

            public static int Go(string wat)
            {
                var impl = new Impl();
                var host = new WHost { A = impl, B = impl, C = impl, UsesTypes = impl };
                using var engine = new Engine();
                using var store = new Store(engine);
                using var linker = new Linker(engine);
                var context = new GuestContext();
                host.AddToLinker(linker, context);
                using var module = Module.FromText(engine, "guest", wat);
                var instance = linker.Instantiate(store, module);
                context.Bind(instance);
                return instance.GetFunction<int>("go")!();
            }

            public static string Fails()
            {
                var impl = new Impl();
                var host = new WHost { A = impl, UsesTypes = impl };
                using var engine = new Engine();
                using var linker = new Linker(engine);
                try { host.AddToLinker(linker, new GuestContext()); return "no error"; }
                catch (System.InvalidOperationException ex) { return ex.Message; }
            }
        }
        """;

    // depth() = 3 (c, under both namings), scale(level(3)) = 30 (b), run(level(30)) = 31 (a), sum(pair(2, 3)) = 5.
    private const string Guest = """
        (module
          (import "x:y/c@1.0.0" "depth" (func $depth (result i32)))
          (import "cm32p2|x:y/c@1" "depth" (func $depth2 (result i32)))
          (import "x:y/b@1.0.0" "scale" (func $scale (param i32) (result i32)))
          (import "x:y/a@1.0.0" "run" (func $run (param i32) (result i32)))
          (import "x:y/uses-types@1.0.0" "sum" (func $sum (param i32 i32) (result i32)))
          (memory (export "memory") 1)
          (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 0x100))
          (func (export "go") (result i32)
            (i32.add
              (i32.add (call $run (call $scale (call $depth))) (call $sum (i32.const 2) (i32.const 3)))
              (i32.mul (i32.const 1000) (call $depth2)))))
        """;

    [Fact]
    public void A_guest_calls_an_implicit_import_through_the_generated_host()
    {
        var (_, assembly) = Generate(Chain, Implementation);
        var runner = assembly.GetType("Runner")!;
        string Missing(bool withC) => (string)runner.GetMethod("Missing")!.Invoke(null, new object[] { withC })!;
        Assert.Equal("x:y/c@1.0.0", Missing(withC: false));
        Assert.Equal("", Missing(withC: true));
        var failure = (string)runner.GetMethod("Fails")!.Invoke(null, null)!;
        Assert.StartsWith("no implementation for the imports: ", failure);
        Assert.Equal(new[] { "x:y/b@1.0.0", "x:y/c@1.0.0" },
            failure.Substring("no implementation for the imports: ".Length).Split(", ").OrderBy(m => m, StringComparer.Ordinal));
        Assert.Equal(3036, (int)runner.GetMethod("Go")!.Invoke(null, new object[] { Guest })!);
    }
}
