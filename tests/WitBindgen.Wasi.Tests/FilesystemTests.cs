#pragma warning disable CA1416 // Unix only, like the filesystem it tests
using System;
using System.IO;
using System.Linq;
using System.Text;
using Xunit;
using static WitBindgen.Wasi.Tests.FilesystemSandbox;
using Code = WitBindgen.Wasi.Bindings.Filesystem.ErrorCode;
using DFlags = WitBindgen.Wasi.Bindings.Filesystem.DescriptorFlags;
using OFlags = WitBindgen.Wasi.Bindings.Filesystem.OpenFlags;
using PFlags = WitBindgen.Wasi.Bindings.Filesystem.PathFlags;

namespace WitBindgen.Wasi.Tests;

/// <summary>The filesystem's functions, from WAT guests and directly.</summary>
public class FilesystemTests
{
    private const string Imports = """
          (import "filesystem" "open-at" (func $open_at (param i32 i32 i32 i32 i32 i32 i32 i32)))
          (import "filesystem" "read-via-stream" (func $read_via_stream (param i32 i64) (result i32)))
          (import "filesystem" "write-via-stream" (func $write_via_stream (param i32 i64) (result i32)))
          (import "filesystem" "append-via-stream" (func $append_via_stream (param i32) (result i32)))
          (import "filesystem" "read" (func $read (param i32 i64 i64 i32)))
          (import "filesystem" "write" (func $write (param i32 i32 i32 i64 i32)))
          (import "filesystem" "stat" (func $stat (param i32 i32)))
          (import "filesystem" "stat-at" (func $stat_at (param i32 i32 i32 i32 i32)))
          (import "filesystem" "read-directory" (func $read_directory (param i32 i32)))
          (import "filesystem" "read-directory-entry" (func $read_directory_entry (param i32 i32)))
          (import "filesystem" "drop-directory-entry-stream" (func $drop_directory_entry_stream (param i32)))
          (import "filesystem" "create-directory-at" (func $create_directory_at (param i32 i32 i32 i32)))
          (import "filesystem" "remove-directory-at" (func $remove_directory_at (param i32 i32 i32 i32)))
          (import "filesystem" "unlink-file-at" (func $unlink_file_at (param i32 i32 i32 i32)))
          (import "filesystem" "rename-at" (func $rename_at (param i32 i32 i32 i32 i32 i32 i32)))
          (import "filesystem" "symlink-at" (func $symlink_at (param i32 i32 i32 i32 i32 i32)))
          (import "filesystem" "readlink-at" (func $readlink_at (param i32 i32 i32 i32)))
          (import "filesystem" "set-size" (func $set_size (param i32 i64 i32)))
          (import "filesystem" "set-times" (func $set_times (param i32 i32 i64 i32 i32 i64 i32 i32)))
          (import "filesystem" "try-lock-exclusive" (func $try_lock_exclusive (param i32 i32)))
          (import "filesystem" "unlock" (func $unlock (param i32 i32)))
          (import "filesystem" "drop-descriptor" (func $drop_descriptor (param i32)))
          (import "streams" "blocking-read" (func $blocking_read (param i32 i64 i32)))
          (import "streams" "drop-input-stream" (func $drop_input_stream (param i32)))
          (import "streams" "drop-output-stream" (func $drop_output_stream (param i32)))
        """;

    /// <summary>Prints "0 " or "1:error-byte " of the result at 0x1000 (a failure's code at 0x1000 + <paramref name="offset"/>).</summary>
    private static string Result(int offset = 1) => $"""
        (call $print_u64 (i64.extend_i32_u (i32.load8_u (i32.const 0x1000))))
        (if (i32.load8_u (i32.const 0x1000)) (then
          (call $print_char (i32.const 58))
          (call $print_u64 (i64.extend_i32_u (i32.load8_u (i32.const {0x1000 + offset}))))))
        (call $print_char (i32.const 32))
        """;

    private static (int Status, string Stdout) Run(string wat, FilesystemSandbox s, bool readOnly = false)
    {
        var stdout = new MemoryOutputPipe();
        using var context = new WasiContextBuilder().Stdout(stdout).Preopen(s.RootPath, "/", readOnly).Build();
        var status = Runner.Run(wat, context);
        return (status, stdout.Text);
    }

