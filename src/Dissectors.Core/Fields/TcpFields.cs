using Dissectors.Core.Expert;

namespace Dissectors.Core.Fields;

/// <summary>TCP fields.</summary>
public sealed class TcpFields
{
    public TcpFields(FieldRegistry r)
    {
        Protocol = r.AddProtocol("tcp", "Transmission Control Protocol", "TCP");
        Srcport = r.Add("tcp.srcport", "Source Port", FieldType.UInt16, FieldBase.PortTcp);
        Dstport = r.Add("tcp.dstport", "Destination Port", FieldType.UInt16, FieldBase.PortTcp);
        Port = r.Add("tcp.port", "Source or Destination Port", FieldType.UInt16, FieldBase.PortTcp);
        Stream = r.Add("tcp.stream", "Stream index", FieldType.UInt32, FieldBase.Dec);
        Completeness = r.Add("tcp.completeness", "Conversation completeness", FieldType.UInt8, FieldBase.Custom, blurb: "The completeness of the conversation capture");
        Len = r.Add("tcp.len", "TCP Segment Len", FieldType.UInt32, FieldBase.Dec);
        Seq = r.Add("tcp.seq", "Sequence Number", FieldType.UInt32, FieldBase.Dec);
        SeqRaw = r.Add("tcp.seq_raw", "Sequence Number (raw)", FieldType.UInt32, FieldBase.Dec, blurb: "This shows the raw value of the sequence number");
        Nxtseq = r.Add("tcp.nxtseq", "Next Sequence Number", FieldType.UInt32, FieldBase.Dec);
        Ack = r.Add("tcp.ack", "Acknowledgment Number", FieldType.UInt32, FieldBase.Dec);
        AckRaw = r.Add("tcp.ack_raw", "Acknowledgment number (raw)", FieldType.UInt32, FieldBase.Dec, blurb: "This shows the raw value of the acknowledgment number");
        HdrLen = r.Add("tcp.hdr_len", "Header Length", FieldType.UInt8, FieldBase.Dec, blurb: "Data offset in 32-bit words");
        Flags = r.Add("tcp.flags", "Flags", FieldType.UInt16, FieldBase.Hex, bitmask: 0xfff, blurb: "Flags (12 bits)");
        FlagsRes = r.AddBoolean("tcp.flags.res", "Reserved", bits: 12, bitmask: 0xe00, tfs: TrueFalseStrings.SetNotSet, blurb: "Three reserved bits (must be zero)");
        FlagsAe = r.AddBoolean("tcp.flags.ae", "Accurate ECN", bits: 12, bitmask: 0x100, tfs: TrueFalseStrings.SetNotSet);
        FlagsCwr = r.AddBoolean("tcp.flags.cwr", "Congestion Window Reduced", bits: 12, bitmask: 0x80, tfs: TrueFalseStrings.SetNotSet);
        FlagsEce = r.AddBoolean("tcp.flags.ece", "ECN-Echo", bits: 12, bitmask: 0x40, tfs: TrueFalseStrings.SetNotSet);
        FlagsUrg = r.AddBoolean("tcp.flags.urg", "Urgent", bits: 12, bitmask: 0x20, tfs: TrueFalseStrings.SetNotSet);
        FlagsAck = r.AddBoolean("tcp.flags.ack", "Acknowledgment", bits: 12, bitmask: 0x10, tfs: TrueFalseStrings.SetNotSet);
        FlagsPush = r.AddBoolean("tcp.flags.push", "Push", bits: 12, bitmask: 0x8, tfs: TrueFalseStrings.SetNotSet);
        FlagsReset = r.AddBoolean("tcp.flags.reset", "Reset", bits: 12, bitmask: 0x4, tfs: TrueFalseStrings.SetNotSet);
        FlagsSyn = r.AddBoolean("tcp.flags.syn", "Syn", bits: 12, bitmask: 0x2, tfs: TrueFalseStrings.SetNotSet);
        FlagsFin = r.AddBoolean("tcp.flags.fin", "Fin", bits: 12, bitmask: 0x1, tfs: TrueFalseStrings.SetNotSet);
        FlagsStr = r.Add("tcp.flags.str", "TCP Flags", FieldType.String);
        WindowSizeValue = r.Add("tcp.window_size_value", "Window", FieldType.UInt16, FieldBase.Dec, blurb: "The window size value from the TCP header");
        WindowSize = r.Add("tcp.window_size", "Calculated window size", FieldType.UInt32, FieldBase.Dec, blurb: "The scaled window size (if scaling has been used)");
        WindowSizeScalefactor = r.Add("tcp.window_size_scalefactor", "Window size scaling factor", FieldType.Int32, FieldBase.Dec, blurb: "The window size scaling factor (-1 when unknown, -2 when no scaling is used)");
        Checksum = r.Add("tcp.checksum", "Checksum", FieldType.UInt16, FieldBase.Hex, blurb: "Details at: https://www.wireshark.org/docs/wsug_html_chunked/ChAdvChecksums.html");
        ChecksumStatus = r.Add("tcp.checksum.status", "Checksum Status", FieldType.UInt8, values: CoreValues.IPv4ChecksumStatus);
        UrgentPointer = r.Add("tcp.urgent_pointer", "Urgent Pointer", FieldType.UInt16, FieldBase.Dec);
        Options = r.Add("tcp.options", "TCP Options", FieldType.Bytes);
        OptionKind = r.Add("tcp.option_kind", "Kind", FieldType.UInt8, FieldBase.Dec, values: CoreValues.TcpOptionKind, blurb: "This TCP option's kind");
        OptionLen = r.Add("tcp.option_len", "Length", FieldType.UInt8, FieldBase.Dec, blurb: "Length of this TCP option in bytes (including kind and length fields)");
        OptionsNop = r.AddProtocol("tcp.options.nop", "TCP Option - No-Operation (NOP)", "No-Operation (NOP)", nameOnlyParent: Protocol);
        OptionsEol = r.AddProtocol("tcp.options.eol", "TCP Option - End of Option List (EOL)", "End of Option List (EOL)", nameOnlyParent: Protocol);
        OptionsMss = r.AddProtocol("tcp.options.mss", "TCP Option - Maximum segment size", "Maximum segment size", nameOnlyParent: Protocol);
        OptionsMssVal = r.Add("tcp.options.mss_val", "MSS Value", FieldType.UInt16, FieldBase.Dec);
        OptionsWscale = r.AddProtocol("tcp.options.wscale", "TCP Option - Window scale", "Window scale", nameOnlyParent: Protocol);
        OptionsWscaleShift = r.Add("tcp.options.wscale.shift", "Shift count", FieldType.UInt8, FieldBase.Dec, blurb: "Logarithmically encoded power of 2 scale factor");
        OptionsWscaleMultiplier = r.Add("tcp.options.wscale.multiplier", "Multiplier", FieldType.UInt16, FieldBase.Dec, blurb: "Multiply segment window size by this for scaled window size");
        OptionsSackPerm = r.AddProtocol("tcp.options.sack_perm", "TCP Option - SACK permitted", "SACK permitted", nameOnlyParent: Protocol);
        OptionsSack = r.AddProtocol("tcp.options.sack", "TCP Option - SACK", "SACK", nameOnlyParent: Protocol);
        OptionsSackLe = r.Add("tcp.options.sack_le", "TCP SACK Left Edge", FieldType.UInt32, FieldBase.Dec);
        OptionsSackRe = r.Add("tcp.options.sack_re", "TCP SACK Right Edge", FieldType.UInt32, FieldBase.Dec);
        OptionsSackCount = r.Add("tcp.options.sack.count", "TCP SACK Count", FieldType.UInt8, FieldBase.Dec);
        OptionsTimestamp = r.AddProtocol("tcp.options.timestamp", "TCP Option - Timestamps", "Timestamps", nameOnlyParent: Protocol);
        OptionsTimestampTsval = r.Add("tcp.options.timestamp.tsval", "Timestamp value", FieldType.UInt32, FieldBase.Dec, blurb: "Value of sending machine's timestamp clock");
        OptionsTimestampTsecr = r.Add("tcp.options.timestamp.tsecr", "Timestamp echo reply", FieldType.UInt32, FieldBase.Dec, blurb: "Echoed timestamp from remote machine");
        OptionsUnknownPayload = r.Add("tcp.options.unknown.payload", "Payload", FieldType.Bytes);
        Analysis = r.Add("tcp.analysis", "SEQ/ACK analysis", FieldType.None, blurb: "This frame has some of the TCP analysis shown");
        AnalysisFlags = r.Add("tcp.analysis.flags", "TCP Analysis Flags", FieldType.None, blurb: "This frame has some of the TCP analysis flags set");
        AnalysisAcksFrame = r.Add("tcp.analysis.acks_frame", "This is an ACK to the segment in frame", FieldType.FrameNum, blurb: "Which previous segment is this an ACK for");
        AnalysisAckRtt = r.Add("tcp.analysis.ack_rtt", "The RTT to ACK the segment was", FieldType.RelativeTime, blurb: "How long time it took to ACK the segment (RTT)");
        AnalysisInitialRtt = r.Add("tcp.analysis.initial_rtt", "iRTT", FieldType.RelativeTime, blurb: "How long it took for the SYN to ACK handshake (iRTT)");
        AnalysisBytesInFlight = r.Add("tcp.analysis.bytes_in_flight", "Bytes in flight", FieldType.UInt32, FieldBase.Dec, blurb: "How many bytes are now in flight for this connection");
        AnalysisPushBytesSent = r.Add("tcp.analysis.push_bytes_sent", "Bytes sent since last PSH flag", FieldType.UInt32, FieldBase.Dec, blurb: "How many bytes have been sent since the last PSH flag");
        AnalysisDuplicateAckNum = r.Add("tcp.analysis.duplicate_ack_num", "Duplicate ACK #", FieldType.UInt32, FieldBase.Dec, blurb: "This is duplicate ACK number #");
        AnalysisDuplicateAckFrame = r.Add("tcp.analysis.duplicate_ack_frame", "Duplicate to the ACK in frame", FieldType.FrameNum, blurb: "This is a duplicate to the ACK in frame #");
        AnalysisRto = r.Add("tcp.analysis.rto", "The RTO for this segment was", FieldType.RelativeTime, unit: " seconds", blurb: "How long transmission was delayed before this segment was retransmitted (RTO)");
        AnalysisRtoFrame = r.Add("tcp.analysis.rto_frame", "RTO based on delta from frame", FieldType.FrameNum, blurb: "This is the frame we measure the RTO from");
        TimeRelative = r.Add("tcp.time_relative", "Time since first frame in this TCP stream", FieldType.RelativeTime, blurb: "Time relative to first frame in this TCP stream");
        TimeDelta = r.Add("tcp.time_delta", "Time since previous frame in this TCP stream", FieldType.RelativeTime, blurb: "Time delta from previous frame in this TCP stream");
        Payload = r.Add("tcp.payload", "TCP payload", FieldType.Bytes, blurb: "The TCP payload of this packet");
        PduSize = r.Add("tcp.pdu.size", "PDU Size", FieldType.UInt32, FieldBase.Dec, blurb: "The size of this PDU");
        Segment = r.Add("tcp.segment", "TCP Segment", FieldType.FrameNum);
        Segments = r.Add("tcp.segments", "Reassembled TCP Segments", FieldType.None, blurb: "TCP Segments");
        SegmentCount = r.Add("tcp.segment.count", "Segment count", FieldType.UInt32, FieldBase.Dec);
        ReassembledIn = r.Add("tcp.reassembled_in", "Reassembled PDU in frame", FieldType.FrameNum, blurb: "The PDU that doesn't end in this segment is reassembled in this frame");
        ReassembledLength = r.Add("tcp.reassembled.length", "Reassembled TCP length", FieldType.UInt32, FieldBase.Dec, blurb: "The total length of the reassembled payload");
        ReassembledData = r.Add("tcp.reassembled.data", "Reassembled TCP Data", FieldType.Bytes, blurb: "The reassembled payload");
        SegmentData = r.Add("tcp.segment_data", "TCP segment data", FieldType.Bytes, blurb: "A data segment used in reassembly of a lower-level protocol");
        Retransmission = r.AddExpert("tcp.analysis.retransmission", "This frame is a (suspected) retransmission", ExpertGroup.Sequence, ExpertSeverity.Note);
        FastRetransmission = r.AddExpert("tcp.analysis.fast_retransmission", "This frame is a (suspected) fast retransmission", ExpertGroup.Sequence, ExpertSeverity.Note);
        SpuriousRetransmission = r.AddExpert("tcp.analysis.spurious_retransmission", "This frame is a (suspected) spurious retransmission", ExpertGroup.Sequence, ExpertSeverity.Note);
        OutOfOrder = r.AddExpert("tcp.analysis.out_of_order", "This frame is a (suspected) out-of-order segment", ExpertGroup.Sequence, ExpertSeverity.Warning);
        LostSegment = r.AddExpert("tcp.analysis.lost_segment", "Previous segment(s) not captured (common at capture start)", ExpertGroup.Sequence, ExpertSeverity.Warning);
        AckLostSegment = r.AddExpert("tcp.analysis.ack_lost_segment", "ACKed segment that wasn't captured (common at capture start)", ExpertGroup.Sequence, ExpertSeverity.Warning);
        // The field first, for tshark's glossary description; the expert item then reuses it.
        r.Add("tcp.analysis.duplicate_ack", "Duplicate ACK", FieldType.None, blurb: "This is a duplicate ACK");
        DuplicateAck = r.AddExpert("tcp.analysis.duplicate_ack", "Duplicate ACK", ExpertGroup.Sequence, ExpertSeverity.Note);
        KeepAlive = r.AddExpert("tcp.analysis.keep_alive", "TCP keep-alive segment", ExpertGroup.Sequence, ExpertSeverity.Note);
        KeepAliveAck = r.AddExpert("tcp.analysis.keep_alive_ack", "ACK to a TCP keep-alive segment", ExpertGroup.Sequence, ExpertSeverity.Note);
        WindowUpdate = r.AddExpert("tcp.analysis.window_update", "TCP window update", ExpertGroup.Sequence, ExpertSeverity.Chat);
        WindowFull = r.AddExpert("tcp.analysis.window_full", "TCP window specified by the receiver is now completely full", ExpertGroup.Sequence, ExpertSeverity.Warning);
        ZeroWindowProbe = r.AddExpert("tcp.analysis.zero_window_probe", "TCP Zero Window Probe", ExpertGroup.Sequence, ExpertSeverity.Note);
        ZeroWindow = r.AddExpert("tcp.analysis.zero_window", "TCP Zero Window segment", ExpertGroup.Sequence, ExpertSeverity.Warning);
        ReusedPorts = r.AddExpert("tcp.analysis.reused_ports", "A new tcp session is started with the same ports as an earlier session in this trace", ExpertGroup.Sequence, ExpertSeverity.Note);
        ConnectionSyn = r.AddExpert("tcp.connection.syn", "Connection establish request (SYN)", ExpertGroup.Sequence, ExpertSeverity.Chat);
        ConnectionSynAck = r.AddExpert("tcp.connection.synack", "Connection establish acknowledge (SYN+ACK)", ExpertGroup.Sequence, ExpertSeverity.Chat);
        ConnectionFin = r.AddExpert("tcp.connection.fin", "Connection finish (FIN)", ExpertGroup.Sequence, ExpertSeverity.Chat);
        ConnectionFinActive = r.AddExpert("tcp.connection.fin_active", "This frame initiates the connection closing", ExpertGroup.Sequence, ExpertSeverity.Note);
        ConnectionFinPassive = r.AddExpert("tcp.connection.fin_passive", "This frame undergoes the connection closing", ExpertGroup.Sequence, ExpertSeverity.Note);
        ConnectionRst = r.AddExpert("tcp.connection.rst", "Connection reset (RST)", ExpertGroup.Sequence, ExpertSeverity.Warning);
        AckNonzero = r.AddExpert("tcp.ack.nonzero", "The acknowledgment number field is nonzero while the ACK flag is not set", ExpertGroup.Protocol, ExpertSeverity.Note);
        BadHeaderLength = r.AddExpert("tcp.bogus_header_length", "Bogus TCP Header length", ExpertGroup.Malformed, ExpertSeverity.Error);
        OptionLenInvalid = r.AddExpert("tcp.option.len.invalid", "Invalid length for option", ExpertGroup.Protocol, ExpertSeverity.Error);
        ReassemblyGap = r.AddExpert("tcp.reassembly.gap", "Bytes of this stream were not captured; the dissector resynchronised after the gap", ExpertGroup.Reassemble, ExpertSeverity.Warning);
        ReassemblyConflict = r.AddExpert("tcp.reassembly.conflict", "Retransmitted data differs from the data first seen; the first copy was kept", ExpertGroup.Reassemble, ExpertSeverity.Warning);
        ReassemblyBudget = r.AddExpert("tcp.reassembly.budget", "Reassembly memory limit reached; waiting bytes were dropped and treated as a gap", ExpertGroup.Reassemble, ExpertSeverity.Warning);
        Unfinished = r.AddExpert("tcp.reassembly.unfinished", "The capture ended inside a PDU; its bytes were shown as data", ExpertGroup.Reassemble, ExpertSeverity.Note);
    }

