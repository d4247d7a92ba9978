#pragma warning disable CA1416 // Unix only, like the filesystem it tests
using System;
using System.IO;
using Xunit;
using Code = WitBindgen.Wasi.Bindings.Filesystem.ErrorCode;

namespace WitBindgen.Wasi.Tests;

/// <summary>
/// A guest cannot take down the host: the host resources it holds open (files, directory listings, sockets) are
/// bounded per instance, and the host memory an import call takes is bounded by a limit, not by a list length the
/// guest claims.
/// </summary>
public class HostResourceLimitTests
{
    private const string Imports = """
          (import "filesystem" "open-at" (func $open_at (param i32 i32 i32 i32 i32 i32 i32 i32)))
          (import "filesystem" "read-directory" (func $read_directory (param i32 i32)))
          (import "filesystem" "drop-descriptor" (func $drop_descriptor (param i32)))
          (import "tcp-create-socket" "create-tcp-socket" (func $create_tcp (param i32 i32)))
          (import "poll" "poll-oneoff" (func $poll_oneoff (param i32 i32 i32)))
          (import "monotonic-clock" "subscribe" (func $subscribe (param i64 i32) (result i32)))
        """;

    /// <summary>
    /// Prints "before ", then opens f.txt (read-only) without dropping anything until open-at fails, and prints
    /// "count:error-code"; then drops the last descriptor it opened and opens once more, printing " again:0" on success.
    /// </summary>
    private static readonly string OpenUntilRefused = Wat.Command(Imports, """
        (local $count i32) (local $last i32)
        (call $print (i32.const 0x120) (i32.const 7))
        (block $refused
          (loop $more
            (call $open_at (i32.const 4) (i32.const 0) (i32.const 0x100) (i32.const 5) (i32.const 0) (i32.const 1) (i32.const 0) (i32.const 0x1000))
            (br_if $refused (i32.load8_u (i32.const 0x1000)))
            (local.set $last (i32.load (i32.const 0x1004)))
            (local.set $count (i32.add (local.get $count) (i32.const 1)))
            (br_if $more (i32.lt_u (local.get $count) (i32.const 1000000)))))
        (call $print_u64 (i64.extend_i32_u (local.get $count)))
        (call $print_char (i32.const 58))
        (call $print_u64 (i64.extend_i32_u (i32.load8_u (i32.const 0x1004))))
        (call $drop_descriptor (local.get $last))
        (call $open_at (i32.const 4) (i32.const 0) (i32.const 0x100) (i32.const 5) (i32.const 0) (i32.const 1) (i32.const 0) (i32.const 0x1000))
        (call $print (i32.const 0x130) (i32.const 7))
        (call $print_u64 (i64.extend_i32_u (i32.load8_u (i32.const 0x1000))))
        (i32.const 0)
        """, """
        (data (i32.const 0x100) "f.txt")
        (data (i32.const 0x120) "before ")
        (data (i32.const 0x130) " again:")
        """);

    /// <summary>Runs in a context over <paramref name="root"/>; checks that disposing the context gives every host resource back.</summary>
    private static (int Status, string Stdout, int InUseAfterRun) RunInSandbox(string wat, string root, Action<WasiContextBuilder>? configure = null)
    {
        var stdout = new MemoryOutputPipe();
        var builder = new WasiContextBuilder().Stdout(stdout).Preopen(root, "/");
        configure?.Invoke(builder);
        var context = builder.Build();
        int status, inUse;
        using (context)
        {
            status = Runner.Run(wat, context);
            inUse = context.HostResources.InUse;
        }
        Assert.Equal(0, context.HostResources.InUse);
        return (status, stdout.Text, inUse);
    }

    private static string TempRoot()
    {
        var root = Directory.CreateTempSubdirectory("wasi-limits-").FullName;
        File.WriteAllText(Path.Combine(root, "f.txt"), "x");
        return root;
    }

