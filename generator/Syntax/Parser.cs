using System;
using System.Collections.Generic;
using System.Text;
using WitBindgen.Generator.Diagnostics;
using WitBindgen.Generator.Model;

namespace WitBindgen.Generator.Syntax;

/// <summary>
/// Recursive-descent parser for WIT: the May-2023 dialect (documents, <c>default</c> items, <c>pkg.</c>/<c>self.</c>
/// paths, no semicolons) and the shape of today's (<c>package</c> line, optional <c>;</c>, qualified paths).
/// It stops a file at its first syntax error, reporting what was expected where, as wit-parser does.
/// </summary>
public sealed partial class Parser
{
    private const int MaxNesting = 100;

    private readonly WitSource _source;
    private readonly List<Token> _tokens;
    private readonly List<WitDiagnostic> _diagnostics;
    private readonly HashSet<string> _features;
    private int _index;
    private int _depth;

    private sealed class ParseError : Exception
    {
    }

    private Parser(WitSource source, List<Token> tokens, List<WitDiagnostic> diagnostics, IEnumerable<string>? features)
    {
        _source = source;
        _tokens = tokens;
        _diagnostics = diagnostics;
        _features = new HashSet<string>(features ?? System.Array.Empty<string>(), StringComparer.Ordinal);
    }

    /// <summary>
    /// Parses one file. Returns the AST of what parsed, which is complete when no error was reported. Items gated
    /// <c>@unstable(feature = f)</c> are left out unless <paramref name="features"/> enables <c>f</c>.
    /// </summary>
    public static FileAst Parse(WitSource source, List<WitDiagnostic> diagnostics, IEnumerable<string>? features = null)
    {
        int before = diagnostics.Count;
        var tokens = Lexer.Tokenize(source, diagnostics);
        var file = new FileAst(source);
        if (diagnostics.Count > before) return file;   // a lexical error already says what is wrong
        var parser = new Parser(source, tokens, diagnostics, features);
        try
        {
            parser.ParseFile(file);
        }
        catch (ParseError)
        {
            // Reported already.
        }
        return file;
    }

    // ---- file level ----

    private void ParseFile(FileAst file)
    {
        // Look past doc comments without taking them: they belong to the first item unless a package line follows.
        if (IsContextual(PeekAt(0), TokenKind.Package) && PeekAt(1).Kind == TokenKind.Identifier && PeekAt(2).Kind == TokenKind.Colon
            && !IsNestedPackage())
        {
            SkipStrayDocs();
            file.Package = ParsePackageName();
            EatSemicolon();
        }
        ParseItems(file, nested: false);
    }

    /// <summary>Whether the <c>package</c> ahead opens a block (<c>package a:b@1.0.0 { … }</c>) rather than naming the file's.</summary>
    private bool IsNestedPackage()
    {
        for (int i = 1; i < 8; i++)
        {
            var kind = PeekAt(i).Kind;
            if (kind == TokenKind.LeftBrace) return true;
            if (kind is TokenKind.Semicolon or TokenKind.EndOfFile or TokenKind.Interface or TokenKind.World or TokenKind.Use) return false;
        }
        return false;
    }

    /// <summary>Top-level items up to the end of the file, or of a nested package block (its '}' included).</summary>
    private void ParseItems(FileAst file, bool nested)
    {
        while (true)
        {
            var (docs, gate) = ParsePrefix();
            var token = Peek();
            int interfaces = file.Interfaces.Count, worlds = file.Worlds.Count, uses = file.Uses.Count;
            switch (token.Kind)
            {
                case TokenKind.EndOfFile:
                    if (nested) throw Expected("'}' to close the package");
                    return;
                case TokenKind.RightBrace when nested:
                    Advance();
                    return;
                case TokenKind.Default:
                    Advance();
                    if (Peek().Kind == TokenKind.Interface) file.Interfaces.Add(ParseInterface(docs, true, gate));
                    else if (Peek().Kind == TokenKind.World) file.Worlds.Add(ParseWorld(docs, true, gate));
                    else throw Expected("'interface' or 'world' after 'default'");
                    break;
                case TokenKind.Interface:
                    file.Interfaces.Add(ParseInterface(docs, false, gate));
                    break;
                case TokenKind.World:
                    file.Worlds.Add(ParseWorld(docs, false, gate));
                    break;
                case TokenKind.Use:
                {
                    var useToken = Advance();
                    var path = ParseUsePath(allowTrailingBrace: false);
                    Id? alias = null;
                    if (Eat(TokenKind.As)) alias = ExpectId("a name after 'as'");
                    EatSemicolon();
                    file.Uses.Add(new TopLevelUse(path, alias, useToken));
                    break;
                }
                default:
                    if (IsContextual(token, TokenKind.Package) && !nested && IsNestedPackage())
                    {
                        var decl = ParsePackageName();
                        Expect(TokenKind.LeftBrace, "'{' to open the package");
                        var inner = new FileAst(file.Source) { Package = decl };
                        ParseItems(inner, nested: true);
                        file.NestedPackages.Add(inner);
                        break;
                    }
                    if (IsContextual(token, TokenKind.Package))
                        throw Error(token, nested ? "packages do not nest inside packages" : "a 'package' declaration must come first in the file");
                    throw Expected(nested ? "'interface', 'world', 'use' or '}'" : file.Package is null
                        ? "'interface', 'world', 'default' or 'use'"
                        : "'interface', 'world', 'use' or a nested 'package'");
            }
            if (Excluded(gate))
            {
                Truncate(file.Interfaces, interfaces);
                Truncate(file.Worlds, worlds);
                Truncate(file.Uses, uses);
            }
        }
    }

