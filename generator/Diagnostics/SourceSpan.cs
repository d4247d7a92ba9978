namespace WitBindgen.Generator.Diagnostics;

/// <summary>A range of a .wit file: offsets for Roslyn, zero-based lines and columns for people.</summary>
public readonly record struct SourceSpan(string Path, int Start, int Length, int Line, int Column, int EndLine, int EndColumn)
{
    public static SourceSpan None(string path) => new(path, 0, 0, 0, 0, 0, 0);

    public override string ToString() => $"{Path}({Line + 1},{Column + 1})";
}
