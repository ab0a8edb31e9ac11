using System.Buffers.Binary;
using System.Globalization;
using Dissectors.Core.Buffers;
using Dissectors.Core.Conversations;
using Dissectors.Core.Dissection;
using Dissectors.Core.Expert;
using Dissectors.Core.Fields;
using Dissectors.Core.Reassembly;

namespace Dissectors.Core.Decode;

/// <summary>
/// The TCP layer: header fields with Wireshark's names and relative numbers, per-stream sequence
/// analysis (<c>tcp.analysis.*</c>), conversation tracking (<c>tcp.stream</c>), the choice of a
/// dissector for each conversation, and reassembly into PDUs that are dissected into the current frame.
/// <para>
/// tshark differences: <c>tcp.pdu.size</c> and the "TCP segment data" items are not added;
/// <c>tcp.reassembled_in</c> on earlier segments needs a second pass and is not shown; out-of-order
/// segments are reassembled (tshark 4.0 does not by default), so PDUs behind a reordered segment are
/// dissected in the frame that completes them.
/// </para>
/// </summary>
public sealed class TcpProcessor : IPduHandler
{
    private const int MaxHeuristicTries = 4;

    private readonly FieldTree _tree;
    private readonly Columns _cols;
    private readonly CoreFields _core;
    private readonly TcpFields _f;
    private readonly ConversationTable _table;
    private readonly DissectorTable _dissectors;
    private readonly DissectContext _ctx;
    private readonly DamageCounters _damage;
    private readonly PacketDecoder _decoder;
    private readonly Utf8Builder _scratch = new(256);
    private readonly char[] _info = new char[512];
    private int _infoLength;

    // Per-segment state used by the IPduHandler callbacks.
    private TcpConversation? _conv;
    private int _sender;
    private uint _frame;
    private int _pdusThisFrame;
    private bool _consumedIntoPartial;

    public TcpProcessor(FieldTree tree, Columns columns, CoreFields core, ConversationTable table, DissectorTable dissectors,
        DissectContext context, DamageCounters damage, PacketDecoder decoder)
    {
        _tree = tree;
        _cols = columns;
        _core = core;
        _f = core.Tcp;
        _table = table;
        _dissectors = dissectors;
        _ctx = context;
        _damage = damage;
        _decoder = decoder;
    }

    public ConversationTable Conversations => _table;

    private bool Text => _tree.WantsText;

    /// <summary>Decodes one TCP segment. The tree's current source/base must point at the TCP header.</summary>
    /// <param name="hashKnown">Whether <paramref name="flowHash"/> is the frame's <see cref="Pipeline.FlowShard"/> hash (the conversation key's).</param>
    // Its stack frame (header, keys, endpoints, the analysis) is all assigned before use; clearing it first
    // cost 35 instructions a packet. It has no stackalloc.
    [System.Runtime.CompilerServices.SkipLocalsInit]
    public void Process(FrameInfo fi, ReadOnlySpan<byte> segment, in PacketLayers layers, bool hashKnown = false, int flowHash = 0)
    {
        var t = _tree;
        _decoder.PushProtocol("tcp");
        if (!TcpHeader.TryParse(segment, out TcpHeader h))
        {
            int s = t.Open(_f.Protocol, 0, segment.Length);
            t.Close(s);
            _cols.Protocol = "TCP";
            AddShort(segment.Length);
            return;
        }

        int hlen = h.HeaderLength;
        bool badHeader = hlen < TcpHeader.MinLength || hlen > segment.Length;
        int payloadLength = badHeader ? 0 : segment.Length - hlen;
        bool syn = h.Has(TcpHeader.Syn), ackFlag = h.Has(TcpHeader.AckFlag), fin = h.Has(TcpHeader.Fin), rst = h.Has(TcpHeader.Rst);
        // The option values serve the analysis (a SYN's window scale) and the Info text only; the option
        // fields are read from the bytes themselves. Most packets carry options (timestamps) and need neither.
        if (!badHeader && hlen > TcpHeader.MinLength && (syn || _cols.Enabled))
        {
            ParseOptionValues(segment.Slice(TcpHeader.MinLength, hlen - TcpHeader.MinLength), ref h);
        }

        var src = new Endpoint(layers.Source[..layers.AddressLength], h.SourcePort);
        var dst = new Endpoint(layers.Destination[..layers.AddressLength], h.DestinationPort);
        var key = hashKnown ? new FlowKey(src, dst, flowHash) : new FlowKey(src, dst);
        System.Diagnostics.Debug.Assert(!hashKnown || key.GetHashCode() == new FlowKey(src, dst).GetHashCode(), "FlowShard's hash differs from the key's");

        bool reused = false;
        if (!_table.TryGet(key, out var conv) || NeedsNewConversation(conv, src, h, syn, ackFlag, out reused))
        {
            conv = NewConversation(key, src, dst, h, syn, ackFlag, fi);
            if (reused)
            {
                // tshark shows the reusing SYN already counted in the new conversation.
                conv.Completeness = TcpCompleteness.Syn;
            }
        }

        int sender = conv.SenderIndex(src);
        ref TcpFlow flow = ref conv.Flow(sender);
        ref TcpFlow rev = ref conv.Flow(1 - sender);
        var completenessBefore = conv.Completeness;
        long sinceStart = fi.TimestampNs - conv.FirstTimeNs;
        long sinceLast = fi.TimestampNs - conv.LastTimeNs;
        conv.LastTimeNs = fi.TimestampNs;
        conv.LastFrame = fi.Number;
        if (sender == 0)
        {
            conv.FramesA++;
            conv.BytesA += payloadLength;
        }
        else
        {
            conv.FramesB++;
            conv.BytesB += payloadLength;
        }

        // ---- sequence analysis -----------------------------------------------------------------
        // The unacked-segment list serves only tcp.analysis.acks_frame/ack_rtt/bytes_in_flight/push_bytes_sent
        // (and whether a tcp.analysis item exists): a run that wants none of them skips keeping it.
        // Filled in place: returned by value, its thirty fields became locals, each cleared on entry and
        // copied out on return (about 120 instructions a packet).
        var a = default(Analysis);
        if (LeanAnalysis())
        {
            AnalyzeLean(conv, ref flow, ref rev, h, payloadLength, fi, syn, ackFlag, fin, rst);
        }
        else
        {
            Analyze(ref a, conv, ref flow, ref rev, h, payloadLength, fi, syn, ackFlag, fin, rst, TracksAcks());
        }

        a.ReusedPorts = reused;

        // ---- fields ---------------------------------------------------------------------------
        int node = t.Open(_f.Protocol, 0, badHeader ? segment.Length : hlen);
        if (node >= 0 && Text)
        {
            SetProtocolLabel(node, h, a, payloadLength, ackFlag);
        }

        if (t.WantsFieldsOf(_f.Protocol)
            && AddHeaderFields(segment, node, h, a, conv, in flow, in rev, completenessBefore, sinceStart, sinceLast, hlen, payloadLength, badHeader, syn, ackFlag, fin, rst))
        {
            return;
        }

        if (badHeader)
        {
            // (With fields wanted this was reported above, with the expert item.)
            _damage.Malformed++;
            t.Close(node);
            _cols.Protocol = "TCP";
            return;
        }

        t.Close(node);
        _cols.Protocol = "TCP";
        SetBaseInfo(h, a, payloadLength, in rev);

        // ---- payload: dissector choice, reassembly, PDUs --------------------------------------
        if (syn)
        {
            var half = conv.Half(sender);
            if (!half.Started || !ackFlag || half.Delivered == 0)
            {
                half.Start(h.Seq + 1, midStream: false);
            }
        }

        byte source = t.CurrentSource;
        int baseOffset = t.CurrentBase;
        _conv = conv;
        _sender = sender;
        _frame = fi.Number;
        _pdusThisFrame = 0;
        _consumedIntoPartial = false;
        if (ackFlag)
        {
            MaybeDeclareGapFromAck(conv, 1 - sender, h.Ack);
        }

        if (payloadLength > 0)
        {
            var payload = segment.Slice(hlen, payloadLength);
            uint dataSeq = h.Seq + (syn ? 1u : 0u);
            if (!conv.Decided)
            {
                TryHeuristics(conv, payload, src, dataSeq);
            }

            if (conv.Dissector is null)
            {
                // No dissector: each segment's bytes are shown as data, nothing is buffered. Like tshark,
                // bytes that were sent before (retransmissions) are not shown again.
                if (a.FastRetransmission || (!a.Retransmission && !a.SpuriousRetransmission && !a.OutOfOrder))
                {
                    t.SetSource(source, baseOffset + hlen);
                    OnUnparsed(payload, source, baseOffset + hlen, "");
                }
            }
            else
            {
                var half = conv.Half(sender);
                half.Direction = conv.DirectionOf(src);
                long beforeDelivered = half.Delivered;
                int beforePartial = half.PartialLength;
                bool hadHole = half.HasHole;
                long holeSince = half.HoleSinceNs;
                bool isNew = half.OnSegment(dataSeq, payload, source, baseOffset + hlen, fi.Number, fi.TimestampNs, conv.Dissector, this);
                if (isNew && _pdusThisFrame == 0 && half.PartialLength > 0 && (half.Delivered != beforeDelivered || half.PartialLength != beforePartial))
                {
                    _consumedIntoPartial = true;
                }

                if (half.HasHole && (hadHole || !isNew))
                {
                    var limits = _table.Limits;
                    bool tooLong = hadHole && fi.TimestampNs - holeSince > limits.HoleTimeoutNs;
                    bool tooMuch = half.PendingBytes > limits.MaxOutOfOrderBytes || half.PendingSegments > limits.MaxOutOfOrderSegments;
                    if (tooLong || tooMuch)
                    {
                        DeclareGap(conv, sender);
                    }
                }
                else if (half.HasHole && rev.LastAckSet && (int)(rev.LastAck - half.NextSeq) > 0)
                {
                    // The peer already acknowledged bytes we never saw: the hole is a capture loss.
                    DeclareGap(conv, sender);
                }
            }
        }

        t.SetSource(source, baseOffset);
        if (_consumedIntoPartial && _pdusThisFrame == 0 && _cols.Enabled)
        {
            _cols.AppendInfo(" [TCP segment of a reassembled PDU]");
        }

        if (fin)
        {
            flow.FinSeen = true;
            flow.FinSeq = h.Seq + (uint)payloadLength;
        }

        if (rst || (conv.Flow(0).FinSeen && conv.Flow(1).FinSeen))
        {
            if (rst)
            {
                FinishConversation(conv, fi.TimestampNs);
            }
            else
            {
                FinishConversation(conv, fi.TimestampNs);
            }
        }

        _conv = null;
    }

