namespace Dissectors.Core.Fields;

/// <summary>802.1Q VLAN tag fields.</summary>
public sealed class VlanFields
{
    public VlanFields(FieldRegistry r)
    {
        Protocol = r.AddProtocol("vlan", "802.1Q Virtual LAN", "VLAN");
        Priority = r.Add("vlan.priority", "Priority", FieldType.UInt16, FieldBase.Dec, values: CoreValues.VlanPriority, bitmask: 0xe000);
        Dei = r.AddBoolean("vlan.dei", "DEI", bits: 16, bitmask: 0x1000, tfs: new TrueFalseStrings("Eligible", "Ineligible"));
        Id = r.Add("vlan.id", "ID", FieldType.UInt16, FieldBase.Dec, bitmask: 0xfff);
        Etype = r.Add("vlan.etype", "Type", FieldType.UInt16, FieldBase.Hex, values: CoreValues.EthType);
        Len = r.Add("vlan.len", "Length", FieldType.UInt16, FieldBase.Dec);
        TooManyTags = r.Add("vlan.too_many_tags", "Too many nested VLAN tags", FieldType.None);
    }

    public FieldId Protocol { get; }

    public FieldId Priority { get; }

    public FieldId Dei { get; }

    public FieldId Id { get; }

    public FieldId Etype { get; }

    public FieldId Len { get; }

    public FieldId TooManyTags { get; }
}
