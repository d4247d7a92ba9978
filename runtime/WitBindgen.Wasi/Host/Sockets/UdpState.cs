namespace WitBindgen.Wasi.Host;

/// <summary>Where a <see cref="UdpSocket"/> is in its state machine.</summary>
internal enum UdpState
{
    /// <summary>Freshly created.</summary>
    Unbound,

    /// <summary>A bind was started; its finish is due.</summary>
    BindStarted,

    /// <summary>Bound to a local address.</summary>
    Bound,

    /// <summary>A connect was started; its finish is due.</summary>
    ConnectStarted,

    /// <summary>Connected to one remote address (and bound).</summary>
    Connected,
}