    public FieldId Protocol { get; }

    public FieldId Srcport { get; }

    public FieldId Dstport { get; }

    public FieldId Port { get; }

    public FieldId Stream { get; }

    public FieldId Completeness { get; }

    public FieldId Len { get; }

    public FieldId Seq { get; }

    public FieldId SeqRaw { get; }

    public FieldId Nxtseq { get; }

    public FieldId Ack { get; }

    public FieldId AckRaw { get; }

    public FieldId HdrLen { get; }

    public FieldId Flags { get; }

    public FieldId FlagsRes { get; }

    public FieldId FlagsAe { get; }

    public FieldId FlagsCwr { get; }

    public FieldId FlagsEce { get; }

    public FieldId FlagsUrg { get; }

    public FieldId FlagsAck { get; }

    public FieldId FlagsPush { get; }

    public FieldId FlagsReset { get; }

    public FieldId FlagsSyn { get; }

    public FieldId FlagsFin { get; }

    public FieldId FlagsStr { get; }

    public FieldId WindowSizeValue { get; }

    public FieldId WindowSize { get; }

    public FieldId WindowSizeScalefactor { get; }

    public FieldId Checksum { get; }

    public FieldId ChecksumStatus { get; }

    public FieldId UrgentPointer { get; }

    public FieldId Options { get; }

