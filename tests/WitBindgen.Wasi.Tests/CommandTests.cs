using System;
using System.IO;
using System.Linq;
using System.Text;
using Wasmtime;
using WitBindgen.Runtime;
using WitBindgen.Runtime.Abi;
using Xunit;

namespace WitBindgen.Wasi.Tests;

public class CommandTests
{
    private const string ExitImport = """(import "exit" "exit" (func $exit (param i32)))""";

    [Theory]
    [InlineData("(i32.const 0)", 0)]
    [InlineData("(i32.const 1)", 1)]
    [InlineData("(call $exit (i32.const 1)) unreachable", 1)]
    [InlineData("(call $exit (i32.const 0)) unreachable", 0)]
    public void The_exit_status_is_0_for_ok_and_1_for_err_whether_run_returns_or_exit_is_called(string run, int expected)
    {
        var (status, stdout) = Runner.Capture(Wat.Command(ExitImport, $"(call $print (i32.const 0x100) (i32.const 6)) {run}",
            """(data (i32.const 0x100) "bye...")"""));
        Assert.Equal(expected, status);
        Assert.Equal("bye...", stdout);
    }

    [Fact]
    public void Output_is_flushed_when_the_guest_traps_after_writing()
    {
        // A buffered destination: nothing reaches the MemoryStream unless the runtime flushes.
        using var sink = new MemoryStream();
        using var buffered = new BufferedStream(sink, 4096);
        var stderr = new MemoryOutputPipe();
        using var context = new WasiContextBuilder().Stdout(buffered).Stderr(stderr).Build();
        var wat = Wat.Command("", """
            (call $print (i32.const 0x100) (i32.const 23))
            unreachable
            """, """(data (i32.const 0x100) "last words before trap\n")""");
        var ex = Assert.ThrowsAny<WasmtimeException>(() => Runner.Run(wat, context));
        Assert.Contains("unreachable", ex.ToString());
        Assert.Equal("last words before trap\n", Encoding.UTF8.GetString(sink.ToArray()));
    }

    [Fact]
    public void Output_is_flushed_when_the_guest_exits()
    {
        using var sink = new MemoryStream();
        using var buffered = new BufferedStream(sink, 4096);
        using var context = new WasiContextBuilder().Stdout(buffered).Build();
        var wat = Wat.Command(ExitImport, """
            (call $print (i32.const 0x100) (i32.const 3))
            (call $exit (i32.const 1))
            unreachable
            """, """(data (i32.const 0x100) "42\n")""");
        Assert.Equal(1, Runner.Run(wat, context));
        Assert.Equal("42\n", Encoding.UTF8.GetString(sink.ToArray()));
    }

    [Fact]
    public void A_module_importing_what_the_world_lacks_is_refused_naming_the_imports()
    {
        var wat = Wat.Command("""
              (import "env" "frobnicate" (func $f))
              (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
            """, "(i32.const 0)");
        using var module = Module.FromText(Runner.Engine, "guest", wat);
        using var context = new WasiContextBuilder().Build();
        var ex = Assert.Throws<WasiLinkException>(() => new WasiCommand(Runner.Engine, module, context));
        Assert.Equal(new[] { "env.frobnicate", "wasi_snapshot_preview1.fd_write" }, ex.MissingImports);
        Assert.Contains("does not provide: env.frobnicate, wasi_snapshot_preview1.fd_write", ex.Message);
    }

    [Fact]
    public void A_module_importing_a_world_function_with_another_signature_is_refused_with_both()
    {
        var wat = Wat.Command("""(import "streams" "write" (func $w (param i32 i32) (result i32)))""", "(i32.const 0)");
        using var module = Module.FromText(Runner.Engine, "guest", wat);
        using var context = new WasiContextBuilder().Build();
        var ex = Assert.Throws<WasiLinkException>(() => new WasiCommand(Runner.Engine, module, context));
        Assert.Equal(
            "streams.write: the module imports it as (i32, i32) -> (i32), the command world defines (i32, i32, i32, i32) -> ()",
            Assert.Single(ex.MismatchedImports));
    }

    [Fact]
    public void A_module_importing_a_memory_is_refused()
    {
        using var module = Module.FromText(Runner.Engine, "guest", """(module (import "env" "memory" (memory 1)))""");
        using var context = new WasiContextBuilder().Build();
        var ex = Assert.Throws<WasiLinkException>(() => new WasiCommand(Runner.Engine, module, context));
        Assert.Equal("env.memory (a memory)", Assert.Single(ex.MissingImports));
    }

