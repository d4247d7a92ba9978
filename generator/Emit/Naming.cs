using System;
using System.Collections.Generic;
using System.Text;

namespace WitBindgen.Generator.Emit;

/// <summary>
/// WIT names (kebab-case, optionally <c>%</c>-escaped) to C# identifiers: PascalCase for types and members,
/// camelCase for parameters, <c>@</c> before a parameter that is a C# keyword.
/// </summary>
internal static class Naming
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
        "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern",
        "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface",
        "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out", "override",
        "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short",
        "sizeof", "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof",
        "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",
    };

    /// <summary><c>ip-socket-address</c> → <c>IpSocketAddress</c>; all-capital words are kept (<c>HTTP</c>).</summary>
    public static string Pascal(string? witName)
    {
        var sb = new StringBuilder();
        foreach (var word in Words(witName))
        {
            if (IsAllCaps(word)) sb.Append(word);
            else
            {
                sb.Append(char.ToUpperInvariant(word[0]));
                sb.Append(word, 1, word.Length - 1);
            }
        }
        return Sanitize(sb.ToString());
    }

    /// <summary><c>new-timestamp</c> → <c>newTimestamp</c>, <c>this</c> → <c>@this</c>.</summary>
    public static string Camel(string? witName)
    {
        var sb = new StringBuilder();
        bool first = true;
        foreach (var word in Words(witName))
        {
            if (first) sb.Append(word.ToLowerInvariant());
            else if (IsAllCaps(word)) sb.Append(word);
            else
            {
                sb.Append(char.ToUpperInvariant(word[0]));
                sb.Append(word, 1, word.Length - 1);
            }
            first = false;
        }
        return EscapeKeyword(Sanitize(sb.ToString()));
    }

    /// <summary>Lower-cases the first letter of a C# identifier (for parameters named after members).</summary>
    public static string CamelFromPascal(string pascal)
    {
        if (pascal.Length == 0) return "_";
        int upper = 0;
        while (upper < pascal.Length && char.IsUpper(pascal[upper])) upper++;
        string camel;
        if (upper <= 1) camel = char.ToLowerInvariant(pascal[0]) + pascal.Substring(1);
        else if (upper == pascal.Length) camel = pascal.ToLowerInvariant();
        // "HTTPRequest" → "httpRequest": keep the capital that starts the next word.
        else camel = pascal.Substring(0, upper - 1).ToLowerInvariant() + pascal.Substring(upper - 1);
        return EscapeKeyword(camel);
    }

    public static string EscapeKeyword(string name) => Keywords.Contains(name) ? "@" + name : name;

    public static bool IsKeyword(string name) => Keywords.Contains(name);

    /// <summary>Makes a valid C# identifier of a namespace segment, type or member name.</summary>
    public static string Sanitize(string name)
    {
        var sb = new StringBuilder(name.Length + 1);
        foreach (var c in name)
            sb.Append(char.IsLetterOrDigit(c) || c == '_' ? c : '_');
        if (sb.Length == 0) return "_";
        if (char.IsDigit(sb[0])) sb.Insert(0, '_');
        return sb.ToString();
    }

    /// <summary>A namespace with every segment a valid identifier (keywords escaped).</summary>
    public static string SanitizeNamespace(string? ns)
    {
        if (string.IsNullOrWhiteSpace(ns)) return "";
        var parts = ns!.Trim().Split('.');
        for (int i = 0; i < parts.Length; i++)
        {
            var part = parts[i].Trim();
            if (part.StartsWith("@", StringComparison.Ordinal)) part = part.Substring(1);
            parts[i] = EscapeKeyword(Sanitize(part));
        }
        return string.Join(".", parts);
    }

    private static IEnumerable<string> Words(string? witName)
    {
        var name = witName ?? "";
        if (name.StartsWith("%", StringComparison.Ordinal)) name = name.Substring(1);
        foreach (var word in name.Split('-'))
            if (word.Length > 0) yield return word;
    }

    private static bool IsAllCaps(string word)
    {
        bool anyUpper = false;
        foreach (var c in word)
        {
            if (char.IsLower(c)) return false;
            if (char.IsUpper(c)) anyUpper = true;
        }
        return anyUpper && word.Length > 1;
    }
}

/// <summary>
/// Hands out unique names within one C# scope: a taken name gets <c>Value</c> appended (the C# convention for
/// a member that would repeat its type's name), then a number.
/// </summary>
internal sealed class NameScope
{
    private readonly HashSet<string> _taken;

    public NameScope(IEnumerable<string>? reserved = null, bool ignoreCase = false)
    {
        _taken = new HashSet<string>(ignoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        if (reserved != null) foreach (var r in reserved) _taken.Add(r);
    }

    public bool IsTaken(string name) => _taken.Contains(name);

    public void Reserve(string name) => _taken.Add(name);

    /// <summary>Takes <paramref name="name"/>, or the first free of <c>name + suffix</c>, <c>name + suffix + 2</c>, ….</summary>
    public string Take(string name, string suffix = "Value")
    {
        if (_taken.Add(name)) return name;
        var candidate = name + suffix;
        if (_taken.Add(candidate)) return candidate;
        for (int i = 2; ; i++)
        {
            candidate = name + suffix + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (_taken.Add(candidate)) return candidate;
        }
    }

    /// <summary>Takes the first free of <paramref name="name"/>, <c>name2</c>, <c>name3</c>, ….</summary>
    public string TakeNumbered(string name)
    {
        if (_taken.Add(name)) return name;
        for (int i = 2; ; i++)
        {
            var candidate = name + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (_taken.Add(candidate)) return candidate;
        }
    }
}
