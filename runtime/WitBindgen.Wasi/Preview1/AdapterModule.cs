using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

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
public static class AdapterModule
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
        if (adapter.Length < 8 || adapter[0] != 0 || adapter[1] != (byte)'a' || adapter[2] != (byte)'s' || adapter[3] != (byte)'m'
            || adapter[4] != 1 || adapter[5] != 0 || adapter[6] != 0 || adapter[7] != 0)
            throw new InvalidDataException("not a WebAssembly core module (version 1)");

        var sections = new List<(byte Id, int Start, int End, int Header)>(); // payload bounds and where the header starts
        int pos = 8;
        while (pos < adapter.Length)
        {
            int header = pos;
            byte id = adapter[pos++];
            uint size = ReadU32(adapter, ref pos);
            if (pos + size > adapter.Length) throw new InvalidDataException("a section runs past the end of the module");
            sections.Add((id, pos, pos + (int)size, header));
            pos += (int)size;
        }

        var globalNames = new Dictionary<string, uint>(StringComparer.Ordinal);
        foreach (var (id, start, end, _) in sections)
        {
            if (id != 0) continue;
            int p = start;
            if (ReadName(adapter, ref p) != "name") continue;
            while (p < end)
            {
                byte sub = adapter[p++];
                uint subSize = ReadU32(adapter, ref p);
                int subEnd = p + (int)subSize;
                if (sub == 7) // global names
                {
                    int q = p;
                    uint count = ReadU32(adapter, ref q);
                    for (uint i = 0; i < count; i++)
                    {
                        uint index = ReadU32(adapter, ref q);
                        globalNames[ReadName(adapter, ref q)] = index;
                    }
                }
                p = subEnd;
            }
        }
        if (!globalNames.TryGetValue("__stack_pointer", out var stackPointer) || !globalNames.TryGetValue("allocation_state", out var allocationState))
            throw new InvalidDataException("the adapter's name section does not name its __stack_pointer and allocation_state globals");

        // The existing exports (if any), to append to.
        uint exportCount = 0;
        byte[] exportEntries = [];
        int exportIndex = sections.FindIndex(s => s.Id == 7);
        if (exportIndex >= 0)
        {
            var (_, start, end, _) = sections[exportIndex];
            int p = start;
            exportCount = ReadU32(adapter, ref p);
            exportEntries = adapter[p..end];
            int q = p;
            for (uint i = 0; i < exportCount; i++)
            {
                string name = ReadName(adapter, ref q);
                q++; // kind
                ReadU32(adapter, ref q);
                if (name == StackPointerExport) return (byte[])adapter.Clone();
            }
        }

        var payload = new MemoryStream();
        WriteU32(payload, exportCount + 2);
        payload.Write(exportEntries);
        WriteExport(payload, StackPointerExport, stackPointer);
        WriteExport(payload, AllocationStateExport, allocationState);

        var output = new MemoryStream(adapter.Length + 128);
        output.Write(adapter, 0, 8);
        bool written = false;
        for (int i = 0; i < sections.Count; i++)
        {
            var (id, start, end, headerStart) = sections[i];
            if (i == exportIndex)
            {
                WriteSection(output, 7, payload.ToArray());
                written = true;
                continue;
            }
            // No export section: it goes before the first section that must follow it (start, element, code, data, ...).
            if (!written && exportIndex < 0 && id != 0 && id is 8 or 9 or 10 or 11 or 12)
            {
                WriteSection(output, 7, payload.ToArray());
                written = true;
            }
            output.Write(adapter, headerStart, end - headerStart);
        }
        if (!written) WriteSection(output, 7, payload.ToArray());
        return output.ToArray();
    }

    private static void WriteExport(Stream s, string name, uint globalIndex)
    {
        var bytes = Encoding.UTF8.GetBytes(name);
        WriteU32(s, (uint)bytes.Length);
        s.Write(bytes);
        s.WriteByte(3); // global
        WriteU32(s, globalIndex);
    }

    private static void WriteSection(Stream s, byte id, byte[] payload)
    {
        s.WriteByte(id);
        WriteU32(s, (uint)payload.Length);
        s.Write(payload);
    }

    private static uint ReadU32(byte[] b, ref int pos)
    {
        uint result = 0;
        int shift = 0;
        while (true)
        {
            if (pos >= b.Length) throw new InvalidDataException("a LEB128 number runs past the end of the module");
            byte x = b[pos++];
            result |= (uint)(x & 0x7f) << shift;
            if ((x & 0x80) == 0) return result;
            shift += 7;
            if (shift > 28) throw new InvalidDataException("a LEB128 number is too long");
        }
    }

    private static string ReadName(byte[] b, ref int pos)
    {
        int length = (int)ReadU32(b, ref pos);
        var name = Encoding.UTF8.GetString(b, pos, length);
        pos += length;
        return name;
    }

    private static void WriteU32(Stream s, uint value)
    {
        do
        {
            byte x = (byte)(value & 0x7f);
            value >>= 7;
            if (value != 0) x |= 0x80;
            s.WriteByte(x);
        } while (value != 0);
    }
}
