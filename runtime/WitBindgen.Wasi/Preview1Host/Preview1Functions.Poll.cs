using System;
using System.Buffers.Binary;
using System.Collections.Generic;

namespace WitBindgen.Wasi.Preview1Host;

/// <summary>The clocks and <c>poll_oneoff</c>, over the context's <c>wall-clock</c>, <c>monotonic-clock</c>, <c>streams</c> and <c>poll</c>.</summary>
internal static partial class Preview1Functions
{
    public static Errno ClockResGet(Preview1State s, GuestMemory m, uint id, uint result)
    {
        if (id > Abi.ClockThreadCputime) throw InvalidArgument("clock_res_get", "clockid", id);
        ulong value;
        switch (id)
        {
            case Abi.ClockRealtime:
                if (!Nanoseconds(s.WallClock.Resolution(), out value)) return Errno.Overflow;
                break;
            case Abi.ClockMonotonic:
                value = s.MonotonicClock.Resolution();
                break;
            case Abi.ClockProcessCputime or Abi.ClockThreadCputime:
                return Errno.Badf; // no CPU-time clocks in the seed world (wasmtime says the same)
            default:
                return Errno.Inval;
        }
        m.WriteU64(result, value);
        return Errno.Success;
    }

    public static Errno ClockTimeGet(Preview1State s, GuestMemory m, uint id, uint result)
    {
        if (id > Abi.ClockThreadCputime) throw InvalidArgument("clock_time_get", "clockid", id);
        ulong value;
        switch (id)
        {
            case Abi.ClockRealtime:
                if (!Nanoseconds(s.WallClock.Now(), out value)) return Errno.Overflow;
                break;
            case Abi.ClockMonotonic:
                value = s.MonotonicClock.Now();
                break;
            case Abi.ClockProcessCputime or Abi.ClockThreadCputime:
                return Errno.Badf;
            default:
                return Errno.Inval;
        }
        m.WriteU64(result, value);
        return Errno.Success;
    }

    private readonly record struct Subscription(ulong Userdata, byte Tag, uint ClockId, ulong Timeout, ushort Flags, uint Fd);

