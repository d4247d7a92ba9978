using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace WitBindgen.Runtime;

/// <summary>
/// An optional value: <see cref="Some(T)"/> or <see cref="None"/>. Generated code maps a WIT <c>option&lt;T&gt;</c>
/// to <c>T?</c>; this type is used where that cannot tell the levels apart, for the outer level of
/// <c>option&lt;option&lt;T&gt;&gt;</c> (which becomes <c>Option&lt;T?&gt;</c>).
/// </summary>
/// <typeparam name="T">The type of the value.</typeparam>
public readonly struct Option<T> : IEquatable<Option<T>>
{
    private readonly T _value;

    private Option(T value)
    {
        _value = value;
        HasValue = true;
    }

    /// <summary>The option without a value (the same as <c>default</c>).</summary>
    public static Option<T> None => default;

    /// <summary>An option holding <paramref name="value"/>, which may itself be <see langword="null"/>.</summary>
    /// <param name="value">The value.</param>
    public static Option<T> Some(T value) => new(value);

    /// <summary>Whether the option holds a value.</summary>
    public bool HasValue { get; }

    /// <summary>The value.</summary>
    /// <exception cref="InvalidOperationException">The option is <see cref="None"/>.</exception>
    public T Value => HasValue ? _value : throw new InvalidOperationException("The option has no value.");

    /// <summary>Gets the value if there is one.</summary>
    /// <param name="value">The value, or <c>default</c> when the option is <see cref="None"/>.</param>
    /// <returns>Whether the option holds a value.</returns>
    public bool TryGetValue([MaybeNullWhen(false)] out T value)
    {
        value = _value;
        return HasValue;
    }

    /// <summary>The value, or <paramref name="defaultValue"/> when the option is <see cref="None"/>.</summary>
    /// <param name="defaultValue">What to return when there is no value.</param>
    public T GetValueOrDefault(T defaultValue) => HasValue ? _value : defaultValue;

    /// <summary>Calls <paramref name="some"/> with the value, or <paramref name="none"/> when there is none.</summary>
    /// <typeparam name="TResult">What both functions return.</typeparam>
    /// <param name="some">Called with the value.</param>
    /// <param name="none">Called when there is no value.</param>
    public TResult Match<TResult>(Func<T, TResult> some, Func<TResult> none)
    {
        ArgumentNullException.ThrowIfNull(some);
        ArgumentNullException.ThrowIfNull(none);
        return HasValue ? some(_value) : none();
    }

    /// <summary>Whether both options are <see cref="None"/>, or both hold equal values.</summary>
    /// <param name="other">The option to compare with.</param>
    public bool Equals(Option<T> other) =>
        HasValue == other.HasValue && (!HasValue || EqualityComparer<T>.Default.Equals(_value, other._value));

    /// <summary>Whether <paramref name="obj"/> is an equal <see cref="Option{T}"/>.</summary>
    /// <param name="obj">The object to compare with.</param>
    public override bool Equals(object? obj) => obj is Option<T> other && Equals(other);

    /// <summary>A hash code of the value, or zero for <see cref="None"/>.</summary>
    public override int GetHashCode() => HasValue ? HashCode.Combine(true, _value) : 0;

    /// <summary>Returns <c>Some(value)</c> or <c>None</c>.</summary>
    public override string ToString() => HasValue ? $"Some({(_value is null ? "null" : _value.ToString())})" : "None";

    /// <summary>Whether two options are equal.</summary>
    /// <param name="left">An option.</param>
    /// <param name="right">Another option.</param>
    public static bool operator ==(Option<T> left, Option<T> right) => left.Equals(right);

    /// <summary>Whether two options differ.</summary>
    /// <param name="left">An option.</param>
    /// <param name="right">Another option.</param>
    public static bool operator !=(Option<T> left, Option<T> right) => !left.Equals(right);
}

/// <summary>Creates <see cref="Option{T}"/> values with the type inferred.</summary>
public static class Option
{
    /// <summary>An option holding <paramref name="value"/>.</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="value">The value.</param>
    public static Option<T> Some<T>(T value) => Option<T>.Some(value);
}
