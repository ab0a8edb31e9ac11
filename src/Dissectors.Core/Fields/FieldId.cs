namespace Dissectors.Core.Fields;

/// <summary>A registered field's index in the <see cref="FieldRegistry"/>. Default (0) is "no field".</summary>
public readonly record struct FieldId(int Value)
{
    public static readonly FieldId Invalid = new(0);

    public bool IsValid => Value > 0;

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