    [Fact]
    public void A_guest_creates_writes_and_reads_back_a_file_via_streams_and_at_offsets()
    {
        using var s = new FilesystemSandbox();
        var wat = Wat.Command(Imports, """
            (local $fd i32) (local $out i32) (local $in i32)
            ;; open-at(4, follow, "hello.txt", create|truncate, read|write, modes 0)
            (call $open_at (i32.const 4) (i32.const 1) (i32.const 0x100) (i32.const 9) (i32.const 9) (i32.const 3) (i32.const 0) (i32.const 0x1000))
            (if (i32.load8_u (i32.const 0x1000)) (then unreachable))
            (local.set $fd (i32.load (i32.const 0x1004)))
            (local.set $out (call $write_via_stream (local.get $fd) (i64.const 0)))
            (call $print_write (local.get $out) (i32.const 0x110) (i32.const 12) (i32.const 0x1000))
            (if (i32.load8_u (i32.const 0x1000)) (then unreachable))
            (call $drop_output_stream (local.get $out))
            ;; write(fd, "J", 0)
            (call $write (local.get $fd) (i32.const 0x120) (i32.const 1) (i64.const 0) (i32.const 0x1000))
            (call $print_u64 (i64.load (i32.const 0x1008))) (call $print_char (i32.const 32))
            ;; read-via-stream from 0, blocking-read 100
            (local.set $in (call $read_via_stream (local.get $fd) (i64.const 0)))
            (call $blocking_read (local.get $in) (i64.const 100) (i32.const 0x1000))
            (call $print (i32.load (i32.const 0x1004)) (i32.load (i32.const 0x1008)))
            (call $print_char (i32.const 124))
            (call $blocking_read (local.get $in) (i64.const 100) (i32.const 0x1000))
            (call $print_u64 (i64.extend_i32_u (i32.load8_u (i32.const 0x100c)))) (call $print_char (i32.const 32))
            (call $drop_input_stream (local.get $in))
            ;; read(fd, 5, 7): "file!" and not at the end; read(fd, 5, 12): nothing, at the end
            (call $read (local.get $fd) (i64.const 5) (i64.const 7) (i32.const 0x1000))
            (call $print (i32.load (i32.const 0x1004)) (i32.load (i32.const 0x1008)))
            (call $print_u64 (i64.extend_i32_u (i32.load8_u (i32.const 0x100c)))) (call $print_char (i32.const 32))
            (call $read (local.get $fd) (i64.const 5) (i64.const 12) (i32.const 0x1000))
            (call $print_u64 (i64.extend_i32_u (i32.load (i32.const 0x1008))))
            (call $print_u64 (i64.extend_i32_u (i32.load8_u (i32.const 0x100c)))) (call $print_char (i32.const 32))
            ;; stat: type, size; then set-size 4 and stat again
            (call $stat (local.get $fd) (i32.const 0x1000))
            (call $print_u64 (i64.extend_i32_u (i32.load8_u (i32.const 0x1018)))) (call $print_char (i32.const 47))
            (call $print_u64 (i64.load (i32.const 0x1028))) (call $print_char (i32.const 32))
            (call $set_size (local.get $fd) (i64.const 4) (i32.const 0x1000)) {RESULT}
            ;; set-times(fd, atime no-change, mtime timestamp 1000000000.5)
            (call $set_times (local.get $fd) (i32.const 0) (i64.const 0) (i32.const 0) (i32.const 2) (i64.const 1000000000) (i32.const 500) (i32.const 0x1000)) {RESULT}
            (call $stat_at (i32.const 4) (i32.const 0) (i32.const 0x100) (i32.const 9) (i32.const 0x1000))
            (call $print_u64 (i64.load (i32.const 0x1028))) (call $print_char (i32.const 47))
            (call $print_u64 (i64.load (i32.const 0x1040))) (call $print_char (i32.const 46))
            (call $print_u64 (i64.extend_i32_u (i32.load (i32.const 0x1048)))) (call $print_char (i32.const 32))
            (call $try_lock_exclusive (local.get $fd) (i32.const 0x1000)) {RESULT}
            (call $unlock (local.get $fd) (i32.const 0x1000)) {RESULT}
            (call $drop_descriptor (local.get $fd))
            (i32.const 0)
            """.Replace("{RESULT}", Result()), """
            (data (i32.const 0x100) "hello.txt")
            (data (i32.const 0x110) "Hello, file!")
            (data (i32.const 0x120) "J")
            """);
        var (status, stdout) = Run(wat, s);
        Assert.Equal(0, status);
        var regular = (int)Filesystem.DescriptorType.RegularFile;
        Assert.Equal($"1 Jello, file!|1 file!0 01 {regular}/12 0 0 4/1000000000.500 0 0 ", stdout);
        Assert.Equal("Jell", File.ReadAllText(s.In("hello.txt")));
        Assert.Equal(new DateTime(2001, 9, 9, 1, 46, 40, DateTimeKind.Utc).AddTicks(5), File.GetLastWriteTimeUtc(s.In("hello.txt")));
    }

