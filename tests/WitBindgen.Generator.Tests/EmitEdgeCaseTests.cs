using System;
using System.Collections.Generic;
using System.Linq;
using WitBindgen.Generator.Emit;
using WitBindgen.Generator.Model;
using WitBindgen.Generator.Util;
using Xunit;

namespace WitBindgen.Generator.Tests;

/// <summary>Names that clash or hide others, broken models, and the mapping rules one by one.</summary>
public class EmitEdgeCaseTests
{
    private static Resolve Load(string text, params (string Path, string Text)[] more)
    {
        var files = new[] { new WitSourceFile("/t/wit/main.wit", text) }
            .Concat(more.Select(m => new WitSourceFile(m.Path, m.Text))).ToArray();
        var loaded = WitFrontEnd.Load(files);
        Assert.NotNull(loaded.Resolve);
        return loaded.Resolve!;
    }

    private static EquatableArray<GeneratedSource> Emit(Resolve resolve, string ns = "Test")
    {
        var (world, problem) = WitFrontEnd.SelectWorld(resolve, null, "");
        Assert.Null(problem);
        return CSharpEmitter.Emit(resolve, world, new EmitOptions(ns));
    }

    private static string All(EquatableArray<GeneratedSource> sources) => string.Join("\n", sources.Select(s => s.Text));

    private static void AssertCompiles(EquatableArray<GeneratedSource> sources, params string[] extra)
    {
        var problems = SnapshotWorlds.Problems(SnapshotWorlds.Compile(sources, extra));
        Assert.True(problems.Length == 0, problems + "\n\n" + All(sources));
    }

    [Theory]
    [InlineData("ip-socket-address", "IpSocketAddress")]
    [InlineData("%type", "Type")]
    [InlineData("ipv4", "Ipv4")]
    [InlineData("ipv4-address", "Ipv4Address")]
    [InlineData("default-outgoing-HTTP", "DefaultOutgoingHTTP")]
    [InlineData("a", "A")]
    [InlineData("", "_")]
    public void Pascal(string wit, string expected) => Assert.Equal(expected, Naming.Pascal(wit));

    [Theory]
    [InlineData("new-timestamp", "newTimestamp")]
    [InlineData("this", "@this")]
    [InlineData("in", "@in")]
    [InlineData("%string", "@string")]
    [InlineData("HTTP-request", "httpRequest")]
    [InlineData("value", "value")]
    public void Camel(string wit, string expected) => Assert.Equal(expected, Naming.Camel(wit));

    [Fact]
    public void Docs_AreEscapedLineByLine()
    {
        var lines = DocComments.Lines("a <b> & c\n\n`x` and `y`\nodd ` tick\n");
        Assert.Equal(new[] { "a &lt;b&gt; &amp; c", "", "<c>x</c> and <c>y</c>", "odd ` tick" }, lines);
    }

    [Fact]
    public void RuntimeAndSystemNames_DeclaredByWit_AreQualified()
    {
        var resolve = Load("""
            default interface things {
              record %result { a: u32 }
              record %option { b: u32 }
              record unit { c: u32, bytes: list<u8> }
              variant %func { rune(u32), %list(string) }
              record read-only-memory { d: u8 }
              flags %flags { a, b }
              record hash-code { e: u8 }

              go: func(a: result<u32, string>, b: option<option<u32>>, c: list<u8>, d: char, e: tuple<u8>, f: %func, g: list<string>) -> result
              keep: func(r: %result, o: %option, u: unit, m: read-only-memory) -> tuple<>
            }
            default world w {
              import things: self.things
            }
            """);
        var sources = Emit(resolve);
        var text = All(sources);
        Assert.Contains("global::WitBindgen.Runtime.Result<uint, string>", text);
        Assert.Contains("global::WitBindgen.Runtime.Option<uint?>", text);
        Assert.Contains("global::System.ReadOnlyMemory<byte> Bytes", text);
        Assert.Contains("global::System.Flags", text);
        AssertCompiles(sources);
    }

    [Fact]
    public void NestedTypeNamedLikeAnotherClass_IsQualifiedGlobally()
    {
        var resolve = Load("""
            interface net {
              record addr { port: u16 }
            }
            default interface user {
              use self.net.{addr}
              record net { a: addr }
              variant choice { addr(addr), net(net), none }
              get: func(a: addr) -> net
            }
            default world w {
              import user: self.user
            }
            """);
        var sources = Emit(resolve);
        var text = All(sources);
        Assert.Contains("public readonly record struct Net(global::Test.Net.Addr A);", text);
        Assert.Contains("public sealed record Addr(global::Test.Net.Addr Value) : Choice", text);
        Assert.Contains("public sealed record Net(User.Net Value) : Choice", text);
        AssertCompiles(sources);
    }

    [Fact]
    public void ClassNamedLikeTheNamespace_GetsThePackagePrefix()
    {
        var resolve = Load("""
            default interface types {
              record thing { a: u32 }
              get: func() -> thing
            }
            default world w {
              import types: self.types
            }
            """);
        var sources = Emit(resolve, "My.Types");
        var text = All(sources);
        Assert.Contains("public static partial class WitTypes", text);
        Assert.Contains("public interface ITypes", text);
        AssertCompiles(sources);
    }

    [Fact]
    public void InterfaceImportedTwiceAndExported_GetsOneClassAndThreeInterfaces()
    {
        var resolve = Load("""
            default interface api {
              record thing { a: u32 }
              get: func(bytes: list<u8>) -> thing
            }
            default world w {
              import first: self.api
              import second: self.api
              export first: self.api
            }
            """);
        var sources = Emit(resolve);
        var text = All(sources);
        Assert.Single(sources, s => s.Text.Contains("public static partial class First"));
        Assert.Contains("public interface IFirst", text);
        Assert.Contains("public interface ISecond", text);
        Assert.Contains("public interface IFirstExport", text);
        Assert.Contains("First.Thing Get(ReadOnlySpan<byte> bytes);", text);
        Assert.Contains("First.Thing Get(ReadOnlyMemory<byte> bytes);", text);
        AssertCompiles(sources);
    }

