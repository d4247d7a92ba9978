using System;
using System.Collections.Generic;
using System.Linq;
using WitBindgen.Generator.Abi;
using WitBindgen.Generator.Model;

namespace WitBindgen.Generator.Emit.Glue;

/// <summary>
/// The export side of the glue: per exported interface (or the world's own exports) a class calling the guest's
/// exports, under either naming a guest may use — the legacy <c>ns:pkg/iface@v#f</c> with <c>cabi_post_…</c>, or
/// today's <c>cm32p2|ns:pkg/iface@0.1|f</c> with <c>…_post</c> — found per function in the instance. Resources the
/// guest exports get a wrapper class whose methods call the guest, and the <c>[export]ns:pkg/iface</c> functions the
/// guest imports to manage its handles.
/// </summary>
internal sealed partial class GlueEmitter
{
    /// <summary>One export the class calls: its delegate fields, and its <paramref name="Spec"/> (names, signature, layouts).</summary>
    private sealed record ExportCall(Function Function, string Method, string Call, string Post, ExportSpec Spec,
        bool IsResourceMethod, ResourceCall? Resource)
    {
        public CoreSignature Sig => Spec.Signature;
        public string CoreName => Spec.Name;
        public string? TodayName => Spec.Cm32p2Name;

        /// <summary>When the call lends the guest handles of the host's objects: the private method making the call itself.</summary>
        public string? Lending { get; init; }
    }

    /// <summary>The calls of an export's class, in the order they are written: its functions, then its resources' methods.</summary>
    private List<ExportCall> ExportCalls(Api api, NameScope members, AbiCodeGen? gen = null)
    {
        var calls = new List<ExportCall>();
        void Add(Function fn, string method, string core, bool isResourceMethod, ResourceCall? rc) =>
            calls.Add(new ExportCall(fn, method, members.TakeNumbered("_" + Naming.CamelFromPascal(method)), members.TakeNumbered("_post" + method),
                ExportSpec.Of(_layout, api.Plan, core, fn), isResourceMethod, rc)
            {
                Lending = gen is not null && fn.Params.Any(p => gen.LendsHandles(p.Type)) ? members.TakeNumbered(method + "Lending") : null,
            });
        var coreNames = api.Plan.CoreNames;
        for (int i = 0; i < api.Plan.Functions.Count; i++) Add(api.Plan.Functions[i], api.Methods[i], coreNames[i], false, null);
        foreach (var rc in api.Plan.ResourceCalls)
        {
            var resourceName = Naming.Pascal(_plan.Def(rc.Resource)?.Name ?? "resource");
            Add(rc.Function, members.TakeNumbered(resourceName + rc.Method), rc.CoreName, true, rc);
        }
        return calls;
    }

    /// <summary>The spec of every core function the world's guests export, in the order the glue looks them up.</summary>
    internal static IReadOnlyList<ExportSpec> ExportSpecs(EmitPlan plan, TypeReferences refs)
    {
        var emitter = new GlueEmitter(plan, refs);
        var (_, exports) = emitter.Apis();
        return exports.SelectMany(api => emitter.ExportCalls(api, new NameScope())).Select(c => c.Spec).ToList();
    }

