using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace WitBindgen.Generator.Diagnostics;

/// <summary>
/// One Roslyn descriptor per <see cref="WitDiagnosticIds"/> id: its title, severity and help link. New ids are
/// listed in AnalyzerReleases.Unshipped.md (release tracking, checked by Microsoft.CodeAnalysis.Analyzers).
/// </summary>
public static class WitDescriptors
{
    /// <summary>
    /// The reference of the language the diagnostics are about (the Bytecode Alliance's WIT guide). The project has no
    /// published home yet; when it has, point this at its list of WIT diagnostics.
    /// </summary>
    public const string HelpLink = "https://component-model.bytecodealliance.org/design/wit.html";

    private const string Category = "WitBindgen";

    public static readonly DiagnosticDescriptor UnexpectedCharacter = new(WitDiagnosticIds.UnexpectedCharacter, "Unexpected character in WIT", "{0}", Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLink);
    public static readonly DiagnosticDescriptor UnterminatedComment = new(WitDiagnosticIds.UnterminatedComment, "Unterminated block comment in WIT", "{0}", Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLink);
    public static readonly DiagnosticDescriptor InvalidIdentifier = new(WitDiagnosticIds.InvalidIdentifier, "Invalid WIT identifier", "{0}", Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLink);
    public static readonly DiagnosticDescriptor InvalidNumber = new(WitDiagnosticIds.InvalidNumber, "Invalid number in WIT", "{0}", Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLink);

    public static readonly DiagnosticDescriptor UnexpectedToken = new(WitDiagnosticIds.UnexpectedToken, "WIT syntax error", "{0}", Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLink);
    public static readonly DiagnosticDescriptor UnexpectedEndOfFile = new(WitDiagnosticIds.UnexpectedEndOfFile, "Unexpected end of WIT file", "{0}", Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLink);
    public static readonly DiagnosticDescriptor InvalidResultType = new(WitDiagnosticIds.InvalidResultType, "Invalid WIT result type", "{0}", Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLink);

    public static readonly DiagnosticDescriptor UndefinedName = new(WitDiagnosticIds.UndefinedName, "Undefined WIT name", "{0}", Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLink);
    public static readonly DiagnosticDescriptor DuplicateName = new(WitDiagnosticIds.DuplicateName, "WIT name defined twice", "{0}", Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLink);
    public static readonly DiagnosticDescriptor CyclicDefinition = new(WitDiagnosticIds.CyclicDefinition, "Cyclic WIT definition", "{0}", Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLink);
    public static readonly DiagnosticDescriptor UnknownPackage = new(WitDiagnosticIds.UnknownPackage, "Unknown WIT package", "{0}", Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLink);
    public static readonly DiagnosticDescriptor UnknownDocument = new(WitDiagnosticIds.UnknownDocument, "Unknown WIT document", "{0}", Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLink);
    public static readonly DiagnosticDescriptor UnknownInterface = new(WitDiagnosticIds.UnknownInterface, "Unknown WIT interface", "{0}", Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLink);
    public static readonly DiagnosticDescriptor NoDefaultItem = new(WitDiagnosticIds.NoDefaultItem, "WIT document has no default item", "{0}", Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLink);
    public static readonly DiagnosticDescriptor DuplicateDefault = new(WitDiagnosticIds.DuplicateDefault, "WIT document has two default items", "{0}", Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLink);
    public static readonly DiagnosticDescriptor NotAType = new(WitDiagnosticIds.NotAType, "WIT name is not a type", "{0}", Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLink);
    public static readonly DiagnosticDescriptor EmptyDefinition = new(WitDiagnosticIds.EmptyDefinition, "Empty WIT definition", "{0}", Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLink);
    public static readonly DiagnosticDescriptor UnsupportedFeature = new(WitDiagnosticIds.UnsupportedFeature, "WIT feature not supported", "{0}", Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLink);
    public static readonly DiagnosticDescriptor InvalidUse = new(WitDiagnosticIds.InvalidUse, "Invalid WIT use", "{0}", Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLink);
    public static readonly DiagnosticDescriptor TypeTooDeep = new(WitDiagnosticIds.TypeTooDeep, "WIT type nested too deep", "{0}", Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLink);
    public static readonly DiagnosticDescriptor TypeTooLarge = new(WitDiagnosticIds.TypeTooLarge, "WIT type too large", "{0}", Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLink);
    public static readonly DiagnosticDescriptor WorldTooLarge = new(WitDiagnosticIds.WorldTooLarge, "WIT world has too many interfaces", "{0}", Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLink);

    public static readonly DiagnosticDescriptor NoWorld = new(WitDiagnosticIds.NoWorld, "No WIT world to generate", "{0}", Category, DiagnosticSeverity.Warning, true, helpLinkUri: HelpLink);
    public static readonly DiagnosticDescriptor AmbiguousWorld = new(WitDiagnosticIds.AmbiguousWorld, "Several WIT worlds match", "{0}", Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLink);
    public static readonly DiagnosticDescriptor UnknownWorld = new(WitDiagnosticIds.UnknownWorld, "Unknown WIT world", "{0}", Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLink);
    public static readonly DiagnosticDescriptor InvalidNamespace = new(WitDiagnosticIds.InvalidNamespace, "Invalid namespace for generated code", "{0}", Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLink);
    public static readonly DiagnosticDescriptor OutputTooLarge = new(WitDiagnosticIds.OutputTooLarge, "Generated C# too large", "{0}", Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLink);
    public static readonly DiagnosticDescriptor RuntimeNotReferenced = new(WitDiagnosticIds.RuntimeNotReferenced, "WitBindgen.Runtime is not referenced", "{0}", Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLink);
    public static readonly DiagnosticDescriptor InvalidOption = new(WitDiagnosticIds.InvalidOption, "Invalid WitBindgen project setting", "{0}", Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLink);
    public static readonly DiagnosticDescriptor InternalError = new(WitDiagnosticIds.InternalError, "Internal error in the WIT generator", "{0}", Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLink);

    private static readonly Dictionary<string, DiagnosticDescriptor> ById = Index(
        UnexpectedCharacter, UnterminatedComment, InvalidIdentifier, InvalidNumber,
        UnexpectedToken, UnexpectedEndOfFile, InvalidResultType,
        UndefinedName, DuplicateName, CyclicDefinition, UnknownPackage, UnknownDocument, UnknownInterface, NoDefaultItem,
        DuplicateDefault, NotAType, EmptyDefinition, UnsupportedFeature, InvalidUse, TypeTooDeep, TypeTooLarge, WorldTooLarge,
        NoWorld, AmbiguousWorld, UnknownWorld, InvalidNamespace, OutputTooLarge, RuntimeNotReferenced, InvalidOption,
        InternalError);

    /// <summary>Every descriptor, for tests and tools.</summary>
    public static IReadOnlyCollection<DiagnosticDescriptor> All => ById.Values;

    /// <summary>The descriptor of an id (an unknown id, a bug of ours, reports as an internal error).</summary>
    public static DiagnosticDescriptor For(string id) => ById.TryGetValue(id, out var d) ? d : InternalError;

    private static Dictionary<string, DiagnosticDescriptor> Index(params DiagnosticDescriptor[] descriptors)
    {
        var map = new Dictionary<string, DiagnosticDescriptor>();
        foreach (var d in descriptors) map.Add(d.Id, d);
        return map;
    }
}
