using System;

namespace WitBindgen.Wasi;

/// <summary>The default <c>insecure-random-seed</c>: the same 128 bits for the context's whole life.</summary>
public class WasiInsecureRandomSeed : IInsecureRandomSeed
{
    /// <summary>Serves the seed of <paramref name="context"/>.</summary>
    public WasiInsecureRandomSeed(WasiContext context) => Context = context ?? throw new ArgumentNullException(nameof(context));

    /// <summary>The context.</summary>
    protected WasiContext Context { get; }

    /// <inheritdoc/>
    public virtual (ulong, ulong) InsecureSeed() => Context.Random.InsecureSeed;
}
