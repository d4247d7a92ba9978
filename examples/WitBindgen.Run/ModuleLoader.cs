using System;
using System.IO;
using Wasmtime;
using WitBindgen.Wasi;
using WitBindgen.Wasi.Preview1;

namespace WitBindgen.Run;

/// <summary>
/// Compiles the program and the adapter, through the per-user compile cache unless <c>--no-cache</c>. A preview-1
/// program and the adapter are rewritten before compiling; their entries are keyed by the bytes read from disk and
/// by the build of WitBindgen.Wasi that rewrote them.
/// </summary>
internal sealed class ModuleLoader
{
    private static readonly string RewriterBuild = typeof(Preview1Command).Assembly.ManifestModule.ModuleVersionId.ToString("N");

    private readonly Engine _engine;
    private readonly ModuleCache? _cache;

    public ModuleLoader(Engine engine, bool useCache)
    {
        _engine = engine;
        _cache = useCache ? new ModuleCache(ModuleCache.DefaultDirectory) : null;
    }

    /// <summary>A seed-world command or any other module, compiled as it is.</summary>
    public Module Plain(string name, byte[] bytes) =>
        Cached(name, bytes, $"module;{ModuleCache.DefaultEngineConfiguration}", () => Module.FromBytes(_engine, name, bytes));

    /// <summary>A preview-1 program, its <c>memory.size</c> blind to the adapter's pages (<see cref="Preview1Command.LoadProgram(Engine, byte[], string)"/>).</summary>
    public Module Preview1Program(string name, byte[] bytes) =>
        Cached(name, bytes, $"preview1-program;{RewriterBuild};{ModuleCache.DefaultEngineConfiguration}", () => Preview1Command.LoadProgram(_engine, bytes, name));

    /// <summary>The preview-1 adapter with its stack globals exported (<see cref="Preview1Command.LoadAdapter(Engine, byte[])"/>).</summary>
    public Module Adapter(byte[] bytes) =>
        Cached("wasi_preview1_component_adapter", bytes, $"preview1-adapter;{RewriterBuild};{ModuleCache.DefaultEngineConfiguration}", () => Preview1Command.LoadAdapter(_engine, bytes));

    private Module Cached(string name, byte[] bytes, string variant, Func<Module> compile) =>
        _cache is null ? compile() : _cache.Load(_engine, name, bytes, variant, compile, out _);
}
