using System;
using System.Collections.Generic;
using System.Linq;
using Bench;
using Wasmtime;
using WitBindgen.Runtime.Abi;

namespace WitBindgen.Benchmarks;

/// <summary>
/// <c>dotnet WitBindgen.Benchmarks.dll shapes [rounds]</c>: the per-call cost of the ways a generated host function can
/// be defined, in one process, measured in rounds that alternate the variants (so a busy machine slows all alike) and
/// timed in the thread's CPU time (so time the thread waits for a core is not counted). The guest calls
/// <c>host.inc</c> 1,000 times per export call. Variants, each for a fixed implementation and for one selected from
/// the store's data:
/// <list type="bullet">
/// <item>the generated glue: one listing per import, its host functions static lambdas, generic over the definers
/// generated into <c>BenchAbi</c>, whose callbacks hold the try/catch and call the lambda through its delegate;</item>
/// <item>the glue as the generator wrote it before (two listings: a <see cref="Func{T, TResult}"/> or
/// <see cref="CallerFunc{T, TResult}"/> closure per function, calling a host function that holds the try/catch),
/// reproduced here;</item>
/// <item>a definer given the host function as a type with a static abstract method instead of a delegate (written
/// here for the fixed path only);</item>
/// <item>one listing generic over a struct selector, which needs a <see cref="CallerFunc{T, TResult}"/> and so a
/// <see cref="Caller"/> per call even for the fixed implementation.</item>
/// </list>
/// On 2026-11-30, ns per call, generated definers against the two listings: on the quieter machine (12:11, load
/// 1.6-2.6; two runs of 300 rounds) 50.2/45.8 and 64.7/59.7 on the fixed path (+4-5 ns, minimum 41.6/37.3), 55.3/55.9
/// and 68.4/74.1 on the store-data path (on par to 6 ns faster); runs of 100 rounds spread from -5 to +11 ns (fixed)
/// and -11 to -5 ns (store data). Under load 14-17 (11:27-11:50) the fixed path measured 7-12 ns slower. The static
/// abstract definer was no faster than the delegate (its closure is shared generic code over the interface type, so
/// the call is still resolved at run time); the struct selector was slower. Definers shared from WitBindgen.Runtime
/// (26 methods each) had cost 8 ns more on the fixed path and 17 ns on the store-data one.
/// </summary>
internal static class DefineShapes
{
    private const int CallsPerLoop = 1000;
    private const int LoopsPerSample = 200;

    private sealed class Data : IGuestStoreData
    {
        public GuestContext Guest { get; } = new();
        public IHost Host { get; } = new GlueBenchmarks.HostImpl();
    }

    public static void Run(int rounds)
    {
        using var engine = new Engine();
        using var module = Module.FromText(engine, "bench", GlueBenchmarks.CoreModule);
        var variants = new List<(string Name, Func<int, int> Loop, IDisposable Store)>
        {
            Make("fixed: generated (one listing, definer)", engine, module, (linker, impl, ctx) => Host.AddToLinker(linker, impl, ctx), null),
            Make("fixed: two listings (the generator's before)", engine, module, (linker, impl, ctx) =>
                linker.DefineFunction("host", "inc", (Func<int, int>)(a0 => TwoListingsHostInc(impl, ctx, "host.inc", a0))), null),
            Make("fixed: definer, static abstract host", engine, module, (linker, impl, ctx) =>
                new StaticAbstractDefiner<IHost>(linker, impl, ctx).Func<StaticInc, int, int>("inc"), null),
            Make("fixed: one listing, struct selector", engine, module, (linker, impl, ctx) =>
                DefineIncListing(linker, new FixedImplementation<IHost>(impl, ctx)), null),
            Make("store data: generated (one listing, definer)", engine, module, (linker, _, _) => Host.AddToLinker<Data>(linker, d => d.Host), new Data()),
            Make("store data: two listings (the generator's before)", engine, module, (linker, _, _) =>
                DefineIncTwoListingsStoreData<Data>(linker, d => d.Host), new Data()),
            Make("store data: one listing, struct selector", engine, module, (linker, _, _) =>
                DefineIncListing(linker, new StoreDataImplementation<Data, IHost>(d => d.Host)), new Data()),
        };
        var samples = variants.Select(_ => new List<double>()).ToList();
        foreach (var v in variants) for (int i = 0; i < 20; i++) v.Loop(CallsPerLoop);   // warm-up: tiered JIT
        for (int r = 0; r < rounds; r++)
        {
            for (int k = 0; k < variants.Count; k++)
            {
                int index = (k + r) % variants.Count;   // a different variant first in each round
                var loop = variants[index].Loop;
                long start = ThreadCpuClock.Nanoseconds();
                for (int i = 0; i < LoopsPerSample; i++) loop(CallsPerLoop);
                long elapsed = ThreadCpuClock.Nanoseconds() - start;
                samples[index].Add((double)elapsed / (LoopsPerSample * CallsPerLoop));
            }
        }
        Console.WriteLine($"ns per import call (thread CPU time), {rounds} rounds of {LoopsPerSample * CallsPerLoop:N0} calls per variant");
        Console.WriteLine($"{"variant",-55} {"median",8} {"min",8} {"p25",8} {"p75",8}");
        for (int k = 0; k < variants.Count; k++)
        {
            var s = samples[k].OrderBy(x => x).ToList();
            Console.WriteLine($"{variants[k].Name,-55} {s[s.Count / 2],8:F1} {s[0],8:F1} {s[s.Count / 4],8:F1} {s[3 * s.Count / 4],8:F1}");
        }
        foreach (var v in variants) v.Store.Dispose();
    }

