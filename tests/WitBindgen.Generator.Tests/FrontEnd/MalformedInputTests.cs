using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using WitBindgen.Generator.Diagnostics;
using Xunit;

namespace WitBindgen.Generator.Tests.FrontEnd;

/// <summary>
/// Bad input must give a diagnostic, never an exception: truncations and random edits of real WIT (the command world),
/// each built so that it is certainly invalid, go through the front end and through the Roslyn generator driver.
/// </summary>
public class MalformedInputTests
{
    private const int Seed = 20230518;

    /// <summary>Offsets of a file that are code (not inside a comment), with the brace depth there.</summary>
    private static List<(int Offset, int Depth)> CodePositions(string text)
    {
        var result = new List<(int, int)>();
        int depth = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '/' && i + 1 < text.Length && text[i + 1] == '/')
            {
                while (i < text.Length && text[i] != '\n') i++;
                continue;
            }
            if (text[i] == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                int end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? text.Length : end + 1;
                continue;
            }
            if (text[i] == '{') depth++;
            if (text[i] == '}') depth--;
            result.Add((i, depth));
        }
        return result;
    }

    public static IEnumerable<object[]> Cases()
    {
        var files = TestFiles.CommandWorld();
        var random = new Random(Seed);
        var cases = new List<object[]>();
        string[] invalidChars = { "$", "#", "!", "?", "~", "^", "&", "|", "\\", "\"", "'", "`", "[", "]", "\u0000", "\u00e9", "\U0001F600" };
        for (int n = 0; n < 240; n++)
        {
            int fileIndex = random.Next(files.Length);
            var (path, text) = files[fileIndex];
            var code = CodePositions(text);
            string mutated, how;
            switch (n % 4)
            {
                case 0:
                {
                    // Truncate inside braces: an item is left open.
                    var inside = code.Where(c => c.Depth > 0).ToList();
                    var at = inside[random.Next(inside.Count)].Offset;
                    mutated = text.Substring(0, at);
                    how = $"truncated at {at}";
                    break;
                }
                case 1:
                {
                    // A character no WIT token has, inserted in code.
                    var at = code[random.Next(code.Count)].Offset;
                    var c = invalidChars[random.Next(invalidChars.Length)];
                    mutated = text.Insert(at, c);
                    how = $"inserted U+{char.ConvertToUtf32(c, 0):X4} at {at}";
                    break;
                }
                case 2:
                {
                    // Remove one closing brace: the file ends inside an item.
                    var braces = code.Where(c => text[c.Offset] == '}').ToList();
                    var at = braces[random.Next(braces.Count)].Offset;
                    mutated = text.Remove(at, 1);
                    how = $"removed '}}' at {at}";
                    break;
                }
                default:
                {
                    // Replace an identifier character with a digit at a word start, or break a keyword.
                    var starts = code.Where(c => char.IsLetter(text[c.Offset]) && (c.Offset == 0 || !char.IsLetterOrDigit(text[c.Offset - 1]) && text[c.Offset - 1] != '-' && text[c.Offset - 1] != '%')).ToList();
                    var at = starts[random.Next(starts.Count)].Offset;
                    mutated = text.Remove(at, 1).Insert(at, "9");
                    how = $"digit at word start {at}";
                    break;
                }
            }
            cases.Add(new object[] { n, fileIndex, how, mutated });
        }
        return cases;
    }

    [Fact]
    public void Every_malformed_variant_of_the_command_world_gets_a_diagnostic_and_no_exception()
    {
        var files = TestFiles.CommandWorld();
        var failures = new List<string>();
        int count = 0;
        foreach (var c in Cases())
        {
            count++;
            var (n, fileIndex, how, mutated) = ((int)c[0], (int)c[1], (string)c[2], (string)c[3]);
            var input = files.Select((f, i) => new WitSourceFile(f.Path, i == fileIndex ? mutated : f.Text)).ToArray();
            WitLoadResult result;
            try
            {
                result = WitFrontEnd.Load(input);
            }
            catch (Exception ex)
            {
                failures.Add($"case {n} ({files[fileIndex].Path}, {how}): threw {ex}");
                continue;
            }
            if (result.Diagnostics.IsEmpty)
                failures.Add($"case {n} ({files[fileIndex].Path}, {how}): no diagnostic");
            else if (result.Diagnostics.Any(d => d.Id == WitDiagnosticIds.InternalError))
                failures.Add($"case {n} ({files[fileIndex].Path}, {how}): internal error {result.Diagnostics.First()}");
            else if (result.Diagnostics.Any(d => d.Span.Path.Length == 0))
                failures.Add($"case {n} ({files[fileIndex].Path}, {how}): diagnostic without a file");
        }
        Assert.True(count >= 200);
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
    }

    [Fact]
    public void Random_bytes_never_throw()
    {
        var random = new Random(Seed);
        for (int n = 0; n < 300; n++)
        {
            var bytes = new byte[random.Next(1, 400)];
            random.NextBytes(bytes);
            var text = Encoding.UTF8.GetString(bytes); // invalid UTF-8 becomes U+FFFD, as Roslyn's reader does
            var result = WitFrontEnd.Load(new[] { new WitSourceFile("/r/wit/random.wit", text) });
            Assert.DoesNotContain(result.Diagnostics, d => d.Id == WitDiagnosticIds.InternalError);
        }
    }

    [Fact]
    public void Every_prefix_of_a_small_file_is_handled()
    {
        const string text = "/// doc\ndefault interface i {\n  use self.j.{t as u}\n  record r { a: list<option<result<u8, string>>>, }\n  variant v { a(tuple<u8, char>), b }\n  f: func(x: r) -> (y: u, z: v)\n}\ninterface j { type t = u32 }\ndefault world w { import i: self.i\n export f: func() }\n";
        Assert.True(WitFrontEnd.Load(new[] { new WitSourceFile("/p/wit/t.wit", text) }).Diagnostics.IsEmpty);
        for (int i = 0; i < text.Length; i++)
        {
            var result = WitFrontEnd.Load(new[] { new WitSourceFile("/p/wit/t.wit", text.Substring(0, i)) });
            Assert.DoesNotContain(result.Diagnostics, d => d.Id == WitDiagnosticIds.InternalError);
        }
    }
}
