using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace WitBindgen.Runtime;

/// <summary>
/// The outcome of an operation that can fail: a WIT <c>result&lt;T, E&gt;</c>, with <see cref="Unit"/> on a side
/// that has no payload. Create one with <see cref="Ok(T)"/> / <see cref="Err(E)"/>, or with
/// <see cref="Result.Ok{T}(T)"/> / <see cref="Result.Err{E}(E)"/>, which convert to any matching result.
/// </summary>
/// <remarks><c>default(Result&lt;T, E&gt;)</c> is an error holding <c>default(E)</c>.</remarks>
/// <typeparam name="T">The value of success.</typeparam>
/// <typeparam name="E">The value of failure.</typeparam>
public readonly struct Result<T, E> : IEquatable<Result<T, E>>
{
    private readonly T _ok;
    private readonly E _err;

    private Result(bool isOk, T ok, E err)
    {
        IsOk = isOk;
        _ok = ok;
        _err = err;
    }

    /// <summary>A success holding <paramref name="value"/>.</summary>
    /// <param name="value">The value of success.</param>
    public static Result<T, E> Ok(T value) => new(true, value, default!);

    /// <summary>A failure holding <paramref name="error"/>.</summary>
    /// <param name="error">The value of failure.</param>
    public static Result<T, E> Err(E error) => new(false, default!, error);

    /// <summary>Whether this is a success.</summary>
    public bool IsOk { get; }

    /// <summary>Whether this is a failure.</summary>
    public bool IsErr => !IsOk;

    /// <summary>The value of success.</summary>
    /// <exception cref="InvalidOperationException">This is a failure.</exception>
    public T OkValue => IsOk ? _ok : throw new InvalidOperationException($"The result is an error: {Describe(_err)}.");

    /// <summary>The value of failure.</summary>
    /// <exception cref="InvalidOperationException">This is a success.</exception>
    public E ErrValue => !IsOk ? _err : throw new InvalidOperationException("The result is not an error.");

    /// <summary>Gets the value of success, if this is one.</summary>
    /// <param name="value">The value of success, or <c>default</c>.</param>
    /// <returns>Whether this is a success.</returns>
    public bool TryGetOk([MaybeNullWhen(false)] out T value)
    {
        value = _ok;
        return IsOk;
    }

    /// <summary>Gets the value of failure, if this is one.</summary>
    /// <param name="error">The value of failure, or <c>default</c>.</param>
    /// <returns>Whether this is a failure.</returns>
    public bool TryGetErr([MaybeNullWhen(false)] out E error)
    {
        error = _err;
        return !IsOk;
    }

    /// <summary>Calls <paramref name="ok"/> or <paramref name="err"/> with the value this holds.</summary>
    /// <typeparam name="TResult">What both functions return.</typeparam>
    /// <param name="ok">Called with the value of success.</param>
    /// <param name="err">Called with the value of failure.</param>
    public TResult Match<TResult>(Func<T, TResult> ok, Func<E, TResult> err)
    {
        ArgumentNullException.ThrowIfNull(ok);
        ArgumentNullException.ThrowIfNull(err);
        return IsOk ? ok(_ok) : err(_err);
    }

    /// <summary>Whether both are successes with equal values, or both failures with equal values.</summary>
    /// <param name="other">The result to compare with.</param>
    public bool Equals(Result<T, E> other) =>
        IsOk == other.IsOk && (IsOk
            ? EqualityComparer<T>.Default.Equals(_ok, other._ok)
            : EqualityComparer<E>.Default.Equals(_err, other._err));

    /// <summary>Whether <paramref name="obj"/> is an equal <see cref="Result{T, E}"/>.</summary>
    /// <param name="obj">The object to compare with.</param>
    public override bool Equals(object? obj) => obj is Result<T, E> other && Equals(other);

    /// <summary>A hash code of the side and the value.</summary>
    public override int GetHashCode() => IsOk ? HashCode.Combine(true, _ok) : HashCode.Combine(false, _err);

    /// <summary>Returns <c>Ok(value)</c> or <c>Err(error)</c>.</summary>
    public override string ToString() => IsOk ? $"Ok({Describe(_ok)})" : $"Err({Describe(_err)})";

    private static string Describe<TValue>(TValue value) => value is null ? "null" : value.ToString() ?? "";

    /// <summary>Whether two results are equal.</summary>
    /// <param name="left">A result.</param>
    /// <param name="right">Another result.</param>
    public static bool operator ==(Result<T, E> left, Result<T, E> right) => left.Equals(right);

    /// <summary>Whether two results differ.</summary>
    /// <param name="left">A result.</param>
    /// <param name="right">Another result.</param>
    public static bool operator !=(Result<T, E> left, Result<T, E> right) => !left.Equals(right);

    /// <summary>A success, from <see cref="Result.Ok{T}(T)"/>.</summary>
    /// <param name="ok">The value of success.</param>
    public static implicit operator Result<T, E>(Ok<T> ok) => Ok(ok.Value);

    /// <summary>A failure, from <see cref="Result.Err{E}(E)"/>.</summary>
    /// <param name="err">The value of failure.</param>
    public static implicit operator Result<T, E>(Err<E> err) => Err(err.Error);
}

/// <summary>
/// Creates results without naming both types: <c>return Result.Ok(x);</c>, <c>return Result.Err(code);</c>,
/// <c>return Result.Ok();</c>. The values convert implicitly to any <see cref="Result{T, E}"/> with a matching side.
/// </summary>
public static class Result
{
    /// <summary>A success holding <paramref name="value"/>.</summary>
    /// <typeparam name="T">The value of success.</typeparam>
    /// <param name="value">The value of success.</param>
    public static Ok<T> Ok<T>(T value) => new(value);

    /// <summary>A success without a value, for results whose success side is <see cref="Unit"/>.</summary>
    public static Ok<Unit> Ok() => new(default);

    /// <summary>A failure holding <paramref name="error"/>.</summary>
    /// <typeparam name="E">The value of failure.</typeparam>
    /// <param name="error">The value of failure.</param>
    public static Err<E> Err<E>(E error) => new(error);

    /// <summary>A failure without a value, for results whose failure side is <see cref="Unit"/>.</summary>
    public static Err<Unit> Err() => new(default);
}

/// <summary>The success side of a result whose failure type is not yet known; converts to <see cref="Result{T, E}"/>.</summary>
/// <typeparam name="T">The value of success.</typeparam>
public readonly struct Ok<T>
{
    /// <summary>Wraps <paramref name="value"/>.</summary>
    /// <param name="value">The value of success.</param>
    public Ok(T value) => Value = value;

    /// <summary>The value of success.</summary>
    public T Value { get; }

    /// <summary>Returns <c>Ok(value)</c>.</summary>
    public override string ToString() => $"Ok({(Value is null ? "null" : Value.ToString())})";
}

/// <summary>The failure side of a result whose success type is not yet known; converts to <see cref="Result{T, E}"/>.</summary>
/// <typeparam name="E">The value of failure.</typeparam>
public readonly struct Err<E>
{
    /// <summary>Wraps <paramref name="error"/>.</summary>
    /// <param name="error">The value of failure.</param>
    public Err(E error) => Error = error;

    /// <summary>The value of failure.</summary>
    public E Error { get; }

    /// <summary>Returns <c>Err(error)</c>.</summary>
    public override string ToString() => $"Err({(Error is null ? "null" : Error.ToString())})";
}
