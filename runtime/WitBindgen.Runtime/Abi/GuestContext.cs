using System;
using System.Runtime.InteropServices;
using Wasmtime;

namespace WitBindgen.Runtime.Abi;

/// <summary>
/// What generated glue needs of one guest instance: its linear memory and the realloc it allocates with. Bound once
/// after instantiation, so host functions never look exports up by name on the hot path.
/// </summary>
public sealed class GuestContext
{
    /// <summary>The signature of <c>cabi_realloc(old_ptr, old_size, align, new_size) -&gt; ptr</c>.</summary>
    public delegate int Realloc(int oldPointer, int oldSize, int alignment, int newSize);

    private Memory? _memory;
    private Func<int, int, int, int, int>? _realloc;

    /// <summary>True once <see cref="Bind(Instance, string, string)"/> or <see cref="Bind(Memory, Func{int, int, int, int, int})"/> ran.</summary>
    public bool IsBound => _memory is not null;

    /// <summary>
    /// Binds to an instance's exported memory and realloc. A guest without a realloc export can still be bound;
    /// calls that must allocate in it then trap with a message saying so. With the default names, a guest that
    /// exports <c>cm32p2_memory</c> and no <c>memory</c> (today's <c>cm32p2</c> names) is bound to
    /// <c>cm32p2_memory</c> and <c>cm32p2_realloc</c>.
    /// </summary>
    public GuestContext Bind(Instance instance, string memoryExport = "memory", string reallocExport = "cabi_realloc")
    {
        ArgumentNullException.ThrowIfNull(instance);
        var memory = instance.GetMemory(memoryExport);
        if (memory is null && memoryExport == "memory" && reallocExport == "cabi_realloc" && instance.GetMemory("cm32p2_memory") is { } cm32p2)
        {
            memory = cm32p2;
            reallocExport = "cm32p2_realloc";
        }
        if (memory is null) throw new InvalidOperationException($"the guest exports no memory named '{memoryExport}'");
        Bind(memory, null);
        // The realloc is looked up (and wrapped, which checks its signature) when a call first allocates: many
        // instances never do, and the lookup is a good part of what binding costs.
        _reallocSource = (instance, reallocExport);
        return this;
    }

    /// <summary>Binds to a memory and realloc found elsewhere (a guest that imports its memory, say).</summary>
    public GuestContext Bind(Memory memory, Func<int, int, int, int, int>? realloc)
    {
        _memory = memory ?? throw new ArgumentNullException(nameof(memory));
        _realloc = realloc;
        _reallocSource = default;
        _baseLength = ulong.MaxValue;
        return this;
    }

    // Where Bind(Instance, ...) will find the realloc on first use (Instance null: nowhere, or found already).
    private (Instance? Instance, string Export) _reallocSource;

    /// <summary>The handles this guest instance holds to host-implemented resources.</summary>
    public ResourceTable Resources => _resources ??= new();

    /// <summary>The handles this guest instance holds to the resources it exports (implements itself).</summary>
    public ExportedResourceTable ExportedResources => _exportedResources ??= new();

    // Made on first use: most guests hold no resource handles of one kind or the other.
    private ResourceTable? _resources;
    private ExportedResourceTable? _exportedResources;

    /// <summary>The guest's memory; traps if the context was never bound.</summary>
    public Memory Memory => _memory ?? throw new WitTrapException(
        "the guest context is not bound: call GuestContext.Bind(instance) after instantiation and before calling into the guest");

