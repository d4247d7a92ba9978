using System;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.IO;
using System.Text;

namespace WitBindgen.Wasi.Host;

/// <summary>
/// The abbreviated names of time zones ("CET", "CEST", "EDT"), which .NET does not expose: read from the zone's
/// TZif file of the IANA database (/usr/share/zoneinfo, or $TZDIR), where .NET itself reads its rules on Unix.
/// Where there is none (Windows, custom zones) the name is the formatted offset ("+02:00"), as the WASI docs allow.
/// </summary>
internal static class TimeZoneAbbreviations
{
    private static readonly ConcurrentDictionary<string, TzifData?> Cache = new();

    public static string Name(TimeZoneInfo zone, long unixSeconds, int utcOffset, bool daylight)
    {
        if (zone.Id == TimeZoneInfo.Utc.Id && utcOffset == 0) return "UTC";
        var data = Cache.GetOrAdd(zone.Id, _ => Load(zone));
        return data?.Find(unixSeconds, utcOffset, daylight) ?? FormatOffset(utcOffset);
    }

    public static string FormatOffset(int seconds)
    {
        var sign = seconds < 0 ? '-' : '+';
        var magnitude = Math.Abs(seconds);
        var text = $"{sign}{magnitude / 3600:00}:{magnitude / 60 % 60:00}";
        return magnitude % 60 == 0 ? text : text + $":{magnitude % 60:00}";
    }