    private void EmitExports(CodeWriter w, AbiCodeGen gen, FileContext file, Api api, string className)
    {
        var context = file.Known("WitBindgen.Runtime.Abi", "GuestContext");
        var instance = file.Known("Wasmtime", "Instance");
        var witName = api.Class is null ? (_plan.World?.Name ?? "") : api.Module;
        w.Line($"/// <summary>Calls the guest's exports of <c>{DocComments.Escape(witName)}</c> through the canonical ABI.</summary>");
        DocComments.Obsolete(w, _plan.DeprecatedSince(api.Plan.InterfaceId));
        w.Open($"public sealed class {className} : {api.Plan.Name}");
        w.Line($"private readonly {context} _ctx;");
        var members = new NameScope(new[] { className, "_ctx", "AddToLinker" }.Concat(api.Methods));
        string Legacy(string core) => ExportSpec.LegacyName(api.Plan, core);
        string? Today(string core) => ExportSpec.Cm32p2NameOf(api.Plan, core);
        var calls = ExportCalls(api, members, gen);
        foreach (var c in calls)
        {
            w.Line($"private readonly {DelegateType(file, c.Sig.Params, c.Sig.Results)} {c.Call};");
            if (c.Sig.Results.Count > 0) w.Line($"private readonly {DelegateType(file, c.Sig.Results, Array.Empty<CoreType>())}? {c.Post};");
        }

        w.BlankLine();
        if (api.Plan.Cm32p2ExportPrefix is null)
            w.Line("/// <summary>Finds the exports in <paramref name=\"instance\"/>; binds <paramref name=\"context\"/> to it if it is not bound yet.</summary>");
        else
        {
            w.Line("/// <summary>");
            w.Line("/// Finds the exports in <paramref name=\"instance\"/> (under the legacy names or the <c>cm32p2</c> ones); binds");
            w.Line("/// <paramref name=\"context\"/> to it if it is not bound yet.");
            w.Line("/// </summary>");
        }
        w.Open($"public {className}({instance} instance, {context} context)");
        w.Line($"{file.Known("System", "ArgumentNullException")}.ThrowIfNull(instance);");
        w.Line("_ctx = context ?? throw new System.ArgumentNullException(nameof(context));");
        w.Line("if (!_ctx.IsBound) _ctx.Bind(instance);");
        for (int k = 0; k < calls.Count; k++)
        {
            var c = calls[k];
            var found = $"instance.GetFunction({Lit(c.CoreName)})";
            var names = $"'{c.CoreName}'";
            if (c.TodayName is { } today)
            {
                // Today's guests (jco 1.35.0's componentEmbed, wit-bindgen's standard mangling) use the cm32p2 names.
                w.Line($"var f{N(k)} = {found};");
                w.Line($"bool today{N(k)} = f{N(k)} is null;");
                w.Line($"f{N(k)} ??= instance.GetFunction({Lit(today)});");
                found = "f" + N(k);
                names += $" or '{today}'";
            }
            w.Line($"{c.Call} = {found}?.{Wrap(c.Sig.Params, c.Sig.Results)}()");
            w.Line($"    ?? throw new System.InvalidOperationException({Lit($"the guest does not export {names} as {c.Sig}")});");
            if (c.Sig.Results.Count > 0)
            {
                var legacyPost = c.Spec.PostReturnName;
                var post = c.Spec.Cm32p2PostReturnName is { } t ? $"today{N(k)} ? {Lit(t)} : {Lit(legacyPost)}" : Lit(legacyPost);
                w.Line($"{c.Post} = instance.GetFunction({post})?.{Wrap(c.Sig.Results, Array.Empty<CoreType>())}();");
            }
        }
        foreach (var r in api.Plan.ExportedResources)
        {
            // The guest's destructor (optional): [dtor]r, or r_dtor under the cm32p2 names.
            var legacy = Lit(Legacy("[dtor]" + r.WitName));
            var dtor = Today(r.WitName + "_dtor") is { } today ? $"(instance.GetFunction({legacy}) ?? instance.GetFunction({Lit(today)}))" : $"instance.GetFunction({legacy})";
            w.Line($"_ctx.ExportedResources.Register({Lit(r.Key)}, {dtor}?.WrapAction<int>(), this);");
        }
        w.Close();
        foreach (var c in calls)
        {
            w.BlankLine();
            ExportMethod(w, gen, file, c);
        }
        if (api.Plan.ExportedResources.Count > 0) EmitResourceDefinitions(w, file, api);
        w.Close();
        if (api.Plan.ExportedResources.Count > 0 && api.Class is not null) EmitWrappers(w, file, api, className, calls);
    }

    /// <summary>The core module the guest imports its resources' <c>[resource-new]</c>/<c>-rep</c>/<c>-drop</c> from, under both namings.</summary>
    private static IEnumerable<(string Module, Func<string, string> Name)> ResourceModules(Api api)
    {
        yield return ("[export]" + api.Module, op => "[resource-" + op + "]");
        if (api.Plan.Cm32p2ExportPrefix is not null)
            yield return (Cm32p2Names.Prefix + "|_ex_" + Cm32p2Names.CompatibleKey(api.Module), op => "_" + op);
    }

