namespace Dissectors.Core.Capture;

/// <summary>
/// A pull-model source of frames (pcap, pcapng, live capture). Not thread-safe: one consumer.
/// </summary>
public interface ICaptureSource : IDisposable
{
    /// <summary>Name shown in messages (the file path, "-" for stdin, or the interface).</summary>
    string Name { get; }

    /// <summary>
    /// Reads the next frame. Returns false at the end of the input (or when the rest is unreadable; the
    /// reason is then in <see cref="Warnings"/>). The record's data is valid until the next call.
    /// </summary>
    bool TryRead(out CaptureRecord record);

    /// <summary>
    /// Moves past the next frame without producing it (for counting): the same validation and warnings
    /// as <see cref="TryRead"/>, less work. Returns false at the end.
    /// </summary>
    bool TrySkip() => TryRead(out _);

    /// <summary>
    /// The bytes of a frame after the one last read (<paramref name="ahead"/> 0 is the next), if it is
    /// already in memory; nothing is read, consumed or checked (for cache hints). False when unknown.
    /// </summary>
    bool TryPeekAhead(int ahead, out ReadOnlySpan<byte> frame)
    {
        frame = default;
        return false;
    }

    /// <summary>Damage found so far: a truncated last record, skipped blocks, bad lengths. Never an exception.</summary>
    IReadOnlyList<string> Warnings { get; }

    /// <summary>Link type of the first interface (pcap's header, or pcapng's first IDB; Ethernet until known).</summary>
    LinkType LinkType { get; }

    /// <summary>The format, for messages and <c>-w</c>: "pcap", "pcap-ns", "pcapng".</summary>
    string Format { get; }

    /// <summary>True for pcapng input (frames then show section and interface, as tshark shows them).</summary>
    bool IsPcapng => false;

    /// <summary>1-based pcapng section of the last record read (0 for classic pcap).</summary>
    int SectionNumber => 0;

    /// <summary>pcapng <c>if_name</c> of an interface of the current section, or null.</summary>
    string? InterfaceName(int interfaceId) => null;

    /// <summary>True when timestamps are finer than microseconds (pcap-ns, pcapng with if_tsresol &gt; 6).</summary>
    bool NanosecondTimestamps => false;
}
