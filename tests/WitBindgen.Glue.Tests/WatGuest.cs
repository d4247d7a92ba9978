using System;
using Wasmtime;
using WitBindgen.Runtime.Abi;

namespace WitBindgen.Glue.Tests;

/// <summary>
/// The tests' common start: a guest written in WAT, instantiated on an engine and linker of its own after
/// <c>define</c> put the generated glue on the linker, and a <see cref="GuestContext"/> bound to it.
/// </summary>
internal sealed class WatGuest : IDisposable
{
    private readonly Engine _engine = new();
    private readonly Store _store;
    private readonly Linker _linker;

    public WatGuest(string name, string wat, Action<Linker, GuestContext> define)
    {
        _store = new Store(_engine);
        _linker = new Linker(_engine);
        define(_linker, Context);
        using var module = Module.FromText(_engine, name, wat);
        Instance = _linker.Instantiate(_store, module);
        Context.Bind(Instance);
    }

    public Instance Instance { get; }

    public GuestContext Context { get; } = new();

    public Memory Memory => Instance.GetMemory("memory")!;

    public void Dispose()
    {
        _store.Dispose();
        _linker.Dispose();
        _engine.Dispose();
    }
}
