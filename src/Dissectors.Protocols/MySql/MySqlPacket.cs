using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Dissectors.Core.Dissection;

namespace Dissectors.Protocols.MySql;

/// <summary>
/// Packet layout facts and little-endian helpers (MySQL internals manual, "MySQL Packets" and
/// "Compression"):
/// <code>
///  packet:            | payload length (3, LE) | sequence id (1) | payload |
///  compressed packet: | compressed length (3) | compressed sequence id (1) | uncompressed length (3) | body |
///                     (uncompressed length 0: the body is not compressed)
/// </code>
/// A payload of 0xFFFFFF bytes continues in the next packet (the last one is shorter, possibly empty).
/// </summary>
internal static class MySqlPacket
{
    public const int HeaderSize = 4;
    public const int CompressedHeaderSize = 7;
    public const int MaxPacketPayload = 0xFF_FFFF;

    /// <summary>Largest payload dissect joins from 0xFFFFFF packets (the protocol's max_allowed_packet is 1 GiB).</summary>
    public const int MaxJoinedPayload = 64 * 1024 * 1024;

    /// <summary>Longest query text shown in the Info column.</summary>
    public const int InfoQueryChars = 80;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ReadUInt24(ReadOnlySpan<byte> b) => b[0] | (b[1] << 8) | (b[2] << 16);

    /// <summary>
    /// Reads a length-encoded integer (0xFB = NULL, 0xFC + 2 bytes, 0xFD + 3, 0xFE + 8) at <paramref name="o"/>.
    /// Returns its width in bytes, 0 when the bytes run out or the first byte is 0xFF (not a length).
    /// </summary>
    public static int TryLenEnc(ReadOnlySpan<byte> p, int o, out ulong value, out bool isNull)
    {
        value = 0;
        isNull = false;
        if (o >= p.Length)
        {
            return 0;
        }

        byte b = p[o];
        switch (b)
        {
            case < 0xFB:
                value = b;
                return 1;
            case 0xFB:
                isNull = true;
                return 1;
            case 0xFC:
                if (o + 3 > p.Length)
                {
                    return 0;
                }

                value = BinaryPrimitives.ReadUInt16LittleEndian(p[(o + 1)..]);
                return 3;
            case 0xFD:
                if (o + 4 > p.Length)
                {
                    return 0;
                }

                value = (ulong)ReadUInt24(p[(o + 1)..]);
                return 4;
            case 0xFE:
                if (o + 9 > p.Length)
                {
                    return 0;
                }

                value = BinaryPrimitives.ReadUInt64LittleEndian(p[(o + 1)..]);
                return 9;
            default:
                return 0;
        }
    }

    /// <summary>
    /// A server greeting (protocol 10) at the start of a stream: sequence 0, a sane length, protocol byte 10
    /// and a printable version string ending in NUL inside the packet.
    /// </summary>
    public static HeuristicResult GreetingHeuristic(ReadOnlySpan<byte> data)
    {
        if (data.Length < HeaderSize + 2)
        {
            return HeuristicResult.NeedMore;
        }

        int length = ReadUInt24(data);
        if (data[3] != 0 || length < 20 || length > 1024 || data[4] != 10)
        {
            return HeuristicResult.NotMine;
        }

        int end = Math.Min(data.Length, HeaderSize + length);
        for (int i = 5; i < end; i++)
        {
            byte c = data[i];
            if (c == 0)
            {
                return i > 5 ? HeuristicResult.Mine : HeuristicResult.NotMine;
            }

            if (c < 0x20 || c > 0x7E)
            {
                return HeuristicResult.NotMine;
            }
        }

        return end < HeaderSize + length ? HeuristicResult.NeedMore : HeuristicResult.NotMine;
    }
}
