using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace WitBindgen.Wasi.Host;

/// <summary>What <see cref="Sandbox.Resolve"/> reached: its components beneath the root (actions are taken relative to its checked parent, never by a host path), whether it exists and its <c>lstat</c>.</summary>
internal readonly record struct Resolved(List<string> Components, bool Exists, NativeStat Stat)
{
    /// <summary>True if the path names the root itself.</summary>
    public bool IsRoot => Components.Count == 0;
}

/// <summary>
/// Path resolution beneath a preopen, one component at a time, and the <c>*at</c> calls made on what it reached:
/// absolute paths, <c>..</c> above the root and symlinks leading out of it (or with absolute targets) fail with
/// <see cref="FsError.NotPermitted"/>; symlinks are followed here (at most 40 per path, then <see cref="FsError.Loop"/>).
/// The real path of what is reached is checked to lie beneath the root's, and every action is then taken relative to
/// an open (<c>O_PATH</c>) descriptor of the parent directory, itself checked by the kernel's name for it, on the last
/// name alone and never following a symlink there.
/// </summary>
internal static class Sandbox
{
    public const int MaxPathBytes = 4096;
    private const int MaxNameBytes = 255;
    private const int MaxSymlinks = 40;

    private static List<string> Split(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(c => c != ".").ToList();

    /// <summary>
    /// Resolves <paramref name="path"/> beneath <paramref name="at"/>'s root (which must be a directory), following
    /// symlinks itself (the last component's only if <paramref name="followFinal"/> or the path ends in '/'). Never
    /// lets a path leave the root.
    /// </summary>
    public static FsError? Resolve(Node at, string path, bool followFinal, out Resolved resolved)
    {
        resolved = default;
        if (at is not Dir dir) return FsError.NotDirectory;
        if (path.Length == 0) return FsError.NoEntry;
        if (path.Contains('\0')) return FsError.IllegalByteSequence;
        if (Encoding.UTF8.GetByteCount(path) > MaxPathBytes) return FsError.NameTooLong;
        if (path[0] == '/') return FsError.NotPermitted;
        var mustBeDirectory = path.EndsWith('/') || path.EndsWith("/.", StringComparison.Ordinal) || path == ".";
        var root = dir.Root;
        var stack = new List<string>(dir.Components);
        var queue = new LinkedList<string>(Split(path));
        var links = 0;
        var exists = true;
        NativeStat stat = default;
        var haveStat = false;
        while (queue.First is { } node)
        {
            var name = node.Value;
            queue.RemoveFirst();
            var last = queue.First is null;
            haveStat = false;
            if (name == "..")
            {
                if (stack.Count == 0) return FsError.NotPermitted;
                stack.RemoveAt(stack.Count - 1);
                continue;
            }
            if (Encoding.UTF8.GetByteCount(name) > MaxNameBytes) return FsError.NameTooLong;
            stack.Add(name);
            var err = Native.Stat(root.Join(stack), follow: false, out stat);
            if (err == Native.ENOENT && last)
            {
                exists = false;
                break;
            }
            if (err != 0) return FsErrors.FromErrno(err);
            if (stat.IsSymlink && (!last || followFinal || mustBeDirectory))
            {
                if (++links > MaxSymlinks) return FsError.Loop;
                err = Native.Readlink(root.Join(stack), out var target);
                if (err != 0) return FsErrors.FromErrno(err);
                stack.RemoveAt(stack.Count - 1);
                if (target.Length == 0) return FsError.NoEntry;
                if (target[0] == '/') return FsError.NotPermitted;
                var parts = Split(target);
                for (var i = parts.Count - 1; i >= 0; i--) queue.AddFirst(parts[i]);
                continue;
            }
            if (!last && !stat.IsDirectory) return FsError.NotDirectory;
            haveStat = true;
        }
        if (exists && !haveStat)
        {
            var err = Native.Stat(root.Join(stack), follow: false, out stat);
            if (err != 0) return FsErrors.FromErrno(err);
        }
        if (exists && mustBeDirectory && !stat.IsDirectory) return FsError.NotDirectory;
        // Re-check with the kernel's view: the parent (or the directory itself) must really lie beneath the root.
        var check = stack.Count == 0 ? root.HostPath : root.Join(stack.GetRange(0, stack.Count - 1));
        if (!root.Contains(Native.RealPath(check))) return FsError.NotPermitted;
        resolved = new Resolved(stack, exists, stat);
        return null;
    }

    /// <summary>
    /// Opens (<c>O_PATH</c>) the directory holding what <paramref name="r"/> names and checks, by the kernel's own name
    /// for that open directory, that it lies beneath the root; the caller then acts on the last name relative to it
    /// (never following a symlink there), so nothing swapped in after resolution can lead the action out of the root.
    /// </summary>
    public static FsError? OpenParent(SandboxRoot root, Resolved r, out int fd, out string name)
    {
        var count = r.Components.Count;
        var parent = count == 0 ? root.HostPath : root.Join(r.Components.GetRange(0, count - 1));
        name = count == 0 ? "." : r.Components[count - 1];
        var err = Native.Open(parent, Native.O_PATH | Native.O_DIRECTORY, 0, out fd);
        if (err != 0) return FsErrors.FromErrno(err);
        if (!IsBeneath(root, fd))
        {
            Native.Close(fd);
            fd = -1;
            return FsError.NotPermitted;
        }
        return null;
    }

    /// <summary>True if the open file <paramref name="fd"/> really lies beneath the root (by <c>/proc/self/fd</c>; without /proc, the real-path check of <see cref="Resolve"/> stands alone).</summary>
    public static bool IsBeneath(SandboxRoot root, int fd) =>
        Native.Readlink($"/proc/self/fd/{fd}", out var real) != 0 || root.Contains(real);

    /// <summary>Does <paramref name="op"/> (an errno-returning libc call) on the last name of <paramref name="r"/>, relative to its checked parent.</summary>
    public static FsError? At(SandboxRoot root, Resolved r, Func<int, string, int> op)
    {
        if (OpenParent(root, r, out var fd, out var name) is { } error) return error;
        try
        {
            return FsErrors.Check(op(fd, name));
        }
        finally
        {
            Native.Close(fd);
        }
    }

    /// <summary>Like <see cref="At"/>, with two paths (rename, link).</summary>
    public static FsError? At2(SandboxRoot root1, Resolved r1, SandboxRoot root2, Resolved r2, Func<int, string, int, string, int> op)
    {
        if (OpenParent(root1, r1, out var fd1, out var name1) is { } e1) return e1;
        try
        {
            if (OpenParent(root2, r2, out var fd2, out var name2) is { } e2) return e2;
            try
            {
                return FsErrors.Check(op(fd1, name1, fd2, name2));
            }
            finally
            {
                Native.Close(fd2);
            }
        }
        finally
        {
            Native.Close(fd1);
        }
    }
}
