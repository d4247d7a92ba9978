using System;
using System.IO;
using Xunit;
using static WitBindgen.Wasi.Tests.FilesystemSandbox;
using Code = WitBindgen.Wasi.Bindings.Filesystem.ErrorCode;
using DFlags = WitBindgen.Wasi.Bindings.Filesystem.DescriptorFlags;
using OFlags = WitBindgen.Wasi.Bindings.Filesystem.OpenFlags;
using PFlags = WitBindgen.Wasi.Bindings.Filesystem.PathFlags;

namespace WitBindgen.Wasi.Tests;

/// <summary>Every path stays beneath its preopen: escapes fail (mostly with not-permitted) and nothing outside changes.</summary>
public class FilesystemEscapeTests
{
    private static readonly Filesystem.NewTimestamp Now = Filesystem.NewTimestamp.Now.Instance;

    /// <summary>Links planted by the host: each leads out of the root (or is an absolute path).</summary>
    private static void PlantLinks(FilesystemSandbox s)
    {
        s.Link("link-root", "/");
        s.Link("link-up", "..");
        s.Link("abs-dir", s.OutsidePath);
        s.Link("abs-file", Path.Combine(s.OutsidePath, "secret.txt"));
        s.Link("rel-file", "../outside/secret.txt");
        s.Link("chain1", "chain2");
        s.Link("chain2", "a/chain3");
        s.Link("a/chain3", "../../outside");
        s.Link("a/deep", "b/../../../outside");
    }

    /// <summary>Calls every function that takes a path with <paramref name="path"/>, expecting <paramref name="expected"/> from each.</summary>
    private static void AssertEveryFunctionRefuses(FilesystemSandbox s, string path, Code expected, bool followOnly = false)
    {
        var fs = s.Fs;
        var r = s.Root;
        foreach (var follow in followOnly ? new[] { PFlags.SymlinkFollow } : new[] { PFlags.None, PFlags.SymlinkFollow })
        {
            Err(expected, fs.OpenAt(r, follow, path, OFlags.None, DFlags.Read, Filesystem.Modes.None), "open-at read");
            Err(expected, fs.OpenAt(r, follow, path, OFlags.Create | OFlags.Truncate, DFlags.Read | DFlags.Write, Filesystem.Modes.None), "open-at create");
            Err(expected, fs.OpenAt(r, follow, path, OFlags.Directory, DFlags.Read, Filesystem.Modes.None), "open-at directory");
            Err(expected, fs.StatAt(r, follow, path), "stat-at");
            Err(expected, fs.SetTimesAt(r, follow, path, Now, Now), "set-times-at");
            Err(expected, fs.AccessAt(r, follow, path, Filesystem.AccessType.Exists.Instance), "access-at");
            Err(expected, fs.ChangeFilePermissionsAt(r, follow, path, Filesystem.Modes.Readable), "change-file-permissions-at");
            Err(expected, fs.ChangeDirectoryPermissionsAt(r, follow, path, Filesystem.Modes.Readable), "change-directory-permissions-at");
            Err(expected, fs.LinkAt(r, follow, path, r, "stolen"), "link-at old");
        }
        if (followOnly) return;
        Err(expected, fs.CreateDirectoryAt(r, path + "/new"), "create-directory-at");
        Err(expected, fs.UnlinkFileAt(r, path), "unlink-file-at");
        Err(expected, fs.RemoveDirectoryAt(r, path), "remove-directory-at");
        Err(expected, fs.ReadlinkAt(r, path), "readlink-at");
        Err(expected, fs.SymlinkAt(r, "a", path + "/x"), "symlink-at new");
        Err(expected, fs.LinkAt(r, PFlags.None, "a/file.txt", r, path), "link-at new");
        Err(expected, fs.RenameAt(r, path, r, "stolen"), "rename-at old");
        Err(expected, fs.RenameAt(r, "a/file.txt", r, path), "rename-at new");
        Assert.True(File.Exists(s.In("a/file.txt")));
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("..")]
    [InlineData("../")]
    [InlineData("./../")]
    [InlineData("a/../../x")]
    [InlineData("a/./b/../../../outside/secret.txt")]
    [InlineData("../outside/secret.txt")]
    [InlineData("../outside")]
    [InlineData("a/b/../../..")]
    [InlineData("/etc/passwd")]
    [InlineData("/")]
    [InlineData("//etc")]
    [InlineData("link-root/etc/passwd")]
    [InlineData("link-root/tmp")]
    [InlineData("link-up/outside/secret.txt")]
    [InlineData("link-up/root/a/file.txt")]
    [InlineData("abs-dir/secret.txt")]
    [InlineData("chain1/secret.txt")]
    [InlineData("a/deep/secret.txt")]
    [InlineData("a/chain3/new-file")]
    public void Paths_leading_out_are_refused_by_every_function(string path)
    {
        using var s = new FilesystemSandbox();
        PlantLinks(s);
        AssertEveryFunctionRefuses(s, path, Code.NotPermitted);
        s.AssertOutsideUntouched();
    }

