using System;
using System.Collections.Generic;

namespace WitBindgen.Wasi.Preview1Host;

/// <summary>What a preview-1 file descriptor stands for.</summary>
internal enum FdKind
{
    Stdin,
    Stdout,
    Stderr,
    Directory,
    File,
}

/// <summary>
/// One preview-1 file descriptor: a seed-world handle (a stream for stdio, a <c>descriptor</c> otherwise) plus the
/// state preview 1 keeps and preview 2 does not: a file's position, append and non-blocking modes, a preopen's name.
/// </summary>
internal sealed class FdEntry
{
    public FdEntry(FdKind kind, uint handle)
    {
        Kind = kind;
        Handle = handle;
    }

    public FdKind Kind { get; }

    /// <summary>The seed-world handle: the stream of stdio, the <c>descriptor</c> of a directory or file.</summary>
    public uint Handle { get; }

    /// <summary>For stdio: whether it is a real terminal (then a character device, else of unknown type).</summary>
    public bool IsTerminal { get; init; }

    /// <summary>For a preopened directory: the name the guest sees (<c>fd_prestat_dir_name</c>).</summary>
    public string? PreopenPath { get; init; }

    /// <summary>For a file: the current offset.</summary>
    public ulong Position { get; set; }

    /// <summary>For a file: every write appends.</summary>
    public bool Append { get; set; }

    /// <summary>For a file: <c>FDFLAGS_NONBLOCK</c> was asked for (reported, not acted on: file I/O does not block).</summary>
    public bool NonBlocking { get; set; }

    /// <summary>
    /// For a directory: the listing <c>fd_readdir</c> continues from when the next call asks for the cookie where the
    /// last one stopped (a <c>directory-entry-stream</c> handle); the index the stream's next entry has; and the last
    /// entry read, which may have been cut off at the end of the buffer.
    /// </summary>
    public uint? Listing { get; set; }

    public ulong ListingNext { get; set; }

    public (ulong Index, Filesystem.DirectoryEntry Entry)? ListingLast { get; set; }

    public bool IsStdio => Kind is FdKind.Stdin or FdKind.Stdout or FdKind.Stderr;
}

/// <summary>
/// The preview-1 descriptor table of one instance, numbered as wasmtime numbers it: stdin 0, stdout 1, stderr 2, the
/// preopens from 3 in order; a new descriptor takes the highest number freed so far, else one past the highest in use.
/// Its size is bounded by the seed-world handle table behind it (every entry holds a handle).
/// </summary>
internal sealed class FdTable
{
    private readonly Dictionary<uint, FdEntry> _entries = new();
    private readonly SortedSet<uint> _used = new();
    private readonly SortedSet<uint> _free = new();

    public int Count => _entries.Count;

    public bool TryGet(uint fd, out FdEntry entry) => _entries.TryGetValue(fd, out entry!);

    /// <summary>Adds <paramref name="entry"/> under the next number; false if every u32 is in use.</summary>
    public bool TryPush(FdEntry entry, out uint fd)
    {
        if (_free.Count > 0)
        {
            fd = _free.Max;
            _free.Remove(fd);
        }
        else if (_used.Count == 0)
        {
            fd = 0;
        }
        else if (_used.Max < uint.MaxValue)
        {
            fd = _used.Max + 1;
        }
        else if (!TryFindUnused(out fd))
        {
            return false;
        }
        _entries.Add(fd, entry);
        _used.Add(fd);
        return true;
    }

    private bool TryFindUnused(out uint fd)
    {
        // Reached only when u32::MAX itself is in use (fd_renumber put something there): search downwards.
        for (fd = uint.MaxValue - 1; fd > 0; fd--)
            if (!_entries.ContainsKey(fd)) return true;
        return !_entries.ContainsKey(fd = 0);
    }

    /// <summary>Removes <paramref name="fd"/> (its number becomes free); the caller drops the handle.</summary>
    public FdEntry? Remove(uint fd)
    {
        if (!_entries.Remove(fd, out var entry)) return null;
        _used.Remove(fd);
        _free.Add(fd);
        return entry;
    }

    /// <summary>Moves <paramref name="from"/> to <paramref name="to"/>, which must be in use; returns what <paramref name="to"/> held.</summary>
    public FdEntry Renumber(uint from, uint to)
    {
        var moving = _entries[from];
        var replaced = _entries[to];
        _entries.Remove(from);
        _used.Remove(from);
        _free.Add(from);
        _entries[to] = moving;
        return replaced;
    }

    /// <summary>Every entry (to drop them all).</summary>
    public IEnumerable<FdEntry> Entries => _entries.Values;
}
