using System;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using Wasmtime;
using WitBindgen.Wasi;

namespace WitBindgen.Benchmarks;

/// <summary>
/// Bulk stream I/O of a seed-world guest on our runtime: <c>streams.write</c> of 64 KiB from guest memory into an
/// in-memory sink, and <c>streams.read</c> of 64 KiB from an in-memory source into guest memory, against a plain
/// <see cref="Span{T}.CopyTo"/> of the same size (the floor: one copy).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class StreamBenchmarks
{
    private const int Size = 64 * 1024;

    // The guest: exported helpers call the stream functions on stdin/stdout; cabi_realloc hands out one 64 KiB
    // buffer at 0x20000 (a read's list lands there), the write comes from 0x10000. The stream handles are fetched once
    // and kept in globals, as a real guest keeps them (wasi-libc asks for stdin once): a get-stdin per operation is a
    // second host call (~60 ns here) that is no part of a read or a write. The "*, get-stdin per call" exports keep it,
    // for comparison with figures measured before 2026-11-30 12:00. The guest issues its reads and writes in a loop,
    // 16 per export call (BenchmarkDotNet divides by 16), as HandWrittenBenchmarks' guest loops over its imports: the
    // call from C# into the guest is no part of a read either. The "per call" exports make one call per operation.
    private const string Guest = """
        (module
          (import "stdin" "get-stdin" (func $get-stdin (result i32)))
          (import "stdout" "get-stdout" (func $get-stdout (result i32)))
          (import "streams" "write" (func $write (param i32 i32 i32 i32)))
          (import "streams" "read" (func $read (param i32 i64 i32)))
          (memory (export "memory") 3)
          (global $stdin (mut i32) (i32.const -1))
          (global $stdout (mut i32) (i32.const -1))
          (func $stdin (result i32)
            (if (i32.eq (global.get $stdin) (i32.const -1)) (then (global.set $stdin (call $get-stdin))))
            (global.get $stdin))
          (func $stdout (result i32)
            (if (i32.eq (global.get $stdout) (i32.const -1)) (then (global.set $stdout (call $get-stdout))))
            (global.get $stdout))
          (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 0x20000))
          (func (export "write-64k") (param $times i32) (result i64)
            (loop $again
              (call $write (call $stdout) (i32.const 0x10000) (i32.const 65536) (i32.const 0x100))
              (br_if $again (local.tee $times (i32.sub (local.get $times) (i32.const 1)))))
            (i64.load (i32.const 0x108)))
          (func (export "read-64k") (param $times i32) (result i32)
            (loop $again
              (call $read (call $stdin) (i64.const 65536) (i32.const 0x100))
              (br_if $again (local.tee $times (i32.sub (local.get $times) (i32.const 1)))))
            (i32.load (i32.const 0x108)))
          (func (export "write-64k-get-stdout") (result i64)
            (call $write (call $get-stdout) (i32.const 0x10000) (i32.const 65536) (i32.const 0x100))
            (i64.load (i32.const 0x108)))
          (func (export "read-64k-get-stdin") (result i32)
            (call $read (call $get-stdin) (i64.const 65536) (i32.const 0x100))
            (i32.load (i32.const 0x108)))
          (func (export "run#run") (result i32) (i32.const 0)))
        """;

    /// <summary>An output stream that copies what it is given into one buffer (what a capture does, without growth).</summary>
    private sealed class CopySink : OutputStream
    {
        public Memory<byte> Buffer = new byte[Size];

        protected override int WriteCore(ReadOnlySpan<byte> bytes)
        {
            int count = Math.Min(bytes.Length, Buffer.Length);
            bytes.Slice(0, count).CopyTo(Buffer.Span);
            return count;
        }
    }

    /// <summary>An input stream that always has the same 64 KiB ready.</summary>
    private sealed class EndlessSource : InputStream
    {
        public ReadOnlyMemory<byte> Data = new byte[Size];

        protected override StreamReadResult ReadCore(int maxBytes) => new(Data.Slice(0, Math.Min(maxBytes, Size)), false);

        public override bool IsReady => true;

        public override System.Threading.Tasks.Task WhenReady() => System.Threading.Tasks.Task.CompletedTask;
    }

    // Source and destination in one array, 64 KiB + 2 KiB + 64 bytes apart: two arrays of 64 KiB allocated one after
    // the other lie a multiple of 4 KiB apart, where the CPU's 4K aliasing makes the copy ~15x slower (32 us on this
    // machine) and the baseline meaningless.
    private const int DestinationOffset = Size + 2048 + 64;
    private readonly byte[] _buffer = new byte[DestinationOffset + Size];
    // The host's side of each stream copy, pinned, and placed at the baseline's distance from the guest's buffer: how
    // fast a 64 KiB copy runs depends on how far apart source and destination lie modulo 4 KiB (on this machine from
    // 1.4 us to 2.1 us, and 30 us at 16 bytes), so only the same distance compares a call's own cost with the baseline.
    private readonly byte[] _sourceArea = GC.AllocateArray<byte>(Size + 4096, pinned: true);
    private readonly byte[] _sinkArea = GC.AllocateArray<byte>(Size + 4096, pinned: true);
    private Engine _engine = null!;
    private Module _module = null!;
    private WasiCommand _command = null!;
    private Func<int, long> _write64K = null!;
    private Func<int, int> _read64K = null!;
    private Func<long> _write64KGetStdout = null!;
    private Func<int> _read64KGetStdin = null!;
    private EndlessSource _source = null!;

    // For StreamCosts' break-down of a read: one operation per export call, as its hand-written guest makes.
    internal int ReadOnce() => _read64K(1);
    internal long WriteOnce() => _write64K(1);
    internal Engine Engine => _engine;
    internal static Memory<byte> PlaceSource(long guest) =>
        AtBaselineDistance(GC.AllocateArray<byte>(Size + 4096, pinned: true), guest, sourceBelow: true);
    internal unsafe void CopySourceToGuest() => _source.Data.Span.CopyTo(new Span<byte>((void*)(_guestBase + 0x20000), Size));
    internal unsafe void GuestCopySourceToGuest() =>
        WitBindgen.Runtime.Abi.GuestCopy.Copy(_source.Data.Span, new Span<byte>((void*)(_guestBase + 0x20000), Size));
    private long _guestBase;

    [GlobalSetup]
    public void Setup()
    {
        _engine = new Engine();
        _module = Module.FromText(_engine, "streams", Guest);
        var source = _source = new EndlessSource();
        var sink = new CopySink();
        var context = new WasiContextBuilder().Stdin(source).Stdout(sink).Build();
        _command = new WasiCommand(_engine, _module, context);
        long memory = _guestBase = _command.Instance.GetMemory("memory")!.GetPointer();
        source.Data = AtBaselineDistance(_sourceArea, memory + 0x20000, sourceBelow: true);
        sink.Buffer = AtBaselineDistance(_sinkArea, memory + 0x10000, sourceBelow: false);
        _write64K = _command.Instance.GetFunction<int, long>("write-64k")!;
        _read64K = _command.Instance.GetFunction<int, int>("read-64k")!;
        _write64KGetStdout = _command.Instance.GetFunction<long>("write-64k-get-stdout")!;
        _read64KGetStdin = _command.Instance.GetFunction<int>("read-64k-get-stdin")!;
        long written = _write64K(1);
        int read = _read64K(1);
        if (written != Size || read != Size) throw new InvalidOperationException($"a stream call did not move 64 KiB: wrote {written}, read {read}");
        if (_write64KGetStdout() != Size || _read64KGetStdin() != Size) throw new InvalidOperationException("a stream call with a handle lookup did not move 64 KiB");
    }

    /// <summary>
    /// The 64 KiB of <paramref name="area"/> (pinned) whose copy to or from the guest's buffer at address
    /// <paramref name="guest"/> spans the baseline's distance modulo 4 KiB, the source below the destination.
    /// </summary>
    private static Memory<byte> AtBaselineDistance(byte[] area, long guest, bool sourceBelow)
    {
        const long distance = DestinationOffset % 4096;
        long at = (long)Marshal.UnsafeAddrOfPinnedArrayElement(area, 0);
        long wanted = (sourceBelow ? guest - distance : guest + distance) & 4095;
        int offset = (int)((wanted - at) & 4095);
        return area.AsMemory(offset, Size);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _command.Dispose();
        _module.Dispose();
        _engine.Dispose();
    }

    [Benchmark(Baseline = true, Description = "Span<byte>.CopyTo, 64 KiB")]
    public void CopyTo() => _buffer.AsSpan(0, Size).CopyTo(_buffer.AsSpan(DestinationOffset, Size));

    [Benchmark(Description = "GuestCopy.Copy, 64 KiB (the copy a read makes, outside a call)")]
    public void GuestCopyCopy() => WitBindgen.Runtime.Abi.GuestCopy.Copy(_buffer.AsSpan(0, Size), _buffer.AsSpan(DestinationOffset, Size));

    /// <summary>Reads and writes per export call of the looping exports.</summary>
    private const int Loop = 16;

    [Benchmark(Description = "streams.write, 64 KiB from the guest into a sink", OperationsPerInvoke = Loop)]
    public long Write() => _write64K(Loop);

    [Benchmark(Description = "streams.read, 64 KiB from a source into the guest", OperationsPerInvoke = Loop)]
    public int Read() => _read64K(Loop);

    [Benchmark(Description = "streams.write, 64 KiB, one export call and get-stdout per write")]
    public long WriteGetStdout() => _write64KGetStdout();

    [Benchmark(Description = "streams.read, 64 KiB, one export call and get-stdin per read")]
    public int ReadGetStdin() => _read64KGetStdin();
}
