using System.Collections.Generic;
using WitBindgen.Generator.Diagnostics;

namespace WitBindgen.Generator.Syntax;

// Today's WIT (2024 on): feature gates, `include … with { … }`, resource bodies, and the words of the async ABI,
// which are reported at their token as not supported.
public sealed partial class Parser
{
    /// <summary>An item's doc comments and gates (<c>@since</c>, <c>@unstable</c>, <c>@deprecated</c>), in either order.</summary>
    private (string? Docs, Gate Gate) ParsePrefix()
    {
        var docs = ParseDocs();
        var gate = Gate.None;
        while (PeekAt(0).Kind == TokenKind.At && PeekAt(1).Kind == TokenKind.Identifier)
        {
            SkipStrayDocs();
            Advance();
            var kind = ExpectId("'since', 'unstable' or 'deprecated' after '@'");
            if (kind.Name is not ("since" or "unstable" or "deprecated"))
                throw Error(kind.Token, $"unknown gate '@{kind.Name}': expected '@since', '@unstable' or '@deprecated'");
            Expect(TokenKind.LeftParen, $"'(' after '@{kind.Name}'");
            string? version = null, feature = null;
            while (true)
            {
                var key = ExpectId("'version' or 'feature'");
                Expect(TokenKind.Equals, $"'=' after '{key.Name}'");
                if (key.Name == "version") version = ParseRawVersion();
                else if (key.Name == "feature") feature = ExpectId("a feature name").Name;
                else throw Error(key.Token, $"unknown gate argument '{key.Name}': expected 'version' or 'feature'");
                if (Eat(TokenKind.Comma)) continue;
                Expect(TokenKind.RightParen, $"',' or ')' to close '@{kind.Name}('");
                break;
            }
            gate = kind.Name switch
            {
                "since" => gate with { Since = version ?? throw Error(kind.Token, "'@since' needs a version, as in '@since(version = 0.2.0)'") },
                "unstable" => gate with { UnstableFeature = feature ?? throw Error(kind.Token, "'@unstable' needs a feature, as in '@unstable(feature = my-feature)'") },
                _ => gate with { Deprecated = version ?? throw Error(kind.Token, "'@deprecated' needs a version, as in '@deprecated(version = 0.2.0)'") },
            };
            var more = ParseDocs();
            if (more != null) docs = docs == null ? more : docs + "\n" + more;
        }
        return (docs, gate);
    }

    /// <summary>A version as written (<c>0.2.0</c>, <c>0.3.0-rc-2025-01-01</c>): the text up to ',' or ')'.</summary>
    private string ParseRawVersion()
    {
        SkipStrayDocs();
        var first = Peek();
        var last = first;
        while (Peek().Kind is not (TokenKind.RightParen or TokenKind.Comma or TokenKind.EndOfFile or TokenKind.DocComment)) last = Advance();
        if (first.Kind is TokenKind.RightParen or TokenKind.Comma or TokenKind.EndOfFile) throw Expected("a version");
        return _source.Text.Substring(first.Start, last.End - first.Start);
    }

    /// <summary>An item gated on a feature the project did not enable (<c>&lt;WitBindgenFeatures&gt;</c>).</summary>
    private bool Excluded(Gate gate) => gate.UnstableFeature is { } feature && !_features.Contains(feature);

    private static void Truncate<T>(List<T> list, int count)
    {
        if (list.Count > count) list.RemoveRange(count, list.Count - count);
    }

    /// <summary><c>async func</c> belongs to the async ABI (WASI 0.3), which this generator does not support.</summary>
    private void RejectAsync()
    {
        SkipStrayDocs();
        var token = Peek();
        if (token.Kind == TokenKind.Identifier && token.Text == "async" && !IsEscaped(token) && PeekAt(1).Kind == TokenKind.Func)
            throw Error(token, "'async' functions (the component model's async ABI) are not supported", WitDiagnosticIds.UnsupportedFeature);
    }

    /// <summary><c>include path [with { a as b, … }]</c>, after the <c>include</c> word.</summary>
    private IncludeAst ParseInclude()
    {
        var token = Peek();
        var path = ParseUsePath(allowTrailingBrace: false);
        var with = new List<(Id From, Id To)>();
        if (IsContextual(PeekAt(0), TokenKind.With))
        {
            SkipStrayDocs();
            Advance();
            Expect(TokenKind.LeftBrace, "'{' after 'with'");
            while (!Eat(TokenKind.RightBrace))
            {
                var from = ExpectId("a name of the included world");
                Expect(TokenKind.As, "'as' after the name");
                var to = ExpectId("a new name after 'as'");
                with.Add((from, to));
                if (Eat(TokenKind.Comma)) continue;
                Expect(TokenKind.RightBrace, "',' or '}' in the 'with' list");
                break;
            }
        }
        EatSemicolon();
        return new IncludeAst(path, with, token);
    }

    /// <summary>The functions of a resource, after its '{' and up to its '}'.</summary>
    private void ParseResourceBody(List<ResourceFuncAst> functions)
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
            ResourceFuncAst function;
            if (IsContextual(token, TokenKind.Constructor) && PeekAt(1).Kind == TokenKind.LeftParen)
            {
                Advance();
                var parameters = ParseParamList("parameters");
                TypeAst? result = null;
                if (Eat(TokenKind.Arrow)) result = ParseType();
                function = new ResourceFuncAst(ResourceFuncKind.Constructor, new Id("constructor", token), docs, new FuncTypeAst(parameters, result, null), gate);
            }
            else if (token.Kind == TokenKind.Identifier)
            {
                var name = ExpectId("a method name");
                Expect(TokenKind.Colon, "':' after the method name");
                var kind = ResourceFuncKind.Method;
                if (Eat(TokenKind.Static)) kind = ResourceFuncKind.Static;
                RejectAsync();
                function = new ResourceFuncAst(kind, name, docs, ParseFuncType(), gate);
            }
            else throw Expected("'constructor', a method or '}' in the resource");
            EatSemicolon();
            if (!Excluded(gate)) functions.Add(function);
        }
    }
}
