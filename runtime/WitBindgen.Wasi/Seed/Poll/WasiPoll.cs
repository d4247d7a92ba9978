using System;
using System.Collections.Generic;
using WitBindgen.Runtime.Abi;
using WitBindgen.Wasi.Host;

namespace WitBindgen.Wasi;

/// <summary>
/// The default <c>poll</c>. <c>poll-oneoff</c> blocks until at least one of the pollables is ready and returns one
/// byte per pollable, 1 for ready and 0 for not (the May-2023 WIT says <c>list&lt;u8&gt;</c>). Timers wait on the
/// context's <see cref="MonotonicClockSource"/>, streams on their readiness. An empty list returns an empty list at
/// once. A handle that is not a live pollable traps (the function returns no result to report it in). The waiting is
/// the host core's (<c>Host/Poll</c>).
/// </summary>
public class WasiPoll : IPoll
{
    /// <summary>Serves the pollables of <paramref name="context"/>.</summary>
    public WasiPoll(WasiContext context) => Context = context ?? throw new ArgumentNullException(nameof(context));

    /// <summary>The context whose handles this serves.</summary>
    protected WasiContext Context { get; }

    /// <inheritdoc/>
    public virtual void DropPollable(uint @this) => Context.Table.Remove<Pollable>(@this, "poll.drop-pollable");

    /// <inheritdoc/>
    public virtual ReadOnlyMemory<byte> PollOneoff(IReadOnlyList<uint> @in)
    {
        const string fn = "poll.poll-oneoff";
        var pollables = new Pollable[@in.Count];
        for (var i = 0; i < pollables.Length; i++) pollables[i] = Context.Table.Get<Pollable>(@in[i], fn);
        var ready = new byte[pollables.Length];
        if (pollables.Length == 0) return ready;
        if (!PollWait.Any(pollables, Context.Clocks.Monotonic, ready))
            throw new WitTrapException($"{fn}: none of the pollables can ever become ready (no timer and nothing to wait for)");
        return ready;
    }
}
