using System.Linq;
using WitBindgen.Generator.Abi;
using WitBindgen.Generator.Model;
using WitBindgen.Generator.Tests.FrontEnd;
using Xunit;

namespace WitBindgen.Generator.Tests.Abi;

internal static class AbiTest
{
    /// <summary>Loads <c>interface i { … }</c> (May-2023 WIT) and lays out its types.</summary>
    public static (Resolve Resolve, AbiLayout Layout) Interface(string body)
    {
        var resolve = Wit.Ok("interface i {\n" + body + "\n}");
        return (resolve, new AbiLayout(resolve));
    }

    public static TypeLayout Of(this (Resolve Resolve, AbiLayout Layout) model, string type)
    {
        var iface = model.Resolve.Interface("i");
        return model.Layout.Layout(TypeRef.Of(iface.Types.Single(t => t.Name == type).Type));
    }

    public static CoreSignature Sig(this (Resolve Resolve, AbiLayout Layout) model, string function, bool isImport) =>
        model.Layout.For(model.Resolve.Interface("i").Func(function), isImport);

    /// <summary><c>(i32, i64)</c>.</summary>
    public static string FlatText(this TypeLayout layout) => CoreTypes.FormatList(layout.Flat);

    /// <summary>Size, alignment and flattening in one string: <c>8/4 (i32, i32)</c>.</summary>
    public static string Shape(this TypeLayout layout)
    {
        Assert.True(layout.IsValid);
        Assert.True(layout.IsFlatComplete);
        Assert.Equal(0, layout.Size % layout.Alignment);
        return $"{layout.Size}/{layout.Alignment} {layout.FlatText()}";
    }
}
