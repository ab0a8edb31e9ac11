using Dissectors.Core.Buffers;
using Dissectors.Core.Decode;
using Dissectors.Core.Dissection;
using Dissectors.Core.Fields;

namespace Dissect.Cli.Output;

/// <summary>
/// The text of one tree line, as Wireshark renders an item: a custom label when the dissector set one,
/// otherwise "Name: value" with value strings ("Opcode: STARTUP (1)"), bases ("Type: IPv4 (0x0800)"),
/// bit pictures for masked fields (".... ..1. = Syn: Set"), units, and brackets around generated items.
/// </summary>
internal static class LabelFormatter
{
    private const int MaxBytesShown = 36;

    public static void Append(Utf8Builder sb, FieldTree tree, int node)
    {
        ref readonly FieldNode n = ref tree[node];
        FieldDef def = tree.DefOf(node);
        bool generated = (n.Flags & NodeFlags.Generated) != 0;
        if (generated)
        {
            sb.Append((byte)'[');
        }

        var label = tree.LabelOf(node);
        bool expertOuter = (n.Flags & NodeFlags.Expert) != 0 && def.Abbrev == "_ws.expert";
        if (expertOuter)
        {
            AppendExpertHeading(sb, tree, node, label);
        }
        else if (!label.IsEmpty && (n.Flags & (NodeFlags.LabelIsValue | NodeFlags.LabelAppend)) == 0)
        {
            sb.Append(label);
        }
        else
        {
            AppendDefault(sb, tree, node, def, label, n.Flags);
        }

        if (generated)
        {
            sb.Append((byte)']');
        }
    }

    private static void AppendExpertHeading(Utf8Builder sb, FieldTree tree, int node, ReadOnlySpan<byte> message)
    {
        // Severity and group come from the expert definition the node's value indexes.
        var reg = tree.Registry;
        int index = (int)tree[node].Value;
        var experts = reg.Experts;
        sb.Append("Expert Info ("u8);
        if ((uint)index < (uint)experts.Count)
        {
            var e = experts[index];
            sb.Append(SeverityName(e.Severity));
            sb.Append((byte)'/');
            sb.Append(GroupName(e.Group));
            sb.Append("): "u8);
            if (message.IsEmpty)
            {
                sb.Append(e.Message);
            }
        }
        else
        {
            sb.Append("): "u8);
        }

        sb.Append(message);
    }

    private static string SeverityName(Dissectors.Core.Expert.ExpertSeverity s) => s switch
    {
        Dissectors.Core.Expert.ExpertSeverity.Comment => "Comment",
        Dissectors.Core.Expert.ExpertSeverity.Chat => "Chat",
        Dissectors.Core.Expert.ExpertSeverity.Note => "Note",
        Dissectors.Core.Expert.ExpertSeverity.Warning => "Warning",
        _ => "Error",
    };

    private static string GroupName(Dissectors.Core.Expert.ExpertGroup g) => g switch
    {
        Dissectors.Core.Expert.ExpertGroup.ResponseCode => "Response",
        Dissectors.Core.Expert.ExpertGroup.RequestCode => "Request",
        _ => g.ToString(),
    };

    private static void AppendDefault(Utf8Builder sb, FieldTree tree, int node, FieldDef def, ReadOnlySpan<byte> label, NodeFlags flags)
    {
        ref readonly FieldNode n = ref tree[node];
        if (def.Bitmask != 0 && (FieldTypes.IsInteger(def.Type) || def.Type == FieldType.Boolean))
        {
            int bits = def.Type == FieldType.Boolean ? (def.BoolBits > 0 ? def.BoolBits : 8) : FieldTypes.ByteWidth(def.Type) * 8;
            ulong raw = def.Type == FieldType.Boolean ? (n.Value != 0 ? def.Bitmask : 0) : n.Value << def.Shift;
            BitPattern.Append(sb, raw, def.Bitmask, bits);
            sb.Append(" = "u8);
        }

        sb.Append(def.Name);
        if (def.Type is FieldType.None or FieldType.Protocol)
        {
            if (!label.IsEmpty)
            {
                sb.Append(": "u8);
                sb.Append(label);
            }

            return;
        }

        sb.Append(": "u8);
        if ((flags & NodeFlags.LabelIsValue) != 0)
        {
            sb.Append(label);
            return;
        }

        AppendValue(sb, tree, node, def);
        if ((flags & NodeFlags.LabelAppend) != 0)
        {
            sb.Append(label);
        }
    }

    /// <summary>The displayed value of a node (no name).</summary>
    public static void AppendValue(Utf8Builder sb, FieldTree tree, int node, FieldDef def)
    {
        ref readonly FieldNode n = ref tree[node];
        switch (def.Type)
        {
            case FieldType.Boolean:
                var tfs = def.TrueFalse ?? TrueFalseStrings.TrueFalse;
                sb.Append(n.Value != 0 ? tfs.TrueText : tfs.FalseText);
                break;
            case FieldType.Char:
                sb.Append((byte)'\'');
                AppendEscapedChar(sb, (byte)n.Value);
                sb.Append((byte)'\'');
                break;
            case FieldType.FrameNum:
                sb.Append(n.Value);
                break;
            case FieldType.AbsoluteTime:
                TimeFormat.AppendAbsolute(sb, (long)n.Value);
                break;
            case FieldType.RelativeTime:
                TimeFormat.AppendRelative(sb, (long)n.Value);
                sb.Append(" seconds"u8);
                break;
            case FieldType.Float:
                FieldFormatter.AppendDouble(sb, BitConverter.Int64BitsToDouble((long)n.Value), 6);
                AppendUnit(sb, def);
                break;
            case FieldType.Double:
                FieldFormatter.AppendDouble(sb, BitConverter.Int64BitsToDouble((long)n.Value), 15);
                AppendUnit(sb, def);
                break;
            case FieldType.String:
            case FieldType.StringZ:
            case FieldType.UIntString:
                AppendEscapedString(sb, tree.BytesOf(node));
                break;
            case FieldType.Bytes:
            case FieldType.UIntBytes:
                AppendBytes(sb, tree.BytesOf(node), def.Base);
                break;
            case FieldType.Ether:
                EtherNames.AppendDisplay(sb, n.Value);
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
            default:
                if (FieldTypes.IsInteger(def.Type))
                {
                    AppendInteger(sb, n.Value, def);
                }

                break;
        }
    }

