using System.Collections.Generic;
using System.Linq;

namespace WitBindgen.Generator.Emit.Glue;

/// <summary>
/// An export whose parameters borrow the host's objects (<c>borrow&lt;r&gt;</c> of a resource the guest imports):
/// the glue lends each a handle in the guest's table for the call, and when the call is over (after the
/// post-return) a handle the guest did not drop traps, as the canonical ABI's exit check does; after a trap the handles
/// are taken back all the same, so that the guest can never use them later.
/// </summary>
internal sealed partial class GlueEmitter
{
    private static void EmitLendingCall(CodeWriter w, ExportCall call, string access, string returnType, string signature,
        IEnumerable<string> arguments, string lending, bool hasResult)
    {
        if (call.IsResourceMethod) w.Line($"/// <summary>Calls <c>{DocComments.Escape(call.CoreName)}</c>: what the wrapper's method does.</summary>");
        else w.Line("/// <inheritdoc/>");
        w.Open($"{access} {returnType} {call.Method}({signature})");
        w.Line("var resources = _ctx.Resources;");
        w.Line("int lends = resources.OpenLends();");
        w.Open("try");
        var invoke = $"{lending}({string.Join(", ", arguments)})";
        w.Line(hasResult ? $"var result = {invoke};" : invoke + ";");
        w.Line($"resources.CloseLends(lends, {Lit(call.CoreName)});");
        if (hasResult) w.Line("return result;");
        w.Close();
        w.Open("finally");
        w.Line("resources.ReleaseLends(lends);");
        w.Close();
        w.Close();
        w.BlankLine();
    }
}
