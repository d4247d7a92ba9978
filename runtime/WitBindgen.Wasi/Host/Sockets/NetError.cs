using System;
using System.Net.Sockets;

namespace WitBindgen.Wasi.Host;

/// <summary>
/// Why a socket or name-lookup operation of the host core failed, named independently of any WASI version: each face
/// maps these to its own error codes (the May-2023 WIT has a code for each; WASI 0.2 folds the state errors such as
/// <see cref="AlreadyBound"/> into <c>invalid-state</c> and the address checks into <c>invalid-argument</c>).
/// </summary>
internal enum NetError
{
    Unknown, AccessDenied, NotSupported, OutOfMemory, Timeout, ConcurrencyConflict, NotInProgress, WouldBlock,
    AddressFamilyNotSupported, AddressFamilyMismatch, InvalidRemoteAddress, Ipv4OnlyOperation, Ipv6OnlyOperation,
    NewSocketLimit, AlreadyAttached, AlreadyBound, AlreadyConnected, NotBound, NotConnected, AddressNotBindable,
    AddressInUse, EphemeralPortsExhausted, RemoteUnreachable, AlreadyListening, NotListening, ConnectionRefused,
    ConnectionReset, DatagramTooLarge, InvalidName, NameUnresolvable, TemporaryResolverFailure, PermanentResolverFailure,
}

/// <summary>Maps .NET socket errors and exceptions to <see cref="NetError"/>.</summary>
internal static class NetErrors
{
    /// <summary>The error closest to a socket error.</summary>
    public static NetError FromSocketError(SocketError error) => error switch
    {
        SocketError.AccessDenied => NetError.AccessDenied,
        SocketError.OperationNotSupported or SocketError.ProtocolNotSupported or SocketError.SocketNotSupported => NetError.NotSupported,
        SocketError.NoBufferSpaceAvailable => NetError.OutOfMemory,
        SocketError.TimedOut => NetError.Timeout,
        SocketError.AlreadyInProgress => NetError.ConcurrencyConflict,
        SocketError.WouldBlock or SocketError.InProgress or SocketError.IOPending => NetError.WouldBlock,
        SocketError.AddressFamilyNotSupported or SocketError.ProtocolFamilyNotSupported => NetError.AddressFamilyNotSupported,
        SocketError.TooManyOpenSockets => NetError.NewSocketLimit,
        SocketError.IsConnected => NetError.AlreadyConnected,
        SocketError.NotConnected => NetError.NotConnected,
        SocketError.AddressNotAvailable => NetError.AddressNotBindable,
        SocketError.AddressAlreadyInUse => NetError.AddressInUse,
        SocketError.HostUnreachable or SocketError.HostDown or SocketError.NetworkUnreachable or SocketError.NetworkDown => NetError.RemoteUnreachable,
        SocketError.ConnectionRefused => NetError.ConnectionRefused,
        SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.NetworkReset => NetError.ConnectionReset,
        SocketError.MessageSize => NetError.DatagramTooLarge,
        SocketError.HostNotFound or SocketError.NoData => NetError.NameUnresolvable,
        SocketError.TryAgain => NetError.TemporaryResolverFailure,
        SocketError.NoRecovery => NetError.PermanentResolverFailure,
        _ => NetError.Unknown,
    };

    /// <summary>The error of a failure (a <see cref="SocketException"/>, possibly wrapped, or anything else).</summary>
    public static NetError FromException(Exception ex) => ex switch
    {
        AggregateException { InnerException: { } inner } => FromException(inner),
        SocketException socket => FromSocketError(socket.SocketErrorCode),
        OutOfMemoryException => NetError.OutOfMemory,
        _ => NetError.Unknown,
    };
}
