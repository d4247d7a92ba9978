using System;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace WitBindgen.Runtime.Abi;

/// <summary>
/// A bounds-checked view of all of a guest's linear memory — up to the full 4 GiB of a 32-bit memory, which no single
/// .NET span can cover. Generated glue reads and writes through it at 32-bit guest addresses (an <see cref="int"/>
/// holding the address's bits, as Wasmtime passes an <c>i32</c>); every access checks its whole range and traps
/// (<see cref="WitTrapException"/>) outside memory. Take a new view (<see cref="GuestContext.View"/>) after any call
/// into the guest, which may grow — and move — its memory.
/// </summary>
public readonly ref struct GuestMemory
{
    private readonly ref byte _base;
    private readonly ulong _length;
    private readonly GuestContext? _owner;

    /// <summary>A view of <paramref name="length"/> bytes from <paramref name="base"/>, lifting under <paramref name="owner"/>'s limits.</summary>
    internal GuestMemory(ref byte @base, ulong length, int maxListLength, GuestContext? owner)
    {
        _base = ref @base;
        _length = length;
        MaxListLength = maxListLength;
        _owner = owner;
    }

    /// <summary>
    /// Counts <paramref name="bytes"/> the host is about to allocate for values lifted through this view against
    /// <see cref="GuestContext.MaxLiftedBytes"/>; traps past it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Charge(long bytes, string function)
    {
        if (_owner is { } owner && (owner.LiftBudget -= bytes) < 0) throw owner.LiftedTooMuch(function);
    }

    /// <summary>The memory's size in bytes.</summary>
    public ulong Length => _length;

    /// <summary>The resource handles of the guest this view belongs to (glue lifting a handle from memory uses it).</summary>
    public ResourceTable Resources => _owner?.Resources
        ?? throw new WitTrapException("this view of guest memory belongs to no guest context, so it has no resource handles");

    /// <summary>The handles the guest this view belongs to holds to the resources it exports.</summary>
    public ExportedResourceTable ExportedResources => _owner?.ExportedResources
        ?? throw new WitTrapException("this view of guest memory belongs to no guest context, so it has no resource handles");

    /// <summary>The most elements a list lifted from this memory may have (see <see cref="GuestContext.MaxListLength"/>).</summary>
    public int MaxListLength { get; }

    /// <summary>True if <c>[pointer, pointer + length)</c> lies in memory (the pointer read as unsigned).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Contains(int pointer, ulong length) => length <= _length && (uint)pointer <= _length - length;

    /// <summary>The <paramref name="length"/> bytes at <paramref name="pointer"/> as a span; traps outside memory.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<byte> Slice(int pointer, int length)
    {
        if (length < 0 || !Contains(pointer, (uint)length)) throw OutOfBounds(pointer, length);
        return MemoryMarshal.CreateSpan(ref At(pointer), length);
    }

    /// <summary>The byte at <paramref name="pointer"/>; traps outside memory.</summary>
    public ref byte this[int pointer]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            if ((uint)pointer >= _length) throw OutOfBounds(pointer, 1);
            return ref At(pointer);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref byte At(int pointer) => ref Unsafe.Add(ref _base, (nuint)(uint)pointer);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref byte Checked(int pointer, int size)
    {
        if (!Contains(pointer, (uint)size)) throw OutOfBounds(pointer, size);
        return ref At(pointer);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private T Read<T>(int pointer) where T : unmanaged => Unsafe.ReadUnaligned<T>(ref Checked(pointer, Unsafe.SizeOf<T>()));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Write<T>(int pointer, T value) where T : unmanaged => Unsafe.WriteUnaligned(ref Checked(pointer, Unsafe.SizeOf<T>()), value);

    /// <summary>Reads a little-endian <see cref="ushort"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ushort ReadUInt16(int pointer) => LE(Read<ushort>(pointer));

    /// <summary>Reads a little-endian <see cref="short"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public short ReadInt16(int pointer) => unchecked((short)ReadUInt16(pointer));

    /// <summary>Reads a little-endian <see cref="uint"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint ReadUInt32(int pointer) => LE(Read<uint>(pointer));

    /// <summary>Reads a little-endian <see cref="int"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReadInt32(int pointer) => unchecked((int)ReadUInt32(pointer));

    /// <summary>Reads a little-endian <see cref="ulong"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ReadUInt64(int pointer) => LE(Read<ulong>(pointer));

    /// <summary>Reads a little-endian <see cref="long"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long ReadInt64(int pointer) => unchecked((long)ReadUInt64(pointer));

    /// <summary>Reads a little-endian <see cref="float"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float ReadSingle(int pointer) => BitConverter.Int32BitsToSingle(ReadInt32(pointer));

    /// <summary>Reads a little-endian <see cref="double"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double ReadDouble(int pointer) => BitConverter.Int64BitsToDouble(ReadInt64(pointer));

    /// <summary>Writes a little-endian <see cref="ushort"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteUInt16(int pointer, ushort value) => Write(pointer, LE(value));

    /// <summary>Writes a little-endian <see cref="short"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteInt16(int pointer, short value) => WriteUInt16(pointer, unchecked((ushort)value));

    /// <summary>Writes a little-endian <see cref="uint"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteUInt32(int pointer, uint value) => Write(pointer, LE(value));

    /// <summary>Writes a little-endian <see cref="int"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteInt32(int pointer, int value) => WriteUInt32(pointer, unchecked((uint)value));

    /// <summary>Writes a little-endian <see cref="ulong"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteUInt64(int pointer, ulong value) => Write(pointer, LE(value));

    /// <summary>Writes a little-endian <see cref="long"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteInt64(int pointer, long value) => WriteUInt64(pointer, unchecked((ulong)value));

    /// <summary>Writes a little-endian <see cref="float"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteSingle(int pointer, float value) => WriteInt32(pointer, BitConverter.SingleToInt32Bits(value));

    /// <summary>Writes a little-endian <see cref="double"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteDouble(int pointer, double value) => WriteInt64(pointer, BitConverter.DoubleToInt64Bits(value));

    private static ushort LE(ushort value) => BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value);

    private static uint LE(uint value) => BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value);

    private static ulong LE(ulong value) => BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value);

    private WitTrapException OutOfBounds(int pointer, long length) =>
        new($"{length} bytes at 0x{(uint)pointer:x} are out of bounds of guest memory ({_length} bytes)");
}
