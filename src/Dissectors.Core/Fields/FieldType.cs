namespace Dissectors.Core.Fields;

/// <summary>
/// The value type of a field, mirroring Wireshark's <c>ftenum</c> names (printed as <c>FT_*</c> by
/// <c>dissect fields</c>, as <c>tshark -G fields</c> does).
/// </summary>
public enum FieldType : byte
{
    None,
    Protocol,
    Boolean,
    Char,
    UInt8,
    UInt16,
    UInt24,
    UInt32,
    UInt40,
    UInt48,
    UInt56,
    UInt64,
    Int8,
    Int16,
    Int24,
    Int32,
    Int40,
    Int48,
    Int56,
    Int64,
    Float,
    Double,
    AbsoluteTime,
    RelativeTime,
    String,
    StringZ,
    UIntString,
    Bytes,
    UIntBytes,
    Ether,
    IPv4,
    IPv6,
    Guid,
    FrameNum,
}

/// <summary>Helpers that classify <see cref="FieldType"/> values.</summary>
public static class FieldTypes
{
    public static bool IsUnsigned(FieldType t) => t is FieldType.Char or FieldType.UInt8 or FieldType.UInt16
        or FieldType.UInt24 or FieldType.UInt32 or FieldType.UInt40 or FieldType.UInt48 or FieldType.UInt56
        or FieldType.UInt64 or FieldType.FrameNum;

    public static bool IsSigned(FieldType t) => t is FieldType.Int8 or FieldType.Int16 or FieldType.Int24
        or FieldType.Int32 or FieldType.Int40 or FieldType.Int48 or FieldType.Int56 or FieldType.Int64;

    public static bool IsInteger(FieldType t) => IsUnsigned(t) || IsSigned(t);

    public static bool IsFloating(FieldType t) => t is FieldType.Float or FieldType.Double;

    public static bool IsTime(FieldType t) => t is FieldType.AbsoluteTime or FieldType.RelativeTime;

    public static bool IsString(FieldType t) => t is FieldType.String or FieldType.StringZ or FieldType.UIntString;

    /// <summary>Types whose value is a run of bytes (compared and sliced as bytes).</summary>
    public static bool IsBytesLike(FieldType t) => t is FieldType.Bytes or FieldType.UIntBytes or FieldType.Protocol
        or FieldType.Ether or FieldType.IPv6 or FieldType.Guid;

    /// <summary>Size in bytes of an integer type (for hex widths and <c>len()</c>), 0 when not fixed.</summary>
    public static int ByteWidth(FieldType t) => t switch
    {
        FieldType.Char or FieldType.UInt8 or FieldType.Int8 => 1,
        FieldType.UInt16 or FieldType.Int16 => 2,
        FieldType.UInt24 or FieldType.Int24 => 3,
        FieldType.UInt32 or FieldType.Int32 or FieldType.FrameNum or FieldType.IPv4 or FieldType.Float => 4,
        FieldType.UInt40 or FieldType.Int40 => 5,
        FieldType.UInt48 or FieldType.Int48 or FieldType.Ether => 6,
        FieldType.UInt56 or FieldType.Int56 => 7,
        FieldType.UInt64 or FieldType.Int64 or FieldType.Double => 8,
        FieldType.IPv6 or FieldType.Guid => 16,
        _ => 0,
    };

    /// <summary>Largest value an unsigned type can hold.</summary>
    public static ulong MaxUnsigned(FieldType t) => ByteWidth(t) switch
    {
        1 => byte.MaxValue,
        2 => ushort.MaxValue,
        3 => 0xFF_FFFF,
        4 => uint.MaxValue,
        5 => 0xFF_FFFF_FFFF,
        6 => 0xFFFF_FFFF_FFFF,
        7 => 0xFF_FFFF_FFFF_FFFF,
        _ => ulong.MaxValue,
    };

    /// <summary>Range of a signed type.</summary>
    public static (long Min, long Max) SignedRange(FieldType t) => ByteWidth(t) switch
    {
        1 => (sbyte.MinValue, sbyte.MaxValue),
        2 => (short.MinValue, short.MaxValue),
        3 => (-0x80_0000, 0x7F_FFFF),
        4 => (int.MinValue, int.MaxValue),
        5 => (-0x80_0000_0000, 0x7F_FFFF_FFFF),
        6 => (-0x8000_0000_0000, 0x7FFF_FFFF_FFFF),
        7 => (-0x80_0000_0000_0000, 0x7F_FFFF_FFFF_FFFF),
        _ => (long.MinValue, long.MaxValue),
    };

    /// <summary>The <c>FT_*</c> name Wireshark prints for a type.</summary>
    public static string WiresharkName(FieldType t) => t switch
    {
        FieldType.None => "FT_NONE",
        FieldType.Protocol => "FT_PROTOCOL",
        FieldType.Boolean => "FT_BOOLEAN",
        FieldType.Char => "FT_CHAR",
        FieldType.UInt8 => "FT_UINT8",
        FieldType.UInt16 => "FT_UINT16",
        FieldType.UInt24 => "FT_UINT24",
        FieldType.UInt32 => "FT_UINT32",
        FieldType.UInt40 => "FT_UINT40",
        FieldType.UInt48 => "FT_UINT48",
        FieldType.UInt56 => "FT_UINT56",
        FieldType.UInt64 => "FT_UINT64",
        FieldType.Int8 => "FT_INT8",
        FieldType.Int16 => "FT_INT16",
        FieldType.Int24 => "FT_INT24",
        FieldType.Int32 => "FT_INT32",
        FieldType.Int40 => "FT_INT40",
        FieldType.Int48 => "FT_INT48",
        FieldType.Int56 => "FT_INT56",
        FieldType.Int64 => "FT_INT64",
        FieldType.Float => "FT_FLOAT",
        FieldType.Double => "FT_DOUBLE",
        FieldType.AbsoluteTime => "FT_ABSOLUTE_TIME",
        FieldType.RelativeTime => "FT_RELATIVE_TIME",
        FieldType.String => "FT_STRING",
        FieldType.StringZ => "FT_STRINGZ",
        FieldType.UIntString => "FT_UINT_STRING",
        FieldType.Bytes => "FT_BYTES",
        FieldType.UIntBytes => "FT_UINT_BYTES",
        FieldType.Ether => "FT_ETHER",
        FieldType.IPv4 => "FT_IPv4",
        FieldType.IPv6 => "FT_IPv6",
        FieldType.Guid => "FT_GUID",
        FieldType.FrameNum => "FT_FRAMENUM",
        _ => "FT_NONE",
    };
}
