using Dissectors.Protocols.Common;
using Dissectors.Testing;

namespace Dissectors.Protocols.Tests.Common;

public class CrcTests
{
    [Fact]
    public void Crc24_OfAV5HeaderMatchesTheSpecParameters()
    {
        // Header of a self-contained 50-byte payload: length 0x32, bit 17 set, little-endian.
        var header = Hex.Parse("32 00 02");
        // Expected CRC bytes on the wire (little-endian): a5 ff ee.
        Assert.Equal(0xEEFFA5u, Crc.Crc24(header));
    }

    [Fact]
    public void Crc24_BitByBitAndTableAgree()
    {
        var rnd = new Random(7);
        var data = new byte[5];
        for (int n = 0; n < 200; n++)
        {
            rnd.NextBytes(data);
            uint crc = Crc.Crc24Init;
            foreach (byte b in data)
            {
                crc ^= (uint)b << 16;
                for (int i = 0; i < 8; i++)
                {
                    crc <<= 1;
                    if ((crc & 0x1000000) != 0)
                    {
                        crc ^= Crc.Crc24Poly;
                    }
                }
            }

            Assert.Equal(crc & 0xFFFFFF, Crc.Crc24(data));
        }
    }

    [Fact]
    public void Crc32_IsZlibsAndThePayloadVariantIsSeeded()
    {
        Assert.Equal(0xCBF43926u, Crc.Crc32("123456789"u8));
        // The payload CRC is the CRC-32 of FA 2D 55 CA followed by the payload.
        Assert.Equal(Crc.Crc32(Hex.Parse("fa 2d 55 ca 31 32 33")), Crc.CqlPayloadCrc32("123"u8));
    }
}

public class WireReaderTests
{
    [Fact]
    public void Reads_BigEndian_AndFailsWithoutMovingAtTheEnd()
    {
        var r = new WireReader(Hex.Parse("01 0203 04050607 08090a0b0c0d0e0f"));
        Assert.True(r.TryReadByte(out byte b));
        Assert.Equal(1, b);
        Assert.True(r.TryReadUInt16BE(out ushort s));
        Assert.Equal(0x0203, s);
        Assert.True(r.TryReadInt32BE(out int i));
        Assert.Equal(0x04050607, i);
        Assert.True(r.TryReadInt64BE(out long l));
        Assert.Equal(0x08090a0b0c0d0e0fL, l);
        Assert.False(r.TryReadByte(out _));
        Assert.Equal(15, r.Offset);
        r.Seek(13);
        Assert.False(r.TryReadInt32BE(out _));
        Assert.Equal(13, r.Offset);
        Assert.False(r.TryReadBytes(3, out _));
        Assert.False(r.TryReadBytes(-1, out _));
        Assert.True(r.TryReadBytes(2, out var rest));
        Assert.Equal(new byte[] { 0x0e, 0x0f }, rest.ToArray());
    }

    [Theory]
    [InlineData("00", 0L)]
    [InlineData("7f", 127L)]
    [InlineData("80 80", 128L)]                       // 10xxxxxx + 1 byte
    [InlineData("c3 e8 00", 256000L)]                 // the spec's example: [110]00011 11101000 00000000
    [InlineData("ff 00 00 00 00 00 00 00 01", 1L)]   // 9 bytes: all eight following bytes are the value
    public void UnsignedVInt_DecodesTheLeadingOnesLength(string hex, long expected)
    {
        var r = new WireReader(Hex.Parse(hex));
        Assert.True(r.TryReadUnsignedVInt(out ulong v));
        Assert.Equal((ulong)expected, v);
        Assert.True(r.IsEnd);
    }

    [Theory]
    [InlineData("00", 0L)]
    [InlineData("01", -1L)]
    [InlineData("02", 1L)]
    [InlineData("03", -2L)]
    public void VInt_IsZigZag(string hex, long expected)
    {
        var r = new WireReader(Hex.Parse(hex));
        Assert.True(r.TryReadVInt(out long v));
        Assert.Equal(expected, v);
    }

    [Fact]
    public void VInt_Truncated_ReturnsFalse()
    {
        var r = new WireReader(Hex.Parse("c3 e8"));
        Assert.False(r.TryReadUnsignedVInt(out _));
        Assert.Equal(0, r.Offset);
    }
}

public class DecompressionTests
{
    private static readonly byte[] Text = System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("SELECT * FROM ks.t2; ", 50)));

    [Fact]
    public void Lz4_RoundTrips_AndAWrongDeclaredSizeIsCorrupt()
    {
        var block = new byte[K4os.Compression.LZ4.LZ4Codec.MaximumOutputSize(Text.Length)];
        int n = K4os.Compression.LZ4.LZ4Codec.Encode(Text, block);
        var output = new byte[Text.Length];
        Assert.Equal(DecompressStatus.Ok, Decompression.TryLz4Block(block.AsSpan(0, n), output));
        Assert.Equal(Text, output);
        Assert.Equal(DecompressStatus.Corrupt, Decompression.TryLz4Block(block.AsSpan(0, n), new byte[Text.Length - 1]));
    }

    [Fact]
    public void Snappy_RoundTrips_AndGarbageIsCorruptNotAnException()
    {
        var compressed = Snappier.Snappy.CompressToArray(Text);
        Assert.Equal(Text.Length, Decompression.SnappyDeclaredLength(compressed));
        var output = new byte[Text.Length];
        Assert.Equal(DecompressStatus.Ok, Decompression.TrySnappy(compressed, output));
        Assert.Equal(Text, output);

        var garbage = (byte[])compressed.Clone();
        for (int i = 3; i < garbage.Length; i += 3)
        {
            garbage[i] ^= 0xA5;
        }

        Assert.NotEqual(DecompressStatus.Ok, Decompression.TrySnappy(garbage, new byte[Text.Length]));
    }

    [Fact]
    public void DeclaredSizes_AreCheckedAgainstCapAndRatio_BeforeAnyAllocation()
    {
        Assert.False(Decompression.IsPlausibleLz4(1L << 30, 1000));           // above the absolute cap
        Assert.False(Decompression.IsPlausibleLz4(10_000_000, 100));          // 100 bytes cannot become 10 MB
        Assert.True(Decompression.IsPlausibleLz4(25_000, 100));
        Assert.False(Decompression.IsPlausibleSnappy(100_000, 100));
        Assert.True(Decompression.IsPlausibleSnappy(2_000, 100));
        // A Snappy preamble that declares 2 GB in five bytes.
        Assert.Equal(DecompressStatus.Corrupt, Decompression.TrySnappy(Hex.Parse("80 80 80 80 08 00"), new byte[1]));
        Assert.Equal(-1, Decompression.SnappyDeclaredLength(Hex.Parse("ff ff ff ff ff ff")));
    }
}
