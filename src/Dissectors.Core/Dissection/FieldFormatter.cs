using Dissectors.Core.Buffers;
using Dissectors.Core.Fields;

namespace Dissectors.Core.Dissection;

/// <summary>
/// Renders field values as tshark 4.0 does for <c>-T fields</c> (and for the values of <c>-T json</c>):
/// integers in their base (value strings are not applied), booleans as 1/0, times in seconds with 9
/// decimals, bytes as plain hex, FT_NONE as "1", protocols as their label or abbreviation.
/// </summary>
public static class FieldFormatter
{
    /// <summary>Appends the value of <paramref name="node"/> in the <c>-T fields</c> representation.</summary>
    public static void AppendFieldValue(FieldTree tree, int node, Utf8Builder sb)
    {
        ref readonly FieldNode n = ref tree[node];
        FieldDef def = tree.DefOf(node);
        switch (def.Type)
        {
            case FieldType.Protocol:
                var label = tree.LabelOf(node);
                if (!label.IsEmpty)
                {
                    sb.Append(label);
                }
                else if (def.Abbrev == "data")
                {
                    AddressFormat.AppendHex(sb, tree.SpanOf(node));
                }
                else
                {
                    sb.Append(def.Abbrev);
                }

                return;
            case FieldType.None:
                sb.Append((byte)'1');
                return;
            default:
                AppendValue(tree, node, def, sb);
                return;
        }
    }

    /// <summary>The value alone (no labels), for types that have one.</summary>
    public static void AppendValue(FieldTree tree, int node, FieldDef def, Utf8Builder sb)
    {
        ref readonly FieldNode n = ref tree[node];
        switch (def.Type)
        {
            case FieldType.Boolean:
                sb.Append((byte)(n.Value != 0 ? '1' : '0'));
                break;
            case FieldType.Char:
            case FieldType.UInt8:
            case FieldType.UInt16:
            case FieldType.UInt24:
            case FieldType.UInt32:
            case FieldType.UInt40:
            case FieldType.UInt48:
            case FieldType.UInt56:
            case FieldType.UInt64:
                AppendUnsigned(sb, n.Value, def);
                break;
            case FieldType.FrameNum:
                sb.Append(n.Value);
                break;
            case FieldType.Int8:
            case FieldType.Int16:
            case FieldType.Int24:
            case FieldType.Int32:
            case FieldType.Int40:
            case FieldType.Int48:
            case FieldType.Int56:
            case FieldType.Int64:
                AppendSigned(sb, (long)n.Value, def);
                break;
            case FieldType.Float:
                AppendDouble(sb, BitConverter.Int64BitsToDouble((long)n.Value), 6);
                break;
            case FieldType.Double:
                AppendDouble(sb, BitConverter.Int64BitsToDouble((long)n.Value), 15);
                break;
            case FieldType.AbsoluteTime:
                TimeFormat.AppendAbsolute(sb, (long)n.Value);
                break;
            case FieldType.RelativeTime:
                TimeFormat.AppendRelative(sb, (long)n.Value);
                break;
            case FieldType.String:
            case FieldType.StringZ:
            case FieldType.UIntString:
                AppendString(sb, tree.BytesOf(node));
                break;
            case FieldType.Bytes:
            case FieldType.UIntBytes:
                AppendBytes(sb, tree.BytesOf(node), def.Base);
                break;
            case FieldType.Ether:
                AddressFormat.AppendEther(sb, n.Value);
                break;
            case FieldType.IPv4:
                AddressFormat.AppendIPv4(sb, (uint)n.Value);
                break;
            case FieldType.IPv6:
                AddressFormat.AppendIPv6(sb, tree.BytesOf(node));
                break;
            case FieldType.Guid:
                AddressFormat.AppendGuid(sb, tree.BytesOf(node));
                break;
            case FieldType.Protocol:
                AddressFormat.AppendHex(sb, tree.SpanOf(node));
                break;
            default:
                break;
        }
    }

    public static void AppendBytes(Utf8Builder sb, ReadOnlySpan<byte> bytes, FieldBase fieldBase)
    {
        byte sep = fieldBase switch
        {
            FieldBase.SepColon => (byte)':',
            FieldBase.SepSpace => (byte)' ',
            _ => 0,
        };
        AddressFormat.AppendHex(sb, bytes, sep);
    }