    [Fact]
    public void A_guest_lists_a_directory_with_types_and_inodes_without_dot_entries()
    {
        using var s = new FilesystemSandbox();
        File.WriteAllText(s.In("z.txt"), "z");
        s.Link("l", "a/file.txt");
        var wat = Wat.Command(Imports, """
            (local $stream i32)
            (call $read_directory (i32.const 4) (i32.const 0x1000))
            (if (i32.load8_u (i32.const 0x1000)) (then unreachable))
            (local.set $stream (i32.load (i32.const 0x1004)))
            (block $done
              (loop $next
                (call $read_directory_entry (local.get $stream) (i32.const 0x1000))
                (if (i32.load8_u (i32.const 0x1000)) (then unreachable))
                (br_if $done (i32.eqz (i32.load8_u (i32.const 0x1008))))
                (call $print (i32.load (i32.const 0x1024)) (i32.load (i32.const 0x1028)))
                (call $print_char (i32.const 58))
                (call $print_u64 (i64.extend_i32_u (i32.load8_u (i32.const 0x1020))))
                (call $print_char (i32.const 58))
                (call $print_u64 (i64.extend_i32_u (i32.load8_u (i32.const 0x1010))))
                (call $print_char (i32.const 58))
                (call $print_u64 (i64.load (i32.const 0x1018)))
                (call $print_char (i32.const 32))
                (br $next)))
            (call $drop_directory_entry_stream (local.get $stream))
            (i32.const 0)
            """);
        var (status, stdout) = Run(wat, s);
        Assert.Equal(0, status);
        static ulong Inode(string path) => new FilesystemSandbox.Probe(path).Inode;
        Assert.Equal($"a:3:1:{Inode(s.In("a"))} l:5:1:{Inode(s.In("l"))} z.txt:6:1:{Inode(s.In("z.txt"))} ", stdout);
    }

    [Fact]
    public void A_guest_makes_renames_links_and_removes_entries_and_cannot_step_out()
    {
        using var s = new FilesystemSandbox();
        var wat = Wat.Command(Imports, """
            (call $create_directory_at (i32.const 4) (i32.const 0x100) (i32.const 3) (i32.const 0x1000)) {R}
            (call $create_directory_at (i32.const 4) (i32.const 0x100) (i32.const 3) (i32.const 0x1000)) {R}
            (call $symlink_at (i32.const 4) (i32.const 0x110) (i32.const 10) (i32.const 0x120) (i32.const 8) (i32.const 0x1000)) {R}
            (call $readlink_at (i32.const 4) (i32.const 0x120) (i32.const 8) (i32.const 0x1000))
            (call $print (i32.load (i32.const 0x1004)) (i32.load (i32.const 0x1008))) (call $print_char (i32.const 32))
            (call $rename_at (i32.const 4) (i32.const 0x110) (i32.const 10) (i32.const 4) (i32.const 0x130) (i32.const 9) (i32.const 0x1000)) {R}
            (call $unlink_file_at (i32.const 4) (i32.const 0x120) (i32.const 8) (i32.const 0x1000)) {R}
            (call $remove_directory_at (i32.const 4) (i32.const 0x100) (i32.const 3) (i32.const 0x1000)) {R}
            (call $remove_directory_at (i32.const 4) (i32.const 0x140) (i32.const 1) (i32.const 0x1000)) {R}
            (call $unlink_file_at (i32.const 4) (i32.const 0x150) (i32.const 4) (i32.const 0x1000)) {R}
            (call $create_directory_at (i32.const 4) (i32.const 0x150) (i32.const 4) (i32.const 0x1000)) {R}
            (i32.const 0)
            """.Replace("{R}", Result()), """
            (data (i32.const 0x100) "new")
            (data (i32.const 0x110) "a/file.txt")
            (data (i32.const 0x120) "new/link")
            (data (i32.const 0x130) "moved.txt")
            (data (i32.const 0x140) "a")
            (data (i32.const 0x150) "../x")
            """);
        var (status, stdout) = Run(wat, s);
        Assert.Equal(0, status);
        int C(Code c) => (int)c;
        Assert.Equal($"0 1:{C(Code.Exist)} 0 a/file.txt 0 0 0 1:{C(Code.NotEmpty)} 1:{C(Code.NotPermitted)} 1:{C(Code.NotPermitted)} ", stdout);
        Assert.Equal("inside", File.ReadAllText(s.In("moved.txt")));
        Assert.False(Directory.Exists(s.In("new")));
        Assert.False(File.Exists(Path.Combine(s.Base, "x")) || Directory.Exists(Path.Combine(s.Base, "x")));
    }

