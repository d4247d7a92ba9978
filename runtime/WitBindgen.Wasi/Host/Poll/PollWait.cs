using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace WitBindgen.Wasi.Host;

/// <summary>
/// Waits until at least one of a set of pollables is ready: timers by their deadline on the instance's
/// <see cref="MonotonicClockSource"/> (so a manual clock jumps instead of sleeping), everything else by its
/// <see cref="Pollable.WhenReady"/> task. What each face's poll (<c>poll-oneoff</c>, <c>poll</c>, preview 1's
/// <c>poll_oneoff</c>) does underneath.
/// </summary>
internal static class PollWait
{
    /// <summary>
    /// Blocks until one of <paramref name="pollables"/> is ready, then sets <paramref name="ready"/>[i] to 1 for each
    /// ready one. False (at once) if none can ever become ready: no timer among them and nothing to wait for.
    /// </summary>
    public static bool Any(IReadOnlyList<Pollable> pollables, MonotonicClockSource clock, byte[] ready)
    {
        var wakeups = new List<Task>();
        while (true)
        {
            var any = false;
            for (var i = 0; i < pollables.Count; i++)
            {
                if (!pollables[i].IsReady) continue;
                ready[i] = 1;
                any = true;
            }
            if (any) return true;
            ulong? deadline = null;
            wakeups.Clear();
            foreach (var pollable in pollables)
            {
                if (pollable.Deadline is { } due) deadline = deadline is { } earliest ? Math.Min(earliest, due) : due;
                else if (pollable.WhenReady() is { } task) wakeups.Add(task);
            }
            if (deadline is null && wakeups.Count == 0) return false;
            clock.Wait(deadline, wakeups);
        }
    }
}
