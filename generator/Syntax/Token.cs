namespace WitBindgen.Generator.Syntax;

public enum TokenKind : byte
{
    EndOfFile,
    Identifier,      // kebab-name or %-escaped name; Text holds the name without '%'
    Integer,         // digits, for versions (today's dialect)
    DocComment,      // `///` or `/** */`; Text holds the comment body

    // punctuation
    LeftBrace, RightBrace, LeftParen, RightParen, LessThan, GreaterThan,
    Comma, Colon, Semicolon, Equals, Period, Star, Arrow, Slash, At, Plus, Minus, Underscore,

    // keywords
    Use, Type, Func, U8, U16, U32, U64, S8, S16, S32, S64, Float32, Float64, Char, Record, Flags, Variant, Enum,
    Union, Bool, String, Option, Result, Future, Stream, List, As, From, Static, Interface, Tuple, Import, Export,
    World, Default, Pkg, Self, Package, Include, With, Resource, Own, Borrow, Constructor, F32, F64,
}

/// <summary>A token with where it stands: <see cref="Start"/> and <see cref="Length"/> index the file's text.</summary>
public readonly record struct Token(TokenKind Kind, int Start, int Length, string Text)
{
    public int End => Start + Length;
}
