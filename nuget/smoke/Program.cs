using System;
using Smoke;
using Wasmtime;
using WitBindgen.Runtime.Abi;

// A guest calls the host's clock through glue generated from the packages alone.
using var engine = new Engine();
using var store = new Store(engine);
using var linker = new Linker(engine);
var context = new GuestContext();
Clock.AddToLinker(linker, new FixedClock(), context);
using var module = Module.FromText(engine, "guest", """
    (module
      (import "clock" "now" (func $now (param i32)))
      (memory (export "memory") 1)
      (func (export "seconds") (result i64) (call $now (i32.const 16)) (i64.load (i32.const 16))))
    """);
var instance = linker.Instantiate(store, module);
context.Bind(instance);
Console.WriteLine($"now: {instance.GetFunction<long>("seconds")!()} s");

sealed class FixedClock : IClock
{
    public Clock.Instant Now() => new(1684411200, 0);
}
