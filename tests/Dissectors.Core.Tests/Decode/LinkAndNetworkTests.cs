using Dissectors.Core.Capture;
using Dissectors.Testing;

namespace Dissectors.Core.Tests.Decode;

public class LinkAndNetworkTests
{
    // IPv4 header, 20 bytes: version/IHL 45, DS 00, total length, id 0x1234, flags DF, TTL 64, proto, checksum 0,
    // 192.0.2.1 → 198.51.100.2.
    private const string IPv4Udp = """
        45 00 00 24  12 34 40 00  40 11 00 00  c0 00 02 01  c6 33 64 02
        # UDP: 5000 → 53, length 16, checksum 0, 8 bytes of payload
        13 88 00 35  00 10 00 00  de ad be ef  01 02 03 04
        """;

    private const string IPv6Tcp = """
        60 00 00 00  00 14 06 40                        # version 6, payload 20, next TCP, hop limit 64
        20 01 0d b8 00 00 00 00  00 00 00 00 00 00 00 01 # 2001:db8::1
        20 01 0d b8 00 00 00 00  00 00 00 00 00 00 00 02 # 2001:db8::2
        # TCP: 40000 → 9042, seq 100, ack 0, SYN, window 1000
        9c 40 23 52  00 00 00 64  00 00 00 00  50 02 03 e8  00 00 00 00
        """;

    private static byte[] Ether(string payloadHex, string type = "08 00") =>
        Hex.Parse("00 11 22 33 44 55  66 77 88 99 aa bb " + type + " " + payloadHex);

    [Fact]
    public void Ethernet_IPv4_Udp_FieldsAsTsharkNamesThem()
    {
        var h = new DecoderHarness().Run(LinkType.Ethernet, Ether(IPv4Udp));
        Assert.Equal("00:11:22:33:44:55", h.Field("eth.dst"));
        Assert.Equal("66:77:88:99:aa:bb", h.Field("eth.src"));
        Assert.Equal("0x0800", h.Field("eth.type"));
        Assert.Equal("192.0.2.1", h.Field("ip.src"));
        Assert.Equal("192.0.2.1,198.51.100.2", h.Field("ip.addr"));
        Assert.Equal("0x1234", h.Field("ip.id"));
        Assert.Equal("0x02", h.Field("ip.flags"));
        Assert.Equal("1", h.Field("ip.flags.df"));
        Assert.Equal("17", h.Field("ip.proto"));
        Assert.Equal("5000", h.Field("udp.srcport"));
        Assert.Equal("5000,53", h.Field("udp.port"));
        Assert.Equal("16", h.Field("udp.length"));
        Assert.Equal("deadbeef01020304", h.Field("data.data"));
        Assert.Equal("eth:ethertype:ip:udp:data", h.Field("frame.protocols"));
    }

    [Fact]
    public void VlanAndQinQ_TagsAreDecoded_AndTheInnerPacketFound()
    {
        var h = new DecoderHarness().Run(LinkType.Ethernet, Ether("00 64 08 00 " + IPv4Udp, "81 00"));
        Assert.Equal("100", h.Field("vlan.id"));
        Assert.Equal("192.0.2.1", h.Field("ip.src"));
        Assert.Equal("eth:ethertype:vlan:ethertype:ip:udp:data", h.Field("frame.protocols"));

        h.Run(LinkType.Ethernet, Ether("00 14 81 00  20 1e 08 00 " + IPv4Udp, "88 a8"));
        Assert.Equal("20", h.Field("ieee8021ad.id"));
        Assert.Equal("30", h.Field("vlan.id"));
        Assert.Equal("1", h.Field("vlan.priority"));
        Assert.Equal("53", h.Field("udp.dstport"));
    }

    [Fact]
    public void LinuxCookedV1_AndV2_AreDecoded()
    {
        // SLL v1: packet type 0 (to us), ARPHRD 772 (loopback), address length 6, address, protocol 0x0800.
        var sll = Hex.Parse("00 00 03 04 00 06 00 00 00 00 00 00 00 00 08 00" + IPv4Udp);
        var h = new DecoderHarness().Run(LinkType.LinuxSll, sll);
        Assert.Equal("772", h.Field("sll.hatype"));
        Assert.Equal("0x0800", h.Field("sll.etype"));
        Assert.Equal("192.0.2.1", h.Field("ip.src"));
        Assert.Equal("sll:ethertype:ip:udp:data", h.Field("frame.protocols"));

        // SLL2: protocol 0x86dd, reserved, ifindex 1, ARPHRD 772, packet type 0, address length 6, address.
        var sll2 = Hex.Parse("86 dd 00 00 00 00 00 01 03 04 00 06 00 00 00 00 00 00 00 00" + IPv6Tcp);
        h.Run(LinkType.LinuxSll2, sll2);
        Assert.Equal("1", h.Field("sll.ifindex"));
        Assert.Equal("2001:db8::1", h.Field("ipv6.src"));
        Assert.Equal("9042", h.Field("tcp.dstport"));
        Assert.Equal("1", h.Field("tcp.flags.syn"));
        Assert.Equal("sll:ethertype:ipv6:tcp", h.Field("frame.protocols"));
    }

