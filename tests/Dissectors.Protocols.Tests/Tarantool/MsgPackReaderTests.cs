using Dissectors.Protocols.Common;
using Dissectors.Testing;

namespace Dissectors.Protocols.Tests.Tarantool;

/// <summary>The shared MessagePack reader: every format family, the 4-way result, count checks and the depth guard.</summary>
public class MsgPackReaderTests
{
    [Theory]
    [InlineData("00", MsgPackType.UInt, 0UL, 1)]
    [InlineData("7f", MsgPackType.UInt, 127UL, 1)]
    [InlineData("cc ff", MsgPackType.UInt, 255UL, 2)]
    [InlineData("cd 01 00", MsgPackType.UInt, 256UL, 3)]
    [InlineData("ce ff ff ff ff", MsgPackType.UInt, 4294967295UL, 5)]
    [InlineData("cf ff ff ff ff ff ff ff ff", MsgPackType.UInt, ulong.MaxValue, 9)]
    [InlineData("ff", MsgPackType.Int, unchecked((ulong)-1L), 1)]
    [InlineData("e0", MsgPackType.Int, unchecked((ulong)-32L), 1)]
    [InlineData("d0 80", MsgPackType.Int, unchecked((ulong)-128L), 2)]
    [InlineData("d1 80 00", MsgPackType.Int, unchecked((ulong)-32768L), 3)]
    [InlineData("d2 80 00 00 00", MsgPackType.Int, unchecked((ulong)(long)int.MinValue), 5)]
    [InlineData("d3 80 00 00 00 00 00 00 00", MsgPackType.Int, unchecked((ulong)long.MinValue), 9)]
    [InlineData("c0", MsgPackType.Nil, 0UL, 1)]
    [InlineData("c2", MsgPackType.Bool, 0UL, 1)]
    [InlineData("c3", MsgPackType.Bool, 1UL, 1)]
    public void Scalars(string hex, MsgPackType type, ulong raw, int length)
    {
        var r = new MsgPackReader(Hex.Parse(hex));
        Assert.Equal(MsgPackResult.Success, r.TryRead(out var t));
        Assert.Equal(type, t.Type);
        Assert.Equal(raw, t.Raw);
        Assert.Equal(length, r.Offset);
        Assert.True(r.IsEnd);
    }

    [Fact]
    public void Floats()
    {
        var r = new MsgPackReader(Hex.Parse("ca 3f c0 00 00  cb 40 09 21 fb 54 44 2d 18"));
        Assert.Equal(MsgPackResult.Success, r.TryRead(out var f));
        Assert.Equal(1.5, f.Double);
        Assert.Equal(MsgPackResult.Success, r.TryRead(out var d));
        Assert.Equal(Math.PI, d.Double);
    }

    [Theory]
    [InlineData("a3 61 62 63", MsgPackType.Str, 3, 1)]
    [InlineData("d9 03 61 62 63", MsgPackType.Str, 3, 2)]
    [InlineData("da 00 03 61 62 63", MsgPackType.Str, 3, 3)]
    [InlineData("db 00 00 00 03 61 62 63", MsgPackType.Str, 3, 5)]
    [InlineData("c4 02 01 02", MsgPackType.Bin, 2, 2)]
    [InlineData("c5 00 02 01 02", MsgPackType.Bin, 2, 3)]
    [InlineData("c6 00 00 00 02 01 02", MsgPackType.Bin, 2, 5)]
    [InlineData("d4 01 aa", MsgPackType.Ext, 1, 2)]
    [InlineData("d5 01 aa bb", MsgPackType.Ext, 2, 2)]
    [InlineData("d6 01 aa bb cc dd", MsgPackType.Ext, 4, 2)]
    [InlineData("d7 01 00 00 00 00 00 00 00 00", MsgPackType.Ext, 8, 2)]
    [InlineData("d8 02 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00", MsgPackType.Ext, 16, 2)]
    [InlineData("c7 03 05 01 02 03", MsgPackType.Ext, 3, 3)]
    [InlineData("c8 00 03 05 01 02 03", MsgPackType.Ext, 3, 4)]
    [InlineData("c9 00 00 00 03 05 01 02 03", MsgPackType.Ext, 3, 6)]
    public void Payloads(string hex, MsgPackType type, int length, int header)
    {
        var r = new MsgPackReader(Hex.Parse(hex));
        Assert.Equal(MsgPackResult.Success, r.TryRead(out var t));
        Assert.Equal(type, t.Type);
        Assert.Equal(length, t.Length);
        Assert.Equal(header, t.HeaderLength);
        Assert.True(r.IsEnd);
    }

