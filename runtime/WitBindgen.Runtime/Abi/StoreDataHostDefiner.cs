using System;
using Wasmtime;

namespace WitBindgen.Runtime.Abi;

/// <summary>The implementation and guest context of the calling store, from its data: a linker shared by stores.</summary>
/// <typeparam name="TData">The data of every store instantiated with the linker.</typeparam>
/// <typeparam name="T">The C# interface of the imported WIT interface.</typeparam>
public readonly struct StoreDataHostDefiner<TData, T> : IHostDefiner<T> where TData : class, IGuestStoreData where T : class
{
    private readonly Func<TData, T> _select;

    /// <summary>Calls on each call what <paramref name="select"/> gives for the calling store's data.</summary>
    public StoreDataHostDefiner(Func<TData, T> select)
    {
        ArgumentNullException.ThrowIfNull(select);
        _select = select;
    }

    /// <inheritdoc/>
    public void Action(Linker linker, string module, string name, string function, Action<T, GuestContext> host)
    {
        var s = _select;
        linker.DefineFunction(module, name, (CallerAction)((caller) =>
        {
            var data = CanonicalAbi.StoreData<TData>(caller, function);
            host(s(data), data.Guest);
        }));
    }

    /// <inheritdoc/>
    public void Action<T1>(Linker linker, string module, string name, string function, Action<T, GuestContext, T1> host) where T1 : struct
    {
        var s = _select;
        linker.DefineFunction(module, name, (CallerAction<T1>)((caller, a1) =>
        {
            var data = CanonicalAbi.StoreData<TData>(caller, function);
            host(s(data), data.Guest, a1);
        }));
    }

    /// <inheritdoc/>
    public void Action<T1, T2>(Linker linker, string module, string name, string function, Action<T, GuestContext, T1, T2> host) where T1 : struct where T2 : struct
    {
        var s = _select;
        linker.DefineFunction(module, name, (CallerAction<T1, T2>)((caller, a1, a2) =>
        {
            var data = CanonicalAbi.StoreData<TData>(caller, function);
            host(s(data), data.Guest, a1, a2);
        }));
    }

    /// <inheritdoc/>
    public void Action<T1, T2, T3>(Linker linker, string module, string name, string function, Action<T, GuestContext, T1, T2, T3> host) where T1 : struct where T2 : struct where T3 : struct
    {
        var s = _select;
        linker.DefineFunction(module, name, (CallerAction<T1, T2, T3>)((caller, a1, a2, a3) =>
        {
            var data = CanonicalAbi.StoreData<TData>(caller, function);
            host(s(data), data.Guest, a1, a2, a3);
        }));
    }

    /// <inheritdoc/>
    public void Action<T1, T2, T3, T4>(Linker linker, string module, string name, string function, Action<T, GuestContext, T1, T2, T3, T4> host) where T1 : struct where T2 : struct where T3 : struct where T4 : struct
    {
        var s = _select;
        linker.DefineFunction(module, name, (CallerAction<T1, T2, T3, T4>)((caller, a1, a2, a3, a4) =>
        {
            var data = CanonicalAbi.StoreData<TData>(caller, function);
            host(s(data), data.Guest, a1, a2, a3, a4);
        }));
    }

    /// <inheritdoc/>
    public void Action<T1, T2, T3, T4, T5>(Linker linker, string module, string name, string function, Action<T, GuestContext, T1, T2, T3, T4, T5> host) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct
    {
        var s = _select;
        linker.DefineFunction(module, name, (CallerAction<T1, T2, T3, T4, T5>)((caller, a1, a2, a3, a4, a5) =>
        {
            var data = CanonicalAbi.StoreData<TData>(caller, function);
            host(s(data), data.Guest, a1, a2, a3, a4, a5);
        }));
    }

    /// <inheritdoc/>
    public void Action<T1, T2, T3, T4, T5, T6>(Linker linker, string module, string name, string function, Action<T, GuestContext, T1, T2, T3, T4, T5, T6> host) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct
    {
        var s = _select;
        linker.DefineFunction(module, name, (CallerAction<T1, T2, T3, T4, T5, T6>)((caller, a1, a2, a3, a4, a5, a6) =>
        {
            var data = CanonicalAbi.StoreData<TData>(caller, function);
            host(s(data), data.Guest, a1, a2, a3, a4, a5, a6);
        }));
    }

    /// <inheritdoc/>
    public void Action<T1, T2, T3, T4, T5, T6, T7>(Linker linker, string module, string name, string function, Action<T, GuestContext, T1, T2, T3, T4, T5, T6, T7> host) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct
    {
        var s = _select;
        linker.DefineFunction(module, name, (CallerAction<T1, T2, T3, T4, T5, T6, T7>)((caller, a1, a2, a3, a4, a5, a6, a7) =>
        {
            var data = CanonicalAbi.StoreData<TData>(caller, function);
            host(s(data), data.Guest, a1, a2, a3, a4, a5, a6, a7);
        }));
    }

    /// <inheritdoc/>
    public void Action<T1, T2, T3, T4, T5, T6, T7, T8>(Linker linker, string module, string name, string function, Action<T, GuestContext, T1, T2, T3, T4, T5, T6, T7, T8> host) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct where T8 : struct
    {
        var s = _select;
        linker.DefineFunction(module, name, (CallerAction<T1, T2, T3, T4, T5, T6, T7, T8>)((caller, a1, a2, a3, a4, a5, a6, a7, a8) =>
        {
            var data = CanonicalAbi.StoreData<TData>(caller, function);
            host(s(data), data.Guest, a1, a2, a3, a4, a5, a6, a7, a8);
        }));
    }

    /// <inheritdoc/>
    public void Action<T1, T2, T3, T4, T5, T6, T7, T8, T9>(Linker linker, string module, string name, string function, Action<T, GuestContext, T1, T2, T3, T4, T5, T6, T7, T8, T9> host) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct where T8 : struct where T9 : struct
    {
        var s = _select;
        linker.DefineFunction(module, name, (CallerAction<T1, T2, T3, T4, T5, T6, T7, T8, T9>)((caller, a1, a2, a3, a4, a5, a6, a7, a8, a9) =>
        {
            var data = CanonicalAbi.StoreData<TData>(caller, function);
            host(s(data), data.Guest, a1, a2, a3, a4, a5, a6, a7, a8, a9);
        }));
    }

    /// <inheritdoc/>
    public void Action<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10>(Linker linker, string module, string name, string function, Action<T, GuestContext, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10> host) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct where T8 : struct where T9 : struct where T10 : struct
    {
        var s = _select;
        linker.DefineFunction(module, name, (CallerAction<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10>)((caller, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10) =>
        {
            var data = CanonicalAbi.StoreData<TData>(caller, function);
            host(s(data), data.Guest, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10);
        }));
    }

    /// <inheritdoc/>
    public void Action<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11>(Linker linker, string module, string name, string function, Action<T, GuestContext, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11> host) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct where T8 : struct where T9 : struct where T10 : struct where T11 : struct
    {
        var s = _select;
        linker.DefineFunction(module, name, (CallerAction<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11>)((caller, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11) =>
        {
            var data = CanonicalAbi.StoreData<TData>(caller, function);
            host(s(data), data.Guest, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11);
        }));
    }

    /// <inheritdoc/>
    public void Action<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12>(Linker linker, string module, string name, string function, Action<T, GuestContext, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12> host) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct where T8 : struct where T9 : struct where T10 : struct where T11 : struct where T12 : struct
    {
        var s = _select;
        linker.DefineFunction(module, name, (CallerAction<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12>)((caller, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12) =>
        {
            var data = CanonicalAbi.StoreData<TData>(caller, function);
            host(s(data), data.Guest, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12);
        }));
    }

    /// <inheritdoc/>
    public void Func<TResult>(Linker linker, string module, string name, string function, Func<T, GuestContext, TResult> host) where TResult : struct
    {
        var s = _select;
        linker.DefineFunction(module, name, (CallerFunc<TResult>)((caller) =>
        {
            var data = CanonicalAbi.StoreData<TData>(caller, function);
            return host(s(data), data.Guest);
        }));
    }

    /// <inheritdoc/>
    public void Func<T1, TResult>(Linker linker, string module, string name, string function, Func<T, GuestContext, T1, TResult> host) where T1 : struct where TResult : struct
    {
        var s = _select;
        linker.DefineFunction(module, name, (CallerFunc<T1, TResult>)((caller, a1) =>
        {
            var data = CanonicalAbi.StoreData<TData>(caller, function);
            return host(s(data), data.Guest, a1);
        }));
    }

    /// <inheritdoc/>
    public void Func<T1, T2, TResult>(Linker linker, string module, string name, string function, Func<T, GuestContext, T1, T2, TResult> host) where T1 : struct where T2 : struct where TResult : struct
    {
        var s = _select;
        linker.DefineFunction(module, name, (CallerFunc<T1, T2, TResult>)((caller, a1, a2) =>
        {
            var data = CanonicalAbi.StoreData<TData>(caller, function);
            return host(s(data), data.Guest, a1, a2);
        }));
    }

    /// <inheritdoc/>
    public void Func<T1, T2, T3, TResult>(Linker linker, string module, string name, string function, Func<T, GuestContext, T1, T2, T3, TResult> host) where T1 : struct where T2 : struct where T3 : struct where TResult : struct
    {
        var s = _select;
        linker.DefineFunction(module, name, (CallerFunc<T1, T2, T3, TResult>)((caller, a1, a2, a3) =>
        {
            var data = CanonicalAbi.StoreData<TData>(caller, function);
            return host(s(data), data.Guest, a1, a2, a3);
        }));
    }

    /// <inheritdoc/>
    public void Func<T1, T2, T3, T4, TResult>(Linker linker, string module, string name, string function, Func<T, GuestContext, T1, T2, T3, T4, TResult> host) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where TResult : struct
    {
        var s = _select;
        linker.DefineFunction(module, name, (CallerFunc<T1, T2, T3, T4, TResult>)((caller, a1, a2, a3, a4) =>
        {
            var data = CanonicalAbi.StoreData<TData>(caller, function);
            return host(s(data), data.Guest, a1, a2, a3, a4);
        }));
    }

    /// <inheritdoc/>
    public void Func<T1, T2, T3, T4, T5, TResult>(Linker linker, string module, string name, string function, Func<T, GuestContext, T1, T2, T3, T4, T5, TResult> host) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where TResult : struct
    {
        var s = _select;
        linker.DefineFunction(module, name, (CallerFunc<T1, T2, T3, T4, T5, TResult>)((caller, a1, a2, a3, a4, a5) =>
        {
            var data = CanonicalAbi.StoreData<TData>(caller, function);
            return host(s(data), data.Guest, a1, a2, a3, a4, a5);
        }));
    }

    /// <inheritdoc/>
    public void Func<T1, T2, T3, T4, T5, T6, TResult>(Linker linker, string module, string name, string function, Func<T, GuestContext, T1, T2, T3, T4, T5, T6, TResult> host) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where TResult : struct
    {
        var s = _select;
        linker.DefineFunction(module, name, (CallerFunc<T1, T2, T3, T4, T5, T6, TResult>)((caller, a1, a2, a3, a4, a5, a6) =>
        {
            var data = CanonicalAbi.StoreData<TData>(caller, function);
            return host(s(data), data.Guest, a1, a2, a3, a4, a5, a6);
        }));
    }

    /// <inheritdoc/>
    public void Func<T1, T2, T3, T4, T5, T6, T7, TResult>(Linker linker, string module, string name, string function, Func<T, GuestContext, T1, T2, T3, T4, T5, T6, T7, TResult> host) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct where TResult : struct
    {
        var s = _select;
        linker.DefineFunction(module, name, (CallerFunc<T1, T2, T3, T4, T5, T6, T7, TResult>)((caller, a1, a2, a3, a4, a5, a6, a7) =>
        {
            var data = CanonicalAbi.StoreData<TData>(caller, function);
            return host(s(data), data.Guest, a1, a2, a3, a4, a5, a6, a7);
        }));
    }

    /// <inheritdoc/>
    public void Func<T1, T2, T3, T4, T5, T6, T7, T8, TResult>(Linker linker, string module, string name, string function, Func<T, GuestContext, T1, T2, T3, T4, T5, T6, T7, T8, TResult> host) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct where T8 : struct where TResult : struct
    {
        var s = _select;
        linker.DefineFunction(module, name, (CallerFunc<T1, T2, T3, T4, T5, T6, T7, T8, TResult>)((caller, a1, a2, a3, a4, a5, a6, a7, a8) =>
        {
            var data = CanonicalAbi.StoreData<TData>(caller, function);
            return host(s(data), data.Guest, a1, a2, a3, a4, a5, a6, a7, a8);
        }));
    }

    /// <inheritdoc/>
    public void Func<T1, T2, T3, T4, T5, T6, T7, T8, T9, TResult>(Linker linker, string module, string name, string function, Func<T, GuestContext, T1, T2, T3, T4, T5, T6, T7, T8, T9, TResult> host) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct where T8 : struct where T9 : struct where TResult : struct
    {
        var s = _select;
        linker.DefineFunction(module, name, (CallerFunc<T1, T2, T3, T4, T5, T6, T7, T8, T9, TResult>)((caller, a1, a2, a3, a4, a5, a6, a7, a8, a9) =>
        {
            var data = CanonicalAbi.StoreData<TData>(caller, function);
            return host(s(data), data.Guest, a1, a2, a3, a4, a5, a6, a7, a8, a9);
        }));
    }

    /// <inheritdoc/>
    public void Func<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, TResult>(Linker linker, string module, string name, string function, Func<T, GuestContext, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, TResult> host) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct where T8 : struct where T9 : struct where T10 : struct where TResult : struct
    {
        var s = _select;
        linker.DefineFunction(module, name, (CallerFunc<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, TResult>)((caller, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10) =>
        {
            var data = CanonicalAbi.StoreData<TData>(caller, function);
            return host(s(data), data.Guest, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10);
        }));
    }

    /// <inheritdoc/>
    public void Func<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, TResult>(Linker linker, string module, string name, string function, Func<T, GuestContext, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, TResult> host) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct where T8 : struct where T9 : struct where T10 : struct where T11 : struct where TResult : struct
    {
        var s = _select;
        linker.DefineFunction(module, name, (CallerFunc<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, TResult>)((caller, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11) =>
        {
            var data = CanonicalAbi.StoreData<TData>(caller, function);
            return host(s(data), data.Guest, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11);
        }));
    }

    /// <inheritdoc/>
    public void Func<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, TResult>(Linker linker, string module, string name, string function, Func<T, GuestContext, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, TResult> host) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct where T8 : struct where T9 : struct where T10 : struct where T11 : struct where T12 : struct where TResult : struct
    {
        var s = _select;
        linker.DefineFunction(module, name, (CallerFunc<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, TResult>)((caller, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12) =>
        {
            var data = CanonicalAbi.StoreData<TData>(caller, function);
            return host(s(data), data.Guest, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12);
        }));
    }

    /// <inheritdoc/>
    public void Untyped(Linker linker, string module, string name, string function, UntypedHost<T> host, ValueKind[] parameters, ValueKind[] results)
    {
        var s = _select;
        linker.DefineFunction(module, name, (Caller caller, ReadOnlySpan<ValueBox> args, Span<ValueBox> res) =>
        {
            var data = CanonicalAbi.StoreData<TData>(caller, function);
            host(s(data), data.Guest, args, res);
        }, parameters, results);
    }
}
