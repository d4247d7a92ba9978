using System;

namespace WitBindgen.Runtime.Abi;

/// <summary>
/// Thrown by generated glue when a guest breaks the canonical ABI (a pointer out of bounds, invalid UTF-8, a bad
/// discriminant, ...) or when an implementation fails. Wasmtime turns it into a trap of the guest; the host and its
/// other instances carry on.
/// </summary>
public sealed class WitTrapException : Exception
{
    /// <summary>Creates a trap with a message that names the function and the problem.</summary>
    public WitTrapException(string message) : base(message)
    {
    }

    /// <summary>Creates a trap caused by another exception (an implementation's).</summary>
    public WitTrapException(string message, Exception inner) : base(message, inner)
    {
    }
}

/// <summary>
/// Thrown by an implementation to end the guest at once with a status (WASI's <c>exit</c>). Generated glue lets it
/// through unchanged, so whoever called into the guest can catch it and read <see cref="Status"/>.
/// </summary>
public sealed class GuestExitException : Exception
{
    /// <summary>Creates the request to stop with a status.</summary>
    public GuestExitException(int status) : base($"the guest exited with status {status}") => Status = status;

    /// <summary>The exit status: 0 for success.</summary>
    public int Status { get; }
}
