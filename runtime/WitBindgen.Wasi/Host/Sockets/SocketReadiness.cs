using System;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace WitBindgen.Wasi.Host;

/// <summary>A socket's readiness without blocking, and a wait for a condition: what the sockets' pollables use.</summary>
internal static class SocketReadiness
{
    /// <summary>A task that completes once <paramref name="ready"/> holds (checked every few milliseconds) or <paramref name="gone"/> does.</summary>
    public static Task WaitUntil(Func<bool> ready, Func<bool> gone) => Task.Run(async () =>
    {
        while (!gone())
        {
            try
            {
                if (ready()) return;
            }
            catch (Exception)
            {
                return; // a failed socket is "ready": the next call reports the failure
            }
            await Task.Delay(5).ConfigureAwait(false);
        }
    });

    /// <summary>True if <paramref name="socket"/> is readable now (data, end, a pending connection or an error).</summary>
    public static bool Readable(Socket socket)
    {
        try
        {
            return socket.Poll(0, SelectMode.SelectRead) || socket.Poll(0, SelectMode.SelectError);
        }
        catch (Exception ex) when (ex is ObjectDisposedException or SocketException)
        {
            return true;
        }
    }

    /// <summary>True if <paramref name="socket"/> can take bytes now (or has failed).</summary>
    public static bool Writable(Socket socket)
    {
        try
        {
            return socket.Poll(0, SelectMode.SelectWrite) || socket.Poll(0, SelectMode.SelectError);
        }
        catch (Exception ex) when (ex is ObjectDisposedException or SocketException)
        {
            return true;
        }
    }
}
