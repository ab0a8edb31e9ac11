namespace Dissectors.Core.Capture;

/// <summary>Link-layer header types (tcpdump.org LINKTYPE_* values) that dissect decodes.</summary>
public enum LinkType : uint
{
    Null = 0,
    Ethernet = 1,
    Raw = 101,
    Loop = 108,
    LinuxSll = 113,
    IPv4 = 228,
    IPv6 = 229,
    LinuxSll2 = 276,
}

/// <summary>Wireshark's encapsulation numbers (<c>frame.encap_type</c>) and display names.</summary>
public static class LinkTypes
{
    /// <summary>WTAP_ENCAP_* value Wireshark shows as "Encapsulation type" for a link type.</summary>
    public static int WiresharkEncap(LinkType t) => t switch
    {
        LinkType.Ethernet => 1,
        LinkType.Null => 15,
        LinkType.Loop => 15,
        LinkType.Raw => 7,
        LinkType.IPv4 => 129,
        LinkType.IPv6 => 130,
        LinkType.LinuxSll => 25,
        LinkType.LinuxSll2 => 210,
        _ => 0,
    };

    public static string WiresharkEncapName(LinkType t) => t switch
    {
        LinkType.Ethernet => "Ethernet",
        LinkType.Null or LinkType.Loop => "NULL/Loopback",
        LinkType.Raw => "Raw IP",
        LinkType.IPv4 => "Raw IPv4",
        LinkType.IPv6 => "Raw IPv6",
        LinkType.LinuxSll => "Linux cooked-mode capture v1",
        LinkType.LinuxSll2 => "Linux cooked-mode capture v2",
        _ => "Unknown",
    };

    public static bool IsSupported(uint linkType) => linkType is 0 or 1 or 101 or 108 or 113 or 228 or 229 or 276 or 12 or 14;

    /// <summary>Maps aliases (DLT_RAW is 12 or 14 on some systems) onto the canonical link type.</summary>
    public static LinkType Normalize(uint linkType) => linkType switch
    {
        12 or 14 => LinkType.Raw,
        _ => (LinkType)linkType,
    };
}
