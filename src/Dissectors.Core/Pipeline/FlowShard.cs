using System.Buffers.Binary;
using Dissectors.Core.Capture;
using Dissectors.Core.Conversations;

namespace Dissectors.Core.Pipeline;

/// <summary>What <see cref="FlowShard.Classify"/> found in a frame.</summary>
public enum ShardKind : byte
{
    /// <summary>No TCP/UDP flow (ARP, ICMP, other protocols, a frame too short for ports): any worker may take it.</summary>
    None,

    /// <summary>A TCP or UDP packet; the hash is the same for both directions of its 4-tuple.</summary>
    Flow,

    /// <summary>
    /// Something whose flow cannot be told from this frame alone (an IP fragment): splitting the capture by
    /// flow would separate packets that the decoder joins, so the run must not be split.
    /// </summary>
    Unsplittable,
}

/// <summary>
/// Finds the TCP/UDP 4-tuple of a frame with a few reads, for splitting a capture between threads by
/// conversation: every frame the decoder would hand to a conversation must get that conversation's hash.
/// It follows the same layers <see cref="Decode.PacketDecoder"/> does (Ethernet with VLAN tags, Linux
/// cooked v1/v2, BSD loopback, raw IP; IPv4, IPv6 with hop-by-hop, routing and destination options
/// headers) and asks for fewer bytes than the decoder does, so a frame the decoder can place is never
/// one this cannot.
/// </summary>
public static class FlowShard
{
    private const int MaxVlanTags = 8;

    /// <summary>
    /// The worker of a flow hash: the hash's top 32 bits scaled to the worker count (an even split; every
    /// worker reads and classifies every frame, so equal shares of conversations are equal shares of work).
    /// The conversation table hashes with the low 32 bits, which this choice leaves evenly spread.
    /// </summary>
    public static int OwnerOf(ulong hash, int workers) => (int)((hash >> 32) * (ulong)workers >> 32);

    public static ShardKind Classify(LinkType link, ReadOnlySpan<byte> frame, out ulong hash)
    {
        hash = 0;
        switch (link)
        {
            case LinkType.Ethernet:
                {
                    // An 802.3 length (<= 1500) leads nowhere, as in the decoder. Untagged IPv4 first: nearly every frame.
                    if (frame.Length < 14)
                    {
                        return ShardKind.None;
                    }

                    ushort type = BinaryPrimitives.ReadUInt16BigEndian(frame[12..]);
                    return type == 0x0800 ? IPv4(frame, 14, out hash) : Ethertype(type, frame, 14, out hash);
                }

            case LinkType.LinuxSll:
                return frame.Length < 16 ? ShardKind.None : Ethertype(BinaryPrimitives.ReadUInt16BigEndian(frame[14..]), frame, 16, out hash);
            case LinkType.LinuxSll2:
                return frame.Length < 20 ? ShardKind.None : Ethertype(BinaryPrimitives.ReadUInt16BigEndian(frame), frame, 20, out hash);
            case LinkType.Null:
            case LinkType.Loop:
                {
                    if (frame.Length < 4)
                    {
                        return ShardKind.None;
                    }

                    // The family as the decoder reads it: the capturing host's byte order, or big-endian for LOOP.
                    uint be = BinaryPrimitives.ReadUInt32BigEndian(frame);
                    uint family = link == LinkType.Loop || (be & 0xFFFF0000) == 0 ? be : BinaryPrimitives.ReadUInt32LittleEndian(frame);
                    return family switch
                    {
                        2 => IPv4(frame, 4, out hash),
                        10 or 24 or 28 or 30 => IPv6(frame, 4, out hash),
                        _ => ByVersion(frame, 4, out hash),
                    };
                }

            case LinkType.Raw:
            case LinkType.IPv4:
            case LinkType.IPv6:
                return ByVersion(frame, 0, out hash);
            default:
                return ShardKind.None;
        }
    }