    /// <summary>
    /// <c>AddToLinker</c>: the functions a guest exporting resources imports to manage its handles, which the host's
    /// table (<c>GuestContext.ExportedResources</c>) answers.
    /// </summary>
    private void EmitResourceDefinitions(CodeWriter w, FileContext file, Api api)
    {
        var linker = file.Known("Wasmtime", "Linker");
        var context = file.Known("WitBindgen.Runtime.Abi", "GuestContext");
        var storeData = file.Known("WitBindgen.Runtime.Abi", "IGuestStoreData");
        var func = file.Known("System", "Func");
        var action = file.Known("System", "Action");
        var nullCheck = file.Known("System", "ArgumentNullException");
        foreach (var shared in new[] { false, true })
        {
            w.BlankLine();
            w.Line("/// <summary>");
            w.Line($"/// Defines on <paramref name=\"linker\"/> what the guest imports from <c>{DocComments.Escape("[export]" + api.Module)}</c> (and its <c>cm32p2</c>");
            w.Line("/// name) to manage the handles of the resources it exports: <c>[resource-new]</c>, <c>[resource-rep]</c> and");
            w.Line("/// <c>[resource-drop]</c>, which runs the guest's destructor. The world's host class defines them too.");
            w.Line("/// </summary>");
            if (!shared)
            {
                w.Open($"public static void AddToLinker({linker} linker, {context} context)");
                w.Line($"{nullCheck}.ThrowIfNull(linker);");
                w.Line($"{nullCheck}.ThrowIfNull(context);");
            }
            else
            {
                w.Line("/// <typeparam name=\"TData\">The data of every store instantiated with the linker.</typeparam>");
                w.Open($"public static void AddToLinker<TData>({linker} linker) where TData : class, {storeData}");
                w.Line($"{nullCheck}.ThrowIfNull(linker);");
            }
            foreach (var r in api.Plan.ExportedResources)
            {
                foreach (var (module, name) in ResourceModules(api))
                {
                    foreach (var op in new[] { "new", "rep", "drop" })
                    {
                        var field = module.StartsWith("[", StringComparison.Ordinal) ? name(op) + r.WitName : r.WitName + name(op);
                        var fnName = Lit("[export]" + api.Module + ".[resource-" + op + "]" + r.WitName);
                        var method = op switch { "new" => "New", "rep" => "Rep", _ => "Drop" };
                        var table = shared ? $"{file.Known("WitBindgen.Runtime.Abi", "CanonicalAbi")}.StoreData<TData>(caller, {fnName}).Guest.ExportedResources" : "context.ExportedResources";
                        var call = $"{table}.{method}({Lit(r.Key)}, a, {fnName})";
                        var type = (shared, op == "drop") switch
                        {
                            (false, false) => $"{func}<int, int>",
                            (false, true) => $"{action}<int>",
                            (true, false) => $"{file.Known("Wasmtime", "CallerFunc")}<int, int>",
                            _ => $"{file.Known("Wasmtime", "CallerAction")}<int>",
                        };
                        var args = shared ? "(caller, a)" : "a";
                        w.Line($"linker.DefineFunction({Lit(module)}, {Lit(field)}, ({type})({args} => {call}));");
                    }
                }
            }
            w.Close();
        }
    }

