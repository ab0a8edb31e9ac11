namespace Dissectors.Core.Capture;

/// <summary>
/// One frame read from a capture. <see cref="Data"/> is a slice of the reader's reusable buffer: it is
/// valid only until the next <see cref="ICaptureSource.TryRead"/> on the same source.
/// </summary>
public readonly struct CaptureRecord
{
    public CaptureRecord(long timestampNs, int capturedLength, int originalLength, int interfaceId, LinkType linkType,
        ReadOnlyMemory<byte> data, long fileOffset = -1, string? comment = null, uint packetFlags = 0)
    {
        TimestampNs = timestampNs;
        CapturedLength = capturedLength;
        OriginalLength = originalLength;
        InterfaceId = interfaceId;
        LinkType = linkType;
        Data = data;
        FileOffset = fileOffset;
        Comment = comment;
        PacketFlags = packetFlags;
    }

    /// <summary>Nanoseconds since the Unix epoch (1970-01-01T00:00:00Z).</summary>
    public long TimestampNs { get; }

    /// <summary>Bytes present in <see cref="Data"/> (the capture's "incl_len").</summary>
    public int CapturedLength { get; }

    /// <summary>Length of the packet on the wire (the capture's "orig_len").</summary>
    public int OriginalLength { get; }

    /// <summary>pcapng interface id (0 for classic pcap).</summary>
    public int InterfaceId { get; }

    public LinkType LinkType { get; }

    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>Offset of the record in the (uncompressed) file, or -1 when unknown.</summary>
    public long FileOffset { get; }

    /// <summary>pcapng <c>opt_comment</c> of the packet, if any.</summary>
    public string? Comment { get; }

    /// <summary>pcapng <c>epb_flags</c> (direction, reception type), 0 when absent.</summary>
    public uint PacketFlags { get; }
}
