using System;
using WitBindgen.Wasi.Host;
using WitBindgen.Wasi.P2;
using Xunit;
using Code = WitBindgen.Wasi.Bindings.Filesystem.ErrorCode;
using P2Code = WitBindgen.Wasi.P2.Bindings.Types.ErrorCode;

namespace WitBindgen.Wasi.Tests;

/// <summary>The host core's filesystem errors as the <c>error-code</c> of May 2023's face and of WASI 0.2's: one table.</summary>
public class FsErrorCodeTests
{
    [Fact]
    public void Every_core_error_is_the_error_code_of_its_name_on_both_faces()
    {
        foreach (var error in Enum.GetValues<FsError>())
        {
            Assert.Equal(error.ToString(), WasiFilesystem.ToCode(error).ToString());
            Assert.Equal(error.ToString(), P2FsMapping.ToCode(error).ToString());
        }
        Assert.Equal(Code.NoEntry, WasiFilesystem.ToCode(FsErrors.FromErrno(Native.ENOENT)));
        Assert.Equal(P2Code.NotEmpty, P2FsMapping.ToCode(FsErrors.FromErrno(Native.ENOTEMPTY)));
        Assert.Equal(Code.InsufficientMemory, WasiFilesystem.ToCode(FsErrors.FromErrno(Native.EMFILE)));
    }

    [Fact]
    public void A_value_outside_the_core_enum_is_io()
    {
        Assert.Equal(Code.Io, WasiFilesystem.ToCode((FsError)1000));
        Assert.Equal(P2Code.Io, P2FsMapping.ToCode((FsError)(-1)));
    }
}
