using System;
using Wasmtime;

namespace WitBindgen.Runtime.Abi;

/// <summary>One implementation and guest context for every call: a linker used by one store.</summary>
public readonly struct FixedHostDefiner<T> : IHostDefiner<T> where T : class
{
    private readonly T _implementation;
    private readonly GuestContext _context;

    /// <summary>Calls <paramref name="implementation"/> with <paramref name="context"/> on every call.</summary>
    public FixedHostDefiner(T implementation, GuestContext context)
    {
        ArgumentNullException.ThrowIfNull(implementation);
        ArgumentNullException.ThrowIfNull(context);
        _implementation = implementation;
        _context = context;
    }

    /// <inheritdoc/>
    public void Action(Linker linker, string module, string name, string function, Action<T, GuestContext> host)
    {
        var (i, c) = (_implementation, _context);
        linker.DefineFunction(module, name, (Action)(() => host(i, c)));
    }

    /// <inheritdoc/>
    public void Action<T1>(Linker linker, string module, string name, string function, Action<T, GuestContext, T1> host) where T1 : struct
    {
        var (i, c) = (_implementation, _context);
        linker.DefineFunction(module, name, (Action<T1>)((a1) => host(i, c, a1)));
    }

    /// <inheritdoc/>
    public void Action<T1, T2>(Linker linker, string module, string name, string function, Action<T, GuestContext, T1, T2> host) where T1 : struct where T2 : struct
    {
        var (i, c) = (_implementation, _context);
        linker.DefineFunction(module, name, (Action<T1, T2>)((a1, a2) => host(i, c, a1, a2)));
    }

    /// <inheritdoc/>
    public void Action<T1, T2, T3>(Linker linker, string module, string name, string function, Action<T, GuestContext, T1, T2, T3> host) where T1 : struct where T2 : struct where T3 : struct
    {
        var (i, c) = (_implementation, _context);
        linker.DefineFunction(module, name, (Action<T1, T2, T3>)((a1, a2, a3) => host(i, c, a1, a2, a3)));
    }

    /// <inheritdoc/>
    public void Action<T1, T2, T3, T4>(Linker linker, string module, string name, string function, Action<T, GuestContext, T1, T2, T3, T4> host) where T1 : struct where T2 : struct where T3 : struct where T4 : struct
    {
        var (i, c) = (_implementation, _context);
        linker.DefineFunction(module, name, (Action<T1, T2, T3, T4>)((a1, a2, a3, a4) => host(i, c, a1, a2, a3, a4)));
    }

    /// <inheritdoc/>
    public void Action<T1, T2, T3, T4, T5>(Linker linker, string module, string name, string function, Action<T, GuestContext, T1, T2, T3, T4, T5> host) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct
    {
        var (i, c) = (_implementation, _context);
        linker.DefineFunction(module, name, (Action<T1, T2, T3, T4, T5>)((a1, a2, a3, a4, a5) => host(i, c, a1, a2, a3, a4, a5)));
    }

    /// <inheritdoc/>
    public void Action<T1, T2, T3, T4, T5, T6>(Linker linker, string module, string name, string function, Action<T, GuestContext, T1, T2, T3, T4, T5, T6> host) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct
    {
        var (i, c) = (_implementation, _context);
        linker.DefineFunction(module, name, (Action<T1, T2, T3, T4, T5, T6>)((a1, a2, a3, a4, a5, a6) => host(i, c, a1, a2, a3, a4, a5, a6)));
    }

    /// <inheritdoc/>
    public void Action<T1, T2, T3, T4, T5, T6, T7>(Linker linker, string module, string name, string function, Action<T, GuestContext, T1, T2, T3, T4, T5, T6, T7> host) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct
    {
        var (i, c) = (_implementation, _context);
        linker.DefineFunction(module, name, (Action<T1, T2, T3, T4, T5, T6, T7>)((a1, a2, a3, a4, a5, a6, a7) => host(i, c, a1, a2, a3, a4, a5, a6, a7)));
    }

    /// <inheritdoc/>
    public void Action<T1, T2, T3, T4, T5, T6, T7, T8>(Linker linker, string module, string name, string function, Action<T, GuestContext, T1, T2, T3, T4, T5, T6, T7, T8> host) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct where T8 : struct
    {
        var (i, c) = (_implementation, _context);
        linker.DefineFunction(module, name, (Action<T1, T2, T3, T4, T5, T6, T7, T8>)((a1, a2, a3, a4, a5, a6, a7, a8) => host(i, c, a1, a2, a3, a4, a5, a6, a7, a8)));
    }

    /// <inheritdoc/>
    public void Action<T1, T2, T3, T4, T5, T6, T7, T8, T9>(Linker linker, string module, string name, string function, Action<T, GuestContext, T1, T2, T3, T4, T5, T6, T7, T8, T9> host) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct where T8 : struct where T9 : struct
    {
        var (i, c) = (_implementation, _context);
        linker.DefineFunction(module, name, (Action<T1, T2, T3, T4, T5, T6, T7, T8, T9>)((a1, a2, a3, a4, a5, a6, a7, a8, a9) => host(i, c, a1, a2, a3, a4, a5, a6, a7, a8, a9)));
    }

    /// <inheritdoc/>
    public void Action<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10>(Linker linker, string module, string name, string function, Action<T, GuestContext, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10> host) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct where T8 : struct where T9 : struct where T10 : struct
    {
        var (i, c) = (_implementation, _context);
        linker.DefineFunction(module, name, (Action<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10>)((a1, a2, a3, a4, a5, a6, a7, a8, a9, a10) => host(i, c, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10)));
    }

    /// <inheritdoc/>
    public void Action<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11>(Linker linker, string module, string name, string function, Action<T, GuestContext, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11> host) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct where T8 : struct where T9 : struct where T10 : struct where T11 : struct
    {
        var (i, c) = (_implementation, _context);
        linker.DefineFunction(module, name, (Action<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11>)((a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11) => host(i, c, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11)));
    }

    /// <inheritdoc/>
    public void Action<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12>(Linker linker, string module, string name, string function, Action<T, GuestContext, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12> host) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct where T8 : struct where T9 : struct where T10 : struct where T11 : struct where T12 : struct
    {
        var (i, c) = (_implementation, _context);
        linker.DefineFunction(module, name, (Action<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12>)((a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12) => host(i, c, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12)));
    }

    /// <inheritdoc/>
    public void Func<TResult>(Linker linker, string module, string name, string function, Func<T, GuestContext, TResult> host) where TResult : struct
    {
        var (i, c) = (_implementation, _context);
        linker.DefineFunction(module, name, (Func<TResult>)(() => host(i, c)));
    }

    /// <inheritdoc/>
    public void Func<T1, TResult>(Linker linker, string module, string name, string function, Func<T, GuestContext, T1, TResult> host) where T1 : struct where TResult : struct
    {
        var (i, c) = (_implementation, _context);
        linker.DefineFunction(module, name, (Func<T1, TResult>)((a1) => host(i, c, a1)));
    }

    /// <inheritdoc/>
    public void Func<T1, T2, TResult>(Linker linker, string module, string name, string function, Func<T, GuestContext, T1, T2, TResult> host) where T1 : struct where T2 : struct where TResult : struct
    {
        var (i, c) = (_implementation, _context);
        linker.DefineFunction(module, name, (Func<T1, T2, TResult>)((a1, a2) => host(i, c, a1, a2)));
    }

    /// <inheritdoc/>
    public void Func<T1, T2, T3, TResult>(Linker linker, string module, string name, string function, Func<T, GuestContext, T1, T2, T3, TResult> host) where T1 : struct where T2 : struct where T3 : struct where TResult : struct
    {
        var (i, c) = (_implementation, _context);
        linker.DefineFunction(module, name, (Func<T1, T2, T3, TResult>)((a1, a2, a3) => host(i, c, a1, a2, a3)));
    }

    /// <inheritdoc/>
    public void Func<T1, T2, T3, T4, TResult>(Linker linker, string module, string name, string function, Func<T, GuestContext, T1, T2, T3, T4, TResult> host) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where TResult : struct
    {
        var (i, c) = (_implementation, _context);
        linker.DefineFunction(module, name, (Func<T1, T2, T3, T4, TResult>)((a1, a2, a3, a4) => host(i, c, a1, a2, a3, a4)));
    }

    /// <inheritdoc/>
    public void Func<T1, T2, T3, T4, T5, TResult>(Linker linker, string module, string name, string function, Func<T, GuestContext, T1, T2, T3, T4, T5, TResult> host) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where TResult : struct
    {
        var (i, c) = (_implementation, _context);
        linker.DefineFunction(module, name, (Func<T1, T2, T3, T4, T5, TResult>)((a1, a2, a3, a4, a5) => host(i, c, a1, a2, a3, a4, a5)));
    }

    /// <inheritdoc/>
    public void Func<T1, T2, T3, T4, T5, T6, TResult>(Linker linker, string module, string name, string function, Func<T, GuestContext, T1, T2, T3, T4, T5, T6, TResult> host) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where TResult : struct
    {
        var (i, c) = (_implementation, _context);
        linker.DefineFunction(module, name, (Func<T1, T2, T3, T4, T5, T6, TResult>)((a1, a2, a3, a4, a5, a6) => host(i, c, a1, a2, a3, a4, a5, a6)));
    }

    /// <inheritdoc/>
    public void Func<T1, T2, T3, T4, T5, T6, T7, TResult>(Linker linker, string module, string name, string function, Func<T, GuestContext, T1, T2, T3, T4, T5, T6, T7, TResult> host) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct where TResult : struct
    {
        var (i, c) = (_implementation, _context);
        linker.DefineFunction(module, name, (Func<T1, T2, T3, T4, T5, T6, T7, TResult>)((a1, a2, a3, a4, a5, a6, a7) => host(i, c, a1, a2, a3, a4, a5, a6, a7)));
    }

    /// <inheritdoc/>
    public void Func<T1, T2, T3, T4, T5, T6, T7, T8, TResult>(Linker linker, string module, string name, string function, Func<T, GuestContext, T1, T2, T3, T4, T5, T6, T7, T8, TResult> host) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct where T8 : struct where TResult : struct
    {
        var (i, c) = (_implementation, _context);
        linker.DefineFunction(module, name, (Func<T1, T2, T3, T4, T5, T6, T7, T8, TResult>)((a1, a2, a3, a4, a5, a6, a7, a8) => host(i, c, a1, a2, a3, a4, a5, a6, a7, a8)));
    }

    /// <inheritdoc/>
    public void Func<T1, T2, T3, T4, T5, T6, T7, T8, T9, TResult>(Linker linker, string module, string name, string function, Func<T, GuestContext, T1, T2, T3, T4, T5, T6, T7, T8, T9, TResult> host) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct where T8 : struct where T9 : struct where TResult : struct
    {
        var (i, c) = (_implementation, _context);
        linker.DefineFunction(module, name, (Func<T1, T2, T3, T4, T5, T6, T7, T8, T9, TResult>)((a1, a2, a3, a4, a5, a6, a7, a8, a9) => host(i, c, a1, a2, a3, a4, a5, a6, a7, a8, a9)));
    }

    /// <inheritdoc/>
    public void Func<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, TResult>(Linker linker, string module, string name, string function, Func<T, GuestContext, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, TResult> host) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct where T8 : struct where T9 : struct where T10 : struct where TResult : struct
    {
        var (i, c) = (_implementation, _context);
        linker.DefineFunction(module, name, (Func<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, TResult>)((a1, a2, a3, a4, a5, a6, a7, a8, a9, a10) => host(i, c, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10)));
    }

    /// <inheritdoc/>
    public void Func<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, TResult>(Linker linker, string module, string name, string function, Func<T, GuestContext, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, TResult> host) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct where T8 : struct where T9 : struct where T10 : struct where T11 : struct where TResult : struct
    {
        var (i, c) = (_implementation, _context);
        linker.DefineFunction(module, name, (Func<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, TResult>)((a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11) => host(i, c, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11)));
    }

    /// <inheritdoc/>
    public void Func<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, TResult>(Linker linker, string module, string name, string function, Func<T, GuestContext, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, TResult> host) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct where T8 : struct where T9 : struct where T10 : struct where T11 : struct where T12 : struct where TResult : struct
    {
        var (i, c) = (_implementation, _context);
        linker.DefineFunction(module, name, (Func<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, TResult>)((a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12) => host(i, c, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12)));
    }

    /// <inheritdoc/>
    public void Untyped(Linker linker, string module, string name, string function, UntypedHost<T> host, ValueKind[] parameters, ValueKind[] results)
    {
        var (i, c) = (_implementation, _context);
        linker.DefineFunction(module, name, (Caller caller, ReadOnlySpan<ValueBox> args, Span<ValueBox> res) => host(i, c, args, res), parameters, results);
    }
}
