using System;
using System.IO;
using System.Reflection;
using System.Runtime.CompilerServices;
using Wasmtime;
using WitBindgen.Runtime.Abi;

namespace WitBindgen.Consumer.Tests;

/// <summary>An implementation of any generated interface whose every method throws: for imports a test does not call.</summary>
public class Unimplemented : DispatchProxy
{
    public static T Create<T>() where T : class => DispatchProxy.Create<T, Unimplemented>();

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
        throw new NotSupportedException($"{targetMethod?.DeclaringType?.Name}.{targetMethod?.Name} is not implemented in this test");
}

/// <summary>One guest instance: engine, store, linker and the generated glue's context.</summary>
public sealed class Guest : IDisposable
{
    public Guest(string wat, Action<Linker, GuestContext> define)
    {
        Engine = new Engine();
        Store = new Store(Engine);
        Linker = new Linker(Engine);
        Context = new GuestContext();
        define(Linker, Context);
        using var module = Wasmtime.Module.FromText(Engine, "guest", wat);
        Instance = Linker.Instantiate(Store, module);
        Context.Bind(Instance);
    }

    public Engine Engine { get; }
    public Store Store { get; }
    public Linker Linker { get; }
    public GuestContext Context { get; }
    public Instance Instance { get; }

    public Memory Memory => Instance.GetMemory("memory")!;

    public void Dispose()
    {
        Store.Dispose();
        Linker.Dispose();
        Engine.Dispose();
    }

    /// <summary>The standard prelude of our WAT guests: one page of memory and a bump allocator from 0x8000.</summary>
    public const string Prelude = """
          (memory (export "memory") 1)
          (global $bump (mut i32) (i32.const 0x8000))
          (func (export "cabi_realloc") (param $old i32) (param $old_size i32) (param $align i32) (param $size i32) (result i32)
            (local $p i32)
            (local.set $p (i32.and (i32.add (global.get $bump) (i32.sub (local.get $align) (i32.const 1)))
                                   (i32.sub (i32.const 0) (local.get $align))))
            (global.set $bump (i32.add (local.get $p) (local.get $size)))
            (local.get $p))
        """;

    public static string RepositoryFile(string relative, [CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", relative));
}
