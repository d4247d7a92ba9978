using System;
using System.Linq;
using WitBindgen.Runtime.Abi;
using Xunit;

namespace WitBindgen.Glue.Tests;

/// <summary>
/// <see cref="GuestCopy.Copy"/>, the copy that lowers every <c>list&lt;u8&gt;</c> into guest memory: what it writes must
/// be exactly what <see cref="Span{T}.CopyTo"/> writes, for every length around the vector loop's bounds (2 KiB, 512
/// KiB), its 128-byte rounds and 32-byte steps, at every alignment of source and destination, and for spans that
/// overlap (which it leaves to <c>memmove</c>); nothing before or after the destination range may change.
/// </summary>
public class GuestCopyTests
{
    private static readonly int[] Lengths =
    [
        0, 1, 31, 32, 33, 64, 127, 128, 129, 2047, 2048, 2049, 2050, 2081, 4096, 4097, 4096 + 127, 65536 - 1, 65536,
        65536 + 31, 65536 + 33, 300_007, 512 * 1024 - 1, 512 * 1024, 512 * 1024 + 1, 700_001,
    ];

    private static byte[] Pattern(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public void Writes_what_CopyTo_writes_for_every_length_and_alignment()
    {
        const int Guard = 80;
        foreach (int length in Lengths)
        {
            var source = Pattern(length + 64, length);
            foreach (int from in new[] { 0, 1, 7, 31, 32, 33 })
            {
                foreach (int to in new[] { 0, 1, 16, 31, 32, 63 })
                {
                    var expected = Pattern(length + 2 * Guard + 64, ~length);
                    var actual = (byte[])expected.Clone();
                    source.AsSpan(from, length).CopyTo(expected.AsSpan(Guard + to, length));
                    GuestCopy.Copy(source.AsSpan(from, length), actual.AsSpan(Guard + to, length + Guard));
                    if (!expected.AsSpan().SequenceEqual(actual))
                    {
                        int at = Enumerable.Range(0, expected.Length).First(i => expected[i] != actual[i]);
                        Assert.Fail($"length {length}, source offset {from}, destination offset {to}: byte {at - Guard - to} of the destination range differs");
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData(65536, 16)]      // the destination 16 bytes past the source: memmove's slow case when apart
    [InlineData(65536, -16)]
    [InlineData(4096, 4096)]     // the destination just past the source: no overlap, the loop copies
    [InlineData(100_000, 1)]
    [InlineData(100_000, -1)]
    [InlineData(3000, -2999)]
    public void Overlapping_spans_are_copied_as_memmove_copies_them(int length, int shift)
    {
        var buffer = Pattern(length + 2 * Math.Abs(shift) + 64, length ^ shift);
        var expected = (byte[])buffer.Clone();
        int from = Math.Abs(shift) + 32, to = from + shift;
        var original = buffer.AsSpan(from, length).ToArray();
        original.CopyTo(expected.AsSpan(to));

        GuestCopy.Copy(buffer.AsSpan(from, length), buffer.AsSpan(to, length));

        Assert.True(expected.AsSpan().SequenceEqual(buffer), $"length {length}, shift {shift}");
    }

    [Fact]
    public void A_destination_shorter_than_the_source_throws_as_CopyTo_does_and_writes_nothing()
    {
        foreach (int length in new[] { 100, 4096, 65536 })
        {
            var destination = new byte[length - 1];
            Assert.Throws<ArgumentException>(() => GuestCopy.Copy(new byte[length], destination));
            Assert.All(destination, b => Assert.Equal(0, b));
        }
    }
}
