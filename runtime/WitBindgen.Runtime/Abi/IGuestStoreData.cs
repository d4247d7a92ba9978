namespace WitBindgen.Runtime.Abi;

/// <summary>
/// The data of a store whose host functions come from a linker shared by many stores (the generated
/// <c>Define…&lt;TData&gt;</c> overloads): each call finds the guest's memory and realloc here, and the
/// implementation through the selector given to the linker.
/// </summary>
public interface IGuestStoreData
{
    /// <summary>The memory and realloc of the instance that lives in this store.</summary>
    GuestContext Guest { get; }
}