    /// <summary>The methods of each exported resource's wrapper: another part of the partial class, calling the exports.</summary>
    private void EmitWrappers(CodeWriter w, FileContext file, Api api, string className, List<ExportCall> calls)
    {
        var exportsClass = "global::" + (_plan.Namespace.Length > 0 ? _plan.Namespace + "." : "") + className;
        w.BlankLine();
        w.Open($"public static partial class {api.Class}");
        bool firstResource = true;
        foreach (var r in api.Plan.ExportedResources)
        {
            if (_plan.Declared(r.Type.Id) is not { } type) continue;
            if (!firstResource) w.BlankLine();
            firstResource = false;
            w.Open($"public sealed partial class {type.Name}");
            bool first = true;
            foreach (var c in calls.Where(c => c.Resource?.Resource == r.Type))
            {
                if (!first) w.BlankLine();
                first = false;
                var fn = c.Function;
                var scope = Scope.Namespace;
                var paramNames = new NameScope();
                var parameters = fn.Params.Skip(1).Select(p => (p, Name: paramNames.TakeNumbered(Naming.Camel(p.Name)))).ToList();
                var returnType = new InterfaceEmitter(_refs).ReturnType(fn.Results, scope, file);
                DocComments.Summary(w, fn.Docs);
                DocComments.Obsolete(w, fn.Deprecated);
                var signature = string.Join(", ", parameters.Select(p => _refs.Of(p.p.Type, scope, file) + " " + p.Name));
                var args = string.Concat(parameters.Select(p => ", " + p.Name));
                w.Line($"public {returnType} {c.Resource!.Method}({signature}) => (({exportsClass})Owner({Lit(c.CoreName)})).{c.Method}(this{args});");
            }
            w.Close();
        }
        w.Close();
    }

    private static string DelegateType(FileContext file, IEnumerable<CoreType> parameters, IEnumerable<CoreType> results)
    {
        var p = parameters.Select(FlatValues.CSharp).ToList();
        var r = results.Select(FlatValues.CSharp).ToList();
        if (r.Count == 0) return p.Count == 0 ? file.Known("System", "Action") : $"{file.Known("System", "Action")}<{string.Join(", ", p)}>";
        return $"{file.Known("System", "Func")}<{string.Join(", ", p.Concat(r))}>";
    }

    private static string Wrap(IEnumerable<CoreType> parameters, IEnumerable<CoreType> results)
    {
        var p = parameters.Select(FlatValues.CSharp).ToList();
        var r = results.Select(FlatValues.CSharp).ToList();
        if (r.Count == 0) return p.Count == 0 ? "WrapAction" : $"WrapAction<{string.Join(", ", p)}>";
        return $"WrapFunc<{string.Join(", ", p.Concat(r))}>";
    }

