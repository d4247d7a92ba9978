using System;
using System.Threading.Tasks;

namespace WitBindgen.Wasi.Host;

/// <summary>
/// A pollable over a socket's readiness (<c>tcp.subscribe</c>, <c>udp.subscribe</c>, <c>ip-name-lookup.subscribe</c>):
/// ready when its condition holds (which should hold once its socket is dropped). Waiting uses the task of the
/// operation under way when there is one, else one watcher shared by every wait on this pollable, checking the
/// condition every few milliseconds until it holds or the pollable is dropped.
/// </summary>
internal sealed class ConditionPollable : Pollable
{
    private readonly Func<bool> _ready;
    private readonly Func<Task?>? _pending;
    private Task? _watch;

    /// <summary>Ready when <paramref name="ready"/> holds; <paramref name="pending"/>, if given and not null, is a task that completes when it does.</summary>
    public ConditionPollable(Func<bool> ready, Func<Task?>? pending = null)
    {
        _ready = ready ?? throw new ArgumentNullException(nameof(ready));
        _pending = pending;
    }

    /// <inheritdoc/>
    public override bool IsReady => IsDropped || _ready();

    /// <inheritdoc/>
    public override Task WhenReady()
    {
        if (IsReady) return Task.CompletedTask;
        if (_pending?.Invoke() is { } task) return task.ContinueWith(_ => { }, TaskScheduler.Default);
        if (_watch is null || _watch.IsCompleted) _watch = SocketReadiness.WaitUntil(_ready, () => IsDropped);
        return _watch;
    }
}
