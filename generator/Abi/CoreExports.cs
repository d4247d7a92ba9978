using System.Collections.Generic;
using WitBindgen.Generator.Model;
using WitBindgen.Generator.Util;

namespace WitBindgen.Generator.Abi;

/// <summary>What a core export is for: a WIT function, an exported resource's function, or its destructor.</summary>
public enum CoreExportKind : byte
{
    /// <summary>A function of an exported interface, or one the world exports itself.</summary>
    Function,
    /// <summary><c>key#[constructor]r</c>.</summary>
    Constructor,
    /// <summary><c>key#[method]r.m</c>: its first parameter is <c>self: borrow&lt;r&gt;</c>, the representation.</summary>
    Method,
    /// <summary><c>key#[static]r.f</c>.</summary>
    Static,
    /// <summary><c>key#[dtor]r</c> (optional): called with the representation when the last handle is dropped.</summary>
    Destructor,
}

/// <summary>
/// One core-wasm function a guest exports for a function of its world: <c>run#run</c> for function <c>run</c> of
/// the exported interface <c>run</c>, or the bare function name for a function the world exports itself.
/// </summary>
/// <param name="Name">The legacy name: <c>key#f</c>, <c>key#[method]r.m</c>, <c>key#[dtor]r</c>, or <c>f</c> for the world's own.</param>
/// <param name="Function">The WIT function; for a destructor, <c>[dtor]r(rep: u32)</c>.</param>
/// <param name="Interface">The exported interface's index, or -1 for a world-level function.</param>
/// <param name="Cm32p2Name">Today's WIT: the newer name (<c>cm32p2|ns:pkg/iface@1|f</c>, <c>cm32p2||f</c>, <c>cm32p2|…|r_dtor</c>); null for May-2023 worlds.</param>
public sealed record CoreExport(
    string Name,
    CoreSignature Signature,
    Function Function,
    int Interface,
    CoreExportKind Kind = CoreExportKind.Function,
    string? Cm32p2Name = null)
{
    /// <summary>
    /// <c>cabi_post_&lt;name&gt;</c>: the guest may export it to release what the function's results point at; the host
    /// calls it, if present, after reading the results. A destructor has none.
    /// </summary>
    public string? PostReturnName => Kind == CoreExportKind.Destructor ? null : CoreExports.PostReturnPrefix + Name;

    /// <summary><c>&lt;cm32p2 name&gt;_post</c>: the post-return under the <c>cm32p2</c> names.</summary>
    public string? Cm32p2PostReturnName => Kind == CoreExportKind.Destructor || Cm32p2Name is null ? null : Cm32p2Name + "_post";

    /// <summary>A destructor is optional: a guest without one has nothing to run when a handle is dropped.</summary>
    public bool IsOptional => Kind == CoreExportKind.Destructor;

    /// <summary><c>run#run () -&gt; i32</c>.</summary>
    public override string ToString() => Name + " " + Signature;
}

/// <summary>
/// The core function exports of a guest of a world, named as wit-component names them: <c>key#f</c>, where the key is
/// <see cref="WorldItem.AbiName"/> (<c>ns:pkg/iface@version</c> for today's interface exported by path), with an
/// exported resource's <c>key#[constructor]r</c>, <c>key#[method]r.m</c>, <c>key#[static]r.f</c> and <c>key#[dtor]r</c>;
/// for today's WIT each also under its <c>cm32p2</c> name. Written from the Canonical ABI and wit-component's naming,
/// not from the glue emitter, which tests compare with it.
/// </summary>
public static class CoreExports
{
    public const string PostReturnPrefix = "cabi_post_";
    public const string Memory = "memory";
    public const string Realloc = "cabi_realloc";

    /// <summary>The destructor's lift: <c>(func (param i32))</c>, the representation.</summary>
    public static readonly CoreSignature DestructorSignature = new(new[] { CoreType.I32 }, EquatableArray<CoreType>.Empty, false, false, false, false);

    public static EquatableArray<CoreExport> For(Resolve resolve, int world) => For(new AbiLayout(resolve), world);

    /// <summary>
    /// Every function the world exports, in world export order; per interface its functions, then per resource its
    /// constructor, methods and static functions in declaration order and its destructor. Signatures as lifted
    /// (<c>canon lift</c>).
    /// </summary>
    public static EquatableArray<CoreExport> For(AbiLayout layout, int world)
    {
        var resolve = layout.Resolve;
        var exports = new List<CoreExport>();
        if (resolve is null || world < 0 || world >= resolve.Worlds.Count || resolve.Worlds[world] is not { } w)
            return exports.ToArray();
        bool today = CoreImports.IsTodays(resolve, w);
        foreach (var item in w.Exports)
        {
            if (item is null) continue;
            if (item.Function is { } function)
            {
                exports.Add(new CoreExport(function.Name, layout.For(function, isImport: false), function, -1,
                    CoreExportKind.Function, today ? Cm32p2Names.Prefix + "||" + function.Name : null));
                continue;
            }
            if (CoreImports.Interface(resolve, item.Interface) is not { } iface) continue;
            var cm32p2 = today ? Cm32p2Names.Prefix + "|" + Cm32p2Names.CompatibleKey(item.AbiName) + "|" : null;
            foreach (var f in iface.Functions)
            {
                if (f is null) continue;
                exports.Add(new CoreExport(item.AbiName + "#" + f.Name, layout.For(f, isImport: false), f, item.Interface,
                    CoreExportKind.Function, cm32p2 is null ? null : cm32p2 + f.Name));
            }
            foreach (var (id, name, resource) in CoreImports.Resources(resolve, iface.Types, TypeOwner.OfInterface(item.Interface)))
            {
                foreach (var rf in resource.Functions)
                {
                    if (rf?.Function is not { } f) continue;
                    var (coreName, importKind) = CoreImports.ResourceFunctionName(name, rf.Kind, f.Name);
                    var kind = importKind switch
                    {
                        CoreImportKind.Constructor => CoreExportKind.Constructor,
                        CoreImportKind.Static => CoreExportKind.Static,
                        _ => CoreExportKind.Method,
                    };
                    exports.Add(new CoreExport(item.AbiName + "#" + coreName, layout.For(f, isImport: false), f, item.Interface, kind,
                        cm32p2 is null ? null : cm32p2 + coreName));
                }
                var dtor = new Function("[dtor]" + name, null, new[] { new Param("rep", TypeRef.Primitive(TypeRefKind.U32)) }, FunctionResults.None);
                exports.Add(new CoreExport(item.AbiName + "#[dtor]" + name, DestructorSignature, dtor, item.Interface,
                    CoreExportKind.Destructor, cm32p2 is null ? null : cm32p2 + name + "_dtor"));
            }
        }
        return exports.ToArray();
    }
}
