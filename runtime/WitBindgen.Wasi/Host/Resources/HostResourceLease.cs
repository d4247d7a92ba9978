using System;
using System.Threading;

namespace WitBindgen.Wasi;

/// <summary>One open host resource taken from a <see cref="HostResourceBudget"/>; returned once by <see cref="Release"/>.</summary>
public sealed class HostResourceLease
{
    private HostResourceBudget? _budget;

    internal HostResourceLease(HostResourceBudget budget) => _budget = budget;

    /// <summary>Gives the resource back (the descriptor or socket was closed); later calls do nothing.</summary>
    public void Release() => Interlocked.Exchange(ref _budget, null)?.Release();
}
