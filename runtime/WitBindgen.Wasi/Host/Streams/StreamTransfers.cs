using System;

namespace WitBindgen.Wasi.Host;

/// <summary>
/// The stream operations that span more than one call of a stream: writing zeroes, splicing one stream into another,
/// forwarding one to its end. Each throws <see cref="WasiStreamException"/> when a stream fails (a face maps it to its
/// stream error).
/// </summary>
internal static class StreamTransfers
{
    private static readonly byte[] Zeroes = new byte[64 * 1024];

    /// <summary>
    /// Writes up to <paramref name="count"/> zero bytes, as many as <paramref name="sink"/> takes promptly (waiting for
    /// the first when <paramref name="blocking"/>); returns how many it took.
    /// </summary>
    public static int WriteZeroes(OutputStream sink, int count, bool blocking)
    {
        var total = 0;
        while (total < count)
        {
            var chunk = Zeroes.AsSpan(0, Math.Min(count - total, Zeroes.Length));
            var written = blocking && total == 0 ? sink.BlockingWrite(chunk) : sink.Write(chunk);
            total += written;
            if (written < chunk.Length) break;
        }
        return total;
    }

    /// <summary>
    /// Reads up to <paramref name="limit"/> bytes from <paramref name="source"/> (waiting for some when
    /// <paramref name="blocking"/>) and writes them all to <paramref name="sink"/>, waiting as needed: unlike other
    /// stream operations, a splice waits until what it read is written. Returns how many bytes moved and whether the
    /// source ended.
    /// </summary>
    public static (int Moved, bool EndOfStream) Splice(OutputStream sink, InputStream source, int limit, bool blocking)
    {
        var read = blocking ? source.BlockingRead(limit) : source.Read(limit);
        sink.WriteAll(read.Data.Span);
        return (read.Data.Length, read.EndOfStream);
    }

    /// <summary>Moves everything from <paramref name="source"/> to <paramref name="sink"/> until the source ends, <paramref name="chunk"/> bytes at most at a time; returns how many bytes moved.</summary>
    public static ulong Forward(OutputStream sink, InputStream source, int chunk)
    {
        ulong total = 0;
        while (true)
        {
            var read = source.BlockingRead(chunk);
            sink.WriteAll(read.Data.Span);
            total += (ulong)read.Data.Length;
            if (read.EndOfStream) return total;
        }
    }
}
