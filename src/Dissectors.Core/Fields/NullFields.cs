namespace Dissectors.Core.Fields;

/// <summary>BSD loopback (NULL/LOOP) fields.</summary>
public sealed class NullFields
{
    public NullFields(FieldRegistry r)
    {
        Protocol = r.AddProtocol("null", "Null/Loopback", "Null");
        Family = r.Add("null.family", "Family", FieldType.UInt32, FieldBase.Dec, values: CoreValues.NullFamily);
        Type = r.Add("null.type", "Type", FieldType.UInt16, FieldBase.Hex, values: CoreValues.EthType);
    }

    public FieldId Protocol { get; }

    public FieldId Family { get; }

    public FieldId Type { get; }
}
