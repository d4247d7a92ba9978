using System;
using Wasmtime;

namespace WitBindgen.Runtime.Abi;

/// <summary>
/// Defines generated host functions on a linker for one way of finding their implementation: the generated glue lists
/// an interface's functions once, as static host delegates <c>(implementation, context, flat arguments…)</c>, generic
/// over a struct definer, and each definer wraps them in the callback its linker needs — a plain callback over a fixed
/// implementation (<see cref="FixedHostDefiner{T}"/>), or one that reads the calling store's data
/// (<see cref="StoreDataHostDefiner{TData, T}"/>). One method per number of flat parameters Wasmtime types (0–12), with
/// and without a result; <see cref="Untyped"/> beyond.
/// </summary>
/// <typeparam name="T">The C# interface of the imported WIT interface.</typeparam>
public interface IHostDefiner<T> where T : class
{
    /// <summary>Defines <paramref name="module"/> <paramref name="name"/> as <paramref name="host"/>; <paramref name="function"/> names it in traps.</summary>
    void Action(Linker linker, string module, string name, string function, Action<T, GuestContext> host);

    /// <summary>Defines <paramref name="module"/> <paramref name="name"/> as <paramref name="host"/>; <paramref name="function"/> names it in traps.</summary>
    void Action<T1>(Linker linker, string module, string name, string function, Action<T, GuestContext, T1> host) where T1 : struct;

    /// <summary>Defines <paramref name="module"/> <paramref name="name"/> as <paramref name="host"/>; <paramref name="function"/> names it in traps.</summary>
    void Action<T1, T2>(Linker linker, string module, string name, string function, Action<T, GuestContext, T1, T2> host) where T1 : struct where T2 : struct;

    /// <summary>Defines <paramref name="module"/> <paramref name="name"/> as <paramref name="host"/>; <paramref name="function"/> names it in traps.</summary>
    void Action<T1, T2, T3>(Linker linker, string module, string name, string function, Action<T, GuestContext, T1, T2, T3> host) where T1 : struct where T2 : struct where T3 : struct;

    /// <summary>Defines <paramref name="module"/> <paramref name="name"/> as <paramref name="host"/>; <paramref name="function"/> names it in traps.</summary>
    void Action<T1, T2, T3, T4>(Linker linker, string module, string name, string function, Action<T, GuestContext, T1, T2, T3, T4> host) where T1 : struct where T2 : struct where T3 : struct where T4 : struct;

    /// <summary>Defines <paramref name="module"/> <paramref name="name"/> as <paramref name="host"/>; <paramref name="function"/> names it in traps.</summary>
    void Action<T1, T2, T3, T4, T5>(Linker linker, string module, string name, string function, Action<T, GuestContext, T1, T2, T3, T4, T5> host) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct;

    /// <summary>Defines <paramref name="module"/> <paramref name="name"/> as <paramref name="host"/>; <paramref name="function"/> names it in traps.</summary>
    void Action<T1, T2, T3, T4, T5, T6>(Linker linker, string module, string name, string function, Action<T, GuestContext, T1, T2, T3, T4, T5, T6> host) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct;

    /// <summary>Defines <paramref name="module"/> <paramref name="name"/> as <paramref name="host"/>; <paramref name="function"/> names it in traps.</summary>
    void Action<T1, T2, T3, T4, T5, T6, T7>(Linker linker, string module, string name, string function, Action<T, GuestContext, T1, T2, T3, T4, T5, T6, T7> host) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct;

    /// <summary>Defines <paramref name="module"/> <paramref name="name"/> as <paramref name="host"/>; <paramref name="function"/> names it in traps.</summary>
    void Action<T1, T2, T3, T4, T5, T6, T7, T8>(Linker linker, string module, string name, string function, Action<T, GuestContext, T1, T2, T3, T4, T5, T6, T7, T8> host) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct where T8 : struct;

    /// <summary>Defines <paramref name="module"/> <paramref name="name"/> as <paramref name="host"/>; <paramref name="function"/> names it in traps.</summary>
    void Action<T1, T2, T3, T4, T5, T6, T7, T8, T9>(Linker linker, string module, string name, string function, Action<T, GuestContext, T1, T2, T3, T4, T5, T6, T7, T8, T9> host) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct where T8 : struct where T9 : struct;

    /// <summary>Defines <paramref name="module"/> <paramref name="name"/> as <paramref name="host"/>; <paramref name="function"/> names it in traps.</summary>
    void Action<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10>(Linker linker, string module, string name, string function, Action<T, GuestContext, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10> host) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct where T8 : struct where T9 : struct where T10 : struct;

    /// <summary>Defines <paramref name="module"/> <paramref name="name"/> as <paramref name="host"/>; <paramref name="function"/> names it in traps.</summary>
    void Action<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11>(Linker linker, string module, string name, string function, Action<T, GuestContext, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11> host) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct where T8 : struct where T9 : struct where T10 : struct where T11 : struct;

    /// <summary>Defines <paramref name="module"/> <paramref name="name"/> as <paramref name="host"/>; <paramref name="function"/> names it in traps.</summary>
    void Action<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12>(Linker linker, string module, string name, string function, Action<T, GuestContext, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12> host) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct where T8 : struct where T9 : struct where T10 : struct where T11 : struct where T12 : struct;