    [Theory]
    [InlineData("link-root")]
    [InlineData("link-up")]
    [InlineData("abs-dir")]
    [InlineData("abs-file")]
    [InlineData("rel-file")]
    [InlineData("chain1")]
    [InlineData("a/deep")]
    public void Symlinks_leading_out_are_refused_when_followed_and_are_only_links_otherwise(string link)
    {
        using var s = new FilesystemSandbox();
        PlantLinks(s);
        AssertEveryFunctionRefuses(s, link, Code.NotPermitted, followOnly: true);
        AssertEveryFunctionRefuses(s, link + "/", Code.NotPermitted, followOnly: true);
        // Not followed: the link itself, inside the sandbox: stat says so, readlink reads its text, open refuses it.
        Assert.Equal(Filesystem.DescriptorType.SymbolicLink, Ok(s.Fs.StatAt(s.Root, PFlags.None, link)).Type);
        Assert.Equal(new FileInfo(s.In(link)).LinkTarget, Ok(s.Fs.ReadlinkAt(s.Root, link)));
        Err(Code.Loop, s.Fs.OpenAt(s.Root, PFlags.None, link, OFlags.None, DFlags.Read, Filesystem.Modes.None));
        Err(Code.Loop, s.Fs.OpenAt(s.Root, PFlags.None, link, OFlags.Create | OFlags.Truncate, DFlags.Write, Filesystem.Modes.None));
        // Renaming and removing the link itself is fine and leaves its target alone.
        Ok(s.Fs.RenameAt(s.Root, link, s.Root, "renamed"));
        Ok(s.Fs.UnlinkFileAt(s.Root, "renamed"));
        s.AssertOutsideUntouched();
    }

    [Fact]
    public void A_link_the_guest_makes_pointing_out_is_never_followed()
    {
        using var s = new FilesystemSandbox();
        Ok(s.Fs.SymlinkAt(s.Root, "../outside/secret.txt", "mine"));
        Ok(s.Fs.SymlinkAt(s.Root, "../../outside", "a/mine-dir"));
        Assert.Equal("../outside/secret.txt", Ok(s.Fs.ReadlinkAt(s.Root, "mine")));
        AssertEveryFunctionRefuses(s, "mine", Code.NotPermitted, followOnly: true);
        AssertEveryFunctionRefuses(s, "a/mine-dir/secret.txt", Code.NotPermitted);
        Err(Code.NotPermitted, s.Fs.RenameAt(s.Root, "a/file.txt", s.Root, "a/mine-dir/file.txt"));
        Err(Code.NotPermitted, s.Fs.SymlinkAt(s.Root, s.OutsidePath, "absolute"));
        Err(Code.NotPermitted, s.Fs.SymlinkAt(s.Root, "/", "absolute"));
        Assert.False(File.Exists(s.In("absolute")) || Directory.Exists(s.In("absolute")));
        s.AssertOutsideUntouched();
    }