    // ---- the two listings, as the generator wrote them before the definers ----

    /// <summary>The host function as it was: its whole body in the try/catch that the definers now hold.</summary>
    private static int TwoListingsHostInc(IHost impl, GuestContext ctx, string fn, int x)
    {
        try
        {
            return unchecked((int)impl.Inc(unchecked((uint)x)));
        }
        catch (Exception ex) when (ex is not WitTrapException and not GuestExitException) { throw CanonicalAbi.ImplementationFailed(fn, ex); }
    }

    private static void DefineIncTwoListingsStoreData<TData>(Linker linker, Func<TData, IHost> implementation) where TData : class, IGuestStoreData =>
        linker.DefineFunction("host", "inc", (CallerFunc<int, int>)((caller, a0) => { var data = CanonicalAbi.StoreData<TData>(caller, "host.inc"); return TwoListingsHostInc(implementation(data), data.Guest, "host.inc", a0); }));

    // ---- a definer given the host function as a type (a static abstract method) instead of a delegate ----

    internal interface IStaticHostFunc<T, T1, TResult>
    {
        static abstract TResult Call(T impl, GuestContext ctx, string fn, T1 a0);
    }

    private readonly struct StaticInc : IStaticHostFunc<IHost, int, int>
    {
        public static int Call(IHost impl, GuestContext ctx, string fn, int a0) => unchecked((int)impl.Inc(unchecked((uint)a0)));
    }

    private readonly struct StaticAbstractDefiner<T>(Linker linker, T implementation, GuestContext context) where T : class
    {
        public void Func<THost, T1, TResult>(string name) where THost : struct, IStaticHostFunc<T, T1, TResult> where T1 : struct where TResult : struct
        {
            var (impl, ctx, fn) = (implementation, context, "host." + name);
            Func<T1, TResult> callback = a0 =>
            {
                try { return THost.Call(impl, ctx, fn, a0); }
                catch (Exception ex) when (ex is not WitTrapException and not GuestExitException) { throw CanonicalAbi.ImplementationFailed(fn, ex); }
            };
            linker.DefineFunction("host", name, callback);
        }
    }

    // ---- one listing over a struct selector, as the generator wrote it while it was tried ----

    private interface IImplementationSelector<out T> where T : class
    {
        T Select(Caller caller, string function, out GuestContext context);
    }

    private readonly struct FixedImplementation<T>(T implementation, GuestContext context) : IImplementationSelector<T> where T : class
    {
        public T Select(Caller caller, string function, out GuestContext context1)
        {
            context1 = context;
            return implementation;
        }
    }

    private readonly struct StoreDataImplementation<TData, T>(Func<TData, T> select) : IImplementationSelector<T> where TData : class, IGuestStoreData where T : class
    {
        public T Select(Caller caller, string function, out GuestContext context)
        {
            var data = CanonicalAbi.StoreData<TData>(caller, function);
            context = data.Guest;
            return select(data);
        }
    }

    /// <summary>The listing both overloads would share: one <c>DefineFunction</c> per function, the selector inlined.</summary>
    private static void DefineIncListing<TSelect>(Linker linker, TSelect select) where TSelect : struct, IImplementationSelector<IHost> =>
        linker.DefineFunction("host", "inc", (CallerFunc<int, int>)((caller, a0) => TwoListingsHostInc(select.Select(caller, "host.inc", out var ctx), ctx, "host.inc", a0)));

    private static (string, Func<int, int>, IDisposable) Make(string name, Engine engine, Module module, Action<Linker, IHost, GuestContext> define, Data? data)
    {
        var linker = new Linker(engine);
        var context = data?.Guest ?? new GuestContext();
        var implementation = new GlueBenchmarks.HostImpl();
        // The other imports of the guest through the generated glue; host.inc as the variant defines it.
        linker.AllowShadowing = true;
        if (data is null) Host.AddToLinker(linker, implementation, context);
        else Host.AddToLinker<Data>(linker, d => d.Host);
        define(linker, implementation, context);
        var store = data is null ? new Store(engine) : new Store(engine, data);
        var instance = linker.Instantiate(store, module);
        context.Bind(instance);
        var loop = instance.GetFunction<int, int>("guest#loop-inc") ?? throw new InvalidOperationException("no guest#loop-inc");
        if (loop(10) != 10) throw new InvalidOperationException(name + ": the guest's loop gave a wrong count");
        return (name, loop, store);
    }
}
