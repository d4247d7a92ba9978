using System;
using System.IO;
using AssemblyInformationalVersionAttribute = System.Reflection.AssemblyInformationalVersionAttribute;
using CustomAttributeExtensions = System.Reflection.CustomAttributeExtensions;
using System.IO.Hashing;
using System.Text;
using Wasmtime;

namespace WitBindgen.Wasi;

/// <summary>
/// A cache of compiled modules on disk, keyed by content: a hash of the module's bytes, the Wasmtime version, the
/// engine's configuration (named by the caller) and a variant (for bytes the host rewrites before compiling). A
/// second load of the same bytes deserializes Wasmtime's machine code instead of compiling it again.
/// </summary>
/// <remarks>
/// Built on <see cref="Module.Serialize"/>/<see cref="Module.Deserialize"/> rather than Wasmtime's own cache
/// (<c>Config.WithCacheConfig</c>) because it tells its caller whether it hit, needs no TOML file, and guards its
/// entries itself: Wasmtime trusts serialized code, so every entry carries a 128-bit hash of its payload that is
/// checked before deserializing, and a corrupt, truncated or incompatible entry is compiled again and rewritten,
/// never run. Keys and checks use XXH128 (<see cref="XxHash128"/>, tens of GB/s, no OpenSSL to load): the cache
/// guards against accidents (a truncated or damaged file, another program's bytes), not against someone who can
/// write the user's cache directory, who could replace the entries anyway.
/// An entry is two files: <c>KEY.cwasm</c>, exactly what <see cref="Module.Serialize"/> wrote, so that Wasmtime maps
/// it instead of copying it (<see cref="Module.DeserializeFile"/>), and <c>KEY.xxh128</c>, its hash. Each is written
/// to a temporary file and renamed into place, so concurrent processes never see half a file; a hash that does not
/// match its module (a writer between its two renames) is an unusable entry, compiled again.
/// A cache directory that cannot be written only costs the compilation. Nothing is ever evicted: delete the
/// directory to reclaim space.
/// </remarks>
public sealed class ModuleCache
{
    /// <summary>A cache in <paramref name="directory"/> (created when first written).</summary>
    public ModuleCache(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = Path.GetFullPath(directory);
    }

    /// <summary>The directory of the entries.</summary>
    public string Directory { get; }

    private static readonly Lazy<ModuleCache> DefaultCache = new(() => new ModuleCache(DefaultDirectory));

    /// <summary>
    /// The per-user cache, in <see cref="DefaultDirectory"/> (as it was when first asked for): the one the
    /// <c>witbindgen-run</c> CLI uses, so a host and the CLI share compiled modules.
    /// </summary>
    /// <example>
    /// <code>
    /// using var engine = new Engine();
    /// using var module = ModuleCache.Default.LoadFile(engine, "hello.wasm", out var outcome); // Hit from the second run on
    /// using var context = new WasiContextBuilder().Args("hello").InheritStdio().Build();
    /// int status = Preview1Program.Run(engine, module, context);
    /// </code>
    /// </example>
    public static ModuleCache Default => DefaultCache.Value;

