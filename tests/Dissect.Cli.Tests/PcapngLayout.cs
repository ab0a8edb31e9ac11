using System.Buffers.Binary;
using Dissectors.Core.Capture;
using Dissectors.Testing;

namespace Dissect.Cli.Tests;

/// <summary>
/// A little-endian, single-section pcapng made from a classic pcap (one interface, one enhanced packet
/// block per record), and the test's own walk over its blocks: which are complete, and whether the file
/// ends in damage (a cut block, or a length no reader can accept).
/// </summary>
internal sealed class PcapngLayout
{
    public const int BlockHeaderLength = 8;
    private const uint EnhancedPacketType = 6;

    /// <summary>Offset and length of every complete block (SHB and IDB included), in file order.</summary>
    public List<(int Offset, int Length, uint Type)> Blocks { get; } = [];

    /// <summary>No complete section header: the file cannot be opened at all.</summary>
    public bool NotACapture => Blocks.Count == 0;

    /// <summary>Complete enhanced packet blocks: the frames a reader must produce.</summary>
    public int Packets { get; private set; }

    /// <summary>The bytes after the last complete block do not form a block (the reader warns).</summary>
    public bool DamagedTail { get; private set; }

    /// <summary>Converts a classic little-endian pcap to pcapng with microsecond timestamps.</summary>
    public static byte[] FromPcap(byte[] pcap)
    {
        var layout = PcapLayout.Read(pcap);
        var b = new PcapngBuilder().Interface((LinkType)layout.LinkType(pcap), snapLength: layout.U32(pcap, 16), name: "any");
        foreach (var (offset, length) in layout.Records)
        {
            ulong ticks = ((ulong)layout.U32(pcap, offset) * 1_000_000) + layout.U32(pcap, offset + 4);
            var data = pcap.AsSpan(offset + PcapLayout.RecordHeaderLength, length - PcapLayout.RecordHeaderLength);
            b.Enhanced(0, ticks, data, layout.U32(pcap, offset + 12));
        }

        return b.ToArray();
    }

    /// <summary>Walks the blocks of a file made by <see cref="FromPcap"/> and then mutated.</summary>
    public static PcapngLayout Read(byte[] file)
    {
        var layout = new PcapngLayout();
        int offset = 0;
        while (offset < file.Length)
        {
            int left = file.Length - offset;
            if (left < BlockHeaderLength)
            {
                layout.DamagedTail = true;
                break;
            }

            uint type = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(offset));
            uint length = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(offset + 4));
            if (length < 12 || length % 4 != 0 || length > CaptureLimits.MaxBlockLength || length > left)
            {
                layout.DamagedTail = true;
                break;
            }

            layout.Blocks.Add((offset, (int)length, type));
            layout.Packets += type == EnhancedPacketType ? 1 : 0;
            offset += (int)length;
        }

        return layout;
    }
}