    /// <summary>
    /// The most elements of a list the glue lifts from the guest for an import (<see cref="int.MaxValue"/>, the most a
    /// .NET array holds, by default). A longer list traps before the host allocates for it, so the host memory a call
    /// takes is bounded by this limit rather than by a length the guest claims. <c>list&lt;u8&gt;</c> arguments, which
    /// the glue passes as a span over guest memory, are not copied and not limited.
    /// </summary>
    public int MaxListLength
    {
        get => _maxListLength;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _maxListLength = value;
        }
    }

    private int _maxListLength = int.MaxValue;

    /// <summary>
    /// The most bytes the glue copies out of guest memory for one call's lifted values — strings, copied
    /// <c>list&lt;u8&gt;</c>s, list elements — (unlimited by default). Lists may point many times at the same bytes
    /// (a list of 65,536 datagrams each naming the same 1 GiB), so this, not the size of guest memory, bounds what
    /// one call costs the host. Past it the call traps.
    /// </summary>
    public long MaxLiftedBytes
    {
        get => _maxLiftedBytes;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _maxLiftedBytes = value;
        }
    }

    private long _maxLiftedBytes = long.MaxValue;

    /// <summary>What is left of <see cref="MaxLiftedBytes"/> since <see cref="View"/> was last taken (one call's lifting).</summary>
    internal long LiftBudget;

    internal WitTrapException LiftedTooMuch(string function) =>
        new($"{function}: the values lifted for one call take more than this host copies ({_maxLiftedBytes} bytes; GuestContext.MaxLiftedBytes)");

    /// <summary>
    /// All of the guest's memory — the full 4 GiB of a 32-bit memory — as a bounds-checked view. Fetch it again after
    /// any call into the guest, which may grow — and move — the memory.
    /// </summary>
    public unsafe GuestMemory View
    {
        get
        {
            var memory = Memory;
            var length = (ulong)memory.GetLength();
            // A memory moves only when it grows, and then its length changes: while the length is the one seen last,
            // so is the base, and one call into Wasmtime (the length) is all a view costs instead of three.
            if (length != _baseLength)
            {
                _base = memory.GetPointer();
                _baseLength = length;
            }
            LiftBudget = _maxLiftedBytes;
            return new GuestMemory(ref *(byte*)_base, length, _maxListLength, this);
        }
    }

    /// <summary>
    /// True if <c>[pointer, pointer + length)</c> lay in memory when a view was last taken, so lies in it now (memory
    /// never shrinks); false if it did not or no view was taken since binding.
    /// </summary>
    internal bool SeenToContain(int pointer, ulong length) =>
        _baseLength != ulong.MaxValue && length <= _baseLength && (uint)pointer <= _baseLength - length;

    // The memory's base address and the length it had when the address was read (ulong.MaxValue: not read yet).
    private nint _base;
    private ulong _baseLength = ulong.MaxValue;

    /// <summary>
    /// The guest's memory as a span: only its first 2 GiB, the most a span holds (use <see cref="View"/> for all of
    /// it). Fetch it again after any call into the guest, which may grow — and move — the memory.
    /// </summary>
    public Span<byte> Span
    {
        get
        {
            var memory = Memory;
            var length = memory.GetLength();
            return memory.GetSpan(0, length > int.MaxValue ? int.MaxValue : (int)length);
        }
    }

    /// <summary>
    /// Allocates <paramref name="size"/> bytes in the guest with the given alignment, checking what it returns.
    /// As the Canonical ABI does, the guest's realloc is called even for 0 bytes (an empty string or list): the
    /// guest sees every request, and the pointer it returns is the one passed on.
    /// </summary>
    public int Allocate(int size, int alignment, string function) => Allocate(size, alignment, function, out _);

    private Func<int, int, int, int, int>? FindRealloc()
    {
        if (_reallocSource.Instance is not { } instance) return null;
        _realloc = instance.GetFunction<int, int, int, int, int>(_reallocSource.Export);
        _reallocSource = default;
        return _realloc;
    }

    /// <summary>
    /// <see cref="Allocate(int, int, string)"/>, also giving the view of memory the allocation was checked against, so
    /// that the caller writes into it without asking Wasmtime for the memory's length again.
    /// </summary>
    internal int Allocate(int size, int alignment, string function, out GuestMemory memory)
    {
        var realloc = _realloc ?? FindRealloc() ?? throw new WitTrapException(
            $"{function}: the guest exports no realloc function, so results cannot be allocated in its memory");
        var pointer = realloc(0, 0, alignment, size);
        if ((pointer & (alignment - 1)) != 0)
            throw new WitTrapException($"{function}: the guest's realloc returned 0x{(uint)pointer:x}, which is not aligned to {alignment}");
        memory = View; // the realloc may have grown (and moved) memory
        if (!memory.Contains(pointer, (uint)size))
            throw new WitTrapException($"{function}: the guest's realloc returned 0x{(uint)pointer:x}, whose {size} bytes lie outside its memory");
        return pointer;
    }
}