    /// <summary>An integer in the field's base, as <c>-T fields</c> prints it (hex padded to the type's width).</summary>
    public static void AppendUnsigned(Utf8Builder sb, ulong v, FieldDef def)
    {
        switch (def.Base)
        {
            case FieldBase.Hex:
            case FieldBase.HexDec:
                AppendHex(sb, v, HexDigits(def));
                break;
            case FieldBase.Oct:
                sb.Append((byte)'0');
                AppendOctal(sb, v);
                break;
            default:
                sb.Append(v);
                break;
        }
    }

    public static void AppendSigned(Utf8Builder sb, long v, FieldDef def)
    {
        switch (def.Base)
        {
            case FieldBase.Hex:
            case FieldBase.HexDec:
                AppendHex(sb, (ulong)v & MaskFor(def.Type), HexDigits(def));
                break;
            default:
                sb.Append(v);
                break;
        }
    }

    private static ulong MaskFor(FieldType t) => FieldTypes.ByteWidth(t) switch
    {
        8 => ulong.MaxValue,
        int w => (1UL << (w * 8)) - 1,
    };

    /// <summary>Hex digits for a field: the type's width (tshark pads <c>-T fields</c> output to it).</summary>
    public static int HexDigits(FieldDef def) => Math.Max(2, FieldTypes.ByteWidth(def.Type) * 2);

    public static void AppendHex(Utf8Builder sb, ulong v, int digits)
    {
        sb.Append("0x"u8);
        sb.Append(v, digits switch
        {
            1 => "x1",
            2 => "x2",
            3 => "x3",
            4 => "x4",
            5 => "x5",
            6 => "x6",
            7 => "x7",
            8 => "x8",
            10 => "x10",
            12 => "x12",
            14 => "x14",
            _ => "x16",
        });
    }

    private static void AppendOctal(Utf8Builder sb, ulong v)
    {
        Span<byte> tmp = stackalloc byte[24];
        int i = tmp.Length;
        do
        {
            tmp[--i] = (byte)('0' + (v & 7));
            v >>= 3;
        }
        while (v != 0);
        sb.Append(tmp[i..]);
    }

    /// <summary>C's <c>%.{precision}g</c>: what Wireshark uses for floats (6) and doubles (15).</summary>
    public static void AppendDouble(Utf8Builder sb, double d, int precision)
    {
        if (double.IsNaN(d))
        {
            sb.Append("nan"u8);
            return;
        }

        if (double.IsInfinity(d))
        {
            sb.Append(d > 0 ? "inf"u8 : "-inf"u8);
            return;
        }

        int start = sb.Length;
        sb.Append(d, precision == 6 ? "G6" : "G15");

        // .NET writes "E+05" where C writes "e+05"; both use at least two exponent digits.
        var written = sb.WrittenSpan[start..];
        int e = written.IndexOf((byte)'E');
        if (e >= 0)
        {
            written[e] = (byte)'e';
        }
    }

    /// <summary>A string value: UTF-8 as is, invalid sequences replaced (tshark shows them as U+FFFD).</summary>
    public static void AppendString(Utf8Builder sb, ReadOnlySpan<byte> utf8)
    {
        // Trailing NULs of fixed-width strings are not part of the value.
        int len = utf8.IndexOf((byte)0);
        if (len >= 0)
        {
            utf8 = utf8[..len];
        }

        if (System.Text.Unicode.Utf8.IsValid(utf8))
        {
            sb.Append(utf8);
            return;
        }

        // Invalid UTF-8: decode with replacement characters, in chunks to stay on the stack.
        Span<char> chars = stackalloc char[256];
        while (!utf8.IsEmpty)
        {
            System.Text.Unicode.Utf8.ToUtf16(utf8, chars, out int read, out int charsWritten, replaceInvalidSequences: true, isFinalBlock: true);
            sb.Append(chars[..charsWritten]);
            utf8 = utf8[read..];
        }
    }

    /// <summary>The numeric value of an integer-like node as a double (for arithmetic and comparisons).</summary>
    public static double ToDouble(FieldTree tree, int node)
    {
        FieldDef def = tree.DefOf(node);
        ulong v = tree[node].Value;
        return def.Type switch
        {
            FieldType.Float or FieldType.Double => BitConverter.Int64BitsToDouble((long)v),
            _ when FieldTypes.IsSigned(def.Type) => (long)v,
            FieldType.RelativeTime or FieldType.AbsoluteTime => (long)v / 1e9,
            _ => v,
        };
    }
}
