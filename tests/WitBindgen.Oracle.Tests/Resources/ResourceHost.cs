using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Oracle.Res.Bindings;
using WitBindgen.Runtime;

namespace Oracle.Tests.Resources;

/// <summary>
/// Path A's host of the resource world: the imported <c>cells</c> and <c>tally</c>, the world's own <c>token</c> and the
/// world-level <c>note</c> and <c>mint</c>, behaving and logging exactly as the JavaScript host in <c>res-driver.mjs</c>
/// does, line for line.
/// </summary>
internal sealed class ResourceHost : ICells, ITally, IResImports
{
    private int _nextCell;
    private int _nextCounter;
    private int _nextToken;
    private uint _notes;

    public ResourceHost(List<string> transcript) => Transcript = transcript;

    public List<string> Transcript { get; }

    private void Say(string line) => Transcript.Add(line);

    /// <summary>A string as both drivers print it: printable ASCII as is, every other UTF-16 unit as \u{xxxx}.</summary>
    public static string Quote(string s)
    {
        var b = new StringBuilder("\"");
        foreach (char c in s)
        {
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') b.Append("\\u{").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)).Append('}');
            else b.Append(c);
        }
        return b.Append('"').ToString();
    }

    public static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A cell: its id is its place in the order the host made cells in.</summary>
    public sealed class Cell : Cells.ICell, IDisposable
    {
        private readonly ResourceHost _host;

        public Cell(ResourceHost host, string label, long value)
        {
            _host = host;
            Id = ++host._nextCell;
            CellLabel = label;
            CellValue = value;
            host.Say($"host new {Name}({Quote(label)}, {N(value)})");
        }

        public int Id { get; }

        public string Name => "cell#" + Id.ToString(CultureInfo.InvariantCulture);

        public string CellLabel { get; set; }

        public long CellValue { get; private set; }

        public long Get()
        {
            _host.Say($"host {Name}.get() -> {N(CellValue)}");
            return CellValue;
        }

        public string Label()
        {
            _host.Say($"host {Name}.label() -> {Quote(CellLabel)}");
            return CellLabel;
        }

        public void Add(Cells.ICell other)
        {
            CellValue = unchecked(CellValue + Of(other).CellValue);
            _host.Say($"host {Name}.add({Of(other).Name}) -> {N(CellValue)}");
        }

        public long Absorb(Cells.ICell other)
        {
            CellValue = unchecked(CellValue + Of(other).CellValue);
            _host.Say($"host {Name}.absorb({Of(other).Name}) -> {N(CellValue)}");
            return CellValue;
        }

        public IReadOnlyList<Cells.ICell> Split(uint n)
        {
            _host.Say($"host {Name}.split({n.ToString(CultureInfo.InvariantCulture)})");
            var parts = new List<Cells.ICell>();
            for (int i = 0; i < Math.Min(n, 3u); i++)
                parts.Add(new Cell(_host, $"{CellLabel}.{i.ToString(CultureInfo.InvariantCulture)}", unchecked(CellValue + i)));
            return parts;
        }

        public void Dispose() => _host.Say($"host dispose {Name}");
    }

    private static Cell Of(Cells.ICell cell) => (Cell)cell;

    public Cells.ICell NewCell(string label, long value) => new Cell(this, label, value);

    public Cells.ICell CellMerge(Cells.ICell a, Cells.ICell b)
    {
        Say($"host merge({Of(a).Name}, {Of(b).Name})");
        return new Cell(this, Of(a).CellLabel + "+" + Of(b).CellLabel, unchecked(Of(a).CellValue + Of(b).CellValue));
    }

    public Cells.ICell Make(long value)
    {
        Say($"host make({N(value)})");
        return new Cell(this, "made", value);
    }

    public Cells.Boxed Wrap(Cells.ICell c, string name)
    {
        Say($"host wrap({Of(c).Name}, {Quote(name)})");
        return new Cells.Boxed(name + "!", c);
    }

    public Cells.ICell Unwrap(Cells.Boxed b)
    {
        Say($"host unwrap({Quote(b.Name)}, {Of(b.Item).Name})");
        Of(b.Item).CellLabel = b.Name;
        return b.Item;
    }

    public Result<Cells.ICell, string> Maybe(Cells.ICell? c)
    {
        Say($"host maybe({(c is null ? "none" : Of(c).Name)})");
        if (c is null) return Result.Err("none");
        if (Of(c).CellValue < 0) return Result.Err("negative " + Of(c).CellLabel);
        return Result.Ok(c);
    }

    public long Sum(IReadOnlyList<Cells.ICell> items)
    {
        long total = unchecked(items.Aggregate(0L, (t, c) => t + Of(c).CellValue));
        Say($"host sum([{string.Join(", ", items.Select(c => Of(c).Name))}]) -> {N(total)}");
        return total;
    }

    public Cells.Slot Swap(Cells.Slot s)
    {
        Say("host swap(" + s.Match(() => "empty", c => "full " + Of(c).Name, t => "note " + Quote(t)) + ")");
        return s.Match<Cells.Slot>(
            () => new Cells.Slot.Full(new Cell(this, "fresh", 7)),
            c => new Cells.Slot.Note(Of(c).CellLabel),
            _ => Cells.Slot.Empty.Instance);
    }

    public Cells.ICell Gather(IReadOnlyList<Cells.ICell> items)
    {
        Say($"host gather([{string.Join(", ", items.Select(c => Of(c).Name))}])");
        return new Cell(this, string.Join("&", items.Select(c => Of(c).CellLabel)), unchecked(items.Aggregate(0L, (t, c) => t + Of(c).CellValue)));
    }

    public string? Peek(Cells.ICell? c)
    {
        Say($"host peek({(c is null ? "none" : Of(c).Name)})");
        return c is null ? null : Of(c).CellLabel;
    }

    /// <summary>The host's counter (imported <c>tally</c>), under each of the guest's own counters.</summary>
    public sealed class Counter : Tally.ICounter, IDisposable
    {
        private readonly ResourceHost _host;
        private readonly string _name;

        public Counter(ResourceHost host, long start)
        {
            _host = host;
            _name = "counter#" + (++host._nextCounter).ToString(CultureInfo.InvariantCulture);
            Count = start;
            host.Say($"host new {_name}({N(start)})");
        }

        public long Count { get; private set; }

        public long Bump(long by)
        {
            Count = unchecked(Count + by);
            _host.Say($"host {_name}.bump({N(by)}) -> {N(Count)}");
            return Count;
        }

        public override string ToString() => _name;

        public void Dispose() => _host.Say($"host dispose {_name}");
    }

    public Tally.ICounter NewCounter(long start) => new Counter(this, start);

    public long Read(Tally.ICounter c)
    {
        var counter = (Counter)c;
        Say($"host read({counter}) -> {N(counter.Count)}");
        return counter.Count;
    }

    /// <summary>The world's own resource, which the host implements.</summary>
    public sealed class Token : ResWorld.IToken, IDisposable
    {
        private readonly ResourceHost _host;
        private readonly long _n;

        public Token(ResourceHost host, long n)
        {
            _host = host;
            _n = n;
            Name = "token#" + (++host._nextToken).ToString(CultureInfo.InvariantCulture);
            host.Say($"host new {Name}({ResourceHost.N(n)})");
        }

        public string Name { get; }

        public long N()
        {
            _host.Say($"host {Name}.n() -> {ResourceHost.N(_n)}");
            return _n;
        }

        public void Dispose() => _host.Say($"host dispose {Name}");
    }

    public ResWorld.IToken NewToken(long n) => new Token(this, n);

    public ResWorld.IToken Mint(long n)
    {
        Say($"host mint({N(n)})");
        return new Token(this, n);
    }

    public uint Note(string msg, long n)
    {
        _notes++;
        Say($"host note({Quote(msg)}, {N(n)}) -> {_notes.ToString(CultureInfo.InvariantCulture)}");
        return _notes;
    }
}
