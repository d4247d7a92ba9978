using System;
using System.Collections.Generic;
using System.Linq;

namespace WitBindgen.Benchmarks;

/// <summary>
/// <c>dotnet WitBindgen.Benchmarks.dll exportadd [rounds]</c>: <see cref="HandWrittenBenchmarks"/>' export
/// <c>add</c>, glue against hand-written, in rounds that alternate the two (the first of each round alternating too),
/// timed in the thread's CPU time: a paired ratio that a loaded machine moves less than two separate runs.
/// </summary>
internal static class ExportAddCosts
{
    private const int LoopsPerSample = 20;

    public static void Run(int rounds)
    {
        var bench = new HandWrittenBenchmarks();
        bench.Setup();
        var variants = new List<(string Name, Action Loop)>
        {
            ("export add: glue", () => bench.ExportAdd_Glue()),
            ("export add: hand-written", () => bench.ExportAdd_Hand()),
        };
        var samples = variants.Select(_ => new List<double>()).ToList();
        var ratios = new List<double>();
        foreach (var v in variants) for (int i = 0; i < 200; i++) v.Loop();   // warm-up: tiered JIT
        for (int r = 0; r < rounds; r++)
        {
            var round = new double[variants.Count];
            for (int k = 0; k < variants.Count; k++)
            {
                int index = (k + r) % variants.Count;
                var loop = variants[index].Loop;
                long start = ThreadCpuClock.Nanoseconds();
                for (int i = 0; i < LoopsPerSample; i++) loop();
                round[index] = (double)(ThreadCpuClock.Nanoseconds() - start) / (LoopsPerSample * 1000);
                samples[index].Add(round[index]);
            }
            ratios.Add(round[0] / round[1]);
        }
        Console.WriteLine($"ns per call (thread CPU time), {rounds} rounds of {LoopsPerSample * 1000:N0} calls per variant");
        for (int k = 0; k < variants.Count; k++)
        {
            var s = samples[k].OrderBy(x => x).ToList();
            Console.WriteLine($"{variants[k].Name,-30} median {s[s.Count / 2],7:F2}  min {s[0],7:F2}");
        }
        var sorted = ratios.OrderBy(x => x).ToList();
        Console.WriteLine($"glue / hand-written per round: median {sorted[sorted.Count / 2]:F3}  p25 {sorted[sorted.Count / 4]:F3}  p75 {sorted[3 * sorted.Count / 4]:F3}");
        bench.Cleanup();
    }
}
