using Xunit;
namespace WitBindgen.ThirdParty.Tests;
public sealed class Scratch
{
    [Fact]
    public void Debug()
    {
        using var g = new WasmToolsGuest();
        var r = g.Tools.ComponentEmbed(null, "default world w { export run: func() }", null);
        var r2 = g.Tools.ComponentEmbed(null, "default world w { export run: func() }", new Jco.WasmTools.Exports.EmbedOpts(null, null, null, null));
        Assert.Fail(r.ToString() + " " + (r.IsOk ? System.Convert.ToHexString(r.OkValue.Span) : "") + "\n" + r2.ToString()+ " " + (r2.IsOk ? System.Convert.ToHexString(r2.OkValue.Span) : ""));
    }
}
