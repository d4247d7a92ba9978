using System;
using Wasmtime;
using WitBindgen.Runtime.Abi;
using WitBindgen.Wasi.P2.Bindings;

namespace WitBindgen.Wasi.P2;

/// <summary>
/// <c>wasi:io/error</c>: the world uses it only through <c>streams</c> and <c>filesystem</c> (the generator lists a
/// world's direct imports, not what they use), so its two functions are defined here, on the same resource table
/// and <see cref="Error.IError"/> type the generated glue puts errors in.
/// </summary>
internal static class P2IoError
{
    private const string Fn = "wasi:io/error@0.2.12.[method]error.to-debug-string";
    private const string DropFn = "wasi:io/error@0.2.12.[resource-drop]error";

    /// <summary>Defines the interface under <paramref name="module"/> (and the cm32p2 names with the host's own).</summary>
    public static void Define(Linker linker, string module)
    {
        linker.DefineFunction(module, "[method]error.to-debug-string", (Caller caller, int self, int resultPointer) => ToDebugString(caller, self, resultPointer));
        linker.DefineFunction(module, "[resource-drop]error", (Caller caller, int self) => Drop(caller, self));
        if (module != "wasi:io/error@" + P2Versions.HostVersion) return;
        linker.DefineFunction("cm32p2|wasi:io/error@0.2", "[method]error.to-debug-string", (Caller caller, int self, int resultPointer) => ToDebugString(caller, self, resultPointer));
        linker.DefineFunction("cm32p2|wasi:io/error@0.2", "error_drop", (Caller caller, int self) => Drop(caller, self));
    }

    private static void ToDebugString(Caller caller, int self, int resultPointer)
    {
        var guest = CanonicalAbi.StoreData<WasiStoreData>(caller, Fn).Guest;
        var error = guest.Resources.Borrow<Error.IError>(self, Fn);
        CanonicalAbi.CheckRange(guest.View, resultPointer, 8, 4, Fn);
        string text;
        try
        {
            text = error.ToDebugString();
        }
        catch (Exception ex) when (ex is not WitTrapException)
        {
            throw CanonicalAbi.ImplementationFailed(Fn, ex);
        }
        var (pointer, length) = CanonicalAbi.LowerString(guest, text, Fn);
        var memory = guest.View;
        memory.WriteInt32(resultPointer, pointer);
        memory.WriteInt32(unchecked(resultPointer + 4), length);
    }

    private static void Drop(Caller caller, int self)
    {
        var guest = CanonicalAbi.StoreData<WasiStoreData>(caller, DropFn).Guest;
        guest.Resources.Drop<Error.IError>(self, DropFn);
    }
}

/// <summary>An <c>error</c> resource: what went wrong, for <c>to-debug-string</c> and <c>filesystem-error-code</c>.</summary>
internal sealed class P2Error(string message, Types.ErrorCode? filesystemCode = null) : Error.IError
{
    public string Message { get; } = message;

    /// <summary>The filesystem error code <c>filesystem-error-code</c> answers, when the error came from a file.</summary>
    public Types.ErrorCode? FilesystemCode { get; } = filesystemCode;

    public string ToDebugString() => Message;
}