    /// <summary>Defines <paramref name="module"/> <paramref name="name"/> as <paramref name="host"/>; <paramref name="function"/> names it in traps.</summary>
    void Func<TResult>(Linker linker, string module, string name, string function, Func<T, GuestContext, TResult> host) where TResult : struct;

    /// <summary>Defines <paramref name="module"/> <paramref name="name"/> as <paramref name="host"/>; <paramref name="function"/> names it in traps.</summary>
    void Func<T1, TResult>(Linker linker, string module, string name, string function, Func<T, GuestContext, T1, TResult> host) where T1 : struct where TResult : struct;

    /// <summary>Defines <paramref name="module"/> <paramref name="name"/> as <paramref name="host"/>; <paramref name="function"/> names it in traps.</summary>
    void Func<T1, T2, TResult>(Linker linker, string module, string name, string function, Func<T, GuestContext, T1, T2, TResult> host) where T1 : struct where T2 : struct where TResult : struct;

    /// <summary>Defines <paramref name="module"/> <paramref name="name"/> as <paramref name="host"/>; <paramref name="function"/> names it in traps.</summary>
    void Func<T1, T2, T3, TResult>(Linker linker, string module, string name, string function, Func<T, GuestContext, T1, T2, T3, TResult> host) where T1 : struct where T2 : struct where T3 : struct where TResult : struct;

    /// <summary>Defines <paramref name="module"/> <paramref name="name"/> as <paramref name="host"/>; <paramref name="function"/> names it in traps.</summary>
    void Func<T1, T2, T3, T4, TResult>(Linker linker, string module, string name, string function, Func<T, GuestContext, T1, T2, T3, T4, TResult> host) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where TResult : struct;

    /// <summary>Defines <paramref name="module"/> <paramref name="name"/> as <paramref name="host"/>; <paramref name="function"/> names it in traps.</summary>
    void Func<T1, T2, T3, T4, T5, TResult>(Linker linker, string module, string name, string function, Func<T, GuestContext, T1, T2, T3, T4, T5, TResult> host) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where TResult : struct;

    /// <summary>Defines <paramref name="module"/> <paramref name="name"/> as <paramref name="host"/>; <paramref name="function"/> names it in traps.</summary>
    void Func<T1, T2, T3, T4, T5, T6, TResult>(Linker linker, string module, string name, string function, Func<T, GuestContext, T1, T2, T3, T4, T5, T6, TResult> host) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where TResult : struct;

    /// <summary>Defines <paramref name="module"/> <paramref name="name"/> as <paramref name="host"/>; <paramref name="function"/> names it in traps.</summary>
    void Func<T1, T2, T3, T4, T5, T6, T7, TResult>(Linker linker, string module, string name, string function, Func<T, GuestContext, T1, T2, T3, T4, T5, T6, T7, TResult> host) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct where TResult : struct;

    /// <summary>Defines <paramref name="module"/> <paramref name="name"/> as <paramref name="host"/>; <paramref name="function"/> names it in traps.</summary>
    void Func<T1, T2, T3, T4, T5, T6, T7, T8, TResult>(Linker linker, string module, string name, string function, Func<T, GuestContext, T1, T2, T3, T4, T5, T6, T7, T8, TResult> host) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct where T8 : struct where TResult : struct;

    /// <summary>Defines <paramref name="module"/> <paramref name="name"/> as <paramref name="host"/>; <paramref name="function"/> names it in traps.</summary>
    void Func<T1, T2, T3, T4, T5, T6, T7, T8, T9, TResult>(Linker linker, string module, string name, string function, Func<T, GuestContext, T1, T2, T3, T4, T5, T6, T7, T8, T9, TResult> host) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct where T8 : struct where T9 : struct where TResult : struct;

    /// <summary>Defines <paramref name="module"/> <paramref name="name"/> as <paramref name="host"/>; <paramref name="function"/> names it in traps.</summary>
    void Func<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, TResult>(Linker linker, string module, string name, string function, Func<T, GuestContext, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, TResult> host) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct where T8 : struct where T9 : struct where T10 : struct where TResult : struct;

    /// <summary>Defines <paramref name="module"/> <paramref name="name"/> as <paramref name="host"/>; <paramref name="function"/> names it in traps.</summary>
    void Func<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, TResult>(Linker linker, string module, string name, string function, Func<T, GuestContext, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, TResult> host) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct where T8 : struct where T9 : struct where T10 : struct where T11 : struct where TResult : struct;

    /// <summary>Defines <paramref name="module"/> <paramref name="name"/> as <paramref name="host"/>; <paramref name="function"/> names it in traps.</summary>
    void Func<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, TResult>(Linker linker, string module, string name, string function, Func<T, GuestContext, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, TResult> host) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct where T8 : struct where T9 : struct where T10 : struct where T11 : struct where T12 : struct where TResult : struct;

    /// <summary>Defines a function of more flat parameters or results than Wasmtime's typed callbacks take.</summary>
    void Untyped(Linker linker, string module, string name, string function, UntypedHost<T> host, ValueKind[] parameters, ValueKind[] results);
}

/// <summary>A generated host function called through Wasmtime's untyped callback.</summary>
public delegate void UntypedHost<in T>(T implementation, GuestContext context, ReadOnlySpan<ValueBox> arguments, Span<ValueBox> results) where T : class;
