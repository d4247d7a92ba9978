using System;
using System.Linq;
using Resources;
using Wasmtime;
using WitBindgen.Runtime;
using WitBindgen.Runtime.Abi;
using Xunit;
using Counter = Resources.Counters.Counter;

namespace WitBindgen.Resources.Tests;

/// <summary>
/// Resources the guest exports, through the generated wrappers on Wasmtime: a WAT guest (<see cref="CountersGuest"/>)
/// under the legacy core names and under today's <c>cm32p2</c> names gives the same results.
/// </summary>
public sealed class ExportedResourceTests : IDisposable
{
    private readonly Engine _engine = new();
    private readonly Wasmtime.Store _store;
    private readonly Linker _linker;
    private readonly GuestContext _context = new();
    private Instance _instance = null!;
    private CountersExports _guest = null!;

    public ExportedResourceTests()
    {
        _store = new Wasmtime.Store(_engine);
        _linker = new Linker(_engine);
        CountersExports.AddToLinker(_linker, _context);
    }

    public void Dispose()
    {
        _linker.Dispose();
        _store.Dispose();
        _engine.Dispose();
    }

    public static TheoryData<string> Namings => new() { "legacy", "cm32p2" };

    private void Start(string naming)
    {
        using var module = Module.FromText(_engine, "counters", naming == "legacy" ? CountersGuest.Legacy : CountersGuest.Cm32p2);
        _instance = _linker.Instantiate(_store, module);
        _guest = new CountersExports(_instance, _context);
    }

    private int Dtors => _instance.GetFunction<int>("dtors")!();
    private int LastDtor => _instance.GetFunction<int>("last-dtor")!();
    private int RawRep(int handle) => _instance.GetFunction<int, int>("raw-rep")!(handle);
    private void RawDrop(int handle) => _instance.GetAction<int>("raw-drop")!(handle);
    private int RawNew(int value) => _instance.GetFunction<int, int>("raw-new")!(value);

    private static WitTrapException Trap(Action call) =>
        Assert.IsType<WitTrapException>(Assert.ThrowsAny<WasmtimeException>(call).InnerException);

    [Theory, MemberData(nameof(Namings))]
    public void The_constructor_gives_the_host_a_wrapper_whose_methods_call_the_guest(string naming)
    {
        Start(naming);
        using var c = _guest.NewCounter(5);
        Assert.Equal(5u, c.Get());
        Assert.Equal(1u, _guest.Live());
        Assert.True(c.IsAlive);
        // The host owns it: the handle the guest made left its table.
        Assert.Equal(0, _context.ExportedResources.Count);
    }

    [Theory, MemberData(nameof(Namings))]
    public void Dispose_runs_the_guests_destructor_exactly_once(string naming)
    {
        Start(naming);
        var c = _guest.NewCounter(7);
        c.Dispose();
        Assert.Equal(1, Dtors);
        Assert.Equal(7, LastDtor);
        Assert.Equal(0u, _guest.Live());
        c.Dispose();
        Assert.Equal(1, Dtors);
        Assert.False(c.IsAlive);
        var used = Assert.Throws<ObjectDisposedException>(() => c.Get());
        Assert.Contains("disposed or moved", used.Message);
    }

    [Theory, MemberData(nameof(Namings))]
    public void A_borrow_lends_the_counter_for_the_call_and_the_host_keeps_it(string naming)
    {
        Start(naming);
        using var a = _guest.NewCounter(2);
        using var b = _guest.NewCounter(40);
        a.Add(b);
        Assert.Equal(42u, a.Get());
        Assert.True(b.IsAlive);
        Assert.Equal(40u, b.Get());
        Assert.Equal(0, Dtors);
        Assert.Equal(82u, _guest.Total(new[] { a, b }));
        Assert.Equal(0, _context.ExportedResources.Count);
    }

    [Theory, MemberData(nameof(Namings))]
    public void Own_parameters_move_to_the_guest_which_drops_them_and_the_destructor_runs_once_each(string naming)
    {
        Start(naming);
        var a = _guest.NewCounter(3);
        var b = _guest.NewCounter(4);
        using var sum = _guest.CounterMerge(a, b);
        Assert.Equal(7u, sum.Get());
        Assert.False(a.IsAlive);
        Assert.False(b.IsAlive);
        Assert.Equal(2, Dtors);
        Assert.Equal(1u, _guest.Live());
        a.Dispose();   // spent: disposing it does not run the destructor again
        Assert.Equal(2, Dtors);
        // A spent wrapper in any position is refused before the other is moved.
        Assert.Throws<ObjectDisposedException>(() => _guest.CounterMerge(a, sum));
        Assert.Throws<ObjectDisposedException>(() => _guest.CounterMerge(sum, a));
        Assert.True(sum.IsAlive);
        Assert.Equal(7u, sum.Get());
        Assert.Equal(0, _context.ExportedResources.Count);
    }

