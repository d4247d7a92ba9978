using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using Bench;
using Wasmtime;
using WitBindgen.Runtime.Abi;

namespace WitBindgen.Benchmarks;

/// <summary>
/// <c>dotnet WitBindgen.Benchmarks.dll shapes [rounds]</c>: the per-call cost of the ways a generated host function can
/// be defined, in one process, measured in rounds that alternate the variants (so a busy machine slows all alike) and
/// timed in the thread's CPU time (so time the thread waits for a core is not counted). The guest calls
/// <c>host.inc</c> 1,000 times per export call. Variants: the generated glue (two listings: a plain
/// <see cref="Func{T, TResult}"/> closure over the implementation, and a <see cref="CallerFunc{T, TResult}"/> reading
/// the store's data) against one listing of the same generated host function, generic over a struct selector, which
/// both overloads would share (it needs <see cref="CallerFunc{T, TResult}"/>, so a <see cref="Caller"/> per call).
/// That one listing was measured slower (issue 11, item 5), so the generator keeps the two. A third shape, one listing of
/// static host delegates generic over a struct "definer" that wraps each in the callback its path needs, is written
/// here too; generated for real (its definers in WitBindgen.Runtime, 26 methods each) it cost 8 ns per call more on the
/// fixed path and 17 ns on the store-data one (150 rounds, 2026-11-30), so it was not kept either. Written here, in the
/// calling assembly, the same shape measured on par or faster than the two listings (60.8 against 66.0 ns fixed, 68.4
/// against 79.1 ns store data, medians of 100 rounds): generating the definers into each world's ABI class, rather
/// than sharing them from the runtime, is the untried next step.
/// </summary>
internal static class DefineShapes
{
    private const int CallsPerLoop = 1000;
    private const int LoopsPerSample = 200;

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    private static long ThreadCpuNanoseconds()
    {
        const int ClockThreadCpuTime = 3;
        ClockGetTime(ClockThreadCpuTime, out var t);
        return t.Seconds * 1_000_000_000L + t.Nanoseconds;
    }

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
            Make("fixed: generated (Func closure)", engine, module, (linker, impl, ctx) => Host.AddToLinker(linker, impl, ctx), null),
            Make("fixed: one listing, struct selector", engine, module, (linker, impl, ctx) =>
                DefineIncListing(linker, new FixedImplementation<IHost>(impl, ctx)), null),
            Make("store data: generated (CallerFunc closure)", engine, module, (linker, _, _) => Host.AddToLinker<Data>(linker, d => d.Host), new Data()),
            Make("store data: one listing, struct selector", engine, module, (linker, _, _) =>
                DefineIncListing(linker, new StoreDataImplementation<Data, IHost>(d => d.Host)), new Data()),
            Make("fixed: one listing, definer + host delegate", engine, module, (linker, impl, ctx) =>
                DefineIncByDefiner(linker, new FixedDefiner<IHost>(impl, ctx)), null),
            Make("store data: one listing, definer + host delegate", engine, module, (linker, _, _) =>
                DefineIncByDefiner(linker, new StoreDataDefiner<Data, IHost>(d => d.Host)), new Data()),
        };
        var samples = variants.Select(_ => new List<double>()).ToList();
        foreach (var v in variants) for (int i = 0; i < 20; i++) v.Loop(CallsPerLoop);   // warm-up: tiered JIT
        for (int r = 0; r < rounds; r++)
        {
            for (int k = 0; k < variants.Count; k++)
            {
                int index = (k + r) % variants.Count;   // a different variant first in each round
                var loop = variants[index].Loop;
                long start = ThreadCpuNanoseconds();
                for (int i = 0; i < LoopsPerSample; i++) loop(CallsPerLoop);
                long elapsed = ThreadCpuNanoseconds() - start;
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

    // ---- the one-listing shape, as the generator wrote it while it was tried ----

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
        linker.DefineFunction("host", "inc", (CallerFunc<int, int>)((caller, a0) => BenchAbi.HostHostInc(select.Select(caller, "host.inc", out var ctx), ctx, "host.inc", a0)));

    // ---- another one-listing shape: the listing passes a static host delegate; the definer wraps it in the
    // delegate type its path needs (one more delegate call per call; a runtime would need one method per arity) ----

    private interface IDefiner<T> where T : class
    {
        void Func<T1, TResult>(Linker linker, string module, string name, string function, Func<T, GuestContext, T1, TResult> host) where T1 : struct where TResult : struct;
    }

    private readonly struct FixedDefiner<T>(T implementation, GuestContext context) : IDefiner<T> where T : class
    {
        public void Func<T1, TResult>(Linker linker, string module, string name, string function, Func<T, GuestContext, T1, TResult> host) where T1 : struct where TResult : struct
        {
            var (i, c) = (implementation, context);
            linker.DefineFunction(module, name, (Func<T1, TResult>)(a0 => host(i, c, a0)));
        }
    }

    private readonly struct StoreDataDefiner<TData, T>(Func<TData, T> select) : IDefiner<T> where TData : class, IGuestStoreData where T : class
    {
        public void Func<T1, TResult>(Linker linker, string module, string name, string function, Func<T, GuestContext, T1, TResult> host) where T1 : struct where TResult : struct
        {
            var s = select;
            linker.DefineFunction(module, name, (CallerFunc<T1, TResult>)((caller, a0) =>
            {
                var data = CanonicalAbi.StoreData<TData>(caller, function);
                return host(s(data), data.Guest, a0);
            }));
        }
    }

    private static void DefineIncByDefiner<TDefine>(Linker linker, TDefine define) where TDefine : struct, IDefiner<IHost> =>
        define.Func<int, int>(linker, "host", "inc", "host.inc", static (impl, ctx, a0) => BenchAbi.HostHostInc(impl, ctx, "host.inc", a0));

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
