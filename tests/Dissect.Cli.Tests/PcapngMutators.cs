using System.Buffers.Binary;
using Dissectors.Core.Capture;

namespace Dissect.Cli.Tests;

/// <summary>
/// Mutators for the pcapng files <see cref="PcapngLayout.FromPcap"/> makes. They keep the section header and
/// the interface in front (or cut the file), and change only what the test's block walk can follow: cuts,
/// impossible block lengths, whole packet blocks dropped, copied or moved, and bytes inside packet data.
/// </summary>
internal static class PcapngMutators
{
    private const int FirstPacketBlock = 2; // after the SHB and the IDB
    private const int EpbDataOffset = 28;   // block header 8 + EPB fixed fields 20
    private const uint LinkTypeOfSamples = 0;

    public static readonly PcapMutator[] All =
    [
        new("truncate", Truncate),
        new("impossible-block-length", ImpossibleLength),
        new("duplicate-blocks", DuplicateBlocks),
        new("drop-blocks", DropBlocks),
        new("reorder-blocks", ReorderBlocks),
        new("flip-packet-bits", FlipPacketBits),
        new("overwrite-tcp-payload", OverwritePayload),
    ];

    private static (byte[], string) Truncate(byte[] file, Random rng)
    {
        int cut = rng.Next(0, 10) == 0 ? rng.Next(0, Math.Min(file.Length, 96)) : rng.Next(0, file.Length);
        return (file[..cut], $"at {cut} of {file.Length}");
    }

    private static (byte[], string) ImpossibleLength(byte[] file, Random rng)
    {
        var packets = PacketBlocks(file);
        if (packets.Count == 0)
        {
            return (file, "no packet blocks");
        }

        var b = (byte[])file.Clone();
        var (offset, length, _) = packets[rng.Next(packets.Count)];
        int left = file.Length - offset;
        uint value = rng.Next(7) switch
        {
            0 => 0,
            1 => 8,
            2 => (uint)length + 1,
            3 => 0xFFFF_FFF0,
            4 => CaptureLimits.MaxBlockLength + 4u,
            5 => (uint)(left + 4 + (rng.Next(1000) * 4)) & ~3u, // past the end of the file
            _ => 11,
        };
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(offset + 4), value);
        return (b, $"length of the block at {offset} set to {value} (was {length})");
    }

    private static (byte[], string) DuplicateBlocks(byte[] file, Random rng)
    {
        var blocks = Split(file, out byte[] head, out byte[] tail);
        if (blocks.Count == 0)
        {
            return (file, "no packet blocks");
        }

        int i = rng.Next(blocks.Count), copies = rng.Next(1, 4), at = rng.Next(blocks.Count + 1);
        for (int c = 0; c < copies; c++)
        {
            blocks.Insert(at, blocks[i]);
        }

        return (Join(head, blocks, tail), $"packet block {i + 1} copied {copies} times to position {at + 1}");
    }

    private static (byte[], string) DropBlocks(byte[] file, Random rng)
    {
        var blocks = Split(file, out byte[] head, out byte[] tail);
        int n = Math.Min(blocks.Count, rng.Next(1, 4));
        for (int k = 0; k < n; k++)
        {
            blocks.RemoveAt(rng.Next(blocks.Count));
        }

        return (Join(head, blocks, tail), $"dropped {n} packet blocks");
    }

    private static (byte[], string) ReorderBlocks(byte[] file, Random rng)
    {
        var blocks = Split(file, out byte[] head, out byte[] tail);
        if (blocks.Count < 2)
        {
            return (file, "fewer than two packet blocks");
        }

        int i = rng.Next(blocks.Count), j = rng.Next(blocks.Count);
        (blocks[i], blocks[j]) = (blocks[j], blocks[i]);
        return (Join(head, blocks, tail), $"swapped packet blocks {i + 1} and {j + 1}");
    }

    private static (byte[], string) FlipPacketBits(byte[] file, Random rng)
    {
        var packets = PacketBlocks(file);
        if (packets.Count == 0)
        {
            return (file, "no packet blocks");
        }

        var b = (byte[])file.Clone();
        int n = rng.Next(1, 33), flipped = 0;
        for (int k = 0; k < n; k++)
        {
            var (offset, _, _) = packets[rng.Next(packets.Count)];
            int captured = (int)BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(offset + 20));
            if (captured > 0)
            {
                b[offset + EpbDataOffset + rng.Next(captured)] ^= (byte)(1 << rng.Next(8));
                flipped++;
            }
        }

        return (b, $"{flipped} bits in packet data");
    }

    private static (byte[], string) OverwritePayload(byte[] file, Random rng)
    {
        var packets = PacketBlocks(file);
        var b = (byte[])file.Clone();
        uint linkType = LinkTypeOf(b);
        var payloads = new List<(int Start, int Length)>();
        foreach (var (offset, _, _) in packets)
        {
            int captured = (int)BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(offset + 20));
            if (PcapMutators.TryFindTcpPayload(b, offset + EpbDataOffset, captured, linkType, out var p))
            {
                payloads.Add(p);
            }
        }

        if (payloads.Count == 0)
        {
            return (b, "no TCP payload");
        }

        var (start, len) = payloads[rng.Next(payloads.Count)];
        int n = rng.Next(1, 17);
        for (int k = 0; k < n; k++)
        {
            b[start + rng.Next(len)] = (byte)rng.Next(256);
        }

        return (b, $"{n} bytes in the {len}-byte payload at {start}");
    }

    /// <summary>The IDB's link type (the second block); <see cref="LinkTypeOfSamples"/> if it is gone.</summary>
    private static uint LinkTypeOf(byte[] file)
    {
        var blocks = PcapngLayout.Read(file).Blocks;
        return blocks.Count > 1 && blocks[1].Type == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(blocks[1].Offset + 8)) : LinkTypeOfSamples;
    }

    private static List<(int Offset, int Length, uint Type)> PacketBlocks(byte[] file)
    {
        var blocks = PcapngLayout.Read(file).Blocks;
        return blocks.Count > FirstPacketBlock ? blocks[FirstPacketBlock..] : [];
    }

    private static List<byte[]> Split(byte[] file, out byte[] head, out byte[] tail)
    {
        var layout = PcapngLayout.Read(file);
        if (layout.Blocks.Count < FirstPacketBlock)
        {
            head = file;
            tail = [];
            return [];
        }

        var idb = layout.Blocks[FirstPacketBlock - 1];
        head = file[..(idb.Offset + idb.Length)];
        var blocks = new List<byte[]>();
        int end = head.Length;
        foreach (var (offset, length, _) in layout.Blocks[FirstPacketBlock..])
        {
            blocks.Add(file[offset..(offset + length)]);
            end = offset + length;
        }

        tail = file[end..];
        return blocks;
    }

    private static byte[] Join(byte[] head, List<byte[]> blocks, byte[] tail)
    {
        var ms = new MemoryStream();
        ms.Write(head);
        foreach (var x in blocks)
        {
            ms.Write(x);
        }

        ms.Write(tail);
        return ms.ToArray();
    }
}
