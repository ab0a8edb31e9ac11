namespace Dissectors.Core.Fields;

/// <summary>IPv6 fields.</summary>
public sealed class IPv6Fields
{
    public IPv6Fields(FieldRegistry r)
    {
        Protocol = r.AddProtocol("ipv6", "Internet Protocol Version 6", "IPv6");
        Version = r.Add("ipv6.version", "Version", FieldType.UInt8, FieldBase.Dec);
        Tclass = r.Add("ipv6.tclass", "Traffic Class", FieldType.UInt32, FieldBase.Hex, bitmask: 0xff00000);
        TclassDscp = r.Add("ipv6.tclass.dscp", "Differentiated Services Codepoint", FieldType.UInt32, FieldBase.Dec, values: CoreValues.IPv4DsfieldDscp, bitmask: 0xfc00000);
        TclassEcn = r.Add("ipv6.tclass.ecn", "Explicit Congestion Notification", FieldType.UInt32, FieldBase.Dec, values: CoreValues.IPv4DsfieldEcn, bitmask: 0x300000);
        Flow = r.Add("ipv6.flow", "Flow Label", FieldType.UInt24, FieldBase.Hex, bitmask: 0xfffff);
        Plen = r.Add("ipv6.plen", "Payload Length", FieldType.UInt16, FieldBase.Dec);
        Nxt = r.Add("ipv6.nxt", "Next Header", FieldType.UInt8, FieldBase.Dec, values: CoreValues.IPv4Proto);
        Hlim = r.Add("ipv6.hlim", "Hop Limit", FieldType.UInt8, FieldBase.Dec);
        Src = r.Add("ipv6.src", "Source Address", FieldType.IPv6, blurb: "Source IPv6 Address");
        Addr = r.Add("ipv6.addr", "Source or Destination Address", FieldType.IPv6);
        SrcHost = r.Add("ipv6.src_host", "Source Host", FieldType.String, blurb: "Source IPv6 Host");
        Host = r.Add("ipv6.host", "Source or Destination Host", FieldType.String);
        Dst = r.Add("ipv6.dst", "Destination Address", FieldType.IPv6, blurb: "Destination IPv6 Address");
        DstHost = r.Add("ipv6.dst_host", "Destination Host", FieldType.String, blurb: "Destination IPv6 Host");
        Hopopts = r.AddProtocol("ipv6.hopopts", "IPv6 Hop-by-Hop Option", "IPv6 Hop-by-Hop");
        HopoptsNxt = r.Add("ipv6.hopopts.nxt", "Next Header", FieldType.UInt8, FieldBase.Dec, values: CoreValues.IPv4Proto);
        HopoptsLen = r.Add("ipv6.hopopts.len", "Length", FieldType.UInt8, FieldBase.Dec, blurb: "Extension header length in 8-octet words (minus 1)");
        HopoptsLenOct = r.Add("ipv6.hopopts.len_oct", "Length", FieldType.UInt16, FieldBase.Dec, blurb: "Extension header length in octets");
        Dstopts = r.AddProtocol("ipv6.dstopts", "Destination Options for IPv6", "IPv6 Destination");
        DstoptsNxt = r.Add("ipv6.dstopts.nxt", "Next Header", FieldType.UInt8, FieldBase.Dec, values: CoreValues.IPv4Proto);
        DstoptsLen = r.Add("ipv6.dstopts.len", "Length", FieldType.UInt8, FieldBase.Dec, blurb: "Extension header length in 8-octet words (minus 1)");
        DstoptsLenOct = r.Add("ipv6.dstopts.len_oct", "Length", FieldType.UInt16, FieldBase.Dec, blurb: "Extension header length in octets");
        Routing = r.AddProtocol("ipv6.routing", "Routing Header for IPv6", "IPv6 Routing");
        RoutingNxt = r.Add("ipv6.routing.nxt", "Next Header", FieldType.UInt8, FieldBase.Dec, values: CoreValues.IPv4Proto);
        RoutingLen = r.Add("ipv6.routing.len", "Length", FieldType.UInt8, FieldBase.Dec, blurb: "Extension header length in 8-octet words (minus 1)");
        RoutingLenOct = r.Add("ipv6.routing.len_oct", "Length", FieldType.UInt16, FieldBase.Dec, blurb: "Extension header length in octets");
        RoutingType = r.Add("ipv6.routing.type", "Type", FieldType.UInt8, FieldBase.Dec, values: CoreValues.IPv6RoutingType, blurb: "Routing Header Type");
        RoutingSegleft = r.Add("ipv6.routing.segleft", "Segments Left", FieldType.UInt8, FieldBase.Dec, blurb: "Routing Header Segments Left");
        Fraghdr = r.AddProtocol("ipv6.fraghdr", "Fragment Header for IPv6", "IPv6 Fragment");
        FraghdrNxt = r.Add("ipv6.fraghdr.nxt", "Next header", FieldType.UInt8, FieldBase.Dec, values: CoreValues.IPv4Proto);
        FraghdrReservedOctet = r.Add("ipv6.fraghdr.reserved_octet", "Reserved octet", FieldType.UInt8, FieldBase.Hex, blurb: "Should always be 0");
        FraghdrOffset = r.Add("ipv6.fraghdr.offset", "Offset", FieldType.UInt16, FieldBase.Dec, bitmask: 0xfff8, blurb: "Fragment Offset");
        FraghdrReservedBits = r.Add("ipv6.fraghdr.reserved_bits", "Reserved bits", FieldType.UInt16, FieldBase.Dec, bitmask: 0x6);
        FraghdrMore = r.AddBoolean("ipv6.fraghdr.more", "More Fragments", bits: 16, bitmask: 0x1, tfs: new TrueFalseStrings("Yes", "No"));
        FraghdrIdent = r.Add("ipv6.fraghdr.ident", "Identification", FieldType.UInt32, FieldBase.Hex, blurb: "Fragment Identification");
        Fragment = r.Add("ipv6.fragment", "IPv6 Fragment", FieldType.FrameNum);
        Fragments = r.Add("ipv6.fragments", "IPv6 Fragments", FieldType.None);
        FragmentCount = r.Add("ipv6.fragment.count", "Fragment count", FieldType.UInt32, FieldBase.Dec);
        ReassembledLength = r.Add("ipv6.reassembled.length", "Reassembled IPv6 length", FieldType.UInt32, FieldBase.Dec, blurb: "The total length of the reassembled payload");
        ReassembledData = r.Add("ipv6.reassembled.data", "Reassembled IPv6 data", FieldType.Bytes, blurb: "The reassembled payload");
        Opt = r.Add("ipv6.opt", "IPv6 Option", FieldType.None, blurb: "Option");
        OptType = r.Add("ipv6.opt.type", "Type", FieldType.UInt8, FieldBase.Hex, values: CoreValues.IPv6OptType, blurb: "Option type");
        OptLength = r.Add("ipv6.opt.length", "Length", FieldType.UInt8, FieldBase.Dec, blurb: "Option length in octets");
        OptPadn = r.Add("ipv6.opt.padn", "PadN", FieldType.Bytes, blurb: "PadN Option");
        OptPad1 = r.Add("ipv6.opt.pad1", "Pad1", FieldType.None, blurb: "Pad1 Option");
    }

