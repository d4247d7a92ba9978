using System;
using WitBindgen.Runtime.Abi;

namespace WitBindgen.Wasi;

/// <summary>The data of a store instantiated with a <see cref="WasiLinker"/>: the instance's context and memory.</summary>
public sealed class WasiStoreData : IWasiStoreData
{
    /// <summary>Pairs <paramref name="context"/> with the guest context of the instance it serves.</summary>
    public WasiStoreData(WasiContext context, GuestContext guest)
    {
        Context = context ?? throw new ArgumentNullException(nameof(context));
        Guest = guest ?? throw new ArgumentNullException(nameof(guest));
    }

    /// <summary>The context that serves the instance.</summary>
    public WasiContext Context { get; }

    /// <inheritdoc/>
    public GuestContext Guest { get; }

    WasiContext IWasiStoreData.WasiContext => Context;

    private IFilesystem? _adapterFilesystem;
    private Preview1Host.Preview1State? _preview1;

    /// <summary>The instance's native preview-1 state (descriptor table, memory), made on first use.</summary>
    internal Preview1Host.Preview1State Preview1 => _preview1 ??= new Preview1Host.Preview1State(Context);

    /// <summary>The context's filesystem in the preview-1 adapter's <c>descriptor-flags</c> layout.</summary>
    internal IFilesystem AdapterFilesystem => _adapterFilesystem ??= WitBindgen.Wasi.Preview1.DescriptorFlagsTranslation.Wrap(
        Context.Host.Filesystem ?? throw new WitTrapException("the context has no filesystem"));
}
