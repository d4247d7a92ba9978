using System;
using System.IO;
using Greeter;
using Wasmtime;
using WitBindgen.Runtime;
using WitBindgen.Runtime.Abi;

// Host a plugin of our own WIT world: implement the import, instantiate, call the export.
using var engine = new Engine();
using var store = new Store(engine);
using var linker = new Linker(engine);
var context = new GuestContext();
Host.AddToLinker(linker, new ConsoleLog(), context);

using var module = Module.FromText(engine, "greeter", File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "greeter.wat")));
var plugin = new PluginExports(linker.Instantiate(store, module), context);

foreach (var name in args.Length > 0 ? args : new[] { "Ada", "" })
{
    var answer = plugin.Greet(name);
    Console.WriteLine(answer.IsOk ? answer.OkValue : $"error: {answer.ErrValue}");
}

/// <summary>The host side of the world: where the plugin's log lines go.</summary>
sealed class ConsoleLog : IHost
{
    public void Log(Host.Level level, string message) => Console.Error.WriteLine($"[{level}] {message}");
}
