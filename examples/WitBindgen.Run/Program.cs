using System;
using System.IO;
using System.Linq;
using Wasmtime;
using WitBindgen.Wasi;
using WitBindgen.Wasi.P2;
using WitBindgen.Wasi.Preview1;
using WitBindgen.Wasi.Preview1Host;
using static WitBindgen.Run.Failures;

namespace WitBindgen.Run;

/// <summary>
/// <c>witbindgen-run [options] [program.wasm] [args...]</c>: runs a command of the May-2023 WASI world, a core module
/// of the WASI 0.2 <c>wasi:cli/command</c> world, or a WASI preview-1 program (natively, or through a jco preview-1
/// adapter when one is given: jco 0.7.0's on the May-2023 world, jco 1.35.0's on WASI 0.2), on our runtime, with stdio inherited
/// and the guest's exit status as ours. Without a program it runs a demo guest.
/// See <see cref="CliOptions.Usage"/>.
/// </summary>
public static class Program
{
    public static int Main(string[] argv)
    {
        var builder = new WasiContextBuilder().InheritStdio();
        CliOptions options;
        try
        {
            options = CliOptions.Parse(argv, builder);
        }
        catch (ArgumentException ex)
        {
            return Fail(ex.Message);
        }
        if (options.Help)
        {
            Console.Out.Write(CliOptions.Usage);
            return 0;
        }

        using var engine = new Engine();
        var loader = new ModuleLoader(engine, options.UseCache);
        string name;
        Module module;
        bool viaAdapter = false;
        if (options.Program is not { } program)
        {
            name = "demo";
            using var stream = typeof(Program).Assembly.GetManifestResourceStream("demo.wat")!;
            module = Module.FromTextStream(engine, name, stream);
        }
        else
        {
            name = Path.GetFileName(program);
            if (!File.Exists(program)) return Fail($"no such file: {program}");
            try
            {
                var bytes = File.ReadAllBytes(program);
                try { viaAdapter = !string.IsNullOrEmpty(options.Adapter) && Preview1Command.ImportsPreview1(bytes); }
                catch (InvalidDataException) { viaAdapter = false; } // Wasmtime says what is wrong below
                // Through the adapter, a preview-1 program shares its memory with it: its malloc must keep off the adapter's pages.
                var moduleName = Path.GetFileNameWithoutExtension(program);
                module = viaAdapter ? loader.Preview1Program(moduleName, bytes) : loader.Plain(name, bytes);
            }
            catch (WasmtimeException ex)
            {
                return Fail($"{program} is not a WebAssembly module this runtime can load: {FirstLine(ex.Message)}");
            }
            catch (IOException ex)
            {
                return Fail($"cannot read {program}: {ex.Message}");
            }
        }
        using (module)
        {
            builder.Args(new[] { name }.Concat(options.GuestArgs));
            if (!module.Imports.Any(i => i.ModuleName == "wasi_snapshot_preview1"))
                return WasiP2Command.IsCommand(module) ? RunP2(engine, module, builder) : RunCommand(engine, module, builder);
            return viaAdapter ? RunThroughAdapter(engine, loader, module, name, options.Adapter!, builder) : RunPreview1(engine, module, builder);
        }
    }

    private static int RunCommand(Engine engine, Module module, WasiContextBuilder builder) =>
        Guarded(() => WasiCommand.Run(engine, module, builder.Build()));

    // A core module of WASI 0.2's wasi:cli/command (exports wasi:cli/run@0.2.x#run), on the WASI 0.2 face.
    private static int RunP2(Engine engine, Module module, WasiContextBuilder builder) =>
        Guarded(() => WasiP2Command.Run(engine, module, builder.Build()));

    // A preview-1 program, natively: preview 1 in C# over this world's interfaces.
    private static int RunPreview1(Engine engine, Module module, WasiContextBuilder builder) =>
        Guarded(() => Preview1Program.Run(engine, module, builder.Build()));

    private static int Guarded(Func<int> run)
    {
        try
        {
            return run();
        }
        catch (WasiLinkException ex)
        {
            return Fail(ex.Message);
        }
        catch (InvalidOperationException ex)
        {
            return Fail(FirstLine(ex.Message)); // a program without the exports it must have (memory, _start, run#run)
        }
        catch (WasmtimeException ex)
        {
            return Trap(ex);
        }
    }

    // A preview-1 program through the adapter given, which turns its calls into this world's.
    private static int RunThroughAdapter(Engine engine, ModuleLoader loader, Module module, string name, string adapter, WasiContextBuilder builder)
    {
        if (!File.Exists(adapter)) return Fail($"no such adapter: {adapter}");
        Module adapterModule;
        try
        {
            adapterModule = loader.Adapter(File.ReadAllBytes(adapter));
        }
        catch (Exception ex) when (ex is InvalidDataException or WasmtimeException or IOException or ArgumentException or IndexOutOfRangeException or OverflowException)
        {
            return Fail($"--adapter {adapter} is not {AdapterFile} of @bytecodealliance/jco@0.7.0: {FirstLine(ex.Message)}");
        }
        using (adapterModule)
        {
            // jco 0.7.0's command adapter exports run; jco 1.35.0's (on WASI 0.2) wasi:cli/run@0.2.x#run.
            if (!adapterModule.Exports.Any(e => e is FunctionExport { Name: "run" }) && !WasiP2Command.IsCommand(adapterModule))
                return Fail($"--adapter {adapter} is not the command adapter {AdapterFile} of @bytecodealliance/jco@0.7.0: it exports no run (nor wasi:cli/run@0.2.x#run as {AdapterFile02} of @bytecodealliance/jco@1.35.0 does; the reactor adapter?)");
            Preview1Command command;
            try
            {
                command = new Preview1Command(engine, module, adapterModule, builder.Build());
            }
            catch (WasiLinkException ex)
            {
                return Fail(ex.Message);
            }
            catch (InvalidOperationException ex)
            {
                return Fail($"cannot run {name} through --adapter {adapter}: {FirstLine(ex.Message)}");
            }
            catch (WasmtimeException ex)
            {
                return Trap(ex); // a start function trapped
            }
            using (command)
            {
                try
                {
                    return command.Run();
                }
                catch (WasmtimeException ex)
                {
                    return Trap(ex);
                }
            }
        }
    }

    private const string AdapterFile = "wasi_preview1_component_adapter.command.wasm";
    private const string AdapterFile02 = "wasi_snapshot_preview1.command.wasm";
}
