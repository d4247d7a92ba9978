using System.Collections.Generic;
using System.Linq;
using WitBindgen.Generator.Diagnostics;
using WitBindgen.Generator.Syntax;
using Xunit;

namespace WitBindgen.Generator.Tests.FrontEnd;

public class LexerTests
{
    private static (List<Token> Tokens, List<WitDiagnostic> Diagnostics) Lex(string text)
    {
        var diagnostics = new List<WitDiagnostic>();
        var tokens = Lexer.Tokenize(new WitSource("/t.wit", text), diagnostics);
        return (tokens, diagnostics);
    }

    [Fact]
    public void Tokenizes_keywords_identifiers_punctuation_and_spans()
    {
        var (tokens, diagnostics) = Lex("record ip-socket-address { port: u16 }\nfoo: func() -> result<_, u8>");
        Assert.Empty(diagnostics);
        Assert.Equal(new[]
        {
            TokenKind.Record, TokenKind.Identifier, TokenKind.LeftBrace, TokenKind.Identifier, TokenKind.Colon, TokenKind.U16,
            TokenKind.RightBrace, TokenKind.Identifier, TokenKind.Colon, TokenKind.Func, TokenKind.LeftParen, TokenKind.RightParen,
            TokenKind.Arrow, TokenKind.Result, TokenKind.LessThan, TokenKind.Underscore, TokenKind.Comma, TokenKind.U8,
            TokenKind.GreaterThan, TokenKind.EndOfFile,
        }, tokens.Select(t => t.Kind));
        Assert.Equal("ip-socket-address", tokens[1].Text);
        Assert.Equal(7, tokens[1].Start);
        Assert.Equal(17, tokens[1].Length);
    }

    [Fact]
    public void Percent_escapes_a_keyword_into_an_identifier()
    {
        var (tokens, diagnostics) = Lex("%type %record plain");
        Assert.Empty(diagnostics);
        Assert.All(tokens.Take(3), t => Assert.Equal(TokenKind.Identifier, t.Kind));
        Assert.Equal(new[] { "type", "record", "plain" }, tokens.Take(3).Select(t => t.Text));
    }

    [Fact]
    public void Keeps_doc_comments_and_skips_plain_ones()
    {
        var (tokens, diagnostics) = Lex("// plain\n/// doc one\n//// not doc\n/* block /* nested */ still */\n/** block doc\n * line two\n */\nx");
        Assert.Empty(diagnostics);
        var docs = tokens.Where(t => t.Kind == TokenKind.DocComment).Select(t => t.Text).ToList();
        Assert.Equal(new[] { " doc one", "block doc\nline two" }, docs);
        Assert.Equal("x", tokens.Single(t => t.Kind == TokenKind.Identifier).Text);
    }

    [Fact]
    public void Reports_unexpected_character_with_line_and_column()
    {
        var (_, diagnostics) = Lex("interface a {\n  x: func() $\n}");
        var d = Assert.Single(diagnostics);
        Assert.Equal(WitDiagnosticIds.UnexpectedCharacter, d.Id);
        Assert.Equal(1, d.Span.Line);
        Assert.Equal(12, d.Span.Column);
        Assert.Contains("'$'", d.Message);
    }

    [Fact]
    public void Reports_unterminated_block_comment()
    {
        var (_, diagnostics) = Lex("interface a { /* never closed");
        Assert.Equal(WitDiagnosticIds.UnterminatedComment, Assert.Single(diagnostics).Id);
    }

    [Theory]
    [InlineData("camelCase")]
    [InlineData("snake_case")]
    [InlineData("a-1b")]
    [InlineData("%")]
    public void Reports_identifiers_that_are_not_kebab_case(string text)
    {
        var (_, diagnostics) = Lex(text);
        Assert.Equal(WitDiagnosticIds.InvalidIdentifier, Assert.Single(diagnostics).Id);
    }

    [Fact]
    public void Accepts_acronym_words_and_digits()
    {
        var (tokens, diagnostics) = Lex("ipv4-socket-address HTTP-error u8-list");
        Assert.Empty(diagnostics);
        Assert.Equal(new[] { "ipv4-socket-address", "HTTP-error", "u8-list" }, tokens.Take(3).Select(t => t.Text));
    }

    [Fact]
    public void Lexes_a_version_after_at()
    {
        var (tokens, diagnostics) = Lex("use wasi:io/poll@0.2.0-rc.1.{pollable}");
        Assert.Empty(diagnostics);
        Assert.Contains(tokens, t => t.Kind == TokenKind.Integer && t.Text == "0.2.0-rc.1");
    }

    [Fact]
    public void Reports_non_ascii_and_control_characters_by_code_point()
    {
        var (_, diagnostics) = Lex("a \u0001 \U0001F600");
        Assert.Equal(2, diagnostics.Count);
        Assert.Contains("U+0001", diagnostics[0].Message);
        Assert.Contains("U+1F600", diagnostics[1].Message);
    }
}
