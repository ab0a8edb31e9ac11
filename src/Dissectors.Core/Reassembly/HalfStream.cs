using System.Buffers;
using Dissectors.Core.Buffers;
using Dissectors.Core.Dissection;

namespace Dissectors.Core.Reassembly;

/// <summary>
/// One direction of a TCP conversation: puts segments in sequence order and cuts the byte stream into
/// PDUs with the dissector's <see cref="IStreamDissector.GetPduLength"/> (Wireshark's tcp_dissect_pdus).
/// <list type="bullet">
/// <item>In-order bytes are dissected straight from the frame; only a PDU that spans segments is copied
/// (into a buffer that grows to the PDU's size, within the budget).</item>
/// <item>Segments beyond a hole are copied and queued; when the hole fills they are delivered. The TCP
/// layer decides when a hole is lost (<see cref="DeclareGap"/>): then any partial PDU is dropped, the
/// dissector hears <see cref="IStreamDissector.OnGap"/> and the next bytes go through
/// <see cref="IStreamDissector.Resync"/> first.</item>
/// <item>Overlaps: bytes already delivered win; a retransmission changes nothing.</item>
/// <item>"Examined" rule: after <see cref="PduLengthKind.NeedMore"/> the dissector is not asked again
/// until that many bytes are buffered.</item>
/// </list>
/// Sequence numbers compare modulo 2^32. Not thread-safe; one instance per direction.
/// </summary>
public sealed class HalfStream
{
    /// <summary>Source index meaning "bytes not in the frame's data sources" (copy before pointing at them).</summary>
    public const byte Transient = 255;

    private const int MaxSegmentRefs = 4096;

    private readonly ReassemblyLimits _limits;
    private InlineList<Pending> _pending;
    private long _pendingBytes;
    private byte[] _partial = [];
    private int _partialLength;
    private long _need;

    /// <summary>How much of a declared PDU length is given to its buffer before the bytes arrive.</summary>
    private const long EagerBytes = 64 * 1024;
    private long _skip;
    private bool _resync;
    private long _reserved;
    private InlineList<SegmentRef> _segments;
    private SegmentRef[] _segmentScratch = [];

    private struct Pending
    {
        public uint Seq;
        public byte[] Data;
        public int Length;
        public uint Frame;
    }

    public HalfStream(ReassemblyLimits limits)
    {
        _limits = limits;
    }

    /// <summary>Which way this half flows; set by the TCP layer before each call (roles can be learnt late).</summary>
    public Direction Direction { get; set; }

    /// <summary>True once the first byte position of this direction is known.</summary>
    public bool Started { get; private set; }

    /// <summary>The next sequence number to deliver.</summary>
    public uint NextSeq { get; private set; }

    /// <summary>Bytes delivered so far (the stream offset of <see cref="NextSeq"/>).</summary>
    public long Delivered { get; private set; }

    /// <summary>Segments are waiting behind a hole.</summary>
    // Read for every ACK of the other direction: answered from this object's own field (queued segments are
    // never empty, so bytes > 0 exactly when segments are queued) rather than from the list's.
    public bool HasHole => _pendingBytes > 0;

    /// <summary>Capture time at which the current hole was first seen.</summary>
    public long HoleSinceNs { get; private set; }

    public int PendingSegments => _pending.Count;

    public long PendingBytes => _pendingBytes;

    /// <summary>Bytes of an unfinished PDU held in the reassembly buffer.</summary>
    public int PartialLength => _partialLength;

    /// <summary>The next bytes must be resynchronised (after a gap, a desync, or a mid-stream start).</summary>
    public bool NeedsResync => _resync;

    /// <summary>Starts the direction at <paramref name="seq"/>; <paramref name="midStream"/> means the first byte may not be a PDU start.</summary>
    public void Start(uint seq, bool midStream)
    {
        Started = true;
        NextSeq = seq;
        _resync = midStream;
    }

