namespace Dissectors.Core.Conversations;

/// <summary>
/// Sequence analysis state of one direction of a TCP conversation (what Wireshark keeps per flow to
/// compute relative numbers and the <c>tcp.analysis.*</c> flags). Plain data, no buffers.
/// <para>
/// A struct held inside its <see cref="TcpConversation"/> and used by reference
/// (<see cref="TcpConversation.Flow"/>): with thousands of connections interleaved every packet's
/// conversation state is a cache miss, and flows in objects of their own were two more dependent misses
/// (the array, then the flow) after the conversation's.
/// </para>
/// </summary>
public struct TcpFlow
{
    public TcpFlow()
    {
    }

    public const int UnknownScale = -1;
    public const int NoScaling = -2;

    /// <summary>Most unacknowledged segments remembered (Wireshark stops at 1000 as well).</summary>
    public const int MaxUnacked = 1000;

    public bool BaseSet;
    public uint BaseSeq;

    public bool NextSeqSet;
    public uint NextSeq;
    public uint NextSeqFrame;
    public long NextSeqTimeNs;

    public bool MaxSeqToBeAckedSet;
    public uint MaxSeqToBeAcked;

    public bool LastAckSet;
    public uint LastAck;
    public long LastAckTimeNs;

    public ushort LastWindow;
    public bool LastWindowSet;

    /// <summary>Window shift announced in this direction's SYN, <see cref="UnknownScale"/> or <see cref="NoScaling"/>.</summary>
    public int WindowShift = UnknownScale;
    public bool SynSeen;
    public bool SynHadWindowScale;

    public byte LastFlags;
    public uint DupAckCount;
    public uint LastNonDupAckFrame;
    public uint PushBytesSent;
    public long LastSegmentTimeNs;

    public bool FinSeen;
    public uint FinSeq;

    /// <summary>Bytes-in-flight is meaningful (false after a lost segment until the peer ACKs again).</summary>
    public bool ValidBytesInFlight = true;

    /// <summary>The previous segment of this direction had PSH (for "bytes sent since last PSH").</summary>
    public bool PushSetLast;

    /// <summary>The previous segment of this direction was a keep-alive / zero-window probe.</summary>
    public bool LastWasKeepAlive;
    public bool LastWasZeroWindowProbe;

    // Segments not yet acknowledged, oldest first; the array grows on demand (most flows need a handful).
    // One array of entries, not one per column: a flow is a part of its conversation object, which
    // every packet reads, and three references fewer per flow keep that object a line shorter.
    private Unacked[] _unacked = [];
    private int _unackedCount;

    private struct Unacked
    {
        public uint Frame;
        public uint Seq;
        public uint NextSeq;
        public long TimeNs;
    }

    public int UnackedCount => _unackedCount;

    /// <summary>Back to the state of a new flow, keeping the grown arrays (pooling).</summary>
    public void Reset()
    {
        BaseSet = NextSeqSet = MaxSeqToBeAckedSet = LastAckSet = LastWindowSet = false;
        BaseSeq = NextSeq = NextSeqFrame = MaxSeqToBeAcked = LastAck = 0;
        NextSeqTimeNs = LastAckTimeNs = LastSegmentTimeNs = 0;
        LastWindow = 0;
        WindowShift = UnknownScale;
        SynSeen = SynHadWindowScale = false;
        LastFlags = 0;
        DupAckCount = LastNonDupAckFrame = PushBytesSent = 0;
        FinSeen = false;
        FinSeq = 0;
        ValidBytesInFlight = true;
        PushSetLast = LastWasKeepAlive = LastWasZeroWindowProbe = false;
        _unackedCount = 0;
    }

    public void AddUnacked(uint frame, uint seq, uint nextSeq, long timeNs)
    {
        if (_unackedCount == MaxUnacked)
        {
            // Not seeing ACKs: stop remembering, as Wireshark caps its list.
            return;
        }

        if (_unackedCount == _unacked.Length)
        {
            Array.Resize(ref _unacked, Math.Min(MaxUnacked, Math.Max(4, _unackedCount * 2)));
        }

        _unacked[_unackedCount++] = new Unacked { Frame = frame, Seq = seq, NextSeq = nextSeq, TimeNs = timeNs };
    }

    /// <summary>
    /// Applies an acknowledgment to the unacknowledged segments: fully covered ones are removed, a
    /// partly covered one is trimmed. Returns the segment whose end equals the ack exactly, if any
    /// (the segment this ACK acknowledges: <c>tcp.analysis.acks_frame</c>).
    /// </summary>
    public bool TryAck(uint ack, out uint frame, out long timeNs)
    {
        frame = 0;
        timeNs = 0;
        bool found = false;
        int kept = 0;
        var list = _unacked;
        for (int k = 0; k < _unackedCount; k++)
        {
            var u = list[k];
            uint seq = u.Seq, end = u.NextSeq;
            if (end == ack)
            {
                // Several segments can end at the same place (retransmissions): the oldest is reported.
                if (!found)
                {
                    frame = u.Frame;
                    timeNs = u.TimeNs;
                    found = true;
                }

                continue;
            }

            if ((int)(ack - seq) > 0 && (int)(ack - end) <= 0)
            {
                seq = ack;
            }
            else if ((int)(ack - end) > 0)
            {
                continue;
            }

            u.Seq = seq;
            list[kept++] = u;
        }

        _unackedCount = kept;
        return found;
    }

    /// <summary>Span of unacknowledged sequence space (max end − min start), relative, or 0.</summary>
    public uint UnackedSpan()
    {
        if (_unackedCount == 0)
        {
            return 0;
        }

        var list = _unacked;
        uint lo = list[0].Seq - BaseSeq, hi = list[0].NextSeq - BaseSeq;
        for (int k = 1; k < _unackedCount; k++)
        {
            uint s = list[k].Seq - BaseSeq, e = list[k].NextSeq - BaseSeq;
            if (s < lo)
            {
                lo = s;
            }

            if (e > hi)
            {
                hi = e;
            }
        }

        return hi - lo;
    }
}