    private PackageDecl ParsePackageName()
    {
        var token = Advance();
        var ns = ExpectId("a package namespace (as in 'package wasi:io')");
        Expect(TokenKind.Colon, "':' between the package namespace and name");
        var name = ExpectId("a package name");
        string? version = null;
        if (Eat(TokenKind.At)) version = Expect(TokenKind.Integer, "a version after '@'").Text;
        return new PackageDecl(ns.Name, name.Name, version, token);
    }

    // ---- interfaces ----

    private InterfaceAst ParseInterface(string? docs, bool isDefault, Gate gate)
    {
        Expect(TokenKind.Interface, "'interface'");
        var name = ExpectId("an interface name");
        var iface = new InterfaceAst(name, docs, isDefault) { Gate = gate };
        Expect(TokenKind.LeftBrace, "'{' to open the interface");
        ParseInterfaceBody(iface);
        return iface;
    }

    /// <summary>Parses items up to and including the closing brace.</summary>
    private void ParseInterfaceBody(InterfaceAst iface)
    {
        while (true)
        {
            var (docs, gate) = ParsePrefix();
            var token = Peek();
            if (token.Kind == TokenKind.RightBrace)
            {
                Advance();
                return;
            }
            if (Excluded(gate))
            {
                // Parsed for its syntax, then left out.
                ParseInterfaceItem(new InterfaceAst(iface.Name, null, false), docs, gate);
                continue;
            }
            ParseInterfaceItem(iface, docs, gate);
        }
    }

    private void ParseInterfaceItem(InterfaceAst iface, string? docs, Gate gate)
    {
        var token = Peek();
        if (token.Kind == TokenKind.Use)
        {
            var use = ParseUse();
            iface.Uses.Add(use);
            iface.Items.Add(use);
            return;
        }
        if (TryParseTypeDef(docs, gate, out var typeDef))
        {
            iface.Types.Add(typeDef!);
            iface.Items.Add(typeDef!);
            return;
        }
        if (token.Kind == TokenKind.Identifier)
        {
            var name = ExpectId("a function name");
            Expect(TokenKind.Colon, "':' after the function name");
            RejectAsync();
            var type = ParseFuncType();
            EatSemicolon();
            var func = new FuncAst(name, docs, type, gate);
            iface.Functions.Add(func);
            iface.Items.Add(func);
            return;
        }
        throw Expected("a type definition, a function, 'use' or '}'");
    }

    private UseAst ParseUse()
    {
        var token = Expect(TokenKind.Use, "'use'");
        var path = ParseUsePath(allowTrailingBrace: true);
        Expect(TokenKind.Period, "'.' before the list of used names");
        Expect(TokenKind.LeftBrace, "'{' to open the list of used names");
        var names = new List<UseName>();
        while (true)
        {
            if (Eat(TokenKind.RightBrace)) break;
            var name = ExpectId("a type name to use");
            Id? alias = null;
            if (Eat(TokenKind.As)) alias = ExpectId("a new name after 'as'");
            names.Add(new UseName(name, alias));
            if (Eat(TokenKind.Comma)) continue;
            Expect(TokenKind.RightBrace, "',' or '}' in the list of used names");
            break;
        }
        if (names.Count == 0) throw Error(token, "a 'use' must name at least one type");
        EatSemicolon();
        return new UseAst(path, names, token);
    }