    /// <summary>
    /// Offers a segment's payload. Returns false when none of it was new (a retransmission).
    /// <paramref name="source"/>/<paramref name="offset"/> locate the bytes in the frame's data sources.
    /// </summary>
    public bool OnSegment(uint seq, ReadOnlySpan<byte> payload, byte source, int offset, uint frame, long timeNs,
        IStreamDissector? dissector, IPduHandler handler)
    {
        if (payload.IsEmpty)
        {
            return false;
        }

        if (!Started)
        {
            Start(seq, midStream: true);
        }

        int distance = (int)(seq - NextSeq);
        if (distance < 0)
        {
            long overlap = -(long)distance;
            if (overlap >= payload.Length)
            {
                return false;
            }

            payload = payload[(int)overlap..];
            offset += (int)overlap;
            seq = NextSeq;
            distance = 0;
        }

        if (distance > 0)
        {
            return Queue(seq, payload, frame, timeNs);
        }

        Process(payload, source, offset, frame, dissector, handler);
        NextSeq += (uint)payload.Length;
        Delivered += payload.Length;
        Drain(dissector, handler);
        return true;
    }

    /// <summary>
    /// Gives up on the hole before the first queued segment: the partial PDU is dropped, the dissector
    /// is told, and queued data is delivered from the next plausible PDU start.
    /// </summary>
    public long DeclareGap(IStreamDissector? dissector, IPduHandler handler)
    {
        if (_pending.Count == 0)
        {
            return 0;
        }

        uint first = _pending[0].Seq;
        long lost = (uint)(first - NextSeq);
        DropPartial(handler, "a segment before it was not captured");
        dissector?.OnGap(Direction, lost);
        _resync = dissector is not null;
        _skip = 0;
        NextSeq = first;
        Delivered += lost;
        Drain(dissector, handler);
        return lost;
    }

    /// <summary>Drops the partial PDU and queued segments (capture end); returns the bytes left unfinished.</summary>
    public long Flush()
    {
        long left = _partialLength + _pendingBytes;
        foreach (var p in _pending)
        {
            ArrayPool<byte>.Shared.Return(p.Data);
        }

        _pending.Clear();
        _pendingBytes = 0;
        _segments.Clear();
        ReturnPartial();
        ReleaseAll();
        return left;
    }

    /// <summary>Back to a new, unstarted direction (pooling); buffers must have been released.</summary>
    public void Reset()
    {
        Release();
        Started = false;
        NextSeq = 0;
        Delivered = 0;
        HoleSinceNs = 0;
        _need = 0;
        _skip = 0;
        _resync = false;
    }

    /// <summary>Returns every buffer and its budget (finished conversations).</summary>
    public void Release()
    {
        Flush();
        ReturnPartial();
        Unreserve(_reserved);
    }

    private bool Queue(uint seq, ReadOnlySpan<byte> payload, uint frame, long timeNs)
    {
        if (payload.IsEmpty)
        {
            return false;
        }

        // Keep the queue sorted by sequence number; an exact duplicate start is a retransmission.
        int i = _pending.Count;
        while (i > 0 && (int)(_pending[i - 1].Seq - seq) > 0)
        {
            i--;
        }

        if (i > 0 && _pending[i - 1].Seq == seq && _pending[i - 1].Length >= payload.Length)
        {
            return false;
        }

        if (!Reserve(payload.Length))
        {
            return false;
        }

        if (_pending.Count == 0)
        {
            HoleSinceNs = timeNs;
        }

        var copy = ArrayPool<byte>.Shared.Rent(payload.Length);
        payload.CopyTo(copy);
        _pending.Insert(i, new Pending { Seq = seq, Data = copy, Length = payload.Length, Frame = frame });
        _pendingBytes += payload.Length;
        return true;
    }

