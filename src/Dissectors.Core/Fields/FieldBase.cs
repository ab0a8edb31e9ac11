namespace Dissectors.Core.Fields;

/// <summary>
/// How a field's value is displayed (Wireshark's <c>field_display_e</c>). Booleans keep the bit width of
/// their parent in <see cref="FieldDef.BoolBits"/> instead; times use <see cref="AbsoluteUtc"/>/<see cref="AbsoluteLocal"/>.
/// </summary>
public enum FieldBase : byte
{
    None,
    Dec,
    Hex,
    Oct,
    DecHex,
    HexDec,
    Custom,
    PortTcp,
    PortUdp,
    AbsoluteLocal,
    AbsoluteUtc,
    /// <summary>Strings decoded as UTF-8 with invalid sequences shown as U+FFFD (Wireshark's STR_UNICODE).</summary>
    Unicode,
    /// <summary>Bytes shown with a separator (Wireshark's SEP_COLON), as <c>aa:bb:cc</c>.</summary>
    SepColon,
    SepSpace,
    /// <summary>A frame number that is a request (<c>FT_FRAMENUM_REQUEST</c>).</summary>
    FrameRequest,
    FrameResponse,
    /// <summary>A 24-bit Organizationally Unique Identifier (Wireshark's BASE_OUI); values print in decimal like BASE_DEC.</summary>
    Oui,
}

/// <summary>Names <c>tshark -G fields</c> prints for display bases.</summary>
public static class FieldBases
{
    public static string WiresharkName(FieldBase b) => b switch
    {
        FieldBase.Dec => "BASE_DEC",
        FieldBase.Hex => "BASE_HEX",
        FieldBase.Oct => "BASE_OCT",
        FieldBase.DecHex => "BASE_DEC_HEX",
        FieldBase.HexDec => "BASE_HEX_DEC",
        FieldBase.Custom => "BASE_CUSTOM",
        FieldBase.PortTcp => "BASE_PT_TCP",
        FieldBase.PortUdp => "BASE_PT_UDP",
        FieldBase.Oui => "BASE_OUI",
        _ => "",
    };
}
