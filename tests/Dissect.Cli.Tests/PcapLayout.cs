using System.Buffers.Binary;
using Dissectors.Core.Capture;

namespace Dissect.Cli.Tests;

/// <summary>
/// The test's own reading of a classic pcap file's record boundaries: which records are complete, and
/// whether the file ends in damage (a cut header or record, or a length past the reader's limit), after
/// which nothing more can be trusted.
/// </summary>
internal sealed class PcapLayout
{
    public const int FileHeaderLength = 24;
    public const int RecordHeaderLength = 16;

    private PcapLayout()
    {
    }

    /// <summary>Shorter than a pcap file header: not a capture at all.</summary>
    public bool NotACapture { get; private init; }

    public bool BigEndian { get; private init; }

    public bool Nanoseconds { get; private init; }

    /// <summary>Offset and total length (header included) of every complete record, in file order.</summary>
    public List<(int Offset, int Length)> Records { get; } = [];

    /// <summary>The bytes after the last complete record do not form a record (the reader warns).</summary>
    public bool DamagedTail { get; private set; }

    /// <summary>Records whose microsecond field is a second or more (the reader warns about each).</summary>
    public int BadMicroseconds { get; private set; }

    /// <summary>Anything the reader reports as a capture warning.</summary>
    public bool ReaderWarns => DamagedTail || BadMicroseconds > 0;

    public static PcapLayout Read(byte[] file)
    {
        if (file.Length < FileHeaderLength)
        {
            return new PcapLayout { NotACapture = true };
        }

        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(file);
        bool bigEndian = magic is 0xD4C3B2A1 or 0x4D3CB2A1;
        uint m = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(file) : magic;
        Assert.True(m is PcapReader.MagicMicros or PcapReader.MagicNanos, "the test only reads classic pcap");
        var layout = new PcapLayout { BigEndian = bigEndian, Nanoseconds = m == PcapReader.MagicNanos };
        int offset = FileHeaderLength;
        while (offset < file.Length)
        {
            int left = file.Length - offset;
            if (left < RecordHeaderLength)
            {
                layout.DamagedTail = true;
                break;
            }

            uint incl = layout.U32(file, offset + 8);
            if (incl > CaptureLimits.MaxRecordLength || RecordHeaderLength + incl > left)
            {
                layout.DamagedTail = true;
                break;
            }

            if (!layout.Nanoseconds && layout.U32(file, offset + 4) >= 1_000_000)
            {
                layout.BadMicroseconds++;
            }

            layout.Records.Add((offset, RecordHeaderLength + (int)incl));
            offset += RecordHeaderLength + (int)incl;
        }

        return layout;
    }

    public uint U32(byte[] file, int offset) =>
        BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(offset)) : BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(offset));

    public void WriteU32(byte[] file, int offset, uint value)
    {
        if (BigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(offset), value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(offset), value);
        }
    }

    /// <summary>The link type from the file header.</summary>
    public uint LinkType(byte[] file) => U32(file, 20) & 0x0FFF_FFFF;
}
