using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Oracle.Res.Bindings;
using Wasmtime;
using WitBindgen.Runtime;
using WitBindgen.Runtime.Abi;

namespace Oracle.Tests.Resources;

/// <summary>What both paths of the resource oracle share: where prepare.sh put the guest and jco's transpiled component.</summary>
internal static class ResourceFiles
{
    public static readonly string[] Namings = { "legacy", "cm32p2" };

    public static string Out => Path.Combine(ComponentBuilder.ProjectDirectory, "out", "res");

    public static string Guest(string naming) => Existing(Path.Combine(Out, $"guest-{naming}.wasm"));

    public static string Transpiled(string naming) => Path.GetDirectoryName(Existing(Path.Combine(Out, $"js-{naming}", "res.js")))!;

    private static string Existing(string path) => File.Exists(path)
        ? path
        : throw new InvalidOperationException($"{path} is missing: run {Path.Combine(ComponentBuilder.ProjectDirectory, "prepare.sh")} first");
}

/// <summary>
/// Path A: the core guest on Wasmtime's core API through WitBindgen's generated glue, with <see cref="ResourceHost"/>;
/// runs a script as res-driver.mjs does and gives the same kind of transcript.
/// </summary>
internal sealed class ResourceCorePath : IDisposable
{
    private readonly Engine _engine = new();
    private readonly Store _store;
    private readonly List<string> _out = new();
    private readonly AccsExports _accs;
    private readonly ResExports _world;
    private readonly TallyExports _tally;
    private readonly ResourceHost _host;
    private readonly List<Accs.Acc> _pool = new();

    /// <summary>The host's own cells, which it moves into and lends to the guest's exports.</summary>
    private readonly List<ResourceHost.Cell> _cells = new();

    /// <summary>The guest's counters (the exported <c>tally</c>).</summary>
    private readonly List<TallyExport.Counter> _counters = new();

    /// <summary>Accs the host gave up (moved to the guest or dropped): using one again must be refused.</summary>
    private readonly List<Accs.Acc> _graveyard = new();

    public ResourceCorePath(string naming)
    {
        _store = new Store(_engine);
        using var linker = new Linker(_engine);
        using var module = Module.FromFile(_engine, ResourceFiles.Guest(naming));
        var context = new GuestContext();
        var host = _host = new ResourceHost(_out);
        new ResHost { Cells = host, Tally = host, Functions = host }.AddToLinker(linker, context);
        var instance = linker.Instantiate(_store, module);
        _accs = new AccsExports(instance, context);
        _world = new ResExports(instance, context);
        _tally = new TallyExports(instance, context);
    }

    public void Dispose()
    {
        _store.Dispose();
        _engine.Dispose();
    }

    public IReadOnlyList<string> Run(IReadOnlyList<ScriptOp> ops)
    {
        try
        {
            for (int k = 0; k < ops.Count; k++)
            {
                _out.Add($"op {k} {ops[k].Op}");
                _out.Add("= " + Step(ops[k]));
                Log();
            }
            _out.Add("op end dispose all");
            foreach (var acc in _pool) acc.Dispose();
            _pool.Clear();
            foreach (var counter in _counters) counter.Dispose();
            _counters.Clear();
            _out.Add("= live " + _accs.Live());
            Log();
        }
        catch (Exception e) when (e is WasmtimeException or WitTrapException or ObjectDisposedException)
        {
            _out.Add("= trap");
            // A trap in a host function the guest called comes wrapped in Wasmtime's backtrace: the glue's message.
            var trap = e is WasmtimeException { InnerException: WitTrapException inner } ? inner : e;
            _out.Add("# " + trap.Message.Split('\n')[0]);
        }
        return _out;
    }

    /// <summary>The guest's log since the last step (our host lets the instance be called again after a trap).</summary>
    public IReadOnlyList<ulong> GuestLog() => _accs.TakeLog();

    private void Log() => _out.Add("log " + string.Join(" ", _accs.TakeLog().Select(w => w.ToString("x", System.Globalization.CultureInfo.InvariantCulture))));

    private int At(int i) => i % _pool.Count;

    private int Other(int i, int j)
    {
        int k = j % _pool.Count;
        return k == At(i) ? (k + 1) % _pool.Count : k;
    }

    private Accs.Acc Take(int k)
    {
        var acc = _pool[k];
        _pool.RemoveAt(k);
        _graveyard.Add(acc);
        return acc;
    }

    private static string Q(string s) => ResourceHost.Quote(s);

