using System.Collections.Generic;
using System.Text;

namespace WitBindgen.Generator.Emit;

/// <summary>WIT <c>///</c> documentation to C# XML documentation comments.</summary>
internal static class DocComments
{
    /// <summary>A <c>&lt;summary&gt;</c> of the WIT docs (one <c>///</c> line each), plus optional remarks.</summary>
    public static void Summary(CodeWriter w, string? docs, string? remarks = null)
    {
        var lines = Lines(docs);
        if (lines.Count > 0)
        {
            w.Line("/// <summary>");
            foreach (var line in lines) w.Line(line.Length == 0 ? "///" : "/// " + line);
            w.Line("/// </summary>");
        }
        if (remarks != null) w.Line("/// <remarks>" + remarks + "</remarks>");
    }

    /// <summary>
    /// <c>@deprecated(version = v)</c>: <c>[Obsolete("deprecated since v")]</c>, written after the docs (an attribute
    /// before them would detach them). Nothing for an item that is not deprecated.
    /// </summary>
    public static void Obsolete(CodeWriter w, string? deprecatedSince)
    {
        if (deprecatedSince is null) return;
        w.Line("[global::System.Obsolete(\"deprecated since " + deprecatedSince.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\")]");
    }

    /// <summary>A one-line summary of text we write ourselves (already valid XML).</summary>
    public static void Generated(CodeWriter w, string xml) => w.Line("/// <summary>" + xml + "</summary>");

    /// <summary>A <c>&lt;param&gt;</c> for WIT docs, if there are any.</summary>
    public static void Param(CodeWriter w, string name, string? docs)
    {
        var lines = Lines(docs);
        ParamLines(w, name, lines);
    }

    /// <summary>A <c>&lt;param&gt;</c> of text we write ourselves (already valid XML).</summary>
    public static void GeneratedParam(CodeWriter w, string name, string xml) => ParamLines(w, name, new List<string> { xml });

    private static void ParamLines(CodeWriter w, string name, List<string> lines)
    {
        if (lines.Count == 0) return;
        if (lines.Count == 1)
        {
            w.Line($"/// <param name=\"{name}\">{lines[0]}</param>");
            return;
        }
        w.Line($"/// <param name=\"{name}\">");
        foreach (var line in lines) w.Line(line.Length == 0 ? "///" : "/// " + line);
        w.Line("/// </param>");
    }

    public static bool HasDocs(string? docs) => Lines(docs).Count > 0;

    /// <summary>The lines of the docs, escaped for XML, without trailing blank lines.</summary>
    public static List<string> Lines(string? docs)
    {
        var result = new List<string>();
        if (docs is null) return result;
        foreach (var raw in docs.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n'))
            result.Add(CodeSpans(Escape(raw)).TrimEnd());
        while (result.Count > 0 && result[result.Count - 1].Length == 0) result.RemoveAt(result.Count - 1);
        while (result.Count > 0 && result[0].Length == 0) result.RemoveAt(0);
        return result;
    }

    /// <summary>Markdown code spans (<c>`name`</c>) become <c>&lt;c&gt;name&lt;/c&gt;</c> when a line pairs its backticks.</summary>
    private static string CodeSpans(string line)
    {
        int count = 0;
        foreach (var c in line) if (c == '`') count++;
        if (count == 0 || count % 2 != 0) return line;
        var sb = new StringBuilder(line.Length + count * 2);
        bool open = false;
        foreach (var c in line)
        {
            if (c == '`')
            {
                sb.Append(open ? "</c>" : "<c>");
                open = !open;
            }
            else sb.Append(c);
        }
        return sb.ToString().Replace("<c></c>", "``");
    }

    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '\t': sb.Append("    "); break;
                default:
                    // Characters XML cannot hold are dropped.
                    if (c >= ' ' && c != '\uFFFE' && c != '\uFFFF') sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }
}
