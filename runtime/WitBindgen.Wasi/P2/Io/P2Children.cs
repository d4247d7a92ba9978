using WitBindgen.Runtime.Abi;

namespace WitBindgen.Wasi.P2;

/// <summary>
/// The pollables still alive that a resource made (<c>subscribe</c>): as in wasmtime, where a pollable is its
/// parent's child in the resource table, dropping the parent while one lives traps rather than leaving the pollable
/// to wait on something gone.
/// </summary>
internal sealed class P2Children(string resource)
{
    private int _live;

    public void Added() => _live++;

    public void Removed() => _live--;

    /// <summary>Traps when a pollable made from the resource is still alive; called as the guest drops it.</summary>
    public void CheckNoneOnDrop(string dropFunction)
    {
        if (_live > 0)
            throw new WitTrapException($"{dropFunction}: this {resource} still has {_live} pollable{(_live == 1 ? "" : "s")} made by its subscribe; drop them first (resource has children)");
    }
}
