
namespace WitBindgen.Wasi.P2;

using WitBindgen.Wasi.P2.Bindings;

/// <summary>
/// The WASI 0.2 face of one instance: the implementations of <c>wasi:cli/command@0.2.12</c>'s imports over the
/// instance's <see cref="WasiContext"/> (its stdio, clocks, random sources, preopens and limits), made on first use
/// by <see cref="WasiStoreData.Face{TState}"/>. Resource handles live in the guest context's
/// <see cref="WitBindgen.Runtime.Abi.ResourceTable"/>. The socket interfaces stay empty here (a call traps naming the
/// interface) until a socket face fills <see cref="Host"/>'s socket slots.
/// </summary>
internal sealed class P2Face : IWasiFaceState<P2Face>
{
    private P2Face(WasiContext context)
    {
        Context = context;
        var stdio = new P2Stdio(this);
        var terminal = new P2Terminal(context);
        Host = new CommandHost
        {
            Environment = new P2Environment(context),
            Exit = new P2Exit(),
            Stdin = stdio,
            Stdout = stdio,
            Stderr = stdio,
            TerminalInput = terminal,
            TerminalOutput = terminal,
            TerminalStdin = terminal,
            TerminalStdout = terminal,
            TerminalStderr = terminal,
            WallClock = new P2WallClock(context),
            MonotonicClock = new P2MonotonicClock(this),
            Random = new P2Random(context),
            Insecure = new P2InsecureRandom(context),
            InsecureSeed = new P2InsecureSeed(context),
            Poll = new P2Poll(this),
            Streams = new P2StreamsInterface(),
            Types = new P2Types(),
            Preopens = new P2Preopens(this),
        };
    }

    public static P2Face Create(WasiContext context) => new(context);

    /// <summary>The context the face serves.</summary>
    public WasiContext Context { get; }

    /// <summary>The guest context of the instance (its resource table), set when the face is first reached from a store.</summary>
    public WitBindgen.Runtime.Abi.GuestContext? Guest { get; private set; }

    /// <summary>Binds the face to the instance's guest context and puts the context's handle limit on its resource table.</summary>
    public P2Face With(WitBindgen.Runtime.Abi.GuestContext guest)
    {
        if (Guest is null)
        {
            Guest = guest;
            guest.Resources.MaxHandles = Context.Table.Capacity;
        }
        return this;
    }

    /// <summary>The implementations of the world's imports.</summary>
    public CommandHost Host { get; }
}
