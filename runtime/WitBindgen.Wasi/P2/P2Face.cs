
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
        // Each implementation is made when the guest first calls its interface (a hello touches 3 of 27). With an
        // override registered, all are made now, when the face is first reached, as they always were: an override
        // that fails then fails at the same point.
        if (context.Slots.AnyP2Override) MakeAll();
    }

    private void MakeAll()
    {
        _ = Environment;
        _ = Exit;
        _ = Stdin;
        _ = Stdout;
        _ = Stderr;
        _ = TerminalInput;
        _ = TerminalOutput;
        _ = TerminalStdin;
        _ = TerminalStdout;
        _ = TerminalStderr;
        _ = WallClock;
        _ = MonotonicClock;
        _ = Random;
        _ = Insecure;
        _ = InsecureSeed;
        _ = Poll;
        _ = Error;
        _ = Streams;
        _ = Types;
        _ = Preopens;
        _ = InstanceNetwork;
        _ = Network;
        _ = TcpCreateSocket;
        _ = Tcp;
        _ = UdpCreateSocket;
        _ = Udp;
        _ = IpNameLookup;
    }

    private P2Stdio? _stdio;
    private P2Terminal? _terminal;
    private P2Sockets? _sockets;

    private P2Stdio Stdio => _stdio ??= new(this);

    private P2Terminal Terminal => _terminal ??= new(Context);

    private P2Sockets Sockets => _sockets ??= new(this);

    // The implementations of the world's imports, each made on first use (see the constructor).
    public IEnvironment Environment => Host.Environment ??= Pick<IEnvironment>(new P2Environment(Context));
    public IExit Exit => Host.Exit ??= Pick<IExit>(new P2Exit());
    public IStdin Stdin => Host.Stdin ??= Pick<IStdin>(Stdio);
    public IStdout Stdout => Host.Stdout ??= Pick<IStdout>(Stdio);
    public IStderr Stderr => Host.Stderr ??= Pick<IStderr>(Stdio);
    public ITerminalInput TerminalInput => Host.TerminalInput ??= Pick<ITerminalInput>(Terminal);
    public ITerminalOutput TerminalOutput => Host.TerminalOutput ??= Pick<ITerminalOutput>(Terminal);
    public ITerminalStdin TerminalStdin => Host.TerminalStdin ??= Pick<ITerminalStdin>(Terminal);
    public ITerminalStdout TerminalStdout => Host.TerminalStdout ??= Pick<ITerminalStdout>(Terminal);
    public ITerminalStderr TerminalStderr => Host.TerminalStderr ??= Pick<ITerminalStderr>(Terminal);
    public IWallClock WallClock => Host.WallClock ??= Pick<IWallClock>(new P2WallClock(Context));
    public IMonotonicClock MonotonicClock => Host.MonotonicClock ??= Pick<IMonotonicClock>(new P2MonotonicClock(this));
    public IRandom Random => Host.Random ??= Pick<IRandom>(new P2Random(Context));
    public IInsecure Insecure => Host.Insecure ??= Pick<IInsecure>(new P2InsecureRandom(Context));
    public IInsecureSeed InsecureSeed => Host.InsecureSeed ??= Pick<IInsecureSeed>(new P2InsecureSeed(Context));
    public IPoll Poll => Host.Poll ??= Pick<IPoll>(new P2Poll(this));
    public IError Error => Host.Error ??= Pick<IError>(new P2ErrorInterface());
    public IStreams Streams => Host.Streams ??= Pick<IStreams>(new P2StreamsInterface());
    public ITypes Types => Host.Types ??= Pick<ITypes>(new P2Types());
    public IPreopens Preopens => Host.Preopens ??= Pick<IPreopens>(new P2Preopens(this));
    public IInstanceNetwork InstanceNetwork => Host.InstanceNetwork ??= Pick<IInstanceNetwork>(Sockets);
    public INetwork Network => Host.Network ??= Pick<INetwork>(Sockets);
    public ITcpCreateSocket TcpCreateSocket => Host.TcpCreateSocket ??= Pick<ITcpCreateSocket>(Sockets);
    public ITcp Tcp => Host.Tcp ??= Pick<ITcp>(Sockets);
    public IUdpCreateSocket UdpCreateSocket => Host.UdpCreateSocket ??= Pick<IUdpCreateSocket>(Sockets);
    public IUdp Udp => Host.Udp ??= Pick<IUdp>(Sockets);
    public IIpNameLookup IpNameLookup => Host.IpNameLookup ??= Pick<IIpNameLookup>(Sockets);

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

    /// <summary>The implementations of the world's imports made so far (the properties above fill it).</summary>
    public CommandHost Host { get; } = new();
}
