using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Dissectors.Core.Buffers;
using Dissectors.Core.Capture;
using Dissectors.Core.Dissection;
using Dissectors.Core.Fields;

namespace Dissectors.Core.Decode;

/// <summary>
/// Decodes the frame, link and network layers of one packet into the field tree and fills
/// <see cref="PacketLayers"/> for the transport layer. Link types: Ethernet II (802.1Q/802.1ad tags),
/// Linux cooked capture v1/v2, BSD loopback (NULL/LOOP), raw IP. Network: IPv4 (options, fragment
/// reassembly) and IPv6 (extension headers, fragments). Field names, order and labels follow tshark 4.0.
/// <para>Allocates nothing per packet; one instance per pipeline (single-threaded).</para>
/// </summary>
public sealed class PacketDecoder
{
    private const int EthernetHeaderLength = 14;
    private const int VlanTagLength = 4;
    private const int MaxVlanTags = 8;
    private const int SllHeaderLength = 16;
    private const int Sll2HeaderLength = 20;
    private const int NullHeaderLength = 4;
    private const int IPv4MinHeader = 20;
    private const int IPv6HeaderLength = 40;
    private const int UdpHeaderLength = 8;
    private const int MaxIPv6ExtensionHeaders = 16;

    private readonly FieldTree _tree;
    private readonly Columns _cols;
    private readonly CoreFields _f;
    private readonly IPDefragmenter _defrag;
    private readonly DamageCounters _damage;
    private readonly Utf8Builder _scratch = new(256);
    private readonly Utf8Builder _protocols = new(128);
    private int _protocolsNode = -1;
    private uint _frameNumber;
    private bool _trackProtocols = true;

    public PacketDecoder(FieldTree tree, Columns columns, CoreFields fields, IPDefragmenter defragmenter, DamageCounters damage)
    {
        _damage = damage;
        _tree = tree;
        _cols = columns;
        _f = fields;
        _defrag = defragmenter;
    }

    /// <summary>The colon-separated protocol stack of the current frame (<c>frame.protocols</c>).</summary>
    public Utf8Builder ProtocolStack => _protocols;

    /// <summary>Adds a protocol name to <c>frame.protocols</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void PushProtocol(string abbrev)
    {
        // Called for every layer of every frame; most runs keep no frame.protocols: no call for them.
        if (_trackProtocols)
        {
            AppendProtocol(abbrev);
        }
    }

    private void AppendProtocol(string abbrev)
    {
        if (_protocols.Length > 0)
        {
            _protocols.Append((byte)':');
        }

        _protocols.Append(abbrev);
    }

    /// <summary>Writes the accumulated protocol stack into the <c>frame.protocols</c> node.</summary>
    public void FinishFrame()
    {
        if (_protocolsNode >= 0)
        {
            _tree.SetGeneratedValue(_protocolsNode, _protocols.Span);
        }
    }

    private bool Text => _tree.WantsText;

    // ---- frame --------------------------------------------------------------------------------

    /// <summary>Adds the <c>frame</c> subtree; the frame's bytes must already be the tree's frame source.</summary>
    public void AddFrame(FrameInfo fi, bool pcapng)
    {
        var t = _tree;
        var f = _f.Frame;
        _protocols.Clear();
        _frameNumber = fi.Number;
        _trackProtocols = t.Wants(f.Protocols);
        int cap = fi.CapturedLength;
        int node = t.Open(f.Protocol, 0, cap);
        if (!t.WantsFieldsOf(f.Protocol))
        {
            _protocolsNode = -1;
            t.Close(node);
            _cols.Protocol = "";
            return;
        }

        if (node >= 0 && Text)
        {
            long len = fi.OriginalLength;
            if (pcapng)
            {
                t.SetLabel(node, $"Frame {fi.Number}: {len} bytes on wire ({len * 8} bits), {cap} bytes captured ({(long)cap * 8} bits) on interface {fi.InterfaceName ?? "unknown"}, id {fi.InterfaceId}");
            }
            else
            {
                t.SetLabel(node, $"Frame {fi.Number}: {len} bytes on wire ({len * 8} bits), {cap} bytes captured ({(long)cap * 8} bits)");
            }
        }

        if (pcapng)
        {
            t.AddUInt(f.SectionNumber, 0, 0, (uint)Math.Max(1, fi.SectionNumber));
            int ifNode = t.Open(f.InterfaceId, 0, 0, (uint)fi.InterfaceId);
            if (ifNode >= 0 && Text)
            {
                t.SetLabel(ifNode, $"Interface id: {fi.InterfaceId} ({fi.InterfaceName ?? "unknown"})");
            }

            if (t.Wants(f.InterfaceName))
            {
                t.AddGeneratedString(f.InterfaceName, 0, 0, fi.InterfaceName ?? "unknown", NodeFlags.None);
            }

            t.Close(ifNode);
            if (fi.PacketFlags != 0)
            {
                t.AddUInt(f.PacketFlags, 0, 0, fi.PacketFlags);
            }
        }

        t.AddInt(f.EncapType, 0, 0, LinkTypes.WiresharkEncap(fi.LinkType));
        t.AddTime(f.Time, 0, 0, fi.TimestampNs);
        t.AddTime(f.OffsetShift, 0, 0, 0, NodeFlags.Generated);
        t.AddTime(f.TimeEpoch, 0, 0, fi.TimestampNs);
        t.AddTime(f.TimeDelta, 0, 0, fi.DeltaNs, NodeFlags.Generated);
        t.AddTime(f.TimeDeltaDisplayed, 0, 0, fi.DeltaDisplayedNs, NodeFlags.Generated);
        t.AddTime(f.TimeRelative, 0, 0, fi.RelativeNs, NodeFlags.Generated);
        t.AddUInt(f.Number, 0, 0, fi.Number);
        int lenNode = t.AddUInt(f.Len, 0, 0, (uint)fi.OriginalLength);
        if (lenNode >= 0 && Text)
        {
            t.SetLabel(lenNode, $"Frame Length: {fi.OriginalLength} bytes ({(long)fi.OriginalLength * 8} bits)");
        }

        int capNode = t.AddUInt(f.CapLen, 0, 0, (uint)cap);
        if (capNode >= 0 && Text)
        {
            t.SetLabel(capNode, $"Capture Length: {cap} bytes ({(long)cap * 8} bits)");
        }

        t.AddBool(f.Marked, 0, 0, 0, NodeFlags.Generated);
        t.AddBool(f.Ignored, 0, 0, 0, NodeFlags.Generated);
        _protocolsNode = t.AddGenerated(f.Protocols, 0, 0, default);
        if (fi.Comment is { } comment && t.Wants(f.Comment))
        {
            t.AddGeneratedString(f.Comment, 0, 0, comment, NodeFlags.None);
        }

        t.Close(node);
        _cols.Protocol = "";
    }

    // ---- link layers --------------------------------------------------------------------------

