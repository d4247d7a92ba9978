namespace WitBindgen.Generator.Diagnostics;

/// <summary>One problem found in WIT input, with its stable id (see <see cref="WitDiagnosticIds"/>).</summary>
public sealed record WitDiagnostic(string Id, string Message, SourceSpan Span)
{
    public override string ToString() => $"{Span}: error {Id}: {Message}";
}

/// <summary>
/// The diagnostic ids the generator reports. Lexical errors are WIT00xx, syntax WIT01xx, resolution WIT02xx,
/// generator configuration WIT03xx.
/// </summary>
public static class WitDiagnosticIds
{
    public const string UnexpectedCharacter = "WIT0001";
    public const string UnterminatedComment = "WIT0002";
    public const string InvalidIdentifier = "WIT0003";
    public const string InvalidNumber = "WIT0004";

    public const string UnexpectedToken = "WIT0101";
    public const string UnexpectedEndOfFile = "WIT0102";
    public const string InvalidResultType = "WIT0103";

    public const string UndefinedName = "WIT0201";
    public const string DuplicateName = "WIT0202";
    public const string CyclicDefinition = "WIT0203";
    public const string UnknownPackage = "WIT0204";
    public const string UnknownDocument = "WIT0205";
    public const string UnknownInterface = "WIT0206";
    public const string NoDefaultItem = "WIT0207";
    public const string DuplicateDefault = "WIT0208";
    public const string NotAType = "WIT0209";
    public const string EmptyDefinition = "WIT0210";
    public const string UnsupportedFeature = "WIT0211";
    public const string InvalidUse = "WIT0212";
    public const string TypeTooDeep = "WIT0213";
    public const string TypeTooLarge = "WIT0214";
    public const string WorldTooLarge = "WIT0215";

    public const string NoWorld = "WIT0301";
    public const string AmbiguousWorld = "WIT0302";
    public const string UnknownWorld = "WIT0303";
    public const string InvalidNamespace = "WIT0304";
    public const string OutputTooLarge = "WIT0305";
    public const string RuntimeNotReferenced = "WIT0306";
    public const string InvalidOption = "WIT0307";
    public const string InternalError = "WIT0399";
}
