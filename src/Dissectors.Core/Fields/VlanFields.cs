using Dissectors.Core.Expert;

namespace Dissectors.Core.Fields;

/// <summary>802.1Q VLAN tag fields.</summary>
public sealed class VlanFields
{
    public VlanFields(FieldRegistry r)
    {
        Protocol = r.AddProtocol("vlan", "802.1Q Virtual LAN", "VLAN");
        Priority = r.Add("vlan.priority", "Priority", FieldType.UInt16, FieldBase.Dec, values: CoreValues.VlanPriority, bitmask: 0xe000, blurb: "Descriptions are recommendations from IEEE standard 802.1D-2004");
        Dei = r.AddBoolean("vlan.dei", "DEI", bits: 16, bitmask: 0x1000, tfs: new TrueFalseStrings("Eligible", "Ineligible"), blurb: "Drop Eligible Indicator");
        Id = r.Add("vlan.id", "ID", FieldType.UInt16, FieldBase.Dec, bitmask: 0xfff, blurb: "VLAN ID");
        Etype = r.Add("vlan.etype", "Type", FieldType.UInt16, FieldBase.Hex, values: CoreValues.EthType, blurb: "Ethertype");
        Len = r.Add("vlan.len", "Length", FieldType.UInt16, FieldBase.Dec);
        Ad = r.AddProtocol("ieee8021ad", "IEEE 802.1ad", "IEEE 802.1AD");
        AdPriority = r.Add("ieee8021ad.priority", "Priority", FieldType.UInt16, FieldBase.Dec, bitmask: 0xe000);
        AdDei = r.Add("ieee8021ad.dei", "DEI", FieldType.UInt16, FieldBase.Dec, bitmask: 0x1000, blurb: "Drop Eligibility");
        AdId = r.Add("ieee8021ad.id", "ID", FieldType.UInt16, FieldBase.Dec, bitmask: 0xfff, blurb: "Vlan ID");
        Ah = r.AddProtocol("ieee8021ah", "IEEE 802.1ah", "IEEE 802.1AH");
        AhEtype = r.Add("ieee8021ah.etype", "Type", FieldType.UInt16, FieldBase.Hex, values: CoreValues.EthType);
        TooManyTags = r.AddExpert("vlan.too_many_tags", "Too many nested VLAN tags", ExpertGroup.Malformed, ExpertSeverity.Error);
    }

    public FieldId Protocol { get; }

    public FieldId Priority { get; }

    public FieldId Dei { get; }

    public FieldId Id { get; }

    public FieldId Etype { get; }

    public FieldId Len { get; }

    public ExpertDef TooManyTags { get; }

    /// <summary>The 802.1ad service tag (EtherType 0x88a8), a protocol of its own in tshark.</summary>
    public FieldId Ad { get; }

    public FieldId AdPriority { get; }

    public FieldId AdDei { get; }

    public FieldId AdId { get; }

    /// <summary>tshark names the inner EtherType of an 802.1ad tag <c>ieee8021ah.etype</c>.</summary>
    public FieldId Ah { get; }

    public FieldId AhEtype { get; }
}
