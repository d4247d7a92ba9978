using System;

namespace WitBindgen.Wasi;

/// <summary>A preopened directory: a <c>descriptor</c> handle the guest gets from <c>get-directories</c>.</summary>
[WasiResourceKind("descriptor")]
public sealed class PreopenDirectory : WasiResource
{
    internal PreopenDirectory(string hostPath, string guestPath, bool readOnly)
    {
        HostPath = hostPath;
        GuestPath = guestPath;
        ReadOnly = readOnly;
    }

    /// <summary>The absolute host directory.</summary>
    public string HostPath { get; }

    /// <summary>The path the guest sees it as.</summary>
    public string GuestPath { get; }

    /// <summary>True if the guest may only read through it.</summary>
    public bool ReadOnly { get; }

    /// <summary>The handle the guest knows it by.</summary>
    public uint Handle { get; internal set; }
}
