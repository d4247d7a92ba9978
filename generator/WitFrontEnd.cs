using System;
using System.Collections.Generic;
using System.Linq;
using WitBindgen.Generator.Diagnostics;
using WitBindgen.Generator.Model;
using WitBindgen.Generator.Resolution;
using WitBindgen.Generator.Syntax;
using WitBindgen.Generator.Util;

namespace WitBindgen.Generator;

/// <summary>One .wit file: its path (which decides its package) and its text.</summary>
public sealed record WitSourceFile(string Path, string Text);

/// <summary>What loading WIT produced: the resolved model (null only if nothing could be read) and the problems.</summary>
public sealed record WitLoadResult(Resolve? Resolve, EquatableArray<WitDiagnostic> Diagnostics)
{
    public bool HasErrors => !Diagnostics.IsEmpty;
}

/// <summary>The WIT front end: lexer → parser → resolver. Never throws on any input.</summary>
public static class WitFrontEnd
{
    /// <summary>
    /// Reads and resolves <paramref name="files"/>. Items gated <c>@unstable(feature = f)</c> are kept only when
    /// <paramref name="features"/> names <c>f</c>.
    /// </summary>
    public static WitLoadResult Load(IReadOnlyList<WitSourceFile> files, IEnumerable<string>? features = null)
    {
        var enabled = features?.ToList();
        var diagnostics = new List<WitDiagnostic>();
        try
        {
            var asts = new List<FileAst>(files.Count);
            foreach (var file in files)
            {
                asts.Add(Parser.Parse(new WitSource(file.Path, file.Text ?? ""), diagnostics, enabled));
            }
            var resolve = Resolver.Run(asts, diagnostics);
            return new WitLoadResult(resolve, Sorted(diagnostics));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A bug of ours must not take the compiler down: say so at the first file.
            diagnostics.Add(new WitDiagnostic(WitDiagnosticIds.InternalError,
                $"internal error in the WIT front end ({ex.GetType().Name}: {ex.Message}); please report it",
                SourceSpan.None(files.Count > 0 ? files[0].Path : "")));
            return new WitLoadResult(null, Sorted(diagnostics));
        }
    }

    private static EquatableArray<WitDiagnostic> Sorted(List<WitDiagnostic> diagnostics) =>
        diagnostics
            .OrderBy(d => d.Span.Path, StringComparer.Ordinal)
            .ThenBy(d => d.Span.Start)
            .ToEquatableArray();

    /// <summary>
    /// Picks the world to generate: the one named (<c>name</c>, <c>document.name</c>, <c>package.document.name</c>,
    /// or today's <c>ns:pkg/name</c> and <c>ns:pkg/name@version</c>), else the only world of the root packages, else
    /// their one default world.
    /// </summary>
    public static (int World, WitDiagnostic? Problem) SelectWorld(Resolve resolve, string? name, string firstPath)
    {
        var candidates = Enumerable.Range(0, resolve.Worlds.Count)
            .Where(i => resolve.Packages[resolve.Worlds[i].Package].IsRoot)
            .ToList();
        // Named in full (ns:pkg/world), any world qualifies, dependencies' included.
        if (name is { } full && full.Contains(":") && full.Contains("/"))
            candidates = Enumerable.Range(0, resolve.Worlds.Count).ToList();
        string Describe(int i)
        {
            var w = resolve.Worlds[i];
            var p = resolve.Packages[w.Package];
            return p.Namespace is { } ns ? $"{ns}:{p.Name}/{w.Name}{(p.Version is null ? "" : "@" + p.Version)}" : $"{p.Name}.{w.Document}.{w.Name}";
        }
        if (!string.IsNullOrWhiteSpace(name))
        {
            var wanted = name!.Trim();
            var matches = candidates.Where(i =>
            {
                var w = resolve.Worlds[i];
                var p = resolve.Packages[w.Package];
                return w.Name == wanted || $"{w.Document}.{w.Name}" == wanted || Describe(i) == wanted
                    || (p.Namespace is { } ns && (wanted == $"{ns}:{p.Name}/{w.Name}" || wanted == $"{ns}:{p.Name}/{w.Name}@{p.Version}"));
            }).ToList();
            if (matches.Count == 1) return (matches[0], null);
            var id = matches.Count == 0 ? WitDiagnosticIds.UnknownWorld : WitDiagnosticIds.AmbiguousWorld;
            var message = matches.Count == 0
                ? $"WitBindgenWorld names '{wanted}', but the WIT has no such world; worlds found: {List(candidates.Select(Describe))}"
                : $"WitBindgenWorld '{wanted}' matches several worlds: {List(matches.Select(Describe))}; qualify it as package.document.world";
            return (-1, new WitDiagnostic(id, message, SourceSpan.None(firstPath)));
        }
        if (candidates.Count == 1) return (candidates[0], null);
        var defaults = candidates.Where(i =>
        {
            var w = resolve.Worlds[i];
            var doc = resolve.Packages[w.Package].Documents.FirstOrDefault(d => d.Name == w.Document);
            return doc is not null && doc.DefaultWorld == i;
        }).ToList();
        if (defaults.Count == 1) return (defaults[0], null);
        if (candidates.Count == 0)
        {
            bool today = resolve.Packages.Any(p => p.IsRoot && p.Namespace != null);
            return (-1, new WitDiagnostic(WitDiagnosticIds.NoWorld, today
                    ? "the WIT files define no world outside deps/: add one, as in 'world my-world { import x; }'"
                    : "the WIT files define no world outside deps/: add one, as in 'default world my-world { import x: pkg.x }'",
                SourceSpan.None(firstPath)));
        }
        return (-1, new WitDiagnostic(WitDiagnosticIds.AmbiguousWorld,
            $"the WIT files define several worlds ({List(candidates.Select(Describe))}): choose one with <WitBindgenWorld> in the project file",
            SourceSpan.None(firstPath)));
    }

    private static string List(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count == 0 ? "none" : string.Join(", ", list.Select(s => "'" + s + "'"));
    }
}