    [Fact]
    public void A_guest_on_a_read_only_preopen_reads_but_cannot_write()
    {
        using var s = new FilesystemSandbox();
        var wat = Wat.Command(Imports, """
            (call $open_at (i32.const 4) (i32.const 0) (i32.const 0x100) (i32.const 10) (i32.const 0) (i32.const 1) (i32.const 0) (i32.const 0x1000)) {R4}
            (call $read (i32.load (i32.const 0x1004)) (i64.const 100) (i64.const 0) (i32.const 0x1000))
            (call $print (i32.load (i32.const 0x1004)) (i32.load (i32.const 0x1008))) (call $print_char (i32.const 32))
            (call $open_at (i32.const 4) (i32.const 0) (i32.const 0x100) (i32.const 10) (i32.const 0) (i32.const 2) (i32.const 0) (i32.const 0x1000)) {R4}
            (call $open_at (i32.const 4) (i32.const 0) (i32.const 0x110) (i32.const 3) (i32.const 1) (i32.const 2) (i32.const 0) (i32.const 0x1000)) {R4}
            (call $create_directory_at (i32.const 4) (i32.const 0x110) (i32.const 3) (i32.const 0x1000)) {R}
            (call $unlink_file_at (i32.const 4) (i32.const 0x100) (i32.const 10) (i32.const 0x1000)) {R}
            (i32.const 0)
            """.Replace("{R4}", Result(4)).Replace("{R}", Result()), """
            (data (i32.const 0x100) "a/file.txt")
            (data (i32.const 0x110) "new")
            """);
        var (status, stdout) = Run(wat, s, readOnly: true);
        Assert.Equal(0, status);
        var ro = (int)Code.ReadOnly;
        Assert.Equal($"0 inside 1:{ro} 1:{ro} 1:{ro} 1:{ro} ", stdout);
        Assert.Equal("inside", File.ReadAllText(s.In("a/file.txt")));
        Assert.False(File.Exists(s.In("new")));
    }

    [Fact]
    public void Open_flags_create_exclusive_truncate_and_directory_behave_as_documented()
    {
        using var s = new FilesystemSandbox();
        var fs = s.Fs;
        var rw = DFlags.Read | DFlags.Write;
        Err(Code.NoEntry, fs.OpenAt(s.Root, PFlags.None, "missing", OFlags.None, DFlags.Read, Filesystem.Modes.None));
        var f = s.Open("new.txt", OFlags.Create | OFlags.Exclusive, rw);
        Assert.Equal(rw, Ok(fs.GetFlags(f)));
        Err(Code.Exist, fs.OpenAt(s.Root, PFlags.None, "new.txt", OFlags.Create | OFlags.Exclusive, rw, Filesystem.Modes.None));
        Err(Code.Exist, fs.OpenAt(s.Root, PFlags.None, "a", OFlags.Create | OFlags.Exclusive, rw, Filesystem.Modes.None));
        Err(Code.IsDirectory, fs.OpenAt(s.Root, PFlags.None, "a", OFlags.Create, DFlags.Read, Filesystem.Modes.None));
        Err(Code.NotDirectory, fs.OpenAt(s.Root, PFlags.None, "a/file.txt", OFlags.Directory, DFlags.Read, Filesystem.Modes.None));
        Err(Code.NotDirectory, fs.StatAt(s.Root, PFlags.None, "a/file.txt/"));
        Err(Code.NotDirectory, fs.StatAt(s.Root, PFlags.None, "a/file.txt/x"));
        Err(Code.IsDirectory, fs.OpenAt(s.Root, PFlags.None, "a", OFlags.None, rw, Filesystem.Modes.None));
        var t = s.Open("a/file.txt", OFlags.Truncate, rw);
        Assert.Equal(0UL, Ok(fs.Stat(t)).Size);
        Assert.Equal(Filesystem.DescriptorType.Directory, Ok(fs.GetType(s.Open("a", OFlags.Directory))));
        Assert.Equal(Filesystem.DescriptorType.RegularFile, Ok(fs.GetType(t)));
        Err(Code.BadDescriptor, fs.Write(s.Open("new.txt"), "x"u8, 0));
        Err(Code.BadDescriptor, fs.Read(s.Open("new.txt", flags: DFlags.Write), 1, 0));
        Err(Code.IsDirectory, fs.Read(s.Root, 1, 0));
        Err(Code.NotPermitted, fs.SetFlags(t, DFlags.Read));
        Ok(fs.SetFlags(t, rw | DFlags.NonBlocking));
        Ok(fs.Advise(t, 0, 10, Filesystem.Advice.Sequential));
        Ok(fs.Sync(t));
        Ok(fs.SyncData(t));
        Ok(fs.Sync(s.Root));
    }

