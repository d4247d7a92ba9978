using System;
using System.Collections.Generic;
using System.Linq;
using Oracle.Today.Bindings;
using Wasmtime;
using Wasmtime.Components;
using WitBindgen.Runtime.Abi;

namespace Oracle.Tests.Today;

/// <summary>
/// What both paths share for today's world: the world, one engine, and per naming (<c>legacy</c>, <c>cm32p2</c>) the
/// guest as WAT, as a core module and as a component made by jco 1.35.0.
/// </summary>
public sealed class TodayOracleFixture : IDisposable
{
    public static readonly string[] Namings = { "legacy", "cm32p2" };

    private readonly Dictionary<string, (string Wat, Module Module, Component Component)> _guests = new();

    public TodayOracleFixture()
    {
        World = TodayWorld.Load();
        Engine = new Engine(new Config().WithComponentModel(true));
        foreach (var naming in Namings)
        {
            var wat = World.Wat(naming);
            var component = ComponentBuilder.Build(wat, World.WitText, "oracle");
            _guests[naming] = (wat, Module.FromText(Engine, "today-oracle-" + naming, wat), Component.FromBytes(Engine, component));
        }
    }

    internal TodayWorld World { get; }

    public Engine Engine { get; }

    public string Wat(string naming) => _guests[naming].Wat;

    public Module ModuleOf(string naming) => _guests[naming].Module;

    public Component ComponentOf(string naming) => _guests[naming].Component;

    public void Dispose()
    {
        foreach (var (_, module, component) in _guests.Values)
        {
            component.Dispose();
            module.Dispose();
        }
        Engine.Dispose();
    }
}

/// <summary>Path A for today's world: the core module on Wasmtime's core API, through WitBindgen's generated glue.</summary>
internal sealed class TodayCorePath : IDisposable
{
    private readonly Store _store;
    private readonly TodayRecordingHost _host = new();
    private readonly IfaceExportExports _guest;
    private readonly OracleExports _world;
    private readonly ControlExports _control;

    public TodayCorePath(TodayOracleFixture fixture, string naming)
    {
        _store = new Store(fixture.Engine);
        using var linker = new Linker(fixture.Engine);
        var context = new GuestContext();
        new OracleHost { Iface = _host, Functions = _host }.AddToLinker(linker, context);
        var instance = linker.Instantiate(_store, fixture.ModuleOf(naming));
        _guest = new IfaceExportExports(instance, context);
        _world = new OracleExports(instance, context);
        _control = new ControlExports(instance, context);
    }

    public Outcome Call(TodayFunction function, object?[] args, object? prepared)
    {
        _control.Reset();
        _host.Received = null;
        _host.Prepared = prepared;
        var returned = function.CallGuest(_guest, _world, args);
        var received = _host.Received ?? throw new InvalidOperationException($"{function.Name}: the host was not called");
        return new Outcome(received, returned, _control.Trace(), _control.TraceLog());
    }

    public void Dispose() => _store.Dispose();
}

/// <summary>Path B for today's world: the guest as a component made by jco 1.35.0, on Wasmtime's component API.</summary>
internal sealed class TodayComponentPath : IDisposable
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
    private TodayFunction? _expected;

    public TodayComponentPath(TodayOracleFixture fixture, string naming)
    {
        _linker = new ComponentLinker(fixture.Engine);
        ComponentFunctionCallback Host(TodayFunction function) => (arguments, results) =>
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
        };
        using (var root = _linker.Root())
        {
            using (var host = root.AddInstance(TodayWorld.IfaceKey))
            {
                foreach (var function in TodayFunctions.All.Where(f => !f.IsWorld)) host.DefineFunction(function.Name, Host(function));
            }
            // The world's own imports are on the root, defined once the interface's instance is done with.
            foreach (var function in TodayFunctions.All.Where(f => f.IsWorld)) root.DefineFunction(function.Name, Host(function));
        }
        _store = new Store(fixture.Engine);
        var instance = _linker.Instantiate(_store, fixture.ComponentOf(naming));
        ComponentFunction Export(string iface, string name) =>
            instance.GetFunction(iface, name) ?? throw new InvalidOperationException($"the component exports no {iface}.{name}");
        _reset = Export(TodayWorld.ControlKey, "reset");
        _trace = Export(TodayWorld.ControlKey, "trace");
        _traceLog = Export(TodayWorld.ControlKey, "trace-log");
        foreach (var function in TodayFunctions.All)
        {
            _exports[function.Name] = function.IsWorld
                ? instance.GetFunction(function.Name) ?? throw new InvalidOperationException($"the component exports no {function.Name}")
                : Export(TodayWorld.IfaceKey, function.Name);
        }
    }

    /// <summary>
    /// Calls the export with <paramref name="args"/>; the host returns <paramref name="prepared"/>. With
    /// <paramref name="canonicalNaN"/>, every NaN in both is made canonical first, which Wasmtime does not do.
    /// </summary>
    public Outcome Call(TodayFunction function, object?[] args, object? prepared, bool canonicalNaN)
    {
        _reset.Call();
        _received = null;
        _prepared = prepared;
        _canonicalNaN = canonicalNaN;
        _expected = function;
        var values = args.Select((a, i) => function.Params[i].ToComponent(a)).ToArray();
        if (canonicalNaN) values = values.Select(Cv.CanonicalNaN).ToArray();
        var value = _exports[function.Name].Call(values);
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
