using System.Collections.Generic;
using WitBindgen.Generator.Abi;

namespace WitBindgen.Generator.Emit.Glue;

/// <summary>C# expressions holding a function's flat core values, read left to right while lifting.</summary>
internal sealed class FlatValues
{
    private readonly IReadOnlyList<(string Expr, CoreType Type)> _slots;
    private int _next;

    public FlatValues(IReadOnlyList<(string Expr, CoreType Type)> slots) => _slots = slots;

    public (string Expr, CoreType Type) Next()
    {
        // A malformed model could ask for more than there is; "0" keeps the output compilable.
        if (_next >= _slots.Count) return ("0", CoreType.I32);
        return _slots[_next++];
    }

    public List<(string Expr, CoreType Type)> Take(int count)
    {
        var list = new List<(string, CoreType)>(count);
        for (int i = 0; i < count; i++) list.Add(Next());
        return list;
    }

    public static string CSharp(CoreType type) => type switch
    {
        CoreType.I32 => "int",
        CoreType.I64 => "long",
        CoreType.F32 => "float",
        _ => "double",
    };

    /// <summary>Reads a value of type <paramref name="want"/> from a slot joined to <paramref name="have"/> (lift_flat_variant).</summary>
    public static string FromJoined(string expr, CoreType have, CoreType want)
    {
        if (have == want) return expr;
        return (have, want) switch
        {
            (CoreType.I32, CoreType.F32) => $"global::System.BitConverter.Int32BitsToSingle({expr})",
            (CoreType.I64, CoreType.I32) => $"unchecked((int){expr})",
            (CoreType.I64, CoreType.F32) => $"global::System.BitConverter.Int32BitsToSingle(unchecked((int){expr}))",
            (CoreType.I64, CoreType.F64) => $"global::System.BitConverter.Int64BitsToDouble({expr})",
            _ => expr,
        };
    }

    /// <summary>Widens a value of type <paramref name="have"/> into a slot joined to <paramref name="want"/> (lower_flat_variant).</summary>
    public static string ToJoined(string expr, CoreType have, CoreType want)
    {
        if (have == want) return expr;
        return (have, want) switch
        {
            (CoreType.F32, CoreType.I32) => $"global::System.BitConverter.SingleToInt32Bits({expr})",
            (CoreType.I32, CoreType.I64) => $"(long)(uint)({expr})",
            (CoreType.F32, CoreType.I64) => $"(long)(uint)global::System.BitConverter.SingleToInt32Bits({expr})",
            (CoreType.F64, CoreType.I64) => $"global::System.BitConverter.DoubleToInt64Bits({expr})",
            _ => expr,
        };
    }
}
