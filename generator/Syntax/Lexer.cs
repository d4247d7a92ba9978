using System.Collections.Generic;
using System.Text;
using WitBindgen.Generator.Diagnostics;

namespace WitBindgen.Generator.Syntax;

/// <summary>
/// Turns WIT text into tokens. Plain comments are skipped; doc comments are kept as tokens so the parser can attach
/// them to the next item. Bad characters are reported and skipped, so lexing always reaches the end.
/// </summary>
public sealed class Lexer
{
    private static readonly Dictionary<string, TokenKind> Keywords = new()
    {
        ["use"] = TokenKind.Use, ["type"] = TokenKind.Type, ["func"] = TokenKind.Func,
        ["u8"] = TokenKind.U8, ["u16"] = TokenKind.U16, ["u32"] = TokenKind.U32, ["u64"] = TokenKind.U64,
        ["s8"] = TokenKind.S8, ["s16"] = TokenKind.S16, ["s32"] = TokenKind.S32, ["s64"] = TokenKind.S64,
        ["float32"] = TokenKind.Float32, ["float64"] = TokenKind.Float64,
        ["char"] = TokenKind.Char, ["record"] = TokenKind.Record, ["flags"] = TokenKind.Flags,
        ["variant"] = TokenKind.Variant, ["enum"] = TokenKind.Enum, ["union"] = TokenKind.Union,
        ["bool"] = TokenKind.Bool, ["string"] = TokenKind.String, ["option"] = TokenKind.Option,
        ["result"] = TokenKind.Result, ["future"] = TokenKind.Future, ["stream"] = TokenKind.Stream,
        ["list"] = TokenKind.List, ["as"] = TokenKind.As, ["from"] = TokenKind.From, ["static"] = TokenKind.Static,
        ["interface"] = TokenKind.Interface, ["tuple"] = TokenKind.Tuple, ["import"] = TokenKind.Import,
        ["export"] = TokenKind.Export, ["world"] = TokenKind.World, ["default"] = TokenKind.Default,
        ["pkg"] = TokenKind.Pkg, ["self"] = TokenKind.Self,
    };

    /// <summary>
    /// Words that are keywords only in today's WIT. The May-2023 dialect allows them as names, so they are lexed as
    /// identifiers and the parser recognises them where today's grammar expects them.
    /// </summary>
    public static readonly Dictionary<string, TokenKind> ContextualKeywords = new()
    {
        ["package"] = TokenKind.Package, ["include"] = TokenKind.Include, ["with"] = TokenKind.With,
        ["resource"] = TokenKind.Resource, ["own"] = TokenKind.Own, ["borrow"] = TokenKind.Borrow,
        ["constructor"] = TokenKind.Constructor, ["f32"] = TokenKind.F32, ["f64"] = TokenKind.F64,
    };

    private readonly WitSource _source;
    private readonly string _text;
    private readonly List<WitDiagnostic> _diagnostics;
    private int _pos;

    private Lexer(WitSource source, List<WitDiagnostic> diagnostics)
    {
        _source = source;
        _text = source.Text;
        _diagnostics = diagnostics;
    }

    public static List<Token> Tokenize(WitSource source, List<WitDiagnostic> diagnostics)
    {
        var lexer = new Lexer(source, diagnostics);
        var tokens = new List<Token>();
        while (true)
        {
            var token = lexer.Next();
            tokens.Add(token);
            if (token.Kind == TokenKind.EndOfFile) return tokens;
        }
    }

    public static string Describe(TokenKind kind) => kind switch
    {
        TokenKind.EndOfFile => "end of file",
        TokenKind.Identifier => "an identifier",
        TokenKind.Integer => "an integer",
        TokenKind.DocComment => "a doc comment",
        TokenKind.LeftBrace => "'{'", TokenKind.RightBrace => "'}'",
        TokenKind.LeftParen => "'('", TokenKind.RightParen => "')'",
        TokenKind.LessThan => "'<'", TokenKind.GreaterThan => "'>'",
        TokenKind.Comma => "','", TokenKind.Colon => "':'", TokenKind.Semicolon => "';'",
        TokenKind.Equals => "'='", TokenKind.Period => "'.'", TokenKind.Star => "'*'",
        TokenKind.Arrow => "'->'", TokenKind.Slash => "'/'", TokenKind.At => "'@'",
        TokenKind.Plus => "'+'", TokenKind.Minus => "'-'", TokenKind.Underscore => "'_'",
        _ => "keyword '" + KeywordText(kind) + "'",
    };

