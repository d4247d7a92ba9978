using System.Globalization;
using System.Linq;
using WitBindgen.Generator.Model;

namespace WitBindgen.Generator.Emit;

/// <summary>
/// Flags with more than 64 members, which no enum can hold: a struct over <c>uint</c> words (flag <c>i</c> is bit
/// <c>i % 32</c> of word <c>i / 32</c>, as in the canonical ABI) with a property per flag and the usual operators.
/// </summary>
internal sealed class LargeFlagsEmitter
{
    public void Emit(CodeWriter w, TypePlan type, FlagsKind flags, FileContext file)
    {
        var name = type.Name;
        int n = flags.Flags.Count;
        int words = (n + 31) / 32;
        int rest = n % 32;
        string lastMask = rest == 0 ? "0xFFFFFFFFu" : "0x" + ((1u << rest) - 1).ToString("X", CultureInfo.InvariantCulture) + "u";
        string wc = words.ToString(CultureInfo.InvariantCulture);
        var span = file.Known("System", "ReadOnlySpan");
        var math = file.Known("System", "Math");
        var hashCode = file.Known("System", "HashCode");
        var equatable = file.Known("System", "IEquatable");

        DocComments.Summary(w, type.Def.Docs);
        DocComments.Obsolete(w, type.Def.Deprecated);
        w.Open($"public readonly struct {name} : {equatable}<{name}>");
        w.Line($"private const int WordCount = {wc};");
        w.Line($"private const uint LastWordMask = {lastMask};");
        w.Line($"private static readonly uint[] s_zero = new uint[WordCount];");
        w.Line("private static readonly string[] s_names =");
        w.Line("{");
        w.Indent();
        for (int i = 0; i < n; i += 8)
            w.Line(string.Join(" ", type.Members.Skip(i).Take(8).Select(m => "\"" + m + "\",")));
        w.Dedent();
        w.Line("};");
        w.BlankLine();
        w.Line("private readonly uint[]? _words;");
        w.BlankLine();
        DocComments.Generated(w, $"Flags from their bits, 32 a word: flag <c>i</c> is bit <c>i % 32</c> of word <c>i / 32</c>; missing words are zero and bits past the last flag are ignored.");
        w.Line($"/// <param name=\"words\">The bits, at most {wc} words.</param>");
        w.Open($"public {name}({span}<uint> words)");
        w.Line("var copy = new uint[WordCount];");
        w.Line($"words.Slice(0, {math}.Min(words.Length, WordCount)).CopyTo(copy);");
        w.Line("copy[WordCount - 1] &= LastWordMask;");
        w.Line("_words = copy;");
        w.Close();
        w.BlankLine();
        w.Line($"private {name}(uint[] words, bool owned) => _words = owned ? words : (uint[])words.Clone();");
        w.BlankLine();
        DocComments.Generated(w, "No flags set.");
        w.Line($"public static {name} None => default;");
        for (int i = 0; i < n; i++)
        {
            w.BlankLine();
            DocComments.Summary(w, flags.Flags[i].Docs);
            w.Line($"public static {name} {type.Members[i]} {{ get; }} = Single({i / 32}, 1u << {i % 32});");
        }
        w.BlankLine();
        DocComments.Generated(w, $"The bits, {wc} words of 32: flag <c>i</c> is bit <c>i % 32</c> of word <c>i / 32</c>.");
        w.Line($"public {span}<uint> Words => _words ?? s_zero;");
        w.BlankLine();
        DocComments.Generated(w, "Whether every flag set in <paramref name=\"flag\"/> is set here.");
        w.Line("/// <param name=\"flag\">One flag or several.</param>");
        w.Open($"public bool HasFlag({name} flag)");
        w.Line("var a = Words;");
        w.Line("var b = flag.Words;");
        w.Line("for (int i = 0; i < WordCount; i++)");
        w.Line("{");
        w.Line("    if ((a[i] & b[i]) != b[i]) return false;");
        w.Line("}");
        w.Line("return true;");
        w.Close();
        Binary(w, name, "|", "The flags set in either operand.");
        Binary(w, name, "&", "The flags set in both operands.");
        Binary(w, name, "^", "The flags set in exactly one operand.");
        w.BlankLine();
        DocComments.Generated(w, "The flags not set in the operand.");
        w.Line("/// <param name=\"value\">The flags to invert.</param>");
        w.Open($"public static {name} operator ~({name} value)");
        w.Line("var a = value.Words;");
        w.Line("var result = new uint[WordCount];");
        w.Line("for (int i = 0; i < WordCount; i++) result[i] = ~a[i];");
        w.Line("result[WordCount - 1] &= LastWordMask;");
        w.Line($"return new {name}(result, owned: true);");
        w.Close();
        w.BlankLine();
        DocComments.Generated(w, "Whether both have the same flags set.");
        w.Line("/// <param name=\"left\">Some flags.</param>");
        w.Line("/// <param name=\"right\">Other flags.</param>");
        w.Line($"public static bool operator ==({name} left, {name} right) => left.Equals(right);");
        w.BlankLine();
        DocComments.Generated(w, "Whether the two differ in any flag.");
        w.Line("/// <param name=\"left\">Some flags.</param>");
        w.Line("/// <param name=\"right\">Other flags.</param>");
        w.Line($"public static bool operator !=({name} left, {name} right) => !left.Equals(right);");
        w.BlankLine();
        DocComments.Generated(w, "Whether both have the same flags set.");
        w.Line("/// <param name=\"other\">The flags to compare with.</param>");
        w.Open($"public bool Equals({name} other)");
        w.Line("var a = Words;");
        w.Line("var b = other.Words;");
        w.Line("for (int i = 0; i < WordCount; i++)");
        w.Line("{");
        w.Line("    if (a[i] != b[i]) return false;");
        w.Line("}");
        w.Line("return true;");
        w.Close();
        w.BlankLine();
        w.Line("/// <inheritdoc/>");
        w.Line($"public override bool Equals(object? obj) => obj is {name} other && Equals(other);");
        w.BlankLine();
        w.Line("/// <inheritdoc/>");
        w.Open("public override int GetHashCode()");
        w.Line($"var hash = new {hashCode}();");
        w.Line("foreach (var word in Words) hash.Add(word);");
        w.Line("return hash.ToHashCode();");
        w.Close();
        w.BlankLine();
        DocComments.Generated(w, "The names of the flags set, joined with <c> | </c>, or <c>None</c>.");
        w.Open("public override string ToString()");
        w.Line($"var names = new {file.Known("System.Collections.Generic", "List")}<string>();");
        w.Line("var a = Words;");
        w.Line("for (int i = 0; i < s_names.Length; i++)");
        w.Line("{");
        w.Line("    if ((a[i / 32] & (1u << (i % 32))) != 0) names.Add(s_names[i]);");
        w.Line("}");
        w.Line($"return names.Count == 0 ? \"None\" : string.Join(\" | \", names);");
        w.Close();
        w.BlankLine();
        w.Open($"private static {name} Single(int word, uint bit)");
        w.Line("var words = new uint[WordCount];");
        w.Line("words[word] = bit;");
        w.Line($"return new {name}(words, owned: true);");
        w.Close();
        w.Close();
    }

    private static void Binary(CodeWriter w, string name, string op, string summary)
    {
        w.BlankLine();
        DocComments.Generated(w, summary);
        w.Line("/// <param name=\"left\">Some flags.</param>");
        w.Line("/// <param name=\"right\">Other flags.</param>");
        w.Open($"public static {name} operator {op}({name} left, {name} right)");
        w.Line("var a = left.Words;");
        w.Line("var b = right.Words;");
        w.Line("var result = new uint[WordCount];");
        w.Line($"for (int i = 0; i < WordCount; i++) result[i] = a[i] {op} b[i];");
        w.Line($"return new {name}(result, owned: true);");
        w.Close();
    }
}
