using System;
using System.Collections.Generic;
using WitBindgen.Generator.Diagnostics;
using WitBindgen.Generator.Model;

namespace WitBindgen.Generator.Syntax;

// Type definitions, function types and type expressions.
public sealed partial class Parser
{
    // ---- types ----

    private bool TryParseTypeDef(string? docs, Gate gate, out TypeDefAst? typeDef)
    {
        typeDef = null;
        var token = Peek();
        switch (token.Kind)
        {
            case TokenKind.Type:
            {
                Advance();
                var name = ExpectId("a type name");
                Expect(TokenKind.Equals, "'=' after the type name");
                var target = ParseType();
                EatSemicolon();
                typeDef = new TypeDefAst(name, docs, new AliasBody(target)) { Gate = gate };
                return true;
            }
            case TokenKind.Record:
            {
                Advance();
                var name = ExpectId("a record name");
                Expect(TokenKind.LeftBrace, "'{' to open the record");
                var fields = new List<FieldAst>();
                ParseList(() =>
                {
                    var fieldDocs = ParseDocs();
                    if (Peek().Kind == TokenKind.RightBrace) return false;
                    var fieldName = ExpectId("a field name");
                    Expect(TokenKind.Colon, "':' after the field name");
                    fields.Add(new FieldAst(fieldName, fieldDocs, ParseType()));
                    return true;
                }, "record fields");
                typeDef = new TypeDefAst(name, docs, new RecordBody(fields)) { Gate = gate };
                return true;
            }
            case TokenKind.Variant:
            {
                Advance();
                var name = ExpectId("a variant name");
                Expect(TokenKind.LeftBrace, "'{' to open the variant");
                var cases = new List<CaseAst>();
                ParseList(() =>
                {
                    var caseDocs = ParseDocs();
                    if (Peek().Kind == TokenKind.RightBrace) return false;
                    var caseName = ExpectId("a case name");
                    TypeAst? payload = null;
                    if (Eat(TokenKind.LeftParen))
                    {
                        payload = ParseType();
                        Expect(TokenKind.RightParen, "')' after the case's payload type");
                    }
                    cases.Add(new CaseAst(caseName, caseDocs, payload));
                    return true;
                }, "variant cases");
                typeDef = new TypeDefAst(name, docs, new VariantBody(cases)) { Gate = gate };
                return true;
            }
            case TokenKind.Enum:
            case TokenKind.Flags:
            {
                Advance();
                bool isEnum = token.Kind == TokenKind.Enum;
                var name = ExpectId(isEnum ? "an enum name" : "a flags name");
                Expect(TokenKind.LeftBrace, isEnum ? "'{' to open the enum" : "'{' to open the flags");
                var items = new List<NamedItemAst>();
                ParseList(() =>
                {
                    var itemDocs = ParseDocs();
                    if (Peek().Kind == TokenKind.RightBrace) return false;
                    items.Add(new NamedItemAst(ExpectId(isEnum ? "an enum case" : "a flag name"), itemDocs));
                    return true;
                }, isEnum ? "enum cases" : "flags");
                typeDef = new TypeDefAst(name, docs, isEnum ? new EnumBody(items) : new FlagsBody(items)) { Gate = gate };
                return true;
            }
            case TokenKind.Union:
            {
                Advance();
                var name = ExpectId("a union name");
                Expect(TokenKind.LeftBrace, "'{' to open the union");
                var cases = new List<UnionCaseAst>();
                ParseList(() =>
                {
                    var caseDocs = ParseDocs();
                    if (Peek().Kind == TokenKind.RightBrace) return false;
                    cases.Add(new UnionCaseAst(caseDocs, ParseType()));
                    return true;
                }, "union cases");
                typeDef = new TypeDefAst(name, docs, new UnionBody(cases)) { Gate = gate };
                return true;
            }
            case TokenKind.Identifier when IsContextual(token, TokenKind.Resource) && PeekAt(1).Kind == TokenKind.Identifier:
            {
                Advance();
                var name = ExpectId("a resource name");
                var functions = new List<ResourceFuncAst>();
                if (Eat(TokenKind.LeftBrace)) ParseResourceBody(functions);
                EatSemicolon();
                typeDef = new TypeDefAst(name, docs, new ResourceBody(functions)) { Gate = gate };
                return true;
            }
            default:
                return false;
        }
    }

    /// <summary>Parses comma-separated items up to and including '}'; a trailing comma is allowed.</summary>
    private void ParseList(Func<bool> item, string what)
    {
        while (true)
        {
            if (!item())
            {
                Expect(TokenKind.RightBrace, "'}'");
                return;
            }
            if (Eat(TokenKind.Comma)) continue;
            Expect(TokenKind.RightBrace, $"',' or '}}' in the {what}");
            return;
        }
    }

    private FuncTypeAst ParseFuncType()
    {
        Expect(TokenKind.Func, "'func'");
        var parameters = ParseParamList("parameters");
        if (!Eat(TokenKind.Arrow)) return new FuncTypeAst(parameters, null, null);
        if (Peek().Kind == TokenKind.LeftParen)
        {
            var named = ParseParamList("results");
            return new FuncTypeAst(parameters, null, named);
        }
        return new FuncTypeAst(parameters, ParseType(), null);
    }