    /// <summary>
    /// Whether anything under tcp.analysis is kept: those items (and whether the tcp.analysis node exists
    /// at all, which initial_rtt's presence follows) depend on the unacked list. Decided once, on the first
    /// packet, when the filter and outputs have marked what they need.
    /// </summary>
    private bool TracksAcks()
    {
        if (_trackAcks == 0)
        {
            var t = _tree;
            bool wanted = t.BuildsEverything || (t.WantsFieldsOf(_f.Protocol) && t.WantsAnyStartingWith("tcp.analysis", orExperts: false));
            _trackAcks = wanted ? 1 : -1;
        }

        return _trackAcks > 0;
    }

    /// <summary>
    /// Whether nothing in this run reads the sequence analysis's verdicts: no tcp item is kept (none of its
    /// fields, experts or the tcp.analysis tree), no column or label is made, and nothing shows a segment's
    /// bytes as data (the one place outside the tcp items that asks whether a segment is a retransmission).
    /// Then <see cref="AnalyzeLean"/> keeps only the flow state that the rest of the processing reads.
    /// Decided once, like <see cref="TracksAcks"/>.
    /// </summary>
    private bool LeanAnalysis()
    {
        if (_lean == 0)
        {
            var t = _tree;
            var d = _core.Data.Protocol;
            bool lean = !t.BuildsEverything && !t.WantsFieldsOf(_f.Protocol) && !_cols.Enabled && !Text && !TracksAcks()
                && !t.Wants(d) && !t.WantsFieldsOf(d) && !t.Wants(_core.Frame.Protocols);
            _lean = lean ? 1 : -1;
        }

        return _lean > 0;
    }

    private int _lean;

    /// <summary>
    /// Which groups of header fields anything keeps (flags and the connection experts under them, options,
    /// the timestamps subtree, the sequence, window and checksum numbers), decided once like
    /// <see cref="TracksAcks"/>: a filter on tcp.port alone then skips the calls that would each find their
    /// field unwanted.
    /// </summary>
    private int HeaderGroups()
    {
        if (_headerGroups == 0)
        {
            var t = _tree;
            int g = GroupsKnown;
            if (t.WantsAnyStartingWith("tcp.flags") || t.WantsAnyStartingWith("tcp.connection."))
            {
                g |= GroupFlags;
            }

            if (t.WantsAnyStartingWith("tcp.option"))
            {
                g |= GroupOptions;
            }

            if (t.BuildsEverything || t.Wants(_f.TimeRelative) || t.Wants(_f.TimeDelta) || t.Wants(_core.Ws.Text))
            {
                g |= GroupTimes;
            }

            if (t.BuildsEverything || t.Wants(_f.Seq) || t.Wants(_f.SeqRaw) || t.Wants(_f.Nxtseq) || t.Wants(_f.Ack) || t.Wants(_f.AckRaw)
                || t.Wants(_f.HdrLen) || t.Wants(_f.WindowSizeValue) || t.Wants(_f.WindowSize) || t.Wants(_f.WindowSizeScalefactor)
                || t.Wants(_f.Checksum) || t.Wants(_f.ChecksumStatus) || t.Wants(_f.UrgentPointer))
            {
                g |= GroupNumbers;
            }

            _headerGroups = g;
        }

        return _headerGroups;
    }

    private const int GroupsKnown = 1, GroupFlags = 2, GroupOptions = 4, GroupTimes = 8, GroupNumbers = 16;
    private int _headerGroups;

    private int _trackAcks;

    private void SetProtocolLabel(int node, in TcpHeader h, in Analysis a, int payloadLength, bool ackFlag)
    {
        if (ackFlag)
        {
            _tree.SetLabel(node, $"Transmission Control Protocol, Src Port: {h.SourcePort}, Dst Port: {h.DestinationPort}, Seq: {a.RelSeq}, Ack: {a.RelAck}, Len: {payloadLength}");
        }
        else
        {
            _tree.SetLabel(node, $"Transmission Control Protocol, Src Port: {h.SourcePort}, Dst Port: {h.DestinationPort}, Seq: {a.RelSeq}, Len: {payloadLength}");
        }
    }

    /// <summary>
    /// The header's fields, its options and the analysis items (kept out of <see cref="Process"/>, whose
    /// frame stays small for the packets that need none of this). True when the header was bad and the
    /// frame is finished.
    /// </summary>
    private bool AddHeaderFields(ReadOnlySpan<byte> segment, int node, in TcpHeader h, in Analysis a, TcpConversation conv, in TcpFlow flow, in TcpFlow rev,
        TcpCompleteness completenessBefore, long sinceStart, long sinceLast, int hlen, int payloadLength, bool badHeader, bool syn, bool ackFlag, bool fin, bool rst)
    {
        var t = _tree;
        t.AddUInt(_f.Srcport, 0, 2, h.SourcePort);
        t.AddUInt(_f.Dstport, 2, 2, h.DestinationPort);
        t.AddUInt(_f.Port, 0, 2, h.SourcePort, NodeFlags.Hidden);
        t.AddUInt(_f.Port, 2, 2, h.DestinationPort, NodeFlags.Hidden);
        t.AddUInt(_f.Stream, 0, 0, conv.StreamIndex, NodeFlags.Generated);
        int cn = t.AddUInt(_f.Completeness, 0, 0, (byte)completenessBefore, NodeFlags.Generated);
        if (cn >= 0 && Text)
        {
            LabelCompleteness(cn, completenessBefore);
        }

        t.AddUInt(_f.Len, 0, 0, (uint)payloadLength, NodeFlags.Generated);
        int groups = HeaderGroups();
        bool numbers = (groups & GroupNumbers) != 0;
        if (numbers)
        {
            AddSequenceFields(h, a, ackFlag);
        }

        if (!ackFlag && h.Ack != 0)
        {
            t.AddExpert(_f.AckNonzero, 8, 4);
        }

        if (numbers)
        {
            int hl = t.AddUInt(_f.HdrLen, 12, 1, (uint)hlen);
            if (hl >= 0 && Text)
            {
                LabelHeaderLength(hl, segment[12], hlen);
            }
        }

        if (badHeader)
        {
            t.AddExpert(_f.BadHeaderLength, 12, 1, BogusHeaderLength(hlen, segment.Length));
            _damage.Malformed++;
            t.Close(node);
            _cols.Protocol = "TCP";
            SetBaseInfo(h, a, payloadLength, in rev);
            FlushInfo();
            return true;
        }

        if ((groups & GroupFlags) != 0)
        {
            AddFlags(h, fin, rst, syn, ackFlag, conv, in flow, in rev);
        }

        if (numbers)
        {
            AddWindowAndChecksum(h, a, syn);
        }

        if (hlen > TcpHeader.MinLength && (groups & GroupOptions) != 0)
        {
            AddOptions(segment.Slice(TcpHeader.MinLength, hlen - TcpHeader.MinLength), TcpHeader.MinLength, syn, in flow, in rev);
        }

        return AddHeaderTail(a, conv, groups, hlen, payloadLength, sinceStart, sinceLast);
    }

    /// <summary>The sequence and acknowledgment numbers, relative and raw.</summary>
    private void AddSequenceFields(in TcpHeader h, in Analysis a, bool ackFlag)
    {
        var t = _tree;
        int sq = t.AddUInt(_f.Seq, 4, 4, a.RelSeq);
        if (sq >= 0 && Text)
        {
            LabelNumber(sq, "Sequence Number: ", a.RelSeq, "    (relative sequence number)");
        }

        t.AddUInt(_f.SeqRaw, 4, 4, h.Seq);
        int nx = t.AddUInt(_f.Nxtseq, 0, 0, a.RelNextSeq, NodeFlags.Generated);
        if (nx >= 0 && Text)
        {
            LabelNumber(nx, "Next Sequence Number: ", a.RelNextSeq, "    (relative sequence number)");
        }

        int ak = t.AddUInt(_f.Ack, 8, 4, a.RelAck);
        if (ak >= 0 && Text && ackFlag)
        {
            LabelNumber(ak, "Acknowledgment Number: ", a.RelAck, "    (relative ack number)");
        }

        t.AddUInt(_f.AckRaw, 8, 4, h.Ack);
    }

