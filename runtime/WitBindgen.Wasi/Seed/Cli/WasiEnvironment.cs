using System;
using System.Collections.Generic;
using System.Linq;

namespace WitBindgen.Wasi;

/// <summary>The default <c>environment</c>: the context's arguments and variables, the same on every call.</summary>
public class WasiEnvironment : IEnvironment
{
    /// <summary>Serves the environment of <paramref name="context"/>.</summary>
    public WasiEnvironment(WasiContext context) => Context = context ?? throw new ArgumentNullException(nameof(context));

    /// <summary>The context.</summary>
    protected WasiContext Context { get; }

    /// <inheritdoc/>
    public virtual IReadOnlyList<(string, string)> GetEnvironment() => Context.Cli.EnvironmentVariables.Select(v => (v.Name, v.Value)).ToArray();

    /// <inheritdoc/>
    public virtual IReadOnlyList<string> GetArguments() => Context.Cli.Arguments;
}