    private List<ParamAst> ParseParamList(string what)
    {
        Expect(TokenKind.LeftParen, $"'(' to open the {what}");
        var list = new List<ParamAst>();
        while (true)
        {
            if (Eat(TokenKind.RightParen)) return list;
            var name = ExpectId(what == "results" ? "a result name" : "a parameter name");
            Expect(TokenKind.Colon, "':' after the name");
            list.Add(new ParamAst(name, ParseType()));
            if (Eat(TokenKind.Comma)) continue;
            Expect(TokenKind.RightParen, $"',' or ')' in the {what}");
            return list;
        }
    }

    private TypeAst ParseType()
    {
        if (++_depth > MaxNesting)
        {
            throw Error(Peek(), $"types are nested more than {MaxNesting} deep");
        }
        try
        {
            return ParseTypeInner();
        }
        finally
        {
            _depth--;
        }
    }

    private TypeAst ParseTypeInner()
    {
        var token = Peek();
        TypeRefKind? primitive = token.Kind switch
        {
            TokenKind.Bool => TypeRefKind.Bool,
            TokenKind.U8 => TypeRefKind.U8, TokenKind.U16 => TypeRefKind.U16,
            TokenKind.U32 => TypeRefKind.U32, TokenKind.U64 => TypeRefKind.U64,
            TokenKind.S8 => TypeRefKind.S8, TokenKind.S16 => TypeRefKind.S16,
            TokenKind.S32 => TypeRefKind.S32, TokenKind.S64 => TypeRefKind.S64,
            TokenKind.Float32 => TypeRefKind.Float32,
            TokenKind.Float64 => TypeRefKind.Float64,
            TokenKind.Char => TypeRefKind.Char,
            TokenKind.String => TypeRefKind.String,
            _ => null,
        };
        if (primitive is { } kind)
        {
            Advance();
            return new PrimitiveTypeAst(kind, token);
        }
        if ((IsContextual(token, TokenKind.Own) || IsContextual(token, TokenKind.Borrow)) && PeekAt(1).Kind == TokenKind.LessThan)
        {
            Advance();
            Advance();
            var resource = ExpectId("a resource name");
            Expect(TokenKind.GreaterThan, "'>'");
            return new HandleTypeAst(IsContextual(token, TokenKind.Own), resource, token);
        }
        switch (token.Kind)
        {
            case TokenKind.Identifier:
                return new NamedTypeAst(ExpectId("a type"));
            case TokenKind.List:
            {
                Advance();
                Expect(TokenKind.LessThan, "'<' after 'list'");
                var element = ParseType();
                Expect(TokenKind.GreaterThan, "'>' to close 'list<'");
                return new ListTypeAst(element, token);
            }
            case TokenKind.Option:
            {
                Advance();
                Expect(TokenKind.LessThan, "'<' after 'option'");
                var element = ParseType();
                Expect(TokenKind.GreaterThan, "'>' to close 'option<'");
                return new OptionTypeAst(element, token);
            }
            case TokenKind.Result:
            {
                Advance();
                if (!Eat(TokenKind.LessThan)) return new ResultTypeAst(null, null, token);
                TypeAst? ok = null;
                if (!Eat(TokenKind.Underscore)) ok = ParseType();
                TypeAst? err = null;
                if (Eat(TokenKind.Comma)) err = ParseType();
                else if (ok is null) throw Expected("',' and an error type after 'result<_'");
                Expect(TokenKind.GreaterThan, "'>' to close 'result<'");
                return new ResultTypeAst(ok, err, token);
            }
            case TokenKind.Tuple:
            {
                Advance();
                Expect(TokenKind.LessThan, "'<' after 'tuple'");
                var elements = new List<TypeAst>();
                while (true)
                {
                    if (Eat(TokenKind.GreaterThan)) break;
                    elements.Add(ParseType());
                    if (Eat(TokenKind.Comma)) continue;
                    Expect(TokenKind.GreaterThan, "',' or '>' in the tuple");
                    break;
                }
                return new TupleTypeAst(elements, token);
            }
            case TokenKind.Future:
            {
                Advance();
                TypeAst? element = null;
                if (Eat(TokenKind.LessThan))
                {
                    element = ParseType();
                    Expect(TokenKind.GreaterThan, "'>' to close 'future<'");
                }
                return new FutureTypeAst(element, token);
            }
            case TokenKind.Stream:
            {
                Advance();
                TypeAst? element = null, end = null;
                if (Eat(TokenKind.LessThan))
                {
                    if (!Eat(TokenKind.Underscore)) element = ParseType();
                    if (Eat(TokenKind.Comma)) end = ParseType();
                    Expect(TokenKind.GreaterThan, "'>' to close 'stream<'");
                }
                return new StreamTypeAst(element, end, token);
            }
            default:
                throw Expected("a type");
        }
    }
}
