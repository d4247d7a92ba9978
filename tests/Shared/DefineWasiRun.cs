using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using Wasmtime;

namespace WitBindgen.Tests.Shared;

/// <summary>
/// Wasmtime's own preview 1 (<c>Linker.DefineWasi</c>) running a preview-1 program's <c>_start</c> with /data
/// preopened and stdio in files: the independent runtime the corpus is compared with. Compiled into each suite
/// that needs it (Compile Include).
/// </summary>
internal static class DefineWasiRun
{
    public sealed record Result(int Status, string Stdout, string Stderr, double Milliseconds);

    public static Result Run(Engine engine, Module module, string[] args, IEnumerable<(string Name, string Value)> env,
        byte[] stdin, string dir, bool writable)
    {
        var io = Directory.CreateTempSubdirectory("wb-definewasi-io-").FullName;
        try
        {
            string stdinPath = Path.Combine(io, "stdin"), stdoutPath = Path.Combine(io, "stdout"), stderrPath = Path.Combine(io, "stderr");
            File.WriteAllBytes(stdinPath, stdin);
            var stopwatch = Stopwatch.StartNew();
            int status = 0;
            using (var linker = new Linker(engine))
            using (var store = new Store(engine))
            {
                linker.DefineWasi();
                store.SetWasiConfiguration(new WasiConfiguration()
                    .WithArgs(args)
                    .WithEnvironmentVariables(env)
                    .WithPreopenedDirectory(dir, "/data", writable)
                    .WithStandardInput(stdinPath)
                    .WithStandardOutput(stdoutPath)
                    .WithStandardError(stderrPath));
                var instance = linker.Instantiate(store, module);
                var start = instance.GetAction("_start") ?? throw new InvalidOperationException("no _start");
                try { start(); }
                catch (WasmtimeException e) when (e.ExitCode is not null) { status = e.ExitCode.Value; }
            }
            stopwatch.Stop();
            return new Result(status, File.ReadAllText(stdoutPath), File.ReadAllText(stderrPath), stopwatch.Elapsed.TotalMilliseconds);
        }
        finally
        {
            Directory.Delete(io, true);
        }
    }
}