    private static string N(long v) => ResourceHost.N(v);

    private string Step(ScriptOp op)
    {
        switch (op.Op)
        {
            case "new":
                _pool.Add(_accs.NewAcc(op.Text, op.Value));
                return "acc";
            case "value":
                return _pool.Count == 0 ? "skip" : N(_pool[At(op.I)].Value());
            case "label":
                return _pool.Count == 0 ? "skip" : Q(_pool[At(op.I)].Label());
            case "add":
                if (_pool.Count < 2) return "skip";
                _pool[At(op.I)].Add(_pool[Other(op.I, op.J)]);
                return "()";
            case "absorb":
            {
                if (_pool.Count < 2) return "skip";
                var a = _pool[At(op.I)];
                int k = Other(op.I, op.J);
                long v = a.Absorb(_pool[k]);
                Take(k);
                return N(v);
            }
            case "split":
            {
                if (_pool.Count == 0) return "skip";
                var parts = _pool[At(op.I)].Split(op.N);
                _pool.AddRange(parts);
                return $"list {parts.Count}";
            }
            case "merge":
            {
                if (_pool.Count < 2) return "skip";
                int k = At(op.I);
                var b = _pool[Other(op.I, op.J)];
                var m = _accs.AccMerge(_pool[k], b);
                Take(k);
                _pool.Add(m);
                return "acc";
            }
            case "merge-self":
            {
                // The same acc as the own and the borrowed argument: the own one moves first, so the borrow finds it gone.
                if (_pool.Count == 0) return "skip";
                int k = At(op.I);
                try
                {
                    _pool.Add(_accs.AccMerge(_pool[k], _pool[k]));
                }
                catch (ObjectDisposedException)
                {
                    Take(k);
                    return "refused";
                }
                return "acc";
            }
            case "make":
                _pool.Add(_accs.Make(op.Value));
                return "acc";
            case "wrap":
            {
                if (_pool.Count == 0) return "skip";
                int k = At(op.I);
                var boxed = _accs.Wrap(_pool[k], op.Text);
                Take(k);
                _pool.Add(boxed.Item);
                return "boxed " + Q(boxed.Name);
            }
            case "unwrap":
            {
                if (_pool.Count == 0) return "skip";
                int k = At(op.I);
                var acc = _accs.Unwrap(new Accs.Boxed(op.Text, _pool[k]));
                Take(k);
                _pool.Add(acc);
                return "acc";
            }
            case "maybe":
            {
                int k = op.Some && _pool.Count > 0 ? At(op.I) : -1;
                var r = _accs.Maybe(k >= 0 ? _pool[k] : null);
                if (k >= 0) Take(k);
                if (r.TryGetErr(out var error)) return "err " + Q(error);
                _pool.Add(r.OkValue);
                return "ok acc";
            }
            case "sum":
                return _pool.Count == 0 ? "skip" : N(_accs.Sum(op.Items.Select(i => _pool[At(i)]).ToList()));
            case "swap":
            {
                int k = -1;
                Accs.Slot s;
                if (op.Kind == 1)
                {
                    if (_pool.Count == 0) return "skip";
                    k = At(op.I);
                    s = new Accs.Slot.Full(_pool[k]);
                }
                else s = op.Kind == 0 ? Accs.Slot.Empty.Instance : new Accs.Slot.Note(op.Text);
                var r = _accs.Swap(s);
                if (k >= 0) Take(k);
                return r.Match(() => "empty", acc =>
                {
                    _pool.Add(acc);
                    return "full acc";
                }, text => "note " + Q(text));
            }
            case "gather":
            {
                // Distinct accs (an own cannot be given twice), in the order first named; then out of the pool, last first.
                if (_pool.Count == 0) return "skip";
                var ks = op.Items.Select(At).Distinct().ToList();
                _pool.Add(_accs.Gather(ks.Select(k => _pool[k]).ToList()));
                foreach (var k in ks.OrderByDescending(k => k)) Take(k);
                return "acc";
            }
            case "peek":
            {
                var r = _accs.Peek(op.Some && _pool.Count > 0 ? _pool[At(op.I)] : null);
                return r is null ? "none" : "some " + Q(r);
            }
            case "drop":
                if (_pool.Count == 0) return "skip";
                Take(At(op.I)).Dispose();
                return "()";
            case "live":
                return _accs.Live().ToString(System.Globalization.CultureInfo.InvariantCulture);
            case "misuse":
                _pool.Add(_accs.Misuse((uint)op.I));
                return "acc";
            case "stale":
                if (_graveyard.Count == 0) return "skip";
                try
                {
                    _graveyard[op.I % _graveyard.Count].Value();
                }
                catch (ObjectDisposedException)
                {
                    return "refused";
                }
                return "not refused";
            case "cell":
                _cells.Add(new ResourceHost.Cell(_host, op.Text, op.Value));
                return "cell";
            case "adopt":
            {
                // The host's cell moves into the guest (own): the host no longer holds it.
                if (_cells.Count == 0) return "skip";
                int k = op.I % _cells.Count;
                var cell = _cells[k];
                _cells.RemoveAt(k);
                _pool.Add(_accs.Adopt(cell));
                return "acc";
            }
            case "release":
            {
                if (_pool.Count == 0) return "skip";
                var cell = (ResourceHost.Cell)_accs.Release(_pool[At(op.I)]);
                Take(At(op.I));
                _cells.Add(cell);
                return cell.Name;
            }
            case "look":
                return _cells.Count == 0 ? "skip" : N(_accs.Look(_cells[op.I % _cells.Count]));
            case "copy":
            {
                if (_cells.Count == 0) return "skip";
                var cell = (ResourceHost.Cell)_accs.Copy(op.Items.Select(i => (Cells.ICell)_cells[i % _cells.Count]).ToList());
                _cells.Add(cell);
                return cell.Name;
            }
            case "add-cell":
                if (_pool.Count == 0 || _cells.Count == 0) return "skip";
                _pool[At(op.I)].AddCell(_cells[op.J % _cells.Count]);
                return "()";
            case "misuse-lent":
            {
                if (_cells.Count == 0) return "skip";
                var cell = (ResourceHost.Cell)_accs.MisuseLent(_cells[op.I % _cells.Count], (uint)op.Kind);
                _cells.Add(cell);
                return cell.Name;
            }
            case "counter":
                _counters.Add(_tally.NewCounter(op.Value));
                return "counter";
            case "bump":
                return _counters.Count == 0 ? "skip" : N(_counters[op.I % _counters.Count].Bump(op.Value));
            case "read":
                return _counters.Count == 0 ? "skip" : N(_tally.Read(_counters[op.I % _counters.Count]));
            case "counter-drop":
            {
                if (_counters.Count == 0) return "skip";
                int k = op.I % _counters.Count;
                var counter = _counters[k];
                _counters.RemoveAt(k);
                counter.Dispose();
                return "()";
            }
            case "spend":
                return N(_world.Spend(new ResourceHost.Token(_host, op.Value)));
            case "inspect":
                return N(_world.Inspect(new ResourceHost.Token(_host, op.Value)));
            case "fold":
            {
                var (sum, label) = _world.Fold(op.Values, op.Text);
                return $"({N(sum)}, {Q(label)})";
            }
            default:
                throw new InvalidOperationException("unknown op " + op.Op);
        }
    }
}