    private void Drain(IStreamDissector? dissector, IPduHandler handler)
    {
        // Called for every in-order segment: with nothing queued (bytes > 0 exactly when segments are queued,
        // none being empty) the queue's array is not touched.
        if (_pendingBytes == 0)
        {
            return;
        }

        while (_pending.Count > 0)
        {
            var p = _pending[0];
            int distance = (int)(p.Seq - NextSeq);
            if (distance > 0)
            {
                return;
            }

            _pending.RemoveAt(0);
            _pendingBytes -= p.Length;
            Unreserve(p.Length);
            int skip = -distance;
            if (skip < p.Length)
            {
                var data = p.Data.AsSpan(skip, p.Length - skip);
                Process(data, Transient, 0, p.Frame, dissector, handler);
                NextSeq += (uint)data.Length;
                Delivered += data.Length;
            }

            ArrayPool<byte>.Shared.Return(p.Data);
        }

        HoleSinceNs = 0;
    }

    // ---- cutting PDUs -----------------------------------------------------------------------

    private void Process(ReadOnlySpan<byte> data, byte source, int offset, uint frame, IStreamDissector? d, IPduHandler h)
    {
        long streamOffset = Delivered;
        if (_skip > 0)
        {
            int n = (int)Math.Min(_skip, data.Length);
            _skip -= n;
            h.OnSkipped(n, source, offset);
            data = data[n..];
            offset += n;
            streamOffset += n;
        }

        if (data.IsEmpty)
        {
            return;
        }

        if (d is null)
        {
            h.OnUnparsed(data, source, offset, "");
            return;
        }

        if (_partialLength > 0)
        {
            int used = ContinuePartial(data, frame, d, h, streamOffset - _partialLength);
            if (used < 0)
            {
                return;
            }

            data = data[used..];
            offset += used;
            streamOffset += used;
            if (_skip > 0)
            {
                int n = (int)Math.Min(_skip, data.Length);
                _skip -= n;
                h.OnSkipped(n, source, offset);
                data = data[n..];
                offset += n;
                streamOffset += n;
            }
        }

        while (!data.IsEmpty)
        {
            if (_resync)
            {
                int at = d.Resync(data, Direction);
                if (at < 0 || at > data.Length)
                {
                    h.OnUnparsed(data, source, offset, "no PDU start found after a gap");
                    return;
                }

                if (at > 0)
                {
                    h.OnUnparsed(data[..at], source, offset, "skipped to the next PDU start after a gap");
                    data = data[at..];
                    offset += at;
                    streamOffset += at;
                }

                _resync = false;
                if (data.IsEmpty)
                {
                    return;
                }
            }

            PduLength r = SafeLength(d, data);
            switch (r.Kind)
            {
                case PduLengthKind.Complete:
                    if (r.Length <= data.Length)
                    {
                        int n = (int)r.Length;
                        h.OnPdu(data[..n], source, offset, streamOffset, default);
                        data = data[n..];
                        offset += n;
                        streamOffset += n;
                        continue;
                    }

                    if (r.Length > _limits.MaxBytesPerStream)
                    {
                        _skip = r.Length - data.Length;
                        h.OnDropped(r.Length, $"PDU of {r.Length} bytes is larger than the reassembly limit ({_limits.MaxBytesPerStream} bytes)");
                        h.OnSkipped(data.Length, source, offset);
                        return;
                    }

                    StartPartial(data, frame, r.Length, h);
                    return;

                case PduLengthKind.NeedMore:
                    StartPartial(data, frame, Math.Max(r.Length, (long)data.Length + 1), h);
                    return;

                case PduLengthKind.NotMine:
                    h.OnNotMine(r.Reason ?? "not this protocol");
                    h.OnUnparsed(data, source, offset, r.Reason ?? "");
                    return;

                default:
                    {
                        // Desync: show one byte as unparsed and look for the next plausible start.
                        int at = data.Length > 1 ? d.Resync(data[1..], Direction) : -1;
                        int bad = at < 0 ? data.Length : 1 + at;
                        h.OnUnparsed(data[..bad], source, offset, r.Reason ?? "not a valid PDU");
                        data = data[bad..];
                        offset += bad;
                        streamOffset += bad;
                        _resync = at < 0;
                        continue;
                    }
            }
        }
    }

