using System;
using System.Collections.Generic;
using Microsoft.Win32.SafeHandles;

namespace WitBindgen.Wasi.Host;

/// <summary>A sandbox root: a preopened directory, its real path, and whether it is read-only.</summary>
internal sealed class SandboxRoot
{
    public SandboxRoot(string hostPath, bool readOnly)
    {
        HostPath = hostPath.Length > 1 ? hostPath.TrimEnd('/') : hostPath;
        RealPath = Native.RealPath(HostPath) ?? HostPath;
        ReadOnly = readOnly;
    }

    public string HostPath { get; }
    public string RealPath { get; }
    public bool ReadOnly { get; }

    public string Join(IReadOnlyList<string> components) =>
        components.Count == 0 ? HostPath : (HostPath == "/" ? "/" : HostPath + "/") + string.Join('/', components);

    /// <summary>True if the real (symlink-free) path <paramref name="real"/> is the root or beneath it.</summary>
    public bool Contains(string? real) =>
        real is not null && (real == RealPath || real.StartsWith(RealPath == "/" ? "/" : RealPath + "/", StringComparison.Ordinal));
}

/// <summary>
/// An open file shared by a descriptor and the streams made from it; closed when the last lets go, which also returns
/// its place in the instance's <see cref="HostResourceBudget"/>.
/// </summary>
internal sealed class SharedFile
{
    private readonly HostResourceLease _lease;
    private int _refs = 1;

    public SharedFile(SafeFileHandle handle, HostResourceLease lease)
    {
        Handle = handle;
        _lease = lease;
    }

    /// <summary>
    /// Takes over what an open call gave: on failure (<paramref name="errno"/> ≠ 0) the lease goes back and the errno is
    /// the answer; on success the descriptor must still lie beneath <paramref name="root"/> (whatever was swapped in
    /// meanwhile), or it is closed and the answer is <see cref="FsError.NotPermitted"/>.
    /// </summary>
    public static FsError? Adopt(int errno, int fd, HostResourceLease lease, SandboxRoot root, out SharedFile file)
    {
        file = null!;
        if (errno != 0)
        {
            lease.Release();
            return FsErrors.FromErrno(errno);
        }
        var opened = new SharedFile(new SafeFileHandle(fd, ownsHandle: true), lease);
        if (!Sandbox.IsBeneath(root, fd))
        {
            opened.Release();
            return FsError.NotPermitted;
        }
        file = opened;
        return null;
    }

    public SafeFileHandle Handle { get; }

    public int Fd => (int)Handle.DangerousGetHandle();

    public SharedFile AddRef()
    {
        _refs++;
        return this;
    }

    public void Release()
    {
        if (--_refs != 0) return;
        Handle.Dispose();
        _lease.Release();
    }
}
