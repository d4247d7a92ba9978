using System;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using Wasmtime;
using WitBindgen.Runtime.Abi;
using Worlds;
using Xunit;

namespace WitBindgen.Resources.Tests;

/// <summary>
/// The worlds the generator once refused, on Wasmtime with a WAT guest (<see cref="WorldsGuest"/>) under the legacy and
/// the <c>cm32p2</c> names: an interface both imported and exported (the host's <c>api</c> and the guest's copy), the
/// host's files passed to and returned by the guest's exports (own moves, borrow lends for the call), an interface
/// imported only as a dependency and also exported (<c>base</c>), and a resource the world defines (<c>gadget</c>, under
/// <c>$root</c>).
/// </summary>
public sealed class WorldsTests : IDisposable
{
    private sealed class HostThing(uint value) : Api.IThing, IDisposable
    {
        public int Disposed { get; private set; }
        public uint Value() => value;
        public void Dispose() => Disposed++;
    }

    private sealed class ApiImpl : IApi
    {
        public HostThing? Made { get; private set; }
        public Api.IThing Make(uint v) => Made = new HostThing(v * 10);
        public uint Read(Api.IThing t) => t.Value();
        public Api.IThing NewThing(uint v) => new HostThing(v);
    }

    internal sealed class HostFile(uint size) : Files.IFile, IDisposable
    {
        public int Disposed { get; private set; }
        public uint Size() => size;
        public void Dispose() => Disposed++;
    }

    private sealed class FilesImpl : IFiles
    {
        public Files.IFile NewFile(uint size) => new HostFile(size);
    }

    private sealed class HostCell(uint v) : Base.ICell
    {
        public uint Get() => v;
    }

    private sealed class BaseImpl : IBase
    {
        public Base.ICell NewCell(uint v) => new HostCell(v);
    }

    private sealed class UsesBaseImpl : IUsesBase
    {
        public uint Peek(Base.ICell c) => c.Get() + 7;
    }

    internal sealed class HostGadget(uint n) : WorldsWorld.IGadget, IDisposable
    {
        public int Disposed { get; private set; }
        public uint N() => n;
        public void Dispose() => Disposed++;
    }

    private sealed class WorldImpl : IWorldsImports
    {
        public WorldsWorld.IGadget MakeGadget(uint n) => new HostGadget(n);
        public WorldsWorld.IGadget NewGadget(uint n) => new HostGadget(n);
    }

    private readonly Engine _engine = new();
    private readonly Wasmtime.Store _store;
    private readonly Linker _linker;
    private readonly GuestContext _context = new();
    private readonly ApiImpl _api = new();
    private Instance _instance = null!;
    private ApiExports _apiExports = null!;
    private UserExports _user = null!;
    private BaseExports _base = null!;
    private WorldsExports _world = null!;

    public WorldsTests()
    {
        _store = new Wasmtime.Store(_engine);
        _linker = new Linker(_engine);
        Host(_api).AddToLinker(_linker, _context);
    }

    internal static WorldsHost Host(IApi? api = null) => new()
    {
        Api = api ?? new ApiImpl(),
        Files = new FilesImpl(),
        Base = new BaseImpl(),
        UsesBase = new UsesBaseImpl(),
        Functions = new WorldImpl(),
    };

    public void Dispose()
    {
        _linker.Dispose();
        _store.Dispose();
        _engine.Dispose();
    }

    public static TheoryData<string> Namings => new() { "legacy", "cm32p2" };

    private void Start(string naming)
    {
        using var module = Module.FromText(_engine, "worlds", naming == "legacy" ? WorldsGuest.Legacy : WorldsGuest.Cm32p2);
        _instance = _linker.Instantiate(_store, module);
        _apiExports = new ApiExports(_instance, _context);
        _user = new UserExports(_instance, _context);
        _base = new BaseExports(_instance, _context);
        _world = new WorldsExports(_instance, _context);
    }

    private int Hook(string name) => _instance.GetFunction<int>(name)!();
    private int Hook(string name, int arg) => _instance.GetFunction<int, int>(name)!(arg);

    private static WitTrapException GuestTrap(Action call) =>
        Assert.IsType<WitTrapException>(Assert.ThrowsAny<WasmtimeException>(call).InnerException);

