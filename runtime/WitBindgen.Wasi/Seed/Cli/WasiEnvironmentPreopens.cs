using System;
using System.Collections.Generic;
using System.Linq;

namespace WitBindgen.Wasi;

/// <summary>The default <c>environment-preopens</c>: the preopened directories whose handles are still live, and the initial cwd.</summary>
public class WasiEnvironmentPreopens : IEnvironmentPreopens
{
    /// <summary>Serves the preopens of <paramref name="context"/>.</summary>
    public WasiEnvironmentPreopens(WasiContext context) => Context = context ?? throw new ArgumentNullException(nameof(context));

    /// <summary>The context.</summary>
    protected WasiContext Context { get; }

    /// <inheritdoc/>
    public virtual IReadOnlyList<(uint, string)> GetDirectories() =>
        Context.Filesystem.Preopens.Where(p => !p.IsDropped).Select(p => (p.Handle, p.GuestPath)).ToArray();

    /// <inheritdoc/>
    public virtual string? InitialCwd() => Context.Cli.InitialCwd;
}
