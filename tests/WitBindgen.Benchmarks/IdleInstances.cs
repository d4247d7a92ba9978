using System;
using System.Collections.Generic;
using System.Diagnostics;
using Wasmtime;
using WitBindgen.Runtime.Abi;
using WitBindgen.Wasi;

namespace WitBindgen.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/WitBindgen.Benchmarks -- idle [count]</c>: keeps <c>count</c> instantiated
/// seed-world commands alive on one <see cref="WasiLinker"/> (each with its store, context and stdout capture) and
/// prints the host memory each costs — managed heap and process RSS, per instance — with the default allocator
/// and with Wasmtime's pooling allocator.
/// </summary>
internal static class IdleInstances
{
    public static void Run(int count)
    {
        Measure("default allocator", new Engine(), count);
        Measure("pooling allocator", StartupBenchmarks.PooledEngine(), count);
    }

    private static void Measure(string label, Engine engine, int count)
    {
        using (engine)
        using (var module = Module.FromText(engine, "hello", StartupBenchmarks.Command))
        using (var linker = new WasiLinker(engine))
        {
            WasiCommand.Run(linker, module, new WasiContextBuilder().Stdout(new MemoryOutputPipe()).Build()); // warm-up
            var (managedBefore, rssBefore) = Snapshot();
            var live = new List<WasiCommand>(count);
            for (int i = 0; i < count; i++)
            {
                var command = new WasiCommand(linker, module, new WasiContextBuilder().Stdout(new MemoryOutputPipe()).Build());
                command.Run();
                live.Add(command);
            }
            var (managedAfter, rssAfter) = Snapshot();
            Console.WriteLine($"{label}: {count} idle instances, per instance {(managedAfter - managedBefore) / count / 1024.0:F1} KiB managed, "
                + $"{(rssAfter - rssBefore) / count / 1024.0:F1} KiB RSS");
            foreach (var command in live) command.Dispose();
        }
    }

    private static (long Managed, long Rss) Snapshot()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: true), process.WorkingSet64);
    }
}
