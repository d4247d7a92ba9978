using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using Wasmtime;
using WitBindgen.Generator.Abi;
using WitBindgen.Generator.Tests.Generator;
using WitBindgen.Runtime.Abi;
using Xunit;
using Module = Wasmtime.Module;

namespace WitBindgen.Generator.Tests.Abi;

/// <summary>
/// Whatever the glue's text looks like: a core module importing every function <see cref="CoreImports"/> lists,
/// with its signature, under the legacy names and again under the <c>cm32p2</c> ones, instantiates against a linker
/// the generated host class filled (Wasmtime refuses a missing name or another signature).
/// </summary>
public class GlueLinkTests
{
    public sealed class Data : IGuestStoreData
    {
        public GuestContext Guest { get; } = new();
    }

    /// <summary>The store-data selector: never called, as instantiating calls no import.</summary>
    private static THost Never<THost>(Data data) => throw new InvalidOperationException("no import is called by instantiating");

    private static Assembly Compile(string name)
    {
        var (files, world) = ResourceRichWorlds.Sources(name);
        var properties = new Dictionary<string, string> { ["build_property.WitBindgenNamespace"] = "Linked" };
        if (world is not null) properties["build_property.WitBindgenWorld"] = world;
        var compilation = GeneratorHarness.Compilation().AddReferences(MetadataReference.CreateFromFile(typeof(Linker).Assembly.Location));
        var result = GeneratorHarness.Driver(GeneratorHarness.Texts(files), properties).RunGenerators(compilation).GetRunResult();
        Assert.Empty(result.Diagnostics);
        using var stream = new MemoryStream();
        var emitted = compilation.AddSyntaxTrees(result.GeneratedTrees).Emit(stream);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(5)));
        return Assembly.Load(stream.ToArray());
    }

    /// <summary>Fills <paramref name="linker"/> by the world's host class: the one with <c>AddToLinker&lt;TData&gt;(Linker, Func&lt;TData, THost&gt;, …)</c>.</summary>
    private static void AddHost(Assembly assembly, Linker linker)
    {
        var addToLinker = assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
            .Single(m => m.Name == "AddToLinker" && m.IsGenericMethodDefinition && m.GetParameters().Length >= 2
                && m.GetParameters()[1].ParameterType.IsGenericType && m.GetParameters()[1].ParameterType.GetGenericTypeDefinition() == typeof(Func<,>)
                && m.GetParameters()[1].ParameterType.GetGenericArguments()[1] == m.DeclaringType);
        var host = addToLinker.DeclaringType!;
        var selector = typeof(GlueLinkTests).GetMethod(nameof(Never), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(host)
            .CreateDelegate(typeof(Func<,>).MakeGenericType(typeof(Data), host));
        // A versioned world's takes the guests too (optional): their older compatible names are not the point here.
        var rest = addToLinker.GetParameters().Skip(2).Select(p => p.ParameterType.IsArray ? Array.CreateInstance(p.ParameterType.GetElementType()!, 0) : p.DefaultValue);
        addToLinker.MakeGenericMethod(typeof(Data)).Invoke(null, new object?[] { linker, selector }.Concat(rest).ToArray());
    }

    private static string Wat(IEnumerable<(string Module, string Name, CoreSignature Signature)> imports)
    {
        static string Types(string kind, IEnumerable<CoreType> types) => types.Any() ? $"({kind} {string.Join(" ", types.Select(t => t.Name()))})" : "";
        var wat = new StringBuilder("(module\n");
        foreach (var (module, name, sig) in imports)
            wat.Append($"  (import \"{module}\" \"{name}\" (func {Types("param", sig.Params)} {Types("result", sig.Results)}))\n");
        return wat.Append("  (memory (export \"memory\") 1))").ToString();
    }

    [Theory]
    [MemberData(nameof(ResourceRichWorlds.Names), MemberType = typeof(ResourceRichWorlds))]
    public void A_guest_importing_every_core_import_links_against_the_generated_host_under_each_naming(string name)
    {
        var (resolve, world) = ResourceRichWorlds.Load(name);
        var imports = CoreImports.For(resolve, world);
        Assert.All(imports, i => Assert.NotNull(i.Cm32p2Module));
        var assembly = Compile(name);
        using var engine = new Engine();
        using var linker = new Linker(engine);
        AddHost(assembly, linker);
        foreach (var naming in new[]
        {
            imports.Select(i => (i.Module, i.Name, i.Signature)),
            imports.Select(i => (i.Cm32p2Module!, i.Cm32p2Name!, i.Signature)),
        })
        {
            using var module = Module.FromText(engine, "guest", Wat(naming));
            Assert.Equal(imports.Count, module.Imports.Count);
            using var store = new Store(engine, new Data());
            Assert.NotNull(linker.Instantiate(store, module));
        }
    }

    [Fact]
    public void A_guest_importing_one_with_another_signature_does_not_link()
    {
        var (resolve, world) = ResourceRichWorlds.Load("res");
        var builtin = CoreImports.For(resolve, world).First(i => i.Kind == CoreImportKind.ExportedResourceNew);
        using var engine = new Engine();
        using var linker = new Linker(engine);
        AddHost(Compile("res"), linker);
        var wrong = builtin.Signature with { Results = new[] { CoreType.I64 } };
        using var module = Module.FromText(engine, "guest", Wat(new[] { (builtin.Module, builtin.Name, wrong) }));
        using var store = new Store(engine, new Data());
        Assert.ThrowsAny<WasmtimeException>(() => { linker.Instantiate(store, module); });
    }
}
