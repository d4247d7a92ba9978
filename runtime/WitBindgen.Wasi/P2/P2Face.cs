
namespace WitBindgen.Wasi.P2;

using WitBindgen.Wasi.P2.Bindings;

/// <summary>
/// The WASI 0.2 face of one instance: the implementations of <c>wasi:cli/command@0.2.12</c>'s imports over the
/// instance's <see cref="WasiContext"/> (its stdio, clocks, random sources, preopens and limits), made on first use
/// by <see cref="WasiStoreData.Face{TState}"/>. Resource handles live in the guest context's
/// <see cref="WitBindgen.Runtime.Abi.ResourceTable"/>. The sockets are <see cref="P2Sockets"/> (P2/Sockets).
/// </summary>
internal sealed class P2Face : IWasiFaceState<P2Face>
{
    private P2Face(WasiContext context)
    {
        Context = context;
        var stdio = new P2Stdio(this);
        var terminal = new P2Terminal(context);
        var sockets = new P2Sockets(this);
        Host = new CommandHost
        {
            Environment = Pick<IEnvironment>(new P2Environment(context)),
            Exit = Pick<IExit>(new P2Exit()),
            Stdin = Pick<IStdin>(stdio),
            Stdout = Pick<IStdout>(stdio),
            Stderr = Pick<IStderr>(stdio),
            TerminalInput = Pick<ITerminalInput>(terminal),
            TerminalOutput = Pick<ITerminalOutput>(terminal),
            TerminalStdin = Pick<ITerminalStdin>(terminal),
            TerminalStdout = Pick<ITerminalStdout>(terminal),
            TerminalStderr = Pick<ITerminalStderr>(terminal),
            WallClock = Pick<IWallClock>(new P2WallClock(context)),
            MonotonicClock = Pick<IMonotonicClock>(new P2MonotonicClock(this)),
            Random = Pick<IRandom>(new P2Random(context)),
            Insecure = Pick<IInsecure>(new P2InsecureRandom(context)),
            InsecureSeed = Pick<IInsecureSeed>(new P2InsecureSeed(context)),
            Poll = Pick<IPoll>(new P2Poll(this)),
            Error = Pick<IError>(new P2ErrorInterface()),
            Streams = Pick<IStreams>(new P2StreamsInterface()),
            Types = Pick<ITypes>(new P2Types()),
            Preopens = Pick<IPreopens>(new P2Preopens(this)),
            InstanceNetwork = Pick<IInstanceNetwork>(sockets),
            Network = Pick<INetwork>(sockets),
            TcpCreateSocket = Pick<ITcpCreateSocket>(sockets),
            Tcp = Pick<ITcp>(sockets),
            UdpCreateSocket = Pick<IUdpCreateSocket>(sockets),
            Udp = Pick<IUdp>(sockets),
            IpNameLookup = Pick<IIpNameLookup>(sockets),
        };
    }

    // The builder's override of T (WasiContextBuilder.Override/Wrap with a WitBindgen.Wasi.P2.Bindings interface), else ours.
    // (No closure per import when nothing is overridden: most contexts.)
    private T Pick<T>(T standard) where T : class => Context.Slots.MakeP2(Context, standard);

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
            // Files, directory streams, sockets and lookups the guest never dropped close with the context.
            Context.OnDispose(guest.Resources.DropAll);
        }
        return this;
    }

    /// <summary>The implementations of the world's imports.</summary>
    public CommandHost Host { get; }
}
