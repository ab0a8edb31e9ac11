namespace Dissectors.Protocols.Common;

/// <summary>
/// The checksums of CQL native protocol v5 framing (apache/cassandra <c>doc/native_protocol_v5.spec</c> §2.1):
/// a 24-bit CRC over the segment header and a CRC-32 over the payload. Both are table-driven and
/// allocation-free.
/// </summary>
public static class Crc
{
    /// <summary>CRC24 initial value and polynomial given by the v5 spec.</summary>
    public const uint Crc24Init = 0x875060;
    public const uint Crc24Poly = 0x1974F0B;

    private static readonly uint[] s_crc24Table = BuildCrc24Table();
    private static readonly uint[] s_crc32Table = BuildCrc32Table();

    // Cassandra seeds its payload CRC-32 by first running these four bytes through it, so a payload of
    // zeros does not checksum to zero.
    private static ReadOnlySpan<byte> Crc32Seed => [0xFA, 0x2D, 0x55, 0xCA];

    private static uint[] BuildCrc24Table()
    {
        var t = new uint[256];
        for (uint b = 0; b < 256; b++)
        {
            uint crc = b << 16;
            for (int i = 0; i < 8; i++)
            {
                crc <<= 1;
                if ((crc & 0x1000000) != 0)
                {
                    crc ^= Crc24Poly;
                }
            }

            t[b] = crc & 0xFFFFFF;
        }

        return t;
    }

    private static uint[] BuildCrc32Table()
    {
        var t = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            t[n] = c;
        }

        return t;
    }

    /// <summary>The v5 header CRC24 of <paramref name="data"/> (the header bytes in wire order).</summary>
    public static uint Crc24(ReadOnlySpan<byte> data)
    {
        uint crc = Crc24Init;
        var table = s_crc24Table;
        foreach (byte b in data)
        {
            crc = ((crc << 8) ^ table[((crc >> 16) ^ b) & 0xFF]) & 0xFFFFFF;
        }

        return crc;
    }

    /// <summary>The standard (zlib) CRC-32 of <paramref name="data"/>, continuing from <paramref name="crc"/>.</summary>
    public static uint Crc32(ReadOnlySpan<byte> data, uint crc = 0)
    {
        var table = s_crc32Table;
        crc = ~crc;
        foreach (byte b in data)
        {
            crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    /// <summary>The CRC-32 Cassandra puts after a v5 segment payload.</summary>
    public static uint CqlPayloadCrc32(ReadOnlySpan<byte> payload) => Crc32(payload, Crc32(Crc32Seed));
}
