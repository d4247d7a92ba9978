using System.Runtime.CompilerServices;
using System.Threading;

namespace WitBindgen.Wasi;

/// <summary>The random sources of one instance (wasmtime's <c>WasiCtx.random</c>).</summary>
/// <remarks>
/// What the builder left to the host (the insecure generator and the insecure seed) is drawn from the host's CSPRNG
/// on first use: most guests never ask, and three draws from it cost an instance more than the rest of its context.
/// </remarks>
public sealed class WasiRandomState
{
    private RandomSource? _insecure;
    private StrongBox<(ulong, ulong)>? _insecureSeed;

    internal WasiRandomState(RandomSource secure, RandomSource? insecure, (ulong, ulong)? insecureSeed, int maxBytes)
    {
        Secure = secure;
        _insecure = insecure;
        if (insecureSeed is { } seed) _insecureSeed = new(seed);
        MaxBytes = maxBytes;
    }

    /// <summary>The source of <c>random</c>.</summary>
    public RandomSource Secure { get; }

    /// <summary>The source of <c>insecure-random</c>.</summary>
    public RandomSource Insecure =>
        Volatile.Read(ref _insecure) ?? Interlocked.CompareExchange(ref _insecure, RandomSource.NewInsecure(), null) ?? _insecure!;

    /// <summary>What <c>insecure-seed</c> returns: fixed for the context's life.</summary>
    public (ulong, ulong) InsecureSeed =>
        (Volatile.Read(ref _insecureSeed)
         ?? Interlocked.CompareExchange(ref _insecureSeed, new((RandomSource.Secure.NextUInt64(), RandomSource.Secure.NextUInt64())), null)
         ?? _insecureSeed!).Value;

    /// <summary>The most bytes one <c>get-random-bytes</c> or <c>get-insecure-random-bytes</c> returns; asking for more traps.</summary>
    public int MaxBytes { get; }
}
