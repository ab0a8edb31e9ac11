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

    // Segments not yet acknowledged, oldest first; arrays grow on demand (most flows need a handful).
    private uint[] _unackedFrame = [];
    private uint[] _unackedSeq = [];
    private uint[] _unackedNextSeq = [];
    private long[] _unackedTime = [];
    private int _unackedCount;

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

        if (_unackedCount == _unackedFrame.Length)
        {
            int size = Math.Min(MaxUnacked, Math.Max(4, _unackedCount * 2));
            Array.Resize(ref _unackedFrame, size);
            Array.Resize(ref _unackedSeq, size);
            Array.Resize(ref _unackedNextSeq, size);
            Array.Resize(ref _unackedTime, size);
        }

        int i = _unackedCount;
        _unackedFrame[i] = frame;
        _unackedSeq[i] = seq;
        _unackedNextSeq[i] = nextSeq;
        _unackedTime[i] = timeNs;
        _unackedCount++;
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
        for (int k = 0; k < _unackedCount; k++)
        {
            int i = k;
            uint seq = _unackedSeq[i], end = _unackedNextSeq[i];
            if (end == ack)
            {
                // Several segments can end at the same place (retransmissions): the oldest is reported.
                if (!found)
                {
                    frame = _unackedFrame[i];
                    timeNs = _unackedTime[i];
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

            int j = kept;
            _unackedFrame[j] = _unackedFrame[i];
            _unackedSeq[j] = seq;
            _unackedNextSeq[j] = end;
            _unackedTime[j] = _unackedTime[i];
            kept++;
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

        uint lo = _unackedSeq[0] - BaseSeq, hi = _unackedNextSeq[0] - BaseSeq;
        for (int k = 1; k < _unackedCount; k++)
        {
            int i = k;
            uint s = _unackedSeq[i] - BaseSeq, e = _unackedNextSeq[i] - BaseSeq;
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