    [Theory, MemberData(nameof(Namings))]
    public void An_interface_both_imported_and_exported_has_the_hosts_side_and_the_guests_copy(string naming)
    {
        Start(naming);
        // The guest's make asks the host's make for a thing (worth 40), reads and drops it, and makes its own worth 41.
        using var thing = _apiExports.Make(4);
        Assert.IsType<ApiExport.Thing>(thing);
        Assert.Equal(41u, thing.Value());
        Assert.Equal(41u, _apiExports.Read(thing));
        Assert.Equal(1, _api.Made!.Disposed);
        Assert.Equal(0, _context.Resources.Count);
        using var own = _apiExports.NewThing(7);
        Assert.Equal(7u, own.Value());
        // The guest's things live in the table of its exported resources, the host's in the other.
        Assert.Equal(0, _context.ExportedResources.Count);
    }

    [Theory, MemberData(nameof(Namings))]
    public void An_own_file_moves_into_the_guest_which_drops_it(string naming)
    {
        Start(naming);
        var file = new HostFile(5);
        Assert.Equal(5u, _user.Keep(file));
        Assert.Equal(1, file.Disposed);
        Assert.Equal(0, _context.Resources.Count);
    }

    [Theory, MemberData(nameof(Namings))]
    public void A_borrowed_file_is_lent_for_the_call_and_stays_the_hosts(string naming)
    {
        Start(naming);
        var a = new HostFile(5);
        var b = new HostFile(30);
        Assert.Equal(5u, _user.Look(a));
        Assert.Equal(35u, _user.LookAll(new Files.IFile[] { a, b }));
        using var reader = _user.NewReader();
        Assert.Equal(130u, reader.Read(b));
        Assert.Equal(0, a.Disposed);
        Assert.Equal(0, b.Disposed);
        Assert.Equal(0, _context.Resources.Count);
    }

    [Theory, MemberData(nameof(Namings))]
    public void A_guest_keeping_a_lent_handle_traps_and_cannot_use_it_later(string naming)
    {
        Start(naming);
        var file = new HostFile(3);
        var trap = Assert.Throws<WitTrapException>(() => _user.Hold(file));
        Assert.Equal("test:worlds/user@0.1.0#hold: borrow handles still remain at the end of the call (the guest did not drop 1 of the handles the host lent it)", trap.Message);
        Assert.Equal(0, _context.Resources.Count);
        var stale = GuestTrap(() => Hook("use-held"));
        Assert.EndsWith("[method]file.size: borrow<File> handle 1 was already dropped or moved", stale.Message);
        Assert.Equal(0, file.Disposed);
        // The host and the instance stay usable.
        Assert.Equal(3u, _user.Look(file));
    }

    [Theory, MemberData(nameof(Namings))]
    public void A_lent_handle_given_back_as_an_own_traps_and_the_host_keeps_its_file(string naming)
    {
        Start(naming);
        var file = new HostFile(3);
        var trap = Assert.Throws<WitTrapException>(() => _user.Steal(file));
        Assert.Equal("test:worlds/user@0.1.0#steal: own<File> handle 1 is only borrowed for the call, it cannot be given away", trap.Message);
        Assert.Equal(0, _context.Resources.Count);
        Assert.Equal(0, file.Disposed);
    }

    [Theory, MemberData(nameof(Namings))]
    public void An_own_file_the_guest_returns_leaves_its_table_for_the_host(string naming)
    {
        Start(naming);
        var given = Assert.IsType<HostFile>(_user.Give(9));
        Assert.Equal(9u, given.Size());
        Assert.Equal(0, given.Disposed);
        Assert.Equal(0, _context.Resources.Count);
    }

    [Theory, MemberData(nameof(Namings))]
    public void Forged_and_wrong_type_handles_trap_with_the_functions_name(string naming)
    {
        Start(naming);
        Assert.EndsWith("[method]file.size: borrow<File> handle 4242 was never given to the guest", GuestTrap(() => Hook("file-size", 4242)).Message);
        var wrong = GuestTrap(() => Hook("file-size-of-gadget", 2));
        Assert.Matches(@"\[method\]file\.size: borrow<File> handle \d+ names a Gadget, not a File$", wrong.Message);
    }

    [Fact]
    public void The_handle_limit_traps_while_lending_and_takes_back_what_was_lent()
    {
        Start("legacy");
        _context.Resources.MaxHandles = 1;
        var trap = Assert.Throws<WitTrapException>(() => _user.LookAll(new Files.IFile[] { new HostFile(1), new HostFile(2) }));
        Assert.Contains("ResourceTable.MaxHandles", trap.Message);
        Assert.Equal(0, _context.Resources.Count);
        Assert.Equal(1u, _user.LookAll(new Files.IFile[] { new HostFile(1) }));
    }

