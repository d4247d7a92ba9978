using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace WitBindgen.Generator.Util;

/// <summary>Compares by identity: syntax nodes are records, and two equal-looking nodes are still two places.</summary>
internal sealed class ReferenceComparer<T> : IEqualityComparer<T> where T : class
{
    public static readonly ReferenceComparer<T> Instance = new();

    public bool Equals(T? x, T? y) => ReferenceEquals(x, y);

    public int GetHashCode(T obj) => RuntimeHelpers.GetHashCode(obj);
}
