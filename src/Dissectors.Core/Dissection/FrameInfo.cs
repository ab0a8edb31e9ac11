using Dissectors.Core.Capture;

namespace Dissectors.Core.Dissection;

/// <summary>Facts about the frame being dissected; one instance reused for every frame.</summary>
public sealed class FrameInfo
{
    /// <summary>1-based frame number across all inputs, as tshark numbers them.</summary>
    public uint Number { get; set; }

    /// <summary>Arrival time, nanoseconds since the Unix epoch.</summary>
    public long TimestampNs { get; set; }

    /// <summary>Time since the first frame (<c>frame.time_relative</c>), ns.</summary>
    public long RelativeNs { get; set; }

    /// <summary>Time since the previous captured frame (<c>frame.time_delta</c>), ns.</summary>
    public long DeltaNs { get; set; }

    public int CapturedLength { get; set; }

    public int OriginalLength { get; set; }

    public int InterfaceId { get; set; }

    public LinkType LinkType { get; set; }

    public string? Comment { get; set; }

    /// <summary>Offset of the record in its file, -1 when unknown.</summary>
    public long FileOffset { get; set; } = -1;

    /// <summary>pcapng only: 1-based section number of the record (0 for classic pcap).</summary>
    public int SectionNumber { get; set; }

    /// <summary>pcapng only: the interface's name (<c>if_name</c>), or "unknown".</summary>
    public string? InterfaceName { get; set; }

    /// <summary>pcapng <c>epb_flags</c>, 0 when absent.</summary>
    public uint PacketFlags { get; set; }

    /// <summary>Time since the previous displayed (filter-matching) frame, ns (<c>frame.time_delta_displayed</c>).</summary>
    public long DeltaDisplayedNs { get; set; }

    /// <summary>True on the second pass of a two-pass run (<c>-2</c>): forward links such as <c>*.response_in</c> are known.</summary>
    public bool SecondPass { get; set; }
}