    /// <summary>
    /// Parses an interface path. With <paramref name="allowTrailingBrace"/>, stops before a '.' followed by '{'
    /// (the names list of a <c>use</c>).
    /// </summary>
    private UsePath ParseUsePath(bool allowTrailingBrace)
    {
        var first = Peek();
        var segments = new List<Id>();
        UsePathRoot root;
        if (first.Kind == TokenKind.Self || first.Kind == TokenKind.Pkg)
        {
            Advance();
            root = first.Kind == TokenKind.Self ? UsePathRoot.Self : UsePathRoot.Pkg;
            Expect(TokenKind.Period, first.Kind == TokenKind.Self ? "'.' after 'self'" : "'.' after 'pkg'");
            segments.Add(ExpectId("an interface or document name"));
        }
        else
        {
            var id = ExpectId("an interface path");
            if (Peek().Kind == TokenKind.Colon)
            {
                // Today's `ns:pkg/iface@version`.
                Advance();
                var pkg = ExpectId("a package name after ':'");
                Expect(TokenKind.Slash, "'/' between the package and the interface");
                var iface = ExpectId("an interface name after '/'");
                string? version = null;
                if (Eat(TokenKind.At)) version = Expect(TokenKind.Integer, "a version after '@'").Text;
                segments.Add(pkg);
                segments.Add(iface);
                return new UsePath(UsePathRoot.Qualified, segments, id.Name, version, first);
            }
            segments.Add(id);
            root = UsePathRoot.Local;
        }
        while (Peek().Kind == TokenKind.Period)
        {
            if (allowTrailingBrace && PeekAt(1).Kind == TokenKind.LeftBrace) break;
            Advance();
            segments.Add(ExpectId("a name after '.'"));
        }
        if (root == UsePathRoot.Local && segments.Count > 1) root = UsePathRoot.Dependency;
        int max = root switch { UsePathRoot.Self => 1, UsePathRoot.Local => 1, _ => 3 };
        int min = root == UsePathRoot.Dependency ? 2 : 1;
        if (segments.Count > max || segments.Count < min)
        {
            throw Error(first, root switch
            {
                UsePathRoot.Self => "a 'self.' path names one interface of this document: 'self.iface'",
                UsePathRoot.Pkg => "a 'pkg.' path is 'pkg.document' or 'pkg.document.interface'",
                _ => "a dependency path is 'package.document' or 'package.document.interface'",
            });
        }
        return new UsePath(root, segments, null, null, first);
    }

    // ---- worlds ----

    private WorldAst ParseWorld(string? docs, bool isDefault, Gate gate)
    {
        Expect(TokenKind.World, "'world'");
        var name = ExpectId("a world name");
        var world = new WorldAst(name, docs, isDefault) { Gate = gate };
        Expect(TokenKind.LeftBrace, "'{' to open the world");
        while (true)
        {
            var (itemDocs, itemGate) = ParsePrefix();
            var token = Peek();
            // An excluded item is parsed into a world that is then dropped.
            var into = Excluded(itemGate) ? new WorldAst(name, null, false) : world;
            ParseWorldItemInto(into, itemDocs, itemGate, token, out bool closed);
            if (closed) return world;
        }
    }

    private void ParseWorldItemInto(WorldAst world, string? itemDocs, Gate itemGate, Token token, out bool closed)
    {
        closed = false;
        {
            switch (token.Kind)
            {
                case TokenKind.RightBrace:
                    Advance();
                    closed = true;
                    return;
                case TokenKind.Import:
                case TokenKind.Export:
                    world.Items.Add(ParseWorldItem(itemDocs, itemGate));
                    break;
                case TokenKind.Use:
                    world.Uses.Add(ParseUse());
                    break;
                default:
                    if (IsContextual(token, TokenKind.Include) && PeekAt(1).Kind is TokenKind.Identifier or TokenKind.Pkg or TokenKind.Self)
                    {
                        Advance();
                        world.Includes.Add(ParseInclude());
                        break;
                    }
                    if (TryParseTypeDef(itemDocs, itemGate, out var typeDef))
                    {
                        world.Types.Add(typeDef!);
                        break;
                    }
                    throw Expected("'import', 'export', 'use', 'include', a type definition or '}'");
            }
        }
    }

    private WorldItemAst ParseWorldItem(string? docs, Gate gate)
    {
        var token = Advance();
        bool isImport = token.Kind == TokenKind.Import;
        var first = Peek();
        if (first.Kind == TokenKind.Identifier && PeekAt(1).Kind == TokenKind.Colon)
        {
            var afterColon = PeekAt(2);
            bool qualified = afterColon.Kind == TokenKind.Identifier && PeekAt(3).Kind == TokenKind.Slash;
            if (!qualified)
            {
                var name = ExpectId("an import or export name");
                Expect(TokenKind.Colon, "':'");
                ExternAst ext;
                RejectAsync();
                if (Peek().Kind == TokenKind.Func)
                {
                    ext = new ExternFunc(ParseFuncType());
                }
                else if (Peek().Kind == TokenKind.Interface)
                {
                    var ifaceToken = Advance();
                    var body = new InterfaceAst(new Id(name.Name, ifaceToken), docs, false);
                    Expect(TokenKind.LeftBrace, "'{' to open the interface");
                    ParseInterfaceBody(body);
                    ext = new ExternInterface(body);
                }
                else
                {
                    ext = new ExternPath(ParseUsePath(allowTrailingBrace: false));
                }
                EatSemicolon();
                return new WorldItemAst(isImport, name, docs, ext, token) { Gate = gate };
            }
        }
        // Today's `import wasi:io/streams@0.2.0;` or `import iface;`: the name is the path's.
        var path = ParseUsePath(allowTrailingBrace: false);
        EatSemicolon();
        var last = path.Segments[path.Segments.Count - 1];
        return new WorldItemAst(isImport, last, docs, new ExternPath(path), token) { Gate = gate };
    }

