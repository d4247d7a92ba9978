using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace WitBindgen.Wasi.Preview1;

/// <summary>
/// The little of the WebAssembly binary format that <see cref="AdapterModule"/> and <see cref="ProgramModule"/> need:
/// splitting a module into sections, LEB128 numbers and names, the name section's global names, and writing a module
/// back with some sections replaced or added.
/// </summary>
internal static class WasmBinary
{
    public const byte Custom = 0, Type = 1, Import = 2, Function = 3, Table = 4, Memory = 5, Global = 6, Export = 7,
        Start = 8, Element = 9, Code = 10, Data = 11, DataCount = 12, Tag = 13;

    /// <summary>A section: its id, where its payload starts and ends, and where its header starts.</summary>
    public readonly record struct Section(byte Id, int Start, int End, int HeaderStart);

    /// <summary>Checks the header and returns the sections in order.</summary>
    /// <exception cref="InvalidDataException">Not a version-1 core module, or a section runs past the end.</exception>
    public static List<Section> ReadSections(byte[] module)
    {
        if (module.Length < 8 || module[0] != 0 || module[1] != (byte)'a' || module[2] != (byte)'s' || module[3] != (byte)'m'
            || module[4] != 1 || module[5] != 0 || module[6] != 0 || module[7] != 0)
            throw new InvalidDataException("not a WebAssembly core module (version 1)");
        var sections = new List<Section>();
        int pos = 8;
        while (pos < module.Length)
        {
            int header = pos;
            byte id = module[pos++];
            uint size = ReadU32(module, ref pos);
            if ((long)pos + size > module.Length) throw new InvalidDataException("a section runs past the end of the module");
            sections.Add(new Section(id, pos, pos + (int)size, header));
            pos += (int)size;
        }
        return sections;
    }

    /// <summary>The global names of the <c>name</c> custom section (empty when there is none).</summary>
    public static Dictionary<string, uint> GlobalNames(byte[] module, List<Section> sections)
    {
        var names = new Dictionary<string, uint>(StringComparer.Ordinal);
        foreach (var section in sections)
        {
            if (section.Id != Custom) continue;
            int p = section.Start;
            if (ReadName(module, ref p) != "name") continue;
            while (p < section.End)
            {
                byte sub = module[p++];
                uint subSize = ReadU32(module, ref p);
                int subEnd = p + (int)subSize;
                if (sub == 7) // global names
                {
                    int q = p;
                    uint count = ReadU32(module, ref q);
                    for (uint i = 0; i < count; i++)
                    {
                        uint index = ReadU32(module, ref q);
                        names[ReadName(module, ref q)] = index;
                    }
                }
                p = subEnd;
            }
        }
        return names;
    }

    /// <summary>
    /// Writes <paramref name="module"/> back with the payloads of <paramref name="payloads"/> in place of the sections
    /// with those ids; an id the module lacks is inserted where the binary format orders it. Custom sections stay.
    /// </summary>
    public static byte[] Rebuild(byte[] module, List<Section> sections, IReadOnlyDictionary<byte, byte[]> payloads)
    {
        var output = new MemoryStream(module.Length + 256);
        output.Write(module, 0, 8);
        var written = new HashSet<byte>();
        foreach (var section in sections)
        {
            if (section.Id != Custom)
            {
                // Sections missing from the module go before the first one that the format orders after them.
                foreach (var (id, payload) in payloads)
                    if (!written.Contains(id) && !HasSection(sections, id) && Order(id) < Order(section.Id))
                    {
                        WriteSection(output, id, payload);
                        written.Add(id);
                    }
                if (payloads.TryGetValue(section.Id, out var replacement))
                {
                    WriteSection(output, section.Id, replacement);
                    written.Add(section.Id);
                    continue;
                }
            }
            output.Write(module, section.HeaderStart, section.End - section.HeaderStart);
        }
        foreach (var (id, payload) in payloads)
            if (!written.Contains(id)) WriteSection(output, id, payload);
        return output.ToArray();
    }

    private static bool HasSection(List<Section> sections, byte id) => sections.Exists(s => s.Id == id);

    // The binary format's order of the known sections (tag and data count sit out of numeric order).
    private static int Order(byte id) => id switch
    {
        Type => 1, Import => 2, Function => 3, Table => 4, Memory => 5, Tag => 6, Global => 7, Export => 8,
        Start => 9, Element => 10, DataCount => 11, Code => 12, Data => 13, _ => 100,
    };

    public static uint ReadU32(byte[] b, ref int pos)
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

    /// <summary>Skips a LEB128 number of at most <paramref name="maxBytes"/> bytes (signed or not).</summary>
    public static void SkipLeb(byte[] b, ref int pos, int maxBytes)
    {
        for (int i = 0; i < maxBytes; i++)
        {
            if (pos >= b.Length) throw new InvalidDataException("a LEB128 number runs past the end of the module");
            if ((b[pos++] & 0x80) == 0) return;
        }
        throw new InvalidDataException("a LEB128 number is too long");
    }

    public static string ReadName(byte[] b, ref int pos)
    {
        int length = (int)ReadU32(b, ref pos);
        if ((long)pos + length > b.Length) throw new InvalidDataException("a name runs past the end of the module");
        var name = Encoding.UTF8.GetString(b, pos, length);
        pos += length;
        return name;
    }

    public static void WriteU32(Stream s, uint value)
    {
        do
        {
            byte x = (byte)(value & 0x7f);
            value >>= 7;
            if (value != 0) x |= 0x80;
            s.WriteByte(x);
        } while (value != 0);
    }

    public static void WriteName(Stream s, string name)
    {
        var bytes = Encoding.UTF8.GetBytes(name);
        WriteU32(s, (uint)bytes.Length);
        s.Write(bytes);
    }

    public static void WriteSection(Stream s, byte id, byte[] payload)
    {
        s.WriteByte(id);
        WriteU32(s, (uint)payload.Length);
        s.Write(payload);
    }

    /// <summary>A vector section's payload: the entries of <paramref name="section"/> (none when null), then <paramref name="appendedCount"/> more in <paramref name="appended"/>.</summary>
    public static byte[] AppendToVector(byte[] module, Section? section, uint appendedCount, byte[] appended)
    {
        var payload = new MemoryStream();
        if (section is { } s)
        {
            int p = s.Start;
            uint count = ReadU32(module, ref p);
            WriteU32(payload, count + appendedCount);
            payload.Write(module, p, s.End - p);
        }
        else
        {
            WriteU32(payload, appendedCount);
        }
        payload.Write(appended);
        return payload.ToArray();
    }

    /// <summary>An export entry of a global.</summary>
    public static void WriteGlobalExport(Stream s, string name, uint globalIndex)
    {
        WriteName(s, name);
        s.WriteByte(3); // global
        WriteU32(s, globalIndex);
    }
}
