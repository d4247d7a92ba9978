using System;
using System.Collections.Generic;
using System.IO;

namespace WitBindgen.Wasi.Preview1;

/// <summary>
/// Prepares the published WASI preview-1 component adapter (<c>wasi_preview1_component_adapter.command.wasm</c>, e.g.
/// from <c>@bytecodealliance/jco@0.7.0</c>) for running as a plain core module.
/// </summary>
/// <remarks>
/// As published the adapter has no stack: <c>wit-component</c> normally injects a start function that sets its
/// <c>allocation_state</c> global to 1, grows memory by a page, points <c>__stack_pointer</c> at that page's end and sets
/// <c>allocation_state</c> to 2. Wasmtime cannot set a global the module does not export, so
/// <see cref="ExportStackGlobals"/> rewrites the module's bytes: it finds the two globals by their names in the
/// <c>name</c> section and appends exports of them (<see cref="StackPointerExport"/>, <see cref="AllocationStateExport"/>)
/// to the export section; <see cref="Preview1Command"/> then does the start function's work from the host after
/// instantiating the adapter. Nothing else in the module changes.
/// </remarks>
internal static class AdapterModule
{
    /// <summary>The export name given to the adapter's <c>__stack_pointer</c> global.</summary>
    public const string StackPointerExport = "witbindgen:__stack_pointer";

    /// <summary>The export name given to the adapter's <c>allocation_state</c> global.</summary>
    public const string AllocationStateExport = "witbindgen:allocation_state";

    /// <summary>
    /// Returns a copy of <paramref name="adapter"/> that also exports its <c>__stack_pointer</c> and
    /// <c>allocation_state</c> globals. A module that already exports them is returned unchanged.
    /// </summary>
    /// <exception cref="InvalidDataException">Not a core module, or its name section does not name both globals.</exception>
    public static byte[] ExportStackGlobals(byte[] adapter)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        var sections = WasmBinary.ReadSections(adapter);
        var globalNames = WasmBinary.GlobalNames(adapter, sections);
        if (!globalNames.TryGetValue("__stack_pointer", out var stackPointer) || !globalNames.TryGetValue("allocation_state", out var allocationState))
            throw new InvalidDataException("the adapter's name section does not name its __stack_pointer and allocation_state globals");

        int exportIndex = sections.FindIndex(s => s.Id == WasmBinary.Export);
        WasmBinary.Section? exports = exportIndex >= 0 ? sections[exportIndex] : null;
        if (exports is { } section)
        {
            int p = section.Start;
            uint count = WasmBinary.ReadU32(adapter, ref p);
            for (uint i = 0; i < count; i++)
            {
                string name = WasmBinary.ReadName(adapter, ref p);
                p++; // kind
                WasmBinary.ReadU32(adapter, ref p);
                if (name == StackPointerExport) return (byte[])adapter.Clone();
            }
        }

        var appended = new MemoryStream();
        WasmBinary.WriteGlobalExport(appended, StackPointerExport, stackPointer);
        WasmBinary.WriteGlobalExport(appended, AllocationStateExport, allocationState);
        var payloads = new Dictionary<byte, byte[]> { [WasmBinary.Export] = WasmBinary.AppendToVector(adapter, exports, 2, appended.ToArray()) };
        return WasmBinary.Rebuild(adapter, sections, payloads);
    }
}