    /// <summary>Decodes the link layer and what it carries. Returns false when nothing beyond it was decodable.</summary>
    public bool DecodeLink(LinkType linkType, ReadOnlySpan<byte> frame, ref PacketLayers layers)
    {
        layers.Network = NetworkKind.None;
        layers.Transport = -1;
        layers.Fragment = false;
        switch (linkType)
        {
            case LinkType.Ethernet:
                return DecodeEthernet(frame, ref layers);
            case LinkType.LinuxSll:
                return DecodeSll(frame, ref layers);
            case LinkType.LinuxSll2:
                return DecodeSll2(frame, ref layers);
            case LinkType.Null:
            case LinkType.Loop:
                return DecodeNull(frame, linkType == LinkType.Loop, ref layers);
            case LinkType.Raw:
            case LinkType.IPv4:
            case LinkType.IPv6:
                PushProtocol("raw");
                int raw = _tree.Open(_f.Raw, 0, frame.Length);
                _tree.SetLabel(raw, "Raw packet data");
                _tree.Close(raw);
                _cols.Protocol = "Raw";
                return DecodeIPByVersion(frame, 0, ref layers);
            default:
                PushProtocol("data");
                AddData(0, frame.Length, frame);
                return false;
        }
    }

    /*
     *  Ethernet II
     *  +-------------------+-------------------+----------+-----------
     *  | destination (6)   | source (6)        | type (2) | payload...
     *  +-------------------+-------------------+----------+-----------
     *  type 0x8100/0x88a8/0x9100 is an 802.1Q/802.1ad tag: TCI (2), inner type (2).
     */
    private bool DecodeEthernet(ReadOnlySpan<byte> frame, ref PacketLayers layers)
    {
        var t = _tree;
        var e = _f.Eth;
        PushProtocol("eth");
        if (frame.Length < EthernetHeaderLength)
        {
            int short1 = t.Open(e.Protocol, 0, frame.Length);
            t.Close(short1);
            AddShortFrame(0, frame.Length);
            return false;
        }

        ushort type = BinaryPrimitives.ReadUInt16BigEndian(frame[12..]);
        int node = t.Open(e.Protocol, 0, EthernetHeaderLength);
        if (node >= 0 && Text)
        {
            _scratch.Clear();
            _scratch.Append("Ethernet II, Src: "u8);
            EtherNames.AppendDisplay(_scratch, ReadMac(frame[6..]));
            _scratch.Append(", Dst: "u8);
            EtherNames.AppendDisplay(_scratch, ReadMac(frame));
            t.SetLabelUtf8(node, _scratch.Span);
        }

        bool fields = t.WantsFieldsOf(e.Protocol);
        if (fields)
        {
            AddMacSubtree(e.Dst, e.DstResolved, e.DstOui, e.DstOuiResolved, e.DstLg, e.DstIg, "Destination", 0, ReadMac(frame), frame);
            AddMacSubtree(e.Src, e.SrcResolved, e.SrcOui, e.SrcOuiResolved, e.SrcLg, e.SrcIg, "Source", 6, ReadMac(frame[6..]), frame);
        }

        if (type <= 1500)
        {
            // 802.3 length field: not an Ethernet II frame (LLC/SNAP); show the rest as data.
            t.AddUInt(e.Len, 12, 2, type);
            t.Close(node);
            _cols.Protocol = "Ethernet";
            _cols.SetAddresses(AddressKind.Ether, frame, 6, 0);
            PushProtocol("data");
            AddData(EthernetHeaderLength, frame.Length - EthernetHeaderLength, frame);
            return false;
        }

        if (fields)
        {
            t.AddUInt(e.Type, 12, 2, type);
        }

        t.Close(node);
        _cols.SetAddresses(AddressKind.Ether, frame, 6, 0);

        _cols.Protocol = "Ethernet";
        PushProtocol("ethertype");
        return DecodeEthertype(type, frame, EthernetHeaderLength, 0, ref layers);
    }

    private void AddMacSubtree(FieldId addrField, FieldId resolvedField, FieldId ouiField, FieldId ouiResolvedField,
        FieldId lgField, FieldId igField, string title, int offset, ulong mac, ReadOnlySpan<byte> frame)
    {
        var t = _tree;
        var e = _f.Eth;
        int node = t.Open(addrField, offset, 6, mac);
        if (node >= 0 && Text)
        {
            _scratch.Clear();
            _scratch.Append(title);
            _scratch.Append(": "u8);
            EtherNames.AppendDisplay(_scratch, mac);
            t.SetLabelUtf8(node, _scratch.Span);
        }

        if (node < 0 && !t.Wants(e.Addr) && !t.Wants(e.Lg) && !t.Wants(e.Ig) && !t.Wants(resolvedField)
            && !t.Wants(ouiField) && !t.Wants(ouiResolvedField) && !t.Wants(e.AddrResolved) && !t.Wants(e.AddrOui)
            && !t.Wants(e.AddrOuiResolved) && !t.Wants(lgField) && !t.Wants(igField))
        {
            t.Close(node);
            return;
        }

        uint oui = (uint)(mac >> 24);
        AddResolved(resolvedField, offset, mac, NodeFlags.Generated | NodeFlags.Hidden);
        t.AddUInt(ouiField, offset, 3, oui, NodeFlags.Hidden);
        AddOuiResolved(ouiResolvedField, offset, oui);
        int a = t.AddEther(e.Addr, offset, mac);
        if (a >= 0 && Text)
        {
            _scratch.Clear();
            _scratch.Append("Address: "u8);
            EtherNames.AppendDisplay(_scratch, mac);
            t.SetLabelUtf8(a, _scratch.Span);
        }

        AddResolved(e.AddrResolved, offset, mac, NodeFlags.Generated | NodeFlags.Hidden);
        t.AddUInt(e.AddrOui, offset, 3, oui, NodeFlags.Hidden);
        AddOuiResolved(e.AddrOuiResolved, offset, oui);
        t.AddBool(lgField, offset, 3, oui, NodeFlags.Hidden);
        t.AddBool(e.Lg, offset, 3, oui);
        t.AddBool(igField, offset, 3, oui, NodeFlags.Hidden);
        t.AddBool(e.Ig, offset, 3, oui);
        t.Close(node);
        _ = frame;
    }

    /// <summary>tshark adds <c>eth.*.oui_resolved</c> (generated, hidden, over the whole address) only for a known OUI.</summary>
    private void AddOuiResolved(FieldId field, int offset, uint oui)
    {
        if (_tree.Wants(field) && EtherNames.TryGetOuiDescription(oui, out ReadOnlySpan<byte> name))
        {
            _tree.AddGenerated(field, offset, 6, name, NodeFlags.Generated | NodeFlags.Hidden);
        }
    }

    private void AddResolved(FieldId field, int offset, ulong mac, NodeFlags flags)
    {
        if (!_tree.Wants(field))
        {
            return;
        }

        _scratch.Clear();
        EtherNames.AppendResolved(_scratch, mac);
        _tree.AddGenerated(field, offset, 6, _scratch.Span, flags);
    }

    private static ulong ReadMac(ReadOnlySpan<byte> b) =>
        ((ulong)BinaryPrimitives.ReadUInt16BigEndian(b) << 32) | BinaryPrimitives.ReadUInt32BigEndian(b[2..]);

    /// <summary>Dispatches on an EtherType; follows VLAN tags (at most <see cref="MaxVlanTags"/>).</summary>
    private bool DecodeEthertype(ushort type, ReadOnlySpan<byte> frame, int offset, int depth, ref PacketLayers layers)
    {
        switch (type)
        {
            case 0x0800:
                return DecodeIPv4(frame, offset, ref layers);
            case 0x86DD:
                return DecodeIPv6(frame, offset, ref layers);
            case 0x8100:
            case 0x9100:
                return DecodeVlan(frame, offset, depth, ref layers, serviceTag: false);
            case 0x88A8:
                return DecodeVlan(frame, offset, depth, ref layers, serviceTag: true);
            default:
                PushProtocol("data");
                AddData(offset, frame.Length - offset, frame);
                return false;
        }
    }

