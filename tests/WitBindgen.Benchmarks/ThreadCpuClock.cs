using System.Runtime.InteropServices;

namespace WitBindgen.Benchmarks;

/// <summary>
/// The calling thread's CPU time, for the harnesses that alternate variants in rounds (<c>shapes</c>,
/// <c>streamcosts</c>, <c>exportadd</c>): time the thread waits for a core on a busy machine is not counted.
/// </summary>
internal static class ThreadCpuClock
{
    private const int ClockThreadCpuTime = 3;

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    public static long Nanoseconds()
    {
        ClockGetTime(ClockThreadCpuTime, out var t);
        return t.Seconds * 1_000_000_000L + t.Nanoseconds;
    }
}
