using System;
using System.Collections.Generic;

namespace WitBindgen.Runtime.Abi;

/// <summary>
/// The handles one guest instance holds to the resources it implements itself (exported <c>resource</c>s). As in the
/// canonical ABI the host owns this table: the guest calls <c>[resource-new]r</c> (a handle for a representation it
/// chose, usually a pointer), <c>[resource-rep]r</c> (the representation back) and <c>[resource-drop]r</c> (which runs
/// the guest's <c>[dtor]r</c>), all imported from <c>[export]ns:pkg/iface</c>; an <c>own&lt;r&gt;</c> the guest returns
/// leaves the table for a <see cref="GuestResource"/> wrapper the host holds, and one the host passes back comes in
/// as a new handle. Handles are never reused (a stale handle can never name a newer resource), and each entry
/// remembers its resource type, so a handle of one resource passed as another traps.
/// </summary>
public sealed class ExportedResourceTable
{
    private readonly Dictionary<int, Entry> _entries = new();
    private readonly Dictionary<string, Binding> _bindings = new(StringComparer.Ordinal);
    private int _next = 1;   // 0 is never a handle
    private int _maxHandles = 100_000;

    private readonly record struct Entry(string Resource, int Rep);

    private sealed record Binding(Action<int>? Destructor, object Owner);

    /// <summary>The most handles the guest may hold at once (100,000 by default); one more traps.</summary>
    public int MaxHandles
    {
        get => _maxHandles;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _maxHandles = value;
        }
    }

    /// <summary>How many handles the guest holds now.</summary>
    public int Count => _entries.Count;

    /// <summary>
    /// Records what the host calls for a resource once the guest is instantiated: its <c>[dtor]r</c> export (null if the
    /// guest exports none) and the generated binding of the guest's exports its wrappers call through. The generated
    /// exports class registers on construction; an own handle the guest drops before that (in its start function,
    /// say) is removed without running a destructor.
    /// </summary>
    /// <param name="resource">The resource's key: <c>ns:pkg/iface@v#r</c>.</param>
    /// <param name="destructor">The guest's destructor, called with a representation.</param>
    /// <param name="owner">The generated exports class of the resource's interface.</param>
    public void Register(string resource, Action<int>? destructor, object owner)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(owner);
        _bindings[resource] = new Binding(destructor, owner);
    }

    /// <summary>The exports binding <see cref="Register"/> recorded for <paramref name="resource"/>.</summary>
    public object Owner(string resource, string function) =>
        _bindings.TryGetValue(resource, out var binding) ? binding.Owner
            : throw new InvalidOperationException($"{function}: the guest's exports of '{resource}' are not bound (create the generated exports class first)");

    /// <summary><c>[resource-new]r</c>, or an <c>own&lt;r&gt;</c> the host passes to the guest: a new handle for <paramref name="rep"/>.</summary>
    public int New(string resource, int rep, string function)
    {
        if (_entries.Count >= _maxHandles)
            throw new WitTrapException($"{function}: the guest already holds {_entries.Count:N0} handles to its own resources, the most this instance allows (ExportedResourceTable.MaxHandles)");
        if (_next == int.MaxValue)
            throw new WitTrapException($"{function}: this instance has used up its {int.MaxValue:N0} resource handles");
        int handle = _next++;
        _entries.Add(handle, new Entry(resource, rep));
        return handle;
    }

    /// <summary><c>[resource-rep]r</c>: the representation a handle names; the guest keeps the handle.</summary>
    public int Rep(string resource, int handle, string function) => Find(resource, handle, function).Rep;

    /// <summary>An <c>own&lt;r&gt;</c> the guest gives the host: the handle leaves the table, its representation is returned.</summary>
    public int Take(string resource, int handle, string function)
    {
        var entry = Find(resource, handle, function);
        _entries.Remove(handle);
        return entry.Rep;
    }

    /// <summary><c>[resource-drop]r</c>: removes the handle and runs the guest's destructor on its representation.</summary>
    public void Drop(string resource, int handle, string function)
    {
        int rep = Take(resource, handle, function);
        Destroy(resource, rep, function);
    }

    /// <summary>Runs the guest's destructor of <paramref name="resource"/> (if it exports one) on <paramref name="rep"/>.</summary>
    public void Destroy(string resource, int rep, string function)
    {
        if (_bindings.TryGetValue(resource, out var binding)) binding.Destructor?.Invoke(rep);
    }

    private Entry Find(string resource, int handle, string function)
    {
        if (!_entries.TryGetValue(handle, out var entry))
        {
            var why = handle <= 0 || handle >= _next ? "was never given to the guest" : "was already dropped or moved";
            throw new WitTrapException($"{function}: handle {handle} to a {Short(resource)} {why}");
        }
        if (!string.Equals(entry.Resource, resource, StringComparison.Ordinal))
            throw new WitTrapException($"{function}: handle {handle} names a {Short(entry.Resource)}, not a {Short(resource)}");
        return entry;
    }

    // test:res/counters@0.1.0#counter -> counter
    private static string Short(string resource) => resource.Substring(resource.LastIndexOf('#') + 1);
}