    /// <summary>The window fields, checksum and urgent pointer.</summary>
    private void AddWindowAndChecksum(in TcpHeader h, in Analysis a, bool syn)
    {
        var t = _tree;
        t.AddUInt(_f.WindowSizeValue, 14, 2, h.Window);
        t.AddUInt(_f.WindowSize, 14, 2, (uint)a.CalculatedWindow, NodeFlags.Generated);
        if (!syn)
        {
            int sf = t.AddInt(_f.WindowSizeScalefactor, 14, 2, a.ScaleFactor, NodeFlags.Generated);
            if (sf >= 0 && Text && a.ScaleFactor < 0)
            {
                t.SetLabel(sf, a.ScaleFactor == TcpFlow.UnknownScale
                    ? "Window size scaling factor: -1 (unknown)"
                    : "Window size scaling factor: -2 (no window scaling used)");
            }
        }

        int ck = t.AddUInt(_f.Checksum, 16, 2, h.Checksum);
        if (ck >= 0 && Text)
        {
            LabelChecksum(ck, h.Checksum);
        }

        t.AddUInt(_f.ChecksumStatus, 16, 0, 2, NodeFlags.Generated);
        t.AddUInt(_f.UrgentPointer, 18, 2, h.Urgent);
    }

    /// <summary>The timestamps subtree, the analysis and the payload, after the header's own fields; false (not finished early).</summary>
    private bool AddHeaderTail(in Analysis a, TcpConversation conv, int groups, int hlen, int payloadLength, long sinceStart, long sinceLast)
    {
        var t = _tree;
        if ((groups & GroupTimes) != 0)
        {
            int ts = t.Open(_core.Ws.Text, 0, 0, 0, NodeFlags.Generated);
            t.SetLabel(ts, "Timestamps");
            t.AddTime(_f.TimeRelative, 0, 0, sinceStart, NodeFlags.Generated);
            t.AddTime(_f.TimeDelta, 0, 0, sinceLast, NodeFlags.Generated);
            t.Close(ts);
        }

        AddAnalysis(a, conv);
        if (payloadLength > 0)
        {
            int pl = t.AddBytes(_f.Payload, hlen, payloadLength);
            if (pl >= 0 && Text)
            {
                LabelPayload(pl, "TCP payload (", payloadLength);
            }

            if (a.Retransmission && !a.FastRetransmission)
            {
                int rs = t.AddBytes(_f.SegmentData, hlen, payloadLength);
                if (rs >= 0 && Text)
                {
                    LabelPayload(rs, "Retransmitted TCP segment data (", payloadLength);
                }
            }
        }
        return false;
    }