    [Fact]
    public void Append_streams_add_at_the_end_and_streams_outlive_their_descriptor()
    {
        using var s = new FilesystemSandbox();
        var fs = s.Fs;
        var streams = s.Context.Host.Streams!;
        var f = s.Open("a/file.txt", flags: DFlags.Read | DFlags.Write);
        var append = fs.AppendViaStream(f);
        var read = fs.ReadViaStream(f, 2);
        fs.DropDescriptor(f);
        Ok2(streams.Write(append, " and more"u8));
        Ok2(streams.Write(append, "!"u8));
        Assert.Equal("side and more!", Encoding.UTF8.GetString(Ok2(streams.BlockingRead(read, 100)).Item1.Span));
        Assert.True(Ok2(streams.BlockingRead(read, 100)).Item2);
        streams.DropOutputStream(append);
        streams.DropInputStream(read);
        Assert.Equal("inside and more!", File.ReadAllText(s.In("a/file.txt")));
        // A stream of a directory or of a read-only descriptor fails when used.
        Assert.False(streams.Read(fs.ReadViaStream(s.Root, 0), 1).IsOk);
        Assert.False(streams.Write(fs.WriteViaStream(s.Open("a/file.txt"), 0), "x"u8).IsOk);
    }

    private static T Ok2<T>(WitBindgen.Runtime.Result<T, Streams.StreamError> r)
    {
        Assert.True(r.IsOk);
        return r.OkValue;
    }

    [Fact]
    public void Stat_reports_sizes_links_and_timestamps_and_set_times_sets_them()
    {
        using var s = new FilesystemSandbox();
        var fs = s.Fs;
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 5;
        var st = Ok(fs.StatAt(s.Root, PFlags.None, "a/file.txt"));
        Assert.Equal(6UL, st.Size);
        Assert.Equal(1UL, st.LinkCount);
        Assert.Equal(Filesystem.DescriptorType.RegularFile, st.Type);
        Assert.InRange((long)st.DataModificationTimestamp.Seconds, before, before + 60);
        Assert.Equal(new FilesystemSandbox.Probe(s.In("a/file.txt")).Inode, st.Inode);
        Ok(fs.LinkAt(s.Root, PFlags.None, "a/file.txt", s.Root, "hard.txt"));
        Assert.Equal(2UL, Ok(fs.StatAt(s.Root, PFlags.None, "hard.txt")).LinkCount);
        s.Link("soft", "a/file.txt");
        Assert.Equal(6UL, Ok(fs.StatAt(s.Root, PFlags.SymlinkFollow, "soft")).Size);
        Assert.Equal(Filesystem.DescriptorType.SymbolicLink, Ok(fs.StatAt(s.Root, PFlags.None, "soft")).Type);
        var stamp = new Filesystem.NewTimestamp.Timestamp(new WallClock.Datetime(1_500_000_000, 123_000_000));
        Ok(fs.SetTimesAt(s.Root, PFlags.SymlinkFollow, "soft", stamp, Filesystem.NewTimestamp.NoChange.Instance));
        st = Ok(fs.StatAt(s.Root, PFlags.None, "a/file.txt"));
        Assert.Equal(new WallClock.Datetime(1_500_000_000, 123_000_000), st.DataAccessTimestamp);
        Assert.InRange((long)st.DataModificationTimestamp.Seconds, before, before + 60);
        Ok(fs.SetTimesAt(s.Root, PFlags.None, "a", Filesystem.NewTimestamp.Now.Instance, stamp));
        Assert.Equal(1_500_000_000UL, Ok(fs.StatAt(s.Root, PFlags.None, "a")).DataModificationTimestamp.Seconds);
        Err(Code.Invalid, fs.SetTimesAt(s.Root, PFlags.None, "a", new Filesystem.NewTimestamp.Timestamp(new WallClock.Datetime(1, 2_000_000_000)), stamp));
        Err(Code.NoEntry, fs.SetTimesAt(s.Root, PFlags.None, "missing", stamp, stamp));
    }

