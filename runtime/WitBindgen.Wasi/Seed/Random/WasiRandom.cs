using System;

namespace WitBindgen.Wasi;

/// <summary>
/// The default <c>random</c>: the context's secure source (the host's CSPRNG unless replaced). Asking for more than
/// <see cref="WasiRandomState.MaxBytes"/> bytes traps (the function must return exactly <c>len</c> bytes, so a
/// shorter answer is not an option), rather than letting a guest make the host allocate 2^64 bytes.
/// </summary>
public class WasiRandom : IRandom
{
    /// <summary>Serves the secure random source of <paramref name="context"/>.</summary>
    public WasiRandom(WasiContext context) => Context = context ?? throw new ArgumentNullException(nameof(context));

    /// <summary>The context.</summary>
    protected WasiContext Context { get; }

    /// <inheritdoc/>
    public virtual ReadOnlyMemory<byte> GetRandomBytes(ulong len) => Bytes(Context, Context.Random.Secure, len, "random.get-random-bytes");

    /// <inheritdoc/>
    public virtual ulong GetRandomU64() => Context.Random.Secure.NextUInt64();

    internal static byte[] Bytes(WasiContext context, RandomSource source, ulong len, string function) =>
        source.TakeBytes(len, context.Random.MaxBytes, function);
}