    // Labels of AddHeaderFields, out of line: their formatting state would otherwise be part of its stack
    // frame, cleared on every packet whether or not any label is made (528 bytes).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void LabelCompleteness(int node, TcpCompleteness c) =>
        _tree.SetLabel(node, $"Conversation completeness: {CompletenessText(c)} ({(byte)c})");

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void LabelNumber(int node, string before, uint value, string after) => _tree.SetLabel(node, $"{before}{value}{after}");

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void LabelHeaderLength(int node, byte offsetByte, int hlen)
    {
        Span<char> bits = stackalloc char[9];
        BitPattern.Write(bits, offsetByte, 0xF0, 8);
        _tree.SetLabel(node, $"{bits} = Header Length: {hlen} bytes ({hlen / 4})");
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static string BogusHeaderLength(int hlen, int present) => hlen < TcpHeader.MinLength
        ? $"Bogus TCP header length ({hlen}, must be at least 20)"
        : $"Bogus TCP header length ({hlen}, only {present} bytes present)";

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void LabelChecksum(int node, ushort checksum) => _tree.SetLabel(node, $"Checksum: 0x{checksum:x4} [unverified]");

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void LabelPayload(int node, string what, int length) =>
        _tree.SetLabel(node, $"{what}{length} {(length == 1 ? "byte" : "bytes")})");

    // ---- conversations --------------------------------------------------------------------------

    private static bool NeedsNewConversation(TcpConversation conv, in Endpoint src, in TcpHeader h, bool syn, bool ack, out bool reused)
    {
        reused = false;
        if (!syn || ack)
        {
            return false;
        }

        ref readonly TcpFlow flow = ref conv.Flow(conv.SenderIndex(src));
        if (conv.Closed || (flow.SynSeen && flow.BaseSeq != h.Seq) || (flow.BaseSet && !flow.SynSeen && conv.FramesA + conv.FramesB > 0 && flow.NextSeqSet && flow.NextSeq != h.Seq + 1 && flow.BaseSeq != h.Seq))
        {
            reused = flow.SynSeen || conv.Closed;
            return true;
        }

        return false;
    }

    private TcpConversation NewConversation(in FlowKey key, in Endpoint src, in Endpoint dst, in TcpHeader h, bool syn, bool ack, FrameInfo fi)
    {
        Endpoint client = src, server = dst;
        ServerSide how = ServerSide.Guessed;
        IProtocolModule? module = null;
        bool byPort = _dissectors.TryGetByPort(h.SourcePort, h.DestinationPort, out module, out ushort serverPort);
        if (syn && !ack)
        {
            how = ServerSide.Syn;
        }
        else if (syn && ack)
        {
            (client, server) = (dst, src);
            how = ServerSide.Syn;
        }
        else if (byPort)
        {
            if (serverPort == h.SourcePort && serverPort != h.DestinationPort)
            {
                (client, server) = (dst, src);
            }

            how = ServerSide.Port;
        }
        else if (h.SourcePort < h.DestinationPort)
        {
            // Unknown ports: the lower one is more likely the service.
            (client, server) = (dst, src);
        }

        var conv = _table.Create(key, client, server, how, fi.Number, fi.TimestampNs);
        conv.MidStream = !syn;
        if (byPort)
        {
            conv.Module = module;
            conv.Dissector = module is null ? null : _table.NewDissector(conv, module);
            conv.Decided = true;
        }
        else if (_dissectors.Heuristics.Count == 0)
        {
            conv.Decided = true;
        }

        return conv;
    }

    private void TryHeuristics(TcpConversation conv, ReadOnlySpan<byte> payload, in Endpoint src, uint dataSeq)
    {
        bool fromServer = src == conv.Info.Server;
        bool needMore = false;
        foreach (var m in _dissectors.Heuristics)
        {
            HeuristicResult r;
            try
            {
                r = m.Heuristic(payload, fromServer);
            }
            catch (Exception)
            {
                _damage.DissectorBugs++;
                r = HeuristicResult.NotMine;
            }

            if (r == HeuristicResult.Mine)
            {
                conv.Module = m;
                conv.Dissector = _table.NewDissector(conv, m);
                conv.Decided = true;
                // The heuristic matched this segment's first byte: it is a PDU boundary. Bytes already
                // shown as data in the other direction are behind us: that side resynchronises.
                int sender = conv.SenderIndex(src);
                conv.Half(sender).Start(dataSeq, midStream: false);
                ref readonly TcpFlow other = ref conv.Flow(1 - sender);
                if (other.NextSeqSet)
                {
                    conv.Half(1 - sender).Start(other.NextSeq - (other.FinSeen ? 1u : 0u), midStream: true);
                }

                return;
            }

            needMore |= r == HeuristicResult.NeedMore;
        }

        if (!needMore || ++conv.HeuristicTries >= MaxHeuristicTries)
        {
            conv.Decided = true;
        }
    }

    private void FinishConversation(TcpConversation conv, long timeNs)
    {
        if (conv.Closed)
        {
            return;
        }

        CountUnfinished(conv);

        try
        {
            conv.Dissector?.OnEnd();
        }
        catch (Exception)
        {
            _damage.DissectorBugs++;
        }

        conv.ReleaseBuffers();
        _table.MarkClosed(conv, timeNs);
    }

    private static bool HasUnfinished(TcpConversation conv) =>
        conv.Half(0).PartialLength > 0 || conv.Half(0).HasHole || conv.Half(1).PartialLength > 0 || conv.Half(1).HasHole;

    private void CountUnfinished(TcpConversation conv)
    {
        for (int sender = 0; sender < 2; sender++)
        {
            var half = conv.Half(sender);
            if (half.PartialLength > 0 || half.HasHole)
            {
                _damage.Unfinished++;
            }
        }
    }

    /// <summary>End of capture: counts what was left unfinished in every conversation.</summary>
    public void FinishAll()
    {
        // A conversation that closed was finished then (FinishConversation); only bytes that came after its
        // close and are still waiting would change anything now. Most of a long capture's are closed.
        foreach (var conv in _table.Snapshot(static c => !c.Closed || HasUnfinished(c)))
        {
            CountUnfinished(conv);
            conv.ReleaseBuffers();

            try
            {
                conv.Dissector?.OnEnd();
            }
            catch (Exception)
            {
                _damage.DissectorBugs++;
            }
        }
    }

    private void MaybeDeclareGapFromAck(TcpConversation conv, int dataSender, uint ack)
    {
        if (conv.Dissector is null)
        {
            return;
        }

        var half = conv.Half(dataSender);
        if (half.HasHole && (int)(ack - half.NextSeq) > 0)
        {
            DeclareGap(conv, dataSender);
        }
    }

    private void DeclareGap(TcpConversation conv, int dataSender)
    {
        var half = conv.Half(dataSender);
        int saved = _sender;
        _sender = dataSender;
        long lost = half.DeclareGap(conv.Dissector, this);
        _sender = saved;
        if (lost > 0)
        {
            _damage.Gaps++;
            _damage.GapBytes += lost;
            _tree.AddExpert(_f.ReassemblyGap, 0, 0, $"{lost} bytes of this stream were not captured; dissection resumed at the next PDU start");
        }
    }

    // ---- analysis -------------------------------------------------------------------------------

    private struct Analysis
    {
        public uint RelSeq;
        public uint RelAck;
        public uint RelNextSeq;
        public int CalculatedWindow;
        public int ScaleFactor;
        public bool Retransmission;
        public bool FastRetransmission;
        public bool SpuriousRetransmission;
        public bool OutOfOrder;
        public bool LostSegment;
        public bool AckLostSegment;
        public bool DuplicateAck;
        public uint DuplicateAckNum;
        public uint DuplicateAckFrame;
        public bool KeepAlive;
        public bool KeepAliveAck;
        public bool ReusedPorts;
        public bool WindowFull;
        public long RtoNs;
        public uint RtoFrame;
        public bool ZeroWindowProbe;
        public bool WindowUpdate;
        public bool ZeroWindow;
        public bool HasAcksFrame;
        public uint AcksFrame;
        public long AckRttNs;
        public bool HasBytesInFlight;
        public uint BytesInFlight;
        public bool HasPushBytes;
        public uint PushBytes;
        public readonly bool AnyFlag => Retransmission || FastRetransmission || SpuriousRetransmission || OutOfOrder
            || LostSegment || AckLostSegment || DuplicateAck || KeepAlive || KeepAliveAck || ZeroWindowProbe || WindowUpdate || ZeroWindow
            || ReusedPorts || WindowFull;
    }

    /// <summary>
    /// <see cref="Analyze"/> for a run that reads none of its verdicts (see <see cref="LeanAnalysis"/>): the flow
    /// state read outside it, updated by the very steps <see cref="Analyze"/> takes (each of these depends only
    /// on the others): the relative-numbering bases and SYN facts and the next expected sequence number (port
    /// reuse, mid-stream starts), the last ACK (capture-loss holes) and window (the zero-window-probe test that
    /// guards the next sequence number), the completeness and the initial RTT. About a quarter of the instructions.
    /// </summary>
    private static void AnalyzeLean(TcpConversation conv, ref TcpFlow flow, ref TcpFlow rev, in TcpHeader h, int seglen, FrameInfo fi,
        bool syn, bool ack, bool fin, bool rst)
    {
        long now = fi.TimestampNs;
        StartFlows(conv, ref flow, ref rev, h, syn, ack, now);
        UpdateCompleteness(conv, in rev, h, seglen, syn, ack, fin, rst, now);
        AdvanceNextSeq(ref flow, NextSeqOf(h.Seq, seglen, syn, fin), IsZeroWindowProbe(in flow, in rev, h.Seq, seglen), fi);
        flow.LastWindow = h.Window;
        flow.LastWindowSet = true;
        flow.LastAck = h.Ack;
        flow.LastAckSet = true;
    }

    // ---- the steps both analyses take --------------------------------------------------------------

    /// <summary>
    /// Relative numbering: the base is fixed by the first segment seen in each direction (the SYN, or one before
    /// the first byte), or by the first ACK from the other side; a SYN's window scale and time.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static void StartFlows(TcpConversation conv, ref TcpFlow flow, ref TcpFlow rev, in TcpHeader h, bool syn, bool ack, long now)
    {
        if (!flow.BaseSet)
        {
            flow.BaseSeq = syn ? h.Seq : h.Seq - 1;
            flow.BaseSet = true;
        }

        if (ack && !rev.BaseSet)
        {
            rev.BaseSeq = h.Ack - 1;
            rev.BaseSet = true;
        }

        if (syn)
        {
            flow.SynSeen = true;
            flow.SynHadWindowScale = h.WindowScale >= 0;
            flow.WindowShift = h.WindowScale >= 0 ? Math.Min(h.WindowScale, 14) : TcpFlow.NoScaling;
            if (!ack)
            {
                conv.SynTimeNs = now;
            }
        }
    }

    /// <summary>
    /// Completeness (the displayed value is the state before this segment; the first packet of a conversation
    /// contributes only its SYN bits, as tshark has it) and the initial RTT: SYN to the first plain ACK after SYN-ACK.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static void UpdateCompleteness(TcpConversation conv, in TcpFlow rev, in TcpHeader h, int seglen, bool syn, bool ack, bool fin, bool rst, long now)
    {
        bool firstPacket = conv.FramesA + conv.FramesB == 1;
        var c = conv.Completeness;
        if (syn)
        {
            c |= ack ? TcpCompleteness.SynAck : TcpCompleteness.Syn;
        }
        else if (!firstPacket && ack && seglen == 0 && rev.NextSeqSet && h.Ack == rev.NextSeq)
        {
            // A bare ACK of everything the peer sent so far (the handshake's third packet, or in a
            // mid-stream capture the first ACK of seen data) marks the connection established.
            c |= TcpCompleteness.Ack;
        }

        if (!firstPacket)
        {
            if (seglen > 0)
            {
                c |= TcpCompleteness.Data;
            }

            if (fin)
            {
                c |= TcpCompleteness.Fin;
            }

            if (rst)
            {
                c |= TcpCompleteness.Rst;
            }
        }

        if (!syn && ack && conv.InitialRttNs == 0 && conv.SynTimeNs != 0
            && (conv.Completeness & TcpCompleteness.SynAck) != 0 && rev.SynSeen && h.Ack == rev.BaseSeq + 1)
        {
            conv.InitialRttNs = Math.Max(1, now - conv.SynTimeNs);
        }

        conv.Completeness = c;
    }

    /// <summary>The sequence number after a segment (SYN and FIN count one each).</summary>
    private static uint NextSeqOf(uint seq, int seglen, bool syn, bool fin) => seq + (uint)seglen + (syn ? 1u : 0u) + (fin ? 1u : 0u);

    /// <summary>One byte at the expected sequence number into a window the peer announced as zero.</summary>
    private static bool IsZeroWindowProbe(in TcpFlow flow, in TcpFlow rev, uint seq, int seglen) =>
        seglen == 1 && flow.NextSeqSet && seq == flow.NextSeq && rev.LastWindowSet && rev.LastWindow == 0;

    /// <summary>The next expected sequence number moves forward only (a zero-window probe does not move it).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static void AdvanceNextSeq(ref TcpFlow flow, uint nextSeq, bool zeroWindowProbe, FrameInfo fi)
    {
        if ((!flow.NextSeqSet || (int)(nextSeq - flow.NextSeq) > 0) && !zeroWindowProbe)
        {
            flow.NextSeq = nextSeq;
            flow.NextSeqSet = true;
            flow.NextSeqFrame = fi.Number;
            flow.NextSeqTimeNs = fi.TimestampNs;
        }
    }

    /// <summary>The sequence analysis of one segment, into <paramref name="a"/> (which starts cleared).</summary>
    private static void Analyze(ref Analysis a, TcpConversation conv, ref TcpFlow flow, ref TcpFlow rev, in TcpHeader h, int seglen, FrameInfo fi,
        bool syn, bool ack, bool fin, bool rst, bool trackAcks)
    {
        uint seq = h.Seq;
        long now = fi.TimestampNs;
        StartFlows(conv, ref flow, ref rev, h, syn, ack, now);
        if (ack)
        {
            rev.ValidBytesInFlight = true;
        }

        a.RelSeq = seq - flow.BaseSeq;
        a.RelAck = ack ? h.Ack - rev.BaseSeq : h.Ack;
        uint nextSeq = NextSeqOf(seq, seglen, syn, fin);
        a.RelNextSeq = nextSeq - flow.BaseSeq;

        UpdateCompleteness(conv, in rev, h, seglen, syn, ack, fin, rst, now);

        // Window and its scale (SYN windows are never scaled; scaling needs both SYNs to offer it).
        bool bothScaled = flow.SynSeen && rev.SynSeen && flow.SynHadWindowScale && rev.SynHadWindowScale;
        if (syn)
        {
            a.ScaleFactor = TcpFlow.UnknownScale;
            a.CalculatedWindow = h.Window;
        }
        else if (flow.SynSeen && rev.SynSeen)
        {
            a.ScaleFactor = bothScaled ? 1 << flow.WindowShift : TcpFlow.NoScaling;
            a.CalculatedWindow = bothScaled ? h.Window << flow.WindowShift : h.Window;
        }
        else
        {
            a.ScaleFactor = TcpFlow.UnknownScale;
            a.CalculatedWindow = h.Window;
        }

        bool plain = !syn && !fin && !rst;
        bool zeroWindowProbe = IsZeroWindowProbe(in flow, in rev, seq, seglen);
        bool keepAliveAck = false;
        if (!zeroWindowProbe)
        {
            a.ZeroWindow = h.Window == 0 && plain;
            if (flow.NextSeqSet && (int)(seq - flow.NextSeq) > 0 && !rst)
            {
                a.LostSegment = true;
                flow.ValidBytesInFlight = false;
            }

            if (seglen <= 1 && plain && flow.NextSeqSet && seq == flow.NextSeq - 1)
            {
                a.KeepAlive = true;
            }

            if (seglen > 0 && plain && rev.SynSeen && rev.LastAckSet && rev.LastWindowSet)
            {
                bool scaled = rev.SynHadWindowScale && flow.SynHadWindowScale && rev.WindowShift >= 0;
                uint edge = rev.LastAck + ((uint)rev.LastWindow << (scaled ? rev.WindowShift : 0));
                a.WindowFull = seq + (uint)seglen == edge;
            }

            uint lastAck = flow.LastAckSet ? flow.LastAck : 0;
            uint lastWindow = flow.LastWindowSet ? flow.LastWindow : 0u;
            bool sameSeqAck = seglen == 0 && plain && flow.NextSeqSet && seq == flow.NextSeq && h.Ack == lastAck;
            if (sameSeqAck && h.Window != 0 && h.Window != lastWindow)
            {
                a.WindowUpdate = true;
            }

            if (sameSeqAck && h.Window != 0 && h.Window == lastWindow && rev.LastWasKeepAlive)
            {
                keepAliveAck = true;
                a.KeepAliveAck = true;
            }
            else if (sameSeqAck && h.Window == 0 && lastWindow == 0 && rev.LastWasZeroWindowProbe)
            {
                keepAliveAck = true;
            }
            else if (sameSeqAck && h.Window != 0 && h.Window == lastWindow)
            {
                flow.DupAckCount++;
                a.DuplicateAck = true;
                a.DuplicateAckNum = flow.DupAckCount;
                a.DuplicateAckFrame = flow.LastNonDupAckFrame;
            }
        }

        if (h.Ack != (flow.LastAckSet ? flow.LastAck : 0))
        {
            flow.LastNonDupAckFrame = fi.Number;
            flow.DupAckCount = 0;
        }

        if (ack && rev.MaxSeqToBeAckedSet && (int)(h.Ack - rev.MaxSeqToBeAcked) > 0)
        {
            a.AckLostSegment = true;
            rev.MaxSeqToBeAcked = rev.NextSeq;
        }

        if ((seglen > 0 || syn || fin) && !a.KeepAlive && !zeroWindowProbe)
        {
            bool notAdvanced = flow.NextSeqSet && (int)(seq - flow.NextSeq) < 0;
            if (seglen > 1 && flow.NextSeqSet && flow.NextSeq - 1 == seq)
            {
                notAdvanced = false;
            }

            long ooThreshold = conv.InitialRttNs > 0 ? conv.InitialRttNs : 3_000_000;
            if (notAdvanced && rev.DupAckCount >= 2 && rev.LastAckSet && rev.LastAck == seq && now - rev.LastAckTimeNs < 20_000_000)
            {
                a.FastRetransmission = true;
            }
            else if (notAdvanced && now - flow.NextSeqTimeNs < ooThreshold && flow.NextSeq != seq + (uint)seglen)
            {
                a.OutOfOrder = true;
            }
            else if (seglen > 0 && rev.LastAckSet && rev.LastAck != 0 && (int)(seq + (uint)seglen - rev.LastAck) <= 0)
            {
                a.SpuriousRetransmission = true;
            }
            else if (notAdvanced)
            {
                a.Retransmission = true;
                a.RtoNs = now - flow.NextSeqTimeNs;
                a.RtoFrame = flow.NextSeqFrame;
            }
        }

        if (trackAcks && (seglen > 0 || syn || fin))
        {
            flow.AddUnacked(fi.Number, seq, nextSeq, now);
        }

        AdvanceNextSeq(ref flow, nextSeq, zeroWindowProbe, fi);
        if ((!flow.MaxSeqToBeAckedSet || seq == flow.MaxSeqToBeAcked) && !zeroWindowProbe)
        {
            flow.MaxSeqToBeAcked = flow.NextSeq;
            flow.MaxSeqToBeAckedSet = true;
        }

        flow.LastWindow = h.Window;
        flow.LastWindowSet = true;
        flow.LastAck = h.Ack;
        flow.LastAckSet = true;
        flow.LastAckTimeNs = now;
        flow.LastFlags = (byte)h.Flags;
        flow.LastWasKeepAlive = a.KeepAlive;
        flow.LastWasZeroWindowProbe = zeroWindowProbe;
        flow.LastSegmentTimeNs = now;
        a.ZeroWindowProbe = zeroWindowProbe;
        _ = keepAliveAck;

        if (trackAcks && rev.TryAck(h.Ack, out uint ackedFrame, out long ackedTime))
        {
            a.HasAcksFrame = true;
            a.AcksFrame = ackedFrame;
            a.AckRttNs = now - ackedTime;
        }

        if (trackAcks && seglen > 0 && flow.UnackedCount > 0 && flow.ValidBytesInFlight)
        {
            uint inFlight = flow.UnackedSpan();
            if (inFlight > 0 && inFlight < 2_000_000_000)
            {
                a.HasBytesInFlight = true;
                a.BytesInFlight = inFlight;
            }

            bool psh = h.Has(TcpHeader.Psh);
            flow.PushBytesSent = psh || flow.PushSetLast ? (psh && !flow.PushSetLast ? flow.PushBytesSent + (uint)seglen : (uint)seglen) : flow.PushBytesSent + (uint)seglen;
            flow.PushSetLast = psh;
            a.HasPushBytes = true;
            a.PushBytes = flow.PushBytesSent;
        }
    }

    private void AddAnalysis(in Analysis a, TcpConversation conv)
    {
        var t = _tree;
        bool any = a.HasAcksFrame || a.HasBytesInFlight || a.HasPushBytes || a.AnyFlag;
        if (!any)
        {
            return;
        }

        int node = t.Open(_f.Analysis, 0, 0, 0, NodeFlags.Generated);
        t.SetLabel(node, "SEQ/ACK analysis");
        if (a.HasAcksFrame)
        {
            t.AddFrameNumber(_f.AnalysisAcksFrame, 0, 0, a.AcksFrame, NodeFlags.Generated);
            t.AddTime(_f.AnalysisAckRtt, 0, 0, a.AckRttNs, NodeFlags.Generated);
        }

        if (conv.InitialRttNs > 0)
        {
            t.AddTime(_f.AnalysisInitialRtt, 0, 0, conv.InitialRttNs, NodeFlags.Generated);
        }

        if (a.HasBytesInFlight)
        {
            t.AddUInt(_f.AnalysisBytesInFlight, 0, 0, a.BytesInFlight, NodeFlags.Generated);
        }

        if (a.HasPushBytes)
        {
            t.AddUInt(_f.AnalysisPushBytesSent, 0, 0, a.PushBytes, NodeFlags.Generated);
        }

        if (a.AnyFlag)
        {
            int flags = t.Open(_f.AnalysisFlags, 0, 0, 0, NodeFlags.Generated);
            t.SetLabel(flags, "TCP Analysis Flags");
            if (a.ReusedPorts)
            {
                t.AddExpert(_f.ReusedPorts, 0, 0);
            }
            if (a.Retransmission)
            {
                t.AddExpert(_f.Retransmission, 0, 0);
                t.AddTime(_f.AnalysisRto, 0, 0, a.RtoNs, NodeFlags.Generated);
                t.AddFrameNumber(_f.AnalysisRtoFrame, 0, 0, a.RtoFrame, NodeFlags.Generated);
            }

            if (a.FastRetransmission)
            {
                // A fast retransmission is also listed as a retransmission.
                t.AddExpert(_f.FastRetransmission, 0, 0);
                t.AddExpert(_f.Retransmission, 0, 0);
            }

            if (a.SpuriousRetransmission)
            {
                t.AddExpert(_f.SpuriousRetransmission, 0, 0);
            }

            if (a.OutOfOrder)
            {
                t.AddExpert(_f.OutOfOrder, 0, 0);
            }

            if (a.LostSegment)
            {
                t.AddExpert(_f.LostSegment, 0, 0);
            }

            if (a.AckLostSegment)
            {
                t.AddExpert(_f.AckLostSegment, 0, 0);
            }

            if (a.KeepAlive)
            {
                t.AddExpert(_f.KeepAlive, 0, 0);
            }

            if (a.KeepAliveAck)
            {
                t.AddExpert(_f.KeepAliveAck, 0, 0);
            }

            if (a.ZeroWindowProbe)
            {
                t.AddExpert(_f.ZeroWindowProbe, 0, 0);
            }

            if (a.WindowUpdate)
            {
                t.AddExpert(_f.WindowUpdate, 0, 0);
            }

            if (a.ZeroWindow)
            {
                t.AddExpert(_f.ZeroWindow, 0, 0);
            }

            if (a.WindowFull)
            {
                t.AddExpert(_f.WindowFull, 0, 0);
            }

            if (a.DuplicateAck)
            {
                // tshark adds a plain item under this name here, and the expert item further down.
                int d = t.AddNone(_f.DuplicateAck.Field, 0, 0, NodeFlags.Generated);
                t.SetLabel(d, "This is a TCP duplicate ack");
            }

            t.Close(flags);
        }

        if (a.DuplicateAck)
        {
            t.AddUInt(_f.AnalysisDuplicateAckNum, 0, 0, a.DuplicateAckNum, NodeFlags.Generated);
            int df = t.AddFrameNumber(_f.AnalysisDuplicateAckFrame, 0, 0, a.DuplicateAckFrame, NodeFlags.Generated);
            t.Reopen(df);
            t.AddExpert(_f.DuplicateAck, 0, 0, $"Duplicate ACK (#{a.DuplicateAckNum})");
            t.Close(df);
        }

        t.Close(node);
    }

    private static string CompletenessText(TcpCompleteness c)
    {
        const TcpCompleteness Hs = TcpCompleteness.Syn | TcpCompleteness.SynAck | TcpCompleteness.Ack;
        return (byte)c switch
        {
            (byte)TcpCompleteness.Syn => "Incomplete, SYN_SENT",
            (byte)(TcpCompleteness.Syn | TcpCompleteness.SynAck) => "Incomplete, CLIENT_ESTABLISHED",
            (byte)Hs => "Incomplete, ESTABLISHED",
            (byte)(Hs | TcpCompleteness.Data) => "Incomplete, DATA",
            (byte)(Hs | TcpCompleteness.Data | TcpCompleteness.Fin)
                or (byte)(Hs | TcpCompleteness.Data | TcpCompleteness.Rst)
                or (byte)(Hs | TcpCompleteness.Data | TcpCompleteness.Fin | TcpCompleteness.Rst) => "Complete, WITH_DATA",
            (byte)(Hs | TcpCompleteness.Fin)
                or (byte)(Hs | TcpCompleteness.Rst)
                or (byte)(Hs | TcpCompleteness.Fin | TcpCompleteness.Rst) => "Complete, NO_DATA",
            _ => "Incomplete",
        };
    }

    // ---- flags and options --------------------------------------------------------------------

    private static readonly string s_flagLetters = "RRRNCEUAPRSF";

    private void AddFlags(in TcpHeader h, bool fin, bool rst, bool syn, bool ack, TcpConversation conv, in TcpFlow flow, in TcpFlow rev)
    {
        var t = _tree;
        ulong raw = BinaryPrimitives.ReadUInt16BigEndian(_tree.SourceBytes(t.CurrentSource).Slice(t.CurrentBase + 12, 2));
        int node = t.Open(_f.Flags, 12, 2, h.Flags);
        if (node >= 0 && Text)
        {
            Span<char> names = stackalloc char[64];
            int n = FlagNames(h.Flags, names);
            t.SetLabel(node, $"Flags: 0x{h.Flags:x3} ({names[..n]})");
        }

        t.AddBool(_f.FlagsRes, 12, 2, raw);
        t.AddBool(_f.FlagsAe, 12, 2, raw);
        t.AddBool(_f.FlagsCwr, 12, 2, raw);
        t.AddBool(_f.FlagsEce, 12, 2, raw);
        t.AddBool(_f.FlagsUrg, 12, 2, raw);
        t.AddBool(_f.FlagsAck, 12, 2, raw);
        t.AddBool(_f.FlagsPush, 12, 2, raw);
        int rn = t.Wants(_f.FlagsReset) ? t.Open(_f.FlagsReset, 12, 2, rst ? 1UL : 0UL) : -1;
        if (rst)
        {
            t.AddExpert(_f.ConnectionRst, 12, 2);
        }

        if (rn >= 0 || t.Wants(_f.FlagsReset))
        {
            t.Close(rn);
        }

        int sn = t.Wants(_f.FlagsSyn) ? t.Open(_f.FlagsSyn, 12, 2, syn ? 1UL : 0UL) : -1;
        if (syn)
        {
            ushort serverPort = conv.Info.Server.Port;
            t.AddExpert(ack ? _f.ConnectionSynAck : _f.ConnectionSyn, 12, 2,
                ack ? $"Connection establish acknowledge (SYN+ACK): server port {serverPort}"
                    : $"Connection establish request (SYN): server port {serverPort}");
        }

        if (sn >= 0 || t.Wants(_f.FlagsSyn))
        {
            t.Close(sn);
        }

        int fn = t.Wants(_f.FlagsFin) ? t.Open(_f.FlagsFin, 12, 2, fin ? 1UL : 0UL) : -1;
        if (fin)
        {
            t.AddExpert(_f.ConnectionFin, 12, 2);
        }

        if (fn >= 0 || t.Wants(_f.FlagsFin))
        {
            t.Close(fn);
        }

        int fsNode = -1;
        if (t.Wants(_f.FlagsStr))
        {
            Span<char> str = stackalloc char[12];
            for (int i = 0; i < 12; i++)
            {
                str[i] = (h.Flags & (1 << (11 - i))) != 0 ? s_flagLetters[i] : '\u00b7';
            }

            fsNode = t.AddGeneratedString(_f.FlagsStr, 12, 2, str, NodeFlags.Generated);
            t.Reopen(fsNode);
        }
        else
        {
            t.Reopen(-1);
        }

        // tshark hangs the closing experts under the flags string.
        if (fin && !flow.FinSeen)
        {
            t.AddExpert(rev.FinSeen ? _f.ConnectionFinPassive : _f.ConnectionFinActive, 12, 2);
        }

        t.Close(fsNode);

        t.Close(node);
    }

    private static int FlagNames(ushort flags, Span<char> dest)
    {
        int n = 0;
        void Add(string s, Span<char> d)
        {
            if (n > 0)
            {
                d[n++] = ',';
                d[n++] = ' ';
            }

            s.CopyTo(d[n..]);
            n += s.Length;
        }

        if ((flags & TcpHeader.Fin) != 0)
        {
            Add("FIN", dest);
        }

        if ((flags & TcpHeader.Syn) != 0)
        {
            Add("SYN", dest);
        }

        if ((flags & TcpHeader.Rst) != 0)
        {
            Add("RST", dest);
        }

        if ((flags & TcpHeader.Psh) != 0)
        {
            Add("PSH", dest);
        }

        if ((flags & TcpHeader.AckFlag) != 0)
        {
            Add("ACK", dest);
        }

        if ((flags & TcpHeader.Urg) != 0)
        {
            Add("URG", dest);
        }

        if ((flags & TcpHeader.Ece) != 0)
        {
            Add("ECE", dest);
        }

        if ((flags & TcpHeader.Cwr) != 0)
        {
            Add("CWR", dest);
        }

        if ((flags & TcpHeader.Ae) != 0)
        {
            Add("AE", dest);
        }

        if ((flags & 0xE00) != 0)
        {
            Add("Reserved", dest);
        }

        if (n == 0)
        {
            "<None>".CopyTo(dest);
            n = 6;
        }

        return n;
    }

    private static void ParseOptionValues(ReadOnlySpan<byte> opts, ref TcpHeader h)
    {
        int o = 0;
        while (o < opts.Length)
        {
            byte kind = opts[o];
            if (kind == 0)
            {
                return;
            }

            if (kind == 1)
            {
                o++;
                continue;
            }

            if (o + 1 >= opts.Length)
            {
                return;
            }

            int len = opts[o + 1];
            if (len < 2 || o + len > opts.Length)
            {
                return;
            }

            switch (kind)
            {
                case 2 when len == 4:
                    h.Mss = BinaryPrimitives.ReadUInt16BigEndian(opts[(o + 2)..]);
                    break;
                case 3 when len == 3:
                    h.WindowScale = opts[o + 2];
                    break;
                case 4 when len == 2:
                    h.SackPermitted = true;
                    break;
                case 5 when (len - 2) % 8 == 0:
                    for (int b = 0; b < (len - 2) / 8 && h.SackCount < 4; b++)
                    {
                        h.Sack[h.SackCount * 2] = BinaryPrimitives.ReadUInt32BigEndian(opts[(o + 2 + (b * 8))..]);
                        h.Sack[(h.SackCount * 2) + 1] = BinaryPrimitives.ReadUInt32BigEndian(opts[(o + 6 + (b * 8))..]);
                        h.SackCount++;
                    }

                    break;
                case 8 when len == 10:
                    h.HasTimestamps = true;
                    h.TsVal = BinaryPrimitives.ReadUInt32BigEndian(opts[(o + 2)..]);
                    h.TsEcr = BinaryPrimitives.ReadUInt32BigEndian(opts[(o + 6)..]);
                    break;
                default:
                    break;
            }

            o += len;
        }
    }

    /*
     *  TCP options: kind 0 (EOL) and 1 (NOP) are one byte; every other option is kind, length, data.
     */
    private void AddOptions(ReadOnlySpan<byte> opts, int baseOffset, bool syn, in TcpFlow flow, in TcpFlow peer)
    {
        var t = _tree;
        int node = t.Open(_f.Options, baseOffset, opts.Length);
        if (node >= 0 && Text)
        {
            _scratch.Clear();
            _scratch.Append("Options: ("u8);
            _scratch.Append(opts.Length);
            _scratch.Append(" bytes)"u8);
            int p = 0;
            while (p < opts.Length)
            {
                byte k = opts[p];
                int l = k is 0 or 1 ? 1 : (p + 1 < opts.Length ? opts[p + 1] : 0);
                if (l < 1 || p + l > opts.Length)
                {
                    break;
                }

                _scratch.Append(", "u8);
                _scratch.Append(OptionShortName(k));
                p += l;
                if (k == 0)
                {
                    break;
                }
            }

            t.SetLabelUtf8(node, _scratch.Span);
        }

        int o = 0;
        while (o < opts.Length)
        {
            byte kind = opts[o];
            int off = baseOffset + o;
            if (kind == 0)
            {
                int e = t.Open(_f.OptionsEol, off, 1);
                t.SetLabel(e, "TCP Option - End of Option List (EOL)");
                t.AddUInt(_f.OptionKind, off, 1, kind);
                t.Close(e);
                return;
            }

            if (kind == 1)
            {
                int np = t.Open(_f.OptionsNop, off, 1);
                t.SetLabel(np, "TCP Option - No-Operation (NOP)");
                t.AddUInt(_f.OptionKind, off, 1, kind);
                t.Close(np);
                o++;
                continue;
            }

            int len = o + 1 < opts.Length ? opts[o + 1] : 0;
            if (len < 2 || o + len > opts.Length)
            {
                t.AddExpert(_f.OptionLenInvalid, off, opts.Length - o);
                break;
            }

            switch (kind)
            {
                case 2 when len == 4:
                    {
                        ushort mss = BinaryPrimitives.ReadUInt16BigEndian(opts[(o + 2)..]);
                        int n = t.Open(_f.OptionsMss, off, len);
                        if (n >= 0 && Text)
                        {
                            t.SetLabel(n, $"TCP Option - Maximum segment size: {mss} bytes");
                        }

                        t.AddUInt(_f.OptionKind, off, 1, kind);
                        t.AddUInt(_f.OptionLen, off + 1, 1, (uint)len);
                        t.AddUInt(_f.OptionsMssVal, off + 2, 2, mss);
                        t.Close(n);
                        break;
                    }

                case 3 when len == 3:
                    {
                        byte shift = opts[o + 2];
                        int n = t.Open(_f.OptionsWscale, off, len);
                        if (n >= 0 && Text)
                        {
                            t.SetLabel(n, $"TCP Option - Window scale: {shift} (multiply by {1 << Math.Min((int)shift, 14)})");
                        }

                        t.AddUInt(_f.OptionKind, off, 1, kind);
                        t.AddUInt(_f.OptionLen, off + 1, 1, (uint)len);
                        t.AddUInt(_f.OptionsWscaleShift, off + 2, 1, shift);
                        t.AddUInt(_f.OptionsWscaleMultiplier, off + 2, 1, 1u << Math.Min((int)shift, 14), NodeFlags.Generated);
                        t.Close(n);
                        break;
                    }

                case 4 when len == 2:
                    {
                        int n = t.Open(_f.OptionsSackPerm, off, len);
                        t.SetLabel(n, "TCP Option - SACK permitted");
                        t.AddUInt(_f.OptionKind, off, 1, kind);
                        t.AddUInt(_f.OptionLen, off + 1, 1, (uint)len);
                        t.Close(n);
                        break;
                    }

                case 5 when (len - 2) % 8 == 0:
                    {
                        int n = t.Open(_f.OptionsSack, off, len);
                        int blocks = (len - 2) / 8;
                        // SACK edges acknowledge the peer's data: shown relative to the peer's base.
                        uint peerBase = peer.BaseSet ? peer.BaseSeq : 0;
                        if (n >= 0 && Text)
                        {
                            _scratch.Clear();
                            _scratch.Append("TCP Option - SACK"u8);
                            for (int b = 0; b < blocks; b++)
                            {
                                int bo = o + 2 + (b * 8);
                                _scratch.Append((byte)' ');
                                _scratch.Append(BinaryPrimitives.ReadUInt32BigEndian(opts[bo..]) - peerBase);
                                _scratch.Append((byte)'-');
                                _scratch.Append(BinaryPrimitives.ReadUInt32BigEndian(opts[(bo + 4)..]) - peerBase);
                            }

                            t.SetLabelUtf8(n, _scratch.Span);
                        }

                        t.AddUInt(_f.OptionKind, off, 1, kind);
                        t.AddUInt(_f.OptionLen, off + 1, 1, (uint)len);
                        for (int b = 0; b < blocks; b++)
                        {
                            int bo = o + 2 + (b * 8);
                            uint le = BinaryPrimitives.ReadUInt32BigEndian(opts[bo..]) - peerBase;
                            uint re = BinaryPrimitives.ReadUInt32BigEndian(opts[(bo + 4)..]) - peerBase;
                            int ln = t.AddUInt(_f.OptionsSackLe, baseOffset + bo, 4, le);
                            if (ln >= 0 && Text)
                            {
                                t.SetLabel(ln, $"left edge = {le} (relative)");
                            }

                            int rn = t.AddUInt(_f.OptionsSackRe, baseOffset + bo + 4, 4, re);
                            if (rn >= 0 && Text)
                            {
                                t.SetLabel(rn, $"right edge = {re} (relative)");
                            }
                        }

                        t.AddUInt(_f.OptionsSackCount, off, 0, (uint)blocks, NodeFlags.Generated);
                        t.Close(n);
                        break;
                    }

                case 8 when len == 10:
                    {
                        uint tsval = BinaryPrimitives.ReadUInt32BigEndian(opts[(o + 2)..]);
                        uint tsecr = BinaryPrimitives.ReadUInt32BigEndian(opts[(o + 6)..]);
                        int n = t.Open(_f.OptionsTimestamp, off, len);
                        if (n >= 0 && Text)
                        {
                            t.SetLabel(n, $"TCP Option - Timestamps: TSval {tsval}, TSecr {tsecr}");
                        }

                        t.AddUInt(_f.OptionKind, off, 1, kind);
                        t.AddUInt(_f.OptionLen, off + 1, 1, (uint)len);
                        t.AddUInt(_f.OptionsTimestampTsval, off + 2, 4, tsval);
                        t.AddUInt(_f.OptionsTimestampTsecr, off + 6, 4, tsecr);
                        t.Close(n);
                        break;
                    }

                default:
                    {
                        int n = t.Open(_f.OptionKind, off, len, kind);
                        t.AddUInt(_f.OptionLen, off + 1, 1, (uint)len);
                        if (len > 2)
                        {
                            t.AddBytes(_f.OptionsUnknownPayload, off + 2, len - 2);
                        }

                        t.Close(n);
                        break;
                    }
            }

            o += len;
        }

        t.Close(node);
        _ = syn;
        _ = flow;
    }

    private static string OptionShortName(byte kind) => kind switch
    {
        0 => "End of Option List (EOL)",
        1 => "No-Operation (NOP)",
        2 => "Maximum segment size",
        3 => "Window scale",
        4 => "SACK permitted",
        5 => "SACK",
        8 => "Timestamps",
        30 => "Multipath TCP",
        34 => "TCP Fast Open",
        _ => "Unknown",
    };

    // ---- Info column ------------------------------------------------------------------------------

    private void SetBaseInfo(in TcpHeader h, in Analysis a, int payloadLength, in TcpFlow peer)
    {
        if (!_cols.Enabled)
        {
            return;
        }

        _infoLength = 0;
        // Analysis prefix, kept behind a fence so upper protocols replace only the rest.
        if (a.ReusedPorts)
        {
            AppendInfo("[TCP Port numbers reused] ");
        }

        if (a.Retransmission)
        {
            AppendInfo("[TCP Retransmission] ");
        }

        if (a.FastRetransmission)
        {
            AppendInfo("[TCP Fast Retransmission] ");
        }

        if (a.SpuriousRetransmission)
        {
            AppendInfo("[TCP Spurious Retransmission] ");
        }

        if (a.OutOfOrder)
        {
            AppendInfo("[TCP Out-Of-Order] ");
        }

        if (a.LostSegment)
        {
            AppendInfo("[TCP Previous segment not captured] ");
        }

        if (a.AckLostSegment)
        {
            AppendInfo("[TCP ACKed unseen segment] ");
        }

        if (a.KeepAlive)
        {
            AppendInfo("[TCP Keep-Alive] ");
        }

        if (a.KeepAliveAck)
        {
            AppendInfo("[TCP Keep-Alive ACK] ");
        }

        if (a.ZeroWindowProbe)
        {
            AppendInfo("[TCP ZeroWindowProbe] ");
        }

        if (a.WindowUpdate)
        {
            AppendInfo("[TCP Window Update] ");
        }

        if (a.WindowFull)
        {
            AppendInfo("[TCP Window Full] ");
        }

        if (a.ZeroWindow)
        {
            AppendInfo("[TCP ZeroWindow] ");
        }

        if (a.DuplicateAck)
        {
            AppendInfo("[TCP Dup ACK ");
            AppendNumber(a.DuplicateAckFrame);
            AppendInfo("#");
            AppendNumber(a.DuplicateAckNum);
            AppendInfo("] ");
        }

        _cols.ClearInfo();
        _cols.AppendInfo(_info.AsSpan(0, _infoLength));
        _cols.SetFence();
        _infoLength = 0;
        AppendNumber(h.SourcePort);
        AppendInfo(" → ");
        AppendNumber(h.DestinationPort);
        AppendInfo(" [");
        Span<char> names = stackalloc char[64];
        int n = FlagNames(h.Flags, names);
        AppendInfo(names[..n]);
        AppendInfo("] Seq=");
        AppendNumber(a.RelSeq);
        if (h.Has(TcpHeader.AckFlag))
        {
            AppendInfo(" Ack=");
            AppendNumber(a.RelAck);
        }

        AppendInfo(" Win=");
        AppendNumber((uint)a.CalculatedWindow);
        AppendInfo(" Len=");
        AppendNumber((uint)payloadLength);
        if (h.Mss >= 0)
        {
            AppendInfo(" MSS=");
            AppendNumber((uint)h.Mss);
        }

        if (h.SackPermitted)
        {
            AppendInfo(" SACK_PERM");
        }

        if (h.HasTimestamps)
        {
            AppendInfo(" TSval=");
            AppendNumber(h.TsVal);
            AppendInfo(" TSecr=");
            AppendNumber(h.TsEcr);
        }

        if (h.WindowScale >= 0)
        {
            AppendInfo(" WS=");
            AppendNumber(1u << Math.Min(h.WindowScale, 14));
        }

        if (h.SackCount > 0)
        {
            // SACK edges acknowledge the peer's bytes: relative to the peer's base.
            uint peerBase = peer.BaseSet ? peer.BaseSeq : 0;
            for (int b = 0; b < h.SackCount; b++)
            {
                AppendInfo(" SLE=");
                AppendNumber(h.Sack[b * 2] - peerBase);
                AppendInfo(" SRE=");
                AppendNumber(h.Sack[(b * 2) + 1] - peerBase);
            }
        }
        FlushInfo();
    }

    private void AppendInfo(ReadOnlySpan<char> s)
    {
        int n = Math.Min(s.Length, _info.Length - _infoLength);
        s[..n].CopyTo(_info.AsSpan(_infoLength));
        _infoLength += n;
    }

    private void AppendNumber(uint v)
    {
        if (v.TryFormat(_info.AsSpan(_infoLength), out int w, default, CultureInfo.InvariantCulture))
        {
            _infoLength += w;
        }
    }

    private void FlushInfo()
    {
        if (_infoLength > 0)
        {
            _cols.AppendInfo(_info.AsSpan(0, _infoLength));
            _infoLength = 0;
        }
    }

    private void AddShort(int length)
    {
        _damage.ShortFrames++;
        int n = _tree.Open(_core.Ws.Short, 0, length);
        _tree.SetLabel(n, "[Packet size limited during capture: TCP truncated]");
        _tree.Close(n);
    }

    // ---- IPduHandler ------------------------------------------------------------------------------

    /// <inheritdoc/>
    public bool OnPdu(ReadOnlySpan<byte> pdu, byte source, int offset, long streamOffset, ReadOnlySpan<SegmentRef> segments, byte[]? adoptable = null)
    {
        bool adopted = false;
        var conv = _conv!;
        var t = _tree;
        byte savedSource = t.CurrentSource;
        int savedBase = t.CurrentBase;
        if (source == HalfStream.Transient)
        {
            if (segments.Length > 1 || (segments.Length == 1 && segments[0].Frame != _frame))
            {
                AddReassembledSegments(segments, pdu.Length);
            }

            // The stream's buffer becomes the source when it is given up (no copy of the PDU).
            byte? kept = adoptable is null ? null : t.AdoptSource("Reassembled TCP", adoptable, pdu.Length);
            adopted = kept.HasValue;
            source = kept ?? t.AddSource("Reassembled TCP", pdu);
            offset = 0;
            if (t.Wants(_f.ReassembledData))
            {
                // Already added inside the segments subtree when shown.
            }
        }

        t.SetSource(source, offset);
        _ctx.Conversation = conv.Info;
        _ctx.PduIndexInFrame = _pdusThisFrame;
        _ctx.StreamOffset = streamOffset;
        _ctx.PduInFrame = source != HalfStream.Transient && segments.IsEmpty;
        string name = conv.Module?.Name ?? "data";
        _decoder.PushProtocol(name);
        int depth = t.Depth;
        var direction = conv.Half(_sender).Direction;
        try
        {
            conv.Dissector!.Dissect(_ctx, pdu, direction);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            t.CloseTo(depth);
            _damage.DissectorBugs++;
            _damage.Malformed++;
            int m = t.Open(_core.Ws.Malformed, 0, pdu.Length);
            t.SetLabel(m, "[Malformed Packet: dissector bug]");
            t.AddExpert(_core.Ws.DissectorBug, 0, pdu.Length, "Dissector bug: " + ex.GetType().Name + ": " + ex.Message);
            t.Close(m);
        }

        t.CloseTo(depth);
        _pdusThisFrame++;
        t.SetSource(savedSource, savedBase);
        return adopted;
    }

    private void AddReassembledSegments(ReadOnlySpan<SegmentRef> segments, int total)
    {
        var t = _tree;
        if (!t.Wants(_f.Segments) && !t.Wants(_f.Segment) && !t.Wants(_f.SegmentCount) && !t.Wants(_f.ReassembledLength))
        {
            return;
        }

        int node = t.Open(_f.Segments, 0, 0, 0, NodeFlags.None);
        if (node >= 0 && Text)
        {
            _scratch.Clear();
            _scratch.Append(segments.Length);
            _scratch.Append(" Reassembled TCP Segments ("u8);
            _scratch.Append(total);
            _scratch.Append(" bytes): "u8);
            for (int i = 0; i < segments.Length; i++)
            {
                if (i > 0)
                {
                    _scratch.Append(", "u8);
                }

                _scratch.Append((byte)'#');
                _scratch.Append(segments[i].Frame);
                _scratch.Append((byte)'(');
                _scratch.Append(segments[i].Length);
                _scratch.Append((byte)')');
                if (_scratch.Length > 200 && i + 1 < segments.Length)
                {
                    _scratch.Append(", ..."u8);
                    break;
                }
            }

            t.SetLabelUtf8(node, _scratch.Span);
        }

        for (int i = 0; i < segments.Length; i++)
        {
            int s = t.AddFrameNumber(_f.Segment, 0, 0, segments[i].Frame);
            if (s >= 0 && Text)
            {
                t.SetLabel(s, $"Frame: {segments[i].Frame}, payload: {SegmentStart(segments, i)}-{SegmentStart(segments, i) + segments[i].Length - 1} ({segments[i].Length} bytes)");
            }
        }

        t.AddUInt(_f.SegmentCount, 0, 0, (uint)segments.Length);
        t.AddUInt(_f.ReassembledLength, 0, 0, (uint)total);
        t.Close(node);
    }

    private static int SegmentStart(ReadOnlySpan<SegmentRef> segments, int index)
    {
        int start = 0;
        for (int i = 0; i < index; i++)
        {
            start += segments[i].Length;
        }

        return start;
    }

    /// <inheritdoc/>
    public void OnUnparsed(ReadOnlySpan<byte> data, byte source, int offset, string reason)
    {
        var t = _tree;
        if (data.IsEmpty)
        {
            return;
        }

        byte savedSource = t.CurrentSource;
        int savedBase = t.CurrentBase;
        if (source == HalfStream.Transient)
        {
            source = t.AddSource("Reassembled TCP", data);
            offset = 0;
        }

        t.SetSource(source, offset);
        _decoder.PushProtocol("data");
        _decoder.AddData(0, data.Length, data);
        if (reason.Length > 0)
        {
            t.AddExpert(_f.ReassemblyGap, 0, data.Length, $"{data.Length} bytes not dissected: {reason}");
        }

        t.SetSource(savedSource, savedBase);
    }

    /// <inheritdoc/>
    public void OnSkipped(int length, byte source, int offset)
    {
        if (length <= 0)
        {
            return;
        }

        var t = _tree;
        byte savedSource = t.CurrentSource;
        int savedBase = t.CurrentBase;
        if (source != HalfStream.Transient)
        {
            t.SetSource(source, offset);
            _decoder.PushProtocol("data");
            _decoder.AddData(0, length, default);
        }

        t.SetSource(savedSource, savedBase);
    }

    /// <inheritdoc/>
    public void OnNotMine(string reason)
    {
        var conv = _conv!;
        conv.Dissector = null;
        conv.Module = null;
        conv.Decided = true;
        _ = reason;
    }

    /// <inheritdoc/>
    public void OnDropped(long length, string reason)
    {
        _damage.BudgetDrops += reason.Contains("limit", StringComparison.Ordinal) ? 1 : 0;
        ExpertDef e = reason.Contains("limit", StringComparison.Ordinal) ? _f.ReassemblyBudget : _f.ReassemblyGap;
        _tree.AddExpert(e, 0, 0, $"{length} bytes dropped: {reason}");
    }
}
