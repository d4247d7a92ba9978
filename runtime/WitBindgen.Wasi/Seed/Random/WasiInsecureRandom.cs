using System;

namespace WitBindgen.Wasi;

/// <summary>The default <c>insecure-random</c>: the context's insecure source (see <see cref="RandomSource.Seeded"/>).</summary>
public class WasiInsecureRandom : IInsecureRandom
{
    /// <summary>Serves the insecure random source of <paramref name="context"/>.</summary>
    public WasiInsecureRandom(WasiContext context) => Context = context ?? throw new ArgumentNullException(nameof(context));

    /// <summary>The context.</summary>
    protected WasiContext Context { get; }

    /// <inheritdoc/>
    public virtual ReadOnlyMemory<byte> GetInsecureRandomBytes(ulong len) =>
        WasiRandom.Bytes(Context, Context.Random.Insecure, len, "insecure-random.get-insecure-random-bytes");

    /// <inheritdoc/>
    public virtual ulong GetInsecureRandomU64() => Context.Random.Insecure.NextUInt64();
}
