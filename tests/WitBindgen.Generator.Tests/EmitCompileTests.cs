using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Xunit;

namespace WitBindgen.Generator.Tests;

/// <summary>
/// The generated C# compiles with nullable on, every warning wave, XML docs checked and warnings as errors, and
/// can be implemented and used as the mapping promises.
/// </summary>
public class EmitCompileTests
{
    [Fact]
    public void CommandWorld_Compiles()
    {
        var compilation = SnapshotWorlds.Compile(SnapshotWorlds.Command());
        Assert.True(SnapshotWorlds.Problems(compilation).Length == 0, SnapshotWorlds.Problems(compilation));
    }

    [Fact]
    public void EveryTypeWorld_Compiles()
    {
        var compilation = SnapshotWorlds.Compile(SnapshotWorlds.EveryType());
        Assert.True(SnapshotWorlds.Problems(compilation).Length == 0, SnapshotWorlds.Problems(compilation));
    }

    private const string CommandImplementation = """
        #nullable enable
        #pragma warning disable CS1591
        using System;
        using WitBindgen.Runtime;

        namespace Wasi.Host;

        public sealed class FixedClock : IWallClock
        {
            public WallClock.Datetime Now() => new(1_700_000_000, 5);
            public WallClock.Datetime Resolution() => new(Seconds: 0, Nanoseconds: 1);
        }

        public sealed class Preopens : IEnvironmentPreopens
        {
            public System.Collections.Generic.IReadOnlyList<(uint, string)> GetDirectories() => new[] { (3u, "/") };
            public string? InitialCwd() => null;
        }

        public sealed class Seed : IInsecureRandomSeed
        {
            public (ulong, ulong) InsecureSeed() => (1, 2);
        }

        public sealed class Program : IRun
        {
            public Result<Unit, Unit> Run() => Result.Ok();
        }

        public static class Use
        {
            public static string Describe(Filesystem.ErrorCode code, Filesystem.DescriptorFlags flags, Network.IpAddress address)
            {
                Result<ulong, Filesystem.ErrorCode> failed = Result.Err(code);
                var read = (flags & Filesystem.DescriptorFlags.Read) != 0;
                var text = address switch
                {
                    Network.IpAddress.Ipv4 v4 => $"{v4.Value.Item1}.{v4.Value.Item2}.{v4.Value.Item3}.{v4.Value.Item4}",
                    Network.IpAddress.Ipv6 => "v6",
                    _ => throw new InvalidOperationException(), // C# cannot know the hierarchy is closed
                };
                var tag = address.Tag switch
                {
                    Network.IpAddressTag.Ipv4 => 4,
                    Network.IpAddressTag.Ipv6 => 6,
                    _ => 0,
                };
                return $"{failed} {read} {text} {tag} " + address.Match(v4 => "four", v6 => "six");
            }
        }
        """;

    [Fact]
    public void CommandWorld_InterfacesCanBeImplemented()
    {
        var compilation = SnapshotWorlds.Compile(SnapshotWorlds.Command(), CommandImplementation);
        Assert.True(SnapshotWorlds.Problems(compilation).Length == 0, SnapshotWorlds.Problems(compilation));
    }