    /*
     *  802.1Q tag (after the outer EtherType)
     *  +-----+---+--------------+------------------+
     *  | PCP | D | VLAN ID (12) | inner type (16)  |
     *  +-----+---+--------------+------------------+
     */
    private bool DecodeVlan(ReadOnlySpan<byte> frame, int offset, int depth, ref PacketLayers layers, bool serviceTag)
    {
        var t = _tree;
        var v = _f.Vlan;
        PushProtocol(serviceTag ? "ieee8021ad" : "vlan");
        if (frame.Length - offset < VlanTagLength)
        {
            AddShortFrame(offset, frame.Length - offset);
            return false;
        }

        ushort tci = BinaryPrimitives.ReadUInt16BigEndian(frame[offset..]);
        ushort inner = BinaryPrimitives.ReadUInt16BigEndian(frame[(offset + 2)..]);
        int node;
        if (serviceTag)
        {
            node = t.Open(v.Ad, offset, VlanTagLength);
            if (node >= 0 && Text)
            {
                t.SetLabel(node, $"IEEE 802.1ad, ID: {tci & 0xFFF}");
            }

            t.AddUInt(v.AdPriority, offset, 2, tci);
            t.AddUInt(v.AdDei, offset, 2, tci);
            t.AddUInt(v.AdId, offset, 2, tci);
            t.AddUInt(v.AhEtype, offset + 2, 2, inner);
        }
        else
        {
            node = t.Open(v.Protocol, offset, VlanTagLength);
            if (node >= 0 && Text)
            {
                t.SetLabel(node, $"802.1Q Virtual LAN, PRI: {tci >> 13}, DEI: {(tci >> 12) & 1}, ID: {tci & 0xFFF}");
            }

            t.AddUInt(v.Priority, offset, 2, tci);
            t.AddBool(v.Dei, offset, 2, tci);
            t.AddUInt(v.Id, offset, 2, tci);
            t.AddUInt(v.Etype, offset + 2, 2, inner);
        }
        if (depth + 1 >= MaxVlanTags && inner is 0x8100 or 0x88A8 or 0x9100)
        {
            t.AddExpert(v.TooManyTags, offset, VlanTagLength);
            t.Close(node);
            return false;
        }

        t.Close(node);
        _cols.Protocol = serviceTag ? "IEEE 802.1AD" : "VLAN";
        PushProtocol("ethertype");
        return DecodeEthertype(inner, frame, offset + VlanTagLength, depth + 1, ref layers);
    }

    /*
     *  Linux cooked capture v1 (16 bytes)
     *  | packet type (2) | ARPHRD type (2) | addr len (2) | address (8) | protocol (2) |
     */
    private bool DecodeSll(ReadOnlySpan<byte> frame, ref PacketLayers layers)
    {
        var t = _tree;
        var s = _f.Sll;
        PushProtocol("sll");
        if (frame.Length < SllHeaderLength)
        {
            AddShortFrame(0, frame.Length);
            return false;
        }

        ushort pkttype = BinaryPrimitives.ReadUInt16BigEndian(frame);
        ushort hatype = BinaryPrimitives.ReadUInt16BigEndian(frame[2..]);
        ushort halen = BinaryPrimitives.ReadUInt16BigEndian(frame[4..]);
        ushort proto = BinaryPrimitives.ReadUInt16BigEndian(frame[14..]);
        int node = t.Open(s.Protocol, 0, SllHeaderLength);
        t.SetLabel(node, "Linux cooked capture v1");
        t.AddUInt(s.Pkttype, 0, 2, pkttype);
        t.AddUInt(s.Hatype, 2, 2, hatype);
        t.AddUInt(s.Halen, 4, 2, halen);
        AddSllAddress(6, halen, hatype, frame);
        t.AddUInt(s.Etype, 14, 2, proto);
        t.Close(node);
        _cols.Protocol = "SLL";
        return DecodeSllPayload(proto, hatype, frame, SllHeaderLength, ref layers);
    }

    /*
     *  Linux cooked capture v2 (20 bytes)
     *  | protocol (2) | reserved (2) | ifindex (4) | ARPHRD type (2) | pkt type (1) | addr len (1) | address (8) |
     */
    private bool DecodeSll2(ReadOnlySpan<byte> frame, ref PacketLayers layers)
    {
        var t = _tree;
        var s = _f.Sll;
        PushProtocol("sll");
        if (frame.Length < Sll2HeaderLength)
        {
            AddShortFrame(0, frame.Length);
            return false;
        }

        ushort proto = BinaryPrimitives.ReadUInt16BigEndian(frame);
        uint ifindex = BinaryPrimitives.ReadUInt32BigEndian(frame[4..]);
        ushort hatype = BinaryPrimitives.ReadUInt16BigEndian(frame[8..]);
        byte pkttype = frame[10];
        byte halen = frame[11];
        int node = t.Open(s.Protocol, 0, Sll2HeaderLength);
        t.SetLabel(node, "Linux cooked capture v2");
        t.AddUInt(s.Etype, 0, 2, proto);
        t.AddUInt(s.Ifindex, 4, 4, ifindex);
        t.AddUInt(s.Hatype, 8, 2, hatype);
        t.AddUInt(s.Pkttype, 10, 1, pkttype);
        t.AddUInt(s.Halen, 11, 1, halen);
        AddSllAddress(12, halen, hatype, frame);
        t.Close(node);
        _cols.Protocol = "SLL";
        return DecodeSllPayload(proto, hatype, frame, Sll2HeaderLength, ref layers);
    }

    private void AddSllAddress(int offset, int halen, ushort hatype, ReadOnlySpan<byte> frame)
    {
        var t = _tree;
        var s = _f.Sll;
        int len = Math.Min(halen, 8);
        if (len == 6 && hatype is 1 or 772 or 6)
        {
            ulong mac = ReadMac(frame[offset..]);
            int a = t.AddEther(s.SrcEth, offset, mac);
            if (a >= 0 && Text)
            {
                _scratch.Clear();
                _scratch.Append("Source: "u8);
                EtherNames.AppendDisplay(_scratch, mac);
                t.SetLabelUtf8(a, _scratch.Span);
            }
        }
        else if (len == 4)
        {
            t.AddIPv4(s.SrcIpv4, offset, BinaryPrimitives.ReadUInt32BigEndian(frame[offset..]));
        }
        else if (len > 0)
        {
            t.AddBytes(s.SrcOther, offset, len);
        }

        if (len < 8)
        {
            t.AddBytes(s.Unused, offset + len, 8 - len);
        }
    }

    private bool DecodeSllPayload(ushort proto, ushort hatype, ReadOnlySpan<byte> frame, int offset, ref PacketLayers layers)
    {
        _ = hatype;
        if (proto > 1500)
        {
            PushProtocol("ethertype");
            return DecodeEthertype(proto, frame, offset, 0, ref layers);
        }

        PushProtocol("data");
        AddData(offset, frame.Length - offset, frame);
        return false;
    }

