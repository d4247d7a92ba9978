namespace WitBindgen.Wasi.Host;

/// <summary>Where a <see cref="TcpSocket"/> is in its state machine (the same in the May-2023 WIT and WASI 0.2).</summary>
internal enum TcpState
{
    /// <summary>Freshly created.</summary>
    Unbound,

    /// <summary>A bind was started; its finish is due.</summary>
    BindStarted,

    /// <summary>Bound to a local address.</summary>
    Bound,

    /// <summary>A listen was started; its finish is due.</summary>
    ListenStarted,

    /// <summary>Listening: connections may be accepted.</summary>
    Listening,

    /// <summary>A connect was started; its finish completes it once the connection is made.</summary>
    ConnectStarted,

    /// <summary>Connected, with its two streams handed out.</summary>
    Connected,
}
