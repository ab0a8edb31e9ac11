namespace Dissectors.Core.Fields;

/// <summary>Ethernet II fields.</summary>
public sealed class EthFields
{
    public EthFields(FieldRegistry r)
    {
        Protocol = r.AddProtocol("eth", "Ethernet", "Ethernet");
        Dst = r.Add("eth.dst", "Destination", FieldType.Ether, blurb: "Destination Hardware Address");
        DstResolved = r.Add("eth.dst_resolved", "Destination (resolved)", FieldType.String, blurb: "Destination Hardware Address (resolved)");
        DstOui = r.Add("eth.dst.oui", "Destination OUI", FieldType.UInt24, FieldBase.Oui, blurb: "Destination Organizationally Unique Identifier");
        DstOuiResolved = r.Add("eth.dst.oui_resolved", "Destination OUI (resolved)", FieldType.String, blurb: "Destination Organizationally Unique Identifier (resolved)");
        Src = r.Add("eth.src", "Source", FieldType.Ether, blurb: "Source Hardware Address");
        SrcResolved = r.Add("eth.src_resolved", "Source (resolved)", FieldType.String, blurb: "Source Hardware Address (resolved)");
        SrcOui = r.Add("eth.src.oui", "Source OUI", FieldType.UInt24, FieldBase.Oui, blurb: "Source Organizationally Unique Identifier");
        SrcOuiResolved = r.Add("eth.src.oui_resolved", "Source OUI (resolved)", FieldType.String, blurb: "Source Organizationally Unique Identifier (resolved)");
        Addr = r.Add("eth.addr", "Address", FieldType.Ether, blurb: "Source or Destination Hardware Address");
        AddrResolved = r.Add("eth.addr_resolved", "Address (resolved)", FieldType.String, blurb: "Source or Destination Hardware Address (resolved)");
        AddrOui = r.Add("eth.addr.oui", "Address OUI", FieldType.UInt24, FieldBase.Oui, blurb: "Address Organizationally Unique Identifier");
        AddrOuiResolved = r.Add("eth.addr.oui_resolved", "Address OUI (resolved)", FieldType.String, blurb: "Address Organizationally Unique Identifier (resolved)");
        DstLg = r.AddBoolean("eth.dst.lg", "LG bit", bits: 24, bitmask: 0x20000, tfs: new TrueFalseStrings("Locally administered address (this is NOT the factory default)", "Globally unique address (factory default)"), blurb: "Specifies if this is a locally administered or globally unique (IEEE assigned) address");
        DstIg = r.AddBoolean("eth.dst.ig", "IG bit", bits: 24, bitmask: 0x10000, tfs: new TrueFalseStrings("Group address (multicast/broadcast)", "Individual address (unicast)"), blurb: "Specifies if this is an individual (unicast) or group (broadcast/multicast) address");
        SrcLg = r.AddBoolean("eth.src.lg", "LG bit", bits: 24, bitmask: 0x20000, tfs: new TrueFalseStrings("Locally administered address (this is NOT the factory default)", "Globally unique address (factory default)"), blurb: "Specifies if this is a locally administered or globally unique (IEEE assigned) address");
        SrcIg = r.AddBoolean("eth.src.ig", "IG bit", bits: 24, bitmask: 0x10000, tfs: new TrueFalseStrings("Group address (multicast/broadcast)", "Individual address (unicast)"), blurb: "Specifies if this is an individual (unicast) or group (broadcast/multicast) address");
        Lg = r.AddBoolean("eth.lg", "LG bit", bits: 24, bitmask: 0x20000, tfs: new TrueFalseStrings("Locally administered address (this is NOT the factory default)", "Globally unique address (factory default)"), blurb: "Specifies if this is a locally administered or globally unique (IEEE assigned) address");
        Ig = r.AddBoolean("eth.ig", "IG bit", bits: 24, bitmask: 0x10000, tfs: new TrueFalseStrings("Group address (multicast/broadcast)", "Individual address (unicast)"), blurb: "Specifies if this is an individual (unicast) or group (broadcast/multicast) address");
        Type = r.Add("eth.type", "Type", FieldType.UInt16, FieldBase.Hex, values: CoreValues.EthType);
        Len = r.Add("eth.len", "Length", FieldType.UInt16, FieldBase.Dec);
        Padding = r.Add("eth.padding", "Padding", FieldType.Bytes, blurb: "Ethernet Padding");
        Trailer = r.Add("eth.trailer", "Trailer", FieldType.Bytes, blurb: "Ethernet Trailer or Checksum");
    }

    public FieldId Protocol { get; }

    public FieldId Dst { get; }

    public FieldId DstResolved { get; }

    public FieldId DstOui { get; }

    /// <summary>The OUI's organisation name; only added when the name is known (see <see cref="Decode.EtherNames"/>).</summary>
    public FieldId DstOuiResolved { get; }

    public FieldId Src { get; }

    public FieldId SrcResolved { get; }

    public FieldId SrcOui { get; }

    /// <summary>The OUI's organisation name; only added when the name is known (see <see cref="Decode.EtherNames"/>).</summary>
    public FieldId SrcOuiResolved { get; }

    public FieldId Addr { get; }

    public FieldId AddrResolved { get; }

    public FieldId AddrOui { get; }

    /// <summary>The OUI's organisation name; only added when the name is known (see <see cref="Decode.EtherNames"/>).</summary>
    public FieldId AddrOuiResolved { get; }

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
