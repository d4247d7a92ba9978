using System;

namespace WitBindgen.Wasi;

/// <summary>What a read returned: the bytes, and whether the stream has ended (nothing more will ever come).</summary>
public readonly record struct StreamReadResult(ReadOnlyMemory<byte> Data, bool EndOfStream);
