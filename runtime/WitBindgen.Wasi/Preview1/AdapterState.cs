using WitBindgen.Runtime.Abi;

namespace WitBindgen.Wasi.Preview1;

/// <summary>The preview-1 adapter's per-store state: the context's filesystem in the adapter's <c>descriptor-flags</c> layout.</summary>
internal sealed class AdapterState : IWasiFaceState<AdapterState>
{
    private AdapterState(IFilesystem filesystem) => Filesystem = filesystem;

    public IFilesystem Filesystem { get; }

    public static AdapterState Create(WasiContext context) => new(DescriptorFlagsTranslation.Wrap(
        context.Host.Filesystem ?? throw new WitTrapException("the context has no filesystem")));
}
