using System;
using System.IO;
using System.Linq;
using WitBindgen.Wasi;
using WitBindgen.Wasi.P2;
using WitBindgen.Wasi.P2.Bindings;
using Xunit;

namespace WitBindgen.P2.Tests;

/// <summary>
/// The WasiContextBuilder's per-interface overrides reach the WASI 0.2 face, and disposing a context releases what
/// that face holds for the guest (files, directory streams, file streams).
/// </summary>
public sealed class ContextTests : IClassFixture<P2Fixture>
{
    private readonly P2Fixture _fixture;

    public ContextTests(P2Fixture fixture) => _fixture = fixture;

    private sealed class FixedWallClock(ulong seconds) : IWallClock
    {
        public WallClock.Datetime Now() => new(seconds, 5);
        public WallClock.Datetime Resolution() => new(0, 1);
    }

    private sealed class ConstantRandom(byte value) : IRandom
    {
        public ReadOnlyMemory<byte> GetRandomBytes(ulong len) => Enumerable.Repeat(value, (int)len).ToArray();
        public ulong GetRandomU64() => value;
    }

    private (int Status, string Stdout) RunCli(WasiLinker linker, Func<WasiContextBuilder, WasiContextBuilder> configure)
    {
        var stdout = new MemoryOutputPipe();
        using var context = configure(new WasiContextBuilder().Args("cli", "ok").Stdout(stdout)).Build();
        using var command = new WasiP2Command(linker, _fixture.Module("cli.wasm"), context);
        int status = command.Run();
        return (status, stdout.Text);
    }

    [Fact]
    public void OverriddenWallClockAndRandomReachTheGuest()
    {
        using var linker = new WasiLinker(_fixture.Engine);
        var standard = RunCli(linker, b => b);
        Assert.Contains("wall-clock after 2024 yes\n", standard.Stdout);
        Assert.Contains("random bytes 64 varied\n", standard.Stdout);
        Assert.Contains("random u64 differ yes\n", standard.Stdout);

        // 1000 s after 1970: before 2024. Constant bytes and u64s.
        var overridden = RunCli(linker, b => b.Override<IWallClock>(new FixedWallClock(1000)).Override<IRandom>(new ConstantRandom(7)));
        Assert.Equal(standard.Status, overridden.Status);
        Assert.Contains("wall-clock after 2024 no\n", overridden.Stdout);
        Assert.Contains("random bytes 64 constant\n", overridden.Stdout);
        Assert.Contains("random u64 differ no\n", overridden.Stdout);
    }

    [Fact]
    public void TwoContextsOnOneLinkerEachSeeTheirOwnOverride()
    {
        using var linker = new WasiLinker(_fixture.Engine);
        var module = _fixture.Module("cli.wasm");
        var outA = new MemoryOutputPipe();
        var outB = new MemoryOutputPipe();
        using var a = new WasiContextBuilder().Args("cli", "ok").Stdout(outA)
            .Override<IWallClock>(new FixedWallClock(1000)).Build();
        using var b = new WasiContextBuilder().Args("cli", "ok").Stdout(outB)
            .Override<IRandom>(_ => new ConstantRandom(9)).Build();
        // Both instantiated before either runs: one linker, two live stores.
        using var ca = new WasiP2Command(linker, module, a);
        using var cb = new WasiP2Command(linker, module, b);
        Assert.Equal(ca.Run(), cb.Run());
        Assert.Contains("wall-clock after 2024 no\n", outA.Text);
        Assert.Contains("random bytes 64 varied\n", outA.Text);
        Assert.Contains("wall-clock after 2024 yes\n", outB.Text);
        Assert.Contains("random bytes 64 constant\n", outB.Text);
    }

    [Fact]
    public void WrapDecoratesTheFacesOwnImplementation()
    {
        using var linker = new WasiLinker(_fixture.Engine);
        int calls = 0;
        var run = RunCli(linker, b => b.Wrap<IWallClock>((_, inner) => new CountingWallClock(inner, () => calls++)));
        Assert.Contains("wall-clock after 2024 yes\n", run.Stdout);
        Assert.True(calls > 0);
    }

    private sealed class CountingWallClock(IWallClock inner, Action counted) : IWallClock
    {
        public WallClock.Datetime Now() { counted(); return inner.Now(); }
        public WallClock.Datetime Resolution() { counted(); return inner.Resolution(); }
    }

    [Fact]
    public void OverrideOfATypeThatIsNoImportIsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => new WasiContextBuilder().Override<IDisposable>(new MemoryStream()));
        Assert.Contains("WitBindgen.Wasi.P2.Bindings", e.Message);
    }

    // Host descriptors open on files under dir (Linux: /proc/self/fd), so other tests' descriptors do not count.
    private static int OpenUnder(string dir)
    {
        int n = 0;
        foreach (var fd in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            try
            {
                if (new FileInfo(fd).LinkTarget is { } target && target.StartsWith(dir, StringComparison.Ordinal)) n++;
            }
            catch (IOException)
            {
                // closed while we looked
            }
        }
        return n;
    }

    [Fact]
    public void DisposingTheContextClosesWhatTheGuestLeftOpen()
    {
        var dir = Directory.CreateTempSubdirectory("p2-leak-").FullName;
        try
        {
            var stdout = new MemoryOutputPipe();
            var context = new WasiContextBuilder().Args("leak").Stdout(stdout).Preopen(dir, "/data").Build();
            var command = new WasiP2Command(_fixture.Engine, _fixture.Module("leak.wasm"), context);
            Assert.Equal(0, command.Run());
            // 16 files, a write and a read stream on the first, a directory stream.
            Assert.Equal("left open 19\n", stdout.Text);
            int heldAfterRun = context.HostResources.InUse;
            int openAfterRun = OpenUnder(dir);
            Assert.True(heldAfterRun >= 16, $"{heldAfterRun} host resources held after the run");
            Assert.True(openAfterRun >= 16, $"{openAfterRun} host descriptors open under {dir} after the run");

            context.Dispose();
            Assert.Equal(0, context.HostResources.InUse);
            Assert.Equal(0, OpenUnder(dir));
            command.Dispose();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
