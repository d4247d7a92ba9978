using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Wasmtime;
using WitBindgen.Runtime.Abi;
using WitBindgen.Wasi.Tests.Tenant;
using Xunit;

namespace WitBindgen.Wasi.Tests;

/// <summary>
/// A host's own imports next to WASI on one shared <see cref="WasiLinker{TData}"/>: the store's data is the host's
/// (an <see cref="IWasiStoreData"/>), so every call of a guest finds its own WASI context (arguments, stdout) and
/// the host's own state (a counter generated from wit/counter.wit), interleaved and on several threads at once.
/// </summary>
public sealed class UserStoreDataTests : IDisposable
{
    // Adds its argument count to the tenant's counter, then prints "<name>:<total>\n" to its stdout.
    private static readonly string TenantGuest = Wat.Command(
        """
          (import "environment" "get-arguments" (func $get_arguments (param i32)))
          (import "counter" "add" (func $add (param i32) (result i64)))
          (import "counter" "name" (func $name (param i32)))
        """,
        """
            (local $total i64)
            (call $get_arguments (i32.const 0x1000))
            (local.set $total (call $add (i32.load (i32.const 0x1004))))
            (call $name (i32.const 0x1010))
            (call $print (i32.load (i32.const 0x1010)) (i32.load (i32.const 0x1014)))
            (call $print_char (i32.const 58))
            (call $print_u64 (local.get $total))
            (call $print_char (i32.const 10))
            (i32.const 0)
        """);

    private readonly WasiLinker<TenantData> _linker = new(Runner.Engine);
    private readonly Module _module = Module.FromText(Runner.Engine, "tenant", TenantGuest);

    public UserStoreDataTests()
    {
        Counter.AddToLinker<TenantData>(_linker.Linker, data => data.Counter);
    }

    public void Dispose()
    {
        _module.Dispose();
        _linker.Dispose();
    }

    private sealed class TenantCounter(string name, ulong start) : ICounter
    {
        private long _total = (long)start;

        public ulong Total => (ulong)Interlocked.Read(ref _total);

        public ulong Add(uint n) => (ulong)Interlocked.Add(ref _total, n);

        public string Name() => name;
    }

    private sealed class TenantData(WasiContext wasi, TenantCounter counter) : IWasiStoreData
    {
        public WasiContext WasiContext { get; } = wasi;
        public GuestContext Guest { get; } = new();
        public TenantCounter Counter { get; } = counter;
    }

    private static TenantData Data(TenantCounter counter, int arguments, MemoryOutputPipe stdout) => new(
        new WasiContextBuilder().Args(Enumerable.Range(0, arguments).Select(i => $"arg{i}").ToArray()).Stdout(stdout).Build(),
        counter);

    [Fact]
    public void Interleaved_instances_each_reach_their_own_state_and_their_own_WASI_context()
    {
        var counters = Enumerable.Range(0, 6).Select(k => new TenantCounter($"tenant-{k}", 1000UL * (ulong)k)).ToArray();
        var outputs = counters.Select(_ => new MemoryOutputPipe()).ToArray();
        var data = counters.Select((c, k) => Data(c, k + 1, outputs[k])).ToArray();
        var commands = data.Select(d => WasiCommand.Create(_linker, _module, d)).ToArray();
        try
        {
            for (int k = commands.Length - 1; k >= 0; k--) // all instantiated first, run in the other order
                Assert.Equal(0, commands[k].Run());
            for (int k = 0; k < commands.Length; k++)
            {
                Assert.Equal($"tenant-{k}:{1000 * k + k + 1}\n", outputs[k].Text);
                Assert.Equal(1000UL * (ulong)k + (ulong)k + 1, counters[k].Total);
                Assert.Same(data[k], commands[k].Store.GetData());
                Assert.Same(data[k].WasiContext, commands[k].Context);
                Assert.Same(data[k].Guest, commands[k].Guest);
            }
        }
        finally
        {
            foreach (var command in commands) command.Dispose();
            foreach (var d in data) d.WasiContext.Dispose();
        }

        // A tenant's state outlives an instance: the next one adds to it.
        var again = new MemoryOutputPipe();
        using var context = new WasiContextBuilder().Args("a", "b").Stdout(again).Build();
        Assert.Equal(0, WasiCommand.Run(_linker, _module, new TenantData(context, counters[3])));
        Assert.Equal("tenant-3:3006\n", again.Text);
    }

    [Fact]
    public void Instances_on_several_threads_at_once_stay_apart()
    {
        const int Tenants = 32, RunsEach = 4;
        var counters = Enumerable.Range(0, Tenants).Select(k => new TenantCounter($"t{k}", (ulong)k * 100)).ToArray();
        var texts = new string[Tenants, RunsEach];
        Parallel.For(0, Tenants, new ParallelOptions { MaxDegreeOfParallelism = 4 }, k =>
        {
            for (int run = 0; run < RunsEach; run++)
            {
                var stdout = new MemoryOutputPipe();
                var data = Data(counters[k], (k % 5) + 1, stdout);
                using var wasi = data.WasiContext;
                Assert.Equal(0, WasiCommand.Run(_linker, _module, data));
                texts[k, run] = stdout.Text;
            }
        });
        for (int k = 0; k < Tenants; k++)
        {
            int step = (k % 5) + 1;
            for (int run = 0; run < RunsEach; run++)
                Assert.Equal($"t{k}:{k * 100 + step * (run + 1)}\n", texts[k, run]);
            Assert.Equal((ulong)(k * 100 + step * RunsEach), counters[k].Total);
        }
    }

    [Fact]
    public void WasiStoreData_works_on_a_linker_of_its_own_type_and_a_store_of_other_data_traps_naming_the_type()
    {
        using var plain = new WasiLinker<WasiStoreData>(Runner.Engine);
        var stdout = new MemoryOutputPipe();
        using var context = new WasiContextBuilder().Stdout(stdout).Build();
        using var clock = Module.FromText(Runner.Engine, "clock", Wat.Command(
            """(import "wall-clock" "now" (func $now (param i32)))""",
            """(call $now (i32.const 0x1000)) (call $print_u64 (i64.load (i32.const 0x1000))) (i32.const 0)"""));
        Assert.Equal(0, WasiCommand.Run(plain, clock, new WasiStoreData(
            new WasiContextBuilder().WallClock(new FixedWallClock(DateTimeOffset.FromUnixTimeSeconds(77))).Stdout(stdout).Build(),
            new GuestContext())));
        Assert.Equal("77", stdout.Text);

        using var store = new Store(Runner.Engine, new WasiStoreData(context, new GuestContext()));
        var run = _linker.Linker.Instantiate(store, _module).GetFunction<int>("run#run")!;
        var trap = Runner.Trap(() => run());
        Assert.Equal("environment.get-arguments: the store's data is not a TenantData (a linker shared by stores needs it: create the store with it)", trap.Message);
    }
}
