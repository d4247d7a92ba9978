using System;
using System.Threading.Tasks;

namespace WitBindgen.Wasi;

/// <summary>
/// A pollable: what <c>poll-oneoff</c> waits on. Derive from it for a custom event source: it is ready when
/// <see cref="IsReady"/>, and <see cref="WhenReady"/> completes (never faults) once it is — unless it is a timer,
/// whose <see cref="Deadline"/> the clock waits for instead.
/// </summary>
[WasiResourceKind("pollable")]
public abstract class Pollable : WasiResource
{
    /// <summary>True once the event happened.</summary>
    public abstract bool IsReady { get; }

    /// <summary>For a timer, the monotonic instant it fires at; null for anything else.</summary>
    public virtual ulong? Deadline => null;

    /// <summary>A task that completes when the pollable becomes ready; null for a timer.</summary>
    public virtual Task? WhenReady() => null;
}