    /// <summary>An EtherType and the payload after it, through 802.1Q/802.1ad tags (the decoder's limit).</summary>
    private static ShardKind Ethertype(ushort type, ReadOnlySpan<byte> frame, int o, out ulong hash)
    {
        hash = 0;
        for (int depth = 0; type is 0x8100 or 0x9100 or 0x88A8; depth++)
        {
            if (depth >= MaxVlanTags || frame.Length < o + 4)
            {
                return ShardKind.None;
            }

            type = BinaryPrimitives.ReadUInt16BigEndian(frame[(o + 2)..]);
            o += 4;
        }

        return type switch
        {
            0x0800 => IPv4(frame, o, out hash),
            0x86DD => IPv6(frame, o, out hash),
            _ => ShardKind.None,
        };
    }

    private static ShardKind ByVersion(ReadOnlySpan<byte> frame, int o, out ulong hash)
    {
        hash = 0;
        if (frame.Length <= o)
        {
            return ShardKind.None;
        }

        return (frame[o] >> 4) switch
        {
            4 => IPv4(frame, o, out hash),
            6 => IPv6(frame, o, out hash),
            _ => ShardKind.None,
        };
    }

    private static ShardKind IPv4(ReadOnlySpan<byte> frame, int o, out ulong hash)
    {
        hash = 0;
        var ip = frame[o..];
        if (ip.Length < 20)
        {
            return ShardKind.None;
        }

        // Every frame of a split run comes here, so the header is read in three loads: bytes 0-7 (version
        // and length, fragment field), 8-15 (protocol, source) and 16-19 (destination).
        ulong w0 = BinaryPrimitives.ReadUInt64BigEndian(ip);
        if ((w0 & 0x3FFF) != 0)
        {
            return ShardKind.Unsplittable;
        }

        int ihl = (int)(w0 >> 54) & 0x3C;
        ulong w1 = BinaryPrimitives.ReadUInt64BigEndian(ip[8..]);
        byte proto = (byte)(w1 >> 48);
        if (ihl < 20 || proto is not (6 or 17) || ip.Length < ihl + 4)
        {
            return ShardKind.None;
        }

        // Mix of the two addresses and ports; a 4-byte address folds to itself.
        uint ports = BinaryPrimitives.ReadUInt32BigEndian(ip[ihl..]);
        hash = Endpoint.FlowHash((uint)w1, (ushort)(ports >> 16), BinaryPrimitives.ReadUInt32BigEndian(ip[16..]), (ushort)ports, proto);
        return ShardKind.Flow;
    }

    private static ShardKind IPv6(ReadOnlySpan<byte> frame, int o, out ulong hash)
    {
        hash = 0;
        if (frame.Length < o + 40)
        {
            return ShardKind.None;
        }

        byte next = frame[o + 6];
        int p = o + 40;
        for (int ext = 0; next is not (6 or 17); ext++)
        {
            if (ext > 32 || frame.Length < p + 8)
            {
                return ShardKind.None;
            }

            if (next == 44)
            {
                // A fragment header: a whole (atomic) fragment goes on as the protocol it carries.
                ushort offFlags = BinaryPrimitives.ReadUInt16BigEndian(frame[(p + 2)..]);
                if ((offFlags & 0xFFF9) != 0)
                {
                    return ShardKind.Unsplittable;
                }

                next = frame[p];
                p += 8;
                continue;
            }

            if (next is not (0 or 43 or 60))
            {
                return ShardKind.None;
            }

            next = frame[p];
            p += (frame[p + 1] + 1) * 8;
        }

        if (frame.Length < p + 4)
        {
            return ShardKind.None;
        }

        hash = Mix(frame.Slice(o + 8, 16), frame.Slice(o + 24, 16), frame.Slice(p, 4), next);
        return ShardKind.Flow;
    }

    /// <summary>The same value for (a:pa → b:pb) and (b:pb → a:pa).</summary>
    private static ulong Mix(ReadOnlySpan<byte> src, ReadOnlySpan<byte> dst, ReadOnlySpan<byte> ports, byte proto) =>
        Endpoint.FlowHash(Fold(src), BinaryPrimitives.ReadUInt16BigEndian(ports), Fold(dst), BinaryPrimitives.ReadUInt16BigEndian(ports[2..]), proto);

    private static ulong Fold(ReadOnlySpan<byte> address)
    {
        ulong h = 0;
        while (address.Length >= 4)
        {
            h = (h * Endpoint.FoldFactor) ^ BinaryPrimitives.ReadUInt32BigEndian(address);
            address = address[4..];
        }

        return h;
    }
}
