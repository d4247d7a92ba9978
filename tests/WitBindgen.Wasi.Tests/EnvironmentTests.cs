using System;
using System.IO;
using System.Linq;
using Xunit;

namespace WitBindgen.Wasi.Tests;

public class EnvironmentTests
{
    /// <summary>Prints the arguments, the environment, the initial cwd and the preopens, one per line.</summary>
    private static readonly string Lister = Wat.Command("""
          (import "environment" "get-arguments" (func $get_arguments (param i32)))
          (import "environment" "get-environment" (func $get_environment (param i32)))
          (import "environment-preopens" "get-directories" (func $get_directories (param i32)))
          (import "environment-preopens" "initial-cwd" (func $initial_cwd (param i32)))
        """, """
        (local $p i32) (local $n i32)
        ;; list<string>: 8 bytes per element
        (call $get_arguments (i32.const 0x1000))
        (local.set $p (i32.load (i32.const 0x1000)))
        (local.set $n (i32.load (i32.const 0x1004)))
        (block $done (loop $next
          (br_if $done (i32.eqz (local.get $n)))
          (call $print (i32.const 0x100) (i32.const 4))
          (call $print (i32.load (local.get $p)) (i32.load offset=4 (local.get $p)))
          (call $print_char (i32.const 10))
          (local.set $p (i32.add (local.get $p) (i32.const 8)))
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br $next)))
        ;; list<tuple<string, string>>: 16 bytes per element
        (call $get_environment (i32.const 0x1000))
        (local.set $p (i32.load (i32.const 0x1000)))
        (local.set $n (i32.load (i32.const 0x1004)))
        (block $done (loop $next
          (br_if $done (i32.eqz (local.get $n)))
          (call $print (i32.const 0x104) (i32.const 4))
          (call $print (i32.load (local.get $p)) (i32.load offset=4 (local.get $p)))
          (call $print_char (i32.const 61))
          (call $print (i32.load offset=8 (local.get $p)) (i32.load offset=12 (local.get $p)))
          (call $print_char (i32.const 10))
          (local.set $p (i32.add (local.get $p) (i32.const 16)))
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br $next)))
        ;; option<string>
        (call $initial_cwd (i32.const 0x1000))
        (call $print (i32.const 0x108) (i32.const 4))
        (if (i32.load8_u (i32.const 0x1000))
          (then (call $print (i32.load (i32.const 0x1004)) (i32.load (i32.const 0x1008))))
          (else (call $print (i32.const 0x110) (i32.const 6))))
        (call $print_char (i32.const 10))
        ;; list<tuple<descriptor, string>>: 12 bytes per element
        (call $get_directories (i32.const 0x1000))
        (local.set $p (i32.load (i32.const 0x1000)))
        (local.set $n (i32.load (i32.const 0x1004)))
        (block $done (loop $next
          (br_if $done (i32.eqz (local.get $n)))
          (call $print (i32.const 0x10c) (i32.const 4))
          (call $print_u64 (i64.extend_i32_u (i32.load (local.get $p))))
          (call $print_char (i32.const 32))
          (call $print (i32.load offset=4 (local.get $p)) (i32.load offset=8 (local.get $p)))
          (call $print_char (i32.const 10))
          (local.set $p (i32.add (local.get $p) (i32.const 12)))
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br $next)))
        (i32.const 0)
        """, """(data (i32.const 0x100) "arg env cwd dir (none)")""");

    [Fact]
    public void Arguments_environment_initial_cwd_and_preopens_are_listed()
    {
        var root = Directory.CreateTempSubdirectory("wasi-preopen-");
        var data = root.CreateSubdirectory("data");
        try
        {
            var (status, stdout) = Runner.Capture(Lister, b => b
                .Args("prog", "--flag", "héllo wörld")
                .Env("HOME", "/home/guest").Env("LANG", "C.UTF-8").Env("HOME", "/root")
                .InitialCwd("/work")
                .Preopen(root.FullName, "/")
                .Preopen(data.FullName, "/data", readOnly: true));
            Assert.Equal(0, status);
            // Handles 0-2 are stdio and 3 the timezone, so the preopens are 4 and 5.
            Assert.Equal("""
                arg prog
                arg --flag
                arg héllo wörld
                env HOME=/root
                env LANG=C.UTF-8
                cwd /work
                dir 4 /
                dir 5 /data

                """.ReplaceLineEndings("\n"), stdout);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void Nothing_is_given_by_default()
    {
        var (status, stdout) = Runner.Capture(Lister);
        Assert.Equal(0, status);
        Assert.Equal("cwd (none)\n", stdout);
    }

    [Fact]
    public void The_context_records_preopens_with_their_host_path_and_read_only_flag()
    {
        var dir = Directory.CreateTempSubdirectory("wasi-preopen-");
        try
        {
            using var context = new WasiContextBuilder().Preopen(dir.FullName, "/sandbox", readOnly: true).Build();
            var preopen = Assert.Single(context.Filesystem.Preopens);
            Assert.Equal((dir.FullName.TrimEnd('/'), "/sandbox", true), (preopen.HostPath.TrimEnd('/'), preopen.GuestPath, preopen.ReadOnly));
            Assert.Equal(HandleStatus.Valid, context.Table.TryGet<PreopenDirectory>(preopen.Handle, out _));
        }
        finally
        {
            dir.Delete();
        }
    }

    [Fact]
    public void A_missing_preopen_directory_is_refused_at_once()
    {
        var ex = Assert.Throws<DirectoryNotFoundException>(() => new WasiContextBuilder().Preopen("/no/such/dir/anywhere", "/"));
        Assert.Contains("/no/such/dir/anywhere", ex.Message);
    }

    [Fact]
    public void Inherited_variables_can_be_overridden()
    {
        var path = System.Environment.GetEnvironmentVariable("PATH");
        Assert.NotNull(path);
        using var context = new WasiContextBuilder().InheritEnv().Env("PATH", "/guest/bin").Build();
        Assert.Equal("/guest/bin", Assert.Single(context.Cli.EnvironmentVariables, v => v.Name == "PATH").Value);
        Assert.True(context.Cli.EnvironmentVariables.Count > 1);
        Assert.Equal(context.Cli.EnvironmentVariables.Count, context.Cli.EnvironmentVariables.Select(v => v.Name).Distinct().Count());
    }
}
