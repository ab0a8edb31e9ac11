namespace Dissectors.Core.Fields;

/// <summary>Linux cooked capture (SLL and SLL2) fields.</summary>
public sealed class SllFields
{
    public SllFields(FieldRegistry r)
    {
        Protocol = r.AddProtocol("sll", "Linux cooked-mode capture", "SLL");
        Pkttype = r.Add("sll.pkttype", "Packet type", FieldType.UInt16, FieldBase.Dec, values: CoreValues.SllPkttype);
        Hatype = r.Add("sll.hatype", "Link-layer address type", FieldType.UInt16, FieldBase.Dec, values: CoreValues.SllHatype);
        Halen = r.Add("sll.halen", "Link-layer address length", FieldType.UInt16, FieldBase.Dec);
        SrcEth = r.Add("sll.src.eth", "Source", FieldType.Ether, blurb: "Source link-layer address");
        SrcIpv4 = r.Add("sll.src.ipv4", "Source", FieldType.IPv4, blurb: "Source link-layer address");
        SrcOther = r.Add("sll.src.other", "Source", FieldType.Bytes, blurb: "Source link-layer address");
        Unused = r.Add("sll.unused", "Unused", FieldType.Bytes, blurb: "Unused bytes");
        Ltype = r.Add("sll.ltype", "Protocol", FieldType.UInt16, FieldBase.Hex, values: CoreValues.SllLtype, blurb: "Linux protocol type");
        Etype = r.Add("sll.etype", "Protocol", FieldType.UInt16, FieldBase.Hex, values: CoreValues.EthType, blurb: "Ethernet protocol type");
        Ifindex = r.Add("sll.ifindex", "Interface index", FieldType.UInt32, FieldBase.Dec);
    }

    public FieldId Protocol { get; }

    public FieldId Pkttype { get; }

    public FieldId Hatype { get; }

    public FieldId Halen { get; }

    public FieldId SrcEth { get; }

    public FieldId SrcIpv4 { get; }

    public FieldId SrcOther { get; }

    public FieldId Unused { get; }

    public FieldId Ltype { get; }

    public FieldId Etype { get; }

    public FieldId Ifindex { get; }
}
