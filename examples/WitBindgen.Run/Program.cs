using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Wasmtime;
using WitBindgen.Wasi;
using WitBindgen.Wasi.Preview1;
using WitBindgen.Wasi.Preview1Host;

namespace WitBindgen.Run;

/// <summary>
/// <c>witbindgen-run [options] [program.wasm] [args...]</c>: runs a command of the May-2023 WASI world on our
/// runtime, with stdio inherited and the guest's exit status as ours. Without a program it runs a demo guest.
/// </summary>
public static class Program
{
    private const string Usage = """
        usage: witbindgen-run [options] [program.wasm [args...]]

        Runs a WebAssembly command of the WASI preview-2 `command` world (May 2023): a core module exporting
        `run#run`, `memory` and `cabi_realloc`, or a WASI preview-1 program (wasi-libc, Rust wasm32-wasi...),
        whose wasi_snapshot_preview1 imports this runtime implements natively. Without a program, runs a built-in
        demo guest.

        options:
          --dir HOST::GUEST       preopen host directory HOST as GUEST (HOST alone: the same name)
          --dir-ro HOST::GUEST    the same, read-only
          --env NAME=VALUE        set an environment variable (repeatable)
          --inherit-env           pass this process's environment on
          --allow-network         let the guest use TCP, UDP and name lookup
          --adapter PATH          run a preview-1 program through this preview-1 adapter instead
                                  (wasi_preview1_component_adapter.command.wasm of @bytecodealliance/jco@0.7.0)
                                  over the preview-2 world; default: $WITBINDGEN_PREVIEW1_ADAPTER if set, else
                                  none (native preview 1)
          -h, --help              this text
        """;

    public static int Main(string[] argv)
    {
        string? program = null;
        string? adapter = System.Environment.GetEnvironmentVariable("WITBINDGEN_PREVIEW1_ADAPTER");
        var guestArgs = new List<string>();
        var builder = new WasiContextBuilder().InheritStdio();
        try
        {
            int i = 0;
            for (; i < argv.Length && program is null; i++)
            {
                var arg = argv[i];
                switch (arg)
                {
                    case "-h":
                    case "--help":
                        Console.Out.Write(Usage);
                        return 0;
                    case "--dir":
                    case "--dir-ro":
                        var (host, guest) = SplitDir(Value(argv, ref i, arg));
                        if (!Directory.Exists(host)) return Fail($"--dir: no directory '{host}'");
                        builder.Preopen(host, guest, readOnly: arg == "--dir-ro");
                        break;
                    case "--env":
                        var pair = Value(argv, ref i, arg);
                        int eq = pair.IndexOf('=');
                        if (eq <= 0) return Fail($"--env expects NAME=VALUE, not '{pair}'");
                        builder.Env(pair.Substring(0, eq), pair.Substring(eq + 1));
                        break;
                    case "--inherit-env":
                        builder.InheritEnv();
                        break;
                    case "--allow-network":
                        builder.InheritNetwork();
                        break;
                    case "--adapter":
                        adapter = Value(argv, ref i, arg);
                        break;
                    default:
                        if (arg.StartsWith("-", StringComparison.Ordinal)) return Fail($"unknown option '{arg}' (see --help)");
                        program = arg;
                        break;
                }
            }
            for (; i < argv.Length; i++) guestArgs.Add(argv[i]);
        }
        catch (ArgumentException ex)
        {
            return Fail(ex.Message);
        }

        using var engine = new Engine();
        Module module;
        string name;
        if (program is null)
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
                bool viaAdapter;
                try { viaAdapter = !string.IsNullOrEmpty(adapter) && Preview1Command.ImportsPreview1(bytes); }
                catch (InvalidDataException) { viaAdapter = false; } // Wasmtime says what is wrong below
                // A preview-1 program shares its memory with the adapter: LoadProgram keeps its malloc off the adapter's pages.
                module = viaAdapter ? Preview1Command.LoadProgram(engine, bytes, Path.GetFileNameWithoutExtension(program)) : Module.FromBytes(engine, name, bytes);
            }
            catch (WasmtimeException ex)
            {
                return Fail($"{program} is not a WebAssembly module this runtime can load: {FirstLine(ex.Message)}");
            }
        }
        using (module)
        {
            builder.Args(new[] { name }.Concat(guestArgs));
            try
            {
                if (!module.Imports.Any(i => i.ModuleName == "wasi_snapshot_preview1"))
                    return WasiCommand.Run(engine, module, builder.Build());
                // A preview-1 program: natively (preview 1 in C# over this world), or through the adapter if one was given.
                if (string.IsNullOrEmpty(adapter)) return Preview1Program.Run(engine, module, builder.Build());
                if (!File.Exists(adapter)) return Fail($"no such adapter: {adapter}");
                using var adapterModule = Preview1Command.LoadAdapter(engine, adapter);
                return Preview1Command.Run(engine, module, adapterModule, builder.Build());
            }
            catch (WasiLinkException ex)
            {
                return Fail(ex.Message);
            }
            catch (WasmtimeException ex)
            {
                return Fail($"the guest trapped: {FirstLine(ex.InnerException?.Message ?? ex.Message)}", 134);
            }
        }
    }

    private static string Value(string[] argv, ref int i, string option)
    {
        if (i + 1 >= argv.Length) throw new ArgumentException($"{option} needs a value");
        return argv[++i];
    }

    private static (string Host, string Guest) SplitDir(string value)
    {
        int sep = value.IndexOf("::", StringComparison.Ordinal);
        return sep < 0 ? (value, value) : (value.Substring(0, sep), value.Substring(sep + 2));
    }

    private static string FirstLine(string text)
    {
        int nl = text.IndexOf('\n');
        return nl < 0 ? text : text.Substring(0, nl);
    }

    private static int Fail(string message, int status = 2)
    {
        Console.Error.WriteLine($"witbindgen-run: {message}");
        return status;
    }
}
