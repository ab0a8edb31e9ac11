using Dissectors.Core.Buffers;
using Dissectors.Core.Decode;
using Dissectors.Core.Dissection;

namespace Dissect.Cli.Output;

/// <summary>The text of tshark's standard columns (summary lines and the <c>_ws.col.*</c> pseudo-fields).</summary>
internal static class ColumnText
{
    /// <summary>Titles tshark accepts as <c>_ws.col.TITLE</c> for its default columns.</summary>
    public static readonly string[] Titles = ["No.", "Time", "Source", "Destination", "Protocol", "Length", "Info"];

    public const string Prefix = "_ws.col.";

    public static void AppendAddress(Utf8Builder sb, AddressKind kind, ReadOnlySpan<byte> address)
    {
        switch (kind)
        {
            case AddressKind.IPv4:
                AddressFormat.AppendIPv4(sb, (uint)(address[0] << 24 | address[1] << 16 | address[2] << 8 | address[3]));
                break;
            case AddressKind.IPv6:
                AddressFormat.AppendIPv6(sb, address);
                break;
            case AddressKind.Ether:
                ulong mac = 0;
                foreach (byte b in address)
                {
                    mac = (mac << 8) | b;
                }

                EtherNames.AppendResolved(sb, mac);
                break;
            default:
                break;
        }
    }

    /// <summary>Appends the column <paramref name="title"/> of the current frame; unknown titles append nothing.</summary>
    public static void Append(Utf8Builder sb, string title, FrameView f)
    {
        switch (title)
        {
            case "No.":
                sb.Append(f.Info.Number);
                break;
            case "Time":
                TimeFormat.AppendRelativeMicros(sb, f.Info.RelativeNs);
                break;
            case "Source":
                AppendAddress(sb, f.Columns.SourceKind, f.Columns.SourceAddress);
                break;
            case "Destination":
                AppendAddress(sb, f.Columns.DestinationKind, f.Columns.DestinationAddress);
                break;
            case "Protocol":
                sb.Append(f.Columns.Protocol);
                break;
            case "Length":
                sb.Append(f.Info.OriginalLength);
                break;
            case "Info":
                sb.Append(f.Columns.Info.Span);
                break;
            default:
                break;
        }
    }
}
