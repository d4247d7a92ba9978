using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using Resources;
using Wasmtime;
using WitBindgen.Runtime.Abi;
using Xunit;
using Store = Resources.Store;

namespace WitBindgen.Resources.Tests;

/// <summary>
/// jco 1.35.0 (today's wit-component) makes the core module any guest of wit/store.wit's world imports
/// (<c>componentEmbed({ dummy: true })</c>, by prepare.sh): the generated glue must define every one of its imports,
/// under its names and with its exact signature, or Wasmtime refuses to instantiate it.
/// </summary>
public sealed class JcoDummyGuestTests
{
    private static string DummyPath([CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(thisFile)!, "out", "host-resources.dummy.wasm");

    [Fact]
    public void Jcos_dummy_guest_imports_the_cm32p2_names_and_links_against_the_generated_glue()
    {
        var path = DummyPath();
        Assert.True(File.Exists(path), $"{path} is made by tests/WitBindgen.Resources.Tests/prepare.sh; run it first");
        using var engine = new Engine();
        using var module = Module.FromFile(engine, path);
        var imports = module.Imports.Select(i => $"{i.ModuleName} {i.Name}").ToList();
        // What jco 1.35.0 names them: the module cut to the semver-compatible version, drops as r_drop.
        Assert.Equal(19, imports.Count);
        Assert.Equal(16, imports.Count(i => i.StartsWith("cm32p2|test:res/store@0.1 ", System.StringComparison.Ordinal)));
        // The exported counters' handles: what the guest imports to manage them, answered by the host's table.
        Assert.Contains("cm32p2|_ex_test:res/counters@0.1 counter_new", imports);
        Assert.Contains("cm32p2|_ex_test:res/counters@0.1 counter_rep", imports);
        Assert.Contains("cm32p2|_ex_test:res/counters@0.1 counter_drop", imports);
        Assert.Contains("cm32p2|test:res/store@0.1 [method]blob.append", imports);
        Assert.Contains("cm32p2|test:res/store@0.1 [static]blob.merge", imports);
        Assert.Contains("cm32p2|test:res/store@0.1 blob_drop", imports);

        using var store = new Wasmtime.Store(engine);
        using var linker = new Linker(engine);
        var context = new GuestContext();
        new HostResourcesHost { Store = new NoStore() }.AddToLinker(linker, context);
        var instance = linker.Instantiate(store, module);
        Assert.NotNull(instance.GetMemory("cm32p2_memory"));
    }

    [Fact]
    public void The_shared_linker_defines_the_cm32p2_names_too()
    {
        var path = DummyPath();
        Assert.True(File.Exists(path), $"{path} is made by tests/WitBindgen.Resources.Tests/prepare.sh; run it first");
        using var engine = new Engine();
        using var module = Module.FromFile(engine, path);
        using var linker = new Linker(engine);
        HostResourcesHost.AddToLinker<Data>(linker, _ => new HostResourcesHost { Store = new NoStore() });
        using var store = new Wasmtime.Store(engine, new Data());
        Assert.NotNull(linker.Instantiate(store, module));
    }

    [Fact]
    public void The_exports_wrapper_finds_every_export_under_the_cm32p2_names()
    {
        var path = DummyPath();
        Assert.True(File.Exists(path), $"{path} is made by tests/WitBindgen.Resources.Tests/prepare.sh; run it first");
        using var engine = new Engine();
        using var module = Module.FromFile(engine, path);
        var exports = module.Exports.Select(e => e.Name).ToList();
        Assert.Contains("cm32p2|test:res/counters@0.1|[constructor]counter", exports);
        Assert.Contains("cm32p2|test:res/counters@0.1|total_post", exports);
        Assert.Contains("cm32p2|test:res/counters@0.1|counter_dtor", exports);
        Assert.DoesNotContain("memory", exports);

        using var store = new Wasmtime.Store(engine);
        using var linker = new Linker(engine);
        var context = new GuestContext();
        new HostResourcesHost { Store = new NoStore() }.AddToLinker(linker, context);
        var guest = new CountersExports(linker.Instantiate(store, module), context);
        // Bound to cm32p2_memory; every function found (a missing one throws above): the dummy's bodies are unreachable.
        Assert.True(context.IsBound);
        Assert.Contains("unreachable", Assert.ThrowsAny<WasmtimeException>(() => guest.Live()).Message);
    }

    private sealed class Data : IGuestStoreData
    {
        public GuestContext Guest { get; } = new();
    }

    /// <summary>Never called: instantiation alone checks names and signatures.</summary>
    private sealed class NoStore : IStore
    {
        public Store.IBlob Open(string name) => throw new System.NotSupportedException();
        public uint Take(Store.IBlob b) => throw new System.NotSupportedException();
        public uint Peek(Store.IBlob b) => throw new System.NotSupportedException();
        public Store.Labelled Wrap(Store.IBlob b, string label) => throw new System.NotSupportedException();
        public Store.IBlob Unwrap(Store.Labelled l) => throw new System.NotSupportedException();
        public WitBindgen.Runtime.Result<Store.IBlob, string> Maybe(Store.IBlob? b) => throw new System.NotSupportedException();
        public System.Collections.Generic.IReadOnlyList<Store.IBlob> Many(uint n) => throw new System.NotSupportedException();
        public uint Count(System.Collections.Generic.IReadOnlyList<Store.IBlob> bs) => throw new System.NotSupportedException();
        public Store.Slot Swap(Store.Slot s) => throw new System.NotSupportedException();
        public Store.IBlob NewBlob(System.ReadOnlySpan<byte> init) => throw new System.NotSupportedException();
        public Store.IBlob BlobMerge(Store.IBlob a, Store.IBlob b) => throw new System.NotSupportedException();
        public Store.ITag NewTag() => throw new System.NotSupportedException();
    }
}