    private static TzifData? Load(TimeZoneInfo zone)
    {
        try
        {
            var directory = System.Environment.GetEnvironmentVariable("TZDIR") is { Length: > 0 } dir ? dir : "/usr/share/zoneinfo";
            string? path = null;
            if (!Path.IsPathRooted(zone.Id) && !zone.Id.Contains("..", StringComparison.Ordinal))
            {
                var candidate = Path.Combine(directory, zone.Id);
                if (System.IO.File.Exists(candidate)) path = candidate;
            }
            if (path is null && zone.Equals(TimeZoneInfo.Local) && System.IO.File.Exists("/etc/localtime")) path = "/etc/localtime";
            if (path is null) return null;
            var info = new FileInfo(path);
            if (info.Length > 1 << 20) return null;
            return TzifData.Parse(System.IO.File.ReadAllBytes(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private sealed class TzifData
    {
        private readonly long[] _transitions;
        private readonly byte[] _typeIndices;
        private readonly (int Offset, bool Daylight, string Name)[] _types;
        private readonly string? _footerStandard;
        private readonly string? _footerDaylight;

        private TzifData(long[] transitions, byte[] typeIndices, (int, bool, string)[] types, string? footer)
        {
            _transitions = transitions;
            _typeIndices = typeIndices;
            _types = types;
            if (footer is { Length: > 0 })
            {
                var position = 0;
                _footerStandard = ReadPosixName(footer, ref position);
                SkipPosixOffset(footer, ref position);
                if (position < footer.Length && footer[position] != ',') _footerDaylight = ReadPosixName(footer, ref position);
            }
        }

        public string? Find(long unixSeconds, int utcOffset, bool daylight)
        {
            // Past the last transition, the footer's POSIX TZ rule governs: trust .NET's DST flag to pick its name.
            if ((_transitions.Length == 0 || unixSeconds >= _transitions[^1]) && _footerStandard is not null)
            {
                var name = daylight ? _footerDaylight : _footerStandard;
                if (name is not null) return name;
            }
            if (_types.Length > 0)
            {
                var index = Array.BinarySearch(_transitions, unixSeconds);
                if (index < 0) index = ~index - 1;
                var type = index < 0 ? _types[0] : _types[_typeIndices[index]];
                if (type.Offset == utcOffset && type.Daylight == daylight) return type.Name;
                for (var i = _types.Length - 1; i >= 0; i--)
                    if (_types[i].Offset == utcOffset && _types[i].Daylight == daylight) return _types[i].Name;
            }
            return null;
        }

        // RFC 8536: a v1 header and data block (32-bit times), then for v2+ a second header and block with 64-bit
        // times, then a footer holding a POSIX TZ string between newlines.
        public static TzifData? Parse(byte[] bytes)
        {
            ReadOnlySpan<byte> data = bytes;
            if (data.Length < 44 || !data.Slice(0, 4).SequenceEqual("TZif"u8)) return null;
            var version = data[4];
            var header = ReadHeader(data);
            if (version < (byte)'2') return Read(data.Slice(44), header, timeSize: 4);
            var v1Length = header.TimeCount * 5 + header.TypeCount * 6 + header.CharCount + header.LeapCount * 8 + header.StdCount + header.UtCount;
            var second = data.Slice(44 + v1Length);
            if (second.Length < 44 || !second.Slice(0, 4).SequenceEqual("TZif"u8)) return null;
            var header2 = ReadHeader(second);
            return Read(second.Slice(44), header2, timeSize: 8);
        }

        private readonly record struct Header(int UtCount, int StdCount, int LeapCount, int TimeCount, int TypeCount, int CharCount);

        private static Header ReadHeader(ReadOnlySpan<byte> data) =>
            new(Count(data, 0), Count(data, 1), Count(data, 2), Count(data, 3), Count(data, 4), Count(data, 5));

        private static int Count(ReadOnlySpan<byte> header, int index)
        {
            var value = BinaryPrimitives.ReadInt32BigEndian(header.Slice(20 + 4 * index));
            return value is >= 0 and < 1 << 20 ? value : throw new FormatException("bad TZif count");
        }

        private static TzifData Read(ReadOnlySpan<byte> data, Header header, int timeSize)
        {
            var position = 0;
            var transitions = new long[header.TimeCount];
            for (var i = 0; i < transitions.Length; i++, position += timeSize)
                transitions[i] = timeSize == 8 ? BinaryPrimitives.ReadInt64BigEndian(data.Slice(position)) : BinaryPrimitives.ReadInt32BigEndian(data.Slice(position));
            var indices = data.Slice(position, header.TimeCount).ToArray();
            position += header.TimeCount;
            var typesStart = position;
            position += header.TypeCount * 6;
            var chars = data.Slice(position, header.CharCount);
            position += header.CharCount;
            var types = new (int, bool, string)[header.TypeCount];
            for (var i = 0; i < types.Length; i++)
            {
                var entry = data.Slice(typesStart + 6 * i, 6);
                var nameStart = entry[5];
                var name = nameStart < chars.Length ? chars.Slice(nameStart) : ReadOnlySpan<byte>.Empty;
                var end = name.IndexOf((byte)0);
                types[i] = (BinaryPrimitives.ReadInt32BigEndian(entry), entry[4] != 0, Encoding.ASCII.GetString(end < 0 ? name : name.Slice(0, end)));
            }
            foreach (var index in indices)
                if (index >= types.Length) throw new FormatException("bad TZif type index");
            position += header.LeapCount * (timeSize + 4) + header.StdCount + header.UtCount;
            string? footer = null;
            if (timeSize == 8 && position < data.Length && data[position] == (byte)'\n')
            {
                var rest = data.Slice(position + 1);
                var end = rest.IndexOf((byte)'\n');
                if (end >= 0) footer = Encoding.ASCII.GetString(rest.Slice(0, end));
            }
            return new TzifData(transitions, indices, types, footer);
        }

        private static string? ReadPosixName(string tz, ref int position)
        {
            if (position >= tz.Length) return null;
            if (tz[position] == '<')
            {
                var close = tz.IndexOf('>', position);
                if (close < 0) return null;
                var quoted = tz.Substring(position + 1, close - position - 1);
                position = close + 1;
                return quoted;
            }
            var start = position;
            while (position < tz.Length && char.IsAsciiLetter(tz[position])) position++;
            return position - start >= 3 ? tz.Substring(start, position - start) : null;
        }

        private static void SkipPosixOffset(string tz, ref int position)
        {
            while (position < tz.Length && (char.IsAsciiDigit(tz[position]) || tz[position] is '+' or '-' or ':')) position++;
        }
    }
}
