using System;
using System.Collections.Generic;
using System.Linq;
using WitBindgen.Runtime;
using WitBindgen.Runtime.Abi;

namespace WitBindgen.Wasi.P2;

using WitBindgen.Wasi.P2.Bindings;

/// <summary><c>wasi:cli/environment</c>: the context's arguments, environment and initial working directory.</summary>
internal sealed class P2Environment(WasiContext context) : IEnvironment
{
    public IReadOnlyList<(string, string)> GetEnvironment() => context.Cli.EnvironmentVariables.Select(v => (v.Name, v.Value)).ToArray();

    public IReadOnlyList<string> GetArguments() => context.Cli.Arguments;

    public string? InitialCwd() => context.Cli.InitialCwd;
}

/// <summary><c>wasi:cli/exit</c>: ends the run with a status, which the entry point answers.</summary>
internal sealed class P2Exit : IExit
{
    public void Exit(Result<Unit, Unit> status) => throw new GuestExitException(status.IsOk ? 0 : 1);

    public void ExitWithCode(byte statusCode) => throw new GuestExitException(statusCode);
}

/// <summary>
/// <c>wasi:cli/stdin</c>, <c>stdout</c>, <c>stderr</c>: each call gives the guest a new stream resource over the
/// context's one stdio stream; dropping it leaves the stream open for the next (and flushes an output).
/// </summary>
internal sealed class P2Stdio(P2Face face) : IStdin, IStdout, IStderr
{
    public Streams.IInputStream GetStdin() => new P2InputStream(face, face.Context.Cli.Stdin, ownsStream: false);

    public Streams.IOutputStream GetStdout() => new P2OutputStream(face, face.Context.Cli.Stdout, ownsStream: false);

    public Streams.IOutputStream GetStderr() => new P2OutputStream(face, face.Context.Cli.Stderr, ownsStream: false);
}

/// <summary>
/// The terminal interfaces: a stdio stream is a terminal only when it is the process's own console stream and that
/// is a terminal (as native preview 1 reports it); otherwise <c>none</c>.
/// </summary>
internal sealed class P2Terminal(WasiContext context) : ITerminalInput, ITerminalOutput, ITerminalStdin, ITerminalStdout, ITerminalStderr
{
    public TerminalInput.ITerminalInput? GetTerminalStdin() =>
        context.Cli.Stdin is StreamInputStream input && input.IsConsole && !Console.IsInputRedirected ? new Terminal() : null;

    public TerminalOutput.ITerminalOutput? GetTerminalStdout() =>
        context.Cli.Stdout is StreamOutputStream output && output.IsConsole && !Console.IsOutputRedirected ? new Terminal() : null;

    public TerminalOutput.ITerminalOutput? GetTerminalStderr() =>
        context.Cli.Stderr is StreamOutputStream output && output.IsConsole && !Console.IsErrorRedirected ? new Terminal() : null;

    /// <summary>The terminal resources have no methods: they only say that a stream is one.</summary>
    private sealed class Terminal : TerminalInput.ITerminalInput, TerminalOutput.ITerminalOutput;
}