    [Fact]
    public void BsdLoopback_InBothByteOrders_AndRawIP()
    {
        var h = new DecoderHarness();
        h.Run(LinkType.Null, Hex.Parse("02 00 00 00" + IPv4Udp)); // AF_INET little-endian
        Assert.Equal("2", h.Field("null.family"));
        Assert.Equal("192.0.2.1", h.Field("ip.src"));
        h.Run(LinkType.Null, Hex.Parse("00 00 00 1e" + IPv6Tcp)); // AF_INET6 (30) big-endian
        Assert.Equal("30", h.Field("null.family"));
        Assert.Equal("2001:db8::2", h.Field("ipv6.dst"));
        h.Run(LinkType.Loop, Hex.Parse("00 00 00 02" + IPv4Udp));
        Assert.Equal("2", h.Field("null.family"));
        h.Run(LinkType.Raw, Hex.Parse(IPv6Tcp));
        Assert.Equal("raw:ipv6:tcp", h.Field("frame.protocols"));
    }

    [Fact]
    public void IPv6ExtensionHeaders_AreWalkedToTheTransport()
    {
        var pkt = Hex.Parse("""
            60 00 00 00  00 24 00 40                          # payload 36, next: hop-by-hop
            20 01 0d b8 00 00 00 00  00 00 00 00 00 00 00 01
            20 01 0d b8 00 00 00 00  00 00 00 00 00 00 00 02
            3c 00 01 04 00 00 00 00                           # hop-by-hop: next dest opts, PadN
            11 00 01 04 00 00 00 00                           # destination options: next UDP, PadN
            13 88 00 35 00 14 00 00  61 62 63 64 65 66 67 68 69 6a 6b 6c
            """);
        var h = new DecoderHarness().Run(LinkType.Raw, pkt);
        Assert.Equal("60", h.Field("ipv6.hopopts.nxt"));
        Assert.Equal("17", h.Field("ipv6.dstopts.nxt"));
        Assert.Equal("53", h.Field("udp.dstport"));
    }

    [Fact]
    public void IPv4Fragments_AreReassembled_InTheFrameOfTheLastFragment()
    {
        // A UDP datagram of 8 + 24 bytes split into 16 + 16 bytes, second fragment first.
        string payload = "13 88 00 35 00 20 00 00 " + string.Join(' ', Enumerable.Range(0, 24).Select(i => (0x41 + i).ToString("x2")));
        var udp = Hex.Parse(payload);
        byte[] Frag(int offset, bool more, ReadOnlySpan<byte> part)
        {
            var ip = Hex.Parse("45 00 00 00  77 77 00 00  40 11 00 00  c0 00 02 01  c6 33 64 02");
            ip[2] = 0;
            ip[3] = (byte)(20 + part.Length);
            ushort ff = (ushort)((more ? 0x2000 : 0) | (offset / 8));
            ip[6] = (byte)(ff >> 8);
            ip[7] = (byte)ff;
            return [.. ip, .. part];
        }

        var h = new DecoderHarness();
        h.Run(LinkType.Raw, Frag(16, false, udp.AsSpan(16)));
        Assert.Equal("", h.Field("udp.srcport"));
        Assert.StartsWith("Fragmented IP protocol (proto=UDP 17, off=16, ID=7777)", h.Info);
        h.Run(LinkType.Raw, Frag(0, true, udp.AsSpan(0, 16)));
        Assert.Equal("5000", h.Field("udp.srcport"));
        Assert.Equal("24", h.Field("data.len"));
        Assert.Equal(2, h.Tree.SourceCount);

        // tshark's reassembly subtree on the completing frame: fragments by offset, not by arrival.
        Assert.Equal("2,1", h.Field("ip.fragment"));
        Assert.Equal("2", h.Field("ip.fragment.count"));
        Assert.Equal("32", h.Field("ip.reassembled.length"));
        Assert.Equal(Convert.ToHexStringLower(udp), h.Field("ip.reassembled.data"));
        Assert.True(h.Engine.Registry.TryGet("ip.fragments", out var fragments));
        int node = h.Tree.First(fragments);
        Assert.Equal("2 IPv4 Fragments (32 bytes): #2(16), #1(16)", System.Text.Encoding.UTF8.GetString(h.Tree.LabelOf(node)));
        Assert.True(h.Engine.Registry.TryGet("ip", out var ip));
        Assert.Equal(ip.Value, h.Tree.DefOf(h.Tree[node].Parent).Id.Value); // inside the IPv4 tree
        Assert.Equal("Frame: 1, payload: 16-31 (16 bytes)", System.Text.Encoding.UTF8.GetString(h.Tree.LabelOf(node + 2)));
    }