    [Fact]
    public void Link_loops_and_long_chains_fail_with_loop()
    {
        using var s = new FilesystemSandbox();
        s.Link("loop1", "loop2");
        s.Link("loop2", "loop1");
        s.Link("self", "./self");
        Err(Code.Loop, s.Fs.OpenAt(s.Root, PFlags.SymlinkFollow, "loop1", OFlags.None, DFlags.Read, Filesystem.Modes.None));
        Err(Code.Loop, s.Fs.StatAt(s.Root, PFlags.SymlinkFollow, "self"));
        Err(Code.Loop, s.Fs.StatAt(s.Root, PFlags.None, "loop1/x"));
        Assert.Equal(Filesystem.DescriptorType.SymbolicLink, Ok(s.Fs.StatAt(s.Root, PFlags.None, "loop1")).Type);
    }

    [Fact]
    public void A_directory_descriptor_cannot_climb_above_the_root_either()
    {
        using var s = new FilesystemSandbox();
        var a = s.Open("a", OFlags.Directory);
        Assert.Equal(Filesystem.DescriptorType.Directory, Ok(s.Fs.StatAt(a, PFlags.None, "..")).Type);
        Ok(s.Fs.StatAt(a, PFlags.None, "../a/file.txt"));
        Err(Code.NotPermitted, s.Fs.StatAt(a, PFlags.None, "../.."));
        Err(Code.NotPermitted, s.Fs.OpenAt(a, PFlags.None, "../../outside/secret.txt", OFlags.None, DFlags.Read, Filesystem.Modes.None));
        Err(Code.NotPermitted, s.Fs.OpenAt(a, PFlags.None, "b/../../../x", OFlags.Create, DFlags.Write, Filesystem.Modes.None));
        Err(Code.NotPermitted, s.Fs.RenameAt(a, "file.txt", s.Root, "../stolen"));
        Err(Code.NotPermitted, s.Fs.RenameAt(s.Root, "a/file.txt", a, "../../stolen"));
        var b = s.Open("b", OFlags.Directory, at: a);
        Err(Code.NotPermitted, s.Fs.CreateDirectoryAt(b, "../../../made"));
        Assert.False(Directory.Exists(Path.Combine(s.Base, "made")));
        s.AssertOutsideUntouched();
    }

    [Fact]
    public void A_directory_swapped_for_a_link_out_after_it_was_opened_is_caught_by_the_real_path_check()
    {
        using var s = new FilesystemSandbox();
        var a = s.Open("a", OFlags.Directory);
        Directory.Move(s.In("a"), s.In("a-moved"));
        s.Link("a", s.OutsidePath);
        Err(Code.NotPermitted, s.Fs.StatAt(a, PFlags.None, "secret.txt"));
        Err(Code.NotPermitted, s.Fs.OpenAt(a, PFlags.None, "secret.txt", OFlags.None, DFlags.Read, Filesystem.Modes.None));
        Err(Code.NotPermitted, s.Fs.OpenAt(a, PFlags.None, "new.txt", OFlags.Create, DFlags.Write, Filesystem.Modes.None));
        Err(Code.NotPermitted, s.Fs.UnlinkFileAt(a, "secret.txt"));
        Err(Code.NotPermitted, s.Fs.ReadDirectory(a));
        Assert.False(s.Fs.TryLockExclusive(a).IsOk);
        Assert.False(s.Fs.SetTimes(a, Now, Now).IsOk);
        s.AssertOutsideUntouched();
    }

