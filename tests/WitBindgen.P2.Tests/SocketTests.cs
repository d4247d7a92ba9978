using System;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Wasmtime;
using WitBindgen.Wasi;
using WitBindgen.Wasi.P2;
using Xunit;
using Xunit.Abstractions;

namespace WitBindgen.P2.Tests;

/// <summary>
/// wasi:sockets 0.2 on our face (<see cref="WasiP2Command"/>): guests/sockets.c, a C guest importing the socket
/// interfaces directly, on real sockets on 127.0.0.1 and ::1 against .NET peers (a guest server with a .NET client,
/// a guest client with a .NET listener, UDP both ways), the state machines and argument checks, name lookups, the
/// network policy and the host-resource budget. Where Wasmtime's own WASI 0.2 can run the same guest — Wasmtime
/// .NET 50.0.1's <c>WasiConfiguration</c> has no network settings, so its sockets may be created but every address
/// is refused and lookups are off — both run it and must print the same, or both trap.
/// </summary>
public sealed class SocketTests : IClassFixture<P2Fixture>
{
    private readonly P2Fixture _fixture;
    private readonly ITestOutputHelper _output;

    public SocketTests(P2Fixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    /// <summary>Sockets may be created, but no address may be used; no lookups.</summary>
    private static readonly WasiNetworkPolicy NoAddress = new() { AllowTcp = true, AllowUdp = true, AddressCheck = (_, _) => false };

    /// <summary>Everything allowed.</summary>
    private static readonly WasiNetworkPolicy Everything = new() { AllowTcp = true, AllowUdp = true, AllowIpNameLookup = true };

    /// <summary>Everything on the loopback (both families), nothing elsewhere.</summary>
    private static readonly WasiNetworkPolicy Loopback = new()
    {
        AllowTcp = true, AllowUdp = true, AllowIpNameLookup = true, AddressCheck = (endpoint, _) => IPAddress.IsLoopback(endpoint.Address),
    };

    private sealed record Run(int Status, string Stdout, string? Trap);

    /// <summary>Starts the guest with <paramref name="args"/> on our face; <paramref name="stdout"/> can be watched while it runs.</summary>
    private Task<Run> Start(WasiNetworkPolicy policy, MemoryOutputPipe stdout, int? hostResources, params string[] args)
    {
        var module = _fixture.Module("sockets.wasm");
        return Task.Run(() =>
        {
            var builder = new WasiContextBuilder().Args(["sockets", .. args]).Stdout(stdout).Stderr(new MemoryOutputPipe()).Network(policy);
            if (hostResources is { } limit) builder = builder.MaxOpenHostResources(limit);
            using var context = builder.Build();
            try
            {
                return new Run(WasiP2Command.Run(_fixture.Engine, module, context), stdout.Text, null);
            }
            catch (WasmtimeException e) when (e.ExitCode is null)
            {
                return new Run(-1, stdout.Text, e.Message);
            }
        });
    }

    private Run Ours(WasiNetworkPolicy policy, params string[] args) => Ours(policy, null, args);

    private Run Ours(WasiNetworkPolicy policy, int? hostResources, params string[] args)
    {
        var run = Start(policy, new MemoryOutputPipe(), hostResources, args).GetAwaiter().GetResult();
        _output.WriteLine($"ours: status {run.Status}, trap {run.Trap}\n{run.Stdout}");
        return run;
    }

    private Outcome Wasmtimes(params string[] args) => Runs.InFreshDirectory(dir =>
        Runs.Wasmtime(_fixture.Engine, _fixture.Component("sockets.component.wasm"), RunSpec.Of(["sockets", .. args]), dir));

    /// <summary>
    /// Wasmtime .NET 50.0.1 gives a WASI 0.2 component no network at all: no TCP or UDP socket may be created and
    /// lookups fail. Our default policy (<see cref="WasiNetworkPolicy.Deny"/>) is the same, and must answer the same.
    /// </summary>
    [Fact]
    public void WithoutNetworkSameAsWasmtimesOwn()
    {
        var ours = Ours(WasiNetworkPolicy.Deny, "denied");
        var theirs = Wasmtimes("denied");
        _output.WriteLine($"wasmtime: status {theirs.Status}, trap {theirs.Trap}\n{theirs.Stdout}");
        Assert.Null(theirs.Trap);
        Assert.Null(ours.Trap);
        Assert.Equal(theirs.Stdout, ours.Stdout);
        Assert.Equal(theirs.Status, ours.Status);
        Assert.Contains("create-tcp-socket: access-denied", ours.Stdout);
        Assert.Contains("resolve localhost: permanent-resolver-failure", ours.Stdout);
    }

    [Theory]
    [InlineData("forged")]
    [InlineData("stale")]
    [InlineData("wrong-type")]
    public void BadSocketHandlesTrapAsInWasmtime(string scenario)
    {
        var ours = Ours(WasiNetworkPolicy.Deny, scenario);
        var theirs = Wasmtimes(scenario);
        _output.WriteLine($"wasmtime: status {theirs.Status}, trap {theirs.Trap}\n{theirs.Stdout}");
        Assert.NotNull(theirs.Trap);
        Assert.NotNull(ours.Trap);
        Assert.Equal("before\n", ours.Stdout);
        Assert.Equal(theirs.Stdout, ours.Stdout);
        Assert.Contains(scenario == "stale" ? "already dropped" : scenario == "forged" ? "never given" : "names a Pollable", ours.Trap);
    }

    /// <summary>Sockets allowed but every address refused: what the policy's address check answers, in wasmtime's order of checks.</summary>
    [Fact]
    public void RefusedAddresses()
    {
        var run = Ours(NoAddress, "denied");
        Assert.Null(run.Trap);
        Assert.Equal(NoAddressExpected, run.Stdout);
    }

    [Theory]
    [InlineData("udp-streams-twice", "not dropped yet")]
    [InlineData("send-unpermitted", "check-send was not called first")]
    public void BreachesOfTheUdpContractTrap(string scenario, string why)
    {
        var ours = Ours(Loopback, scenario);
        Assert.Equal("before\n", ours.Stdout);
        Assert.Contains(why, ours.Trap);
    }

    [Fact]
    public void StateMachinesAndArgumentChecksOnTheLoopback()
    {
        var run = Ours(Everything, "states");
        Assert.Null(run.Trap);
        Assert.Equal(0, run.Status);
        var expectedTcp = """
            start-bind other family: invalid-argument
            start-bind multicast: invalid-argument
            {0}
            start-listen unbound: invalid-state
            start-bind: ok
            start-bind again: invalid-state
            local-address while binding: invalid-state
            finish-bind: ok
            finish-bind again: not-in-progress
            bound to a port yes
            start-listen: ok
            start-listen again: invalid-state
            local-address while listening starts: invalid-state
            finish-listen: ok
            finish-listen again: not-in-progress
            is-listening 1
            start-bind taken port: address-in-use
            accept none pending: would-block
            backlog while listening: ok
            start-connect on listener: invalid-state
            start-bind on listener: invalid-state
            start-connect unspecified: invalid-argument
            start-connect port 0: invalid-argument
            start-connect other family: invalid-argument
            start-connect: ok
            start-connect again: concurrency-conflict
            finish-connect: ok
            finish-connect again: not-in-progress
            start-connect when connected: invalid-state
            remote-address: ok
            remote port is the listener's yes
            hop-limit when connected: ok
            accept: ok
            accepted peer is the client yes
            accepted is-listening 0
            shutdown send: ok
            write after shutdown: closed
            server read ping
            shutdown both: ok
            read after shutdown: closed
            client read pong
            start-connect to a closed port: ok
            finish-connect: connection-refused
            local-address after failure: invalid-state
            start-connect after failure: invalid-state
            finish-connect after failure: not-in-progress
            """;
        var expectedUdp = """
            start-bind other family: invalid-argument
            start-bind: ok
            start-bind again: invalid-state
            local-address while binding: invalid-state
            finish-bind: ok
            stream: ok
            remote-address unconnected: invalid-state
            stream to a: ok
            remote-address: ok
            b's remote is a yes
            check-send 16
            send: ok 1
            send elsewhere: invalid-argument
            send too large: datagram-too-large
            receive 0: 0
            a received 1: hi a, from b yes
            a sends to b: ok
            send other family: invalid-argument
            send without address: invalid-argument
            b received 1: hi b
            stream again unconnected: ok
            remote-address after: invalid-state
            """;
        var expected = "tcp ipv4\n" + expectedTcp.Replace("{0}", "start-bind broadcast: invalid-argument") + "\n"
            + "tcp ipv6\n" + expectedTcp.Replace("{0}", "start-bind v4-mapped: invalid-argument") + "\n"
            + "udp ipv4\n" + expectedUdp + "\nudp ipv6\n" + expectedUdp + "\n";
        Assert.Equal(expected, run.Stdout);
    }

    private static IPAddress LoopbackOf(string family) => family == "6" ? IPAddress.IPv6Loopback : IPAddress.Loopback;

    /// <summary>Waits for the guest to print "port N" (or to end, which fails the test).</summary>
    private static int PortPrinted(MemoryOutputPipe stdout, Task<Run> guest)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var text = stdout.Text;
            var line = text.Split('\n').FirstOrDefault(l => l.StartsWith("port ", StringComparison.Ordinal) && text.Contains(l + "\n"));
            if (line is not null) return int.Parse(line.AsSpan(5));
            if (guest.IsCompleted) throw new InvalidOperationException($"the guest ended without a port: {guest.Result}");
            // A guard against hanging the suite, not a timing assertion.
            if (watch.Elapsed > TimeSpan.FromMinutes(2)) throw new TimeoutException("no port printed");
            Thread.Sleep(2);
        }
    }

    [Theory]
    [InlineData("4")]
    [InlineData("6")]
    public async Task GuestServerEchoesADotnetClient(string family)
    {
        var stdout = new MemoryOutputPipe();
        var guest = Start(Loopback, stdout, null, "server", family);
        var port = PortPrinted(stdout, guest);
        using (var client = new Socket(LoopbackOf(family).AddressFamily, SocketType.Stream, ProtocolType.Tcp))
        {
            client.Connect(new IPEndPoint(LoopbackOf(family), port));
            Assert.Equal(new IPEndPoint(LoopbackOf(family), port), client.RemoteEndPoint);
            using var stream = new NetworkStream(client);
            using var reader = new System.IO.StreamReader(stream);
            client.Send(Encoding.UTF8.GetBytes("hello from dotnet"));
            client.Shutdown(SocketShutdown.Send);
            Assert.Equal("echo:hello from dotnet", reader.ReadToEnd());
        }
        var run = await guest;
        _output.WriteLine(run.Stdout);
        Assert.Null(run.Trap);
        Assert.Equal(0, run.Status);
        Assert.EndsWith("served 17 bytes\n", run.Stdout);
    }

    [Theory]
    [InlineData("4")]
    [InlineData("6")]
    public async Task GuestClientTalksToADotnetListener(string family)
    {
        using var listener = new Socket(LoopbackOf(family).AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(LoopbackOf(family), 0));
        listener.Listen();
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        var guest = Start(Loopback, new MemoryOutputPipe(), null, "client", family, port.ToString());
        var accepting = listener.AcceptAsync();
        Assert.Same(accepting, await Task.WhenAny(accepting, guest));
        using (var peer = await accepting)
        {
            Assert.Equal(LoopbackOf(family), ((IPEndPoint)peer.RemoteEndPoint!).Address);
            using var stream = new NetworkStream(peer);
            var bytes = new System.IO.MemoryStream();
            stream.CopyTo(bytes);
            var text = Encoding.UTF8.GetString(bytes.ToArray());
            Assert.Equal("hello from wasm", text);
            stream.Write(Encoding.UTF8.GetBytes(text.ToUpperInvariant()));
            peer.Shutdown(SocketShutdown.Send);
        }
        var run = await guest;
        _output.WriteLine(run.Stdout);
        Assert.Null(run.Trap);
        Assert.Equal("got: HELLO FROM WASM\n", run.Stdout);
    }

    [Theory]
    [InlineData("4")]
    [InlineData("6")]
    public async Task UdpDatagramsBothWays(string family)
    {
        using var peer = new Socket(LoopbackOf(family).AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(LoopbackOf(family), 0));
        var port = ((IPEndPoint)peer.LocalEndPoint!).Port;
        var guest = Start(Loopback, new MemoryOutputPipe(), null, "udp", family, port.ToString());
        var buffer = new byte[1024];
        var receiving = peer.ReceiveFromAsync(buffer, new IPEndPoint(family == "6" ? IPAddress.IPv6Any : IPAddress.Any, 0));
        Assert.Same(receiving, await Task.WhenAny(receiving, guest));
        var received = await receiving;
        var (count, from) = (received.ReceivedBytes, (IPEndPoint)received.RemoteEndPoint);
        Assert.Equal("datagram from wasm", Encoding.UTF8.GetString(buffer, 0, count));
        Assert.Equal(LoopbackOf(family), from.Address);
        peer.SendTo(Encoding.UTF8.GetBytes("DATAGRAM FROM DOTNET"), from);
        var run = await guest;
        _output.WriteLine(run.Stdout);
        Assert.Null(run.Trap);
        Assert.Equal("send: ok\ngot: DATAGRAM FROM DOTNET from the peer's port yes\n", run.Stdout);
    }

    [Fact]
    public void NameLookupOfLocalhostAndLiterals()
    {
        var run = Ours(Loopback, "lookup");
        Assert.Null(run.Trap);
        var lines = run.Stdout.Split('\n');
        // localhost resolves to a loopback address (which ones depends on the system's hosts file).
        Assert.StartsWith("resolve 'localhost': addresses", lines[0]);
        Assert.True(lines[0].Contains("127.0.0.1") || lines[0].Contains("::1"), lines[0]);
        Assert.Equal("resolve '127.0.0.1': addresses 127.0.0.1", lines[1]);
        Assert.Equal("resolve '[::1]': addresses ::1", lines[2]);
        Assert.Equal("resolve '::1': addresses ::1", lines[3]);
        Assert.Equal("resolve 'not a name!': invalid-argument", lines[4]);
        Assert.Equal("resolve '': invalid-argument", lines[5]);
    }

    /// <summary>A guest built against wasi:sockets@0.2.0 names links to the 0.2.12 face and runs the same.</summary>
    [Fact]
    public void AGuestOfWasi020LinksAndRuns()
    {
        var module = _fixture.Module("sockets-0.2.0.wasm");
        Assert.Contains(module.Imports, i => i.ModuleName == "wasi:sockets/tcp@0.2.0");
        var stdout = new MemoryOutputPipe();
        using (var context = new WasiContextBuilder().Args("sockets", "states").Stdout(stdout).Network(Everything).Build())
            Assert.Equal(0, WasiP2Command.Run(_fixture.Engine, module, context));
        Assert.Equal(Ours(Everything, "states").Stdout, stdout.Text);
    }

    [Fact]
    public void APolicyWithoutSocketsOrLookupsRefusesThem()
    {
        Assert.Equal("after 0 sockets: access-denied\n", Ours(WasiNetworkPolicy.Deny, "limit").Stdout);
        var lookups = Ours(WasiNetworkPolicy.Deny, "lookup").Stdout.TrimEnd('\n').Split('\n');
        Assert.Equal(6, lookups.Length);
        Assert.All(lookups, line => Assert.EndsWith(": permanent-resolver-failure", line));
        // Allowed sockets but refused addresses: the address check answers access-denied (as the oracle test shows too).
        var client = Ours(new WasiNetworkPolicy { AllowTcp = true, AllowUdp = true, AddressCheck = (e, use) => use != SocketAddressUse.TcpConnect }, "client", "4", "9");
        Assert.NotNull(client.Trap); // the guest traps on the refused connect it does not expect
    }

    private const string NoAddressFamilyExpected = """
        create-tcp-socket: ok
        address-family {0}
        finish-bind: not-in-progress
        finish-connect: not-in-progress
        finish-listen: not-in-progress
        start-bind: access-denied
        start-bind other family: access-denied
        start-connect: access-denied
        start-listen: invalid-state
        accept: invalid-state
        local-address: invalid-state
        remote-address: invalid-state
        is-listening 0
        shutdown: invalid-state
        backlog 0: invalid-argument
        backlog 64: ok
        keep-alive on: ok
        keep-alive 1
        idle 0: invalid-argument
        idle 30s: ok
        idle 30000000000
        interval 3s: ok
        interval 3000000000
        count 0: invalid-argument
        count 5: ok
        count 5
        hop-limit 0: invalid-argument
        hop-limit 42: ok
        hop-limit 42
        receive-buffer 0: invalid-argument
        receive-buffer 65536: ok
        receive-buffer 65536
        send-buffer 0: invalid-argument
        send-buffer 65536: ok
        send-buffer 65536
        subscribe ready 1
        udp ipv{1}
        address-family {0}
        finish-bind: not-in-progress
        stream unbound: invalid-state
        local-address: invalid-state
        remote-address: invalid-state
        start-bind: access-denied
        hop-limit 0: invalid-argument
        hop-limit 7: ok
        hop-limit 7
        receive-buffer 0: invalid-argument
        receive-buffer 65536: ok
        receive-buffer 65536
        send-buffer 65536: ok
        send-buffer 65536
        subscribe ready 1
        """;

    private static readonly string NoAddressExpected =
        "tcp ipv4\n" + string.Format(NoAddressFamilyExpected, 0, 4) + "\ntcp ipv6\n" + string.Format(NoAddressFamilyExpected, 1, 6) + "\n"
        + "resolve localhost: permanent-resolver-failure\nresolve 127.0.0.1: permanent-resolver-failure\n"
        + "resolve ::1: permanent-resolver-failure\nresolve not a name!: permanent-resolver-failure\n";

    [Fact]
    public void SocketsCountAgainstTheHostResourceBudget()
    {
        var run = Ours(Loopback, 5, "limit");
        Assert.Equal("after 5 sockets: new-socket-limit\n", run.Stdout);
    }
}