    private static void AppendInteger(Utf8Builder sb, ulong raw, FieldDef def)
    {
        bool signed = FieldTypes.IsSigned(def.Type);
        long sv = (long)raw;
        int digits = HexDigits(def);
        if (def.Values is { } vs)
        {
            long key = signed ? sv : (long)raw;
            bool known = vs.TryGetName(key, out string name);
            sb.Append(known ? name : "Unknown");
            if (def.Base == FieldBase.None && known)
            {
                return;
            }

            sb.Append(" ("u8);
            if (def.Base is FieldBase.Hex or FieldBase.HexDec)
            {
                FieldFormatter.AppendHex(sb, raw & Mask(def), digits);
            }
            else if (signed)
            {
                sb.Append(sv);
            }
            else
            {
                sb.Append(raw);
            }

            sb.Append((byte)')');
            return;
        }

        switch (def.Base)
        {
            case FieldBase.Hex:
                FieldFormatter.AppendHex(sb, raw & Mask(def), digits);
                break;
            case FieldBase.HexDec:
                FieldFormatter.AppendHex(sb, raw & Mask(def), digits);
                sb.Append(" ("u8);
                AppendDec(sb, raw, signed);
                sb.Append((byte)')');
                break;
            case FieldBase.DecHex:
                AppendDec(sb, raw, signed);
                sb.Append(" ("u8);
                FieldFormatter.AppendHex(sb, raw & Mask(def), digits);
                sb.Append((byte)')');
                break;
            case FieldBase.Oct:
                sb.Append((byte)'0');
                sb.Append(raw, "o");
                break;
            default:
                AppendDec(sb, raw, signed);
                break;
        }

        AppendUnit(sb, def);
    }

    private static void AppendDec(Utf8Builder sb, ulong raw, bool signed)
    {
        if (signed)
        {
            sb.Append((long)raw);
        }
        else
        {
            sb.Append(raw);
        }
    }

    private static void AppendUnit(Utf8Builder sb, FieldDef def)
    {
        if (def.Unit is { } u)
        {
            sb.Append(u);
        }
    }

    private static ulong Mask(FieldDef def) => FieldTypes.ByteWidth(def.Type) >= 8 ? ulong.MaxValue : (1UL << (FieldTypes.ByteWidth(def.Type) * 8)) - 1;

    /// <summary>Hex digits in tree text: enough for the mask's width when masked, else the type's width.</summary>
    private static int HexDigits(FieldDef def)
    {
        if (def.Bitmask != 0)
        {
            ulong m = def.Bitmask >> def.Shift;
            int bits = 64 - System.Numerics.BitOperations.LeadingZeroCount(m);
            return Math.Max(1, (bits + 3) / 4);
        }

        return Math.Max(2, FieldTypes.ByteWidth(def.Type) * 2);
    }

    private static void AppendBytes(Utf8Builder sb, ReadOnlySpan<byte> bytes, FieldBase fieldBase)
    {
        if (bytes.IsEmpty)
        {
            sb.Append("<MISSING>"u8);
            return;
        }

        bool cut = bytes.Length > MaxBytesShown;
        FieldFormatter.AppendBytes(sb, cut ? bytes[..MaxBytesShown] : bytes, fieldBase);
        if (cut)
        {
            sb.Append("…"u8);
        }
    }

    /// <summary>Strings as Wireshark shows them: printable UTF-8 as is, control characters as C escapes.</summary>
    public static void AppendEscapedString(Utf8Builder sb, ReadOnlySpan<byte> utf8)
    {
        int nul = utf8.IndexOf((byte)0);
        if (nul >= 0)
        {
            utf8 = utf8[..nul];
        }

        int start = 0;
        for (int i = 0; i < utf8.Length; i++)
        {
            byte b = utf8[i];
            if (b < 0x20 || b == 0x7F)
            {
                if (i > start)
                {
                    FieldFormatter.AppendString(sb, utf8[start..i]);
                }

                AppendEscapedChar(sb, b);
                start = i + 1;
            }
        }

        if (start < utf8.Length)
        {
            FieldFormatter.AppendString(sb, utf8[start..]);
        }
    }

    private static void AppendEscapedChar(Utf8Builder sb, byte b)
    {
        switch (b)
        {
            case (byte)'\n':
                sb.Append("\\n"u8);
                break;
            case (byte)'\r':
                sb.Append("\\r"u8);
                break;
            case (byte)'\t':
                sb.Append("\\t"u8);
                break;
            case 0:
                sb.Append("\\0"u8);
                break;
            default:
                if (b < 0x20 || b >= 0x7F)
                {
                    sb.Append("\\x"u8);
                    sb.Append(b, "x2");
                }
                else
                {
                    sb.Append(b);
                }

                break;
        }
    }
}
