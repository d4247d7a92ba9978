using WitBindgen.Tests.Shared;
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Wasmtime;
using Wasmtime.Components;
using WitBindgen.Wasi;

namespace WitBindgen.P2.Tests;

/// <summary>What a run produced: exit status, stdout, stderr, the preopened tree afterwards, and its time.</summary>
public sealed record Outcome(int Status, string Stdout, string Stderr, string Tree, double Milliseconds, string? Trap = null);

/// <summary>How to run a program: arguments, environment, stdin, and whether /data is writable.</summary>
public sealed record RunSpec(string[] Args, (string Name, string Value)[] Env, byte[] Stdin, bool Writable = true)
{
    public static RunSpec Of(params string[] args) => new(args, new[] { ("GREETING", "hi there"), ("OTHER", "x=y"), ("EMPTY", "") }, Array.Empty<byte>());
}

/// <summary>Where prepare.sh put the guests and components, and one engine for every test.</summary>
public sealed class P2Fixture : IDisposable
{
    public P2Fixture()
    {
        Out = FindOut();
        Engine = new Engine();
    }

    public string Out { get; }
    public Engine Engine { get; }

    private readonly Dictionary<string, Module> _modules = new();
    private readonly Dictionary<string, Component> _components = new();

    public string PathOf(string name) => Path.Combine(Out, name);

    public Module Module(string name)
    {
        lock (_modules)
        {
            if (!_modules.TryGetValue(name, out var module)) _modules[name] = module = Wasmtime.Module.FromFile(Engine, PathOf(name));
            return module;
        }
    }

    /// <summary>jco 1.35.0's preview-1 adapter, as <see cref="WitBindgen.Wasi.Preview1.Preview1Command"/> loads it.</summary>
    public Module Adapter => _adapter ??= WitBindgen.Wasi.Preview1.Preview1Command.LoadAdapter(Engine, PathOf("wasi_snapshot_preview1.command.wasm"));

    private Module? _adapter;

    /// <summary>A corpus program as Preview1Command runs it (LoadProgram).</summary>
    public Module Program(string name)
    {
        lock (_modules)
        {
            var key = "program:" + name;
            if (!_modules.TryGetValue(key, out var module))
                _modules[key] = module = WitBindgen.Wasi.Preview1.Preview1Command.LoadProgram(Engine, PathOf(Path.Combine("corpus", name + ".wasm")));
            return module;
        }
    }

    public Component Component(string name)
    {
        lock (_components)
        {
            if (!_components.TryGetValue(name, out var component))
                _components[name] = component = Wasmtime.Components.Component.FromBytes(Engine, File.ReadAllBytes(PathOf(name)));
            return component;
        }
    }

    private static string FindOut()
    {
        var relative = Path.Combine("tests", "WitBindgen.P2.Tests", "out");
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException($"{relative} not found above {AppContext.BaseDirectory}: run tests/WitBindgen.P2.Tests/prepare.sh");
    }

    public void Dispose()
    {
        foreach (var m in _modules.Values) m.Dispose();
        foreach (var c in _components.Values) c.Dispose();
        _adapter?.Dispose();
        Engine.Dispose();
    }
}

/// <summary>Runs a program on our runtime and on Wasmtime's own WASI 0.2, each in a fresh copy of the same directory.</summary>
public static class Runs
{
    /// <summary>Ours: a context like the test's spec, /data preopened (read-only when asked), the run given.</summary>
    public static Outcome Ours(RunSpec spec, string dir, Func<WasiContext, int> run)
    {
        var stopwatch = Stopwatch.StartNew();
        var stdout = new MemoryOutputPipe();
        var stderr = new MemoryOutputPipe();
        var builder = new WasiContextBuilder().Args(spec.Args).Stdout(stdout).Stderr(stderr).Stdin(spec.Stdin)
            .Preopen(dir, "/data", readOnly: !spec.Writable);
        foreach (var (name, value) in spec.Env) builder = builder.Env(name, value);
        int status;
        string? trap = null;
        using (var context = builder.Build())
        {
            try
            {
                status = run(context);
            }
            catch (WasmtimeException e) when (e.ExitCode is null)
            {
                status = -1;
                trap = e.Message + (e.InnerException is { } inner ? " / " + inner.Message : "");
            }
        }
        stopwatch.Stop();
        return new Outcome(status, stdout.Text, stderr.Text, Tree(dir), stopwatch.Elapsed.TotalMilliseconds, trap);
    }

    /// <summary>Wasmtime's own WASI 0.2 (ComponentLinker.AddWasiPreview2) running the component's wasi:cli/run.</summary>
    public static Outcome Wasmtime(Engine engine, Component component, RunSpec spec, string dir)
    {
        var io = Directory.CreateTempSubdirectory("wb-p2-io-").FullName;
        try
        {
            string stdinPath = Path.Combine(io, "stdin"), stdoutPath = Path.Combine(io, "stdout"), stderrPath = Path.Combine(io, "stderr");
            File.WriteAllBytes(stdinPath, spec.Stdin);
            var stopwatch = Stopwatch.StartNew();
            int status;
            string? trap = null;
            using (var linker = new ComponentLinker(engine))
            using (var store = new Store(engine))
            {
                linker.AddWasiPreview2();
                store.SetWasiConfiguration(new WasiConfiguration()
                    .WithArgs(spec.Args)
                    .WithEnvironmentVariables(spec.Env.Select(e => (e.Name, e.Value)))
                    .WithPreopenedDirectory(dir, "/data", spec.Writable)
                    .WithStandardInput(stdinPath)
                    .WithStandardOutput(stdoutPath)
                    .WithStandardError(stderrPath));
                var instance = linker.Instantiate(store, component);
                var run = instance.GetFunction("wasi:cli/run@0.2.12", "run") ?? throw new InvalidOperationException("the component exports no wasi:cli/run@0.2.12.run");
                try
                {
                    var result = run.Call();
                    status = result is { IsOk: true } ? 0 : 1;
                }
                catch (WasmtimeException e) when (e.ExitCode is { } code)
                {
                    status = code;
                }
                catch (WasmtimeException e)
                {
                    status = -1;
                    trap = e.Message;
                }
            }
            stopwatch.Stop();
            return new Outcome(status, File.ReadAllText(stdoutPath), File.ReadAllText(stderrPath), Tree(dir), stopwatch.Elapsed.TotalMilliseconds, trap);
        }
        finally
        {
            Directory.Delete(io, true);
        }
    }

    /// <summary>Wasmtime's own preview 1 (Linker.DefineWasi) running a preview-1 program's _start.</summary>
    public static Outcome DefineWasi(Engine engine, Module module, RunSpec spec, string dir)
    {
        var r = DefineWasiRun.Run(engine, module, spec.Args, spec.Env, spec.Stdin, dir, spec.Writable);
        return new Outcome(r.Status, r.Stdout, r.Stderr, Tree(dir), r.Milliseconds);
    }

    /// <summary>Runs <paramref name="run"/> on a fresh copy of the corpus's starting directory, then deletes it.</summary>
    public static Outcome InFreshDirectory(Func<string, Outcome> run) => CorpusDirectory.InFresh("wb-p2-data-", run);

    /// <summary>Names and contents of everything under <paramref name="root"/>, sorted; symlinks by their target.</summary>
    public static string Tree(string root) => CorpusDirectory.Tree(root);

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(x => x).ToArray();
        return sorted[sorted.Length / 2];
    }
}
