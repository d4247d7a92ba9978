using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using WitBindgen.Runtime;
using WitBindgen.Runtime.Abi;

namespace WitBindgen.Wasi;

/// <summary>
/// The default <c>poll</c>. <c>poll-oneoff</c> blocks until at least one of the pollables is ready and returns one
/// byte per pollable, 1 for ready and 0 for not (the May-2023 WIT says <c>list&lt;u8&gt;</c>). Timers wait on the
/// context's <see cref="MonotonicClockSource"/>, streams on their readiness. An empty list returns an empty list at
/// once. A handle that is not a live pollable traps (the function returns no result to report it in).
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
        var wakeups = new List<Task>();
        while (true)
        {
            var any = false;
            for (var i = 0; i < pollables.Length; i++)
            {
                if (!pollables[i].IsReady) continue;
                ready[i] = 1;
                any = true;
            }
            if (any) return ready;
            ulong? deadline = null;
            wakeups.Clear();
            foreach (var pollable in pollables)
            {
                if (pollable.Deadline is { } due) deadline = deadline is { } earliest ? Math.Min(earliest, due) : due;
                else if (pollable.WhenReady() is { } task) wakeups.Add(task);
            }
            if (deadline is null && wakeups.Count == 0)
                throw new WitTrapException($"{fn}: none of the pollables can ever become ready (no timer and nothing to wait for)");
            Context.Clocks.Monotonic.Wait(deadline, wakeups);
        }
    }
}
