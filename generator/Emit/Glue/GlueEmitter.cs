using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using WitBindgen.Generator.Abi;
using WitBindgen.Generator.Model;

namespace WitBindgen.Generator.Emit.Glue;

/// <summary>
/// Emits the canonical-ABI glue of a world for Wasmtime's core-module API:
/// <list type="bullet">
/// <item>per imported interface, <c>AddToLinker(linker, implementation, context)</c> and
/// <c>AddToLinker&lt;TData&gt;(linker, select)</c> defining one host function per WIT function, named as the guest
/// imports it, that lifts the arguments, calls the implementation and lowers the results: both overloads pass their
/// definer (see GlueEmitter.Definers.cs) to the interface's one listing of its host functions;</item>
/// <item>a <c>…Host</c> class holding an implementation of every import, to define them all at once;</item>
/// <item>per exported interface, a class implementing its C# interface by calling the guest's exports.</item>
/// </list>
/// The lifting and lowering code itself lives in one internal class per world, shared by all of them.
/// </summary>
internal sealed partial class GlueEmitter
{
    private readonly EmitPlan _plan;
    private readonly TypeReferences _refs;
    private readonly AbiLayout _layout;
    private readonly NameScope _topNames;
    private readonly string _abiClass;

    private GlueEmitter(EmitPlan plan, TypeReferences refs)
    {
        _plan = plan;
        _refs = refs;
        _layout = new AbiLayout(plan.Resolve);
        _topNames = new NameScope(plan.DeclaredNames.Concat(Naming.ImplicitBclTypeNames));   // no CS0104 for users
        _abiClass = _topNames.TakeNumbered(plan.WorldName + "Abi");
    }

    /// <summary>An imported or exported API with what the glue needs to name it.</summary>
    /// <param name="InClass">The API's C# name as written inside <paramref name="Class"/>, where a resource's interface may hide it.</param>
    private sealed record Api(ApiPlan Plan, string Module, IReadOnlyList<string> Methods, string? Class, string DefineMethod, string? InClass = null);

