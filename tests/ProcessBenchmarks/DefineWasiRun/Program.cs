using System;
using System.Collections.Generic;
using Wasmtime;

// definewasi-run [--dir HOST::GUEST]... program.wasm [args...]: the baseline runner of scripts/bench-process.sh.
var preopens = new List<(string Host, string Guest)>();
int i = 0;
for (; i < args.Length && args[i] == "--dir"; i += 2)
{
    var value = args[i + 1];
    int sep = value.IndexOf("::", StringComparison.Ordinal);
    preopens.Add(sep < 0 ? (value, value) : (value[..sep], value[(sep + 2)..]));
}
if (i >= args.Length)
{
    Console.Error.WriteLine("usage: definewasi-run [--dir HOST::GUEST]... program.wasm [args...]");
    return 2;
}
var program = args[i];

using var engine = new Engine();
using var module = Module.FromFile(engine, program);
using var linker = new Linker(engine);
using var store = new Store(engine);
linker.DefineWasi();
var config = new WasiConfiguration()
    .WithArgs(args[i..])
    .WithInheritedStandardInput()
    .WithInheritedStandardOutput()
    .WithInheritedStandardError();
foreach (var (host, guest) in preopens) config = config.WithPreopenedDirectory(host, guest, mutable: true);
store.SetWasiConfiguration(config);
var instance = linker.Instantiate(store, module);
try
{
    instance.GetAction("_start")!();
    return 0;
}
catch (WasmtimeException ex) when (ex.ExitCode is int code)
{
    return code;
}