    /*
     *  BSD loopback: a 4-byte address family, in the capturing host's byte order (NULL) or big-endian (LOOP).
     *  AF_INET = 2; AF_INET6 = 24 (NetBSD/OpenBSD), 28 (FreeBSD), 30 (macOS), 10 (Linux).
     */
    private bool DecodeNull(ReadOnlySpan<byte> frame, bool bigEndianOnly, ref PacketLayers layers)
    {
        var t = _tree;
        var n = _f.Null;
        PushProtocol("null");
        if (frame.Length < NullHeaderLength)
        {
            AddShortFrame(0, frame.Length);
            return false;
        }

        uint be = BinaryPrimitives.ReadUInt32BigEndian(frame);
        uint family = bigEndianOnly || (be & 0xFFFF0000) == 0 ? be : BinaryPrimitives.ReadUInt32LittleEndian(frame);
        int node = t.Open(n.Protocol, 0, NullHeaderLength);
        t.SetLabel(node, "Null/Loopback");
        t.AddUInt(n.Family, 0, 4, family);
        t.Close(node);
        _cols.Protocol = "Null";
        return family switch
        {
            2 => DecodeIPv4(frame, NullHeaderLength, ref layers),
            10 or 24 or 28 or 30 => DecodeIPv6(frame, NullHeaderLength, ref layers),
            _ => DecodeIPByVersion(frame, NullHeaderLength, ref layers),
        };
    }

    private bool DecodeIPByVersion(ReadOnlySpan<byte> frame, int offset, ref PacketLayers layers)
    {
        if (frame.Length > offset)
        {
            int version = frame[offset] >> 4;
            if (version == 4)
            {
                return DecodeIPv4(frame, offset, ref layers);
            }

            if (version == 6)
            {
                return DecodeIPv6(frame, offset, ref layers);
            }
        }

        PushProtocol("data");
        AddData(offset, frame.Length - offset, frame);
        return false;
    }

    // ---- IPv4 ---------------------------------------------------------------------------------