    // ---- doc comments ----

    private string? ParseDocs()
    {
        StringBuilder? sb = null;
        while (Peek().Kind == TokenKind.DocComment)
        {
            var token = Advance();
            var text = token.Text;
            if (text.StartsWith(" ")) text = text.Substring(1);
            sb ??= new StringBuilder();
            if (sb.Length > 0) sb.Append('\n');
            sb.Append(text);
        }
        return sb?.ToString();
    }

    // ---- token helpers ----

    /// <summary>An identifier spelled like one of today's keywords (see <see cref="Lexer.ContextualKeywords"/>).</summary>
    private static bool IsContextual(Token token, TokenKind keyword) =>
        token.Kind == TokenKind.Identifier && token.Start >= 0 && Lexer.ContextualKeywords.TryGetValue(token.Text, out var kind) && kind == keyword
        && !IsEscaped(token);

    private static bool IsEscaped(Token token) => token.Length != token.Text.Length;

    private Token Peek()
    {
        var token = _tokens[_index];
        return token;
    }

    private Token PeekAt(int offset)
    {
        // Doc comments between tokens would break look-ahead; they only appear before items, so skip them.
        int i = _index;
        int seen = 0;
        while (i < _tokens.Count - 1)
        {
            if (_tokens[i].Kind != TokenKind.DocComment)
            {
                if (seen == offset) return _tokens[i];
                seen++;
            }
            i++;
        }
        return _tokens[_tokens.Count - 1];
    }

    private Token Advance()
    {
        var token = _tokens[_index];
        if (_index < _tokens.Count - 1) _index++;
        return token;
    }

    private bool Eat(TokenKind kind)
    {
        // Only skip doc comments when the token is there: otherwise they belong to the next item.
        if (PeekAt(0).Kind != kind) return false;
        SkipStrayDocs();
        Advance();
        return true;
    }

    private void EatSemicolon() => Eat(TokenKind.Semicolon);

    private Token Expect(TokenKind kind, string what)
    {
        SkipStrayDocs();
        if (Peek().Kind != kind) throw Expected(what);
        return Advance();
    }

    private Id ExpectId(string what)
    {
        SkipStrayDocs();
        var token = Peek();
        if (token.Kind == TokenKind.Identifier)
        {
            Advance();
            return new Id(token.Text, token);
        }
        if (token.Kind >= TokenKind.Use)
        {
            throw Error(token, $"expected {what}, found {Lexer.Describe(token.Kind)} (escape it as '%{token.Text}' to use it as a name)");
        }
        throw Expected(what);
    }

    /// <summary>A doc comment in the middle of an item (say, before a closing brace) documents nothing: skip it.</summary>
    private void SkipStrayDocs()
    {
        while (_tokens[_index].Kind == TokenKind.DocComment && _index < _tokens.Count - 1) _index++;
    }

    private Exception Expected(string what)
    {
        SkipStrayDocs();
        var token = Peek();
        var found = token.Kind switch
        {
            TokenKind.EndOfFile => "end of file",
            TokenKind.Identifier => $"'{token.Text}'",
            TokenKind.Integer => $"'{token.Text}'",
            _ => Lexer.Describe(token.Kind),
        };
        var id = token.Kind == TokenKind.EndOfFile ? WitDiagnosticIds.UnexpectedEndOfFile : WitDiagnosticIds.UnexpectedToken;
        _diagnostics.Add(new WitDiagnostic(id, $"expected {what}, found {found}", _source.Span(token)));
        return new ParseError();
    }

    private Exception Error(Token token, string message, string? id = null)
    {
        id ??= token.Kind == TokenKind.EndOfFile ? WitDiagnosticIds.UnexpectedEndOfFile : WitDiagnosticIds.UnexpectedToken;
        _diagnostics.Add(new WitDiagnostic(id, message, _source.Span(token)));
        return new ParseError();
    }
}
