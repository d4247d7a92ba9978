using System;
using DFlags = WitBindgen.Wasi.Bindings.Filesystem.DescriptorFlags;

namespace WitBindgen.Wasi.Preview1;

/// <summary>
/// The adapter's <c>descriptor-flags</c> lack <c>non-blocking</c>: its bits after <c>write</c> sit one lower than the
/// seed's. These convert between the two layouts.
/// </summary>
internal static class DescriptorFlagsTranslation
{
    /// <summary>The adapter's bits (read, write, file-integrity-sync, data-integrity-sync, requested-write-sync, mutate-directory) as ours.</summary>
    public static DFlags FromAdapter(DFlags adapter)
    {
        ulong bits = Convert.ToUInt64(adapter);
        ulong low = bits & 0b11, high = bits & ~0b11UL;
        return (DFlags)Enum.ToObject(typeof(DFlags), low | (high << 1));
    }

    /// <summary>Our flags in the adapter's layout (<c>non-blocking</c> has no bit there and is dropped).</summary>
    public static DFlags ToAdapter(DFlags ours)
    {
        ulong bits = Convert.ToUInt64(ours);
        ulong low = bits & 0b11, high = bits & ~0b111UL;
        return (DFlags)Enum.ToObject(typeof(DFlags), low | (high >> 1));
    }

    /// <summary>Wraps <paramref name="inner"/> so that <c>get-flags</c>, <c>set-flags</c> and <c>open-at</c> speak the adapter's layout.</summary>
    public static IFilesystem Wrap(IFilesystem inner) => new AdapterFilesystem(inner);
}
