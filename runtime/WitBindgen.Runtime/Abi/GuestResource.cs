using System;

namespace WitBindgen.Runtime.Abi;

/// <summary>
/// The base of the generated wrapper of a resource the guest exports: one resource the host owns (the guest
/// returned an <c>own&lt;r&gt;</c>). Its methods call the guest's exports; <see cref="Dispose"/> runs the guest's
/// <c>[dtor]r</c> once. Passing it to the guest as an <c>own&lt;r&gt;</c> moves it there (the wrapper is then spent);
/// as a <c>borrow&lt;r&gt;</c> lends it for the call.
/// </summary>
public abstract class GuestResource : IDisposable
{
    private readonly int _rep;
    private bool _gone;

    /// <summary>A wrapper of representation <paramref name="rep"/> of <paramref name="resource"/>, in <paramref name="table"/>'s guest.</summary>
    protected GuestResource(ExportedResourceTable table, string resource, int rep)
    {
        Table = table ?? throw new ArgumentNullException(nameof(table));
        Resource = resource ?? throw new ArgumentNullException(nameof(resource));
        _rep = rep;
    }

    /// <summary>The table of the guest instance the resource lives in.</summary>
    protected ExportedResourceTable Table { get; }

    /// <summary>The resource's key: <c>ns:pkg/iface@v#r</c>.</summary>
    public string Resource { get; }

    /// <summary>False once disposed or moved to the guest.</summary>
    public bool IsAlive => !_gone;

    /// <summary>The generated exports binding the wrapper's methods call through.</summary>
    protected object Owner(string function) => Table.Owner(Resource, function);

    /// <summary>A <c>borrow&lt;r&gt;</c> to the guest that implements it: the representation itself, for one call.</summary>
    public int Lend(ExportedResourceTable table, string function) => Check(table, function);

    /// <summary>An <c>own&lt;r&gt;</c> to the guest: a new handle in its table; this wrapper is spent.</summary>
    public int Move(ExportedResourceTable table, string function)
    {
        int rep = Check(table, function);
        int handle = table.New(Resource, rep, function);
        _gone = true;
        return handle;
    }

    /// <summary>Drops the host's ownership: runs the guest's destructor (once; later calls do nothing).</summary>
    public void Dispose()
    {
        if (_gone) return;
        _gone = true;
        GC.SuppressFinalize(this);
        Table.Destroy(Resource, _rep, "[resource-drop]" + Resource);
    }

    private int Check(ExportedResourceTable table, string function)
    {
        if (_gone)
            throw new ObjectDisposedException(GetType().Name, $"{function}: this {GetType().Name} was disposed or moved to the guest");
        if (!ReferenceEquals(table, Table))
            throw new ArgumentException($"{function}: this {GetType().Name} belongs to another guest instance", function);
        return _rep;
    }
}
