using System;

namespace WitBindgen.Runtime;

/// <summary>
/// The type with exactly one value: what a WIT <c>result</c> carries on a side that has no payload
/// (<c>result&lt;_, E&gt;</c>, <c>result&lt;T&gt;</c>, <c>result</c>) and what an empty tuple maps to.
/// </summary>
public readonly struct Unit : IEquatable<Unit>
{
    /// <summary>The one value of <see cref="Unit"/> (the same as <c>default</c>).</summary>
    public static Unit Value => default;

    /// <summary>Always <see langword="true"/>: all <see cref="Unit"/> values are equal.</summary>
    /// <param name="other">The value to compare with.</param>
    public bool Equals(Unit other) => true;

    /// <summary>Whether <paramref name="obj"/> is a <see cref="Unit"/>.</summary>
    /// <param name="obj">The object to compare with.</param>
    public override bool Equals(object? obj) => obj is Unit;

    /// <summary>Zero: all <see cref="Unit"/> values are equal.</summary>
    public override int GetHashCode() => 0;

    /// <summary>Returns <c>()</c>.</summary>
    public override string ToString() => "()";

    /// <summary>Always <see langword="true"/>.</summary>
    /// <param name="left">A value.</param>
    /// <param name="right">Another value.</param>
    public static bool operator ==(Unit left, Unit right) => true;

    /// <summary>Always <see langword="false"/>.</summary>
    /// <param name="left">A value.</param>
    /// <param name="right">Another value.</param>
    public static bool operator !=(Unit left, Unit right) => false;
}
