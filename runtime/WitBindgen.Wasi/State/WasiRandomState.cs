namespace WitBindgen.Wasi;

/// <summary>The random sources of one instance (wasmtime's <c>WasiCtx.random</c>).</summary>
public sealed class WasiRandomState
{
    internal WasiRandomState(RandomSource secure, RandomSource insecure, (ulong, ulong) insecureSeed, int maxBytes)
    {
        Secure = secure;
        Insecure = insecure;
        InsecureSeed = insecureSeed;
        MaxBytes = maxBytes;
    }

    /// <summary>The source of <c>random</c>.</summary>
    public RandomSource Secure { get; }

    /// <summary>The source of <c>insecure-random</c>.</summary>
    public RandomSource Insecure { get; }

    /// <summary>What <c>insecure-seed</c> returns: fixed for the context's life.</summary>
    public (ulong, ulong) InsecureSeed { get; }

    /// <summary>The most bytes one <c>get-random-bytes</c> or <c>get-insecure-random-bytes</c> returns; asking for more traps.</summary>
    public int MaxBytes { get; }
}
