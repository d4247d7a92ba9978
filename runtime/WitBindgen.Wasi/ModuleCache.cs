using System;
using System.IO;
using AssemblyInformationalVersionAttribute = System.Reflection.AssemblyInformationalVersionAttribute;
using CustomAttributeExtensions = System.Reflection.CustomAttributeExtensions;
using System.Security.Cryptography;
using System.Text;
using Wasmtime;

namespace WitBindgen.Wasi;

/// <summary>What <see cref="ModuleCache.Load(Engine, string, byte[], string, Func{Module}, out ModuleCacheOutcome)"/> did.</summary>
public enum ModuleCacheOutcome
{
    /// <summary>The compiled module came from the cache: nothing was compiled.</summary>
    Hit,

    /// <summary>No entry: the module was compiled and stored.</summary>
    Miss,

    /// <summary>An entry existed but was unusable (truncated, corrupt, or from another Wasmtime): compiled and rewritten.</summary>
    Replaced,
}

/// <summary>
/// A cache of compiled modules on disk, keyed by content: a hash of the module's bytes, the Wasmtime version, the
/// engine's configuration (named by the caller) and a variant (for bytes the host rewrites before compiling). A
/// second load of the same bytes deserializes Wasmtime's machine code instead of compiling it again.
/// </summary>
/// <remarks>
/// Built on <see cref="Module.Serialize"/>/<see cref="Module.Deserialize"/> rather than Wasmtime's own cache
/// (<c>Config.WithCacheConfig</c>) because it tells its caller whether it hit, needs no TOML file, and guards its
/// entries itself: Wasmtime trusts serialized code, so every entry carries a SHA-256 of its payload that is checked
/// before deserializing, and a corrupt, truncated or incompatible entry is compiled again and rewritten, never run.
/// Entries are written to a temporary file and renamed into place, so concurrent processes never see half an entry.
/// A cache directory that cannot be written only costs the compilation. Nothing is ever evicted: delete the
/// directory to reclaim space.
/// </remarks>
public sealed class ModuleCache
{
    private static readonly byte[] Magic = "WBMC\u0001\0\0\0"u8.ToArray();
    private const int HeaderSize = 8 + 32; // magic+format, SHA-256 of the payload

    /// <summary>A cache in <paramref name="directory"/> (created when first written).</summary>
    public ModuleCache(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = Path.GetFullPath(directory);
    }

    /// <summary>The directory of the entries.</summary>
    public string Directory { get; }

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
    /// Compiles <paramref name="wasm"/> (binary or text, as <see cref="Module.FromBytes"/> takes it) or loads it from
    /// the cache. <paramref name="engineConfiguration"/> must name the configuration of <paramref name="engine"/>:
    /// modules compiled under one configuration are not looked up under another.
    /// </summary>
    public Module Load(Engine engine, string name, byte[] wasm, out ModuleCacheOutcome outcome, string engineConfiguration = DefaultEngineConfiguration) =>
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
        if (TryRead(path) is { } payload)
        {
            try
            {
                var cached = Module.Deserialize(engine, name, payload.Span);
                outcome = ModuleCacheOutcome.Hit;
                return cached;
            }
            catch (WasmtimeException)
            {
                // compiled by another Wasmtime or for another CPU: compile again
            }
            outcome = ModuleCacheOutcome.Replaced;
        }
        else if (File.Exists(path))
        {
            outcome = ModuleCacheOutcome.Replaced;
        }
        var module = compile();
        Store(path, module);
        return module;
    }

    /// <summary>The file an entry is kept in.</summary>
    public string EntryPath(byte[] key, string variant)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{WasmtimeVersion}\n{RuntimeArchitecture}\n{variant}\n"));
        hash.AppendData(key);
        return Path.Combine(Directory, Convert.ToHexStringLower(hash.GetHashAndReset()) + ".cwasm");
    }

    private static readonly string WasmtimeVersion =
        CustomAttributeExtensions.GetCustomAttribute<AssemblyInformationalVersionAttribute>(typeof(Module).Assembly)?.InformationalVersion
        ?? typeof(Module).Assembly.GetName().Version?.ToString() ?? "unknown";

    private static readonly string RuntimeArchitecture = System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString();

    // The payload of a sound entry, or null when it is missing, unreadable, truncated or corrupt.
    private static ReadOnlyMemory<byte>? TryRead(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        if (bytes.Length <= HeaderSize || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic)) return null;
        var payload = bytes.AsMemory(HeaderSize);
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(payload.Span, digest);
        return digest.SequenceEqual(bytes.AsSpan(Magic.Length, 32)) ? payload : null;
    }

    private static void Store(string path, Module module)
    {
        string? temporary = null;
        try
        {
            var payload = module.Serialize();
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            temporary = $"{path}.{System.Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                file.Write(Magic);
                file.Write(SHA256.HashData(payload));
                file.Write(payload);
            }
            File.Move(temporary, path, overwrite: true); // rename: readers see the old entry or the new one, whole
            temporary = null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or WasmtimeException)
        {
            // an unwritable cache costs only the next compilation
        }
        finally
        {
            if (temporary is not null)
            {
                try { File.Delete(temporary); } catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { }
            }
        }
    }
}
