using System;
using System.IO;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using WitBindgen.Wasi.Host;

namespace WitBindgen.Wasi;

/// <summary>
/// The host process's own stdin as an input stream, whatever it is: a regular file (<c>&lt; file</c>) is read directly
/// and promptly; a pipe, a terminal or a socket is read ahead by a thread, and a <c>read</c> waits for the first bytes
/// when none are buffered (see <see cref="StreamInputStream(Stream, bool)"/> for why); a closed stdin (<c>&lt;&amp;-</c>)
/// reads as the end of the stream.
/// </summary>
public static class HostStdin
{
    /// <summary>Opens the process's stdin. Nothing is read from it until the guest reads or polls.</summary>
    public static InputStream Open()
    {
        if (!OperatingSystem.IsLinux()) return new StreamInputStream(Console.OpenStandardInput(), readWaitsForData: true);
        // fd 0 was closed when we were started: either it still is, or the runtime reused the number for a file of its
        // own, which it opened close-on-exec. An inherited stdin is never close-on-exec (it had to survive our exec).
        int flags = fcntl(0, F_GETFD);
        if (flags < 0 || (flags & FD_CLOEXEC) != 0) return new ClosedInputStream();
        var handle = new SafeFileHandle(0, ownsHandle: false);
        try
        {
            // A regular file is read with pread at its offset (seekable, never blocks); anything else through a thread.
            bool regular = Native.FStat(0, out var stat) == 0 && stat.IsRegular;
            var stream = new FileStream(handle, FileAccess.Read, bufferSize: 0);
            return regular && stream.CanSeek ? new StreamInputStream(stream) : new StreamInputStream(stream, readWaitsForData: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // A descriptor FileStream refuses (a directory, write-only): the guest sees an empty stdin, as with `<&-`.
            return new ClosedInputStream();
        }
    }

    private const int F_GETFD = 1, FD_CLOEXEC = 1;

    [DllImport("libc", SetLastError = true)]
    private static extern int fcntl(int fd, int cmd);
}
