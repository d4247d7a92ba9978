using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Xunit;

namespace WitBindgen.Run.Tests;

/// <summary>
/// examples/CustomHost started as a process: tenants on one WasiLinker, each with its own arguments, environment and
/// home directory, and its own wall clock, seeded random and metered streams in place of the defaults.
/// </summary>
public sealed class CustomHostExampleTests
{
    private static (int Status, string Out) Run(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CustomHost.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(60_000), "CustomHost did not finish");
        Assert.Equal("", stderr.Result);
        return (process.ExitCode, stdout.Result);
    }

    [Fact]
    public void Each_tenant_gets_its_own_context_and_replaced_interfaces()
    {
        var (status, output) = Run("ada", "grace", "edsger");
        Assert.Equal(0, status);
        var sections = Regex.Split(output, @"(?m)^(?=== )").Where(s => s.Length > 0).ToArray();
        Assert.Equal(3, sections.Length);
        var names = new[] { "ada", "grace", "edsger" };
        for (int i = 0; i < names.Length; i++)
        {
            var header = Regex.Match(sections[i], @"^== (\w+): exit status (\d+), (\d+) bytes written\n");
            Assert.True(header.Success, sections[i]);
            Assert.Equal(names[i], header.Groups[1].Value);
            Assert.Equal("0", header.Groups[2].Value);
            var guestOutput = sections[i].Substring(header.Length);
            // The metered streams counted exactly what reached the tenant's stdout.
            Assert.Equal(Encoding.UTF8.GetByteCount(guestOutput), int.Parse(header.Groups[3].Value));
            Assert.Contains($"args: demo {names[i]}\n", guestOutput);
            Assert.Contains($"  TENANT={names[i]}\n", guestOutput);
            Assert.Contains("  its entries: owner.txt\n", guestOutput);
            // A fixed day per tenant: 2023-05-18 12:00 UTC plus i days.
            Assert.Contains($"wall clock: {1684411200 + i * 86400} s since 1970, 0 ns\n", guestOutput);
        }
    }

    [Fact]
    public void The_seeded_random_gives_the_same_bytes_on_every_run()
    {
        static string[] RandomLines(string output) => Regex.Matches(output, @"random bytes: ([0-9a-f]{16})").Select(m => m.Groups[1].Value).ToArray();
        var first = RandomLines(Run("a", "b").Out);
        var second = RandomLines(Run("a", "b").Out);
        Assert.Equal(2, first.Length);
        Assert.Equal(first, second);
        Assert.NotEqual(first[0], first[1]); // seeds differ per tenant
    }
}
