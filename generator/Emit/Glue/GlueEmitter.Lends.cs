using System.Collections.Generic;
using System.Linq;

namespace WitBindgen.Generator.Emit.Glue;

/// <summary>
/// An export whose parameters borrow the host's objects (<c>borrow&lt;r&gt;</c> of a resource the guest imports):
/// the glue lends each a handle in the guest's table for the call, and when the guest returns (once the results are
/// lifted, before the post-return) a handle the guest did not drop traps, as the canonical ABI's <c>Task.return_</c>
/// does (<c>trap_if(self.num_borrows &gt; 0)</c>), so a guest that kept one never runs its post-return; after a trap
/// the handles are taken back all the same, so that the guest can never use them later. The method that lends
/// (<paramref name="lending"/>, written by ExportMethod) takes the mark and makes the check itself.
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
        var invoke = $"{lending}({string.Join(", ", arguments.Append("lends"))})";
        w.Line(hasResult ? $"return {invoke};" : invoke + ";");
        w.Close();
        w.Open("finally");
        w.Line("resources.ReleaseLends(lends);");
        w.Close();
        w.Close();
        w.BlankLine();
    }
}
