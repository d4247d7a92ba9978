using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Xml.Linq;
using Consumer.Wasi;
using Xunit;

namespace WitBindgen.Consumer.Tests;

/// <summary>A user's implementation of a generated interface: a clock that always reads the same instant.</summary>
public sealed class FixedClock : IWallClock
{
    private readonly DateTimeOffset _instant;

    public FixedClock(DateTimeOffset instant) => _instant = instant;

    public WallClock.Datetime Now()
    {
        var ticks = (_instant - DateTimeOffset.UnixEpoch).Ticks;
        return new WallClock.Datetime((ulong)(ticks / TimeSpan.TicksPerSecond), (uint)(ticks % TimeSpan.TicksPerSecond * 100));
    }

    public WallClock.Datetime Resolution() => new(0, 100);
}

public class WallClockTests
{
    [Fact]
    public void A_user_implements_IWallClock_and_calls_it_through_the_interface()
    {
        IWallClock clock = new FixedClock(new DateTimeOffset(2023, 5, 18, 12, 0, 0, 500, TimeSpan.Zero));
        var now = clock.Now();
        Assert.Equal(1684411200UL, now.Seconds);
        Assert.Equal(500_000_000U, now.Nanoseconds);
        Assert.Equal(new WallClock.Datetime(0, 100), clock.Resolution());
    }

    [Fact]
    public void Every_import_of_the_command_world_has_its_interface()
    {
        var names = typeof(IWallClock).Assembly.GetTypes()
            .Where(t => t.IsInterface && !t.IsNested && t.Namespace == "Consumer.Wasi")   // not the glue's CommandAbi.IDefiner
            .Select(t => t.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        var expected = new[]
        {
            "IEnvironment", "IEnvironmentPreopens", "IExit", "IFilesystem", "IInsecureRandom", "IInsecureRandomSeed",
            "IInstanceNetwork", "IIpNameLookup", "IMonotonicClock", "INetwork", "IPoll", "IRandom", "IRun", "IStderr",
            "IStdin", "IStdout", "IStreams", "ITcp", "ITcpCreateSocket", "ITimezone", "IUdp", "IUdpCreateSocket", "IWallClock",
        };
        Assert.Equal(expected, names);
        var methods = expected.Where(n => n != "IRun")
            .Sum(n => typeof(IWallClock).Assembly.GetType("Consumer.Wasi." + n)!.GetMethods().Length);
        Assert.Equal(127, methods);
    }

    [Fact]
    public void Wit_doc_comments_become_xml_docs()
    {
        var assembly = typeof(IWallClock).Assembly;
        var xmlPath = Path.ChangeExtension(assembly.Location, ".xml");
        var doc = XDocument.Load(xmlPath);
        string Summary(string member) =>
            doc.Descendants("member").Single(m => (string?)m.Attribute("name") == member).Element("summary")!.Value;
        Assert.Contains("Read the current value of the clock.", Summary("M:Consumer.Wasi.IWallClock.Now"));
        Assert.Contains("A time and date in seconds plus nanoseconds.", Summary("T:Consumer.Wasi.WallClock.Datetime"));
    }
}