    public static IEnumerable<GeneratedSource> Emit(EmitPlan plan, TypeReferences refs) => new GlueEmitter(plan, refs).Emit();

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Lit(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    /// <summary>The world's imported and exported APIs, in the order the glue is written.</summary>
    private (List<Api> Imports, List<Api> Exports) Apis()
    {
        var imports = new List<Api>();
        var exports = new List<Api>();
        var defineNames = new NameScope();
        foreach (var cls in _plan.Classes)
        {
            foreach (var api in cls.Apis)
            {
                var define = defineNames.TakeNumbered((api.IsImport ? "Define" : "Bind") + cls.Name);
                // `interface terminal-input { resource terminal-input; }`: TerminalInput.ITerminalInput hides ITerminalInput.
                var inClass = cls.NestedNames.Contains(api.Name)
                    ? "global::" + (_plan.Namespace.Length > 0 ? _plan.Namespace + "." : "") + api.Name
                    : api.Name;
                (api.IsImport ? imports : exports).Add(new Api(api, api.AbiName, InterfaceEmitter.MethodNames(api), cls.Name, define, inClass));
            }
        }
        if (_plan.WorldImports is { } worldImports)
            imports.Add(new Api(worldImports, CoreImports.RootModule, InterfaceEmitter.MethodNames(worldImports), null, defineNames.TakeNumbered("DefineWorld")));
        if (_plan.WorldExports is { } worldExports)
            exports.Add(new Api(worldExports, "", InterfaceEmitter.MethodNames(worldExports), null, ""));
        return (imports, exports);
    }

    private IEnumerable<GeneratedSource> Emit()
    {
        var (imports, exports) = Apis();
        if (imports.Count == 0 && exports.Count == 0) yield break;

        // One file per interface (its AddToLinker and listing of host functions, or its exports class), and one for
        // the world: its Host class, its own functions, the definers, and the lift/lower helpers that several
        // interfaces share. The files share one set of usings, the union of what any of them needs.
        var file = new FileContext(_plan);
        var gen = new AbiCodeGen(_plan, _refs, _layout, file, _abiClass);
        var exportClasses = exports
            .Select(api => _topNames.TakeNumbered(api.Class is null ? api.Plan.Name.Substring(1) : ExportsClassName(api.Plan)))
            .ToList();
        // The exports whose guest imports [export]… functions for its resources: the host class defines those too.
        var resourceExports = exportClasses.Where((_, i) => exports[i].Plan.ExportedResources.Count > 0).ToList();
        var hints = new NameScope();
        var files = new List<(string Hint, CodeWriter Body)>();
        foreach (var cls in _plan.Classes)
        {
            var classImports = imports.Where(a => cls.Apis.Contains(a.Plan)).ToList();
            var classExports = Enumerable.Range(0, exports.Count).Where(i => cls.Apis.Contains(exports[i].Plan)).ToList();
            if (classImports.Count == 0 && classExports.Count == 0) continue;
            var w = new CodeWriter();
            var members = new NameScope(cls.NestedNames.Concat(new[] { cls.Name, "AddToLinker" }));
            foreach (var api in classImports)
            {
                w.BlankLine();
                w.Line($"/// <summary>Glue for the imported interface <c>{DocComments.Escape(api.Module)}</c>.</summary>");
                w.Open($"public static partial class {api.Class}");
                var calls = HostCalls(api);
                EmitDefines(w, gen, file, api, calls, inPublicClass: true, members.TakeNumbered("Define"));
                w.Close();
                if (calls.Any(c => ShapeOf(c.Spec.Signature).Untyped))
                {
                    w.BlankLine();
                    w.Open($"internal static partial class {_abiClass}");
                    UntypedHostFunctions(w, gen, file, api, calls);
                    w.Close();
                }
            }
            foreach (var i in classExports)
            {
                w.BlankLine();
                EmitExports(w, gen, file, exports[i], exportClasses[i]);
            }
            var stem = cls.HintName.EndsWith(".g.cs", StringComparison.Ordinal) ? cls.HintName.Substring(0, cls.HintName.Length - ".g.cs".Length) : cls.Name;
            files.Add((hints.TakeNumbered(stem + ".Glue"), w));
        }

        var world = new CodeWriter();
        EmitHost(world, file, imports, resourceExports);
        for (int i = 0; i < exports.Count; i++)
        {
            if (exports[i].Class is not null) continue;
            world.BlankLine();
            EmitExports(world, gen, file, exports[i], exportClasses[i]);
        }
        world.BlankLine();
        world.Line($"/// <summary>Canonical-ABI glue of the world <c>{DocComments.Escape(_plan.World?.Name ?? "")}</c>: host functions and lift/lower helpers.</summary>");
        world.Open($"internal static partial class {_abiClass}");
        bool first = true;
        foreach (var api in imports.Where(a => a.Class is null))
        {
            if (!first) world.BlankLine();
            first = false;
            DefineImports(world, gen, file, api);
        }
        world.BlankLine();
        EmitDefiners(world, file);
        gen.WriteHelpers(world);
        world.Close();
        files.Add((hints.TakeNumbered(_plan.WorldName + ".Glue"), world));

        foreach (var (hint, body) in files) yield return new GeneratedSource(hint + ".g.cs", Assemble(file, body));
    }

    /// <summary><c>CountersExports</c>; for the export side of an interface also imported (<c>IApiExport</c>, see <see cref="ExportCopies"/>) <c>ApiExports</c>.</summary>
    private static string ExportsClassName(ApiPlan api) => api.Name.Substring(1) + (api.IsExportCopy && api.Name.EndsWith("Export", StringComparison.Ordinal) ? "s" : "Exports");

    private string Assemble(FileContext file, object body)
    {
        var sb = new System.Text.StringBuilder();
        sb.Append("// <auto-generated/>\n#nullable enable\n#pragma warning disable CS1591 // WIT items without docs get none.\n");
        sb.Append("#pragma warning disable CS0219 // a function's name is unused where nothing in it can trap.\n");
        if (_plan.HasDeprecated) sb.Append(CSharpEmitter.ObsoletePragma);
        sb.Append('\n');
        foreach (var u in file.Usings.OrderBy(u => u.StartsWith("System", StringComparison.Ordinal) ? 0 : 1).ThenBy(u => u, StringComparer.Ordinal))
            sb.Append("using ").Append(u).Append(";\n");
        if (file.Usings.Count > 0) sb.Append('\n');
        if (_plan.Namespace.Length > 0) sb.Append("namespace ").Append(_plan.Namespace).Append(";\n\n");
        sb.Append(body);
        return sb.ToString();
    }

    // ---- imports ----

    /// <summary>How a host function reaches the implementation.</summary>
    private enum CallKind { Implementation, ResourceMethod, ResourceDrop }

    /// <summary>One core function a guest imports: <paramref name="Target"/> is the C# method it calls; <paramref name="Spec"/> is what the glue writes about it.</summary>
    private sealed record HostCall(Function Function, ImportSpec Spec, string HostName, CallKind Kind, string? Target, TypeRef Resource);

    private List<HostCall> HostCalls(Api api)
    {
        var prefix = api.DefineMethod.Replace("Define", "Host");
        var calls = new List<HostCall>();
        var names = new NameScope();
        var coreNames = api.Plan.CoreNames;
        ImportSpec Spec(string coreName, Function fn) => ImportSpec.Of(_plan, _layout, api.Plan, api.Module, coreName, fn);
        for (int i = 0; i < api.Plan.Functions.Count; i++)
            calls.Add(new HostCall(api.Plan.Functions[i], Spec(coreNames[i], api.Plan.Functions[i]), names.TakeNumbered(prefix + api.Methods[i]), CallKind.Implementation, api.Methods[i], default));
        foreach (var rc in api.Plan.ResourceCalls)
        {
            var host = names.TakeNumbered(prefix + Naming.Pascal(rc.CoreName.Replace("[method]", "").Replace("[resource-drop]", "drop-").Replace('.', '-')));
            calls.Add(new HostCall(rc.Function, Spec(rc.CoreName, rc.Function), host, rc.Method is null ? CallKind.ResourceDrop : CallKind.ResourceMethod, rc.Method, rc.Resource));
        }
        return calls;
    }

    /// <summary>The spec of every core function the world's guests import, in the order the glue defines them.</summary>
    internal static IReadOnlyList<ImportSpec> ImportSpecs(EmitPlan plan, TypeReferences refs)
    {
        var emitter = new GlueEmitter(plan, refs);
        var (imports, _) = emitter.Apis();
        return imports.SelectMany(api => emitter.HostCalls(api)).Select(c => c.Spec).ToList();
    }

    /// <summary>The world's own imports: their definitions and listing, in the ABI class.</summary>
    private void DefineImports(CodeWriter w, AbiCodeGen gen, FileContext file, Api api)
    {
        var calls = HostCalls(api);
        EmitDefines(w, gen, file, api, calls, inPublicClass: false, api.DefineMethod);
        UntypedHostFunctions(w, gen, file, api, calls);
    }

    /// <summary>The host functions wider than Wasmtime's typed callbacks: methods of the ABI class, which their listing's entries call with the unboxed arguments.</summary>
    private void UntypedHostFunctions(CodeWriter w, AbiCodeGen gen, FileContext file, Api api, List<HostCall> calls)
    {
        var context = file.Known("WitBindgen.Runtime.Abi", "GuestContext");
        foreach (var call in calls.Where(c => ShapeOf(c.Spec.Signature).Untyped))
        {
            var sig = call.Spec.Signature;
            var ret = sig.Results.Count == 0 ? "void" : FlatValues.CSharp(sig.Results[0]);
            var parameters = sig.Params.Select((t, k) => $", {FlatValues.CSharp(t)} {call.Spec.ParamNames[k]}");
            w.BlankLine();
            WriteHostFunction(w, $"internal static {ret} {call.HostName}({api.Plan.Name} impl, {context} ctx, string fn{string.Concat(parameters)})", HostBody(gen, file, call));
        }
    }

    /// <summary>
    /// The two ways to define an import's functions — a fixed implementation and guest context, or both selected from
    /// each calling store's data — and the one listing of its host functions that both pass their definer to.
    /// </summary>
    private void EmitDefines(CodeWriter w, AbiCodeGen gen, FileContext file, Api api, List<HostCall> calls, bool inPublicClass, string listing)
    {
        var linker = file.Known("Wasmtime", "Linker");
        var context = file.Known("WitBindgen.Runtime.Abi", "GuestContext");
        var storeData = file.Known("WitBindgen.Runtime.Abi", "IGuestStoreData");
        var type = inPublicClass ? api.InClass ?? api.Plan.Name : api.Plan.Name;
        var method = inPublicClass ? "AddToLinker" : api.DefineMethod;
        var module = inPublicClass ? $" = {Lit(api.Module)}" : "";
        var cm32 = HasCm32p2 ? ", " + (api.Plan.Cm32p2Module is { } c ? Lit(c) : "null") : "";
        var definerArgs = $"linker, module, {Lit(api.Module)}{cm32}, implementation";
        if (inPublicClass)
            w.Line("/// <summary>Defines on <paramref name=\"linker\"/> the functions a guest imports from <paramref name=\"module\"/>, calling <paramref name=\"implementation\"/>; <paramref name=\"context\"/>: the guest's memory and realloc, bound after instantiation.</summary>");
        w.Line($"public static void {method}({linker} linker, {type} implementation, {context} context, string module{module}) =>");
        w.Line($"    {listing}(new {_abiClass}.FixedDefiner<{type}>({definerArgs}, context));");

        // The same functions for a linker shared by stores: implementation and memory come from the store's data.
        w.BlankLine();
        if (inPublicClass)
            w.Line($"/// <summary>The same on a linker shared by stores whose data is a <typeparamref name=\"TData\"/>: each call selects the implementation from it, and finds the guest's memory in <see cref=\"{storeData}.Guest\"/>.</summary>");
        w.Line($"public static void {method}<TData>({linker} linker, {file.Known("System", "Func")}<TData, {type}> implementation, string module{module}) where TData : class, {storeData} =>");
        w.Line($"    {listing}(new {_abiClass}.StoreDataDefiner<TData, {type}>({definerArgs}));");

        w.BlankLine();
        w.Open($"private static void {listing}<TDefiner>(TDefiner d) where TDefiner : struct, {_abiClass}.IDefiner<{type}>");
        foreach (var call in calls) DefineFunction(w, gen, file, call);
        w.Close();
    }

    /// <summary>
    /// One function of the listing: its core name, its host function (a lambda over the core parameters: lift, call
    /// the implementation, lower) and, for today's WIT where it differs, its <c>cm32p2</c> name; typed where Wasmtime
    /// has a callback type, its untyped callback beyond.
    /// </summary>
    private void DefineFunction(CodeWriter w, AbiCodeGen gen, FileContext file, HostCall hostCall)
    {
        var sig = hostCall.Spec.Signature;
        var shape = ShapeOf(sig);
        _shapes.Add(shape);
        var name = Lit(hostCall.Spec.Name);
        var host = _abiClass + "." + hostCall.HostName;
        var cm32 = hostCall.Spec.Cm32p2Name is { } today && today != hostCall.Spec.Name ? ", " + Lit(today) : "";
        if (!shape.Untyped)
        {
            var types = sig.Params.Select(FlatValues.CSharp).Concat(sig.Results.Select(FlatValues.CSharp)).ToList();
            var typeArgs = types.Count == 0 ? "" : $"<{string.Join(", ", types)}>";
            var parameters = string.Join(", ", new[] { "impl", "ctx", "fn" }.Concat(hostCall.Spec.ParamNames));
            WriteLambda(w, $"d.{(shape.Returns ? "Func" : "Action")}{typeArgs}({name}, static ({parameters}) =>", HostBody(gen, file, hostCall), cm32 + ");");
            return;
        }
        // Wider than Wasmtime's typed callbacks: the untyped one, its arguments read from the boxes.
        var valueKind = file.Known("Wasmtime", "ValueKind");
        string Kind(CoreType t) => valueKind + "." + t switch { CoreType.I32 => "Int32", CoreType.I64 => "Int64", CoreType.F32 => "Float32", _ => "Float64" };
        string Get(CoreType t, int k) => $"args[{N(k)}]." + t switch { CoreType.I32 => "AsInt32()", CoreType.I64 => "AsInt64()", CoreType.F32 => "AsSingle()", _ => "AsDouble()" };
        var unpacked = $"{host}(impl, ctx, fn{string.Concat(sig.Params.Select((t, k) => ", " + Get(t, k)))})";
        var statement = sig.Results.Count == 0 ? unpacked : $"results[0] = {unpacked}";
        w.Line($"d.Untyped({name}, new[] {{ {string.Join(", ", sig.Params.Select(Kind))} }}, new {valueKind}[] {{ {string.Join(", ", sig.Results.Select(Kind))} }},");
        w.Line($"    static (impl, ctx, fn, args, results) => {statement}{cm32});");
    }

    /// <summary>
    /// A host function's body: lift the arguments, call the implementation, lower the results. String parameters taken
    /// as spans are decoded into the stack or into buffers rented for the call, given back however it ends.
    /// </summary>
    private CodeWriter HostBody(AbiCodeGen gen, FileContext file, HostCall hostCall)
    {
        var rented = new List<string>();
        var body = HostBody(gen, file, hostCall, rented);
        if (rented.Count == 0) return body;
        var w = new CodeWriter();
        foreach (var buffer in rented) w.Line($"char[]? {buffer} = null;");
        w.Open("try");
        foreach (var line in body.ToString().TrimEnd('\n').Split('\n')) w.Line(line);
        w.Close();
        w.Open("finally");
        foreach (var buffer in rented) w.Line($"{gen.Abi}.ReturnRented({buffer});");
        w.Close();
        return w;
    }

    /// <summary>
    /// A string parameter lifted into a span: decoded on the stack when its UTF-8 takes at most 1 KiB (it then takes
    /// at most 1,024 chars), else into a buffer rented into <c>_rentedK</c>. <paramref name="length"/> is a local.
    /// </summary>
    private static string SpanString(AbiCodeGen gen, string pointer, string length, List<string> rented)
    {
        var buffer = $"_rented{N(rented.Count)}";
        rented.Add(buffer);
        return $"{gen.Abi}.LiftString(mem, {pointer}, {length}, (uint){length} <= 1024u ? stackalloc char[{length}] : default, ref {buffer}, fn)";
    }

    private CodeWriter HostBody(AbiCodeGen gen, FileContext file, HostCall hostCall, List<string> rented)
    {
        var fn = hostCall.Function;
        var spec = hostCall.Spec;
        var sig = spec.Signature;
        var flatNames = spec.ParamNames;
        var w = new CodeWriter();
        if (hostCall.Kind == CallKind.ResourceDrop)
        {
            // Removes the handle (a bad one traps) and disposes the object if it is IDisposable.
            w.Line($"ctx.Resources.Drop<{gen.Cs(hostCall.Resource)}>({flatNames[0]}, fn);");
            return w;
        }

        // Lift the arguments: expressions in the call, evaluated left to right as the ABI lifts them.
        var args = new List<string>();
        bool needsMemory = sig.IndirectParams || fn.Params.Any(p => gen.NeedsAlloc(p.Type));
        if (needsMemory) w.Line($"{gen.Mem} mem = ctx.View;");
        if (sig.IndirectParams)
        {
            var layout = spec.ArgsLayout ?? _layout.ParamsLayout(fn);
            var at0 = flatNames[0];
            w.Line($"{gen.Abi}.CheckRange(mem, {at0}, {N(layout.Size)}, {N(layout.Alignment)}, fn);");
            for (int k = 0; k < fn.Params.Count; k++)
            {
                var offset = k < layout.FieldOffsets.Count ? layout.FieldOffsets[k] : 0;
                var at = offset == 0 ? at0 : $"unchecked({at0} + {N(offset)})";
                // A string's or list's length: the second word of its pointer and length.
                var lengthAt = gen.I32($"unchecked({at0} + {N(offset + 4)})");
                if (_refs.IsSpanString(fn.Params[k].Type))
                {
                    // The length read once into a local: it sizes the buffer and is the string's length.
                    var length = $"_length{N(k)}";
                    w.Line($"int {length} = {lengthAt};");
                    args.Add(SpanString(gen, gen.I32(at), length, rented));
                    continue;
                }
                args.Add(_refs.IsByteList(fn.Params[k].Type)
                    ? $"{gen.Abi}.ByteList(mem, {gen.I32(at)}, {lengthAt}, fn)"
                    : gen.Load(fn.Params[k].Type, at));
            }
        }
        else
        {
            int flatArgs = sig.Params.Count - (sig.ReturnPointer ? 1 : 0);
            var values = new FlatValues(Enumerable.Range(0, flatArgs).Select(k => (flatNames[k], sig.Params[k])).ToList());
            foreach (var p in fn.Params)
            {
                if (!_refs.IsSpanString(p.Type))
                {
                    args.Add(gen.LiftFlat(p.Type, values, borrowBytes: true));
                    continue;
                }
                var pointer = values.Next().Expr;   // a string's two flat values are the parameters themselves
                args.Add(SpanString(gen, pointer, values.Next().Expr, rented));
            }
        }

        // Call.
        var resultTypes = fn.Results.Types;
        var target = hostCall.Kind == CallKind.ResourceMethod
            ? $"{args.FirstOrDefault() ?? "default!"}.{hostCall.Target}"   // self: the borrowed object
            : $"impl.{hostCall.Target}";
        var callArgs = hostCall.Kind == CallKind.ResourceMethod ? args.Skip(1).ToList() : args;
        var assign = resultTypes.Count == 0 ? "" : "var result = ";
        string? lowered = null;
        if (!sig.ReturnPointer && sig.Results.Count == 1 && resultTypes.Count == 1)
        {
            // A scalar result lowered by one expression: returned straight from the call.
            const string placeholder = "__witResult__";
            var scratch = new CodeWriter();
            var flat = gen.LowerFlat(scratch, resultTypes[0], placeholder);
            if (scratch.ToString().Length == 0 && flat.Count == 1 && Count(flat[0].Expr, placeholder) == 1)
            {
                lowered = flat[0].Expr;
                assign = "return " + lowered.Substring(0, lowered.IndexOf(placeholder, StringComparison.Ordinal));
            }
        }
        string end = lowered is null ? ";" : lowered.Substring(lowered.IndexOf("__witResult__", StringComparison.Ordinal) + "__witResult__".Length) + ";";
        if (callArgs.Count == 0 || assign.Length + target.Length + callArgs.Sum(a => a.Length + 2) <= 100) w.Line($"{assign}{target}({string.Join(", ", callArgs)}){end}");
        else
        {
            w.Line($"{assign}{target}(");
            w.Indent();
            for (int k = 0; k < callArgs.Count; k++) w.Line(callArgs[k] + (k == callArgs.Count - 1 ? ")" + end : ","));
            w.Dedent();
        }
        if (lowered is not null) return w;

        // Lower the results: through the return pointer, checked after the call as canon lower does.
        var resultValues = resultTypes.Count == 1
            ? new List<string> { "result" }
            : resultTypes.Select((_, k) => $"result.Item{N(k + 1)}").ToList();
        if (sig.ReturnPointer)
        {
            var resultsLayout = spec.ResultsLayout ?? _layout.ResultsLayout(fn);
            var fields = resultTypes.Select((t, k) => (t, resultValues[k], k < resultsLayout.FieldOffsets.Count ? resultsLayout.FieldOffsets[k] : 0)).ToList();
            gen.StoreResults(w, fields, flatNames[flatNames.Count - 1], resultsLayout, needsMemory);
        }
        else if (sig.Results.Count == 1)
        {
            var flat = new List<(string Expr, CoreType Type)>();
            for (int k = 0; k < resultTypes.Count; k++) flat.AddRange(gen.LowerFlat(w, resultTypes[k], resultValues[k]));
            w.Line($"return {(flat.Count > 0 ? flat[0].Expr : "0")};");
        }
        return w;
    }

    private static int Count(string text, string part)
    {
        int count = 0;
        for (int at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }

    /// <summary>
    /// A host function as a method: expression-bodied where its body is one statement (a call, possibly over several
    /// lines), else a block. No try/catch here: the definer's callback wraps the whole function, once per shape.
    /// </summary>
    private static void WriteHostFunction(CodeWriter w, string header, CodeWriter body)
    {
        var lines = BodyLines(body, out var expression);
        if (expression is null)
        {
            w.Open(header);
            foreach (var line in lines) w.Line(line);
            w.Close();
            return;
        }
        w.Line(header + " =>");
        w.Indent();
        foreach (var line in expression) w.Line(line);
        w.Dedent();
    }

    /// <summary>A host function as a lambda, <paramref name="head"/> its listing entry up to <c>=&gt;</c>, <paramref name="tail"/> what closes the entry.</summary>
    private static void WriteLambda(CodeWriter w, string head, CodeWriter body, string tail)
    {
        var lines = BodyLines(body, out var expression);
        if (expression is null)
        {
            w.Open(head);
            foreach (var line in lines) w.Line(line);
            w.Close("}" + tail.Substring(0, tail.Length - 1) + ";");
            return;
        }
        w.Line(head);
        w.Indent();
        for (int k = 0; k < expression.Count; k++)
            w.Line(k < expression.Count - 1 ? expression[k] : expression[k].Substring(0, expression[k].Length - 1) + tail);
        w.Dedent();
    }

    /// <summary>
    /// A body's lines; where it is one statement, also as an expression (its lines, without <c>return</c>, or the
    /// <c>var result =</c> of a result that lowers to nothing, an empty record), still ending with <c>;</c>.
    /// </summary>
    private static string[] BodyLines(CodeWriter body, out List<string>? expression)
    {
        var lines = body.ToString().TrimEnd('\n').Split('\n');
        bool oneStatement = lines.Count(l => l.EndsWith(";", StringComparison.Ordinal)) == 1
            && lines[lines.Length - 1].EndsWith(";", StringComparison.Ordinal)
            && !lines.Any(l => l.Trim() is "{" or "}" or "");
        expression = null;
        if (oneStatement)
        {
            var lead = new[] { "return ", "var result = " }.FirstOrDefault(l => lines[0].StartsWith(l, StringComparison.Ordinal)) ?? "";
            expression = lines.Select((l, k) => k == 0 ? l.Substring(lead.Length) : l).ToList();
        }
        return lines;
    }

    // ---- the world's host ----

    /// <summary>What defines an import's functions: its interface's <c>AddToLinker</c>, or the world's own in the ABI class.</summary>
    private string DefineTarget(Api api) => api.Class is null
        ? _abiClass + "." + api.DefineMethod
        : "global::" + (_plan.Namespace.Length > 0 ? _plan.Namespace + "." : "") + api.Class + ".AddToLinker";   // a property of the host may hide the class

    private void EmitHost(CodeWriter w, FileContext file, List<Api> imports, List<string> resourceExports)
    {
        if (imports.Count == 0) return;
        var hostName = _topNames.TakeNumbered(_plan.WorldName + "Host");
        var linker = file.Known("Wasmtime", "Linker");
        var context = file.Known("WitBindgen.Runtime.Abi", "GuestContext");
        w.Line($"/// <summary>An implementation of every import of the world <c>{DocComments.Escape(_plan.World?.Name ?? "")}</c>, to define them all on a linker at once.</summary>");
        DocComments.Obsolete(w, _plan.World?.Deprecated);
        w.Open($"public sealed class {hostName}");
        var props = new NameScope(new[] { hostName, "AddToLinker", "Missing", "NotImplemented" });
        var propNames = new List<string>();
        foreach (var api in imports)
        {
            var prop = props.Take(api.Class is null ? "Functions" : Naming.Pascal(api.Plan.WitName));   // Random, not WitRandom
            propNames.Add(prop);
            w.Line($"/// <summary>The implementation of <c>{DocComments.Escape(api.Class is null ? _plan.World?.Name + " functions" : api.Module)}</c>.</summary>");
            w.Line($"public {api.Plan.Name}? {prop} {{ get; set; }}");
        }
        w.BlankLine();
        w.Line("/// <summary>The imports that have no implementation yet.</summary>");
        w.Open($"public {file.Known("System.Collections.Generic", "IReadOnlyList")}<string> Missing");
        w.Open("get");
        w.Line("var missing = new System.Collections.Generic.List<string>();");
        for (int i = 0; i < imports.Count; i++)
            w.Line($"if ({propNames[i]} is null) missing.Add({Lit(imports[i].Module)});");
        w.Line("return missing;");
        w.Close();
        w.Close();
        w.BlankLine();
        var module = file.Known("Wasmtime", "Module");
        var versions = file.Known("WitBindgen.Runtime.Abi", "ImportVersions");
        var versioned = Enumerable.Range(0, imports.Count).Where(i => imports[i].Module.IndexOf('@') > 0).ToList();
        // A versioned package's host also serves guests of older compatible versions, given their modules.
        var guests = versioned.Count > 0 ? $", params {module}[] guests" : "";
        if (versioned.Count == 0) w.Line("/// <summary>Defines every import on <paramref name=\"linker\"/>; throws if an implementation is missing.</summary>");
        else
        {
            w.Line("/// <summary>");
            w.Line("/// Defines every import on <paramref name=\"linker\"/>; throws if an implementation is missing. With");
            w.Line("/// <paramref name=\"guests\"/>, also under the older semver-compatible names they import (a guest built against");
            w.Line($"/// an earlier <c>{DocComments.Escape(imports[versioned[0]].Module)}</c> links).");
            w.Line("/// </summary>");
        }
        w.Open($"public void AddToLinker({linker} linker, {context} context{guests})");
        w.Line("var missing = Missing;");
        w.Line("if (missing.Count > 0) throw new System.InvalidOperationException(\"no implementation for the imports: \" + string.Join(\", \", missing));");
        for (int i = 0; i < imports.Count; i++)
            w.Line($"{DefineTarget(imports[i])}(linker, {propNames[i]}!, context, {Lit(imports[i].Module)});");
        foreach (var i in versioned)
            w.Line($"foreach (var older in {versions}.OlderCompatibleImports(guests, {Lit(imports[i].Module)})) {DefineTarget(imports[i])}(linker, {propNames[i]}!, context, older);");
        foreach (var exportsClass in resourceExports) w.Line($"{exportsClass}.AddToLinker(linker, context);");
        w.Close();
        w.BlankLine();
        var storeData = file.Known("WitBindgen.Runtime.Abi", "IGuestStoreData");
        w.Line("/// <summary>");
        w.Line("/// Defines every import on a <paramref name=\"linker\"/> shared by many stores: each call finds its implementation in the");
        w.Line("/// host that <paramref name=\"host\"/> selects from the calling store's data, and the guest's memory in");
        w.Line($"/// <see cref=\"{storeData}.Guest\"/>. A call of an import the selected host has no implementation for traps.");
        if (versioned.Count > 0) w.Line("/// With <paramref name=\"guests\"/>, also under the older semver-compatible names they import.");
        w.Line("/// </summary>");
        w.Line("/// <typeparam name=\"TData\">The data of every store instantiated with the linker.</typeparam>");
        w.Open($"public static void AddToLinker<TData>({linker} linker, {file.Known("System", "Func")}<TData, {hostName}> host{guests}) where TData : class, {storeData}");
        w.Line($"{file.Known("System", "ArgumentNullException")}.ThrowIfNull(host);");
        for (int i = 0; i < imports.Count; i++)
            w.Line($"{DefineTarget(imports[i])}<TData>(linker, data => host(data).{propNames[i]} ?? throw NotImplemented({Lit(imports[i].Module)}), {Lit(imports[i].Module)});");
        foreach (var i in versioned)
            w.Line($"foreach (var older in {versions}.OlderCompatibleImports(guests, {Lit(imports[i].Module)})) {DefineTarget(imports[i])}<TData>(linker, data => host(data).{propNames[i]} ?? throw NotImplemented({Lit(imports[i].Module)}), older);");
        foreach (var exportsClass in resourceExports) w.Line($"{exportsClass}.AddToLinker<TData>(linker);");
        w.Close();
        w.BlankLine();
        w.Line($"private static {file.Known("WitBindgen.Runtime.Abi", "WitTrapException")} NotImplemented(string module) => new($\"the store's host has no implementation for the imports of {{module}}\");");
        w.Close();
    }
}
