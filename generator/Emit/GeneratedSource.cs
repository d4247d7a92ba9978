namespace WitBindgen.Generator.Emit;

/// <summary>One C# file the emitter produces: a hint name unique within the world, and its text.</summary>
public sealed record GeneratedSource(string HintName, string Text);

/// <summary>
/// How to emit: the namespace that holds everything generated for the world, whether to write the canonical-ABI glue
/// for Wasmtime (it needs the Wasmtime and WitBindgen.Runtime assemblies), and whether imported functions take their
/// <c>string</c> parameters as <c>ReadOnlySpan&lt;char&gt;</c> (<paramref name="StringSpans"/>).
/// </summary>
public sealed record EmitOptions(string Namespace, bool Glue = false, bool StringSpans = false);
