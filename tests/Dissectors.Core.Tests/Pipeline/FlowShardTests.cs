using System.Buffers.Binary;
using System.Text;
using Dissectors.Core.Capture;
using Dissectors.Core.Conversations;
using Dissectors.Core.Pipeline;
using Dissectors.Testing;

namespace Dissectors.Core.Tests.Pipeline;

public sealed class FlowShardTests
{
    private static byte[] Segment(bool fromClient, ushort clientPort = 40000) =>
        new TcpFlowBuilder(clientPort: clientPort).Handshake().Send(fromClient, Encoding.ASCII.GetBytes("payload"));

    [Fact]
    public void BothDirectionsOfAConnection_HashAlike_AndAnotherConnectionDoesNot()
    {
        Assert.Equal(ShardKind.Flow, FlowShard.Classify(LinkType.Ethernet, Segment(true), out ulong a));
        Assert.Equal(ShardKind.Flow, FlowShard.Classify(LinkType.Ethernet, Segment(false), out ulong b));
        Assert.Equal(ShardKind.Flow, FlowShard.Classify(LinkType.Ethernet, Segment(true, 40001), out ulong c));
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ConversationKeys_HashLikeTheFramesOfTheirFlow(bool v6)
    {
        // The look-ahead finds a frame's conversation table slot from the frame's FlowShard hash: a key's
        // hash must be that hash's low 32 bits, for IPv4 and IPv6, whichever endpoint sent the frame.
        byte[] a = v6 ? [0x20, 0x01, 0x0d, 0xb8, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] : [10, 1, 2, 3];
        byte[] b = v6 ? [0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0, 0x11] : [192, 168, 7, 9];
        var link = v6 ? LinkType.Raw : LinkType.Ethernet;
        var flow = new TcpFlowBuilder(40000, 9042, clientIp: a, serverIp: b);
        byte[] ip = v6 ? IPv6Tcp(a, b, 40000, 9042) : flow.Send(true, [1]);
        byte[] back = v6 ? IPv6Tcp(b, a, 9042, 40000) : flow.Send(false, [2]);
        Assert.Equal(ShardKind.Flow, FlowShard.Classify(link, ip, out ulong hash));
        Assert.Equal(ShardKind.Flow, FlowShard.Classify(link, back, out ulong backHash));
        var key = new FlowKey(new Endpoint(a, 40000), new Endpoint(b, 9042));
        var reversed = new FlowKey(new Endpoint(b, 9042), new Endpoint(a, 40000));
        Assert.Equal((int)hash, key.GetHashCode());
        Assert.Equal((int)backHash, reversed.GetHashCode());
        Assert.NotEqual(key.GetHashCode(), new FlowKey(new Endpoint(a, 40001), new Endpoint(b, 9042)).GetHashCode());
    }

    /// <summary>A bare IPv6 packet carrying a TCP header (TcpFlowBuilder writes IPv4 only).</summary>
    private static byte[] IPv6Tcp(byte[] src, byte[] dst, ushort sport, ushort dport)
    {
        var p = new byte[60];
        p[0] = 0x60;
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(4), 20);
        p[6] = 6;
        p[7] = 64;
        src.CopyTo(p, 8);
        dst.CopyTo(p, 24);
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(40), sport);
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(42), dport);
        p[52] = 0x50;
        return p;
    }

    [Fact]
    public void VlanTags_LinuxCookedAndRawIP_FindTheSameConnection()
    {
        byte[] eth = Segment(true);
        FlowShard.Classify(LinkType.Ethernet, eth, out ulong expected);

        // Two 802.1Q tags between the MAC addresses and the EtherType.
        byte[] tagged = [.. eth[..12], 0x81, 0x00, 0x00, 0x05, 0x81, 0x00, 0x00, 0x06, .. eth[12..]];
        Assert.Equal(ShardKind.Flow, FlowShard.Classify(LinkType.Ethernet, tagged, out ulong h1));

        byte[] sll = new byte[16 + eth.Length - 14];
        sll[14] = 0x08;
        eth.AsSpan(14).CopyTo(sll.AsSpan(16));
        Assert.Equal(ShardKind.Flow, FlowShard.Classify(LinkType.LinuxSll, sll, out ulong h2));

        Assert.Equal(ShardKind.Flow, FlowShard.Classify(LinkType.Raw, eth.AsSpan(14), out ulong h3));
        Assert.Equal(expected, h1);
        Assert.Equal(expected, h2);
        Assert.Equal(expected, h3);
    }

    [Fact]
    public void IPv4Fragments_AreUnsplittable_AndOtherProtocolsBelongToNoFlow()
    {
        byte[] eth = Segment(true);
        byte[] more = (byte[])eth.Clone();
        BinaryPrimitives.WriteUInt16BigEndian(more.AsSpan(14 + 6), 0x2000);
        Assert.Equal(ShardKind.Unsplittable, FlowShard.Classify(LinkType.Ethernet, more, out _));
        byte[] later = (byte[])eth.Clone();
        BinaryPrimitives.WriteUInt16BigEndian(later.AsSpan(14 + 6), 0x0003);
        Assert.Equal(ShardKind.Unsplittable, FlowShard.Classify(LinkType.Ethernet, later, out _));

        byte[] icmp = (byte[])eth.Clone();
        icmp[14 + 9] = 1;
        Assert.Equal(ShardKind.None, FlowShard.Classify(LinkType.Ethernet, icmp, out _));
        byte[] arp = (byte[])eth.Clone();
        arp[12] = 0x08;
        arp[13] = 0x06;
        Assert.Equal(ShardKind.None, FlowShard.Classify(LinkType.Ethernet, arp, out _));
    }

    [Fact]
    public void IPv6_ThroughExtensionHeaders_AndItsFragmentHeader()
    {
        byte[] v6 = IPv6Tcp(extension: 0);
        Assert.Equal(ShardKind.Flow, FlowShard.Classify(LinkType.Raw, v6, out ulong plain));
        byte[] withHop = IPv6Tcp(extension: 1);
        Assert.Equal(ShardKind.Flow, FlowShard.Classify(LinkType.Raw, withHop, out ulong hop));
        Assert.Equal(plain, hop);
        Assert.Equal(ShardKind.Flow, FlowShard.Classify(LinkType.Raw, IPv6Tcp(extension: 2), out ulong atomic));
        Assert.Equal(plain, atomic);
        Assert.Equal(ShardKind.Unsplittable, FlowShard.Classify(LinkType.Raw, IPv6Tcp(extension: 3), out _));
    }

    [Fact]
    public void AnyBytes_AnyLength_NeverThrow()
    {
        var rng = new Random(7);
        byte[] eth = Segment(true);
        LinkType[] links = [LinkType.Ethernet, LinkType.LinuxSll, LinkType.LinuxSll2, LinkType.Null, LinkType.Loop, LinkType.Raw, LinkType.IPv6];
        for (int i = 0; i < 20000; i++)
        {
            byte[] b = i % 2 == 0 ? eth[..rng.Next(eth.Length + 1)] : new byte[rng.Next(120)];
            if (i % 2 == 1)
            {
                rng.NextBytes(b);
            }

            _ = FlowShard.Classify(links[i % links.Length], b, out _);
        }
    }

    /// <summary>IPv6/TCP ports 40000 → 9042; extension 1 adds a hop-by-hop header, 2 an atomic fragment header, 3 a first fragment.</summary>
    private static byte[] IPv6Tcp(int extension)
    {
        var ext = extension switch
        {
            1 => new byte[] { 6, 0, 0, 0, 0, 0, 0, 0 },
            2 => new byte[] { 6, 0, 0, 0, 0, 0, 0, 1 },
            3 => new byte[] { 6, 0, 0, 1, 0, 0, 0, 1 },
            _ => [],
        };
        var p = new byte[40 + ext.Length + 20];
        p[0] = 0x60;
        p[6] = extension switch { 1 => 0, 2 or 3 => 44, _ => 6 };
        p[23] = 1;
        p[39] = 2;
        ext.CopyTo(p, 40);
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(40 + ext.Length), 40000);
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(42 + ext.Length), 9042);
        return p;
    }
}
