using Dissectors.Core.Dissection;

namespace Dissectors.Core.Reassembly;

/// <summary>
/// Where a <see cref="HalfStream"/> sends what it cut out of a byte stream. Implemented by the TCP layer,
/// which turns these calls into tree nodes of the current frame.
/// </summary>
public interface IPduHandler
{
    /// <summary>
    /// A whole PDU. When <paramref name="source"/> is <see cref="HalfStream.Transient"/> the bytes are not in
    /// any data source of the frame (they came from the reassembly buffer) and must be copied before
    /// tree nodes may point at them; <paramref name="segments"/> then lists the frames that contributed.
    /// <paramref name="adoptable"/>, when not null, is the pooled array that holds the PDU from its start and
    /// that the stream no longer needs: the handler may keep it instead of copying (returning true), and
    /// then owns it.
    /// </summary>
    bool OnPdu(ReadOnlySpan<byte> pdu, byte source, int offset, long streamOffset, ReadOnlySpan<SegmentRef> segments, byte[]? adoptable = null);

    /// <summary>Bytes that are not (the start of) a PDU: before a resync point, or the whole chunk.</summary>
    void OnUnparsed(ReadOnlySpan<byte> data, byte source, int offset, string reason);

    /// <summary>Bytes skipped without buffering (the rest of a PDU larger than the budget).</summary>
    void OnSkipped(int length, byte source, int offset);

    /// <summary>The dissector said the stream is not its protocol.</summary>
    void OnNotMine(string reason);

    /// <summary>An incomplete PDU was dropped (gap, budget, desync); <paramref name="length"/> bytes lost.</summary>
    void OnDropped(long length, string reason);
}

/// <summary>A frame's contribution to a reassembled PDU.</summary>
public readonly record struct SegmentRef(uint Frame, int Length);
