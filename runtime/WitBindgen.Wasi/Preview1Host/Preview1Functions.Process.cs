using System;
using System.Collections.Generic;
using System.Text;
using WitBindgen.Runtime;
using WitBindgen.Runtime.Abi;

namespace WitBindgen.Wasi.Preview1Host;

/// <summary>Arguments, environment, random bytes, exit, signals and yielding.</summary>
internal static partial class Preview1Functions
{
    /// <summary>The most random bytes asked of <c>random</c> at once (a larger <c>random_get</c> asks repeatedly).</summary>
    private const int RandomChunk = 64 * 1024;

    private static IEnvironment Environment(Preview1State s) =>
        s.Host.Environment ?? throw new WitTrapException("wasi_snapshot_preview1: the context has no environment implementation");

    private static Errno Sizes(GuestMemory m, IEnumerable<string> strings, uint countPointer, uint sizePointer)
    {
        ulong count = 0, size = 0;
        foreach (var text in strings)
        {
            count++;
            size += (ulong)Encoding.UTF8.GetByteCount(text) + 1;
        }
        if (count > uint.MaxValue || size > uint.MaxValue) return Errno.Overflow;
        m.WriteU32(countPointer, (uint)count);
        m.WriteU32(sizePointer, (uint)size);
        return Errno.Success;
    }

    /// <summary>Writes each string NUL-terminated from <paramref name="buffer"/> on, its address into <paramref name="pointers"/>.</summary>
    private static Errno Strings(GuestMemory m, IEnumerable<string> strings, uint pointers, uint buffer)
    {
        ReadOnlySpan<byte> nul = [0];
        ulong pointer = pointers, next = buffer;
        foreach (var text in strings)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            if (pointer + 4 > uint.MaxValue || next + (ulong)bytes.Length + 1 > uint.MaxValue)
                m.Check(uint.MaxValue, 2, 1); // traps: beyond any memory
            m.WriteU32((uint)pointer, (uint)next);
            pointer += 4;
            m.WriteBytes((uint)next, bytes);
            next += (ulong)bytes.Length;
            m.WriteBytes((uint)next, nul);
            next++;
        }
        return Errno.Success;
    }

    private static IEnumerable<string> Pairs(IReadOnlyList<(string Name, string Value)> environment)
    {
        foreach (var (name, value) in environment) yield return name + "=" + value;
    }

    public static Errno ArgsSizesGet(Preview1State s, GuestMemory m, uint count, uint size) =>
        Sizes(m, Environment(s).GetArguments(), count, size);

    public static Errno ArgsGet(Preview1State s, GuestMemory m, uint argv, uint buffer) =>
        Strings(m, Environment(s).GetArguments(), argv, buffer);

    public static Errno EnvironSizesGet(Preview1State s, GuestMemory m, uint count, uint size) =>
        Sizes(m, Pairs(Environment(s).GetEnvironment()), count, size);

    public static Errno EnvironGet(Preview1State s, GuestMemory m, uint environ, uint buffer) =>
        Strings(m, Pairs(Environment(s).GetEnvironment()), environ, buffer);

    public static Errno RandomGet(Preview1State s, GuestMemory m, uint buffer, uint length)
    {
        m.Check(buffer, length, 1);
        var random = s.Host.Random ?? throw new WitTrapException("random_get: the context has no random implementation");
        for (uint done = 0; done < length;)
        {
            var chunk = random.GetRandomBytes(Math.Min(length - done, (uint)RandomChunk));
            if (chunk.IsEmpty) throw new WitTrapException("random_get: the random implementation returned no bytes");
            var take = (int)Math.Min((uint)chunk.Length, length - done);
            m.WriteBytes(buffer + done, chunk.Span[..take]);
            done += (uint)take;
        }
        return Errno.Success;
    }

    /// <summary>
    /// <c>proc_exit</c>: the context's <c>exit</c> runs (so an override sees it), then the program stops with exactly
    /// <paramref name="status"/>. As in wasmtime, a status of 126 or more is a trap, not an exit.
    /// </summary>
    public static void ProcExit(Preview1State s, uint status)
    {
        if (status >= 126) throw new WitTrapException($"proc_exit: exit with invalid exit status {status} outside of [0..126)");
        var exit = s.Host.Exit ?? throw new WitTrapException("proc_exit: the context has no exit implementation");
        try
        {
            exit.Exit(status == 0 ? Result<Unit, Unit>.Ok(default) : Result<Unit, Unit>.Err(default));
        }
        catch (GuestExitException)
        {
            // The seed world's exit only knows ok/err: preview 1 keeps the code.
        }
        throw new GuestExitException((int)status);
    }

    public static Errno ProcRaise(uint signal) => signal > 30 ? throw InvalidArgument("proc_raise", "signal", signal) : Errno.NotSup;

    public static Errno SchedYield() => Errno.Success;
}
