using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using WitBindgen.Runtime.Abi;

namespace WitBindgen.Wasi;

/// <summary>
/// The one handle table of a guest instance: every <c>u32</c> handle the guest holds (streams, pollables, timezones,
/// descriptors, networks) names an entry here. Handles are issued in increasing order from 0 and never reused, so a
/// stale handle is always told apart from a live one. Not thread-safe: the guest's thread uses it.
/// </summary>
public sealed class HandleTable
{
    private readonly Dictionary<uint, WasiResource> _entries = new();
    private long _next;

    /// <summary>Creates a table that holds at most <paramref name="capacity"/> live handles.</summary>
    public HandleTable(int capacity = DefaultCapacity)
    {
        if (capacity <= 0) throw new ArgumentOutOfRangeException(nameof(capacity), "the capacity must be positive");
        Capacity = capacity;
    }

    /// <summary>The default limit on live handles.</summary>
    public const int DefaultCapacity = 100_000;

    /// <summary>The most live handles the guest may hold at once; past it, inserting traps.</summary>
    public int Capacity { get; }

    /// <summary>How many handles are live.</summary>
    public int Count => _entries.Count;

    /// <summary>True if inserting would trap: the table is at <see cref="Capacity"/>, or every u32 was issued.</summary>
    public bool IsFull => _entries.Count >= Capacity || _next > uint.MaxValue;

    /// <summary>The live handles and what they refer to, in the order they were issued.</summary>
    public IEnumerable<KeyValuePair<uint, WasiResource>> Entries
    {
        get
        {
            var keys = new List<uint>(_entries.Keys);
            keys.Sort();
            foreach (var key in keys) yield return new(key, _entries[key]);
        }
    }

    /// <summary>Issues a new handle for <paramref name="resource"/>; traps (naming <paramref name="function"/>) when full.</summary>
    public uint Insert(WasiResource resource, string function = "wasi")
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (resource.IsDropped) throw new ArgumentException("a dropped resource cannot be given a new handle", nameof(resource));
        if (_entries.Count >= Capacity)
            throw new WitTrapException($"{function}: the handle table is full ({Capacity} live handles); drop some before making more");
        if (_next > uint.MaxValue)
            throw new WitTrapException($"{function}: every one of the 2^32 handles has been issued");
        var handle = (uint)_next++;
        _entries.Add(handle, resource);
        return handle;
    }

    /// <summary>Looks a handle up as a <typeparamref name="T"/>, saying what is wrong with it if it is not one.</summary>
    public HandleStatus TryGet<T>(uint handle, [NotNullWhen(true)] out T? resource) where T : WasiResource
    {
        resource = null;
        if (!_entries.TryGetValue(handle, out var entry)) return handle < _next ? HandleStatus.Dropped : HandleStatus.NeverIssued;
        if (entry is not T typed) return HandleStatus.WrongKind;
        resource = typed;
        return HandleStatus.Valid;
    }

    /// <summary>A live handle's <typeparamref name="T"/>; traps with a clear message for any other handle.</summary>
    public T Get<T>(uint handle, string function) where T : WasiResource
    {
        var status = TryGet<T>(handle, out var resource);
        return status == HandleStatus.Valid ? resource! : throw Invalid<T>(handle, status, function);
    }

    /// <summary>Removes a live <typeparamref name="T"/> handle and drops its resource; traps for any other handle.</summary>
    public T Remove<T>(uint handle, string function) where T : WasiResource
    {
        var resource = Get<T>(handle, function);
        _entries.Remove(handle);
        resource.Drop();
        return resource;
    }

    /// <summary>Removes every handle, dropping each resource (flushing output streams).</summary>
    public void Clear()
    {
        List<Exception>? errors = null;
        foreach (var (_, resource) in Entries)
        {
            try
            {
                resource.Drop();
            }
            catch (Exception ex)
            {
                (errors ??= new()).Add(ex);
            }
        }
        _entries.Clear();
        if (errors is not null) throw new AggregateException("dropping the context's resources failed", errors);
    }

    /// <summary>The trap for a handle that is not a live <typeparamref name="T"/>.</summary>
    public WitTrapException Invalid<T>(uint handle, HandleStatus status, string function) where T : WasiResource
    {
        var expected = WasiResource.KindOf(typeof(T));
        var article = Article(expected);
        return status switch
        {
            HandleStatus.NeverIssued => new WitTrapException($"{function}: handle {handle} is not {article} {expected}: no such handle was ever issued"),
            HandleStatus.Dropped => new WitTrapException($"{function}: handle {handle} is not {article} {expected}: it was dropped"),
            HandleStatus.WrongKind => new WitTrapException(
                $"{function}: handle {handle} is not {article} {expected}: it is {Article(_entries[handle].Kind)} {_entries[handle].Kind}"),
            _ => new WitTrapException($"{function}: handle {handle} is valid"),
        };
    }

    private static string Article(string noun) => noun.Length > 0 && "aeiou".Contains(noun[0]) ? "an" : "a";
}
