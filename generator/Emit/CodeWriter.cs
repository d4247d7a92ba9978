using System.Text;

namespace WitBindgen.Generator.Emit;

/// <summary>
/// Writes C# lines with four-space indentation and <c>\n</c> line ends. Stops with
/// <see cref="OutputTooLargeException"/> past <see cref="MaxChars"/>, so that no input can make it run for long.
/// </summary>
internal sealed class CodeWriter
{
    /// <summary>
    /// The most characters one generated file (or all of them together, checked by the generator) may have:
    /// 16 Mi, some 60 times the largest world we know (the May-2023 command world's glue is about 0.25 Mi).
    /// </summary>
    public const int MaxChars = 16 * 1024 * 1024;

    private readonly StringBuilder _sb = new();
    private int _indent;
    private bool _pendingBlank;
    private bool _atBlockStart = true;

    public void Line(string text)
    {
        if (_pendingBlank && !_atBlockStart) _sb.Append('\n');
        _pendingBlank = false;
        _atBlockStart = false;
        if (text.Length > 0) _sb.Append(' ', _indent * 4).Append(text);
        _sb.Append('\n');
        if (_sb.Length > MaxChars) throw new OutputTooLargeException();
    }

    /// <summary>Asks for an empty line before the next line, unless that line opens or closes a block.</summary>
    public void BlankLine() => _pendingBlank = true;

    public void Open(string header)
    {
        Line(header);
        Line("{");
        _indent++;
        _atBlockStart = true;
    }

    /// <summary>Opens a bare block (<c>{</c> on its own line), for a scope of locals.</summary>
    public void OpenBlock()
    {
        Line("{");
        _indent++;
        _atBlockStart = true;
    }

    public void Close(string closing = "}")
    {
        _pendingBlank = false;
        _indent--;
        Line(closing);
    }

    /// <summary>Indents the following lines (a continuation, without braces).</summary>
    public void Indent()
    {
        _indent++;
        _atBlockStart = true;
    }

    public void Dedent()
    {
        _pendingBlank = false;
        _indent--;
    }

    public override string ToString() => _sb.ToString();
}

/// <summary>The C# for a world would exceed <see cref="CodeWriter.MaxChars"/>.</summary>
internal sealed class OutputTooLargeException : System.Exception
{
    public OutputTooLargeException() : base($"the generated C# would exceed {CodeWriter.MaxChars:N0} characters")
    {
    }
}
