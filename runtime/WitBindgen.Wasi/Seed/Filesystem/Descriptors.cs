using WitBindgen.Wasi.Host;

namespace WitBindgen.Wasi;

/// <summary>A <c>descriptor</c> opened by <c>open-at</c> (or the view of a preopen): a core <see cref="Host.Dir"/> or <see cref="Host.File"/>, with the WIT flags it was opened with.</summary>
[WasiResourceKind("descriptor")]
internal sealed class Descriptor : WasiResource
{
    public Descriptor(Node node, Filesystem.DescriptorFlags flags)
    {
        Node = node;
        Flags = flags;
    }

    public Node Node { get; }
    public Filesystem.DescriptorFlags Flags { get; set; }

    protected override void OnDropped() => Node.Release();
}

/// <summary>A <c>directory-entry-stream</c>: a core <see cref="DirListing"/>.</summary>
[WasiResourceKind("directory-entry-stream")]
internal sealed class DirectoryEntryStream : WasiResource
{
    public DirectoryEntryStream(DirListing listing) => Listing = listing;

    public DirListing Listing { get; }

    protected override void OnDropped() => Listing.Release();
}