    /// <summary>Feeds bytes to the partial PDU. Returns bytes of <paramref name="data"/> used, or -1 when all were used and the PDU is still open.</summary>
    private int ContinuePartial(ReadOnlySpan<byte> data, uint frame, IStreamDissector d, IPduHandler h, long partialStart)
    {
        int used = 0;
        while (true)
        {
            if (_partialLength < _need)
            {
                int take = (int)Math.Min(_need - _partialLength, data.Length - used);
                if (take > 0)
                {
                    long needBefore = _need;
                    int haveBefore = _partialLength;
                    if (!TryAppend(data.Slice(used, take), frame))
                    {
                        h.OnDropped((long)haveBefore + take, "reassembly memory limit reached");
                        ClearPartial();
                        _skip = Math.Max(0, needBefore - haveBefore);
                        return used;
                    }

                    used += take;
                }

                if (_partialLength < _need)
                {
                    return used == data.Length ? -1 : used;
                }
            }

            PduLength r = SafeLength(d, _partial.AsSpan(0, _partialLength));
            switch (r.Kind)
            {
                case PduLengthKind.Complete:
                    if (r.Length > _partialLength)
                    {
                        if (r.Length > _limits.MaxBytesPerStream)
                        {
                            long have = _partialLength;
                            h.OnDropped(r.Length, $"PDU of {r.Length} bytes is larger than the reassembly limit ({_limits.MaxBytesPerStream} bytes)");
                            ClearPartial();
                            _skip = r.Length - have;
                            return used;
                        }

                        _need = r.Length;
                        if (used == data.Length)
                        {
                            return -1;
                        }

                        continue;
                    }

                    {
                        int n = (int)r.Length;
                        var segs = SnapshotSegments(n);
                        int rest = _partialLength - n;
                        // A buffer that holds exactly this PDU is not needed after it: the handler may keep it.
                        if (h.OnPdu(_partial.AsSpan(0, n), Transient, 0, partialStart, segs, rest == 0 ? _partial : null))
                        {
                            Unreserve(_partial.Length);
                            _partial = [];
                        }

                        partialStart += n;
                        if (rest > 0)
                        {
                            _partial.AsSpan(n, rest).CopyTo(_partial);
                        }

                        _partialLength = rest;
                        TrimSegments(n);
                        if (rest == 0)
                        {
                            _need = 0;
                            _segments.Clear();
                            ReturnPartial();
                            return used;
                        }

                        _need = rest;
                        continue;
                    }

                case PduLengthKind.NeedMore:
                    _need = Math.Max(r.Length, (long)_partialLength + 1);
                    if (_need > _limits.MaxBytesPerStream)
                    {
                        h.OnDropped(_partialLength, "the dissector asked for more bytes than the reassembly limit allows");
                        ClearPartial();
                        _resync = true;
                        return used;
                    }

                    if (used == data.Length)
                    {
                        return -1;
                    }

                    continue;

                case PduLengthKind.NotMine:
                    h.OnNotMine(r.Reason ?? "not this protocol");
                    ClearPartial();
                    return used;

                default:
                    h.OnDropped(_partialLength, r.Reason ?? "not a valid PDU");
                    ClearPartial();
                    _resync = true;
                    return used;
            }
        }
    }

    private PduLength SafeLength(IStreamDissector d, ReadOnlySpan<byte> data)
    {
        PduLength r = d.GetPduLength(data, Direction);
        if (r.Kind == PduLengthKind.Complete && r.Length <= 0)
        {
            return PduLength.Invalid("PDU length 0");
        }

        return r;
    }

    private void StartPartial(ReadOnlySpan<byte> data, uint frame, long need, IPduHandler h)
    {
        _segments.Clear();
        _partialLength = 0;
        _need = need;
        if (!TryAppend(data, frame))
        {
            h.OnDropped(data.Length, "reassembly memory limit reached");
            ClearPartial();
            _skip = Math.Max(0, need - data.Length);
        }
    }

