using System.Collections.Generic;

namespace WitBindgen.Wasi;

/// <summary>The command-line state of one instance (wasmtime's <c>WasiCtx.cli</c>): arguments, environment, working directory and stdio with their handles.</summary>
public sealed class WasiCliState
{
    internal WasiCliState(IReadOnlyList<string> arguments, IReadOnlyList<(string Name, string Value)> environment, string? initialCwd,
        InputStream stdin, OutputStream stdout, OutputStream stderr, HandleTable table)
    {
        Arguments = arguments;
        EnvironmentVariables = environment;
        InitialCwd = initialCwd;
        Stdin = stdin;
        Stdout = stdout;
        Stderr = stderr;
        StdinHandle = table.Insert(stdin);
        StdoutHandle = table.Insert(stdout);
        StderrHandle = table.Insert(stderr);
    }

    /// <summary>What <c>get-arguments</c> returns.</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>What <c>get-environment</c> returns, in order.</summary>
    public IReadOnlyList<(string Name, string Value)> EnvironmentVariables { get; }

    /// <summary>What <c>initial-cwd</c> returns.</summary>
    public string? InitialCwd { get; }

    /// <summary>Standard input.</summary>
    public InputStream Stdin { get; }

    /// <summary>Standard output.</summary>
    public OutputStream Stdout { get; }

    /// <summary>Standard error.</summary>
    public OutputStream Stderr { get; }

    /// <summary>The handle <c>get-stdin</c> returns.</summary>
    public uint StdinHandle { get; }

    /// <summary>The handle <c>get-stdout</c> returns.</summary>
    public uint StdoutHandle { get; }

    /// <summary>The handle <c>get-stderr</c> returns.</summary>
    public uint StderrHandle { get; }

    /// <summary>Flushes stdout and stderr.</summary>
    internal void FlushOutputs()
    {
        Stdout.Flush();
        Stderr.Flush();
    }
}