    private sealed class StoreData : IGuestStoreData
    {
        public GuestContext Guest { get; } = new();
    }

    [Theory, MemberData(nameof(Namings))]
    public void A_linker_shared_by_stores_lends_and_moves_in_each_stores_own_table(string naming)
    {
        using var linker = new Linker(_engine);
        WorldsHost.AddToLinker<StoreData>(linker, _ => Host());
        using var module = Module.FromText(_engine, "worlds", naming == "legacy" ? WorldsGuest.Legacy : WorldsGuest.Cm32p2);
        var data = new StoreData();
        using var store = new Wasmtime.Store(_engine, data);
        var instance = linker.Instantiate(store, module);
        var user = new UserExports(instance, data.Guest);
        var file = new HostFile(4);
        Assert.Equal(4u, user.Look(file));
        Assert.Equal(4u, user.Keep(file));
        Assert.Equal(1, file.Disposed);
        Assert.Throws<WitTrapException>(() => user.Hold(new HostFile(1)));
        Assert.Equal(0, data.Guest.Resources.Count);
        Assert.Equal(0, _context.Resources.Count);
    }

    [Theory, MemberData(nameof(Namings))]
    public void An_interface_imported_only_as_a_dependency_and_exported_has_both_sides(string naming)
    {
        Start(naming);
        using var cell = _base.NewCell(3);
        Assert.IsType<BaseExport.Cell>(cell);
        Assert.Equal(3u, cell.Get());
        // The guest makes one of the host's cells (base, imported implicitly) and passes it to uses-base.peek.
        Assert.Equal(12, Hook("peek-host-cell", 5));
        Assert.Equal(0, _context.Resources.Count);
    }

    [Theory, MemberData(nameof(Namings))]
    public void The_worlds_own_resource_is_imported_under_root_and_passes_through_world_exports(string naming)
    {
        Start(naming);
        Assert.Equal(6, Hook("make-gadget-n", 6));
        var gadget = new HostGadget(4);
        Assert.Equal(8u, _world.Twice(gadget));
        Assert.Equal(0, gadget.Disposed);
        Assert.Equal(4u, _world.KeepGadget(gadget));
        Assert.Equal(1, gadget.Disposed);
        Assert.Equal(0, _context.Resources.Count);
    }
}

/// <summary>
/// jco 1.35.0's componentEmbed({ dummy: true }) of the same world (by prepare.sh): wit-component accepts the world, and
/// the generated glue defines every import of its guests and finds every export, under the <c>cm32p2</c> names.
/// </summary>
public sealed class WorldsDummyGuestTests
{
    private sealed class Data : IGuestStoreData
    {
        public GuestContext Guest { get; } = new();
        public WorldsHost Host { get; } = WorldsTests.Host();
    }

    private static string DummyPath([CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(thisFile)!, "out", "worlds.dummy.wasm");

    [Fact]
    public void Jcos_dummy_guest_of_the_world_links_against_the_generated_glue_and_exports_what_it_calls()
    {
        var path = DummyPath();
        Assert.True(File.Exists(path), $"{path} is made by tests/WitBindgen.Resources.Tests/prepare.sh; run it first");
        using var engine = new Engine();
        using var module = Module.FromFile(engine, path);
        var imports = module.Imports.Select(i => $"{i.ModuleName} {i.Name}").ToList();
        Assert.Contains("cm32p2|test:worlds/api@0.1 thing_drop", imports);
        Assert.Contains("cm32p2|_ex_test:worlds/api@0.1 thing_new", imports);
        Assert.Contains("cm32p2|test:worlds/base@0.1 [constructor]cell", imports);
        Assert.Contains("cm32p2|_ex_test:worlds/base@0.1 cell_rep", imports);
        Assert.Contains("cm32p2 gadget_drop", imports);
        Assert.Contains("cm32p2 [method]gadget.n", imports);
        Assert.Contains("cm32p2|test:worlds/files@0.1 [method]file.size", imports);

        foreach (var shared in new[] { false, true })
        {
            using var linker = new Linker(engine);
            var data = new Data();
            using var store = new Wasmtime.Store(engine, data);
            if (shared) WorldsHost.AddToLinker<Data>(linker, d => d.Host);
            else data.Host.AddToLinker(linker, data.Guest);
            var instance = linker.Instantiate(store, module);
            _ = new ApiExports(instance, data.Guest);
            _ = new UserExports(instance, data.Guest);
            _ = new BaseExports(instance, data.Guest);
            _ = new WorldsExports(instance, data.Guest);
        }
    }
}