    [Fact]
    public void A_guest_importing_every_one_of_the_127_core_functions_links_and_runs()
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "core-abi.txt")).Where(l => l.Length > 0).ToList();
        Assert.Equal(127, lines.Count);
        var imports = new StringBuilder();
        foreach (var line in lines)
        {
            // "streams.write (i32, i32, i32, i32) -> nil"
            var name = line[..line.IndexOf(' ')];
            var dot = name.IndexOf('.');
            var parameters = line[(line.IndexOf('(') + 1)..line.IndexOf(')')].Replace(",", "");
            var result = line[(line.IndexOf("-> ") + 3)..];
            // The prelude's helpers call two of them by name.
            var id = name switch { "stdout.get-stdout" => "$get_stdout", "streams.blocking-write" => "$print_write", _ => "" };
            imports.Append($"(import \"{name[..dot]}\" \"{name[(dot + 1)..]}\" (func {id} (param {parameters}){(result == "nil" ? "" : $" (result {result})")}))\n");
        }
        var wat = $"(module {imports} {Wat.Prelude} (func (export \"run#run\") (result i32) (call $print (i32.const 0x100) (i32.const 2)) (i32.const 0)) (data (i32.const 0x100) \"ok\"))";
        var (status, stdout) = Runner.Capture(wat);
        Assert.Equal(0, status);
        Assert.Equal("ok", stdout);
    }

    [Fact]
    public void A_guest_without_run_is_refused()
    {
        using var module = Module.FromText(Runner.Engine, "guest", $"(module {Wat.PrintImports} {Wat.Prelude})");
        using var context = new WasiContextBuilder().Build();
        var ex = Assert.Throws<InvalidOperationException>(() => new WasiCommand(Runner.Engine, module, context));
        Assert.Equal("the guest does not export 'run#run' as () -> i32", ex.Message);
    }

    [Fact]
    public void A_context_serves_one_instance()
    {
        var wat = Wat.Command("", "(i32.const 0)");
        using var context = new WasiContextBuilder().Build();
        Assert.Equal(0, Runner.Run(wat, context));
        var ex = Assert.Throws<InvalidOperationException>(() => Runner.Run(wat, context));
        Assert.Contains("one context per instance", ex.Message);
    }

    [Fact]
    public void A_builder_builds_once()
    {
        var builder = new WasiContextBuilder();
        using var context = builder.Build();
        Assert.Throws<InvalidOperationException>(() => builder.Build());
    }

    // ---- replacing and wrapping implementations ----

    /// <summary>A user's stdout: counts the calls and hands out the real handle.</summary>
    private sealed class CountingStdout(WasiContext context) : IStdout
    {
        public int Calls;
        public uint GetStdout()
        {
            Calls++;
            return context.Cli.StdoutHandle;
        }
    }

    /// <summary>The documented way to intercept one function of a default: derive and call base.</summary>
    private sealed class ShoutingStreams(WasiContext context) : WasiStreams(context)
    {
        public override Result<ulong, Streams.StreamError> BlockingWrite(uint @this, ReadOnlySpan<byte> buf)
        {
            var upper = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(buf).ToUpperInvariant());
            return base.BlockingWrite(@this, upper);
        }
    }

    private static readonly string Hello = Wat.Command("", "(call $print (i32.const 0x100) (i32.const 5)) (i32.const 0)", """(data (i32.const 0x100) "hello")""");

    [Fact]
    public void Override_replaces_one_import_and_the_rest_keep_their_defaults()
    {
        CountingStdout? stdout = null;
        var (status, output) = Runner.Capture(Hello, b => b.Override<IStdout>(context => stdout = new CountingStdout(context)));
        Assert.Equal(0, status);
        Assert.Equal("hello", output);
        Assert.Equal(1, stdout!.Calls);
    }

    [Fact]
    public void A_default_is_wrapped_by_deriving_from_it()
    {
        var (_, output) = Runner.Capture(Hello, b => b.Override<IStreams>(context => new ShoutingStreams(context)));
        Assert.Equal("HELLO", output);
    }

    private sealed class ExtraArgument(IEnvironment inner) : IEnvironment
    {
        public System.Collections.Generic.IReadOnlyList<(string, string)> GetEnvironment() => inner.GetEnvironment();
        public System.Collections.Generic.IReadOnlyList<string> GetArguments() => inner.GetArguments().Append("--injected").ToList();
    }

    [Fact]
    public void A_default_is_decorated_with_Wrap()
    {
        using var context = new WasiContextBuilder().Args("prog").Wrap<IEnvironment>((_, inner) => new ExtraArgument(inner)).Build();
        Assert.Equal(new[] { "prog", "--injected" }, context.Host.Environment!.GetArguments());
        Assert.IsType<WasiStreams>(context.Host.Streams);
    }

    [Fact]
    public void Only_imports_of_the_world_can_be_overridden()
    {
        var ex = Assert.Throws<ArgumentException>(() => new WasiContextBuilder().Override<IDisposable>(new MemoryStream()));
        Assert.Contains("IDisposable is not an import of the command world", ex.Message);
    }
}
