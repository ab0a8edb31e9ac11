namespace Dissectors.Core.Fields;

/// <summary>Value strings of <c>_ws.expert.group</c> and <c>_ws.expert.severity</c> (Wireshark's names).</summary>
internal static class ExpertValues
{
    public static readonly ValueStrings Group = ValueStrings.From(
        (0x0100_0000, "Checksum"),
        (0x0200_0000, "Sequence"),
        (0x0300_0000, "Response"),
        (0x0400_0000, "Request"),
        (0x0500_0000, "Undecoded"),
        (0x0600_0000, "Reassemble"),
        (0x0700_0000, "Malformed"),
        (0x0800_0000, "Debug"),
        (0x0900_0000, "Protocol"),
        (0x0a00_0000, "Security"),
        (0x0b00_0000, "Comment"),
        (0x0c00_0000, "Decryption"),
        (0x0d00_0000, "Assumption"),
        (0x0e00_0000, "Deprecated"));

    public static readonly ValueStrings Severity = ValueStrings.From(
        (0x0010_0000, "Comment"),
        (0x0020_0000, "Chat"),
        (0x0040_0000, "Note"),
        (0x0060_0000, "Warning"),
        (0x0080_0000, "Error"));
}
