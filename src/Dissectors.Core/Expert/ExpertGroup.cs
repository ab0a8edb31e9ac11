namespace Dissectors.Core.Expert;

/// <summary>Expert-info groups with Wireshark's numeric values (<c>_ws.expert.group</c>).</summary>
public enum ExpertGroup : uint
{
    Checksum = 0x0100_0000,
    Sequence = 0x0200_0000,
    ResponseCode = 0x0300_0000,
    RequestCode = 0x0400_0000,
    Undecoded = 0x0500_0000,
    Reassemble = 0x0600_0000,
    Malformed = 0x0700_0000,
    Debug = 0x0800_0000,
    Protocol = 0x0900_0000,
    Security = 0x0a00_0000,
    Comment = 0x0b00_0000,
    Decryption = 0x0c00_0000,
    Assumption = 0x0d00_0000,
    Deprecated = 0x0e00_0000,
}

/// <summary>Expert-info severities with Wireshark's numeric values (<c>_ws.expert.severity</c>).</summary>
public enum ExpertSeverity : uint
{
    Comment = 0x0010_0000,
    Chat = 0x0020_0000,
    Note = 0x0040_0000,
    Warning = 0x0060_0000,
    Error = 0x0080_0000,
}