/// <summary>Path B: jco 1.35.0's transpiled component in node, with res-driver.mjs's JavaScript host.</summary>
internal static class ResourceJcoPath
{
    public static IReadOnlyList<string> Run(string naming, IReadOnlyList<ScriptOp> ops)
    {
        // The script stays in the output folder, named by its content, to rerun by hand when the transcripts differ.
        var dir = Path.Combine(AppContext.BaseDirectory, "res-scripts");
        Directory.CreateDirectory(dir);
        var json = ResourceScript.Json(ops);
        var script = Path.Combine(dir, Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(json)))[..16].ToLowerInvariant() + ".json");
        File.WriteAllText(script, json);
        var project = ComponentBuilder.ProjectDirectory;
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = project,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { Path.Combine(project, "Resources", "res-driver.mjs"), ResourceFiles.Transpiled(naming), script })
            start.ArgumentList.Add(arg);
        using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        if (!node.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            node.Kill(entireProcessTree: true);
            throw new TimeoutException("res-driver.mjs took more than 2 minutes");
        }
        if (node.ExitCode != 0)
            throw new InvalidOperationException($"res-driver.mjs failed ({node.ExitCode}):\n{stderr.Result}");
        var lines = stdout.Result.Split('\n').ToList();
        if (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        if (stderr.Result.Length > 0) lines.Add($"# {stderr.Result.Split('\n')[0]} (node Resources/res-driver.mjs {ResourceFiles.Transpiled(naming)} {script})");
        return lines;
    }
}
