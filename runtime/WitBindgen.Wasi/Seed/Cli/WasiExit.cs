using System;
using WitBindgen.Runtime;
using WitBindgen.Runtime.Abi;

namespace WitBindgen.Wasi;

/// <summary>The default <c>exit</c>: ends the guest with status 0 for <c>ok</c>, 1 for <c>err</c> (a <see cref="GuestExitException"/>).</summary>
public class WasiExit : IExit
{
    /// <inheritdoc/>
    public virtual void Exit(Result<Unit, Unit> status) => throw new GuestExitException(status.IsOk ? 0 : 1);
}
