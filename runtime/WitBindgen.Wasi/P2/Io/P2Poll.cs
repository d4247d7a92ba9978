using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using WitBindgen.Runtime.Abi;

namespace WitBindgen.Wasi.P2;

using WitBindgen.Wasi.P2.Bindings;

/// <summary>
/// A <c>pollable</c>: one of the host core's pollables (a timer on the context's monotonic clock, a stream's
/// readiness), waited on through that clock so a manual clock advances instead of sleeping.
/// </summary>
internal sealed class P2Pollable : Poll.IPollable, System.IDisposable
{
    private readonly P2Face face;
    private P2Children? _parent;

    /// <param name="face">The face of the instance.</param>
    /// <param name="inner">The host core's pollable.</param>
    /// <param name="parent">The pollables of the resource this one was made from (a stream's), if any: while this one lives, that resource cannot be dropped.</param>
    public P2Pollable(P2Face face, Pollable inner, P2Children? parent = null)
    {
        this.face = face;
        Inner = inner;
        _parent = parent;
        parent?.Added();
    }

    public Pollable Inner { get; }

    public void Dispose()
    {
        _parent?.Removed();
        _parent = null;
    }

    public bool Ready() => Inner.IsReady;

    public void Block() => P2Poll.Wait(face, [this], "wasi:io/poll@0.2.12.[method]pollable.block");
}

/// <summary><c>wasi:io/poll</c>: waits until at least one pollable is ready and answers the indexes of the ready ones.</summary>
internal sealed class P2Poll(P2Face face) : IPoll
{
    private const string Fn = "wasi:io/poll@0.2.12.poll";

    public IReadOnlyList<uint> Poll(IReadOnlyList<Poll.IPollable> @in)
    {
        // As in wasmtime: polling nothing would wait forever.
        if (@in.Count == 0) throw new WitTrapException($"{Fn}: the list of pollables is empty");
        var pollables = new P2Pollable[@in.Count];
        for (var i = 0; i < pollables.Length; i++)
            pollables[i] = @in[i] as P2Pollable ?? throw new WitTrapException($"{Fn}: pollable {i} is not one of this host's");
        return Wait(face, pollables, Fn);
    }

    /// <summary>Blocks until one of <paramref name="pollables"/> is ready; the indexes of those that are.</summary>
    internal static uint[] Wait(P2Face face, P2Pollable[] pollables, string function)
    {
        var wakeups = new List<Task>();
        while (true)
        {
            var ready = new List<uint>();
            for (var i = 0; i < pollables.Length; i++)
                if (pollables[i].Inner.IsReady) ready.Add((uint)i);
            if (ready.Count > 0) return ready.ToArray();
            ulong? deadline = null;
            wakeups.Clear();
            foreach (var pollable in pollables)
            {
                if (pollable.Inner.Deadline is { } due) deadline = deadline is { } earliest ? Math.Min(earliest, due) : due;
                else if (pollable.Inner.WhenReady() is { } task) wakeups.Add(task);
            }
            if (deadline is null && wakeups.Count == 0)
                throw new WitTrapException($"{function}: none of the pollables can ever become ready (no timer and nothing to wait for)");
            face.Context.Clocks.Monotonic.Wait(deadline, wakeups);
        }
    }
}