    public FieldId OptionKind { get; }

    public FieldId OptionLen { get; }

    public FieldId OptionsNop { get; }

    public FieldId OptionsEol { get; }

    public FieldId OptionsMss { get; }

    public FieldId OptionsMssVal { get; }

    public FieldId OptionsWscale { get; }

    public FieldId OptionsWscaleShift { get; }

    public FieldId OptionsWscaleMultiplier { get; }

    public FieldId OptionsSackPerm { get; }

    public FieldId OptionsSack { get; }

    public FieldId OptionsSackLe { get; }

    public FieldId OptionsSackRe { get; }

    public FieldId OptionsSackCount { get; }

    public FieldId OptionsTimestamp { get; }

    public FieldId OptionsTimestampTsval { get; }

    public FieldId OptionsTimestampTsecr { get; }

    public FieldId OptionsUnknownPayload { get; }

    public FieldId Analysis { get; }

    public FieldId AnalysisFlags { get; }

    public FieldId AnalysisAcksFrame { get; }

    public FieldId AnalysisAckRtt { get; }

    public FieldId AnalysisInitialRtt { get; }

    public FieldId AnalysisBytesInFlight { get; }

    public FieldId AnalysisPushBytesSent { get; }

    public FieldId AnalysisDuplicateAckNum { get; }

