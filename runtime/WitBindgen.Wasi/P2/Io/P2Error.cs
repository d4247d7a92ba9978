namespace WitBindgen.Wasi.P2;

using WitBindgen.Wasi.P2.Bindings;

/// <summary>
/// <c>wasi:io/error</c> has no free functions: <c>to-debug-string</c> is a method of its resource, which the generated
/// glue calls on the <see cref="P2Error"/> in the resource table. (The world imports the interface because
/// <c>streams</c> and <c>filesystem</c> use its type.)
/// </summary>
internal sealed class P2ErrorInterface : IError;

/// <summary>An <c>error</c> resource: what went wrong, for <c>to-debug-string</c> and <c>filesystem-error-code</c>.</summary>
internal sealed class P2Error(string message, Types.ErrorCode? filesystemCode = null) : Error.IError
{
    public string Message { get; } = message;

    /// <summary>The filesystem error code <c>filesystem-error-code</c> answers, when the error came from a file.</summary>
    public Types.ErrorCode? FilesystemCode { get; } = filesystemCode;

    public string ToDebugString() => Message;
}