    [Fact]
    public void A_guest_opening_a_file_in_a_loop_is_refused_at_its_limit_with_insufficient_memory()
    {
        var root = TempRoot();
        try
        {
            var (status, stdout, inUse) = RunInSandbox(OpenUntilRefused, root, b => b.MaxOpenHostResources(50));
            Assert.Equal(0, status);
            // Stdout written before the refusal is all there, then the count and the code, and a dropped descriptor makes room again.
            Assert.Equal($"before 50:{(int)Code.InsufficientMemory} again:0", stdout);
            Assert.Equal(50, inUse); // the 49 left open and the one reopened, until the context is disposed
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void The_default_limit_stops_a_million_opens_at_1024_and_the_next_instance_on_the_engine_still_works()
    {
        Assert.True(HostResourceBudget.ProcessLimit > 4 * HostResourceBudget.DefaultLimit, $"the process limit is only {HostResourceBudget.ProcessLimit}");
        var root = TempRoot();
        try
        {
            var (status, stdout, _) = RunInSandbox(OpenUntilRefused, root);
            Assert.Equal(0, status);
            Assert.Equal($"before {HostResourceBudget.DefaultLimit}:{(int)Code.InsufficientMemory} again:0", stdout);

            // A second tenant, while a first one still holds all it may: its opens and its stdout are unharmed.
            var first = new WasiContextBuilder().Stdout(new MemoryOutputPipe()).Preopen(root, "/").Build();
            var second = new WasiContextBuilder().Stdout(new MemoryOutputPipe()).Preopen(root, "/").Build();
            try
            {
                var fs = first.Host.Filesystem!;
                var opened = 0;
                while (fs.OpenAt(first.Filesystem.Preopens[0].Handle, 0, "f.txt", 0, Filesystem.DescriptorFlags.Read, 0).IsOk) opened++;
                Assert.Equal(HostResourceBudget.DefaultLimit, opened);
                var (status2, stdout2, _) = RunInSandbox(OpenUntilRefused, root, b => b.MaxOpenHostResources(3));
                Assert.Equal(0, status2);
                Assert.Equal($"before 3:{(int)Code.InsufficientMemory} again:0", stdout2);
                Assert.True(second.Host.Filesystem!.OpenAt(second.Filesystem.Preopens[0].Handle, 0, "f.txt", 0, Filesystem.DescriptorFlags.Read, 0).IsOk);
            }
            finally
            {
                first.Dispose();
                second.Dispose();
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Directory_listings_count_against_the_limit_and_are_refused_the_same_way()
    {
        var root = TempRoot();
        try
        {
            using var context = new WasiContextBuilder().Preopen(root, "/").MaxOpenHostResources(5).Build();
            var fs = context.Host.Filesystem!;
            var dir = context.Filesystem.Preopens[0].Handle;
            for (var i = 0; i < 5; i++) Assert.True(fs.ReadDirectory(dir).IsOk);
            var refused = fs.ReadDirectory(dir);
            Assert.True(refused.IsErr);
            Assert.Equal(Code.InsufficientMemory, refused.ErrValue);
            Assert.Equal(Code.InsufficientMemory, fs.OpenAt(dir, 0, "f.txt", 0, Filesystem.DescriptorFlags.Read, 0).ErrValue);
            Assert.Equal(5, context.HostResources.InUse);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void A_guest_creating_sockets_in_a_loop_gets_new_socket_limit()
    {
        var wat = Wat.Command(Imports, """
            (local $count i32)
            (block $refused
              (loop $more
                (call $create_tcp (i32.const 0) (i32.const 0x1000))
                (br_if $refused (i32.load8_u (i32.const 0x1000)))
                (local.set $count (i32.add (local.get $count) (i32.const 1)))
                (br_if $more (i32.lt_u (local.get $count) (i32.const 1000000)))))
            (call $print_u64 (i64.extend_i32_u (local.get $count)))
            (call $print_char (i32.const 58))
            (call $print_u64 (i64.extend_i32_u (i32.load8_u (i32.const 0x1004))))
            (i32.const 0)
            """);
        var (status, stdout) = Runner.Capture(wat, b => b.AllowTcp().MaxOpenHostResources(20));
        Assert.Equal(0, status);
        Assert.Equal($"20:{(int)Network.ErrorCode.NewSocketLimit}", stdout);
    }

    [Fact]
    public void Poll_oneoff_over_2_to_the_28_pollables_traps_without_allocating_for_them()
    {
        // The list lies in memory (1 GiB of it, grown lazily), so only the limit can refuse it.
        var wat = Wat.Command(Imports, """
            (if (i32.eq (memory.grow (i32.const 16385)) (i32.const -1)) (then unreachable))
            (call $poll_oneoff (i32.const 0x10000) (i32.const 0x10000000) (i32.const 0x1000))
            (i32.const 0)
            """);
        using var context = new WasiContextBuilder().Build();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var trap = Runner.Trap(() => Runner.Run(wat, context));
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.Equal("poll.poll-oneoff: a list of 268435456 elements is longer than this host lifts (65536; GuestContext.MaxListLength)", trap.Message);
        Assert.True(allocated < 64 << 20, $"{allocated} bytes allocated");
    }

    [Fact]
    public void The_list_limit_is_configurable_and_a_list_at_the_limit_is_lifted()
    {
        // Three timers that are due at once: poll-oneoff answers 1 1 1.
        string Guest(int count) => Wat.Command(Imports, $"""
            (i32.store (i32.const 0x2000) (call $subscribe (i64.const 0) (i32.const 0)))
            (i32.store (i32.const 0x2004) (call $subscribe (i64.const 0) (i32.const 0)))
            (i32.store (i32.const 0x2008) (call $subscribe (i64.const 0) (i32.const 0)))
            (call $poll_oneoff (i32.const 0x2000) (i32.const {count}) (i32.const 0x1000))
            (call $print_u64 (i64.extend_i32_u (i32.load (i32.const 0x1004))))
            (i32.const 0)
            """);
        var (status, stdout) = Runner.Capture(Guest(3), b => b.MaxListLength(3));
        Assert.Equal(0, status);
        Assert.Equal("3", stdout);
        using var context = new WasiContextBuilder().MaxListLength(2).Build();
        var trap = Runner.Trap(() => Runner.Run(Guest(3), context));
        Assert.Equal("poll.poll-oneoff: a list of 3 elements is longer than this host lifts (2; GuestContext.MaxListLength)", trap.Message);
    }

    [Fact]
    public void What_one_call_lifts_is_bounded_by_MaxLiftedBytes()
    {
        // open-at with a 100-byte path: lifted whole under the default, a trap under a 64-byte bound.
        var wat = Wat.Command(Imports, """
            (call $open_at (i32.const 4) (i32.const 0) (i32.const 0x200) (i32.const 100) (i32.const 0) (i32.const 1) (i32.const 0) (i32.const 0x1000))
            (call $print_u64 (i64.extend_i32_u (i32.load8_u (i32.const 0x1000))))
            (call $print_char (i32.const 58))
            (call $print_u64 (i64.extend_i32_u (i32.load8_u (i32.const 0x1004))))
            (i32.const 0)
            """, $"""
            (data (i32.const 0x200) "{new string('a', 100)}")
            """);
        var root = TempRoot();
        try
        {
            var (status, stdout, _) = RunInSandbox(wat, root);
            Assert.Equal(0, status);
            Assert.Equal($"1:{(int)Code.NoEntry}", stdout);
            var stdout2 = new MemoryOutputPipe();
            using var context = new WasiContextBuilder().Stdout(stdout2).Preopen(root, "/").MaxLiftedBytes(64).Build();
            var trap = Runner.Trap(() => Runner.Run(wat, context));
            Assert.Equal("filesystem.open-at: the values lifted for one call take more than this host copies (64 bytes; GuestContext.MaxLiftedBytes)", trap.Message);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
