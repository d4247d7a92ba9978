using System;
using System.Buffers.Binary;
using System.Text;
using Wasmtime;
using WitBindgen.Runtime.Abi;

namespace WitBindgen.Wasi.Preview1Host;

/// <summary>
/// Checked access to a preview-1 program's memory, addressed by the guest's unsigned 32-bit pointers (all 4 GiB).
/// A pointer out of bounds or misaligned for its type traps naming the function, as the witx rules ask
/// ("if a misaligned pointer is passed to a function, the function shall trap"; likewise out of bounds).
/// </summary>
internal readonly struct GuestMemory
{
    private readonly Memory _memory;
    private readonly string _function;

    public GuestMemory(Memory memory, string function)
    {
        _memory = memory;
        _function = function;
    }

    public long Length => _memory.GetLength();

    /// <summary>Traps unless [pointer, pointer + length) lies in memory and pointer is aligned.</summary>
    public void Check(uint pointer, ulong length, int alignment)
    {
        if (alignment > 1 && (pointer & (uint)(alignment - 1)) != 0)
            throw new WitTrapException($"{_function}: pointer 0x{pointer:x} is not aligned to {alignment}");
        if (pointer + length > (ulong)_memory.GetLength())
            throw new WitTrapException($"{_function}: {length} bytes at 0x{pointer:x} lie outside the program's memory ({_memory.GetLength()} bytes)");
    }

    /// <summary>A span over guest memory (at most <see cref="int.MaxValue"/> bytes: callers bound their lengths).</summary>
    public Span<byte> Span(uint pointer, int length, int alignment = 1)
    {
        Check(pointer, (ulong)length, alignment);
        return length == 0 ? Span<byte>.Empty : _memory.GetSpan(pointer, length);
    }

    public uint ReadU32(uint pointer) => BinaryPrimitives.ReadUInt32LittleEndian(Span(pointer, 4, 4));

    public ulong ReadU64(uint pointer) => BinaryPrimitives.ReadUInt64LittleEndian(Span(pointer, 8, 8));

    public void WriteU32(uint pointer, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Span(pointer, 4, 4), value);

    public void WriteU64(uint pointer, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Span(pointer, 8, 8), value);

    public void WriteBytes(uint pointer, ReadOnlySpan<byte> bytes) => GuestCopy.Copy(bytes, Span(pointer, bytes.Length));

    /// <summary>An iovec (buffer pointer, length) of an array of them.</summary>
    public (uint Buffer, uint Length) Iovec(uint array, uint index)
    {
        ulong at = array + (ulong)index * Abi.IovecSize;
        if (at > uint.MaxValue) throw new WitTrapException($"{_function}: iovec {index} at 0x{array:x} lies outside the program's memory");
        var entry = Span((uint)at, Abi.IovecSize, 4);
        return (BinaryPrimitives.ReadUInt32LittleEndian(entry), BinaryPrimitives.ReadUInt32LittleEndian(entry[4..]));
    }

    /// <summary>
    /// The most bytes an array argument (iovecs, subscriptions) may span: a larger one is <see cref="Errno.NoMem"/>
    /// before anything is read, as Wasmtime's preview 1 answers (measured: 2^24 iovecs fail, 2^24 - 1 do not).
    /// </summary>
    public const ulong MaxArrayBytes = 1UL << 27;

    /// <summary>
    /// The first iovec with a non-empty buffer (preview 1 as wasmtime implements it moves one buffer per call:
    /// a short count the caller loops on), its buffer checked to lie in memory; (0, 0) when all are empty. The array
    /// is read lazily, up to that iovec, as native preview 1 reads it.
    /// </summary>
    public Errno FirstNonEmpty(uint array, uint count, out uint buffer, out uint length)
    {
        buffer = length = 0;
        if ((ulong)count * Abi.IovecSize >= MaxArrayBytes) return Errno.NoMem;
        for (uint i = 0; i < count; i++)
        {
            var (b, l) = Iovec(array, i);
            if (l == 0) continue;
            Check(b, l, 1);
            (buffer, length) = (b, l);
            break;
        }
        return Errno.Success;
    }

    /// <summary>A path or other string argument: UTF-8 (else <see cref="Errno.Ilseq"/>), bounds-checked.</summary>
    public Errno ReadString(uint pointer, uint length, out string value)
    {
        value = "";
        Check(pointer, length, 1);
        if (length > int.MaxValue) throw new WitTrapException($"{_function}: a string of {length} bytes is too long");
        var bytes = Span(pointer, (int)length);
        try
        {
            value = Strict.GetString(bytes);
            return Errno.Success;
        }
        catch (DecoderFallbackException)
        {
            return Errno.Ilseq;
        }
    }

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
