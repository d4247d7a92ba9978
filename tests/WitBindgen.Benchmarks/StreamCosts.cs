using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using Wasmtime;

namespace WitBindgen.Benchmarks;

/// <summary>
/// <c>dotnet WitBindgen.Benchmarks.dll streamcosts [rounds]</c>: where the time of a 64 KiB <c>streams.read</c> goes.
/// <see cref="StreamBenchmarks"/>' variants against hand-written host functions on the same kind of guest that add
/// one step of a read at a time (the call, the realloc, the copy, the result), and the bare copies between the same
/// addresses from .NET; in rounds that alternate the variants, timed in the thread's CPU time.
/// Measured 2026-11-30 (loaded machine, medians of 300 rounds, CopyTo ~1.5 us): the copy from .NET into the guest's
/// buffer runs as fast as the baseline (no address or cache penalty); the export call plus the read's host call cost
/// ~135-210 ns, the guest's realloc ~60-70 ns, the same copy inside the host call ~50 ns more than outside it; a whole
/// hand-written read lands at ~80% of CopyTo, and the generated glue within ~25 ns of it.
/// </summary>
internal static class StreamCosts
{
    private const int Size = 64 * 1024;
    private const int CallsPerSample = 2000;

    // The same guest shape as StreamBenchmarks': the handle from a host call once, then each read into 0x20000.
    private const string Guest = """
        (module
          (import "h" "handle" (func $handle (result i32)))
          (import "h" "read" (func $read (param i32 i64 i32)))
          (memory (export "memory") 3)
          (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 0x20000))
          (global $h (mut i32) (i32.const -1))
          (func (export "read-64k") (result i32)
            (if (i32.eq (global.get $h) (i32.const -1)) (then (global.set $h (call $handle))))
            (call $read (global.get $h) (i64.const 65536) (i32.const 0x100))
            (i32.load (i32.const 0x108))))
        """;

    private sealed class HandWritten : IDisposable
    {
        public int Steps;
        public Func<int> Read = null!;
        private readonly Store _store;

        public unsafe HandWritten(Engine engine, Module module, Func<long, ReadOnlyMemory<byte>> placeSource)
        {
            var linker = new Linker(engine);
            _store = new Store(engine);
            Func<int, int, int, int, int>? realloc = null;
            Memory? memory = null;
            ReadOnlyMemory<byte> source = default;
            long cachedBase = 0;
            linker.DefineFunction("h", "handle", () => 0);
            linker.DefineFunction("h", "read", (Action<int, long, int>)((handle, len, ret) =>
            {
                if (Steps == 0) return;
                if (Steps == 5)
                {
                    // The same through GuestCopy, the copy the glue makes.
                    WitBindgen.Runtime.Abi.GuestCopy.Copy(source.Span, new Span<byte>((void*)(cachedBase + 0x20000), Size));
                    return;
                }
                if (Steps == 4)
                {
                    // The copy alone, into the fixed destination, through a cached base address (no call into Wasmtime).
                    source.Span.CopyTo(new Span<byte>((void*)(cachedBase + 0x20000), Size));
                    return;
                }
                int pointer = realloc!(0, 0, 1, Size);
                if (Steps == 1) return;
                var view = new Span<byte>((void*)memory!.GetPointer(), (int)memory.GetLength());
                source.Span.CopyTo(view.Slice(pointer, Size));
                if (Steps == 2) return;
                view = new Span<byte>((void*)memory!.GetPointer(), (int)memory.GetLength());
                view[ret] = 0;
                MemoryMarshal.Write(view.Slice(ret + 4), pointer);
                MemoryMarshal.Write(view.Slice(ret + 8), Size);
                view[ret + 12] = 0;
            }));
            var instance = linker.Instantiate(_store, module);
            memory = instance.GetMemory("memory")!;
            realloc = instance.GetFunction<int, int, int, int, int>("cabi_realloc")!;
            source = placeSource(memory.GetPointer() + 0x20000);
            cachedBase = memory.GetPointer();
            Read = instance.GetFunction<int>("read-64k")!;
            Steps = 3;
            if (Read() != Size) throw new InvalidOperationException("the hand-written read did not store 64 KiB");
        }

        public void Dispose() => _store.Dispose();
    }

    public static unsafe void Run(int rounds, string? only = null)
    {
        var bench = new StreamBenchmarks();
        bench.Setup();
        using var module = Module.FromText(bench.Engine, "costs", Guest);
        using var hand = new HandWritten(bench.Engine, module, guest => StreamBenchmarks.PlaceSource(guest));
        var variants = new List<(string Name, Action Call)>
        {
            ("CopyTo baseline", () => bench.CopyTo()),
            ("streams.read (generated glue, WasiCommand)", () => bench.ReadOnce()),
            ("streams.write (generated glue, WasiCommand)", () => bench.WriteOnce()),
            ("streams.read, get-stdin per call", () => bench.ReadGetStdin()),
            ("streams.write, get-stdout per call", () => bench.WriteGetStdout()),
            ("copy source -> guest 0x20000 from .NET", () => bench.CopySourceToGuest()),
            ("GuestCopy source -> guest 0x20000 from .NET", () => bench.GuestCopySourceToGuest()),
            ("hand-written: call only", () => { hand.Steps = 0; hand.Read(); }),
            ("hand-written: copy only (cached base)", () => { hand.Steps = 4; hand.Read(); }),
            ("hand-written: GuestCopy only (cached base)", () => { hand.Steps = 5; hand.Read(); }),
            ("hand-written: + realloc", () => { hand.Steps = 1; hand.Read(); }),
            ("hand-written: + copy", () => { hand.Steps = 2; hand.Read(); }),
            ("hand-written: + result (a whole read)", () => { hand.Steps = 3; hand.Read(); }),
        };
        if (only is not null) variants = variants.Where(v => v.Name.Contains(only, StringComparison.Ordinal)).ToList();
        var samples = variants.Select(_ => new List<double>()).ToList();
        foreach (var v in variants) for (int i = 0; i < 2000; i++) v.Call();   // warm-up: tiered JIT
        for (int r = 0; r < rounds; r++)
        {
            for (int k = 0; k < variants.Count; k++)
            {
                int index = (k + r) % variants.Count;
                var call = variants[index].Call;
                long start = ThreadCpuClock.Nanoseconds();
                for (int i = 0; i < CallsPerSample; i++) call();
                long elapsed = ThreadCpuClock.Nanoseconds() - start;
                samples[index].Add((double)elapsed / CallsPerSample);
            }
        }
        var medians = samples.Select(s => s.OrderBy(x => x).ToList()[s.Count / 2]).ToList();
        Console.WriteLine($"ns per call (thread CPU time), {rounds} rounds of {CallsPerSample:N0} calls per variant");
        Console.WriteLine($"{"variant",-50} {"median",8} {"min",8} {"% of CopyTo",12}");
        for (int k = 0; k < variants.Count; k++)
        {
            var s = samples[k].OrderBy(x => x).ToList();
            Console.WriteLine($"{variants[k].Name,-50} {medians[k],8:F0} {s[0],8:F0} {100 * medians[0] / medians[k],11:F0}%");
        }
        bench.Cleanup();
    }
}
