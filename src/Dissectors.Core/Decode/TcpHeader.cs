using System.Buffers.Binary;

namespace Dissectors.Core.Decode;

/// <summary>
/// The fixed TCP header and the options dissect reads (RFC 9293 §3.1).
/// <code>
///  0                   1                   2                   3
/// +-------------------------------+-------------------------------+
/// |          Source Port          |       Destination Port        |
/// +-------------------------------+-------------------------------+
/// |                        Sequence Number                        |
/// |                     Acknowledgment Number                     |
/// +-------+-------+---------------+-------------------------------+
/// |  Data |       |A|C|E|U|A|P|R|S|F|                             |
/// | Offset| Rsrvd |E|W|C|R|C|S|S|Y|I|           Window            |
/// +-------+-------+---------------+-------------------------------+
/// |           Checksum            |         Urgent Pointer        |
/// +-------------------------------+-------------------------------+
/// |                    Options (data offset > 5)                  |
/// </code>
/// </summary>
public struct TcpHeader
{
    public const int MinLength = 20;
    public const ushort Fin = 0x001;
    public const ushort Syn = 0x002;
    public const ushort Rst = 0x004;
    public const ushort Psh = 0x008;
    public const ushort AckFlag = 0x010;
    public const ushort Urg = 0x020;
    public const ushort Ece = 0x040;
    public const ushort Cwr = 0x080;
    public const ushort Ae = 0x100;

    public ushort SourcePort;
    public ushort DestinationPort;
    public uint Seq;
    public uint Ack;
    public int HeaderLength;
    /// <summary>The 12 flag bits (reserved bits included).</summary>
    public ushort Flags;
    public ushort Window;
    public ushort Checksum;
    public ushort Urgent;

    // Options of interest (for the Info column and window scaling).
    public int Mss;
    public int WindowScale;
    public bool SackPermitted;
    public bool HasTimestamps;
    public uint TsVal;
    public uint TsEcr;

    /// <summary>SACK blocks (left, right edges), up to four.</summary>
    public SackBlocks Sack;
    public int SackCount;

    public readonly bool Has(ushort flag) => (Flags & flag) != 0;

    /// <summary>Inline storage for four SACK blocks (eight edges).</summary>
    [System.Runtime.CompilerServices.InlineArray(8)]
    public struct SackBlocks
    {
        private uint _element0;
    }

    /// <summary>Parses the fixed header; false if fewer than 20 bytes.</summary>
    public static bool TryParse(ReadOnlySpan<byte> b, out TcpHeader h)
    {
        h = default;
        if (b.Length < MinLength)
        {
            return false;
        }

        h.SourcePort = BinaryPrimitives.ReadUInt16BigEndian(b);
        h.DestinationPort = BinaryPrimitives.ReadUInt16BigEndian(b[2..]);
        h.Seq = BinaryPrimitives.ReadUInt32BigEndian(b[4..]);
        h.Ack = BinaryPrimitives.ReadUInt32BigEndian(b[8..]);
        ushort offFlags = BinaryPrimitives.ReadUInt16BigEndian(b[12..]);
        h.HeaderLength = (offFlags >> 12) * 4;
        h.Flags = (ushort)(offFlags & 0x0FFF);
        h.Window = BinaryPrimitives.ReadUInt16BigEndian(b[14..]);
        h.Checksum = BinaryPrimitives.ReadUInt16BigEndian(b[16..]);
        h.Urgent = BinaryPrimitives.ReadUInt16BigEndian(b[18..]);
        h.Mss = -1;
        h.WindowScale = -1;
        return true;
    }
}