    private static Subscription ReadSubscription(GuestMemory m, uint subscriptions, uint index)
    {
        ulong at = subscriptions + (ulong)index * Abi.SubscriptionSize;
        if (at > uint.MaxValue) m.Check(uint.MaxValue, Abi.SubscriptionSize, 1); // traps: beyond any memory
        var bytes = m.Span((uint)at, Abi.SubscriptionSize, 8);
        return new Subscription(
            BinaryPrimitives.ReadUInt64LittleEndian(bytes),
            bytes[8],
            BinaryPrimitives.ReadUInt32LittleEndian(bytes[16..]),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[24..]),
            BinaryPrimitives.ReadUInt16LittleEndian(bytes[40..]),
            BinaryPrimitives.ReadUInt32LittleEndian(bytes[16..]));
    }

    /// <summary>
    /// <c>poll_oneoff</c>. Host memory stays bounded whatever the subscription count: the subscriptions are read from
    /// guest memory twice (to subscribe, then to report) instead of being copied, every clock subscription shares one
    /// timer (the earliest deadline) and each descriptor one pollable per direction, so what the host holds grows with
    /// the open descriptors (bounded by the handle table), not with the guest's list.
    /// </summary>
    public static Errno PollOneoff(Preview1State s, GuestMemory m, uint subscriptions, uint events, uint count, uint result)
    {
        if (count == 0) return Errno.Inval; // preview 1 cannot sleep forever
        if ((ulong)count * Abi.SubscriptionSize >= GuestMemory.MaxArrayBytes) return Errno.NoMem;
        var clock = s.MonotonicClock;
        ulong now = clock.Now();
        ulong? wallNow = null;
        ulong? earliest = null;
        var pollables = new List<uint>();
        var byFd = new Dictionary<(uint Fd, byte Tag), int>();
        var streams = new List<(uint Handle, bool Input)>();
        try
        {
            // Pass 1: check every subscription and subscribe once per clock deadline and descriptor.
            for (uint i = 0; i < count; i++)
            {
                var sub = ReadSubscription(m, subscriptions, i);
                switch (sub.Tag)
                {
                    case Abi.EventClock:
                    {
                        if (Deadline(s, sub, now, ref wallNow, out var deadline) is var err && err != Errno.Success) return err;
                        if (earliest is null || deadline < earliest) earliest = deadline;
                        break;
                    }
                    case Abi.EventFdRead or Abi.EventFdWrite:
                    {
                        if (byFd.ContainsKey((sub.Fd, sub.Tag))) break;
                        if (Subscribe(s, sub, streams, out var pollable) is var err && err != Errno.Success) return err;
                        byFd[(sub.Fd, sub.Tag)] = pollables.Count;
                        pollables.Add(pollable);
                        break;
                    }
                    default:
                        return Errno.Inval;
                }
            }
            int timer = -1;
            if (earliest is { } when)
            {
                timer = pollables.Count;
                pollables.Add(clock.Subscribe(when, absolute: true));
            }

            var ready = s.Poll.PollOneoff(pollables).Span.ToArray();
            bool timerFired = timer >= 0 && timer < ready.Length && ready[timer] != 0;
            ulong after = clock.Now();

            // Pass 2: an event per ready subscription, in the guest's order.
            uint written = 0;
            for (uint i = 0; i < count; i++)
            {
                var sub = ReadSubscription(m, subscriptions, i);
                ulong nbytes = 1;
                ushort flags = 0;
                if (sub.Tag == Abi.EventClock)
                {
                    Deadline(s, sub, now, ref wallNow, out var deadline);
                    if (!(deadline <= after || (timerFired && deadline == earliest))) continue;
                    // wasmtime reports 0 bytes for a clock, except in its one-relative-timer path (a plain sleep): 1.
                    nbytes = count == 1 && (sub.Flags & Abi.SubclockAbstime) == 0 ? 1UL : 0UL;
                }
                else
                {
                    int index = byFd[(sub.Fd, sub.Tag)];
                    if (index >= ready.Length || ready[index] == 0) continue;
                    if (sub.Tag == Abi.EventFdRead && s.Fds.TryGet(sub.Fd, out var e) && e.Kind == FdKind.File)
                    {
                        var stat = s.Filesystem.Stat(e.Handle);
                        if (!stat.IsOk) return Code(stat.ErrValue);
                        if (stat.OkValue.Size <= e.Position) flags = Abi.EventHangup;
                    }
                }
                ulong at = events + (ulong)written * Abi.EventSize;
                if (at > uint.MaxValue) m.Check(uint.MaxValue, Abi.EventSize, 1); // traps: beyond any memory
                var ev = m.Span((uint)at, Abi.EventSize, 8);
                ev.Clear();
                BinaryPrimitives.WriteUInt64LittleEndian(ev, sub.Userdata);
                ev[10] = sub.Tag;
                BinaryPrimitives.WriteUInt64LittleEndian(ev[16..], nbytes);
                BinaryPrimitives.WriteUInt16LittleEndian(ev[24..], flags);
                written++;
            }
            m.WriteU32(result, written);
            return Errno.Success;
        }
        finally
        {
            foreach (var pollable in pollables) s.Poll.DropPollable(pollable);
            foreach (var (handle, input) in streams)
            {
                if (input) s.Streams.DropInputStream(handle);
                else s.Streams.DropOutputStream(handle);
            }
        }
    }

    /// <summary>A clock subscription's deadline on the monotonic clock (a realtime one converted by the wall clock's now).</summary>
    private static Errno Deadline(Preview1State s, Subscription sub, ulong now, ref ulong? wallNow, out ulong deadline)
    {
        deadline = 0;
        if (sub.Flags > Abi.SubclockAbstime) return Errno.Inval;
        bool absolute = (sub.Flags & Abi.SubclockAbstime) != 0;
        switch (sub.ClockId)
        {
            case Abi.ClockMonotonic:
                deadline = absolute ? sub.Timeout : MonotonicClockSource.SaturatingAdd(now, sub.Timeout);
                return Errno.Success;
            case Abi.ClockRealtime when !absolute:
                deadline = MonotonicClockSource.SaturatingAdd(now, sub.Timeout);
                return Errno.Success;
            case Abi.ClockRealtime:
                if (wallNow is null)
                {
                    if (!Nanoseconds(s.WallClock.Now(), out var wall)) return Errno.Overflow;
                    wallNow = wall;
                }
                deadline = MonotonicClockSource.SaturatingAdd(now, sub.Timeout > wallNow ? sub.Timeout - wallNow.Value : 0);
                return Errno.Success;
            default:
                return Errno.Inval;
        }
    }

    /// <summary>The pollable of a read or write subscription: stdin's or stdout's stream, or a stream of the file at its position.</summary>
    private static Errno Subscribe(Preview1State s, Subscription sub, List<(uint, bool)> streams, out uint pollable)
    {
        pollable = 0;
        if (!s.Fds.TryGet(sub.Fd, out var e)) return Errno.Badf;
        if (sub.Tag == Abi.EventFdRead)
        {
            switch (e.Kind)
            {
                case FdKind.Stdin:
                    pollable = s.Streams.SubscribeToInputStream(e.Handle);
                    return Errno.Success;
                case FdKind.File:
                {
                    uint stream = s.Filesystem.ReadViaStream(e.Handle, e.Position);
                    streams.Add((stream, true));
                    pollable = s.Streams.SubscribeToInputStream(stream);
                    return Errno.Success;
                }
                default:
                    return Errno.Badf;
            }
        }
        switch (e.Kind)
        {
            case FdKind.Stdout or FdKind.Stderr:
                pollable = s.Streams.SubscribeToOutputStream(e.Handle);
                return Errno.Success;
            case FdKind.File:
            {
                uint stream = e.Append ? s.Filesystem.AppendViaStream(e.Handle) : s.Filesystem.WriteViaStream(e.Handle, e.Position);
                streams.Add((stream, false));
                pollable = s.Streams.SubscribeToOutputStream(stream);
                return Errno.Success;
            }
            default:
                return Errno.Badf;
        }
    }
}
