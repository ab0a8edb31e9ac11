namespace Dissectors.Core.Fields;

/// <summary>IPv4 fields.</summary>
public sealed class IPv4Fields
{
    public IPv4Fields(FieldRegistry r)
    {
        Protocol = r.AddProtocol("ip", "Internet Protocol Version 4", "IPv4");
        Version = r.Add("ip.version", "Version", FieldType.UInt8, FieldBase.Dec);
        HdrLen = r.Add("ip.hdr_len", "Header Length", FieldType.UInt8, FieldBase.Dec, blurb: "Header length in 32-bit words");
        Dsfield = r.Add("ip.dsfield", "Differentiated Services Field", FieldType.UInt8, FieldBase.Hex);
        DsfieldDscp = r.Add("ip.dsfield.dscp", "Differentiated Services Codepoint", FieldType.UInt8, FieldBase.Dec, values: CoreValues.IPv4DsfieldDscp, bitmask: 0xfc);
        DsfieldEcn = r.Add("ip.dsfield.ecn", "Explicit Congestion Notification", FieldType.UInt8, FieldBase.Dec, values: CoreValues.IPv4DsfieldEcn, bitmask: 0x3);
        Len = r.Add("ip.len", "Total Length", FieldType.UInt16, FieldBase.Dec);
        Id = r.Add("ip.id", "Identification", FieldType.UInt16, FieldBase.HexDec);
        Flags = r.Add("ip.flags", "Flags", FieldType.UInt8, FieldBase.Hex, bitmask: 0xe0, blurb: "Flags (3 bits)");
        FlagsRb = r.AddBoolean("ip.flags.rb", "Reserved bit", bits: 8, bitmask: 0x80, tfs: TrueFalseStrings.SetNotSet);
        FlagsDf = r.AddBoolean("ip.flags.df", "Don't fragment", bits: 8, bitmask: 0x40, tfs: TrueFalseStrings.SetNotSet);
        FlagsMf = r.AddBoolean("ip.flags.mf", "More fragments", bits: 8, bitmask: 0x20, tfs: TrueFalseStrings.SetNotSet);
        FragOffset = r.Add("ip.frag_offset", "Fragment Offset", FieldType.UInt16, FieldBase.Dec, bitmask: 0x1fff, blurb: "Fragment offset (13 bits)");
        Ttl = r.Add("ip.ttl", "Time to Live", FieldType.UInt8, FieldBase.Dec);
        Proto = r.Add("ip.proto", "Protocol", FieldType.UInt8, FieldBase.Dec, values: CoreValues.IPv4Proto);
        Checksum = r.Add("ip.checksum", "Header Checksum", FieldType.UInt16, FieldBase.Hex);
        ChecksumStatus = r.Add("ip.checksum.status", "Header checksum status", FieldType.UInt8, values: CoreValues.IPv4ChecksumStatus);
        Src = r.Add("ip.src", "Source Address", FieldType.IPv4);
        Addr = r.Add("ip.addr", "Source or Destination Address", FieldType.IPv4);
        SrcHost = r.Add("ip.src_host", "Source Host", FieldType.String);
        Host = r.Add("ip.host", "Source or Destination Host", FieldType.String);
        Dst = r.Add("ip.dst", "Destination Address", FieldType.IPv4);
        DstHost = r.Add("ip.dst_host", "Destination Host", FieldType.String);
        OptType = r.Add("ip.opt.type", "Type", FieldType.UInt8, FieldBase.Dec);
        OptTypeCopy = r.AddBoolean("ip.opt.type.copy", "Copy on fragmentation", bits: 8, bitmask: 0x80, tfs: new TrueFalseStrings("Yes", "No"));
        OptTypeClass = r.Add("ip.opt.type.class", "Class", FieldType.UInt8, FieldBase.Dec, values: CoreValues.IPv4OptTypeClass, bitmask: 0x60);
        OptTypeNumber = r.Add("ip.opt.type.number", "Number", FieldType.UInt8, FieldBase.Dec, values: CoreValues.IPv4OptTypeNumber, bitmask: 0x1f);
        OptLen = r.Add("ip.opt.len", "Length", FieldType.UInt8, FieldBase.Dec);
        OptPadding = r.Add("ip.opt.padding", "Padding", FieldType.Bytes);
        Fragments = r.Add("ip.fragments", "IPv4 Fragments", FieldType.Bytes);
        Fragment = r.Add("ip.fragment", "IPv4 Fragment", FieldType.FrameNum);
        FragmentCount = r.Add("ip.fragment.count", "Fragment count", FieldType.UInt32, FieldBase.Dec);
        ReassembledIn = r.Add("ip.reassembled_in", "Reassembled IPv4 in frame", FieldType.FrameNum, blurb: "This IPv4 packet is reassembled in this frame");
        ReassembledLength = r.Add("ip.reassembled.length", "Reassembled IPv4 length", FieldType.UInt32, FieldBase.Dec, blurb: "The total length of the reassembled payload");
        ReassembledData = r.Add("ip.reassembled.data", "Reassembled IPv4 data", FieldType.Bytes, blurb: "The reassembled payload");
        FragmentOverlap = r.AddBoolean("ip.fragment.overlap", "Fragment overlap", bits: 0, blurb: "Fragment overlaps with other fragments");
        FragmentError = r.Add("ip.fragment.error", "Defragmentation error", FieldType.FrameNum, blurb: "Defragmentation error due to illegal fragments");
        FragmentToolongfragment = r.AddBoolean("ip.fragment.toolongfragment", "Fragment too long", bits: 0, blurb: "Fragment contained data past end of packet");
        BogusHeaderLength = r.Add("ip.bogus_header_length", "Bogus IP header length", FieldType.None);
        BogusIpLength = r.Add("ip.bogus_ip_length", "Bogus IP length", FieldType.None);
    }

    public FieldId Protocol { get; }

    public FieldId Version { get; }

    public FieldId HdrLen { get; }

    public FieldId Dsfield { get; }

    public FieldId DsfieldDscp { get; }

    public FieldId DsfieldEcn { get; }

    public FieldId Len { get; }

    public FieldId Id { get; }

    public FieldId Flags { get; }

    public FieldId FlagsRb { get; }

    public FieldId FlagsDf { get; }

    public FieldId FlagsMf { get; }

    public FieldId FragOffset { get; }

    public FieldId Ttl { get; }

    public FieldId Proto { get; }

    public FieldId Checksum { get; }

    public FieldId ChecksumStatus { get; }

    public FieldId Src { get; }

    public FieldId Addr { get; }

    public FieldId SrcHost { get; }

    public FieldId Host { get; }

    public FieldId Dst { get; }

    public FieldId DstHost { get; }

    public FieldId OptType { get; }

    public FieldId OptTypeCopy { get; }

    public FieldId OptTypeClass { get; }

    public FieldId OptTypeNumber { get; }

    public FieldId OptLen { get; }

    public FieldId OptPadding { get; }

    public FieldId Fragments { get; }

    public FieldId Fragment { get; }

    public FieldId FragmentCount { get; }

    public FieldId ReassembledIn { get; }

    public FieldId ReassembledLength { get; }

    public FieldId ReassembledData { get; }

    public FieldId FragmentOverlap { get; }

    public FieldId FragmentError { get; }

    public FieldId FragmentToolongfragment { get; }

    public FieldId BogusHeaderLength { get; }

    public FieldId BogusIpLength { get; }
}
