using System;

namespace WitBindgen.Wasi;

/// <summary>What a handle refers to, as far as a caller expecting a given kind is concerned.</summary>
public enum HandleStatus
{
    /// <summary>A live handle of the expected kind.</summary>
    Valid,

    /// <summary>No such handle was ever issued (a forged number).</summary>
    NeverIssued,

    /// <summary>The handle was issued and has been dropped since.</summary>
    Dropped,

    /// <summary>A live handle of another kind (a pollable passed as a stream, say).</summary>
    WrongKind,
}
