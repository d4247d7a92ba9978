#pragma warning disable CA1416 // Unix only, like the filesystem it tests
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using WitBindgen.Runtime;
using Xunit;
using Code = WitBindgen.Wasi.Bindings.Filesystem.ErrorCode;

namespace WitBindgen.Wasi.Tests;

/// <summary>
/// A temp directory holding <c>root/</c> (the guest's preopen) next to <c>outside/</c> (which nothing may touch),
/// and a context over it whose <see cref="IFilesystem"/> the tests call directly.
/// </summary>
public sealed class FilesystemSandbox : IDisposable
{
    public FilesystemSandbox(bool readOnly = false)
    {
        Base = Directory.CreateTempSubdirectory("wasi-fs-").FullName;
        RootPath = Path.Combine(Base, "root");
        OutsidePath = Path.Combine(Base, "outside");
        Directory.CreateDirectory(RootPath);
        Directory.CreateDirectory(OutsidePath);
        File.WriteAllText(Path.Combine(OutsidePath, "secret.txt"), "secret");
        Directory.CreateDirectory(Path.Combine(RootPath, "a", "b"));
        File.WriteAllText(Path.Combine(RootPath, "a", "file.txt"), "inside");
        Context = new WasiContextBuilder().Preopen(RootPath, "/", readOnly).Build();
        Fs = Context.Host.Filesystem!;
        Root = Context.Filesystem.Preopens[0].Handle;
        OutsideBefore = Snapshot(OutsidePath);
    }

    public string Base { get; }
    public string RootPath { get; }
    public string OutsidePath { get; }
    public WasiContext Context { get; }
    public IFilesystem Fs { get; }
    public uint Root { get; }
    private string OutsideBefore { get; }

    public string In(string relative) => Path.Combine(RootPath, relative);

    public void Link(string relative, string target) => File.CreateSymbolicLink(In(relative), target);

    /// <summary>Everything about the outside directory (and the base directory's listing) that a write could change.</summary>
    private string Snapshot(string dir)
    {
        var sb = new StringBuilder();
        foreach (var entry in Directory.EnumerateFileSystemEntries(Base).Order(StringComparer.Ordinal)) sb.Append(entry).Append('\n');
        foreach (var entry in Directory.EnumerateFileSystemEntries(dir, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }).Order(StringComparer.Ordinal))
        {
            var info = new FileInfo(entry);
            sb.Append(entry).Append(' ').Append(info.Attributes).Append(' ').Append(info.LastWriteTimeUtc.Ticks)
                .Append(' ').Append(File.GetUnixFileMode(entry));
            if (info.Exists) sb.Append(' ').Append(File.ReadAllText(entry));
            sb.Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>Asserts the outside directory is exactly as it was.</summary>
    public void AssertOutsideUntouched() => Assert.Equal(OutsideBefore, Snapshot(OutsidePath));

    public uint Open(string path, Filesystem.OpenFlags open = Filesystem.OpenFlags.None,
        Filesystem.DescriptorFlags flags = Filesystem.DescriptorFlags.Read, uint? at = null) =>
        Ok(Fs.OpenAt(at ?? Root, Filesystem.PathFlags.SymlinkFollow, path, open, flags, Filesystem.Modes.None));

    public static T Ok<T>(Result<T, Code> result)
    {
        Assert.True(result.IsOk, result.IsOk ? "" : $"expected ok, got {result.ErrValue}");
        return result.OkValue;
    }

    public static void Err<T>(Code expected, Result<T, Code> result, string what = "")
    {
        Assert.False(result.IsOk, $"{what}: expected {expected}, got ok");
        Assert.True(expected == result.ErrValue, $"{what}: expected {expected}, got {result.ErrValue}");
    }

    /// <summary>The host's own view of a path (its inode, via the stat the runtime does not expose).</summary>
    public readonly struct Probe
    {
        public Probe(string path)
        {
            var psi = new System.Diagnostics.ProcessStartInfo("stat", new[] { "-c", "%i", path }) { RedirectStandardOutput = true };
            using var process = System.Diagnostics.Process.Start(psi)!;
            Inode = ulong.Parse(process.StandardOutput.ReadToEnd().Trim());
            process.WaitForExit();
        }

        public ulong Inode { get; }
    }

    public void Dispose()
    {
        Context.Dispose();
        var walk = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
        foreach (var dir in Directory.EnumerateDirectories(Base, "*", walk))
            File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.Delete(Base, recursive: true);
    }
}
