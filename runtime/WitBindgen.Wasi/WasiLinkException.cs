using System;
using System.Collections.Generic;

namespace WitBindgen.Wasi;

/// <summary>A module that cannot be linked as a WASI command: it imports what the command world does not provide.</summary>
public sealed class WasiLinkException : Exception
{
    /// <summary>Creates the failure.</summary>
    public WasiLinkException(string message, IReadOnlyList<string> missing, IReadOnlyList<string> mismatched) : base(message)
    {
        MissingImports = missing;
        MismatchedImports = mismatched;
    }

    /// <summary>Imports nothing defines (<c>module.name</c>).</summary>
    public IReadOnlyList<string> MissingImports { get; }

    /// <summary>Imports defined with another core signature, each with both signatures.</summary>
    public IReadOnlyList<string> MismatchedImports { get; }
}
