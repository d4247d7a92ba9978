using System;
using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using Wasmtime;

namespace WitBindgen.Runtime.Abi;

/// <summary>
/// The checks and conversions of the canonical ABI that generated glue calls. Every failure is a
/// <see cref="WitTrapException"/> whose message names the WIT function (<c>module.function</c>) and the problem.
/// </summary>
public static class CanonicalAbi
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The canonical NaN the ABI lifts every NaN to.</summary>
    public static readonly float CanonicalNaN32 = BitConverter.Int32BitsToSingle(0x7fc00000);

    /// <summary>The canonical 64-bit NaN.</summary>
    public static readonly double CanonicalNaN64 = BitConverter.Int64BitsToDouble(0x7ff8000000000000);

    // ---- over a span of guest memory (its first 2 GiB at most) ----

    /// <summary>Traps unless <c>[pointer, pointer + length)</c> lies in <paramref name="memory"/> and <paramref name="pointer"/> is aligned.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CheckRange(ReadOnlySpan<byte> memory, int pointer, long length, int alignment, string function)
    {
        if (((uint)pointer & (uint)(alignment - 1)) != 0) throw Misaligned(pointer, alignment, function);
        if ((ulong)(uint)pointer + (ulong)length > (ulong)memory.Length) throw OutOfBounds(pointer, length, (ulong)memory.Length, function);
    }

    /// <summary>Checks a list's range (<paramref name="count"/> elements of <paramref name="elementSize"/> bytes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CheckList(ReadOnlySpan<byte> memory, int pointer, int count, int elementSize, int alignment, string function)
    {
        CheckRange(memory, pointer, (long)(uint)count * elementSize, alignment, function);
        // Elements of size 0 take no memory, but each still becomes a host object: bound them by the memory's size.
        if (elementSize == 0 && (uint)count > (uint)memory.Length)
            throw new WitTrapException($"{function}: a list of {(uint)count} empty elements is longer than guest memory ({memory.Length} bytes)");
    }

    /// <summary>The bytes of a <c>list&lt;u8&gt;</c> in guest memory, without copying them.</summary>
    public static ReadOnlySpan<byte> ByteList(ReadOnlySpan<byte> memory, int pointer, int length, string function)
    {
        CheckRange(memory, pointer, (uint)length, 1, function);
        return memory.Slice(pointer, length);
    }

    /// <summary>Lifts a UTF-8 string, trapping on bytes out of bounds or invalid UTF-8.</summary>
    public static string LiftString(ReadOnlySpan<byte> memory, int pointer, int length, string function)
    {
        CheckRange(memory, pointer, (uint)length, 1, function);
        if (length == 0) return string.Empty;
        try
        {
            return StrictUtf8.GetString(memory.Slice(pointer, length));
        }
        catch (DecoderFallbackException ex)
        {
            throw NotUtf8(function, ex, pointer, length);
        }
    }

    // ---- over all of guest memory (up to 4 GiB), as generated glue uses it ----

    /// <summary>Traps unless <c>[pointer, pointer + length)</c> lies in memory and <paramref name="pointer"/> is aligned.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CheckRange(GuestMemory memory, int pointer, long length, int alignment, string function)
    {
        if (((uint)pointer & (uint)(alignment - 1)) != 0) throw Misaligned(pointer, alignment, function);
        if (!memory.Contains(pointer, (ulong)length)) throw OutOfBounds(pointer, length, memory.Length, function);
    }

    /// <summary>
    /// The memory an import's results are stored in through the guest's return pointer, once <c>[pointer, pointer +
    /// length)</c> is checked (as <c>canon lower</c> checks it after the callee returned, before storing).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static GuestMemory ResultArea(GuestMemory memory, int pointer, long length, int alignment, string function)
    {
        CheckRange(memory, pointer, length, alignment, function);
        return memory;
    }

    /// <summary>
    /// Checks the area an import's results are stored in through the guest's return pointer, before the results are
    /// lowered (their allocations may grow memory; the check is against memory as it was before them, as
    /// <c>canon lower</c> checks). Memory never shrinks, so an area inside the length seen when a view was last taken
    /// is inside it now: only an area beyond that asks Wasmtime for the length.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CheckResultArea(GuestContext context, int pointer, long length, int alignment, string function)
    {
        if (((uint)pointer & (uint)(alignment - 1)) != 0) throw Misaligned(pointer, alignment, function);
        if (!context.SeenToContain(pointer, (ulong)length)) CheckRange(context.View, pointer, length, alignment, function);
    }

    /// <summary>
    /// Checks a list's range (<paramref name="count"/> elements of <paramref name="elementSize"/> bytes, the count read
    /// as unsigned) and that it is no longer than <see cref="GuestMemory.MaxListLength"/>, before the host allocates for it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CheckList(GuestMemory memory, int pointer, int count, int elementSize, int alignment, string function)
    {
        if ((uint)count > (uint)memory.MaxListLength) throw ListTooLong((uint)count, memory.MaxListLength, function);
        CheckRange(memory, pointer, (long)(uint)count * elementSize, alignment, function);
        memory.Charge((long)(uint)count * Math.Max(1, elementSize), function);
    }

    /// <summary>A copy of a <c>list&lt;u8&gt;</c> in guest memory (one nested in another value, which must outlive the call).</summary>
    public static ReadOnlyMemory<byte> CopyBytes(GuestMemory memory, int pointer, int length, string function)
    {
        var bytes = ByteList(memory, pointer, length, function);
        memory.Charge(bytes.Length, function);
        return bytes.ToArray();
    }

    /// <summary>The bytes of a <c>list&lt;u8&gt;</c> in guest memory, without copying them (at most 2 GiB, the most a span holds).</summary>
    public static ReadOnlySpan<byte> ByteList(GuestMemory memory, int pointer, int length, string function)
    {
        CheckRange(memory, pointer, (uint)length, 1, function);
        if (length < 0) throw new WitTrapException($"{function}: a list<u8> of {(uint)length} bytes is longer than the 2 GiB a .NET span holds");
        return memory.Slice(pointer, length);
    }

    /// <summary>Lifts a UTF-8 string, trapping on bytes out of bounds or invalid UTF-8.</summary>
    public static string LiftString(GuestMemory memory, int pointer, int length, string function)
    {
        CheckRange(memory, pointer, (uint)length, 1, function);
        if (length == 0) return string.Empty;
        if (length < 0) throw new WitTrapException($"{function}: a string of {(uint)length} bytes is longer than the 2 GiB a .NET string can come from");
        memory.Charge(length, function);
        try
        {
            return StrictUtf8.GetString(memory.Slice(pointer, length));
        }
        catch (DecoderFallbackException ex)
        {
            throw NotUtf8(function, ex, pointer, length);
        }
    }

    /// <summary>
    /// Lifts a UTF-8 string into <paramref name="buffer"/> when it holds it (a string of n UTF-8 bytes takes at most n
    /// chars), else into a buffer rented from <see cref="ArrayPool{T}.Shared"/> into <paramref name="rented"/>, which the
    /// caller gives back with <see cref="ReturnRented"/> once the span is no longer used. Traps as
    /// <see cref="LiftString(GuestMemory, int, int, string)"/> does; allocates nothing.
    /// </summary>
    public static ReadOnlySpan<char> LiftString(GuestMemory memory, int pointer, int length, Span<char> buffer, ref char[]? rented, string function)
    {
        CheckRange(memory, pointer, (uint)length, 1, function);
        if (length == 0) return ReadOnlySpan<char>.Empty;
        if (length < 0) throw new WitTrapException($"{function}: a string of {(uint)length} bytes is longer than the 2 GiB a .NET string can come from");
        memory.Charge(length, function);
        if (buffer.Length < length) buffer = rented = ArrayPool<char>.Shared.Rent(length);
        try
        {
            return buffer.Slice(0, StrictUtf8.GetChars(memory.Slice(pointer, length), buffer));
        }
        catch (DecoderFallbackException ex)
        {
            throw NotUtf8(function, ex, pointer, length);
        }
    }

    /// <summary>Gives back a buffer <see cref="LiftString(GuestMemory, int, int, Span{char}, ref char[], string)"/> rented (null: none).</summary>
    public static void ReturnRented(char[]? rented)
    {
        if (rented is not null) ArrayPool<char>.Shared.Return(rented);
    }

    private static WitTrapException NotUtf8(string function, DecoderFallbackException ex, int pointer, int length) =>
        new($"{function}: a string argument is not valid UTF-8 (byte {ex.Index} of {length} at 0x{(uint)pointer:x})");

    /// <summary>The trap for a list longer than the host lifts.</summary>
    public static WitTrapException ListTooLong(ulong count, int limit, string function) =>
        new($"{function}: a list of {count} elements is longer than this host lifts ({limit}; GuestContext.MaxListLength)");

    /// <summary>Copies a string into newly allocated guest memory (realloc is called even for ""); returns where.</summary>
    public static (int Pointer, int Length) LowerString(GuestContext context, string value, string function) =>
        LowerString(context, value, function, out _);

    /// <summary>
    /// <see cref="LowerString(GuestContext, string, string)"/>, also giving the view of memory the allocation was checked
    /// against (valid until the next call into the guest), so the caller writes the pointer and length through it.
    /// </summary>
    public static (int Pointer, int Length) LowerString(GuestContext context, string value, string function, out GuestMemory memory)
    {
        int length = StrictUtf8.GetByteCount(value);
        int pointer = context.Allocate(length, 1, function, out memory);
        StrictUtf8.GetBytes(value, memory.Slice(pointer, length));
        return (pointer, length);
    }

    /// <summary>Copies bytes into newly allocated guest memory (realloc is called even for none); returns where.</summary>
    public static (int Pointer, int Length) LowerBytes(GuestContext context, ReadOnlySpan<byte> value, string function) =>
        LowerBytes(context, value, function, out _);

    /// <summary>
    /// <see cref="LowerBytes(GuestContext, ReadOnlySpan{byte}, string)"/>, also giving the view of memory the allocation
    /// was checked against (valid until the next call into the guest), so the caller writes the pointer and length through it.
    /// </summary>
    public static (int Pointer, int Length) LowerBytes(GuestContext context, ReadOnlySpan<byte> value, string function, out GuestMemory memory)
    {
        int pointer = context.Allocate(value.Length, 1, function, out memory);
        GuestCopy.Copy(value, memory.Slice(pointer, value.Length));
        return (pointer, value.Length);
    }

    /// <summary>Allocates an array of <paramref name="count"/> elements; traps if its size overflows 32 bits.</summary>
    public static int AllocateList(GuestContext context, int count, int elementSize, int alignment, string function) =>
        AllocateList(context, count, elementSize, alignment, function, out _);

    /// <summary>
    /// <see cref="AllocateList(GuestContext, int, int, int, string)"/>, also giving the view of memory the allocation was
    /// checked against (valid until the next call into the guest), for writing the elements.
    /// </summary>
    public static int AllocateList(GuestContext context, int count, int elementSize, int alignment, string function, out GuestMemory memory)
    {
        long size = (long)count * elementSize;
        if (size > int.MaxValue) throw new WitTrapException($"{function}: a list of {count} elements of {elementSize} bytes does not fit in guest memory");
        return context.Allocate((int)size, alignment, function, out memory);
    }

    /// <summary>Lifts a <c>char</c>: a Unicode scalar value, not a surrogate, below 0x110000.</summary>
    public static Rune LiftChar(int value, string function)
    {
        if (!Rune.IsValid(value))
            throw new WitTrapException($"{function}: 0x{(uint)value:x} is not a Unicode scalar value, so not a valid char");
        return new Rune(value);
    }

    /// <summary>Lifts a <c>float32</c>, replacing any NaN by the canonical one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float CanonicalizeNaN(float value) => float.IsNaN(value) ? CanonicalNaN32 : value;

    /// <summary>Lifts a <c>float64</c>, replacing any NaN by the canonical one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double CanonicalizeNaN(double value) => double.IsNaN(value) ? CanonicalNaN64 : value;

    /// <summary>The trap for a variant, enum, option or result discriminant out of range.</summary>
    public static WitTrapException BadDiscriminant(string function, string type, long value, int cases) =>
        new($"{function}: discriminant {value} of {type} is out of range (it has {cases} cases)");

    /// <summary>Checks an enum or discriminant an implementation produced: a C# enum can hold any value.</summary>
    public static uint CheckCase(uint value, int cases, string function, string type) =>
        value < (uint)cases ? value : throw new WitTrapException($"{function}: {value} is not a case of {type} (it has {cases} cases)");

    /// <summary>Word <paramref name="index"/> of a large flags value, masked to the flags that exist.</summary>
    public static int FlagWord(ReadOnlySpan<uint> words, int index, uint mask) =>
        unchecked((int)((index < words.Length ? words[index] : 0u) & mask));

    /// <summary>The trap for a pointer that breaks its type's alignment.</summary>
    public static WitTrapException Misaligned(int pointer, int alignment, string function) =>
        new($"{function}: pointer 0x{(uint)pointer:x} is not aligned to {alignment}");

    /// <summary>The trap for a range outside memory.</summary>
    public static WitTrapException OutOfBounds(int pointer, long length, ulong memoryLength, string function) =>
        new($"{function}: {length} bytes at 0x{(uint)pointer:x} are out of bounds of guest memory ({memoryLength} bytes)");

    /// <summary>The data of the store a host function of a shared linker was called in (generated glue only).</summary>
    public static TData StoreData<TData>(Caller caller, string function) where TData : class =>
        caller.GetData() as TData
        ?? throw new WitTrapException($"{function}: the store's data is not a {typeof(TData).Name} (a linker shared by stores needs it: create the store with it)");

    /// <summary>Wraps an implementation's exception as a trap naming the function; exits and traps pass unchanged.</summary>
    public static Exception ImplementationFailed(string function, Exception exception) =>
        exception is WitTrapException or GuestExitException
            ? exception
            : new WitTrapException($"{function}: the implementation threw {exception.GetType().Name}: {exception.Message}", exception);
}
