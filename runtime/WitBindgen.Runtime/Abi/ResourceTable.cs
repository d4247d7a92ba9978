using System;
using System.Collections.Generic;

namespace WitBindgen.Runtime.Abi;

/// <summary>
/// The handles one guest instance holds to host-implemented resources (imported <c>resource</c>s): an <c>own&lt;r&gt;</c>
/// the host returns is inserted and the guest gets its handle; an <c>own&lt;r&gt;</c> the guest passes back is taken out
/// (moved); a <c>borrow&lt;r&gt;</c> lends the object for one call; <c>[resource-drop]r</c> removes it and disposes it.
/// Handles are never reused within a table (a stale handle can never name a newer object), and each entry remembers
/// the resource type it was inserted as, so a handle of one resource passed as another traps.
/// </summary>
public sealed class ResourceTable
{
    private readonly Dictionary<int, Entry> _entries = new();
    private int _next = 1;   // 0 is never a handle: guests use it as "none".
    private int _maxHandles = 100_000;

    private readonly record struct Entry(object Value, Type ResourceType, bool Borrowed = false);

    /// <summary>The handles lent to the guest for the export calls under way, innermost last (see <see cref="Lend{T}"/>).</summary>
    private readonly List<int> _lent = new();

    /// <summary>
    /// The most handles the guest may hold at once (100,000 by default). A call that would give the guest one more
    /// traps, so a guest that leaks handles cannot make the host keep unbounded objects alive.
    /// </summary>
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

    /// <summary>Gives the guest a new handle to <paramref name="value"/> as a <typeparamref name="T"/>.</summary>
    /// <param name="value">The host object; null traps (an <c>own</c> always names a resource).</param>
    /// <param name="function">The WIT function returning it, for the trap message.</param>
    public int Insert<T>(T value, string function) where T : class
    {
        if (value is null)
            throw new WitTrapException($"{function}: the implementation returned null for a {Name<T>()} (an own<{Name<T>()}> must name a resource)");
        return Add(new Entry(value, typeof(T)), function);
    }

    /// <summary>A new handle for <paramref name="entry"/>, within the table's limits.</summary>
    private int Add(Entry entry, string function)
    {
        if (_entries.Count >= _maxHandles)
            throw new WitTrapException($"{function}: the guest already holds {_entries.Count:N0} resource handles, the most this instance allows (ResourceTable.MaxHandles)");
        if (_next == int.MaxValue)
            throw new WitTrapException($"{function}: this instance has used up its {int.MaxValue:N0} resource handles");
        int handle = _next++;
        _entries.Add(handle, entry);
        return handle;
    }

    /// <summary>
    /// A <c>borrow&lt;r&gt;</c> the host passes to a function the guest exports (the canonical ABI's <c>lower_borrow</c>):
    /// a handle to <paramref name="value"/> the guest may use during the call and must drop before it returns. Dropping
    /// it does not dispose the object, and it cannot be passed on as an <c>own</c>. The export's glue brackets the call
    /// with <see cref="OpenLends"/> and <see cref="CloseLends"/>.
    /// </summary>
    public int Lend<T>(T value, string function) where T : class
    {
        if (value is null)
            throw new WitTrapException($"{function}: a null {Name<T>()} cannot be lent to the guest (a borrow<{Name<T>()}> must name a resource)");
        int handle = Add(new Entry(value, typeof(T), Borrowed: true), function);
        _lent.Add(handle);
        return handle;
    }

    /// <summary>Marks the start of an export call that may lend handles; pass the mark to <see cref="CloseLends"/>.</summary>
    public int OpenLends() => _lent.Count;

    /// <summary>
    /// Ends an export call: a borrowed handle the guest did not drop traps (the canonical ABI's check when a call
    /// exits), after it was taken back, so that the guest can never use it once the call is over.
    /// </summary>
    public void CloseLends(int mark, string function)
    {
        int kept = ReleaseLends(mark);
        if (kept > 0)
            throw new WitTrapException($"{function}: borrow handles still remain at the end of the call (the guest did not drop {kept} of the handles the host lent it)");
    }