    [Fact]
    public void IPv6Fragments_ListTheirFrames_InTheIPv6Tree()
    {
        // A UDP datagram of 8 + 8 bytes in two IPv6 fragments of 8 bytes.
        var udp = Hex.Parse("13 88 00 35 00 10 00 00  61 62 63 64 65 66 67 68");
        byte[] Frag(int offset, bool more, ReadOnlySpan<byte> part)
        {
            var ip = Hex.Parse("""
                60 00 00 00  00 10 2c 40                          # payload 16, next: fragment header
                20 01 0d b8 00 00 00 00  00 00 00 00 00 00 00 01
                20 01 0d b8 00 00 00 00  00 00 00 00 00 00 00 02
                11 00 00 00  00 00 00 2a                          # next UDP, offset/M set below, ident 42
                """);
            ushort om = (ushort)(offset | (more ? 1 : 0));
            ip[42] = (byte)(om >> 8);
            ip[43] = (byte)om;
            return [.. ip, .. part];
        }

        var h = new DecoderHarness();
        h.Run(LinkType.Raw, Frag(0, true, udp.AsSpan(0, 8)));
        Assert.Equal("raw:ipv6:ipv6.fraghdr:data", h.Field("frame.protocols"));
        h.Run(LinkType.Raw, Frag(8, false, udp.AsSpan(8)));
        Assert.Equal("5000", h.Field("udp.srcport"));
        Assert.Equal("1,2", h.Field("ipv6.fragment"));
        Assert.Equal("2", h.Field("ipv6.fragment.count"));
        Assert.Equal("16", h.Field("ipv6.reassembled.length"));
        Assert.True(h.Engine.Registry.TryGet("ipv6.fragments", out var fragments));
        int node = h.Tree.First(fragments);
        Assert.Equal("2 IPv6 Fragments (16 bytes): #1(8), #2(8)", System.Text.Encoding.UTF8.GetString(h.Tree.LabelOf(node)));
        Assert.Equal("ipv6", h.Tree.DefOf(h.Tree[node].Parent).Abbrev);
    }

    [Fact]
    public void TruncatedAndBogusHeaders_AreReported_NeverThrown()
    {
        var h = new DecoderHarness();
        h.Run(LinkType.Ethernet, Hex.Parse("00 11 22 33 44"));                       // short Ethernet
        h.Run(LinkType.Ethernet, Ether("45 00 00 14 00 00"));                       // short IPv4
        h.Run(LinkType.Ethernet, Ether("4f 00 00 14 00 00 00 00 40 06 00 00 01 02 03 04 05 06 07 08")); // IHL 60 > 20 present
        Assert.Equal("1", h.Field("_ws.malformed").Length > 0 ? "1" : "0");
        h.Run(LinkType.Ethernet, Ether("45 00 00 10 00 00 00 00 40 06 00 00 01 02 03 04 05 06 07 08")); // total length < IHL
        h.Run(LinkType.Raw, Hex.Parse("45 00 00 28 00 00 00 00 40 06 00 00 01 02 03 04 05 06 07 08  00 50 00 51 00 00")); // short TCP
        h.Run(LinkType.Raw, Hex.Parse("45 00 00 28 00 00 00 00 40 06 00 00 01 02 03 04 05 06 07 08  00 50 00 51 00 00 00 01 00 00 00 00 f0 02 00 10 00 00 00 00")); // data offset 60
        h.Run((LinkType)999, Hex.Parse("01 02 03"));
        Assert.Equal(0, h.Pipeline.Damage.DissectorBugs);
        Assert.True(h.Pipeline.Damage.Malformed + h.Pipeline.Damage.ShortFrames >= 5);
    }

    [Fact]
    public void IPv6Addresses_PrintAsRfc5952()
    {
        var sb = new Dissectors.Core.Buffers.Utf8Builder();
        void Check(string hex, string expected)
        {
            sb.Clear();
            Dissectors.Core.Dissection.AddressFormat.AppendIPv6(sb, Hex.Parse(hex));
            Assert.Equal(expected, sb.ToString());
        }

        Check("00000000000000000000000000000001", "::1");
        Check("00000000000000000000000000000000", "::");
        Check("20010db8000000000000000000000001", "2001:db8::1");
        Check("20010db8000000010000000000000001", "2001:db8:0:1::1");
        Check("20010db8000000000001000000000001", "2001:db8::1:0:0:1");
        Check("00000000000000000000ffffc0000201", "::ffff:192.0.2.1");
        Check("fe800000000000000202b3fffe1e8329", "fe80::202:b3ff:fe1e:8329");
        Check("20010db8000100000000000100000001", "2001:db8:1::1:0:1");
        // Embedded IPv4 tails as tshark 4.0.17 prints them.
        Check("00000000000000000000000000000002", "::2");
        Check("00000000000000000000000000010002", "::0.1.0.2");
        Check("0000000000000000000000007f000001", "::127.0.0.1");
        Check("00000000000000000000ffff00000001", "::ffff:0.0.0.1");
        Check("00000000000000000000000100000000", "::1:0:0");
    }
}
