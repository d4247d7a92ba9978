using System;
using System.Collections.Concurrent;
using System.Reflection;

namespace WitBindgen.Wasi;

/// <summary>
/// Names the WIT type of a <see cref="WasiResource"/> (<c>input-stream</c>, <c>pollable</c>, ...), for messages about
/// handles of the wrong kind. Inherited: a subclass of <see cref="InputStream"/> is an <c>input-stream</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true, AllowMultiple = false)]
internal sealed class WasiResourceKindAttribute : Attribute
{
    /// <summary>Names the WIT type.</summary>
    public WasiResourceKindAttribute(string name) => Name = name;

    /// <summary>The WIT type's name.</summary>
    public string Name { get; }
}

/// <summary>
/// Something a guest holds a handle to: an entry of a <see cref="WasiContext"/>'s <see cref="HandleTable"/>. In the
/// May-2023 WASI, handles are plain <c>u32</c>s and one table serves every kind of resource of an instance.
/// </summary>
public abstract class WasiResource
{
    /// <summary>The WIT type's name, from <see cref="WasiResourceKindAttribute"/>.</summary>
    public string Kind => KindOf(GetType());

    /// <summary>True once the guest dropped the handle (or the context was disposed).</summary>
    public bool IsDropped { get; private set; }

    /// <summary>
    /// Called once when the resource leaves the table: by the guest's <c>drop-*</c> or when the context is disposed.
    /// Output streams flush here; nothing closes a .NET <see cref="System.IO.Stream"/> that the host handed in.
    /// </summary>
    protected virtual void OnDropped()
    {
    }

    internal void Drop()
    {
        if (IsDropped) return;
        IsDropped = true;
        OnDropped();
    }

    private static readonly ConcurrentDictionary<Type, string> Kinds = new();

    /// <summary>The WIT name of a resource type: its <see cref="WasiResourceKindAttribute"/>, else its .NET name.</summary>
    public static string KindOf(Type type) =>
        Kinds.GetOrAdd(type, t => t.GetCustomAttribute<WasiResourceKindAttribute>(inherit: true)?.Name ?? t.Name);
}