    [Theory, MemberData(nameof(Namings))]
    public void Handles_travel_in_lists_records_variants_and_results(string naming)
    {
        Start(naming);
        var made = _guest.Make(3);
        Assert.Equal(new uint[] { 0, 1, 2 }, made.Select(c => c.Get()).ToArray());
        Assert.Equal(3u, _guest.Total(made));

        var named = _guest.Wrap(made[2], "two");
        Assert.Equal("two", named.Name);
        Assert.False(made[2].IsAlive);
        Assert.Equal(2u, named.Item.Get());
        var back = _guest.Unwrap(named);
        Assert.Equal(2u, back.Get());

        var picked = _guest.Pick(new Counters.Slot.Full(back));
        Assert.True(picked.IsOk);
        Assert.Equal(2u, picked.OkValue.Get());
        Assert.Equal("empty", _guest.Pick(Counters.Slot.Empty.Instance).ErrValue);

        foreach (var c in made.Take(2)) c.Dispose();
        picked.OkValue.Dispose();
        Assert.Equal(3, Dtors);
        Assert.Equal(0u, _guest.Live());
        Assert.Equal(0, _context.ExportedResources.Count);
    }

    [Theory, MemberData(nameof(Namings))]
    public void The_guest_may_keep_handles_and_drop_them_itself(string naming)
    {
        Start(naming);
        int h = RawNew(9);
        Assert.Equal(1, _context.ExportedResources.Count);
        int rep = RawRep(h);
        Assert.Equal(rep, RawRep(h));
        RawDrop(h);
        Assert.Equal(1, Dtors);
        Assert.Equal(9, LastDtor);
        Assert.Equal(0, _context.ExportedResources.Count);
        var stale = Trap(() => RawRep(h));
        Assert.Equal($"[export]{CountersGuest.Interface}.[resource-rep]counter: handle {h} to a counter was already dropped or moved", stale.Message);
        Assert.Contains("was already dropped or moved", Trap(() => RawDrop(h)).Message);
        Assert.Equal(1, Dtors);
    }

    [Theory, MemberData(nameof(Namings))]
    public void Forged_handles_trap_with_a_clear_message(string naming)
    {
        Start(naming);
        Assert.Equal($"[export]{CountersGuest.Interface}.[resource-rep]counter: handle 4242 to a counter was never given to the guest",
            Trap(() => RawRep(4242)).Message);
        Assert.Contains("handle 0 to a counter was never given to the guest", Trap(() => RawDrop(0)).Message);
        Assert.Equal(0, Dtors);
    }

    [Fact]
    public void A_handle_limit_traps_instead_of_growing_without_bound()
    {
        Start("legacy");
        _context.ExportedResources.MaxHandles = 2;
        var trap = Trap(() => _guest.Make(3));
        Assert.Contains("ExportedResourceTable.MaxHandles", trap.Message);
    }

    [Fact]
    public void A_counter_of_another_instance_is_refused()
    {
        Start("legacy");
        using var mine = _guest.NewCounter(1);
        var otherContext = new GuestContext();
        using var otherLinker = new Linker(_engine);
        CountersExports.AddToLinker(otherLinker, otherContext);
        using var module = Module.FromText(_engine, "counters", CountersGuest.Legacy);
        var other = new CountersExports(otherLinker.Instantiate(_store, module), otherContext);
        var refused = Assert.Throws<ArgumentException>(() => other.Total(new[] { mine }));
        Assert.Contains("belongs to another guest instance", refused.Message);
        Assert.True(mine.IsAlive);
    }

    [Fact]
    public void A_guest_exporting_neither_naming_is_reported_by_name()
    {
        using var module = Module.FromText(_engine, "empty", "(module (memory (export \"memory\") 1))");
        var instance = _linker.Instantiate(_store, module);
        var missing = Assert.Throws<InvalidOperationException>(() => new CountersExports(instance, new GuestContext()));
        Assert.Contains("'test:res/counters@0.1.0#total' or 'cm32p2|test:res/counters@0.1|total'", missing.Message);
    }

    [Fact]
    public void The_shared_linker_finds_the_table_in_the_calling_stores_data()
    {
        using var linker = new Linker(_engine);
        CountersExports.AddToLinker<Data>(linker);
        var data = new Data();
        using var store = new Wasmtime.Store(_engine, data);
        using var module = Module.FromText(_engine, "counters", CountersGuest.Cm32p2);
        var guest = new CountersExports(linker.Instantiate(store, module), data.Guest);
        var a = guest.NewCounter(1);
        var b = guest.NewCounter(2);
        using var sum = guest.CounterMerge(a, b);
        Assert.Equal(3u, sum.Get());
        Assert.Equal(0, data.Guest.ExportedResources.Count);
    }

    private sealed class Data : IGuestStoreData
    {
        public GuestContext Guest { get; } = new();
    }
}
