using System;
using System.Collections.Generic;
using System.Linq;
using Oracle.Bindings;
using Wasmtime;
using Wasmtime.Components;
using WitBindgen.Runtime.Abi;

namespace Oracle.Tests;

/// <summary>What both paths share: the world, the guest as WAT, the guest as a component, one engine.</summary>
public sealed class OracleFixture : IDisposable
{
    public OracleFixture()
    {
        World = OracleWorld.Load();
        Wat = GuestModule.Wat(World);
        TodaysWit = OracleWorld.ForTodaysTools(World.WitText);
        var componentBytes = ComponentBuilder.Build(Wat, TodaysWit, OracleWorld.WorldName);
        Engine = new Engine(new Config().WithComponentModel(true));
        Module = Module.FromText(Engine, "oracle-guest", Wat);
        Component = Component.FromBytes(Engine, componentBytes);
    }

    internal OracleWorld World { get; }

    public string Wat { get; }

    public string TodaysWit { get; }

    public Engine Engine { get; }

    public Module Module { get; }

    public Component Component { get; }

    public void Dispose()
    {
        Component.Dispose();
        Module.Dispose();
        Engine.Dispose();
    }
}

/// <summary>What one call through either path produced.</summary>
internal sealed record Outcome(object?[] Received, object? Returned, ulong Trace, IReadOnlyList<ulong> Log);

/// <summary>Path A: the core module on Wasmtime's core API, through WitBindgen's generated glue.</summary>
internal sealed class CorePath : IDisposable
{
    private readonly Store _store;
    private readonly RecordingHost _host = new();
    private readonly GuestExports _guest;

    public CorePath(OracleFixture fixture)
    {
        _store = new Store(fixture.Engine);
        using var linker = new Linker(fixture.Engine);
        var context = new GuestContext();
        new OracleHost { Host = _host }.AddToLinker(linker, context);
        var instance = linker.Instantiate(_store, fixture.Module);
        _guest = new GuestExports(instance, context);
    }

    public Outcome Call(OracleFunction function, object?[] args, object? prepared)
    {
        _guest.Reset();
        _host.Received = null;
        _host.Prepared = prepared;
        var returned = function.CallGuest(_guest, args);
        var received = _host.Received ?? throw new InvalidOperationException($"{function.Name}: the host was not called");
        return new Outcome(received, returned, _guest.Trace(), _guest.TraceLog());
    }

    public void Dispose() => _store.Dispose();
}

/// <summary>Path B: the same core module as a component made by today's wit-component, on Wasmtime's component API.</summary>
internal sealed class ComponentPath : IDisposable
{
    private readonly Store _store;
    private readonly ComponentLinker _linker;
    private readonly ComponentFunction _reset;
    private readonly ComponentFunction _trace;
    private readonly ComponentFunction _traceLog;
    private readonly Dictionary<string, ComponentFunction> _exports = new();
    private object?[]? _received;
    private object? _prepared;
    private bool _canonicalNaN;
    private OracleFunction? _expected;

    public ComponentPath(OracleFixture fixture)
    {
        _linker = new ComponentLinker(fixture.Engine);
        using (var root = _linker.Root())
        using (var host = root.AddInstance(OracleWorld.HostInterface))
        {
            foreach (var function in OracleFunctions.All)
            {
                host.DefineFunction(function.Name, (arguments, results) =>
                {
                    if (_expected != function) throw new InvalidOperationException($"the guest called {function.Name}, not {_expected?.Name}");
                    if (arguments.Length != function.Params.Length)
                        throw new InvalidOperationException($"{function.Name}: {arguments.Length} arguments");
                    var received = new object?[arguments.Length];
                    for (int i = 0; i < received.Length; i++) received[i] = function.Params[i].FromComponent(arguments[i]);
                    _received = received;
                    if (results.Length != (function.Result is null ? 0 : 1))
                        throw new InvalidOperationException($"{function.Name}: {results.Length} results");
                    if (function.Result is { } result)
                    {
                        var value = result.ToComponent(_prepared);
                        results[0] = _canonicalNaN ? Cv.CanonicalNaN(value) : value;
                    }
                });
            }
        }
        _store = new Store(fixture.Engine);
        var instance = _linker.Instantiate(_store, fixture.Component);
        ComponentFunction Export(string name) =>
            instance.GetFunction(OracleWorld.GuestInterface, name) ?? throw new InvalidOperationException($"the component exports no {OracleWorld.GuestInterface}.{name}");
        _reset = Export("reset");
        _trace = Export("trace");
        _traceLog = Export("trace-log");
        foreach (var function in OracleFunctions.All) _exports[function.Name] = Export(function.Name);
    }

    /// <summary>
    /// Calls the export with <paramref name="args"/>; the host returns <paramref name="prepared"/>. With
    /// <paramref name="canonicalNaN"/>, every NaN in both is made canonical first, which Wasmtime does not do.
    /// </summary>
    public Outcome Call(OracleFunction function, object?[] args, object? prepared, bool canonicalNaN)
    {
        _reset.Call();
        _received = null;
        _prepared = prepared;
        _canonicalNaN = canonicalNaN;
        _expected = function;
        var export = _exports[function.Name];
        var values = args.Select((a, i) => function.Params[i].ToComponent(a)).ToArray();
        if (canonicalNaN) values = values.Select(Cv.CanonicalNaN).ToArray();
        var value = export.Call(values);
        object? returned = null;
        if (function.Result is { } result)
            returned = result.FromComponent(value ?? throw new InvalidOperationException($"{function.Name} returned nothing"));
        else if (value is not null) throw new InvalidOperationException($"{function.Name} returned {value}");
        var received = _received ?? throw new InvalidOperationException($"{function.Name}: the host was not called");
        var trace = _trace.Call() ?? throw new InvalidOperationException("trace returned nothing");
        var log = Cv.List(_traceLog.Call() ?? throw new InvalidOperationException("trace-log returned nothing"), v => v.AsU64());
        return new Outcome(received, returned, trace.AsU64(), log);
    }

    public void Dispose()
    {
        _store.Dispose();
        _linker.Dispose();
    }
}
