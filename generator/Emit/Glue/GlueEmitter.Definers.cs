using System.Collections.Generic;
using System.Linq;
using WitBindgen.Generator.Abi;

namespace WitBindgen.Generator.Emit.Glue;

/// <summary>
/// The definers: each import lists its host functions once, as static lambdas in a method generic over a definer, and
/// its two <c>AddToLinker</c> overloads pass the definer of their path, which wraps every host function in the
/// callback Wasmtime calls — over a fixed implementation and guest context, or selecting both from the calling
/// store's data. They are written into the world's ABI class (not shared from the runtime, which measured slower),
/// one method per callback shape the world's imports use. The try/catch that turns an implementation's exception
/// into a trap is here, once per shape; it covers the whole host function, lifting included. The price: the callback
/// reaches the host function through a delegate, one indirect call more than a closure per function and path
/// (tests/WitBindgen.Benchmarks/DefineShapes.cs measures both).
/// </summary>
internal sealed partial class GlueEmitter
{
    /// <summary>A callback shape: <paramref name="Arity"/> typed core parameters, a result or not; or Wasmtime's untyped callback.</summary>
    private readonly record struct Shape(bool Untyped, bool Returns, int Arity);

    /// <summary>The shapes the world's host functions need, collected as their listings are written.</summary>
    private readonly SortedSet<Shape> _shapes = new(Comparer<Shape>.Create((a, b) =>
        (a.Untyped, a.Returns, a.Arity).CompareTo((b.Untyped, b.Returns, b.Arity))));

    /// <summary>Whether the world's imports are also defined under their <c>cm32p2</c> names.</summary>
    private bool HasCm32p2 => _hasCm32p2 ??= Apis().Imports.Any(a => a.Plan.Cm32p2Module is not null);

    private bool? _hasCm32p2;

    private static Shape ShapeOf(CoreSignature sig) => sig.Results.Count <= 1 && sig.Params.Count <= 12
        ? new Shape(false, sig.Results.Count == 1, sig.Params.Count)
        : new Shape(true, false, 0);

    private static string TypeParams(Shape shape) =>
        shape.Arity == 0 && !shape.Returns ? "" : "<" + string.Join(", ", Enumerable.Range(1, shape.Arity).Select(k => "T" + N(k)).Concat(shape.Returns ? new[] { "TResult" } : new string[0])) + ">";

    /// <summary><c>Action&lt;T1, T2&gt;(string name, Action&lt;T, GuestContext, string, T1, T2&gt; host)</c>.</summary>
    private string ShapeSignature(FileContext file, Shape shape, bool withDefault)
    {
        var cm32 = HasCm32p2 ? ", string? cm32p2Name" + (withDefault ? " = null" : "") : "";
        var context = file.Known("WitBindgen.Runtime.Abi", "GuestContext");
        if (shape.Untyped)
        {
            var kind = file.Known("Wasmtime", "ValueKind");
            return $"Untyped(string name, {kind}[] parameterKinds, {kind}[] resultKinds, UntypedHost<T> host{cm32})";
        }
        var method = shape.Returns ? "Func" : "Action";
        var hostTypes = new[] { "T", context, "string" }.Concat(Enumerable.Range(1, shape.Arity).Select(k => "T" + N(k))).Concat(shape.Returns ? new[] { "TResult" } : new string[0]);
        // Core values are structs; the constraints also match Wasmtime's callbacks, whose parameters are T1?….
        var constraints = string.Concat(Enumerable.Range(1, shape.Arity).Select(k => $" where T{N(k)} : struct").Concat(shape.Returns ? new[] { " where TResult : struct" } : new string[0]));
        return $"{method}{TypeParams(shape)}(string name, {file.Known("System", method)}<{string.Join(", ", hostTypes)}> host{cm32}){constraints}";
    }

    /// <summary>The definer interface, the untyped host delegate and the two definers, in the world's ABI class.</summary>
    private void EmitDefiners(CodeWriter w, FileContext file)
    {
        if (_shapes.Count == 0) return;
        var context = file.Known("WitBindgen.Runtime.Abi", "GuestContext");
        w.Line("/// <summary>Defines an import's host functions on a linker, each in the callback its path needs: one method per callback shape of the world.</summary>");
        w.Open("internal interface IDefiner<T> where T : class");
        foreach (var shape in _shapes) w.Line($"void {ShapeSignature(file, shape, withDefault: true)};");
        w.Close();
        if (_shapes.Any(s => s.Untyped))
        {
            w.BlankLine();
            var box = file.Known("Wasmtime", "ValueBox");
            w.Line("/// <summary>A host function wider than Wasmtime's typed callbacks, reading its arguments from <paramref name=\"args\"/>.</summary>");
            w.Line($"internal delegate void UntypedHost<T>(T implementation, {context} context, string fn, {file.Known("System", "ReadOnlySpan")}<{box}> args, {file.Known("System", "Span")}<{box}> results);");
        }
        w.BlankLine();
        EmitDefiner(w, file, shared: false);
        w.BlankLine();
        EmitDefiner(w, file, shared: true);
    }