    public FieldId Protocol { get; }

    public FieldId Version { get; }

    public FieldId Tclass { get; }

    public FieldId TclassDscp { get; }

    public FieldId TclassEcn { get; }

    public FieldId Flow { get; }

    public FieldId Plen { get; }

    public FieldId Nxt { get; }

    public FieldId Hlim { get; }

    public FieldId Src { get; }

    public FieldId Addr { get; }

    public FieldId SrcHost { get; }

    public FieldId Host { get; }

    public FieldId Dst { get; }

    public FieldId DstHost { get; }

    public FieldId Hopopts { get; }

    public FieldId HopoptsNxt { get; }

    public FieldId HopoptsLen { get; }

    public FieldId HopoptsLenOct { get; }

    public FieldId Dstopts { get; }

    public FieldId DstoptsNxt { get; }

    public FieldId DstoptsLen { get; }

    public FieldId DstoptsLenOct { get; }

    public FieldId Routing { get; }

    public FieldId RoutingNxt { get; }

    public FieldId RoutingLen { get; }

    public FieldId RoutingLenOct { get; }

    public FieldId RoutingType { get; }

    public FieldId RoutingSegleft { get; }

    public FieldId Fraghdr { get; }

    public FieldId FraghdrNxt { get; }

    public FieldId FraghdrReservedOctet { get; }

    public FieldId FraghdrOffset { get; }

    public FieldId FraghdrReservedBits { get; }

    public FieldId FraghdrMore { get; }

    public FieldId FraghdrIdent { get; }

    public FieldId Fragment { get; }

    public FieldId Fragments { get; }

    public FieldId FragmentCount { get; }

    public FieldId ReassembledLength { get; }

    public FieldId ReassembledData { get; }

    public FieldId Opt { get; }

    public FieldId OptType { get; }

    public FieldId OptLength { get; }

    public FieldId OptPadn { get; }

    public FieldId OptPad1 { get; }
}
