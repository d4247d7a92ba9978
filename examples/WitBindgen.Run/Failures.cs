using System;
using System.Linq;
using Wasmtime;

namespace WitBindgen.Run;

/// <summary>How <c>witbindgen-run</c> reports what went wrong: one line for a user's mistake, cause and backtrace for a trap.</summary>
internal static class Failures
{
    /// <summary>A usage error or a file that cannot be loaded.</summary>
    public const int UsageStatus = 2;

    /// <summary>A trap: 128 + SIGABRT, as <c>wasmtime run</c> exits on Unix.</summary>
    public const int TrapStatus = 134;

    public static int Fail(string message, int status = UsageStatus)
    {
        Console.Error.WriteLine($"witbindgen-run: {message}");
        return status;
    }

    /// <summary>
    /// Prints the trap's cause on the first line, then Wasmtime's report (the wasm backtrace and the chain of causes,
    /// as <c>wasmtime run</c> prints it), and returns <see cref="TrapStatus"/>.
    /// </summary>
    public static int Trap(WasmtimeException trap)
    {
        Console.Error.WriteLine($"witbindgen-run: the guest trapped: {Cause(trap)}");
        var report = trap.Message.TrimEnd();
        if (report.Contains('\n')) Console.Error.WriteLine(report);
        return TrapStatus;
    }

    // A host function's exception (the innermost that is not Wasmtime's), else the last cause in Wasmtime's report.
    private static string Cause(Exception trap)
    {
        Exception? host = null;
        for (var e = trap.InnerException; e is not null; e = e.InnerException)
            if (e is not WasmtimeException) host = e;
        if (host is not null) return FirstLine(host.Message);
        var message = trap.Message;
        int caused = message.IndexOf("Caused by:", StringComparison.Ordinal);
        if (caused < 0) return FirstLine(message);
        var last = message.Substring(caused).Split('\n').Skip(1).Select(l => l.Trim()).LastOrDefault(l => l.Length > 0) ?? "";
        int colon = last.IndexOf(": ", StringComparison.Ordinal);
        if (colon > 0 && last.Substring(0, colon).All(char.IsDigit)) last = last.Substring(colon + 2); // "1: wasm trap: …"
        return last;
    }

    public static string FirstLine(string text)
    {
        int nl = text.IndexOf('\n');
        return nl < 0 ? text : text.Substring(0, nl);
    }
}
