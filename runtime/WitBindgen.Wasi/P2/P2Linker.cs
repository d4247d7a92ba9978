using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using Wasmtime;

namespace WitBindgen.Wasi.P2;

using WitBindgen.Wasi.P2.Bindings;

/// <summary>
/// The linkers of the WASI 0.2 face, made once per <see cref="WasiLinker"/> (so once per engine for the shared one):
/// every import of <c>wasi:cli/command@0.2.12</c> under its 0.2.12 and <c>cm32p2|…@0.2</c> names, each call finding
/// its store's <see cref="P2Face"/>. A guest built against an older 0.2.x imports <c>wasi:io/streams@0.2.6</c> and
/// the like: it gets a linker that also defines those interfaces under its names (one per set of such names, made
/// on first use and kept), so the common linker never changes while instances of it run on other threads.
/// </summary>
internal sealed class P2Linker
{
    private static readonly ConditionalWeakTable<WasiLinker, P2Linker> PerWasiLinker = new();

    /// <summary>
    /// Each interface of the world by id, with how to define it under a given module name.
    /// </summary>
    internal static readonly IReadOnlyDictionary<string, Action<Linker, string>> Interfaces = new Dictionary<string, Action<Linker, string>>(StringComparer.Ordinal)
    {
        ["wasi:cli/environment"] = (l, m) => WitEnvironment.AddToLinker<WasiStoreData>(l, d => Face(d).Environment, m),
        ["wasi:cli/exit"] = (l, m) => Bindings.Exit.AddToLinker<WasiStoreData>(l, d => Face(d).Exit, m),
        ["wasi:cli/stdin"] = (l, m) => Stdin.AddToLinker<WasiStoreData>(l, d => Face(d).Stdin, m),
        ["wasi:cli/stdout"] = (l, m) => Stdout.AddToLinker<WasiStoreData>(l, d => Face(d).Stdout, m),
        ["wasi:cli/stderr"] = (l, m) => Stderr.AddToLinker<WasiStoreData>(l, d => Face(d).Stderr, m),
        ["wasi:cli/terminal-input"] = (l, m) => TerminalInput.AddToLinker<WasiStoreData>(l, d => Face(d).TerminalInput, m),
        ["wasi:cli/terminal-output"] = (l, m) => TerminalOutput.AddToLinker<WasiStoreData>(l, d => Face(d).TerminalOutput, m),
        ["wasi:cli/terminal-stdin"] = (l, m) => TerminalStdin.AddToLinker<WasiStoreData>(l, d => Face(d).TerminalStdin, m),
        ["wasi:cli/terminal-stdout"] = (l, m) => TerminalStdout.AddToLinker<WasiStoreData>(l, d => Face(d).TerminalStdout, m),
        ["wasi:cli/terminal-stderr"] = (l, m) => TerminalStderr.AddToLinker<WasiStoreData>(l, d => Face(d).TerminalStderr, m),
        ["wasi:clocks/monotonic-clock"] = (l, m) => MonotonicClock.AddToLinker<WasiStoreData>(l, d => Face(d).MonotonicClock, m),
        ["wasi:clocks/wall-clock"] = (l, m) => WallClock.AddToLinker<WasiStoreData>(l, d => Face(d).WallClock, m),
        ["wasi:filesystem/types"] = (l, m) => Bindings.Types.AddToLinker<WasiStoreData>(l, d => Face(d).Types, m),
        ["wasi:filesystem/preopens"] = (l, m) => Preopens.AddToLinker<WasiStoreData>(l, d => Face(d).Preopens, m),
        ["wasi:sockets/instance-network"] = (l, m) => InstanceNetwork.AddToLinker<WasiStoreData>(l, d => Face(d).InstanceNetwork, m),
        ["wasi:sockets/network"] = (l, m) => Network.AddToLinker<WasiStoreData>(l, d => Face(d).Network, m),
        ["wasi:sockets/udp"] = (l, m) => Udp.AddToLinker<WasiStoreData>(l, d => Face(d).Udp, m),
        ["wasi:sockets/udp-create-socket"] = (l, m) => UdpCreateSocket.AddToLinker<WasiStoreData>(l, d => Face(d).UdpCreateSocket, m),
        ["wasi:sockets/tcp"] = (l, m) => Tcp.AddToLinker<WasiStoreData>(l, d => Face(d).Tcp, m),
        ["wasi:sockets/tcp-create-socket"] = (l, m) => TcpCreateSocket.AddToLinker<WasiStoreData>(l, d => Face(d).TcpCreateSocket, m),
        ["wasi:sockets/ip-name-lookup"] = (l, m) => IpNameLookup.AddToLinker<WasiStoreData>(l, d => Face(d).IpNameLookup, m),
        ["wasi:random/random"] = (l, m) => WitRandom.AddToLinker<WasiStoreData>(l, d => Face(d).Random, m),
        ["wasi:random/insecure"] = (l, m) => Insecure.AddToLinker<WasiStoreData>(l, d => Face(d).Insecure, m),
        ["wasi:random/insecure-seed"] = (l, m) => InsecureSeed.AddToLinker<WasiStoreData>(l, d => Face(d).InsecureSeed, m),
        ["wasi:io/streams"] = (l, m) => Streams.AddToLinker<WasiStoreData>(l, d => Face(d).Streams, m),
        ["wasi:io/poll"] = (l, m) => Bindings.Poll.AddToLinker<WasiStoreData>(l, d => Face(d).Poll, m),
        ["wasi:io/error"] = (l, m) => Bindings.Error.AddToLinker<WasiStoreData>(l, d => Face(d).Error, m),
    };