    /// <summary>The per-user default: <c>$XDG_CACHE_HOME/witbindgen</c>, else <c>~/.cache/witbindgen</c> (on Windows, the local application data folder).</summary>
    public static string DefaultDirectory
    {
        get
        {
            var xdg = System.Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            if (!string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg)) return Path.Combine(xdg, "witbindgen");
            if (OperatingSystem.IsWindows())
                return Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.LocalApplicationData), "witbindgen", "cache");
            return Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".cache", "witbindgen");
        }
    }

    /// <summary>The default engine configuration's name, for an engine made by <c>new Engine()</c>.</summary>
    public const string DefaultEngineConfiguration = "default";

    /// <summary>
    /// Compiles the module in the file at <paramref name="path"/> (binary or text) for an engine of the default
    /// configuration (<c>new Engine()</c>), or loads it from the cache; the module is named after the file.
    /// </summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="WasmtimeException">The file is not a module Wasmtime can compile.</exception>
    public Module LoadFile(Engine engine, string path, out ModuleCacheOutcome outcome) =>
        LoadFile(engine, path, DefaultEngineConfiguration, out outcome);

    /// <summary>
    /// Compiles the module in the file at <paramref name="path"/> or loads it from the cache, for an engine whose
    /// configuration <paramref name="engineConfiguration"/> names (see <see cref="Load(Engine, string, byte[], string, out ModuleCacheOutcome)"/>).
    /// </summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="WasmtimeException">The file is not a module Wasmtime can compile.</exception>
    public Module LoadFile(Engine engine, string path, string engineConfiguration, out ModuleCacheOutcome outcome)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Load(engine, Path.GetFileName(path), File.ReadAllBytes(path), engineConfiguration, out outcome);
    }

    /// <summary>
    /// Compiles <paramref name="wasm"/> (binary or text, as <see cref="Module.FromBytes"/> takes it) for an engine of
    /// the default configuration (<c>new Engine()</c>), or loads it from the cache.
    /// </summary>
    public Module Load(Engine engine, string name, byte[] wasm, out ModuleCacheOutcome outcome) =>
        Load(engine, name, wasm, DefaultEngineConfiguration, out outcome);

    /// <summary>
    /// Compiles <paramref name="wasm"/> (binary or text, as <see cref="Module.FromBytes"/> takes it) or loads it from
    /// the cache. <paramref name="engineConfiguration"/> must name the configuration of <paramref name="engine"/>:
    /// modules compiled under one configuration are not looked up under another.
    /// </summary>
    public Module Load(Engine engine, string name, byte[] wasm, string engineConfiguration, out ModuleCacheOutcome outcome) =>
        Load(engine, name, wasm, $"module;{engineConfiguration}", () => Module.FromBytes(engine, name, wasm), out outcome);

    /// <summary>
    /// The cached module for <paramref name="key"/> bytes, or what <paramref name="compile"/> returns (then stored).
    /// <paramref name="variant"/> tells apart modules compiled from the same bytes in different ways: it names the
    /// engine's configuration and any rewriting of the bytes before compiling, and should change whenever they do.
    /// </summary>
    public Module Load(Engine engine, string name, byte[] key, string variant, Func<Module> compile, out ModuleCacheOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(compile);
        var path = EntryPath(key, variant);
        outcome = ModuleCacheOutcome.Miss;
        if (File.Exists(path) || File.Exists(SumPath(path)))
        {
            outcome = ModuleCacheOutcome.Replaced;
            if (IsSound(path))
            {
                try
                {
                    var cached = Module.DeserializeFile(engine, name, path);
                    outcome = ModuleCacheOutcome.Hit;
                    return cached;
                }
                catch (WasmtimeException)
                {
                    // compiled by another Wasmtime or for another CPU: compile again
                }
            }
        }
        var module = compile();
        Store(path, module);
        return module;
    }

    /// <summary>The file an entry's compiled module is kept in (its hash is beside it, in <c>.xxh128</c>).</summary>
    public string EntryPath(byte[] key, string variant)
    {
        ArgumentNullException.ThrowIfNull(key);
        var hash = new XxHash128();
        hash.Append(Encoding.UTF8.GetBytes($"{WasmtimeVersion}\n{RuntimeArchitecture}\n{variant}\n{key.Length}\n"));
        hash.Append(key);
        return Path.Combine(Directory, Convert.ToHexStringLower(hash.GetCurrentHash()) + ".cwasm");
    }

    // The hash an entry's module file is checked against (what its .xxh128 file holds).
    private static byte[] EntryHash(ReadOnlySpan<byte> module) => XxHash128.Hash(module);

    private static readonly string WasmtimeVersion =
        CustomAttributeExtensions.GetCustomAttribute<AssemblyInformationalVersionAttribute>(typeof(Module).Assembly)?.InformationalVersion
        ?? typeof(Module).Assembly.GetName().Version?.ToString() ?? "unknown";

    private static readonly string RuntimeArchitecture = System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString();

    private static string SumPath(string path) => Path.ChangeExtension(path, ".xxh128");

    // True when the entry's module file matches the hash beside it (so it is whole and unchanged since it was written).
    private static bool IsSound(string path)
    {
        try
        {
            var expected = File.ReadAllBytes(SumPath(path));
            if (expected.Length != 16) return false;
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 0);
            var hash = new XxHash128();
            hash.Append(file);
            return hash.GetCurrentHash().AsSpan().SequenceEqual(expected);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static void Store(string path, Module module)
    {
        try
        {
            var payload = module.Serialize();
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            // The module first, then its hash: a reader between the two renames finds them mismatched, not half-written.
            Replace(path, payload);
            Replace(SumPath(path), EntryHash(payload));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or WasmtimeException)
        {
            // an unwritable cache costs only the next compilation
        }
    }

    // Writes a temporary file beside `path` and renames it over `path`: readers see the old file or the new one, whole.
    private static void Replace(string path, byte[] contents)
    {
        var temporary = $"{path}.{System.Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                file.Write(contents);
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            try { File.Delete(temporary); } catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { }
            throw;
        }
    }
}
