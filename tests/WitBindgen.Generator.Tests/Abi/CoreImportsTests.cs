using System;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using WitBindgen.Generator.Abi;
using WitBindgen.Generator.Model;
using WitBindgen.Generator.Tests.FrontEnd;
using Xunit;

namespace WitBindgen.Generator.Tests.Abi;

public class CoreImportsTests
{
    /// <summary>core-abi.txt beside this source file: the seed's list, as wit-component 0.9.0 derives it.</summary>
    private static string FixturePath([CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(thisFile)!, "core-abi.txt");

    private static (Resolve Resolve, int World) CommandWorld()
    {
        var files = TestFiles.CommandWorld();
        var resolve = Wit.Ok(files);
        var (world, problem) = WitFrontEnd.SelectWorld(resolve, null, files[0].Path);
        Assert.Null(problem);
        return (resolve, world);
    }

    [Fact]
    public void Command_world_core_imports_match_wit_component_byte_for_byte()
    {
        var (resolve, world) = CommandWorld();
        var imports = CoreImports.For(resolve, world);
        Assert.Equal(127, imports.Count);
        var text = string.Concat(imports.Select(i => i + "\n"));
        var expected = File.ReadAllBytes(FixturePath());
        // Line by line first, for a readable failure; then the bytes.
        Assert.Equal(Encoding.UTF8.GetString(expected).Split('\n'), text.Split('\n'));
        Assert.Equal(expected, Encoding.UTF8.GetBytes(text));
    }

    [Fact]
    public void Command_world_types_all_have_sane_layouts()
    {
        var (resolve, _) = CommandWorld();
        var layout = new AbiLayout(resolve);
        for (int id = 0; id < resolve.Types.Count; id++)
        {
            var l = layout.Layout(TypeRef.Of(id));
            Assert.True(l.IsValid, $"type #{id} ({resolve.Types[id].Name})");
            Assert.Contains(l.Alignment, new[] { 1, 2, 4, 8 });
            Assert.Equal(0, l.Size % l.Alignment);
            Assert.True(l.IsFlatComplete);
        }
    }

    [Fact]
    public void Command_world_exports_run()
    {
        var (resolve, world) = CommandWorld();
        var export = Assert.Single(CoreExports.For(resolve, world));
        Assert.Equal("run#run () -> i32", export.ToString());
        Assert.Equal("cabi_post_run#run", export.PostReturnName);
        Assert.Equal("run", export.Function.Name);
    }

    [Fact]
    public void Import_records_carry_interface_and_function()
    {
        var (resolve, world) = CommandWorld();
        var read = CoreImports.For(resolve, world).Single(i => i.Module == "streams" && i.Name == "read");
        Assert.Equal("streams.read (i32, i64, i32) -> nil", read.ToString());
        Assert.Equal("(i32, i64, i32) -> nil", read.Signature.ToString());
        Assert.Same(resolve.Interfaces[read.Interface].Functions.Single(f => f.Name == "read"), read.Function);
        Assert.True(read.Signature.ReturnPointer);
        Assert.False(read.Signature.IndirectParams);
    }

    [Fact]
    public void World_level_functions_use_the_root_module()
    {
        var resolve = Wit.Ok("""
            interface i { g: func(s: string) -> string }
            default world w {
              import f: func(x: u32, y: float64) -> u64
              import i: self.i
              export h: func(s: string) -> list<u8>
              export e: self.i
            }
            """);
        var world = resolve.Worlds.Select((w, i) => (w, i)).Single(p => p.w.Name == "w").i;
        Assert.Equal(new[] { "$root.f (i32, f64) -> i64", "i.g (i32, i32, i32) -> nil" },
            CoreImports.For(resolve, world).Select(i => i.ToString()));
        Assert.Equal(new[] { "h (i32, i32) -> i32", "e#g (i32, i32) -> i32" },
            CoreExports.For(resolve, world).Select(e => e.ToString()));
        Assert.Equal(-1, CoreImports.For(resolve, world)[0].Interface);
    }

    [Fact]
    public void Unknown_world_gives_nothing()
    {
        var (resolve, _) = CommandWorld();
        Assert.Empty(CoreImports.For(resolve, -1));
        Assert.Empty(CoreImports.For(resolve, resolve.Worlds.Count));
        Assert.Empty(CoreExports.For(resolve, 12345));
    }
}