    public static string KeywordText(TokenKind kind)
    {
        foreach (var pair in Keywords)
            if (pair.Value == kind) return pair.Key;
        foreach (var pair in ContextualKeywords)
            if (pair.Value == kind) return pair.Key;
        return kind.ToString().ToLowerInvariant();
    }

    private Token Next()
    {
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            int start = _pos;
            switch (c)
            {
                case ' ': case '\t': case '\n': case '\r': case '\uFEFF':
                    _pos++;
                    continue;
                case '/':
                    if (Peek(1) == '/')
                    {
                        int end = _text.IndexOf('\n', _pos);
                        if (end < 0) end = _text.Length;
                        bool isDoc = Peek(2) == '/' && Peek(3) != '/';
                        _pos = end;
                        if (isDoc)
                        {
                            var body = _text.Substring(start + 3, end - start - 3).TrimEnd('\r');
                            return new Token(TokenKind.DocComment, start, end - start, body);
                        }
                        continue;
                    }
                    if (Peek(1) == '*')
                    {
                        bool isDoc = Peek(2) == '*' && Peek(3) != '/' && Peek(3) != '*';
                        if (!SkipBlockComment(start)) return new Token(TokenKind.EndOfFile, _text.Length, 0, "");
                        if (isDoc)
                        {
                            var body = _text.Substring(start + 3, _pos - start - 5);
                            return new Token(TokenKind.DocComment, start, _pos - start, CleanBlockDoc(body));
                        }
                        continue;
                    }
                    _pos++;
                    return new Token(TokenKind.Slash, start, 1, "/");
                case '{': return Punct(TokenKind.LeftBrace);
                case '}': return Punct(TokenKind.RightBrace);
                case '(': return Punct(TokenKind.LeftParen);
                case ')': return Punct(TokenKind.RightParen);
                case '<': return Punct(TokenKind.LessThan);
                case '>': return Punct(TokenKind.GreaterThan);
                case ',': return Punct(TokenKind.Comma);
                case ':': return Punct(TokenKind.Colon);
                case ';': return Punct(TokenKind.Semicolon);
                case '=': return Punct(TokenKind.Equals);
                case '.': return Punct(TokenKind.Period);
                case '*': return Punct(TokenKind.Star);
                case '@': return Punct(TokenKind.At);
                case '+': return Punct(TokenKind.Plus);
                case '-':
                    if (Peek(1) == '>')
                    {
                        _pos += 2;
                        return new Token(TokenKind.Arrow, start, 2, "->");
                    }
                    return Punct(TokenKind.Minus);
                case '%':
                    _pos++;
                    if (_pos < _text.Length && IsIdentStart(_text[_pos]))
                    {
                        var name = ReadIdentifier();
                        return new Token(TokenKind.Identifier, start, _pos - start, name);
                    }
                    Report(WitDiagnosticIds.InvalidIdentifier, start, 1, "expected an identifier after '%'");
                    continue;
                default:
                    if (c == '_' && !(Peek(1) is char n && IsIdentPart(n)))
                        return Punct(TokenKind.Underscore);
                    if (IsIdentStart(c))
                    {
                        var name = ReadIdentifier();
                        return Keywords.TryGetValue(name, out var kw)
                            ? new Token(kw, start, _pos - start, name)
                            : new Token(TokenKind.Identifier, start, _pos - start, name);
                    }
                    if (c >= '0' && c <= '9')
                    {
                        if (start > 0 && _text[start - 1] == '@') return ReadVersion(start);
                        while (_pos < _text.Length && _text[_pos] >= '0' && _text[_pos] <= '9') _pos++;
                        return new Token(TokenKind.Integer, start, _pos - start, _text.Substring(start, _pos - start));
                    }
                    int len = char.IsHighSurrogate(c) && _pos + 1 < _text.Length ? 2 : 1;
                    Report(WitDiagnosticIds.UnexpectedCharacter, start, len,
                        $"unexpected character {DescribeChar(_text, start)}");
                    _pos += len;
                    continue;
            }
        }
        return new Token(TokenKind.EndOfFile, _text.Length, 0, "");
    }

    /// <summary>A semver right after '@' (today's dialect): digits, letters, '.', '-', '+', up to a '.{'.</summary>
    private Token ReadVersion(int start)
    {
        while (_pos < _text.Length)
        {
            char v = _text[_pos];
            if (v == '.' && (Peek(1) == '{' || Peek(1) is null)) break;
            if (IsIdentPart(v) || v == '.' || v == '-' || v == '+') _pos++;
            else break;
        }
        return new Token(TokenKind.Integer, start, _pos - start, _text.Substring(start, _pos - start));
    }

    private Token Punct(TokenKind kind)
    {
        var token = new Token(kind, _pos, 1, _text.Substring(_pos, 1));
        _pos++;
        return token;
    }

    private char? Peek(int offset) => _pos + offset < _text.Length ? _text[_pos + offset] : null;

    private static bool IsIdentStart(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';

    private static bool IsIdentPart(char c) => IsIdentStart(c) || (c >= '0' && c <= '9');

    /// <summary>
    /// Reads a kebab-case identifier: words of letters and digits joined by single '-', each word starting with a
    /// letter. Words mixing upper and lower case are reported (WIT's "acronym" rule).
    /// </summary>
    private string ReadIdentifier()
    {
        int start = _pos;
        while (true)
        {
            int wordStart = _pos;
            while (_pos < _text.Length && IsIdentPart(_text[_pos])) _pos++;
            CheckWord(wordStart, _pos - wordStart);
            if (_pos + 1 < _text.Length && _text[_pos] == '-' && IsIdentPart(_text[_pos + 1]))
            {
                _pos++;
                continue;
            }
            break;
        }
        return _text.Substring(start, _pos - start);
    }

    private void CheckWord(int start, int length)
    {
        if (length == 0) return;
        char first = _text[start];
        if (first >= '0' && first <= '9' || first == '_')
        {
            Report(WitDiagnosticIds.InvalidIdentifier, start, length,
                $"identifier word '{_text.Substring(start, length)}' must start with a letter");
            return;
        }
        bool lower = false, upper = false;
        for (int i = start; i < start + length; i++)
        {
            char c = _text[i];
            if (c >= 'a' && c <= 'z') lower = true;
            else if (c >= 'A' && c <= 'Z') upper = true;
            else if (c == '_')
            {
                Report(WitDiagnosticIds.InvalidIdentifier, i, 1, "identifiers are kebab-case: '_' is not allowed, use '-'");
                return;
            }
        }
        if (lower && upper)
        {
            Report(WitDiagnosticIds.InvalidIdentifier, start, length,
                $"identifier word '{_text.Substring(start, length)}' mixes upper and lower case; WIT words are all lower or all upper case");
        }
    }

    private bool SkipBlockComment(int start)
    {
        // Block comments nest, as in wit-parser.
        int depth = 0;
        while (_pos < _text.Length)
        {
            if (_text[_pos] == '/' && Peek(1) == '*')
            {
                depth++;
                _pos += 2;
            }
            else if (_text[_pos] == '*' && Peek(1) == '/')
            {
                depth--;
                _pos += 2;
                if (depth == 0) return true;
            }
            else _pos++;
        }
        Report(WitDiagnosticIds.UnterminatedComment, start, 2, "unterminated block comment: expected '*/'");
        return false;
    }

    private static string CleanBlockDoc(string body)
    {
        var sb = new StringBuilder();
        var lines = body.Replace("\r", "").Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.StartsWith("*")) line = line.Substring(1).TrimStart();
            if ((i == 0 || i == lines.Length - 1) && line.Length == 0) continue;
            if (sb.Length > 0) sb.Append('\n');
            sb.Append(line);
        }
        return sb.ToString();
    }

    internal static string DescribeChar(string text, int index)
    {
        char c = text[index];
        if (char.IsHighSurrogate(c) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
            return $"'{text.Substring(index, 2)}' (U+{char.ConvertToUtf32(c, text[index + 1]):X4})";
        if (c < 0x20 || c == 0x7f || char.IsSurrogate(c) || c == '\uFFFD')
            return $"U+{(int)c:X4}";
        return $"'{c}'";
    }

    private void Report(string id, int start, int length, string message) =>
        _diagnostics.Add(new WitDiagnostic(id, message, _source.Span(start, length)));
}
