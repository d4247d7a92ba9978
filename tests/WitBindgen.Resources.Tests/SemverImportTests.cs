using System;
using Versions;
using Wasmtime;
using WitBindgen.Runtime.Abi;
using Xunit;

namespace WitBindgen.Resources.Tests;

/// <summary>
/// A host generated from <c>test:versions/math@1.4.2</c> (wit-versions/versions.wit) and guests built against other
/// versions of it, on Wasmtime: the generated host defines the older semver-compatible names the guests import when
/// given their modules; a newer or incompatible version stays unresolved, so instantiation fails.
/// </summary>
public sealed class SemverImportTests : IDisposable
{
    private sealed class MathImpl : IMath
    {
        public int Calls { get; private set; }
        public uint Add(uint a, uint b)
        {
            Calls++;
            return a + b;
        }
    }

    private sealed class StoreData : IGuestStoreData
    {
        public GuestContext Guest { get; } = new();
    }

    private readonly Engine _engine = new();

    public void Dispose() => _engine.Dispose();

    private static string Guest(params string[] modules)
    {
        // One import of `add` per module, and an export `call` summing what each returns for (a, b).
        var imports = "";
        var body = "i32.const 0\n";
        for (int i = 0; i < modules.Length; i++)
        {
            imports += $"(import \"{modules[i]}\" \"add\" (func $add{i} (param i32 i32) (result i32)))\n";
            body += $"local.get 0 local.get 1 call $add{i} i32.add\n";
        }
        return $"(module {imports} (memory (export \"memory\") 1) (func (export \"call\") (param i32 i32) (result i32) {body}))";
    }

    private int Run(string wat, bool passModule, MathImpl math)
    {
        using var module = Module.FromText(_engine, "guest", wat);
        using var linker = new Linker(_engine);
        var context = new GuestContext();
        var host = new VersionsHost { Math = math };
        if (passModule) host.AddToLinker(linker, context, module);
        else host.AddToLinker(linker, context);
        using var store = new Store(_engine);
        var instance = linker.Instantiate(store, module);
        return instance.GetFunction<int, int, int>("call")!(2, 3);
    }

    [Theory]
    [InlineData("test:versions/math@1.4.2")]
    [InlineData("cm32p2|test:versions/math@1")]
    public void The_hosts_own_names_link_without_the_module(string name)
    {
        var math = new MathImpl();
        Assert.Equal(5, Run(Guest(name), passModule: false, math));
        Assert.Equal(1, math.Calls);
    }

    [Theory]
    [InlineData("1.0.0")]
    [InlineData("1.2.7")]
    [InlineData("1.4.0")]
    [InlineData("1.4.1")]
    public void An_older_compatible_guest_links_when_the_host_is_given_its_module(string version)
    {
        var wat = Guest("test:versions/math@" + version);
        var math = new MathImpl();
        Assert.Equal(5, Run(wat, passModule: true, math));
        Assert.Equal(1, math.Calls);
        // Without the module the host defines only its own names: the guest's import stays unresolved.
        var refused = Assert.ThrowsAny<WasmtimeException>(() => Run(wat, passModule: false, new MathImpl()));
        Assert.Contains("test:versions/math@" + version, refused.Message);
    }

    [Theory]
    [InlineData("1.4.3")]   // newer than the host: it may call what the host lacks
    [InlineData("1.5.0")]
    [InlineData("2.0.0")]
    [InlineData("0.4.2")]
    [InlineData("1.4.2-rc1")]
    [InlineData("1.04.0")]
    public void A_newer_or_incompatible_guest_is_not_served(string version)
    {
        var wat = Guest("test:versions/math@" + version);
        var refused = Assert.ThrowsAny<WasmtimeException>(() => Run(wat, passModule: true, new MathImpl()));
        Assert.Contains("test:versions/math@" + version, refused.Message);
    }

    [Fact]
    public void A_guest_importing_two_versions_gets_both_from_one_implementation()
    {
        var math = new MathImpl();
        Assert.Equal(15, Run(Guest("test:versions/math@1.0.0", "test:versions/math@1.4.2", "cm32p2|test:versions/math@1"), passModule: true, math));
        Assert.Equal(3, math.Calls);
    }

    [Fact]
    public void A_shared_linker_serves_the_older_names_of_every_module_it_is_given()
    {
        using var older = Module.FromText(_engine, "older", Guest("test:versions/math@1.0.0"));
        using var middle = Module.FromText(_engine, "middle", Guest("test:versions/math@1.2.0", "test:versions/math@1.0.0"));
        using var linker = new Linker(_engine);
        var math = new MathImpl();
        VersionsHost.AddToLinker<StoreData>(linker, _ => new VersionsHost { Math = math }, older, middle);
        foreach (var (module, expected) in new[] { (older, 5), (middle, 10) })
        {
            using var store = new Store(_engine, new StoreData());
            var instance = linker.Instantiate(store, module);
            Assert.Equal(expected, instance.GetFunction<int, int, int>("call")!(2, 3));
        }
        Assert.Equal(3, math.Calls);
    }

    [Theory]
    [InlineData("1.4.2", "1.0.0", true)]
    [InlineData("1.4.2", "1.4.2", true)]
    [InlineData("1.4.2", "1.4.3", false)]
    [InlineData("1.4.2", "1.5.0", false)]
    [InlineData("2.0.0", "1.9.9", false)]
    [InlineData("0.2.12", "0.2.0", true)]
    [InlineData("0.2.0", "0.2.1", false)]
    [InlineData("0.3.0", "0.2.0", false)]
    [InlineData("0.0.2", "0.0.1", false)]
    [InlineData("0.0.2", "0.0.2", true)]
    [InlineData("1.0.0-rc1", "1.0.0-rc1", false)]   // pre-releases match only by the exact name (see Serves)
    [InlineData("1.0", "1.0.0", false)]
    [InlineData("1.0.0", "01.0.0", false)]
    public void Compatibility_follows_semver(string host, string guest, bool compatible) =>
        Assert.Equal(compatible, ImportVersions.IsCompatible(host, guest));

    [Theory]
    [InlineData("a:b/c@1.2.0", "a:b/c@1.0.0", true)]
    [InlineData("a:b/c@1.2.0", "a:b/d@1.0.0", false)]
    [InlineData("a:b/c@1.2.0", "a:bb/c@1.0.0", false)]
    [InlineData("a:b/c@1.0.0-rc1", "a:b/c@1.0.0-rc1", true)]
    [InlineData("a:b/c", "a:b/c@1.0.0", false)]
    [InlineData("cm32p2|a:b/c@1", "a:b/c@1.0.0", false)]
    public void Serves_compares_the_interface_then_the_version(string host, string guest, bool served) =>
        Assert.Equal(served, ImportVersions.Serves(host, guest));
}
