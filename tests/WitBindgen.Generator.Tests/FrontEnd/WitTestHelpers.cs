using System;
using System.Collections.Generic;
using System.Linq;
using WitBindgen.Generator;
using WitBindgen.Generator.Diagnostics;
using WitBindgen.Generator.Model;
using Xunit;

namespace WitBindgen.Generator.Tests.FrontEnd;

internal static class Wit
{
    /// <summary>Loads files given as (path, text); paths decide packages as on disk.</summary>
    public static WitLoadResult Load(params (string Path, string Text)[] files) =>
        WitFrontEnd.Load(files.Select(f => new WitSourceFile(f.Path, f.Text)).ToArray());

    /// <summary>Loads one document of a root package and asserts it has no errors.</summary>
    public static Resolve Ok(string text, string path = "/w/wit/test.wit") => Ok((path, text));

    public static Resolve Ok(params (string Path, string Text)[] files)
    {
        var result = Load(files);
        Assert.True(result.Diagnostics.IsEmpty, "unexpected diagnostics:\n" + string.Join("\n", result.Diagnostics));
        Assert.NotNull(result.Resolve);
        return result.Resolve!;
    }

    /// <summary>Loads WIT that must fail; returns the single diagnostic and checks its id.</summary>
    public static WitDiagnostic Error(string text, string id) => Errors(("/w/wit/test.wit", text)).Single(d => Check(d, id));

    public static IReadOnlyList<WitDiagnostic> Errors(params (string Path, string Text)[] files)
    {
        var result = Load(files);
        Assert.False(result.Diagnostics.IsEmpty, "expected a diagnostic, got none");
        return result.Diagnostics;
    }

    private static bool Check(WitDiagnostic d, string id)
    {
        Assert.Equal(id, d.Id);
        return true;
    }

    public static Interface Interface(this Resolve resolve, string name) => resolve.Interfaces.Single(i => i.Name == name);

    public static TypeDef TypeNamed(this Resolve resolve, Interface iface, string name) =>
        resolve.Types[iface.Types.Single(t => t.Name == name).Type];

    public static TKind Kind<TKind>(this Resolve resolve, TypeRef type) where TKind : TypeDefKind
    {
        Assert.True(type.IsId, $"expected a type definition, got {type}");
        return Assert.IsType<TKind>(resolve.Types[type.Id].Kind);
    }

    public static Function Func(this Interface iface, string name) => iface.Functions.Single(f => f.Name == name);
}