    private const string EveryTypeUse = """
        #nullable enable
        #pragma warning disable CS1591
        using System;
        using System.Collections.Generic;
        using System.Text;
        using WitBindgen.Runtime;
        using T = EveryType.EveryTypeTypes;

        namespace EveryType.Guest;

        public sealed class GuestCallbacks : ICallbacks
        {
            public string? Handle(ReadOnlyMemory<byte> bytes, T.Shape shape) => shape switch
            {
                T.Shape.Circle c => $"circle {c.Value} {bytes.Length}",
                T.Shape.Square s => $"square {s.Value.X}",
                T.Shape.Nothing => null,
                _ => shape.Tag.ToString(),
            };

            public void Callbacks() { }
        }

        public sealed class Api : IApi
        {
            public ulong Write(ReadOnlySpan<byte> bytes, ReadOnlyMemory<byte>? more) => (ulong)(bytes.Length + (more?.Length ?? 0));
            public Result<ReadOnlyMemory<byte>, T.Shape> Read(ulong len) =>
                len == 0 ? Result.Err<T.Shape>(T.Shape.Nothing.Instance) : Result.Ok(new ReadOnlyMemory<byte>(new byte[len]));
            public void Nothing() { }
            public (ulong Seconds, uint Nanos) Now(uint @this, string @in) => (1, 2);
            public uint OneNamed() => 1;
            public (byte RestValue, byte Item2, byte Item1Value) TupleNames() => (1, 2, 3);
            public (ulong, ulong) InsecureSeed() => (1, 2);
            public T.Empty Everything(T.Point point, T.Shape shape, T.Color color, T.Number number, T.Containers containers, T.Flags9 flags, T.Flags65 big) => default;
            public Rune GetChar(Rune c) => c;
            public IReadOnlyList<string> Names(IReadOnlyList<T.Point> points) => new[] { points.Count.ToString() };
        }

        public static class Probe
        {
            public static string Run()
            {
                var big = T.Flags65.Bit0 | T.Flags65.Bit64;
                var inverted = ~big;
                var parts = new List<string>
                {
                    big.ToString(),
                    big.HasFlag(T.Flags65.Bit64).ToString(),
                    inverted.HasFlag(T.Flags65.Bit64).ToString(),
                    inverted.HasFlag(T.Flags65.Bit1).ToString(),
                    string.Join(",", inverted.Words.ToArray()),
                    (big & T.Flags65.Bit0).ToString(),
                    (big == (T.Flags65.Bit64 | T.Flags65.Bit0)).ToString(),
                    new T.Flags65(new uint[] { 5, 0, 0xFF }).ToString(),
                    T.Flags65.None.ToString(),
                    ((ulong)T.Flags64.Bit63).ToString(),
                    ((uint)T.Flags32.Bit31).ToString(),
                    T.Flags9.None.ToString() + "/" + T.Flags9.NoneValue.ToString(),
                    new T.Shape.Circle(2).Match(circle => "c" + circle, square => "s", () => "n", type => "t", shape => "sh", () => "tag", match => "m", value => "v", tResult => "r"),
                    new T.Number.S32(7).Tag.ToString(),
                    new T.Clash.Case1(3).Tag.ToString(),
                    new T.Containers().OptOptOpt.HasValue.ToString(),
                    new T.Awkward(AwkwardValue: 1, Record: 2, ToStringValue: "s", This: true, Ipv4Address: (1, 2, 3, 4)).ToString(),
                };
                Option<uint?> some = Option.Some<uint?>(null);
                parts.Add(some.ToString());
                return string.Join(" ; ", parts);
            }
        }
        """;

    [Fact]
    public void EveryTypeWorld_CanBeImplementedAndBehaves()
    {
        var compilation = SnapshotWorlds.Compile(SnapshotWorlds.EveryType(), EveryTypeUse);
        Assert.True(SnapshotWorlds.Problems(compilation).Length == 0, SnapshotWorlds.Problems(compilation));

        using var stream = new MemoryStream();
        var emitted = compilation.Emit(stream);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        var context = new AssemblyLoadContext("emit-test", isCollectible: true);
        try
        {
            stream.Position = 0;
            var assembly = context.LoadFromStream(stream);
            var run = assembly.GetType("EveryType.Guest.Probe")!.GetMethod("Run", BindingFlags.Public | BindingFlags.Static)!;
            var parts = ((string)run.Invoke(null, null)!).Split(" ; ");
            Assert.Equal("Bit0 | Bit64", parts[0]);
            Assert.Equal("True", parts[1]);
            Assert.Equal("False", parts[2]);
            Assert.Equal("True", parts[3]);
            Assert.Equal($"{uint.MaxValue - 1},{uint.MaxValue},0", parts[4]);
            Assert.Equal("Bit0", parts[5]);
            Assert.Equal("True", parts[6]);
            Assert.Equal("Bit0 | Bit2 | Bit64", parts[7]);
            Assert.Equal("None", parts[8]);
            Assert.Equal((1UL << 63).ToString(), parts[9]);
            Assert.Equal((1U << 31).ToString(), parts[10]);
            Assert.Equal("None/NoneValue", parts[11]);
            Assert.Equal("c2", parts[12]);
            Assert.Equal("S32", parts[13]);
            Assert.Equal("Case1", parts[14]);
            Assert.Equal("False", parts[15]);
            Assert.Contains("AwkwardValue = 1", parts[16]);
            Assert.Equal("Some(null)", parts[17]);
        }
        finally
        {
            context.Unload();
        }
    }
}
