using System.Runtime.CompilerServices;

namespace Dissectors.Core.Decode;

/// <summary>Which network layer a packet carries.</summary>
public enum NetworkKind : byte
{
    None,
    IPv4,
    IPv6,
}

/// <summary>Inline 16-byte address storage (no heap object per packet).</summary>
[InlineArray(16)]
public struct AddressBytes
{
    private byte _element0;
}

/// <summary>
/// What link/network decoding learned about one packet: addresses, the transport protocol and where its
/// bytes are. Filled by <see cref="PacketDecoder"/>; a plain struct, reused per frame.
/// </summary>
public struct PacketLayers
{
    public NetworkKind Network;
    public AddressBytes Source;
    public AddressBytes Destination;

    /// <summary>IP protocol number of the transport (6 TCP, 17 UDP), or -1.</summary>
    public int Transport;

    /// <summary>Data source holding the transport bytes (frame, or a reassembled IP datagram).</summary>
    public byte TransportSource;

    /// <summary>Offset of the transport header in <see cref="TransportSource"/>.</summary>
    public int TransportOffset;

    /// <summary>Length of the transport header plus payload (trimmed to the IP length).</summary>
    public int TransportLength;

    /// <summary>The IP datagram is a non-first fragment or still incomplete: no transport to decode.</summary>
    public bool Fragment;

    public readonly int AddressLength => Network == NetworkKind.IPv6 ? 16 : 4;
}
