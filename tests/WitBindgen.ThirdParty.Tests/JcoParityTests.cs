using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using Jco.WasmTools;
using Wasmtime;
using WitBindgen.Runtime;
using Xunit;

namespace WitBindgen.ThirdParty.Tests;

/// <summary>
/// Replays every call of out/expected.json (written by expected.mjs through jco 0.6.1's own JavaScript glue) on the
/// same guest through our generated glue, and requires the same result: bytes for binaries, text, error messages,
/// traps, and what the guest logged.
/// </summary>
public sealed class JcoParityTests
{
    public static IEnumerable<object[]> Cases()
    {
        if (!File.Exists(Files.ExpectedPath)) return new[] { new object[] { Files.Missing(Files.ExpectedPath) } };
        return Files.Expected["cases"]!.AsArray().Select(c => new object[] { (string)c!["name"]! });
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SameResultAsJco(string name)
    {
        var c = Files.Case(name);
        var fn = (string)c["fn"]!;
        var args = c["args"]!.AsObject();
        var expected = c["result"]!.AsObject();
        using var guest = new WasmToolsGuest();

        if (expected["trap"] is { } trap)
        {
            var ex = Assert.ThrowsAny<WasmtimeException>(() => Call(guest.Tools, fn, args));
            // V8 says "unreachable"; Wasmtime "wasm trap: wasm `unreachable` instruction executed".
            Assert.Contains((string)trap!, ex.Message, StringComparison.Ordinal);
        }
        else
        {
            var (isOk, value) = Call(guest.Tools, fn, args);
            if (expected["err"] is { } err)
            {
                Assert.False(isOk, $"{name}: expected Err({err}), got Ok");
                Assert.Equal((string)err!, Assert.IsType<string>(value));
            }
            else
            {
                Assert.True(isOk, $"{name}: expected Ok, got Err({value})");
                var ok = expected["ok"]!;
                switch (value)
                {
                    case byte[] bytes: Assert.Equal(Convert.FromBase64String((string)ok!), bytes); break;
                    case string text: Assert.Equal((string)ok!, text); break;
                    case JsonNode json: Assert.True(JsonNode.DeepEquals(ok, json), $"{name}: expected {ok.ToJsonString()}\n got {json.ToJsonString()}"); break;
                    default: throw new InvalidOperationException($"unexpected value {value}");
                }
            }
        }
        Assert.Equal(c["logs"]!.AsArray().Select(l => (string)l!), guest.Recorder.Errors);
        Assert.Empty(guest.Recorder.Logs);
    }

    /// <summary>Calls one export with the JSON arguments; returns Ok/Err with the value as bytes, text or JSON.</summary>
    private static (bool IsOk, object Value) Call(IExports tools, string fn, JsonObject args)
    {
        static (bool, object) Out<T>(Result<T, string> r, Func<T, object> ok) => r.IsOk ? (true, ok(r.OkValue)) : (false, r.ErrValue);
        static object Array(ReadOnlyMemory<byte> m) => m.ToArray();
        return fn switch
        {
            "parse" => Out(tools.Parse((string)args["wat"]!), Array),
            "print" => Out(tools.Print(Bytes(args["binary"]!)), t => t),
            "component-new" => Out(tools.ComponentNew(Bytes(args["binary"]!),
                args["adapters"]?.AsArray().Select(a => ((string)a![0]!, (ReadOnlyMemory<byte>)Bytes(a[1]!))).ToList()), Array),
            "component-wit" => Out(tools.ComponentWit(Bytes(args["binary"]!), (string?)args["document"]), t => t),
            "component-embed" => Out(tools.ComponentEmbed(Binary(args["binary"]), (string)args["wit"]!, EmbedOpts(args["opts"])), Array),
            "metadata-show" => Out(tools.MetadataShow(Bytes(args["binary"]!)), list => new JsonArray(list.Select(ToJson).ToArray())),
            "metadata-add" => Out(tools.MetadataAdd(Bytes(args["binary"]!), Producers(args["metadata"]!)), Array),
            _ => throw new InvalidOperationException($"unknown function {fn}"),
        };
    }

    private static ReadOnlyMemory<byte> Bytes(JsonNode node) => Convert.FromBase64String((string)node!);

    // Not `node is null ? null : Bytes(node)`: that types the conditional as ReadOnlyMemory<byte> and turns null,
    // through the implicit conversion from byte[], into an empty list: Some(empty) instead of None.
    private static ReadOnlyMemory<byte>? Binary(JsonNode? node) => node is null ? (ReadOnlyMemory<byte>?)null : Bytes(node);

    private static IReadOnlyList<(string, IReadOnlyList<(string, string)>)> Producers(JsonNode node) =>
        node.AsArray().Select(f => ((string)f![0]!,
            (IReadOnlyList<(string, string)>)f[1]!.AsArray().Select(p => ((string)p![0]!, (string)p[1]!)).ToList())).ToList();

    private static Exports.EmbedOpts? EmbedOpts(JsonNode? node)
    {
        if (node is null) return null;
        Exports.StringEncoding? encoding = (string?)node["stringEncoding"] switch
        {
            null => null,
            "utf8" => Exports.StringEncoding.Utf8,
            "utf16" => Exports.StringEncoding.Utf16,
            "compact-utf16" => Exports.StringEncoding.CompactUtf16,
            var other => throw new InvalidOperationException($"unknown string encoding {other}"),
        };
        return new Exports.EmbedOpts(encoding, (bool?)node["dummy"], (string?)node["world"],
            node["metadata"] is { } m ? Producers(m) : null);
    }

    /// <summary>A module-metadata in the shape jco's glue gives it in JavaScript.</summary>
    private static JsonNode ToJson(Exports.ModuleMetadata m) => new JsonObject
    {
        ["name"] = m.Name,
        ["metaType"] = m.MetaType.Match<JsonNode>(
            () => new JsonObject { ["tag"] = "module" },
            n => new JsonObject { ["tag"] = "component", ["val"] = n }),
        ["range"] = new JsonArray(m.Range.Item1, m.Range.Item2),
        ["producers"] = new JsonArray(m.Producers.Select(f => (JsonNode)new JsonArray(
            f.Item1, new JsonArray(f.Item2.Select(p => (JsonNode)new JsonArray(p.Item1, p.Item2)).ToArray()))).ToArray()),
    };
}
