using System;
using WitBindgen.Runtime;
using Xunit;

namespace WitBindgen.Generator.Tests;

public class RuntimeTypesTests
{
    [Fact]
    public void Unit_HasOneValue()
    {
        Assert.Equal(Unit.Value, default(Unit));
        Assert.True(Unit.Value == new Unit());
        Assert.False(Unit.Value != default);
        Assert.True(Unit.Value.Equals((object)default(Unit)));
        Assert.False(Unit.Value.Equals((object?)null));
        Assert.Equal(0, Unit.Value.GetHashCode());
        Assert.Equal("()", Unit.Value.ToString());
    }

    [Fact]
    public void Option_NoneAndSome()
    {
        var none = Option<int>.None;
        var some = Option<int>.Some(3);
        Assert.False(none.HasValue);
        Assert.True(some.HasValue);
        Assert.Equal(3, some.Value);
        Assert.Throws<InvalidOperationException>(() => none.Value);
        Assert.True(some.TryGetValue(out var v) && v == 3);
        Assert.False(none.TryGetValue(out _));
        Assert.Equal(9, none.GetValueOrDefault(9));
        Assert.Equal(3, some.GetValueOrDefault(9));
        Assert.Equal("some 3", some.Match(x => "some " + x, () => "none"));
        Assert.Equal("none", none.Match(x => "some " + x, () => "none"));
        Assert.Equal(default, none);
    }

    [Fact]
    public void Option_Equality()
    {
        Assert.Equal(Option.Some("a"), Option<string>.Some("a"));
        Assert.NotEqual(Option.Some("a"), Option<string>.None);
        Assert.True(Option<string>.None == default);
        Assert.True(Option.Some(1) != Option.Some(2));
        Assert.Equal(Option.Some(1).GetHashCode(), Option.Some(1).GetHashCode());
        Assert.False(Option.Some(1).Equals("x"));
        // Some(null) is a value: the reason Option<T?> exists for option<option<T>>.
        var someNull = Option.Some<int?>(null);
        Assert.True(someNull.HasValue);
        Assert.NotEqual(Option<int?>.None, someNull);
    }

    [Fact]
    public void Option_ToString()
    {
        Assert.Equal("Some(3)", Option.Some(3).ToString());
        Assert.Equal("Some(null)", Option.Some<string?>(null).ToString());
        Assert.Equal("None", Option<int>.None.ToString());
    }

    [Fact]
    public void Result_OkAndErr()
    {
        var ok = Result<int, string>.Ok(1);
        var err = Result<int, string>.Err("bad");
        Assert.True(ok.IsOk);
        Assert.False(ok.IsErr);
        Assert.True(err.IsErr);
        Assert.Equal(1, ok.OkValue);
        Assert.Equal("bad", err.ErrValue);
        Assert.Throws<InvalidOperationException>(() => ok.ErrValue);
        var ex = Assert.Throws<InvalidOperationException>(() => err.OkValue);
        Assert.Contains("bad", ex.Message);
        Assert.True(ok.TryGetOk(out var value) && value == 1);
        Assert.False(ok.TryGetErr(out _));
        Assert.True(err.TryGetErr(out var error) && error == "bad");
        Assert.False(err.TryGetOk(out _));
        Assert.Equal("ok 1", ok.Match(v => "ok " + v, e => "err " + e));
        Assert.Equal("err bad", err.Match(v => "ok " + v, e => "err " + e));
    }

    [Fact]
    public void Result_Equality()
    {
        Assert.Equal(Result<int, int>.Ok(1), Result<int, int>.Ok(1));
        Assert.NotEqual(Result<int, int>.Ok(1), Result<int, int>.Err(1));
        Assert.True(Result<int, int>.Err(2) == Result<int, int>.Err(2));
        Assert.True(Result<int, int>.Err(2) != Result<int, int>.Err(3));
        Assert.Equal(Result<int, int>.Ok(1).GetHashCode(), Result<int, int>.Ok(1).GetHashCode());
        Assert.False(Result<int, int>.Ok(1).Equals((object)1));
        Assert.True(default(Result<int, string>).IsErr);
    }

    [Fact]
    public void Result_ToString()
    {
        Assert.Equal("Ok(1)", Result<int, string>.Ok(1).ToString());
        Assert.Equal("Err(bad)", Result<int, string>.Err("bad").ToString());
        Assert.Equal("Err(null)", Result<int, string?>.Err(null).ToString());
        Assert.Equal("Ok(())", Result<Unit, Unit>.Ok(default).ToString());
    }

    private enum ErrorCode { Access, Busy }

    private static Result<ulong, ErrorCode> Size(bool fail) => fail ? Result.Err(ErrorCode.Busy) : Result.Ok(42UL);
    private static Result<Unit, ErrorCode> Touch(bool fail) => fail ? Result.Err(ErrorCode.Access) : Result.Ok();
    private static Result<string, Unit> Name(bool fail) => fail ? Result.Err() : Result.Ok("n");

    [Fact]
    public void Result_NonGenericHelpersConvert()
    {
        Assert.Equal(42UL, Size(false).OkValue);
        Assert.Equal(ErrorCode.Busy, Size(true).ErrValue);
        Assert.True(Touch(false).IsOk);
        Assert.Equal(ErrorCode.Access, Touch(true).ErrValue);
        Assert.Equal("n", Name(false).OkValue);
        Assert.Equal(Unit.Value, Name(true).ErrValue);
        Result<int, int> sameTypes = Result.Err(5);
        Assert.True(sameTypes.IsErr);
        Assert.Equal("Ok(1)", Result.Ok(1).ToString());
        Assert.Equal("Err(x)", Result.Err("x").ToString());
        Assert.Equal(1, Result.Ok(1).Value);
        Assert.Equal("x", Result.Err("x").Error);
    }
}