    /*
     *   0                   1                   2                   3
     *  +-------+-------+---------------+-------------------------------+
     *  |Version|  IHL  |    DS / ECN   |          Total Length         |
     *  +-------+-------+---------------+-----+-------------------------+
     *  |         Identification        |Flags|     Fragment Offset     |
     *  +---------------+---------------+-----+-------------------------+
     *  |  Time to Live |    Protocol   |         Header Checksum       |
     *  +---------------+---------------+-------------------------------+
     *  |                       Source Address                          |
     *  |                    Destination Address                        |
     *  |                    Options (IHL > 5)                          |
     */
    private bool DecodeIPv4(ReadOnlySpan<byte> frame, int offset, ref PacketLayers layers)
    {
        var t = _tree;
        var ip = _f.IPv4;
        PushProtocol("ip");
        int avail = frame.Length - offset;
        if (avail < IPv4MinHeader)
        {
            int s = t.Open(ip.Protocol, offset, avail);
            t.Close(s);
            AddShortFrame(offset, avail);
            return false;
        }

        // The fixed header in three loads: bytes 0-7 (version and length, total length, fragment field),
        // 8-15 (protocol, source), 16-19 (destination).
        var h = frame[offset..];
        ulong w0 = BinaryPrimitives.ReadUInt64BigEndian(h);
        ulong w1 = BinaryPrimitives.ReadUInt64BigEndian(h[8..]);
        int ihl = (int)(w0 >> 54) & 0x3C;
        int version = (int)(w0 >> 60);
        int totalLength = (ushort)(w0 >> 32);
        ushort flagsFrag = (ushort)w0;
        byte proto = (byte)(w1 >> 48);
        uint src = (uint)w1;
        uint dst = BinaryPrimitives.ReadUInt32BigEndian(h[16..]);

        int node = t.Open(ip.Protocol, offset, Math.Min(Math.Max(ihl, IPv4MinHeader), avail));
        if (node >= 0 && Text)
        {
            SetIPv4Label(node, src, dst);
        }

        // The fields and their labels are built in methods of their own: their text formatting would
        // otherwise make this method's stack frame large, and every packet pays for clearing it.
        bool fields = t.WantsFieldsOf(ip.Protocol);
        if (fields)
        {
            AddIPv4FirstByteField(h, offset, isVersion: true, version);
        }

        if (version != 4)
        {
            t.Close(node);
            _cols.Protocol = "IPv4";
            AddMalformedHere(offset, avail, BogusIPv4Version(version));
            return false;
        }

        if (fields)
        {
            AddIPv4FirstByteField(h, offset, isVersion: false, ihl);
        }

        if (ihl < IPv4MinHeader || ihl > avail)
        {
            t.Close(node);
            _cols.Protocol = "IPv4";
            AddMalformedHere(offset, avail, BogusIPv4HeaderLength(ihl));
            return false;
        }

        int fragOffsetBytes = (flagsFrag & 0x1FFF) * 8;
        if (fields)
        {
            AddIPv4Fields(frame, h, offset, ihl, totalLength, fragOffsetBytes);
        }

        layers.Network = NetworkKind.IPv4;
        BinaryPrimitives.WriteUInt32BigEndian(layers.Source, src);
        BinaryPrimitives.WriteUInt32BigEndian(layers.Destination, dst);
        _cols.SetAddresses(AddressKind.IPv4, h, 12, 16);
        _cols.Protocol = "IPv4";

        if (totalLength < ihl)
        {
            t.Close(node);
            AddMalformedHere(offset + 2, 2, BogusIPv4Length(totalLength, ihl));
            return false;
        }

        // The IP length wins over the captured length (Ethernet padding); a short capture keeps what it has.
        int payloadLength = Math.Min(totalLength, avail) - ihl;
        int payloadOffset = offset + ihl;
        bool moreFragments = (flagsFrag & 0x2000) != 0;
        if (moreFragments || fragOffsetBytes != 0)
        {
            ushort id = BinaryPrimitives.ReadUInt16BigEndian(h[4..]);
            return HandleFragment(IPDefragmenter.KeyV4(src, dst, id, proto), proto, fragOffsetBytes, moreFragments,
                frame.Slice(payloadOffset, payloadLength), payloadOffset, totalLength - ihl > payloadLength, ref layers, "Reassembled IPv4", id, node);
        }

        t.Close(node);
        layers.Transport = proto;
        layers.TransportSource = _tree.CurrentSource;
        layers.TransportOffset = payloadOffset;
        layers.TransportLength = payloadLength;
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void SetIPv4Label(int node, uint src, uint dst)
    {
        _scratch.Clear();
        _scratch.Append("Internet Protocol Version 4, Src: "u8);
        AddressFormat.AppendIPv4(_scratch, src);
        _scratch.Append(", Dst: "u8);
        AddressFormat.AppendIPv4(_scratch, dst);
        _tree.SetLabelUtf8(node, _scratch.Span);
    }

    // The expert texts of a bad IPv4 header, formatted out of line (see DecodeIPv4).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string BogusIPv4Version(int version) => $"Bogus IP version ({version})";

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string BogusIPv4HeaderLength(int ihl) => $"Bogus IP header length ({ihl}, must be at least 20)";

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string BogusIPv4Length(int totalLength, int ihl) => $"Bogus IP length ({totalLength}, less than header length {ihl})";

    /// <summary>The version (the first byte's high nibble) or the header length (its low nibble, in bytes).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void AddIPv4FirstByteField(ReadOnlySpan<byte> h, int offset, bool isVersion, int value)
    {
        var t = _tree;
        int node = t.AddUInt(isVersion ? _f.IPv4.Version : _f.IPv4.HdrLen, offset, 1, (uint)value);
        if (node >= 0 && Text)
        {
            Span<char> bits = stackalloc char[9];
            BitPattern.Write(bits, h[0], isVersion ? 0xF0UL : 0x0FUL, 8);
            // Two calls, not one with a conditional: each literal goes to SetLabel's formatting handler,
            // which writes into the tree without making a string.
            if (isVersion)
            {
                t.SetLabel(node, $"{bits} = Version: {value}");
            }
            else
            {
                t.SetLabel(node, $"{bits} = Header Length: {value} bytes ({value / 4})");
            }
        }
    }

    /// <summary>The IPv4 header fields after the header length (DS field through the options).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void AddIPv4Fields(ReadOnlySpan<byte> frame, ReadOnlySpan<byte> h, int offset, int ihl, int totalLength, int fragOffsetBytes)
    {
        var t = _tree;
        var ip = _f.IPv4;
        ushort id = BinaryPrimitives.ReadUInt16BigEndian(h[4..]);
        ushort flagsFrag = BinaryPrimitives.ReadUInt16BigEndian(h[6..]);
        ushort checksum = BinaryPrimitives.ReadUInt16BigEndian(h[10..]);
        uint src = BinaryPrimitives.ReadUInt32BigEndian(h[12..]);
        uint dst = BinaryPrimitives.ReadUInt32BigEndian(h[16..]);
        AddDsField(ip.Dsfield, ip.DsfieldDscp, ip.DsfieldEcn, offset + 1, h[1], "Differentiated Services Field", 8, 0);
        t.AddUInt(ip.Len, offset + 2, 2, (uint)totalLength);
        t.AddUInt(ip.Id, offset + 4, 2, id);
        int fl = t.AddUInt(ip.Flags, offset + 6, 1, h[6]);
        t.Reopen(fl);
        if (fl >= 0 && Text)
        {
            Span<char> bits = stackalloc char[9];
            BitPattern.Write(bits, h[6], 0xE0, 8);
            uint fv = (uint)(h[6] >> 5);
            string desc = (fv & 2) != 0 ? ((fv & 1) != 0 ? ", Don't fragment, More fragments" : ", Don't fragment")
                : (fv & 1) != 0 ? ", More fragments" : "";
            t.SetLabel(fl, $"{bits} = Flags: 0x{fv:x}{desc}");
        }

        t.AddBool(ip.FlagsRb, offset + 6, 1, h[6]);
        t.AddBool(ip.FlagsDf, offset + 6, 1, h[6]);
        t.AddBool(ip.FlagsMf, offset + 6, 1, h[6]);
        t.Close(fl);
        int fo = t.AddUInt(ip.FragOffset, offset + 6, 2, flagsFrag);
        if (fo >= 0 && Text)
        {
            Span<char> bits = stackalloc char[20];
            int n = BitPattern.Write(bits, flagsFrag, 0x1FFF, 16);
            t.SetLabel(fo, $"{bits[..n]} = Fragment Offset: {fragOffsetBytes}");
        }

        t.AddUInt(ip.Ttl, offset + 8, 1, h[8]);
        t.AddUInt(ip.Proto, offset + 9, 1, h[9]);
        int ck = t.AddUInt(ip.Checksum, offset + 10, 2, checksum);
        if (ck >= 0 && Text)
        {
            t.SetLabel(ck, $"Header Checksum: 0x{checksum:x4} [validation disabled]");
        }

        t.AddUInt(ip.ChecksumStatus, offset + 10, 0, 2, NodeFlags.Generated);
        AddIPv4Address(ip.Src, ip.SrcHost, "Source Address", offset + 12, src);
        AddIPv4Address(ip.Dst, ip.DstHost, "Destination Address", offset + 16, dst);
        if (ihl > IPv4MinHeader)
        {
            AddIPv4Options(offset + IPv4MinHeader, ihl - IPv4MinHeader, frame);
        }
    }

    private void AddIPv4Address(FieldId field, FieldId hostField, string title, int offset, uint address)
    {
        var t = _tree;
        var ip = _f.IPv4;
        int n = t.AddIPv4(field, offset, address);
        _ = n;
        _ = title;
        t.AddIPv4(ip.Addr, offset, address, NodeFlags.Hidden);
        if (t.Wants(hostField) || t.Wants(ip.Host))
        {
            _scratch.Clear();
            AddressFormat.AppendIPv4(_scratch, address);
            t.AddGenerated(hostField, offset, 4, _scratch.Span, NodeFlags.Hidden);
            t.AddGenerated(ip.Host, offset, 4, _scratch.Span, NodeFlags.Hidden);
        }
    }

    private void AddIPv4Options(int offset, int length, ReadOnlySpan<byte> frame)
    {
        var t = _tree;
        var ip = _f.IPv4;
        int end = offset + length;
        int o = offset;
        while (o < end)
        {
            byte type = frame[o];
            int optLen = type is 0 or 1 ? 1 : (o + 1 < end ? frame[o + 1] : 0);
            if (optLen < 1 || (type > 1 && optLen < 2) || o + optLen > end)
            {
                t.AddBytes(ip.OptPadding, o, end - o);
                return;
            }

            int node = t.Open(ip.OptType, o, 1, type);
            t.AddBool(ip.OptTypeCopy, o, 1, type);
            t.AddUInt(ip.OptTypeClass, o, 1, type);
            t.AddUInt(ip.OptTypeNumber, o, 1, type);
            t.Close(node);
            if (optLen > 1)
            {
                t.AddUInt(ip.OptLen, o + 1, 1, (uint)optLen);
            }

            o += optLen;
            if (type == 0)
            {
                if (o < end)
                {
                    t.AddBytes(ip.OptPadding, o, end - o);
                }

                return;
            }
        }
    }

    /// <summary>Adds a DS/traffic-class field with DSCP and ECN children.</summary>
    private void AddDsField(FieldId field, FieldId dscpField, FieldId ecnField, int offset, uint value, string title, int bits, int shift)
    {
        var t = _tree;
        uint ds = value >> shift;
        int node = t.Open(field, offset, bits == 8 ? 1 : 2, ds);
        if (node >= 0 && Text)
        {
            string dscpName = DscpShortName(ds >> 2);
            string ecnName = (ds & 3) switch { 0 => "Not-ECT", 1 => "ECT(1)", 2 => "ECT(0)", _ => "CE" };
            t.SetLabel(node, $"{title}: 0x{ds:x2} (DSCP: {dscpName}, ECN: {ecnName})");
        }

        // The fields' bitmasks (0xfc, 0x03) pick the bits: pass the whole byte.
        t.AddUInt(dscpField, offset, 1, ds);
        t.AddUInt(ecnField, offset, 1, ds);
        t.Close(node);
    }

    private static string DscpShortName(uint dscp) => dscp switch
    {
        0 => "CS0",
        8 => "CS1",
        16 => "CS2",
        24 => "CS3",
        32 => "CS4",
        40 => "CS5",
        48 => "CS6",
        56 => "CS7",
        10 => "AF11",
        12 => "AF12",
        14 => "AF13",
        18 => "AF21",
        20 => "AF22",
        22 => "AF23",
        26 => "AF31",
        28 => "AF32",
        30 => "AF33",
        34 => "AF41",
        36 => "AF42",
        38 => "AF43",
        44 => "VA",
        46 => "EF PHB",
        1 => "LE",
        _ => "Unknown",
    };

    // ---- IPv6 ---------------------------------------------------------------------------------

    /*
     *  +-------+---------------+---------------------------------------+
     *  |Version| Traffic Class |              Flow Label               |
     *  +-------+---------------+-------+---------------+---------------+
     *  |         Payload Length        |  Next Header  |   Hop Limit   |
     *  +-------------------------------+---------------+---------------+
     *  |                  Source Address (16)                          |
     *  |                Destination Address (16)                       |
     */
    private bool DecodeIPv6(ReadOnlySpan<byte> frame, int offset, ref PacketLayers layers)
    {
        var t = _tree;
        var ip = _f.IPv6;
        PushProtocol("ipv6");
        int avail = frame.Length - offset;
        if (avail < IPv6HeaderLength)
        {
            int s = t.Open(ip.Protocol, offset, avail);
            t.Close(s);
            AddShortFrame(offset, avail);
            return false;
        }

        var h = frame[offset..];
        uint first = BinaryPrimitives.ReadUInt32BigEndian(h);
        int version = (int)(first >> 28);
        uint tclass = (first >> 20) & 0xFF;
        uint flow = first & 0xFFFFF;
        int payloadLength = BinaryPrimitives.ReadUInt16BigEndian(h[4..]);
        byte next = h[6];
        byte hlim = h[7];

        int node = t.Open(ip.Protocol, offset, IPv6HeaderLength);
        if (node >= 0 && Text)
        {
            _scratch.Clear();
            _scratch.Append("Internet Protocol Version 6, Src: "u8);
            AddressFormat.AppendIPv6(_scratch, h.Slice(8, 16));
            _scratch.Append(", Dst: "u8);
            AddressFormat.AppendIPv6(_scratch, h.Slice(24, 16));
            t.SetLabelUtf8(node, _scratch.Span);
        }

        int vn = t.AddUInt(ip.Version, offset, 1, (uint)version);
        if (vn >= 0 && Text)
        {
            Span<char> bits = stackalloc char[9];
            BitPattern.Write(bits, h[0], 0xF0, 8);
            t.SetLabel(vn, $"{bits} = Version: {version}");
        }

        // tshark adds the generic IP version field, hidden, to IPv6 headers too.
        t.AddUInt(_f.IPv4.Version, offset, 1, (uint)version, NodeFlags.Hidden);
        // Open stores the value as given; the DSCP/ECN adds below apply their 32-bit masks to the whole word.
        int tc = t.Open(ip.Tclass, offset, 4, tclass);
        if (tc >= 0 && Text)
        {
            Span<char> bits = stackalloc char[40];
            int n = BitPattern.Write(bits, first, 0x0FF0_0000, 32);
            string ecnName = (tclass & 3) switch { 0 => "Not-ECT", 1 => "ECT(1)", 2 => "ECT(0)", _ => "CE" };
            t.SetLabel(tc, $"{bits[..n]} = Traffic Class: 0x{tclass:x2} (DSCP: {DscpShortName(tclass >> 2)}, ECN: {ecnName})");
        }

        int dscp = t.AddUInt(ip.TclassDscp, offset, 4, first);
        if (dscp >= 0 && Text)
        {
            Span<char> bits = stackalloc char[40];
            int n = BitPattern.Write(bits, first, 0x0FC0_0000, 32);
            string name = CoreValues.IPv4DsfieldDscp.TryGetName(tclass >> 2, out var dn) ? dn : "Unknown";
            t.SetLabel(dscp, $"{bits[..n]} = Differentiated Services Codepoint: {name} ({tclass >> 2})");
        }

        int ecn = t.AddUInt(ip.TclassEcn, offset, 4, first);
        if (ecn >= 0 && Text)
        {
            Span<char> bits = stackalloc char[40];
            int n = BitPattern.Write(bits, first, 0x0030_0000, 32);
            string name = CoreValues.IPv4DsfieldEcn.TryGetName(tclass & 3, out var en) ? en : "Unknown";
            t.SetLabel(ecn, $"{bits[..n]} = Explicit Congestion Notification: {name} ({tclass & 3})");
        }

        t.Close(tc);
        int fn = t.AddUInt(ip.Flow, offset + 1, 3, first & 0xFFFFFF);
        if (fn >= 0 && Text)
        {
            Span<char> bits = stackalloc char[40];
            // ipv6.flow is a 24-bit field (bytes 1-3) with mask 0xfffff, so its picture has 24 positions.
            int n = BitPattern.Write(bits, first & 0xFFFFFF, 0x000F_FFFF, 24);
            t.SetLabel(fn, $"{bits[..n]} = Flow Label: 0x{flow:x5}");
        }

        t.AddUInt(ip.Plen, offset + 4, 2, (uint)payloadLength);
        t.AddUInt(ip.Nxt, offset + 6, 1, next);
        t.AddUInt(ip.Hlim, offset + 7, 1, hlim);
        AddIPv6Address(ip.Src, ip.SrcHost, offset + 8, h.Slice(8, 16));
        AddIPv6Address(ip.Dst, ip.DstHost, offset + 24, h.Slice(24, 16));
        layers.Network = NetworkKind.IPv6;
        h.Slice(8, 16).CopyTo(layers.Source);
        h.Slice(24, 16).CopyTo(layers.Destination);
        _cols.SetAddresses(AddressKind.IPv6, h, 8, 24);
        _cols.Protocol = "IPv6";

        if (version != 6)
        {
            t.Close(node);
            AddMalformedHere(offset, 1, $"Bogus IP version ({version})");
            return false;
        }

        int end = offset + IPv6HeaderLength + Math.Min(payloadLength, avail - IPv6HeaderLength);
        int o = offset + IPv6HeaderLength;
        for (int i = 0; i < MaxIPv6ExtensionHeaders; i++)
        {
            switch (next)
            {
                case 0:
                case 60:
                case 43:
                    {
                        if (end - o < 8)
                        {
                            t.Close(node);
                            AddMalformedHere(o, end - o, "IPv6 extension header truncated");
                            return false;
                        }

                        int extLen = (frame[o + 1] + 1) * 8;
                        if (o + extLen > end)
                        {
                            t.Close(node);
                            AddMalformedHere(o, end - o, "IPv6 extension header length exceeds the payload");
                            return false;
                        }

                        FieldId proto = next == 0 ? ip.Hopopts : next == 60 ? ip.Dstopts : ip.Routing;
                        FieldId nxtField = next == 0 ? ip.HopoptsNxt : next == 60 ? ip.DstoptsNxt : ip.RoutingNxt;
                        FieldId lenField = next == 0 ? ip.HopoptsLen : next == 60 ? ip.DstoptsLen : ip.RoutingLen;
                        FieldId lenOctField = next == 0 ? ip.HopoptsLenOct : next == 60 ? ip.DstoptsLenOct : ip.RoutingLenOct;
                        PushProtocol(next == 0 ? "ipv6.hopopts" : next == 60 ? "ipv6.dstopts" : "ipv6.routing");
                        int ext = t.Open(proto, o, extLen);
                        t.AddUInt(nxtField, o, 1, frame[o]);
                        t.AddUInt(lenField, o + 1, 1, frame[o + 1]);
                        int lo = t.AddUInt(lenOctField, o + 1, 1, (uint)extLen, NodeFlags.Generated);
                        if (lo >= 0 && Text)
                        {
                            t.SetLabel(lo, $"Length: {extLen} bytes");
                        }
                        if (next == 43)
                        {
                            t.AddUInt(ip.RoutingType, o + 2, 1, frame[o + 2]);
                            t.AddUInt(ip.RoutingSegleft, o + 3, 1, frame[o + 3]);
                        }

                        t.Close(ext);
                        next = frame[o];
                        o += extLen;
                        continue;
                    }

                case 44:
                    {
                        if (end - o < 8)
                        {
                            t.Close(node);
                            AddMalformedHere(o, end - o, "IPv6 fragment header truncated");
                            return false;
                        }

                        ushort offFlags = BinaryPrimitives.ReadUInt16BigEndian(frame[(o + 2)..]);
                        uint ident = BinaryPrimitives.ReadUInt32BigEndian(frame[(o + 4)..]);
                        byte fragNext = frame[o];
                        PushProtocol("ipv6.fraghdr");
                        int fh = t.Open(ip.Fraghdr, o, 8);
                        t.AddUInt(ip.FraghdrNxt, o, 1, fragNext);
                        t.AddUInt(ip.FraghdrReservedOctet, o + 1, 1, frame[o + 1]);
                        int fo = t.AddUInt(ip.FraghdrOffset, o + 2, 2, offFlags);
                        if (fo >= 0 && Text)
                        {
                            t.SetLabel(fo, $" ({offFlags & 0xFFF8} bytes)", NodeFlags.LabelAppend);
                        }

                        t.AddUInt(ip.FraghdrReservedBits, o + 2, 2, offFlags);
                        t.AddBool(ip.FraghdrMore, o + 2, 2, offFlags);
                        t.AddUInt(ip.FraghdrIdent, o + 4, 4, ident);
                        t.Close(fh);
                        int fragOffset = offFlags & 0xFFF8;
                        bool more = (offFlags & 1) != 0;
                        o += 8;
                        if (fragOffset == 0 && !more)
                        {
                            // An atomic fragment: the payload is whole.
                            t.Close(node);
                            layers.Transport = fragNext;
                            layers.TransportSource = _tree.CurrentSource;
                            layers.TransportOffset = o;
                            layers.TransportLength = end - o;
                            return true;
                        }

                        return HandleFragment(IPDefragmenter.KeyV6(h.Slice(8, 16), h.Slice(24, 16), ident), fragNext, fragOffset, more,
                            frame[o..end], o, false, ref layers, "Reassembled IPv6", ident, node, ipv6: true);
                    }

                case 59 when o == end:
                    // No Next Header and nothing after it: tshark says so in Info and adds no data protocol.
                    t.Close(node);
                    if (_cols.Enabled)
                    {
                        _cols.SetInfo("IPv6 no next header"u8);
                    }

                    return false;

                default:
                    t.Close(node);
                    layers.Transport = next;
                    layers.TransportSource = _tree.CurrentSource;
                    layers.TransportOffset = o;
                    layers.TransportLength = end - o;
                    return true;
            }
        }

        t.Close(node);
        AddMalformedHere(o, end - o, "Too many IPv6 extension headers");
        return false;
    }

    private void AddIPv6Address(FieldId field, FieldId hostField, int offset, ReadOnlySpan<byte> address)
    {
        var t = _tree;
        var ip = _f.IPv6;
        t.AddBytes(field, offset, 16);
        t.AddBytes(ip.Addr, offset, 16, NodeFlags.Hidden);
        if (t.Wants(hostField) || t.Wants(ip.Host))
        {
            _scratch.Clear();
            AddressFormat.AppendIPv6(_scratch, address);
            t.AddGenerated(hostField, offset, 16, _scratch.Span, NodeFlags.Hidden);
            t.AddGenerated(ip.Host, offset, 16, _scratch.Span, NodeFlags.Hidden);
        }
    }

    // ---- fragments ----------------------------------------------------------------------------

    /// <summary>
    /// Feeds one fragment to the defragmenter. <paramref name="ipNode"/> (the IPv4/IPv6 protocol node) is still
    /// open and is closed here: on the completing frame tshark lists the fragments inside it, after the header.
    /// </summary>
    private bool HandleFragment(IPDefragmenter.Key key, byte proto, int fragOffset, bool more, ReadOnlySpan<byte> payload,
        int payloadOffset, bool truncated, ref PacketLayers layers, string sourceName, uint ident, int ipNode, bool ipv6 = false)
    {
        layers.Fragment = true;
        if (truncated)
        {
            _tree.Close(ipNode);
            PushProtocol("data");
            AddData(payloadOffset, payload.Length, default);
            return false;
        }

        var result = _defrag.Add(key, _frameNumber, fragOffset, more, payload, out ReadOnlySpan<byte> datagram);
        if (result != DefragResult.Complete)
        {
            _tree.Close(ipNode);
            if (_cols.Enabled)
            {
                string name = CoreValues.IPv4Proto.TryGetName(proto, out var pn) ? pn : "Unknown";
                _cols.SetInfo(ipv6
                    ? $"IPv6 fragment (off={fragOffset} more={(more ? 'y' : 'n')} ident=0x{ident:x8} nxt={proto})"
                    : $"Fragmented IP protocol (proto={name} {proto}, off={fragOffset}, ID={ident:x4})");
                if (result == DefragResult.Dropped)
                {
                    _cols.AppendInfo(" [dropped: over the reassembly limit]");
                }
            }

            PushProtocol("data");
            AddData(payloadOffset, payload.Length, default);
            return false;
        }

        byte source = _tree.AddSource(sourceName, datagram);
        AddFragmentTree(ipv6, source, datagram.Length, _defrag.CompletedFragments);
        _tree.Close(ipNode);
        layers.Fragment = false;
        layers.Transport = proto;
        layers.TransportSource = source;
        layers.TransportOffset = 0;
        layers.TransportLength = datagram.Length;
        return true;
    }

    /// <summary>
    /// tshark's reassembly subtree on the completing frame, over the reassembled data source:
    /// <code>
    /// [2 IPv4 Fragments (84 bytes): #108(40), #109(44)]     ip.fragments (FT_BYTES) / ipv6.fragments (FT_NONE)
    ///     [Frame: 108, payload: 0-39 (40 bytes)]            ip.fragment, one per fragment, by offset
    ///     [Fragment count: 2]                               ip.fragment.count
    ///     [Reassembled IPv4 length: 84]                     ip.reassembled.length
    ///     [Reassembled IPv4 data: 9c4c…]                    ip.reassembled.data
    /// </code>
    /// </summary>
    private void AddFragmentTree(bool ipv6, byte source, int length, ReadOnlySpan<IPDefragmenter.Fragment> fragments)
    {
        var t = _tree;
        FieldId fragmentsField, fragmentField, countField, lengthField, dataField;
        if (ipv6)
        {
            var f6 = _f.IPv6;
            (fragmentsField, fragmentField, countField, lengthField, dataField) =
                (f6.Fragments, f6.Fragment, f6.FragmentCount, f6.ReassembledLength, f6.ReassembledData);
        }
        else
        {
            var f4 = _f.IPv4;
            (fragmentsField, fragmentField, countField, lengthField, dataField) =
                (f4.Fragments, f4.Fragment, f4.FragmentCount, f4.ReassembledLength, f4.ReassembledData);
        }

        if (!t.Wants(fragmentsField) && !t.Wants(fragmentField) && !t.Wants(countField) && !t.Wants(lengthField) && !t.Wants(dataField))
        {
            return;
        }

        byte savedSource = t.CurrentSource;
        int savedBase = t.CurrentBase;
        t.SetSource(source, 0);
        int node = t.Open(fragmentsField, 0, length, 0, NodeFlags.Generated);
        if (node >= 0 && Text)
        {
            _scratch.Clear();
            _scratch.Append(fragments.Length);
            _scratch.Append(ipv6 ? " IPv6 Fragments ("u8 : " IPv4 Fragments ("u8);
            AppendBytes(_scratch, length);
            _scratch.Append("): "u8);
            for (int i = 0; i < fragments.Length; i++)
            {
                if (i > 0)
                {
                    _scratch.Append(", "u8);
                }

                _scratch.Append((byte)'#');
                _scratch.Append(fragments[i].Frame);
                _scratch.Append((byte)'(');
                _scratch.Append(fragments[i].Length);
                _scratch.Append((byte)')');
            }

            t.SetLabelUtf8(node, _scratch.Span);
        }

        foreach (var fr in fragments)
        {
            int n = t.AddFrameNumber(fragmentField, fr.Offset, fr.Length, fr.Frame, NodeFlags.Generated);
            if (n >= 0 && Text)
            {
                _scratch.Clear();
                _scratch.Append("Frame: "u8);
                _scratch.Append(fr.Frame);
                _scratch.Append(", payload: "u8);
                _scratch.Append(fr.Offset);
                _scratch.Append((byte)'-');
                _scratch.Append(fr.Offset + fr.Length - 1);
                _scratch.Append(" ("u8);
                AppendBytes(_scratch, fr.Length);
                _scratch.Append((byte)')');
                t.SetLabelUtf8(n, _scratch.Span);
            }
        }

        t.AddUInt(countField, 0, 0, (uint)fragments.Length, NodeFlags.Generated);
        t.AddUInt(lengthField, 0, 0, (uint)length, NodeFlags.Generated);
        t.AddBytes(dataField, 0, length, NodeFlags.Generated);
        t.Close(node);
        t.SetSource(savedSource, savedBase);
    }

    /// <summary>"N bytes", singular for one (Wireshark's plurality()).</summary>
    private static void AppendBytes(Utf8Builder sb, int n)
    {
        sb.Append(n);
        sb.Append(n == 1 ? " byte"u8 : " bytes"u8);
    }

    // ---- UDP ----------------------------------------------------------------------------------

    /*
     *  | source port (2) | destination port (2) | length (2) | checksum (2) | payload ... |
     */
    public void DecodeUdp(ReadOnlySpan<byte> segment, ref PacketLayers layers)
    {
        var t = _tree;
        var u = _f.Udp;
        PushProtocol("udp");
        if (segment.Length < UdpHeaderLength)
        {
            int s = t.Open(u.Protocol, 0, segment.Length);
            t.Close(s);
            AddShortFrame(0, segment.Length);
            return;
        }

        ushort sp = BinaryPrimitives.ReadUInt16BigEndian(segment);
        ushort dp = BinaryPrimitives.ReadUInt16BigEndian(segment[2..]);
        ushort len = BinaryPrimitives.ReadUInt16BigEndian(segment[4..]);
        ushort ck = BinaryPrimitives.ReadUInt16BigEndian(segment[6..]);
        int node = t.Open(u.Protocol, 0, UdpHeaderLength);
        if (node >= 0 && Text)
        {
            t.SetLabel(node, $"User Datagram Protocol, Src Port: {sp}, Dst Port: {dp}");
        }

        t.AddUInt(u.Srcport, 0, 2, sp);
        t.AddUInt(u.Dstport, 2, 2, dp);
        t.AddUInt(u.Port, 0, 2, sp, NodeFlags.Hidden);
        t.AddUInt(u.Port, 2, 2, dp, NodeFlags.Hidden);
        t.AddUInt(u.Length, 4, 2, len);
        int cn = t.AddUInt(u.Checksum, 6, 2, ck);
        if (cn >= 0 && Text)
        {
            t.SetLabel(cn, $"Checksum: 0x{ck:x4} [unverified]");
        }

        t.AddUInt(u.ChecksumStatus, 6, 0, 2, NodeFlags.Generated);
        int payloadLength = Math.Max(0, Math.Min(segment.Length, len) - UdpHeaderLength);
        if (payloadLength > 0)
        {
            t.AddBytes(u.Payload, UdpHeaderLength, payloadLength);
        }

        t.Close(node);
        _cols.Protocol = "UDP";
        if (_cols.Enabled)
        {
            Span<char> buf = stackalloc char[48];
            int w = 0;
            sp.TryFormat(buf, out int n, default, System.Globalization.CultureInfo.InvariantCulture);
            w += n;
            " → ".CopyTo(buf[w..]);
            w += 3;
            dp.TryFormat(buf[w..], out n, default, System.Globalization.CultureInfo.InvariantCulture);
            w += n;
            " Len=".CopyTo(buf[w..]);
            w += 5;
            payloadLength.TryFormat(buf[w..], out n, default, System.Globalization.CultureInfo.InvariantCulture);
            w += n;
            _cols.SetInfo(buf[..w]);
        }

        if (payloadLength > 0)
        {
            PushProtocol("data");
            AddData(UdpHeaderLength, payloadLength, default);
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    /// <summary>Shows bytes no dissector claimed as <c>data</c> (<c>data.data</c>, <c>data.len</c>).</summary>
    public void AddData(int offset, int length, ReadOnlySpan<byte> unused)
    {
        _ = unused;
        if (length <= 0)
        {
            return;
        }

        var t = _tree;
        var d = _f.Data;
        int node = t.Open(d.Protocol, offset, length);
        if (node >= 0 && Text)
        {
            t.SetLabel(node, length == 1 ? "Data (1 byte)" : $"Data ({length} bytes)");
        }

        t.AddBytes(d.Data, offset, length);
        int ln = t.AddInt(d.Len, offset, 0, length, NodeFlags.Generated);
        _ = ln;
        t.Close(node);
        if (_cols.Protocol.Length == 0)
        {
            _cols.Protocol = "Data";
        }
    }

    private void AddShortFrame(int offset, int length)
    {
        _damage.ShortFrames++;
        int n = _tree.Open(_f.Ws.Short, offset, length);
        _tree.SetLabel(n, "[Packet size limited during capture]");
        _tree.Close(n);
    }

    private void AddMalformedHere(int offset, int length, string message)
    {
        _damage.Malformed++;
        int n = _tree.Open(_f.Ws.Malformed, offset, Math.Max(0, length));
        _tree.SetLabel(n, "[Malformed Packet: " + message + "]");
        _tree.AddExpert(_f.Ws.MalformedExpert, offset, Math.Max(0, length), message);
        _tree.Close(n);
    }
}