    // Every call: the store's face, found once per store (Bind) and then kept in its data.
    private static P2Face Face(WasiStoreData data) => data.HotPath as P2Face ?? Bind(data);

    private static P2Face Bind(WasiStoreData data)
    {
        var face = data.Face<P2Face>().With(data.Guest);
        data.HotPath = face;
        return face;
    }

    private readonly Engine _engine;
    private readonly ConcurrentDictionary<string, Lazy<Linker>> _linkers = new(StringComparer.Ordinal);
    private readonly ConditionalWeakTable<Module, Linker> _byModule = new();
    private readonly ConditionalWeakTable<Module, Module> _checked = new();

    private P2Linker(Engine engine) => _engine = engine;

    /// <summary>The face's linkers for <paramref name="linker"/>'s engine, kept as long as <paramref name="linker"/> lives.</summary>
    public static P2Linker For(WasiLinker linker) => PerWasiLinker.GetValue(linker, l => new P2Linker(l.Engine));

    /// <summary>The linker that defines every WASI 0.2 import <paramref name="module"/> names, under its names.</summary>
    public Linker ForModule(Module module) => _byModule.GetValue(module, m => ForImports(m.Imports.Select(i => i.ModuleName)));

    /// <summary>
    /// Checks <paramref name="module"/>'s imports against its linker once per module, as <see cref="WasiLinker"/> does
    /// for the seed world (the check asks Wasmtime for every import: a cost each instantiation need not pay again).
    /// </summary>
    public Linker CheckedForModule(Module module, Store store)
    {
        var linker = ForModule(module);
        if (_checked.TryGetValue(module, out _)) return linker;
        WasiCommand.CheckImports(module, linker, store);
        _checked.AddOrUpdate(module, module);
        return linker;
    }

    /// <summary>The linker for a guest importing the modules <paramref name="importModules"/>.</summary>
    public Linker ForImports(IEnumerable<string> importModules)
    {
        var older = importModules.Where(name => P2Versions.IsCompatibleOlderName(name, out var id) && Interfaces.ContainsKey(id))
            .Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        var key = string.Join("\n", older);
        return _linkers.GetOrAdd(key, _ => new Lazy<Linker>(() => Make(older))).Value;
    }

    private Linker Make(IReadOnlyList<string> olderNames)
    {
        var linker = new Linker(_engine);
        foreach (var (id, define) in Interfaces) define(linker, id + "@" + P2Versions.HostVersion);
        foreach (var name in olderNames)
        {
            P2Versions.IsCompatibleOlderName(name, out var id);
            Interfaces[id](linker, name);
        }
        return linker;
    }
}