    [Fact]
    public void Locks_exclude_other_descriptors_until_unlocked()
    {
        using var s = new FilesystemSandbox();
        var fs = s.Fs;
        var one = s.Open("a/file.txt");
        var two = s.Open("a/file.txt");
        Ok(fs.LockShared(one));
        Ok(fs.TryLockShared(two));
        Err(Code.WouldBlock, fs.TryLockExclusive(two));
        Ok(fs.Unlock(one));
        Ok(fs.TryLockExclusive(two));
        Err(Code.WouldBlock, fs.TryLockShared(one));
        fs.DropDescriptor(two);
        Ok(fs.LockExclusive(one));
        Ok(fs.Unlock(one));
        var dir = s.Open("a", OFlags.Directory);
        Ok(fs.TryLockExclusive(dir));
        Err(Code.WouldBlock, fs.TryLockShared(s.Open("a", OFlags.Directory)));
    }

    [Fact]
    public void Permissions_access_and_unlinking_map_to_the_host()
    {
        using var s = new FilesystemSandbox();
        var fs = s.Fs;
        Ok(fs.ChangeFilePermissionsAt(s.Root, PFlags.None, "a/file.txt", Filesystem.Modes.Readable));
        Assert.Equal(UnixFileMode.UserRead, File.GetUnixFileMode(s.In("a/file.txt")) & (UnixFileMode)0x1C0);
        Assert.Equal((UnixFileMode)0, File.GetUnixFileMode(s.In("a/file.txt")) & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite));
        Ok(fs.ChangeFilePermissionsAt(s.Root, PFlags.None, "a/file.txt", Filesystem.Modes.Readable | Filesystem.Modes.Writable));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(s.In("a/file.txt")) & (UnixFileMode)0x1C0);
        Err(Code.IsDirectory, fs.ChangeFilePermissionsAt(s.Root, PFlags.None, "a", Filesystem.Modes.Readable));
        Err(Code.NotDirectory, fs.ChangeDirectoryPermissionsAt(s.Root, PFlags.None, "a/file.txt", Filesystem.Modes.Readable));
        Ok(fs.ChangeDirectoryPermissionsAt(s.Root, PFlags.None, "a/b", Filesystem.Modes.Readable | Filesystem.Modes.Executable | Filesystem.Modes.Writable));
        Ok(fs.AccessAt(s.Root, PFlags.None, "a/file.txt", Filesystem.AccessType.Exists.Instance));
        Ok(fs.AccessAt(s.Root, PFlags.None, "a/file.txt", new Filesystem.AccessType.Access(Filesystem.Modes.Readable | Filesystem.Modes.Writable)));
        Err(Code.NoEntry, fs.AccessAt(s.Root, PFlags.None, "nope", Filesystem.AccessType.Exists.Instance));
        Err(Code.IsDirectory, fs.UnlinkFileAt(s.Root, "a"));
        Err(Code.NotDirectory, fs.RemoveDirectoryAt(s.Root, "a/file.txt"));
        Err(Code.NoEntry, fs.UnlinkFileAt(s.Root, "nope"));
        Err(Code.Invalid, fs.ReadlinkAt(s.Root, "a/file.txt"));
        Err(Code.NotPermitted, fs.RemoveDirectoryAt(s.Root, "."));
        Err(Code.NotPermitted, fs.RenameAt(s.Root, ".", s.Root, "x"));
        Ok(fs.UnlinkFileAt(s.Root, "a/file.txt"));
        Ok(fs.RemoveDirectoryAt(s.Root, "a/b"));
        Assert.Equal(new[] { "a" }, Directory.GetFileSystemEntries(s.RootPath).Select(Path.GetFileName).ToArray());
        Assert.Empty(Directory.GetFileSystemEntries(s.In("a")));
    }
}
