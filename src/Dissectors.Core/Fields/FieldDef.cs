namespace Dissectors.Core.Fields;

/// <summary>Display-only properties of a field (how <c>-V</c> renders it).</summary>
[Flags]
public enum FieldDisplay : byte
{
    None = 0,
    /// <summary>Shown in brackets in the tree, as Wireshark shows generated fields (<c>[Stream index: 0]</c>).</summary>
    Generated = 1,
    /// <summary>Not shown in the tree (filterable only), like Wireshark's hidden items.</summary>
    Hidden = 2,
}

/// <summary>
/// A registered field: what <c>tshark -G fields</c> prints for it, plus the strings used to render values.
/// Immutable once the registry is frozen.
/// </summary>
public sealed class FieldDef
{
    internal FieldDef(FieldId id, string abbrev, string name, FieldType type, FieldBase fieldBase, ulong bitmask,
        ValueStrings? values, TrueFalseStrings? tfs, int boolBits, string? blurb, FieldId protocol, string? unit,
        FieldDisplay display, string? shortName)
    {
        Id = id;
        Abbrev = abbrev;
        Name = name;
        Type = type;
        Base = fieldBase;
        Bitmask = bitmask;
        Values = values;
        TrueFalse = tfs;
        BoolBits = boolBits;
        Blurb = blurb;
        Protocol = protocol;
        Unit = unit;
        Display = display;
        ShortName = shortName;
        Shift = bitmask == 0 ? 0 : System.Numerics.BitOperations.TrailingZeroCount(bitmask);
    }

    public FieldId Id { get; }

    /// <summary>The filter name, e.g. <c>cql.opcode</c>.</summary>
    public string Abbrev { get; }

    /// <summary>Display name, e.g. <c>Opcode</c>.</summary>
    public string Name { get; }

    public FieldType Type { get; }

    public FieldBase Base { get; }

    /// <summary>Bit mask applied to the raw value; the stored value is shifted down by <see cref="Shift"/>.</summary>
    public ulong Bitmask { get; }

    public int Shift { get; }

    public ValueStrings? Values { get; }

    public TrueFalseStrings? TrueFalse { get; }

    /// <summary>For booleans: the bit width shown in the tree (Wireshark's "base" for FT_BOOLEAN).</summary>
    public int BoolBits { get; }

    public string? Blurb { get; }

    /// <summary>The protocol this field belongs to (itself for protocols).</summary>
    public FieldId Protocol { get; }

    /// <summary>Unit suffix for numbers (" bytes", " seconds"), like Wireshark's BASE_UNIT_STRING.</summary>
    public string? Unit { get; }

    public FieldDisplay Display { get; }

    /// <summary>For protocols: the short name shown in the Protocol column (<c>TCP</c>, <c>CQL</c>).</summary>
    public string? ShortName { get; }

    public bool IsProtocol => Type == FieldType.Protocol;

    /// <summary>
    /// For a protocol Wireshark registers "in name only" under a parent (each TCP option is one under
    /// <c>tcp</c>): the parent; else invalid. Such a protocol's items carry bytes (JSON prints the value and a
    /// <c>_tree</c>, not a bare object), and <c>tshark -G fields</c> lists its fields under the parent.
    /// </summary>
    public FieldId NameOnlyParent { get; internal set; }

    public override string ToString() => Abbrev;
}
