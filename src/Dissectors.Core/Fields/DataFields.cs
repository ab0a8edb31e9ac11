namespace Dissectors.Core.Fields;

/// <summary>Fields of undissected payload.</summary>
public sealed class DataFields
{
    public DataFields(FieldRegistry r)
    {
        Protocol = r.AddProtocol("data", "Data", "Data");
        Data = r.Add("data.data", "Data", FieldType.Bytes);
        Text = r.Add("data.text", "Text", FieldType.String);
        Len = r.Add("data.len", "Length", FieldType.Int32, FieldBase.Dec);
    }

    public FieldId Protocol { get; }

    public FieldId Data { get; }

    public FieldId Text { get; }

    public FieldId Len { get; }
}