    private void ExportMethod(CodeWriter w, AbiCodeGen gen, FileContext file, ExportCall call)
    {
        var fn = call.Function;
        var sig = call.Sig;
        var scope = Scope.Namespace;
        // A lending call's outer method also has `resources` and `lends` (see EmitLendingCall).
        var paramNames = new NameScope(call.Lending is null
            ? new[] { "fn", "ctx", "mem", "result", "ret", "args" }
            : new[] { "fn", "ctx", "mem", "result", "ret", "args", "resources", "lends" });
        var parameters = fn.Params.Select(p => (p, Name: paramNames.TakeNumbered(Naming.Camel(p.Name)))).ToList();
        var returnType = new InterfaceEmitter(_refs).ReturnType(fn.Results, scope, file);
        // A resource's method: the wrapper calls it with itself as `self` (lent to the guest as its representation).
        // (A lending call's doc goes on the method that lends, written first.)
        if (call.Lending is null && call.IsResourceMethod) w.Line($"/// <summary>Calls <c>{DocComments.Escape(call.CoreName)}</c>: what the wrapper's method does.</summary>");
        else if (call.Lending is null) w.Line("/// <inheritdoc/>");
        var access = call.IsResourceMethod ? "internal" : "public";
        var signature = string.Join(", ", parameters.Select(p => _refs.Of(p.p.Type, scope, file) + " " + p.Name));
        var method = call.Method;
        if (call.Lending is { } lending)
        {
            // Borrows of the host's objects are lent for the call: the guest must have dropped them when it returns.
            EmitLendingCall(w, call, access, returnType, signature, parameters.Select(p => p.Name), lending, fn.Results.Count > 0);
            w.Line($"/// <summary>Calls <c>{DocComments.Escape(call.CoreName)}</c>; <see cref=\"{call.Method}\"/> checks the handles it lends.</summary>");
            access = "private";
            method = lending;
            signature = signature.Length == 0 ? "int lends" : signature + ", int lends";
        }
        // The lent handles are checked when the guest returns, before its post-return (Task.return_).
        var closeLends = call.Lending is null ? null : "_ctx.Resources.CloseLends(lends, fn);";
        w.Open($"{access} {returnType} {method}({signature})");
        w.Line($"const string fn = {Lit(call.CoreName)};");
        // Wrappers passed directly are checked before any is moved: a spent or foreign one must not strand another
        // that an earlier parameter already moved into the guest.
        var wrappers = parameters.Where(p => _plan.IsExportedResource(p.p.Type)).ToList();
        // Scalars in and out need nothing of the context: the wrapper is the typed call and its conversions.
        bool usesContext = sig.IndirectParams || sig.IndirectResults || wrappers.Count > 0
            || fn.Params.Any(p => gen.NeedsAlloc(p.Type)) || fn.Results.Types.Any(gen.NeedsAlloc);
        if (usesContext) w.Line("var ctx = _ctx;");

        if (wrappers.Count > 1)
            foreach (var (_, name) in wrappers) w.Line($"{name}.Lend(ctx.ExportedResources, fn);");

        // Lower the arguments.
        var args = new List<string>();
        if (sig.IndirectParams)
        {
            var layout = call.Spec.ArgsLayout ?? _layout.ParamsLayout(fn);
            w.Line($"int args = ctx.Allocate({N(layout.Size)}, {N(layout.Alignment)}, fn);");
            for (int k = 0; k < parameters.Count; k++)
            {
                var offset = k < layout.FieldOffsets.Count ? layout.FieldOffsets[k] : 0;
                gen.Store(w, parameters[k].p.Type, offset == 0 ? "args" : $"unchecked(args + {N(offset)})", parameters[k].Name);
            }
            args.Add("args");
        }
        else
        {
            foreach (var (p, name) in parameters)
                args.AddRange(gen.LowerFlat(w, p.Type, name).Select(v => v.Expr));
        }

        // Call, lift, post-return.
        var resultTypes = fn.Results.Types;
        if (sig.Results.Count == 0)
        {
            w.Line($"{call.Call}({string.Join(", ", args)});");
            if (closeLends is not null) w.Line(closeLends);
            if (resultTypes.Count > 0) w.Line($"return {LiftFromFlat(gen, resultTypes, new List<(string, CoreType)>())};");
            w.Close();
            return;
        }
        w.Line($"var ret = {call.Call}({string.Join(", ", args)});");
        string lifted;
        if (sig.IndirectResults)
        {
            var layout = call.Spec.ResultsLayout ?? _layout.ResultsLayout(fn);
            w.Line($"{gen.Mem} mem = ctx.View;");
            w.Line($"{gen.Abi}.CheckRange(mem, ret, {N(layout.Size)}, {N(layout.Alignment)}, fn);");
            var loads = resultTypes.Select((t, k) =>
            {
                var offset = k < layout.FieldOffsets.Count ? layout.FieldOffsets[k] : 0;
                return gen.Load(t, offset == 0 ? "ret" : $"unchecked(ret + {N(offset)})");
            }).ToList();
            lifted = loads.Count == 1 ? loads[0] : $"({returnType})({string.Join(", ", loads)})";
        }
        else
        {
            if (resultTypes.Any(gen.NeedsAlloc)) w.Line($"{gen.Mem} mem = ctx.View;");
            lifted = LiftFromFlat(gen, resultTypes, new List<(string, CoreType)> { ("ret", sig.Results[0]) });
        }
        w.Line($"var result = {lifted};");
        if (closeLends is not null) w.Line(closeLends);
        w.Line($"{call.Post}?.Invoke(ret);");
        w.Line("return result;");
        w.Close();
    }

    private string LiftFromFlat(AbiCodeGen gen, WitBindgen.Generator.Util.EquatableArray<TypeRef> resultTypes, List<(string, CoreType)> flat)
    {
        var values = new FlatValues(flat);
        var lifted = resultTypes.Select(t => gen.LiftFlat(t, values)).ToList();
        return lifted.Count == 1 ? lifted[0] : "(" + string.Join(", ", lifted) + ")";
    }
}