    [Fact]
    public void A_directory_swapped_for_a_link_out_while_the_guest_works_never_lets_a_change_out()
    {
        using var s = new FilesystemSandbox();
        using var stop = new System.Threading.CancellationTokenSource();
        var swaps = 0;
        var swapper = new System.Threading.Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                Directory.Move(s.In("a"), s.In("a-real"));
                File.CreateSymbolicLink(s.In("a"), s.OutsidePath);
                File.Delete(s.In("a"));
                Directory.Move(s.In("a-real"), s.In("a"));
                swaps++;
            }
        });
        swapper.Start();
        try
        {
            var fs = s.Fs;
            for (var i = 0; i < 1500; i++)
            {
                var opened = fs.OpenAt(s.Root, PFlags.None, $"a/f{i}", OFlags.Create, DFlags.Write, Filesystem.Modes.None);
                if (opened.IsOk)
                {
                    fs.Write(opened.OkValue, "x"u8, 0);
                    fs.DropDescriptor(opened.OkValue);
                }
                fs.CreateDirectoryAt(s.Root, $"a/d{i}");
                fs.SymlinkAt(s.Root, "x", $"a/l{i}");
                fs.SetTimesAt(s.Root, PFlags.None, "a/secret.txt", Now, Now);
                fs.ChangeFilePermissionsAt(s.Root, PFlags.None, "a/secret.txt", Filesystem.Modes.None);
                fs.UnlinkFileAt(s.Root, "a/secret.txt");
                fs.RenameAt(s.Root, "a/secret.txt", s.Root, "stolen.txt");
                fs.LinkAt(s.Root, PFlags.None, "a/secret.txt", s.Root, $"hard{i}");
                Assert.False(fs.ReadlinkAt(s.Root, "a/secret.txt").IsOk);
            }
        }
        finally
        {
            stop.Cancel();
            swapper.Join();
        }
        Assert.True(swaps > 0);
        Assert.False(File.Exists(s.In("stolen.txt")));
        Assert.Empty(Directory.GetFiles(s.RootPath, "hard*"));
        s.AssertOutsideUntouched();
    }

    [Fact]
    public void Nul_bytes_and_overlong_paths_are_refused()
    {
        using var s = new FilesystemSandbox();
        Err(Code.IllegalByteSequence, s.Fs.StatAt(s.Root, PFlags.None, "a\0/../../outside"));
        Err(Code.IllegalByteSequence, s.Fs.OpenAt(s.Root, PFlags.None, "x\0y", OFlags.Create, DFlags.Write, Filesystem.Modes.None));
        Err(Code.IllegalByteSequence, s.Fs.SymlinkAt(s.Root, "a\0", "l"));
        Err(Code.NameTooLong, s.Fs.StatAt(s.Root, PFlags.None, string.Concat(System.Linq.Enumerable.Repeat("a/", 3000))));
        Err(Code.NameTooLong, s.Fs.OpenAt(s.Root, PFlags.None, new string('x', 300), OFlags.Create, DFlags.Write, Filesystem.Modes.None));
        Err(Code.NameTooLong, s.Fs.StatAt(s.Root, PFlags.None, string.Concat(System.Linq.Enumerable.Repeat("../", 2000)) + "etc"));
        Err(Code.NoEntry, s.Fs.StatAt(s.Root, PFlags.None, ""));
        Assert.Equal(new[] { "a" }, Array.ConvertAll(Directory.GetFileSystemEntries(s.RootPath), p => Path.GetFileName(p)!));
        s.AssertOutsideUntouched();
    }

    [Fact]
    public void A_read_only_preopen_refuses_every_change()
    {
        using var s = new FilesystemSandbox(readOnly: true);
        var fs = s.Fs;
        var r = s.Root;
        Assert.Equal(DFlags.Read, Ok(fs.GetFlags(r)));
        Err(Code.ReadOnly, fs.OpenAt(r, PFlags.None, "new.txt", OFlags.Create, DFlags.Write, Filesystem.Modes.None), "create");
        Err(Code.ReadOnly, fs.OpenAt(r, PFlags.None, "a/file.txt", OFlags.None, DFlags.Write, Filesystem.Modes.None), "write");
        Err(Code.ReadOnly, fs.OpenAt(r, PFlags.None, "a/file.txt", OFlags.Truncate, DFlags.Read, Filesystem.Modes.None), "truncate");
        Err(Code.ReadOnly, fs.OpenAt(r, PFlags.None, "a", OFlags.Directory, DFlags.Read | DFlags.MutateDirectory, Filesystem.Modes.None), "mutate");
        Err(Code.ReadOnly, fs.CreateDirectoryAt(r, "d"));
        Err(Code.ReadOnly, fs.UnlinkFileAt(r, "a/file.txt"));
        Err(Code.ReadOnly, fs.RemoveDirectoryAt(r, "a/b"));
        Err(Code.ReadOnly, fs.RenameAt(r, "a/file.txt", r, "moved"));
        Err(Code.ReadOnly, fs.LinkAt(r, PFlags.None, "a/file.txt", r, "hard"));
        Err(Code.ReadOnly, fs.SymlinkAt(r, "a", "soft"));
        Err(Code.ReadOnly, fs.SetTimesAt(r, PFlags.None, "a/file.txt", Now, Now));
        Err(Code.ReadOnly, fs.ChangeFilePermissionsAt(r, PFlags.None, "a/file.txt", Filesystem.Modes.Readable));
        Err(Code.ReadOnly, fs.ChangeDirectoryPermissionsAt(r, PFlags.None, "a", Filesystem.Modes.Readable));
        Err(Code.ReadOnly, fs.AccessAt(r, PFlags.None, "a/file.txt", new Filesystem.AccessType.Access(Filesystem.Modes.Writable)));
        Ok(fs.AccessAt(r, PFlags.None, "a/file.txt", new Filesystem.AccessType.Access(Filesystem.Modes.Readable)));
        // Reading works; the file descriptor it gives refuses writes too, and so does a directory beneath.
        var file = s.Open("a/file.txt");
        Assert.Equal("inside", System.Text.Encoding.UTF8.GetString(Ok(fs.Read(file, 100, 0)).Item1.Span));
        Err(Code.ReadOnly, fs.Write(file, "x"u8, 0));
        Err(Code.ReadOnly, fs.SetSize(file, 0));
        Err(Code.ReadOnly, fs.SetTimes(file, Now, Now));
        var a = s.Open("a", OFlags.Directory);
        Err(Code.ReadOnly, fs.CreateDirectoryAt(a, "d"));
        Err(Code.ReadOnly, fs.UnlinkFileAt(a, "file.txt"));
        var stream = fs.WriteViaStream(file, 0);
        Assert.False(s.Context.Host.Streams!.Write(stream, "x"u8).IsOk);
        Assert.Equal("inside", File.ReadAllText(s.In("a/file.txt")));
        Assert.Equal(new[] { "a" }, Array.ConvertAll(Directory.GetFileSystemEntries(s.RootPath), p => Path.GetFileName(p)!));
    }

    [Fact]
    public void Handles_that_are_not_live_descriptors_are_bad_descriptors()
    {
        using var s = new FilesystemSandbox();
        var fs = s.Fs;
        var file = s.Open("a/file.txt");
        var listing = Ok(fs.ReadDirectory(s.Root));
        fs.DropDescriptor(file);
        foreach (var handle in new[] { 999u, file, s.Context.Cli.StdinHandle, s.Context.Clocks.TimezoneHandle, listing })
        {
            Err(Code.BadDescriptor, fs.GetType(handle));
            Err(Code.BadDescriptor, fs.Stat(handle));
            Err(Code.BadDescriptor, fs.StatAt(handle, PFlags.None, "a"));
            Err(Code.BadDescriptor, fs.Read(handle, 1, 0));
            Err(Code.BadDescriptor, fs.LockShared(handle));
            Err(Code.BadDescriptor, fs.RenameAt(s.Root, "a/file.txt", handle, "x"));
            Err(Code.BadDescriptor, fs.LinkAt(s.Root, PFlags.None, "a/file.txt", handle, "x"));
        }
        Err(Code.BadDescriptor, fs.ReadDirectoryEntry(s.Root));
        var trap = Assert.Throws<WitBindgen.Runtime.Abi.WitTrapException>(() => fs.ReadViaStream(999, 0));
        Assert.Contains("not a descriptor", trap.Message);
        // A file is not a directory to resolve paths from.
        var again = s.Open("a/file.txt");
        Err(Code.NotDirectory, fs.StatAt(again, PFlags.None, "x"));
        Err(Code.NotDirectory, fs.OpenAt(again, PFlags.None, "..", OFlags.None, DFlags.Read, Filesystem.Modes.None));
        fs.DropDescriptor(s.Root);
        Err(Code.BadDescriptor, fs.StatAt(s.Root, PFlags.None, "a"));
    }
}
