using System;
using Wasmtime;

namespace WitBindgen.Runtime.Abi;

/// <summary>
/// How a generated host function finds, on each call, the implementation to call and the guest's memory: one list of
/// <c>DefineFunction</c> calls per interface serves both <c>AddToLinker</c> overloads, generic over a struct selector
/// (so the JIT specializes it and the selection is inlined).
/// </summary>
/// <typeparam name="T">The C# interface of the imported WIT interface.</typeparam>
public interface IImplementationSelector<out T> where T : class
{
    /// <summary>The implementation for a call from <paramref name="caller"/>, and the guest's context in <paramref name="context"/>.</summary>
    /// <param name="caller">The calling instance.</param>
    /// <param name="function">The function's name, for the trap when no implementation can be found.</param>
    /// <param name="context">The guest's memory and realloc.</param>
    T Select(Caller caller, string function, out GuestContext context);
}

/// <summary>One implementation and guest context for every call: a linker used by one store.</summary>
public readonly struct FixedImplementation<T> : IImplementationSelector<T> where T : class
{
    private readonly T _implementation;
    private readonly GuestContext _context;

    /// <summary>Selects <paramref name="implementation"/> and <paramref name="context"/> for every call.</summary>
    public FixedImplementation(T implementation, GuestContext context)
    {
        ArgumentNullException.ThrowIfNull(implementation);
        ArgumentNullException.ThrowIfNull(context);
        _implementation = implementation;
        _context = context;
    }

    /// <inheritdoc/>
    public T Select(Caller caller, string function, out GuestContext context)
    {
        context = _context;
        return _implementation;
    }
}

/// <summary>The implementation and guest context of the calling store, from its data: a linker shared by stores.</summary>
/// <typeparam name="TData">The data of every store instantiated with the linker.</typeparam>
/// <typeparam name="T">The C# interface of the imported WIT interface.</typeparam>
public readonly struct StoreDataImplementation<TData, T> : IImplementationSelector<T> where TData : class, IGuestStoreData where T : class
{
    private readonly Func<TData, T> _select;

    /// <summary>Selects on each call what <paramref name="select"/> gives for the calling store's data.</summary>
    public StoreDataImplementation(Func<TData, T> select)
    {
        ArgumentNullException.ThrowIfNull(select);
        _select = select;
    }

    /// <inheritdoc/>
    public T Select(Caller caller, string function, out GuestContext context)
    {
        var data = CanonicalAbi.StoreData<TData>(caller, function);
        context = data.Guest;
        return _select(data);
    }
}
