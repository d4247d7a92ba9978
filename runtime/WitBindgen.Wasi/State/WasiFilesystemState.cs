using System.Collections.Generic;

namespace WitBindgen.Wasi;

/// <summary>The filesystem state of one instance (wasmtime's <c>WasiCtx.filesystem</c>): its preopened directories.</summary>
public sealed class WasiFilesystemState
{
    internal WasiFilesystemState(IEnumerable<(string Host, string Guest, bool ReadOnly)> preopens, HandleTable table)
    {
        var list = new List<PreopenDirectory>();
        foreach (var (host, guest, readOnly) in preopens)
        {
            var directory = new PreopenDirectory(host, guest, readOnly);
            directory.Handle = table.Insert(directory);
            list.Add(directory);
        }
        Preopens = list;
    }

    /// <summary>The preopened directories, with their handles, in the order they were added.</summary>
    public IReadOnlyList<PreopenDirectory> Preopens { get; }
}
