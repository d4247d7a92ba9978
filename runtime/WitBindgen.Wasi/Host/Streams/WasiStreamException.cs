using System;

namespace WitBindgen.Wasi;

/// <summary>A stream operation failed: the guest gets <c>stream-error</c>. Throw it from a custom stream.</summary>
public sealed class WasiStreamException : Exception
{
    /// <summary>Creates the failure.</summary>
    public WasiStreamException(string message) : base(message)
    {
    }

    /// <summary>Creates the failure with its cause.</summary>
    public WasiStreamException(string message, Exception inner) : base(message, inner)
    {
    }
}
