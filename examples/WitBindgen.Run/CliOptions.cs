using System;
using System.Collections.Generic;
using System.IO;
using WitBindgen.Wasi;

namespace WitBindgen.Run;

/// <summary>The command line of <c>witbindgen-run</c>, parsed: options up to the program, then the guest's arguments.</summary>
internal sealed class CliOptions
{
    public const string Usage = """
        usage: witbindgen-run [options] [program.wasm [args...]]

        Runs a WebAssembly command of the WASI preview-2 `command` world (May 2023): a core module exporting
        `run#run`, `memory` and `cabi_realloc`; a core module of WASI 0.2's `wasi:cli/command` (0.2.0 to 0.2.12,
        exporting `wasi:cli/run@0.2.x#run`); or a WASI preview-1 program (wasi-libc, Rust wasm32-wasi...),
        whose wasi_snapshot_preview1 imports this runtime implements natively. Without a program, runs a built-in
        demo guest. Stdin, stdout and stderr are this process's.

        options:
          --dir HOST::GUEST       preopen host directory HOST as GUEST (HOST alone: the same name)
          --dir-ro HOST::GUEST    the same, read-only
          --env NAME=VALUE        set an environment variable (repeatable)
          --inherit-env           pass this process's environment on
          --allow-network         let the guest use TCP, UDP and name lookup
          --adapter PATH          run a preview-1 program through this preview-1 adapter instead
                                  (wasi_preview1_component_adapter.command.wasm of @bytecodealliance/jco@0.7.0,
                                  or wasi_snapshot_preview1.command.wasm of @bytecodealliance/jco@1.35.0 on WASI 0.2)
                                  over the preview-2 world; default: $WITBINDGEN_PREVIEW1_ADAPTER if set, else
                                  none (native preview 1)
          --no-cache              compile every module, and neither read nor write the compile cache
                                  (default: compiled modules are kept in $XDG_CACHE_HOME/witbindgen, else
                                  ~/.cache/witbindgen, keyed by their content and the Wasmtime version)
          -h, --help              this text

        exit status: the guest's (0, or what it passed to exit/proc_exit; 1 for run returning err);
          2 for a usage error, a file that cannot be loaded or an import this runtime does not provide;
          134 when the guest traps (as `wasmtime run` on Unix), after the trap's cause and wasm backtrace on stderr.
        """;

    public string? Program { get; private set; }
    public string? Adapter { get; private set; } = System.Environment.GetEnvironmentVariable("WITBINDGEN_PREVIEW1_ADAPTER");
    public bool UseCache { get; private set; } = true;
    public bool Help { get; private set; }
    public List<string> GuestArgs { get; } = new();

    /// <summary>Parses <paramref name="argv"/> into options and the context's settings; throws <see cref="ArgumentException"/> with a one-line message.</summary>
    public static CliOptions Parse(string[] argv, WasiContextBuilder builder)
    {
        var options = new CliOptions();
        int i = 0;
        for (; i < argv.Length && options.Program is null; i++)
        {
            var arg = argv[i];
            switch (arg)
            {
                case "-h":
                case "--help":
                    options.Help = true;
                    return options;
                case "--dir":
                case "--dir-ro":
                    var (host, guest) = SplitDir(Value(argv, ref i, arg));
                    if (!Directory.Exists(host)) throw new ArgumentException($"--dir: no directory '{host}'");
                    builder.Preopen(host, guest, readOnly: arg == "--dir-ro");
                    break;
                case "--env":
                    var pair = Value(argv, ref i, arg);
                    int eq = pair.IndexOf('=');
                    if (eq <= 0) throw new ArgumentException($"--env expects NAME=VALUE, not '{pair}'");
                    builder.Env(pair.Substring(0, eq), pair.Substring(eq + 1));
                    break;
                case "--inherit-env":
                    builder.InheritEnv();
                    break;
                case "--allow-network":
                    builder.InheritNetwork();
                    break;
                case "--adapter":
                    options.Adapter = Value(argv, ref i, arg);
                    break;
                case "--no-cache":
                    options.UseCache = false;
                    break;
                default:
                    if (arg.StartsWith("-", StringComparison.Ordinal)) throw new ArgumentException($"unknown option '{arg}' (see --help)");
                    options.Program = arg;
                    break;
            }
        }
        for (; i < argv.Length; i++) options.GuestArgs.Add(argv[i]);
        return options;
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
}
