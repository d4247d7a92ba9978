using System;
using WitBindgen.Runtime.Abi;

namespace WitBindgen.Wasi.P2;

using WitBindgen.Wasi.P2.Bindings;

/// <summary><c>wasi:random/random</c> over the context's secure source, with its limit on bytes per call.</summary>
internal sealed class P2Random(WasiContext context) : IRandom
{
    public ReadOnlyMemory<byte> GetRandomBytes(ulong len) => Bytes(context, context.Random.Secure, len, "wasi:random/random@0.2.12.get-random-bytes");

    public ulong GetRandomU64() => context.Random.Secure.NextUInt64();

    internal static byte[] Bytes(WasiContext context, RandomSource source, ulong len, string function)
    {
        if (len > (ulong)context.Random.MaxBytes)
            throw new WitTrapException($"{function}: {len} bytes asked for, more than this host's limit of {context.Random.MaxBytes} (WasiContextBuilder.MaxRandomBytes)");
        var bytes = new byte[(int)len];
        source.Fill(bytes);
        return bytes;
    }
}

/// <summary><c>wasi:random/insecure</c> over the context's insecure source.</summary>
internal sealed class P2InsecureRandom(WasiContext context) : IInsecure
{
    public ReadOnlyMemory<byte> GetInsecureRandomBytes(ulong len) =>
        P2Random.Bytes(context, context.Random.Insecure, len, "wasi:random/insecure@0.2.12.get-insecure-random-bytes");

    public ulong GetInsecureRandomU64() => context.Random.Insecure.NextUInt64();
}

/// <summary><c>wasi:random/insecure-seed</c>: the context's seed.</summary>
internal sealed class P2InsecureSeed(WasiContext context) : IInsecureSeed
{
    public (ulong, ulong) InsecureSeed() => context.Random.InsecureSeed;
}
