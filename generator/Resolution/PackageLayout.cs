using System;
using System.Collections.Generic;
using System.Linq;

namespace WitBindgen.Generator.Resolution;

/// <summary>
/// Groups .wit files into packages by where they stand, as the May-2023 tools did: the files of one directory form
/// a package (each file a document), and <c>deps/&lt;name&gt;/</c> beside them holds the packages it depends on.
/// A single file directly in <c>deps/</c> is a package of its own (today's layout).
/// </summary>
internal static class PackageLayout
{
    internal sealed class PackageFiles
    {
        public PackageFiles(string name, string directory, string rootDirectory, bool isRoot)
        {
            Name = name;
            Directory = directory;
            RootDirectory = rootDirectory;
            IsRoot = isRoot;
        }

        /// <summary>The directory name: how May-2023 paths (<c>io.streams</c>) name a dependency.</summary>
        public string Name { get; }
        public string Directory { get; }
        /// <summary>The root package whose <c>deps/</c> this package is found in (its own directory if it is a root).</summary>
        public string RootDirectory { get; }
        public bool IsRoot { get; }
        public List<int> Files { get; } = new();
    }

    public static string Normalize(string path)
    {
        var p = path.Replace('\\', '/');
        while (p.Contains("//")) p = p.Replace("//", "/");
        return p;
    }

    public static string DirectoryOf(string path)
    {
        int slash = path.LastIndexOf('/');
        return slash < 0 ? "" : path.Substring(0, slash);
    }

    public static string FileStem(string path)
    {
        var name = path.Substring(path.LastIndexOf('/') + 1);
        return name.EndsWith(".wit", StringComparison.OrdinalIgnoreCase) ? name.Substring(0, name.Length - 4) : name;
    }

    public static List<PackageFiles> Group(IReadOnlyList<string> paths)
    {
        var byDirectory = new Dictionary<string, PackageFiles>(StringComparer.Ordinal);
        var order = new List<PackageFiles>();
        for (int i = 0; i < paths.Count; i++)
        {
            var path = Normalize(paths[i]);
            var dir = DirectoryOf(path);
            var segments = dir.Split('/');
            int deps = Array.LastIndexOf(segments, "deps");
            string key, name, root;
            bool isRoot;
            if (deps >= 0 && deps == segments.Length - 1)
            {
                // deps/foo.wit: a single-file package.
                key = path;
                name = FileStem(path);
                root = string.Join("/", segments.Take(deps));
                isRoot = false;
            }
            else if (deps >= 0)
            {
                key = string.Join("/", segments.Take(deps + 2));
                name = segments[deps + 1];
                root = string.Join("/", segments.Take(deps));
                isRoot = false;
            }
            else
            {
                key = dir;
                name = segments.Length > 0 ? segments[segments.Length - 1] : "";
                root = dir;
                isRoot = true;
            }
            if (!byDirectory.TryGetValue(key, out var package))
            {
                package = new PackageFiles(name, key, root, isRoot);
                byDirectory.Add(key, package);
                order.Add(package);
            }
            package.Files.Add(i);
        }
        // Roots first, then dependencies; each group in path order so results do not depend on file order.
        return order.OrderBy(p => p.IsRoot ? 0 : 1).ThenBy(p => p.Directory, StringComparer.Ordinal).ToList();
    }
}
