using Dissectors.Core.Conversations;

namespace Dissectors.Core.Dissection;

/// <summary>
/// A protocol dissector bound to one TCP conversation (Wireshark's <c>tcp_dissect_pdus</c> contract).
/// <para>
/// The reassembler asks <see cref="GetPduLength"/> about the bytes at the head of a direction and then
/// hands <see cref="Dissect"/> exactly one whole PDU as one contiguous span. It never calls
/// <see cref="GetPduLength"/> again on the same bytes until the amount promised by
/// <see cref="PduLengthKind.NeedMore"/> has arrived (Kestrel's "examined" rule).
/// </para>
/// <para>
/// Threading: an instance belongs to one conversation and is called from one thread at a time.
/// Spans are valid only during the call.
/// </para>
/// </summary>
public interface IStreamDissector
{
    /// <summary>Length of the PDU at the head of <paramref name="buffer"/>. Must not throw or read past the span.</summary>
    PduLength GetPduLength(ReadOnlySpan<byte> buffer, Direction direction);

    /// <summary>Dissects one whole PDU into <see cref="DissectContext.Tree"/>; offsets are relative to the PDU start.</summary>
    void Dissect(DissectContext context, ReadOnlySpan<byte> pdu, Direction direction);

    /// <summary>
    /// <paramref name="lostBytes"/> bytes of a direction were never captured (or were dropped over budget);
    /// any partial PDU was discarded. The next bytes go through <see cref="Resync"/> first.
    /// </summary>
    void OnGap(Direction direction, long lostBytes);

    /// <summary>Offset of the first plausible PDU start in <paramref name="data"/> after a gap, or -1 if none.</summary>
    int Resync(ReadOnlySpan<byte> data, Direction direction);

    /// <summary>
    /// Bytes at the head of the direction are not a PDU start and cannot be resynchronised yet (no
    /// plausible start in what is buffered); they are shown as data. Called with the frame's context.
    /// </summary>
    void DissectUnparsed(DissectContext context, ReadOnlySpan<byte> data, Direction direction) { }

    /// <summary>The conversation ended (FIN/RST seen both ways, or the capture ended).</summary>
    void OnEnd() { }

    /// <summary>
    /// Pooling: this dissector's conversation was forgotten and its objects now hold a new conversation of
    /// the same protocol, described by <paramref name="conversation"/> (the same info object, reset). Returns
    /// true once the dissector is in exactly the state a new one for that conversation would have; false
    /// (the default) and a new dissector is created instead. <see cref="OnEnd"/> may not have been called.
    /// </summary>
    bool TryReuse(ConversationInfo conversation) => false;

    /// <summary>
    /// Cache hints for the state the next PDU of this conversation will touch (see
    /// <see cref="Pipeline.CachePrefetch"/>), asked a frame ahead: hints only, from fields of this object.
    /// </summary>
    void PrefetchState() { }
}
