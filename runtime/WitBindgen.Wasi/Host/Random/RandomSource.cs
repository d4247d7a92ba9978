using System;
using System.Buffers.Binary;
using System.Security.Cryptography;
using WitBindgen.Runtime.Abi;

namespace WitBindgen.Wasi;

/// <summary>
/// Where <c>random</c> and <c>insecure-random</c> get their bytes. <see cref="Secure"/> is the host's CSPRNG;
/// <see cref="Seeded"/> a deterministic generator for tests (xoshiro256** seeded by SplitMix64: the same seed gives
/// the same bytes on every machine and .NET version).
/// </summary>
public abstract class RandomSource
{
    /// <summary>The host's cryptographically secure generator (<see cref="RandomNumberGenerator"/>).</summary>
    public static RandomSource Secure { get; } = new SecureRandomSource();

    /// <summary>A deterministic, not secure, generator.</summary>
    public static RandomSource Seeded(ulong seed) => new SeededRandomSource(seed);

    /// <summary>A generator seeded from the host's CSPRNG: fast, unpredictable enough for hash-map seeds, not secure.</summary>
    public static RandomSource NewInsecure() => new SeededRandomSource(BinaryPrimitives.ReadUInt64LittleEndian(RandomNumberGenerator.GetBytes(8)));

    /// <summary>Fills <paramref name="destination"/> with random bytes.</summary>
    public abstract void Fill(Span<byte> destination);

    /// <summary>A random <c>u64</c>: eight bytes of <see cref="Fill"/>, little-endian.</summary>
    public virtual ulong NextUInt64()
    {
        Span<byte> bytes = stackalloc byte[8];
        Fill(bytes);
        return BinaryPrimitives.ReadUInt64LittleEndian(bytes);
    }

    /// <summary>
    /// <paramref name="count"/> random bytes, exactly; more than <paramref name="maxBytes"/> traps (naming
    /// <paramref name="function"/>) rather than letting a guest make the host allocate 2^64 bytes.
    /// </summary>
    internal byte[] TakeBytes(ulong count, int maxBytes, string function)
    {
        if (count > (ulong)maxBytes)
            throw new WitTrapException($"{function}: {count} bytes asked for, more than this host's limit of {maxBytes} (WasiContextBuilder.MaxRandomBytes)");
        var bytes = new byte[(int)count];
        Fill(bytes);
        return bytes;
    }

    private sealed class SecureRandomSource : RandomSource
    {
        public override void Fill(Span<byte> destination) => RandomNumberGenerator.Fill(destination);
    }

    private sealed class SeededRandomSource : RandomSource
    {
        private ulong _s0, _s1, _s2, _s3;
        private readonly object _lock = new();

        public SeededRandomSource(ulong seed)
        {
            _s0 = SplitMix(ref seed);
            _s1 = SplitMix(ref seed);
            _s2 = SplitMix(ref seed);
            _s3 = SplitMix(ref seed);
        }

        private static ulong SplitMix(ref ulong state)
        {
            var z = state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        private ulong Next()
        {
            var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
            var t = _s1 << 17;
            _s2 ^= _s0;
            _s3 ^= _s1;
            _s1 ^= _s2;
            _s0 ^= _s3;
            _s2 ^= t;
            _s3 = ulong.RotateLeft(_s3, 45);
            return result;
        }

        public override ulong NextUInt64()
        {
            lock (_lock) return Next();
        }

        public override void Fill(Span<byte> destination)
        {
            Span<byte> word = stackalloc byte[8];
            lock (_lock)
            {
                while (destination.Length >= 8)
                {
                    BinaryPrimitives.WriteUInt64LittleEndian(destination, Next());
                    destination = destination.Slice(8);
                }
                if (!destination.IsEmpty)
                {
                    BinaryPrimitives.WriteUInt64LittleEndian(word, Next());
                    word.Slice(0, destination.Length).CopyTo(destination);
                }
            }
        }
    }
}
