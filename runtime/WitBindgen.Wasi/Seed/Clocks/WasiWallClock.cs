using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using WitBindgen.Runtime;
using WitBindgen.Runtime.Abi;

namespace WitBindgen.Wasi;

/// <summary>The default <c>wall-clock</c>: the context's <see cref="WallClockSource"/>.</summary>
public class WasiWallClock : IWallClock
{
    /// <summary>Serves the wall clock of <paramref name="context"/>.</summary>
    public WasiWallClock(WasiContext context) => Context = context ?? throw new ArgumentNullException(nameof(context));

    /// <summary>The context.</summary>
    protected WasiContext Context { get; }

    /// <inheritdoc/>
    public virtual WallClock.Datetime Now() => Context.Clocks.Wall.Now();

    /// <inheritdoc/>
    public virtual WallClock.Datetime Resolution() => Context.Clocks.Wall.Resolution();
}