    [Theory]
    [InlineData("93 01 02 03", MsgPackType.Array, 3)]
    [InlineData("dc 00 02 01 02", MsgPackType.Array, 2)]
    [InlineData("dd 00 00 00 01 01", MsgPackType.Array, 1)]
    [InlineData("81 01 02", MsgPackType.Map, 1)]
    [InlineData("de 00 01 01 02", MsgPackType.Map, 1)]
    [InlineData("df 00 00 00 01 01 02", MsgPackType.Map, 1)]
    public void Containers_AndSkip(string hex, MsgPackType type, int count)
    {
        var bytes = Hex.Parse(hex);
        var r = new MsgPackReader(bytes);
        Assert.Equal(MsgPackResult.Success, r.TryPeek(out var t));
        Assert.Equal(type, t.Type);
        Assert.Equal(count, t.Length);
        Assert.Equal(MsgPackResult.Success, r.TrySkip());
        Assert.Equal(bytes.Length, r.Offset);
    }

    [Theory]
    [InlineData("dd ff ff ff ff 01")]
    [InlineData("df 7f ff ff ff 01 02")]
    [InlineData("db ff ff ff ff 61")]
    [InlineData("c6 00 01 00 00 01")]
    [InlineData("cd 01")]
    [InlineData("c7 05")]
    public void CountsAndLengthsBeyondTheBytesLeft_AreInsufficient_AndTheCursorStays(string hex)
    {
        var r = new MsgPackReader(Hex.Parse(hex));
        Assert.Equal(MsgPackResult.InsufficientBuffer, r.TryRead(out _));
        Assert.Equal(0, r.Offset);
        Assert.Equal(MsgPackResult.InsufficientBuffer, r.TrySkip());
        Assert.Equal(0, r.Offset);
    }

    [Fact]
    public void EmptyBuffer_AndReservedByte_AndTypeMismatch()
    {
        var empty = new MsgPackReader([]);
        Assert.Equal(MsgPackResult.EmptyBuffer, empty.TryRead(out _));
        var c1 = new MsgPackReader([0xc1]);
        Assert.Equal(MsgPackResult.TokenMismatch, c1.TryRead(out _));
        var str = new MsgPackReader(Hex.Parse("a1 61"));
        Assert.Equal(MsgPackResult.TokenMismatch, str.TryReadUInt(out _));
        Assert.Equal(MsgPackResult.TokenMismatch, str.TryReadMapHeader(out _));
        Assert.Equal(0, str.Offset);
        Assert.Equal(MsgPackResult.Success, str.TryReadString(out int off, out int len));
        Assert.Equal((1, 1), (off, len));
    }

    [Fact]
    public void Skip_HasADepthGuard_AndDoesNotRecurse()
    {
        var deep = Enumerable.Repeat((byte)0x91, 100_000).Append((byte)0x00).ToArray();
        var r = new MsgPackReader(deep);
        Assert.Equal(MsgPackResult.TokenMismatch, r.TrySkip(64));
        Assert.Equal(0, r.Offset);
        var shallow = new MsgPackReader(Enumerable.Repeat((byte)0x91, 64).Append((byte)0x00).ToArray());
        Assert.Equal(MsgPackResult.Success, shallow.TrySkip(64));
    }

    [Fact]
    public void NonNegativeSignedInts_ReadAsUInt()
    {
        var r = new MsgPackReader(Hex.Parse("d0 05 d0 fb"));
        Assert.Equal(MsgPackResult.Success, r.TryReadUInt(out ulong v));
        Assert.Equal(5UL, v);
        Assert.Equal(MsgPackResult.TokenMismatch, r.TryReadUInt(out _));
    }
}
