using System.Collections.Generic;
using System.Linq;
using WitBindgen.Generator.Model;

namespace WitBindgen.Generator.Emit.Glue;

/// <summary>Borrows of the host's objects passed to the guest's exports, which the glue lends for the call.</summary>
internal sealed partial class AbiCodeGen
{
    private readonly Dictionary<int, bool> _lends = new();

    /// <summary>
    /// Whether lowering a value of the type may lend the guest a handle to one of the host's objects (a
    /// <c>borrow&lt;r&gt;</c> of a resource the guest imports, anywhere inside it): the export call that passes it must
    /// check that the guest dropped every such handle before it returned, as the canonical ABI does when a call exits.
    /// </summary>
    public bool LendsHandles(TypeRef type)
    {
        var u = _plan.Unalias(type);
        if (u.IsPrimitive) return false;
        if (_lends.TryGetValue(u.Id, out var known)) return known;
        _lends[u.Id] = false;   // a cycle (already reported) must not recurse forever
        var def = Def(u);
        bool result = def?.Kind switch
        {
            HandleKind { IsOwn: false } => !_plan.IsExportedResource(u),
            HandleKind or ResourceKind or null => false,
            _ => EmitPlan.Children(def).Any(LendsHandles),
        };
        _lends[u.Id] = result;
        return result;
    }
}
