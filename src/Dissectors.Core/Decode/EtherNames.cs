using Dissectors.Core.Buffers;
using Dissectors.Core.Dissection;

namespace Dissectors.Core.Decode;

/// <summary>
/// MAC address names. tshark resolves the OUI from its <c>manuf</c> database; dissect carries no such
/// database, with one exception: the all-zero OUI that every loopback capture shows, whose short name in
/// that database is "00:00:00" (so tshark prints <c>00:00:00_00:00:00</c>). Other addresses print as is.
/// </summary>
public static class EtherNames
{
    /// <summary>Description of the all-zero OUI, as tshark's manuf database words it.</summary>
    public const string ZeroOuiDescription = "Officially Xerox, but 0:0:0:0:0:0 is more common";

    public static bool HasZeroOui(ulong mac) => (mac >> 24) == 0;

    /// <summary>
    /// The organisation name of an OUI (<c>eth.*.oui_resolved</c>) as UTF-8, when dissect knows it: only the
    /// zero OUI, since dissect ships no manuf database.
    /// </summary>
    public static bool TryGetOuiDescription(uint oui, out ReadOnlySpan<byte> utf8)
    {
        utf8 = oui == 0 ? "Officially Xerox, but 0:0:0:0:0:0 is more common"u8 : default;
        return oui == 0;
    }

    /// <summary>The resolved form: "00:00:00_11:22:33" for the zero OUI, else the plain address.</summary>
    public static void AppendResolved(Utf8Builder sb, ulong mac)
    {
        if (HasZeroOui(mac))
        {
            sb.Append("00:00:00_"u8);
            int start = sb.Length;
            AddressFormat.AppendEther(sb, mac);
            // keep only the last three octets of the plain form ("00:00:00:aa:bb:cc" → "aa:bb:cc")
            var w = sb.WrittenSpan;
            w[(start + 9)..].CopyTo(w[start..]);
            sb.Length = sb.Length - 9;
        }
        else
        {
            AddressFormat.AppendEther(sb, mac);
        }
    }

    /// <summary>"resolved (plain)" as tshark's tree shows a MAC.</summary>
    public static void AppendDisplay(Utf8Builder sb, ulong mac)
    {
        AppendResolved(sb, mac);
        sb.Append(" ("u8);
        AddressFormat.AppendEther(sb, mac);
        sb.Append((byte)')');
    }
}