    private bool TryAppend(ReadOnlySpan<byte> data, uint frame)
    {
        long newLength = (long)_partialLength + data.Length;
        if (newLength > _partial.Length)
        {
            // Doubling, but a PDU whose length is declared gets it at once up to EagerBytes (its bytes usually
            // follow; growing 4, 8, 16, 32 KB for a 36 KB PDU copied 60 KB more than it held); never more than it needs.
            long needed = Math.Min(_need, _limits.MaxBytesPerStream);
            long grow = Math.Max(Math.Max(_partial.Length * 2L, 4096), Math.Min(needed, EagerBytes));
            long want = Math.Min(Math.Max(newLength, grow), Math.Max(newLength, needed));
            if (newLength + _pendingBytes > _limits.MaxBytesPerStream || want > Array.MaxLength)
            {
                return false;
            }

            // Pooled: the buffer goes back as soon as no PDU is open (ReturnPartial), so an idle stream holds
            // nothing and thousands of open connections do not each keep their largest PDU's buffer.
            var bigger = ArrayPool<byte>.Shared.Rent((int)want);
            if (!Reserve(bigger.Length - _partial.Length))
            {
                ArrayPool<byte>.Shared.Return(bigger);
                return false;
            }

            _partial.AsSpan(0, _partialLength).CopyTo(bigger);
            if (_partial.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_partial);
            }

            _partial = bigger;
        }

        data.CopyTo(_partial.AsSpan(_partialLength));
        _partialLength = (int)newLength;
        if (_segments.Count < MaxSegmentRefs)
        {
            _segments.Add(new SegmentRef(frame, data.Length));
        }

        return true;
    }

    private ReadOnlySpan<SegmentRef> SnapshotSegments(int pduLength)
    {
        if (_segmentScratch.Length < _segments.Count)
        {
            _segmentScratch = new SegmentRef[Math.Max(_segments.Count, _segmentScratch.Length * 2)];
        }

        int n = 0;
        int total = 0;
        foreach (var s in _segments)
        {
            int len = Math.Min(s.Length, pduLength - total);
            if (len <= 0)
            {
                break;
            }

            _segmentScratch[n++] = new SegmentRef(s.Frame, len);
            total += len;
        }

        return _segmentScratch.AsSpan(0, n);
    }

    private void TrimSegments(int consumed)
    {
        int i = 0;
        while (i < _segments.Count && consumed > 0)
        {
            var s = _segments[i];
            if (s.Length <= consumed)
            {
                consumed -= s.Length;
                i++;
            }
            else
            {
                _segments[i] = new SegmentRef(s.Frame, s.Length - consumed);
                consumed = 0;
            }
        }

        _segments.RemoveRange(0, i);
    }

    private void DropPartial(IPduHandler h, string reason)
    {
        if (_partialLength > 0)
        {
            h.OnDropped(_partialLength, "incomplete PDU dropped: " + reason);
            ClearPartial();
        }
    }

    private void ClearPartial()
    {
        _partialLength = 0;
        _need = 0;
        _segments.Clear();
        ReturnPartial();
    }

    /// <summary>Gives the partial-PDU buffer back to the pool (and its bytes to the budget) once no PDU is open.</summary>
    private void ReturnPartial()
    {
        if (_partial.Length == 0)
        {
            return;
        }

        Unreserve(_partial.Length);
        ArrayPool<byte>.Shared.Return(_partial);
        _partial = [];
        _partialLength = 0;
    }

    private bool Reserve(long bytes)
    {
        if (bytes <= 0)
        {
            return true;
        }

        if (_reserved + bytes > _limits.MaxBytesPerStream || !_limits.TryReserve(bytes))
        {
            return false;
        }

        _reserved += bytes;
        return true;
    }

    private void Unreserve(long bytes)
    {
        bytes = Math.Min(bytes, _reserved);
        _reserved -= bytes;
        _limits.Release(bytes);
    }

    private void ReleaseAll()
    {
        long keep = _partial.Length;
        if (_reserved > keep)
        {
            Unreserve(_reserved - keep);
        }
    }
}
