using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Wasmtime;
using WitBindgen.Runtime;
using WitBindgen.Wasi;

// A host of its own for WASI commands: several tenants run the same guest side by side on one WasiLinker (the
// command world's 127 host functions defined once), each with its own arguments, environment, read-only home
// directory and captured stdout, and with three interfaces replaced for it while the defaults serve the rest:
//   wall-clock  a fixed day per tenant (reproducible output),
//   random      bytes from a seeded generator (reproducible output),
//   streams     the default streams, metered: every byte a tenant writes is counted.
// Usage: dotnet run --project examples/CustomHost [-- tenant...]

var tenants = args.Length > 0 ? args : new[] { "ada", "grace", "edsger", "barbara" };
using var engine = new Engine();
using var wasi = new WasiLinker(engine);
using var module = Module.FromText(engine, "demo", File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "demo.wat")));

var results = new (int Status, string Stdout, long Written)[tenants.Length];
Parallel.For(0, tenants.Length, i =>
{
    var home = Directory.CreateTempSubdirectory($"tenant-{tenants[i]}-");
    try
    {
        File.WriteAllText(Path.Combine(home.FullName, "owner.txt"), tenants[i]);
        var stdout = new MemoryOutputPipe();
        var meter = new ByteMeter();
        using var context = new WasiContextBuilder()
            .Args("demo", tenants[i])
            .Env("TENANT", tenants[i])
            .Preopen(home.FullName, "/home", readOnly: true)
            .Stdout(stdout)
            .WallClock(new FixedWallClock(new DateTimeOffset(2023, 5, 18, 12, 0, 0, TimeSpan.Zero).AddDays(i)))
            .Override<IRandom>(new SeededRandom(seed: i))
            .Override<IStreams>(ctx => new MeteredStreams(ctx, meter))
            .Build();
        results[i] = (WasiCommand.Run(wasi, module, context), stdout.Text, meter.Bytes);
    }
    finally
    {
        home.Delete(recursive: true);
    }
});

for (int i = 0; i < tenants.Length; i++)
{
    Console.WriteLine($"== {tenants[i]}: exit status {results[i].Status}, {results[i].Written} bytes written");
    Console.Write(results[i].Stdout);
}
return Array.TrueForAll(results, r => r.Status == 0) ? 0 : 1;

/// <summary>Counts bytes; shared by a tenant's streams.</summary>
sealed class ByteMeter
{
    private long _bytes;

    public long Bytes => Interlocked.Read(ref _bytes);

    public void Add(ulong bytes) => Interlocked.Add(ref _bytes, (long)bytes);
}

/// <summary>The default streams, with what each write accepted added to a meter.</summary>
sealed class MeteredStreams(WasiContext context, ByteMeter meter) : WasiStreams(context)
{
    public override Result<ulong, Streams.StreamError> Write(uint @this, ReadOnlySpan<byte> buf) => Metered(base.Write(@this, buf));

    public override Result<ulong, Streams.StreamError> BlockingWrite(uint @this, ReadOnlySpan<byte> buf) => Metered(base.BlockingWrite(@this, buf));

    private Result<ulong, Streams.StreamError> Metered(Result<ulong, Streams.StreamError> result)
    {
        if (result.IsOk) meter.Add(result.OkValue);
        return result;
    }
}

/// <summary><c>random</c> from a seeded generator: the same bytes on every run (for tests and replays, not secrets).</summary>
sealed class SeededRandom(int seed) : IRandom
{
    private readonly System.Random _random = new(seed);

    public ReadOnlyMemory<byte> GetRandomBytes(ulong len)
    {
        // A guest may ask for any length: refuse what a host would not hand out (the call then traps with this message).
        if (len > 1 << 20) throw new ArgumentOutOfRangeException(nameof(len), len, "at most 1 MiB of random bytes per call");
        var bytes = new byte[len];
        _random.NextBytes(bytes);
        return bytes;
    }

    public ulong GetRandomU64() => (ulong)_random.NextInt64() ^ ((ulong)_random.Next() << 63);
}
