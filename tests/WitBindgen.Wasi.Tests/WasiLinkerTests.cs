using System;
using System.Linq;
using System.Threading.Tasks;
using Wasmtime;
using WitBindgen.Runtime.Abi;
using Xunit;

namespace WitBindgen.Wasi.Tests;

/// <summary>
/// One <see cref="WasiLinker"/> for many instances: every call finds its own store's context (its stdout, its
/// overrides, its handles), also with instances interleaved and on several threads at once.
/// </summary>
public sealed class WasiLinkerTests : IDisposable
{
    // Prints the wall clock's seconds, then exits with err if the seconds are odd (exit(err) = status 1).
    private static readonly string ClockGuest = Wat.Command(
        """
          (import "wall-clock" "now" (func $now (param i32)))
          (import "exit" "exit" (func $exit (param i32)))
        """,
        """
            (call $now (i32.const 0x1000))
            (call $print_u64 (i64.load (i32.const 0x1000)))
            (if (i32.wrap_i64 (i64.and (i64.load (i32.const 0x1000)) (i64.const 1))) (then (call $exit (i32.const 1))))
            (i32.const 0)
        """);

    private readonly WasiLinker _linker = new(Runner.Engine);
    private readonly Module _module = Module.FromText(Runner.Engine, "clock", ClockGuest);

    public void Dispose()
    {
        _module.Dispose();
        _linker.Dispose();
    }

    private static WasiContext Context(long seconds, MemoryOutputPipe stdout) => new WasiContextBuilder()
        .WallClock(new FixedWallClock(DateTimeOffset.FromUnixTimeSeconds(seconds)))
        .Stdout(stdout)
        .Build();

    [Fact]
    public void Interleaved_instances_each_use_their_own_context()
    {
        var (outA, outB) = (new MemoryOutputPipe(), new MemoryOutputPipe());
        using var a = Context(1000, outA);
        using var b = Context(2001, outB);
        using var commandA = new WasiCommand(_linker, _module, a);
        using var commandB = new WasiCommand(_linker, _module, b);
        Assert.Equal(1, commandB.Run()); // odd seconds: exit(err)
        Assert.Equal(0, commandA.Run());
        Assert.Equal("1000", outA.Text);
        Assert.Equal("2001", outB.Text);
        Assert.Same(a, ((WasiStoreData)commandA.Store.GetData()!).Context);
    }

    [Fact]
    public void Instances_on_several_threads_at_once_stay_apart()
    {
        var results = new string[64];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var stdout = new MemoryOutputPipe();
            using var context = Context(10_000 + 2 * i, stdout);
            Assert.Equal(0, WasiCommand.Run(_linker, _module, context));
            results[i] = stdout.Text;
        });
        Assert.Equal(Enumerable.Range(0, results.Length).Select(i => (10_000 + 2 * i).ToString()), results);
    }

    [Fact]
    public void The_same_results_as_a_linker_of_its_own()
    {
        var (shared, own) = (new MemoryOutputPipe(), new MemoryOutputPipe());
        using (var context = Context(77, shared)) Assert.Equal(1, WasiCommand.Run(_linker, _module, context));
        using (var context = Context(77, own))
        using (var store = new Store(Runner.Engine))
        using (var linker = new Linker(Runner.Engine))
        {
            var guest = new GuestContext();
            context.AddToLinker(linker, guest); // host functions capturing this context
            var instance = linker.Instantiate(store, _module);
            guest.Bind(instance);
            var error = Assert.Throws<WasmtimeException>(() => new RunExports(instance, guest).Run());
            Assert.Equal(1, WasiCommand.ExitStatus(error));
            context.FlushOutputs();
        }
        Assert.Equal(own.Text, shared.Text);
    }

    [Fact]
    public void Commands_made_from_an_engine_share_its_linker()
    {
        Assert.Same(WasiLinker.For(Runner.Engine), WasiLinker.For(Runner.Engine));
        using var other = new Engine();
        Assert.NotSame(WasiLinker.For(Runner.Engine), WasiLinker.For(other));
        var stdout = new MemoryOutputPipe();
        using var context = Context(4, stdout);
        using var command = new WasiCommand(Runner.Engine, _module, context);
        Assert.IsType<WasiStoreData>(command.Store.GetData());
        Assert.Equal(0, command.Run());
        Assert.Equal("4", stdout.Text);
    }

    [Fact]
    public void A_store_without_WasiStoreData_traps_naming_the_function()
    {
        using var store = new Store(Runner.Engine);
        var instance = _linker.Linker.Instantiate(store, _module);
        var run = instance.GetFunction<int>("run#run")!;
        var trap = Runner.Trap(() => run());
        Assert.Equal("wall-clock.now: the store's data is not a WasiStoreData (a linker shared by stores needs it: create the store with it)", trap.Message);
    }

    [Fact]
    public void Imports_it_lacks_are_refused_every_time_and_a_context_serves_one_instance()
    {
        using var bad = Module.FromText(Runner.Engine, "bad", """(module (import "nope" "f" (func)) (memory (export "memory") 1))""");
        for (int i = 0; i < 2; i++) // failures are not cached as checked
        {
            using var context = new WasiContextBuilder().Build();
            var error = Assert.Throws<WasiLinkException>(() => new WasiCommand(_linker, bad, context));
            Assert.Equal(new[] { "nope.f" }, error.MissingImports);
        }

        using var once = Context(2, new MemoryOutputPipe());
        using (new WasiCommand(_linker, _module, once))
        {
            var twice = Assert.Throws<InvalidOperationException>(() => new WasiCommand(_linker, _module, once));
            Assert.Contains("already serves an instance", twice.Message);
        }
    }
}
