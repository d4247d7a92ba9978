using System;
using System.IO;
using System.Linq;
using Wasmtime;
using WitBindgen.Wasi;
using WitBindgen.Wasi.Preview1;
using static WitBindgen.Run.Failures;

namespace WitBindgen.Run;

/// <summary>
/// <c>witbindgen-run [options] [program.wasm] [args...]</c>: runs a command of the May-2023 WASI world on our
/// runtime, with stdio inherited and the guest's exit status as ours. Without a program it runs a demo guest.
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
        bool preview1 = false;
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
                try { preview1 = ProgramModule.ImportsPreview1(bytes); }
                catch (InvalidDataException) { preview1 = false; } // Wasmtime says what is wrong below
                // A preview-1 program shares its memory with the adapter: its malloc must keep off the adapter's pages.
                var moduleName = Path.GetFileNameWithoutExtension(program);
                module = preview1 ? loader.Preview1Program(moduleName, bytes) : loader.Plain(name, bytes);
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
            return module.Imports.Any(i => i.ModuleName == "wasi_snapshot_preview1")
                ? RunPreview1(engine, loader, module, name, options.Adapter, builder)
                : RunCommand(engine, module, builder);
        }
    }

    private static int RunCommand(Engine engine, Module module, WasiContextBuilder builder)
    {
        try
        {
            return WasiCommand.Run(engine, module, builder.Build());
        }
        catch (WasiLinkException ex)
        {
            return Fail(ex.Message);
        }
        catch (WasmtimeException ex)
        {
            return Trap(ex);
        }
    }

    // A preview-1 program: run it through the adapter, which turns its calls into this world's.
    private static int RunPreview1(Engine engine, ModuleLoader loader, Module module, string name, string? adapter, WasiContextBuilder builder)
    {
        adapter = string.IsNullOrEmpty(adapter) ? FindAdapter() : adapter;
        if (adapter is null)
            return Fail($"{name} is a WASI preview-1 program: give the adapter with --adapter PATH ({AdapterFile} of @bytecodealliance/jco@0.7.0; none in {string.Join(" or ", AdapterPlaces)})");
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
            if (!adapterModule.Exports.Any(e => e is FunctionExport { Name: "run" }))
                return Fail($"--adapter {adapter} is not the command adapter {AdapterFile} of @bytecodealliance/jco@0.7.0: it exports no run (the reactor adapter?)");
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

    // Where `npm install @bytecodealliance/jco@0.7.0` puts the adapter, here and in this repository's test setup.
    private static readonly string[] AdapterPlaces =
    {
        Path.Combine("node_modules", "@bytecodealliance", "jco", AdapterFile),
        Path.Combine("tests", "jco", "node_modules", "@bytecodealliance", "jco", AdapterFile),
    };

    private static string? FindAdapter() => AdapterPlaces.FirstOrDefault(File.Exists);
}
