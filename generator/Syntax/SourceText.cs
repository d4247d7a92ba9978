using System.Collections.Generic;
using WitBindgen.Generator.Diagnostics;

namespace WitBindgen.Generator.Syntax;

/// <summary>A .wit file's text with its line starts, to turn offsets into lines and columns.</summary>
public sealed class WitSource
{
    private readonly List<int> _lineStarts = new() { 0 };

    public WitSource(string path, string text)
    {
        Path = path;
        Text = text;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n') _lineStarts.Add(i + 1);
        }
    }

    public string Path { get; }
    public string Text { get; }

    public SourceSpan Span(int start, int length)
    {
        if (start < 0) start = 0;
        if (start > Text.Length) start = Text.Length;
        if (length < 0) length = 0;
        if (start + length > Text.Length) length = Text.Length - start;
        var (line, col) = Position(start);
        var (endLine, endCol) = Position(start + length);
        return new SourceSpan(Path, start, length, line, col, endLine, endCol);
    }

    public SourceSpan Span(Token token) => Span(token.Start, token.Length);

    private (int Line, int Column) Position(int offset)
    {
        int lo = 0, hi = _lineStarts.Count - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) / 2;
            if (_lineStarts[mid] <= offset) lo = mid;
            else hi = mid - 1;
        }
        return (lo, offset - _lineStarts[lo]);
    }
}