    private void EmitDefiner(CodeWriter w, FileContext file, bool shared)
    {
        var linker = file.Known("Wasmtime", "Linker");
        var context = file.Known("WitBindgen.Runtime.Abi", "GuestContext");
        var storeData = file.Known("WitBindgen.Runtime.Abi", "IGuestStoreData");
        var nullCheck = file.Known("System", "ArgumentNullException");
        var func = file.Known("System", "Func");
        bool cm32 = HasCm32p2;
        var name = shared ? "StoreDataDefiner" : "FixedDefiner";
        var typeParams = shared ? "<TData, T>" : "<T>";
        var selected = shared ? $"{func}<TData, T>" : "T";
        w.Line(shared
            ? "/// <summary>Defines host functions for a linker shared by stores: each call selects the implementation from the calling store's data, and finds the guest's memory in it.</summary>"
            : "/// <summary>Defines host functions calling one implementation with one guest context.</summary>");
        w.Open($"internal readonly struct {name}{typeParams} : IDefiner<T> where T : class{(shared ? $" where TData : class, {storeData}" : "")}");
        w.Line($"private readonly {linker} _linker;");
        w.Line("private readonly string _module;");
        w.Line("private readonly string _trapModule;");
        if (cm32) w.Line("private readonly string? _cm32p2Module;");
        w.Line($"private readonly {selected} _implementation;");
        if (!shared) w.Line($"private readonly {context} _context;");
        w.BlankLine();
        w.Line(cm32
            ? "/// <summary><paramref name=\"trapModule\"/>: the import's own module, which names its functions in traps; defined under it, they are also defined under <paramref name=\"cm32p2Module\"/>.</summary>"
            : "/// <summary><paramref name=\"trapModule\"/>: the import's own module, which names its functions in traps whatever <paramref name=\"module\"/> they are defined under.</summary>");
        var ctorParams = $"{linker} linker, string module, string trapModule{(cm32 ? ", string? cm32p2Module" : "")}, {selected} implementation{(shared ? "" : $", {context} context")}";
        w.Open($"public {name}({ctorParams})");
        w.Line($"{nullCheck}.ThrowIfNull(linker);");
        w.Line($"{nullCheck}.ThrowIfNull(implementation);");
        if (!shared) w.Line($"{nullCheck}.ThrowIfNull(context);");
        w.Line(shared
            ? "(_linker, _module, _trapModule, _implementation) = (linker, module, trapModule, implementation);"
            : "(_linker, _module, _trapModule, _implementation, _context) = (linker, module, trapModule, implementation, context);");
        if (cm32) w.Line("_cm32p2Module = module == trapModule ? cm32p2Module : null;");
        w.Close();
        foreach (var shape in _shapes)
        {
            w.BlankLine();
            EmitShape(w, file, shape, shared, cm32);
        }
        w.Close();
    }

    private void EmitShape(CodeWriter w, FileContext file, Shape shape, bool shared, bool cm32)
    {
        var args = Enumerable.Range(0, shape.Arity).Select(k => "a" + N(k)).ToList();
        string callback, hostArgs;
        if (shape.Untyped)
        {
            callback = $"{file.Known("Wasmtime", "Function")}.UntypedCallbackDelegate";
            args = new List<string> { "args", "results" };
            hostArgs = "args, results";
        }
        else
        {
            var kind = shared ? (shape.Returns ? "CallerFunc" : "CallerAction") : (shape.Returns ? "Func" : "Action");
            callback = file.Known(shared ? "Wasmtime" : "System", kind) + TypeParams(shape);
            hostArgs = string.Join(", ", args);
        }
        var lambdaParams = shape.Untyped || shared ? new[] { "caller" }.Concat(args) : args;
        var ret = shape.Returns ? "return " : "";
        w.Open($"public void {ShapeSignature(file, shape, withDefault: false)}");
        w.Line(shared
            ? "var (implementation, fn) = (_implementation, _trapModule + \".\" + name);"
            : "var (implementation, context, fn) = (_implementation, _context, _trapModule + \".\" + name);");
        w.Open($"{callback} callback = ({string.Join(", ", lambdaParams)}) =>");
        if (shared)
        {
            // Selected before the try: a selector's own exception is not the implementation failing.
            w.Line($"var data = {file.Known("WitBindgen.Runtime.Abi", "CanonicalAbi")}.StoreData<TData>(caller, fn);");
            w.Line("var (selected, context) = (implementation(data), data.Guest);");
        }
        w.Line($"try {{ {ret}host({(shared ? "selected" : "implementation")}, context, fn{(hostArgs.Length > 0 ? ", " + hostArgs : "")}); }}");
        w.Line($"catch ({file.Known("System", "Exception")} ex) when (ex is not {file.Known("WitBindgen.Runtime.Abi", "WitTrapException")} and not {file.Known("WitBindgen.Runtime.Abi", "GuestExitException")}) {{ throw {file.Known("WitBindgen.Runtime.Abi", "CanonicalAbi")}.ImplementationFailed(fn, ex); }}");
        w.Close("};");
        var extra = shape.Untyped ? ", parameterKinds, resultKinds" : "";
        w.Line($"_linker.DefineFunction(_module, name, callback{extra});");
        if (cm32) w.Line($"if (_cm32p2Module is not null) _linker.DefineFunction(_cm32p2Module, cm32p2Name ?? name, callback{extra});");
        w.Close();
    }
}
