using System;

namespace WitBindgen.Wasi;

/// <summary>The default <c>stdin</c>, <c>stdout</c> and <c>stderr</c>: the handles the context issued for them.</summary>
public class WasiStdio : IStdin, IStdout, IStderr
{
    /// <summary>Serves the stdio of <paramref name="context"/>.</summary>
    public WasiStdio(WasiContext context) => Context = context ?? throw new ArgumentNullException(nameof(context));

    /// <summary>The context.</summary>
    protected WasiContext Context { get; }

    /// <inheritdoc/>
    public virtual uint GetStdin() => Context.Cli.StdinHandle;

    /// <inheritdoc/>
    public virtual uint GetStdout() => Context.Cli.StdoutHandle;

    /// <inheritdoc/>
    public virtual uint GetStderr() => Context.Cli.StderrHandle;
}
