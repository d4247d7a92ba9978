using System;
using System.Linq;
using System.Runtime.CompilerServices;
using Wasmtime;

namespace WitBindgen.Wasi.P2;

/// <summary>
/// What <see cref="Preview1.Preview1Command"/> needs to run a preview-1 program through today's adapter
/// (jco 1.35.0's <c>wasi_snapshot_preview1.command.wasm</c>): it imports WASI 0.2.x and exports
/// <c>wasi:cli/run@0.2.x#run</c>.
/// </summary>
internal static class P2AdapterSupport
{
    private static readonly ConditionalWeakTable<Module, object> Wasi02 = new();

    /// <summary>True when <paramref name="adapter"/> imports WASI 0.2 interfaces (rather than the seed's world).</summary>
    public static bool ImportsWasi02(Module adapter) =>
        (bool)Wasi02.GetValue(adapter, m => m.Imports.Any(i => i.ModuleName.StartsWith("wasi:", StringComparison.Ordinal) && i.ModuleName.Contains("@0.2", StringComparison.Ordinal)));

    /// <summary>The adapter instance's <c>wasi:cli/run@0.2.x#run</c>, if it has one.</summary>
    public static Function? RunExport(Instance instance, Module adapter) =>
        WasiP2Command.FindRun(adapter) is { } name ? instance.GetFunction(name) : null;
}