    /// <summary>Takes back every handle lent since <paramref name="mark"/> that the guest still holds (after a trap); returns how many.</summary>
    public int ReleaseLends(int mark)
    {
        int kept = 0;
        for (int i = _lent.Count - 1; i >= mark && i >= 0; i--)
        {
            if (_entries.TryGetValue(_lent[i], out var entry) && entry.Borrowed)
            {
                _entries.Remove(_lent[i]);
                kept++;
            }
        }
        if (mark >= 0 && mark < _lent.Count) _lent.RemoveRange(mark, _lent.Count - mark);
        return kept;
    }

    /// <summary>The object a <c>borrow&lt;r&gt;</c> handle names; the guest keeps the handle.</summary>
    public T Borrow<T>(int handle, string function) where T : class => (T)Find<T>(handle, function, "borrow").Value;

    /// <summary>The object an <c>own&lt;r&gt;</c> handle names, which leaves the table: the guest gave its ownership up.</summary>
    public T Take<T>(int handle, string function) where T : class
    {
        var entry = Find<T>(handle, function, "own");
        if (entry.Borrowed)
            throw new WitTrapException($"{function}: own<{Name<T>()}> handle {handle} is only borrowed for the call, it cannot be given away");
        _entries.Remove(handle);
        return (T)entry.Value;
    }

    /// <summary>
    /// <c>[resource-drop]r</c>: removes the handle and disposes the object if it is <see cref="IDisposable"/>; a handle
    /// the host lent for an export call is only given back (the host keeps its object).
    /// </summary>
    public void Drop<T>(int handle, string function) where T : class
    {
        var entry = Find<T>(handle, function, "own");
        _entries.Remove(handle);
        if (!entry.Borrowed) (entry.Value as IDisposable)?.Dispose();
    }

    /// <summary>
    /// Drops every handle the guest still holds, newest first (a child such as a stream's pollable before its parent),
    /// disposing each <see cref="IDisposable"/> object: what a host calls when the instance is done with, so open files
    /// and sockets close then rather than at garbage collection. Handles stay never reused.
    /// </summary>
    /// <exception cref="AggregateException">Some objects threw from <see cref="IDisposable.Dispose"/>; every other one was still disposed.</exception>
    public void DropAll()
    {
        var handles = new List<int>(_entries.Keys);
        handles.Sort();
        List<Exception>? failures = null;
        for (int i = handles.Count - 1; i >= 0; i--)
        {
            if (!_entries.Remove(handles[i], out var entry) || entry.Borrowed) continue;
            try
            {
                (entry.Value as IDisposable)?.Dispose();
            }
            catch (Exception ex)
            {
                (failures ??= []).Add(ex);
            }
        }
        if (failures is not null) throw new AggregateException("disposing the guest's resources", failures);
    }

    private Entry Find<T>(int handle, string function, string use)
    {
        if (!_entries.TryGetValue(handle, out var entry))
        {
            var why = handle <= 0 || handle >= _next ? "was never given to the guest" : "was already dropped or moved";
            throw new WitTrapException($"{function}: {use}<{Name<T>()}> handle {handle} {why}");
        }
        if (entry.ResourceType != typeof(T))
            throw new WitTrapException($"{function}: {use}<{Name<T>()}> handle {handle} names a {NameOf(entry.ResourceType)}, not a {Name<T>()}");
        return entry;
    }

    private static string Name<T>() => NameOf(typeof(T));

    // IFile -> File: the C# interface of resource `file`.
    private static string NameOf(Type type) =>
        type.IsInterface && type.Name.Length > 1 && type.Name[0] == 'I' && char.IsUpper(type.Name[1]) ? type.Name.Substring(1) : type.Name;
}
