namespace Dissectors.Core.Fields;

/// <summary>Ethernet II fields.</summary>
public sealed class EthFields
{
    public EthFields(FieldRegistry r)
    {
        Protocol = r.AddProtocol("eth", "Ethernet", "Ethernet");
        Dst = r.Add("eth.dst", "Destination", FieldType.Ether);
        DstResolved = r.Add("eth.dst_resolved", "Destination (resolved)", FieldType.String);
        DstOui = r.Add("eth.dst.oui", "Destination OUI", FieldType.UInt24);
        Src = r.Add("eth.src", "Source", FieldType.Ether);
        SrcResolved = r.Add("eth.src_resolved", "Source (resolved)", FieldType.String);
        SrcOui = r.Add("eth.src.oui", "Source OUI", FieldType.UInt24);
        Addr = r.Add("eth.addr", "Address", FieldType.Ether);
        AddrResolved = r.Add("eth.addr_resolved", "Address (resolved)", FieldType.String);
        AddrOui = r.Add("eth.addr.oui", "Address OUI", FieldType.UInt24);
        DstLg = r.AddBoolean("eth.dst.lg", "LG bit", bits: 24, bitmask: 0x20000, tfs: new TrueFalseStrings("Locally administered address (this is NOT the factory default)", "Globally unique address (factory default)"));
        DstIg = r.AddBoolean("eth.dst.ig", "IG bit", bits: 24, bitmask: 0x10000, tfs: new TrueFalseStrings("Group address (multicast/broadcast)", "Individual address (unicast)"));
        SrcLg = r.AddBoolean("eth.src.lg", "LG bit", bits: 24, bitmask: 0x20000, tfs: new TrueFalseStrings("Locally administered address (this is NOT the factory default)", "Globally unique address (factory default)"));
        SrcIg = r.AddBoolean("eth.src.ig", "IG bit", bits: 24, bitmask: 0x10000, tfs: new TrueFalseStrings("Group address (multicast/broadcast)", "Individual address (unicast)"));
        Lg = r.AddBoolean("eth.lg", "LG bit", bits: 24, bitmask: 0x20000, tfs: new TrueFalseStrings("Locally administered address (this is NOT the factory default)", "Globally unique address (factory default)"));
        Ig = r.AddBoolean("eth.ig", "IG bit", bits: 24, bitmask: 0x10000, tfs: new TrueFalseStrings("Group address (multicast/broadcast)", "Individual address (unicast)"));
        Type = r.Add("eth.type", "Type", FieldType.UInt16, FieldBase.Hex, values: CoreValues.EthType);
        Len = r.Add("eth.len", "Length", FieldType.UInt16, FieldBase.Dec);
        Padding = r.Add("eth.padding", "Padding", FieldType.Bytes);
        Trailer = r.Add("eth.trailer", "Trailer", FieldType.Bytes);
    }

    public FieldId Protocol { get; }

    public FieldId Dst { get; }

    public FieldId DstResolved { get; }

    public FieldId DstOui { get; }

    public FieldId Src { get; }

    public FieldId SrcResolved { get; }

    public FieldId SrcOui { get; }

    public FieldId Addr { get; }

    public FieldId AddrResolved { get; }

    public FieldId AddrOui { get; }

    public FieldId DstLg { get; }

    public FieldId DstIg { get; }

    public FieldId SrcLg { get; }

    public FieldId SrcIg { get; }

    public FieldId Lg { get; }

    public FieldId Ig { get; }

    public FieldId Type { get; }

    public FieldId Len { get; }

    public FieldId Padding { get; }

    public FieldId Trailer { get; }
}