    [Fact]
    public void FutureAndStream_AreObjectsWithARemark()
    {
        var resolve = Load("""
            default interface api {
              record holder { f: future<u32>, s: option<stream<u8, string>> }
              get: func(f: future) -> holder
            }
            default world w {
              import api: self.api
            }
            """);
        var sources = Emit(resolve);
        var text = All(sources);
        Assert.Contains("public readonly record struct Holder(object F, object? S);", text);
        Assert.Contains("Api.Holder Get(object f);", text);
        Assert.Contains("<remarks>WIT <c>future</c> and <c>stream</c>", text);
        AssertCompiles(sources);
    }

    [Fact]
    public void MethodsNamedLikeObjectMembers_AreRenamedOnlyWhenTheyWouldHide()
    {
        var resolve = Load("""
            default interface api {
              to-string: func() -> string
              get-type: func(x: u32) -> u32
              equals: func(x: u32) -> bool
              get-hash-code: func(x: u32) -> u32
            }
            default world w {
              export api: self.api
            }
            """);
        var sources = Emit(resolve);
        var text = All(sources);
        Assert.Contains("string ToStringValue();", text);
        Assert.Contains("uint GetType(uint x);", text);
        Assert.Contains("bool EqualsValue(uint x);", text);
        Assert.Contains("uint GetHashCode(uint x);", text);
        AssertCompiles(sources, """
            #pragma warning disable CS1591
            namespace Test.Impl;
            public sealed class Impl : Test.IApi
            {
                public string ToStringValue() => "";
                public uint GetType(uint x) => x;
                public bool EqualsValue(uint x) => true;
                public uint GetHashCode(uint x) => x;
            }
            """);
    }

    [Fact]
    public void EnumsAndFlags_PickTheirWidthByCount()
    {
        string Cases(string prefix, int n) => string.Join(", ", Enumerable.Range(0, n).Select(i => prefix + i));
        var resolve = Load($$"""
            default interface api {
              enum e256 { {{Cases("c", 256)}} }
              enum e257 { {{Cases("c", 257)}} }
              variant v257 { {{Cases("c", 257)}} }
              flags f200 { {{Cases("f", 200)}} }
              use-them: func(a: e256, b: e257, c: v257, d: f200)
            }
            default world w {
              import api: self.api
            }
            """);
        var sources = Emit(resolve);
        var text = All(sources);
        Assert.Contains("public enum E256 : byte", text);
        Assert.Contains("public enum E257 : ushort", text);
        Assert.Contains("public enum V257Tag : ushort", text);
        Assert.Contains("public readonly struct F200", text);
        Assert.Contains("private const int WordCount = 7;", text);
        Assert.Contains("private const uint LastWordMask = 0xFFu;", text);
        AssertCompiles(sources);
    }

    [Fact]
    public void BrokenModels_DoNotThrow()
    {
        var types = new EquatableArray<TypeDef>(new[]
        {
            new TypeDef("loop", TypeOwner.OfInterface(0), null, new AliasKind(TypeRef.Of(0))),
            new TypeDef("dangling", TypeOwner.OfInterface(0), null, new RecordKind(new EquatableArray<Field>(new[] { new Field("x", null, TypeRef.Of(99)) }))),
            new TypeDef(null, TypeOwner.OfInterface(7), null, new OptionKind(TypeRef.Of(-5))),
            new TypeDef("orphan", TypeOwner.None, null, new VariantKind(EquatableArray<Case>.Empty)),
            new TypeDef("w-rec", TypeOwner.OfWorld(0), "docs", new RecordKind(EquatableArray<Field>.Empty)),
        });
        var fn = new Function("f", null,
            new EquatableArray<Param>(new[] { new Param("a", TypeRef.Of(0)), new Param("b", TypeRef.Of(2)), new Param("c", TypeRef.Of(3)), new Param("d", TypeRef.Of(1234)) }),
            new FunctionResults(null, new EquatableArray<Param>(new[] { new Param("x", TypeRef.Of(1)), new Param("x", TypeRef.Of(4)) })));
        var iface = new Interface(null, 42, null, null,
            new EquatableArray<NamedType>(new[] { new NamedType("loop", 0), new NamedType("dangling", 1), new NamedType("bad", 77) }),
            new EquatableArray<Function>(new[] { fn, fn }));
        var world = new World("", 5, null, null,
            new EquatableArray<WorldItem>(new[] { new WorldItem("", null, 0, null), new WorldItem("gone", null, 9, null), new WorldItem("fn", null, -1, fn) }),
            new EquatableArray<WorldItem>(new[] { new WorldItem("", null, 0, null) }),
            new EquatableArray<NamedType>(new[] { new NamedType("w-rec", 4) }));
        var resolve = new Resolve(EquatableArray<Package>.Empty, new EquatableArray<Interface>(new[] { iface }),
            new EquatableArray<World>(new[] { world }), types);

        var sources = CSharpEmitter.Emit(resolve, 0, new EmitOptions("Broken.class"));
        Assert.NotEmpty(sources);
        Assert.DoesNotContain(sources, s => s.Text.Contains("#error"));
        Assert.Empty(CSharpEmitter.Emit(resolve, 3, new EmitOptions("X")));
        Assert.Empty(CSharpEmitter.Emit(resolve, -1, new EmitOptions("")));
        AssertCompiles(sources);
    }
}