    public FieldId AnalysisDuplicateAckFrame { get; }

    public FieldId AnalysisRto { get; }

    public FieldId AnalysisRtoFrame { get; }

    public FieldId TimeRelative { get; }

    public FieldId TimeDelta { get; }

    public FieldId Payload { get; }

    public FieldId PduSize { get; }

    public FieldId Segment { get; }

    public FieldId Segments { get; }

    public FieldId SegmentCount { get; }

    public FieldId ReassembledIn { get; }

    public FieldId ReassembledLength { get; }

    public FieldId ReassembledData { get; }

    public FieldId SegmentData { get; }

    public ExpertDef Retransmission { get; }

    public ExpertDef FastRetransmission { get; }

    public ExpertDef SpuriousRetransmission { get; }

    public ExpertDef OutOfOrder { get; }

    public ExpertDef LostSegment { get; }

    public ExpertDef AckLostSegment { get; }

    public ExpertDef DuplicateAck { get; }

    public ExpertDef KeepAlive { get; }

    public ExpertDef KeepAliveAck { get; }

    public ExpertDef WindowUpdate { get; }

    public ExpertDef WindowFull { get; }

    public ExpertDef ZeroWindow { get; }

    public ExpertDef ZeroWindowProbe { get; }

    public ExpertDef ReusedPorts { get; }

    public ExpertDef ConnectionSyn { get; }

    public ExpertDef ConnectionSynAck { get; }

    public ExpertDef ConnectionFin { get; }

    public ExpertDef ConnectionFinActive { get; }

    public ExpertDef ConnectionFinPassive { get; }

    public ExpertDef ConnectionRst { get; }

    public ExpertDef AckNonzero { get; }

    public ExpertDef BadHeaderLength { get; }

    public ExpertDef OptionLenInvalid { get; }

    public ExpertDef ReassemblyGap { get; }

    public ExpertDef ReassemblyConflict { get; }

    public ExpertDef ReassemblyBudget { get; }

    public ExpertDef Unfinished { get; }
}
