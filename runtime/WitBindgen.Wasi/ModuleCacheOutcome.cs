using System;
using AssemblyInformationalVersionAttribute = System.Reflection.AssemblyInformationalVersionAttribute;
using CustomAttributeExtensions = System.Reflection.CustomAttributeExtensions;
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
