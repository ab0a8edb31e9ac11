// ScyllaDB inter-node RPC: Seastar RPC framing (scylladb/seastar doc/rpc.md, doc/rpc-compression.md,
// doc/rpc-streaming.md) carrying ScyllaDB's verbs (scylladb/scylladb message/messaging_service.hh).
// Default port 7000 (ScyllaDB's storage_port; 7001, its TLS port, is shown as TLS: ScyllaDissector.Tls.cs); elsewhere a
// heuristic on the "SSTARRPC" negotiation magic; -d tcp.port==N,scylla as in tshark.
// Framing: each side starts with a negotiation frame (magic, u32 length, feature records); then the client
// sends requests (timeout if TIMEOUT was negotiated, verb, msg id, length) and the server responses (msg id,
// length, handler duration if negotiated); COMPRESS wraps every later frame in a u32-length compressed
// frame; STREAM_PARENT turns the connection into a stream of u32-length frames.
//
// Known differences from tshark 4.0 (deliberate):
// - tshark has no default port; dissect decodes 7000 without -d.
// - tshark tells requests from responses by the verb value (a verb above 44 or a huge length means
//   "response") and always assumes the 8-byte timeout; dissect uses the connection direction (client to
//   server carries requests) and the negotiated features, so newer verbs (RAFT_*, DIRECT_FD_PING) and
//   connections without TIMEOUT decode. All 94 verbs are named.
// - tshark shows the negotiation as raw bytes; dissect decodes the feature records (4.6 field names).
// - tshark decodes no exceptions, handler durations, compressed or stream frames; dissect does.
// - scylla.response_time is new (tshark 4.0 has no response time).
using Dissectors.Core.Buffers;
using Dissectors.Core.Conversations;
using Dissectors.Core.Dissection;
using Dissectors.Core.Pipeline;

namespace Dissectors.Protocols.Scylla;

/// <summary>The Scylla RPC dissector of one TCP conversation.</summary>
internal sealed partial class ScyllaDissector : IStreamDissector
{
    private const string ReasonTooLarge = "Scylla RPC length above the limit";
    private const string ReasonResync = "resynchronising after an impossible Scylla RPC header";
    private const string ReasonHeader = "not a plausible Scylla RPC header";
    private const string ReasonNoNegotiation = "the connection does not start with a Seastar RPC negotiation frame";
    private const string ReasonNotTls = "a connection on the TLS port that starts with neither a TLS record nor a Seastar negotiation";

    private readonly ScyllaModule _m;
    private readonly ScyllaFields _f;
    private readonly ScyllaExpert _e;
    private readonly ConversationInfo _conv;
    private readonly ScyllaConversation _c = new();
    private readonly Utf8Builder _text;
    private bool _tlsPort;
    private uint _infoFrame;

    public ScyllaDissector(ScyllaModule module, ConversationInfo conversation)
    {
        _m = module;
        _f = module.Fields;
        _e = module.Expert;
        _conv = conversation;
        _text = module.Text;
        _tlsPort = IsTlsPort(conversation);
        _toServer = _c.ToServer;
        _toClient = _c.ToClient;
        _requests = _c.Requests;
    }

    internal ScyllaConversation State => _c;

    // Objects of the conversation state, also kept here so PrefetchState can name them from this object.
    private readonly ScyllaConversation.DirectionState _toServer;
    private readonly ScyllaConversation.DirectionState _toClient;
    private readonly TransactionTable _requests;

    public void PrefetchState()
    {
        CachePrefetch.Object(_c, 1);
        CachePrefetch.Object(_toServer, 1);
        CachePrefetch.Object(_toClient, 1);
        CachePrefetch.Object(_requests, 1);
    }

    /// <summary>
    /// The server side is port 7001. Without a SYN either side may be the server, but a connection that also
    /// has port 7000 is plain RPC whose client happened to get 7001 as its ephemeral port.
    /// </summary>
    private static bool IsTlsPort(ConversationInfo c) => c.ServerSide == ServerSide.Syn
        ? c.Server.Port == ScyllaModule.TlsPort
        : (c.Server.Port == ScyllaModule.TlsPort || c.Client.Port == ScyllaModule.TlsPort)
            && c.Server.Port != ScyllaModule.DefaultPort && c.Client.Port != ScyllaModule.DefaultPort;

    private bool CompressionActive => _c.Compression != ScyllaCompression.None;

    // ---- framing --------------------------------------------------------------------------------

    public PduLength GetPduLength(ReadOnlySpan<byte> buffer, Direction direction)
    {
        var ds = _c.Of(direction);
        if (ds.ResyncPending)
        {
            ds.ResyncPending = false;
            return PduLength.Invalid(ReasonResync);
        }

        ds.HeaderOnly = false;
        if (_c.Tls || (_tlsPort && !_c.ServerNegotiated && !_c.ClientNegotiated
            && !ScyllaHeader.StartsWithMagic(buffer) && !ScyllaHeader.IsMagicPrefix(buffer)))
        {
            return TlsLength(buffer, ds);
        }

        if (!ds.Negotiated)
        {
            if (ScyllaHeader.IsMagicPrefix(buffer) || (buffer.Length < ScyllaHeader.NegotiationHeaderSize && ScyllaHeader.StartsWithMagic(buffer)))
            {
                return PduLength.NeedMore(ScyllaHeader.NegotiationHeaderSize);
            }

            if (!ScyllaHeader.StartsWithMagic(buffer) && !ds.Started && _conv.ServerSide == ServerSide.Syn)
            {
                // Seastar starts every connection with a negotiation frame: a connection seen from its SYN
                // that starts otherwise is another protocol on port 7000 (Cassandra's inter-node port too).
                return PduLength.NotMine(ReasonNoNegotiation);
            }

            if (ScyllaHeader.StartsWithMagic(buffer))
            {
                ds.Started = true;
                long len = ScyllaHeader.U32(buffer, 8);
                return len > ScyllaHeader.MaxNegotiationBytes
                    ? HeaderOnly(ds, ScyllaHeader.NegotiationHeaderSize)
                    : PduLength.Complete(ScyllaHeader.NegotiationHeaderSize + len);
            }
        }

        if (CompressionActive || _c.IsStream)
        {
            if (buffer.Length < ScyllaHeader.FrameLengthSize)
            {
                return PduLength.NeedMore(ScyllaHeader.FrameLengthSize);
            }

            uint len = ScyllaHeader.U32(buffer, 0);
            if (len == ScyllaHeader.EndOfStream && _c.IsStream && !CompressionActive)
            {
                return PduLength.Complete(ScyllaHeader.FrameLengthSize);
            }

            return len > ScyllaHeader.MaxMessageBytes
                ? HeaderOnly(ds, ScyllaHeader.FrameLengthSize)
                : PduLength.Complete(ScyllaHeader.FrameLengthSize + (long)len);
        }

        return direction == Direction.ToServer ? RequestLength(buffer, ds) : ResponseLength(buffer, ds);
    }

    private PduLength RequestLength(ReadOnlySpan<byte> buffer, ScyllaConversation.DirectionState ds)
    {
        var shape = RequestShape();
        if (shape == HeaderShape.Unknown)
        {
            if (buffer.Length < ScyllaHeader.RequestHeaderSizeWithTimeout)
            {
                return PduLength.NeedMore(ScyllaHeader.RequestHeaderSizeWithTimeout);
            }

            // No negotiation seen (the capture started later): the bytes tell whether requests carry the timeout.
            if (ScyllaHeader.IsPlausibleRequest(buffer, timeout: true))
            {
                shape = HeaderShape.Extended;
            }
            else if (ScyllaHeader.IsPlausibleRequest(buffer, timeout: false))
            {
                shape = HeaderShape.Plain;
            }
            else
            {
                return PduLength.Invalid(ReasonHeader);
            }

            _c.RequestShape = shape;
            _c.RequestShapeInferred = true;
        }

        int hl = ScyllaHeader.RequestHeaderLength(shape == HeaderShape.Extended);
        if (buffer.Length < hl)
        {
            return PduLength.NeedMore(hl);
        }

        long len = ScyllaHeader.U32(buffer, hl - 4);
        return len > ScyllaHeader.MaxMessageBytes ? HeaderOnly(ds, hl) : PduLength.Complete(hl + len);
    }

    private PduLength ResponseLength(ReadOnlySpan<byte> buffer, ScyllaConversation.DirectionState ds)
    {
        var shape = ResponseShape();
        if (shape == HeaderShape.Unknown)
        {
            // tshark: without a negotiation, responses are read without the handler duration.
            _c.ResponseShape = shape = HeaderShape.Plain;
            _c.ResponseShapeInferred = true;
        }

        int hl = ScyllaHeader.ResponseHeaderLength(shape == HeaderShape.Extended);
        if (buffer.Length < hl)
        {
            return PduLength.NeedMore(hl);
        }

        long len = ScyllaHeader.U32(buffer, 8);
        return len > ScyllaHeader.MaxMessageBytes ? HeaderOnly(ds, hl) : PduLength.Complete(hl + len);
    }

    /// <summary>Shows an impossible header on its own (with an expert item), then resynchronises.</summary>
    private static PduLength HeaderOnly(ScyllaConversation.DirectionState ds, int headerLength)
    {
        ds.HeaderOnly = true;
        return PduLength.Complete(headerLength);
    }

    private HeaderShape RequestShape()
    {
        if (_c.RequestShape != HeaderShape.Unknown)
        {
            return _c.RequestShape;
        }

        if (_c.ServerNegotiated || _c.ClientNegotiated)
        {
            return _c.Agreed(ScyllaFeatures.Timeout) ? HeaderShape.Extended : HeaderShape.Plain;
        }

        return HeaderShape.Unknown;
    }

    private HeaderShape ResponseShape()
    {
        if (_c.ResponseShape != HeaderShape.Unknown)
        {
            return _c.ResponseShape;
        }

        if (_c.ServerNegotiated || _c.ClientNegotiated)
        {
            return _c.Agreed(ScyllaFeatures.HandlerDuration) ? HeaderShape.Extended : HeaderShape.Plain;
        }

        return HeaderShape.Unknown;
    }

    public void OnGap(Direction direction, long lostBytes)
    {
        var ds = _c.Of(direction);
        ds.ResyncPending = false;
        ds.HeaderOnly = false;
        ds.Started = true;
    }

    public int Resync(ReadOnlySpan<byte> data, Direction direction)
    {
        if (_c.Tls)
        {
            return 0;
        }

        var ds = _c.Of(direction);
        for (int i = 0; i < data.Length; i++)
        {
            var rest = data[i..];
            if (!ds.Negotiated && ScyllaHeader.StartsWithMagic(rest))
            {
                return i;
            }

            long total = PlausibleLength(rest, direction);
            if (total < 0)
            {
                continue;
            }

            // A candidate whose frame ends inside the buffer must be followed by another plausible header.
            if (total >= rest.Length || PlausibleLength(rest[(int)total..], direction) >= 0 || rest.Length - total < 4)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Total length of a plausible frame at the start of <paramref name="b"/>, or -1.</summary>
    private long PlausibleLength(ReadOnlySpan<byte> b, Direction direction)
    {
        if (CompressionActive || _c.IsStream)
        {
            if (b.Length < 4)
            {
                return -1;
            }

            uint len = ScyllaHeader.U32(b, 0);
            if (_c.IsStream && len == ScyllaHeader.EndOfStream)
            {
                return 4;
            }

            return len is > 0 and <= (uint)ScyllaHeader.MaxMessageBytes ? 4 + (long)len : -1;
        }

        if (direction == Direction.ToServer)
        {
            var shape = RequestShape();
            long total = shape != HeaderShape.Plain ? PlausibleRequestLength(b, timeout: true) : -1;
            return total < 0 && shape != HeaderShape.Extended ? PlausibleRequestLength(b, timeout: false) : total;
        }

        bool duration = ResponseShape() == HeaderShape.Extended;
        if (!ScyllaHeader.IsPlausibleResponse(b, duration))
        {
            return -1;
        }

        long id = ScyllaHeader.I64(b, 0);
        // After a gap only a response to a request we saw is a safe start.
        if (!_c.Requests.TryPeek(id < 0 ? -id : id, out _))
        {
            return -1;
        }

        return ScyllaHeader.ResponseHeaderLength(duration) + (long)ScyllaHeader.U32(b, 8);
    }

    /// <summary>Total length of a plausible request with a known verb at the start of <paramref name="b"/>, or -1.</summary>
    private static long PlausibleRequestLength(ReadOnlySpan<byte> b, bool timeout)
    {
        if (!ScyllaHeader.IsPlausibleRequest(b, timeout) || ScyllaHeader.U64(b, timeout ? 8 : 0) >= ScyllaValues.VerbCount)
        {
            return -1;
        }

        int hl = ScyllaHeader.RequestHeaderLength(timeout);
        return hl + (long)ScyllaHeader.U32(b, hl - 4);
    }

    public void DissectUnparsed(DissectContext context, ReadOnlySpan<byte> data, Direction direction)
    {
    }

    public void OnEnd()
    {
    }

    public bool TryReuse(ConversationInfo conversation)
    {
        if (!ReferenceEquals(conversation, _conv))
        {
            return false;
        }

        _c.Reset();
        _tlsPort = IsTlsPort(conversation);
        _infoFrame = 0;
        return true;
    }

    // ---- PDUs -----------------------------------------------------------------------------------

    public void Dissect(DissectContext context, ReadOnlySpan<byte> pdu, Direction direction)
    {
        if (_c.Tls)
        {
            DissectTls(context, pdu);
            return;
        }

        context.Columns.Protocol = "Scylla";
        var ds = _c.Of(direction);
        var t = context.Tree;
        int top = t.Open(_f.Protocol, 0, pdu.Length);
        if (ds.HeaderOnly)
        {
            ds.HeaderOnly = false;
            ds.ResyncPending = true;
            DissectHeaderOnly(context, pdu, direction, ds);
        }
        else if (!ds.Negotiated && ScyllaHeader.StartsWithMagic(pdu))
        {
            DissectNegotiation(context, pdu, direction, ds);
        }
        else if (CompressionActive)
        {
            DissectCompressed(context, top, pdu, direction);
        }
        else
        {
            DissectFrame(context, top, pdu, direction);
        }

        t.Close(top);
    }

    /// <summary>A request, response or stream frame (uncompressed, or the output of a compressed frame).</summary>
    private void DissectFrame(DissectContext ctx, int top, ReadOnlySpan<byte> frame, Direction direction)
    {
        if (_c.IsStream)
        {
            DissectStreamFrame(ctx, frame);
        }
        else if (direction == Direction.ToServer)
        {
            DissectRequest(ctx, top, frame);
        }
        else
        {
            DissectResponse(ctx, top, frame);
        }
    }

    private void DissectHeaderOnly(DissectContext ctx, ReadOnlySpan<byte> header, Direction direction, ScyllaConversation.DirectionState ds)
    {
        var t = ctx.Tree;
        if (!ds.Negotiated && ScyllaHeader.StartsWithMagic(header))
        {
            t.AddBytes(_f.NegotiationMagic, 0, 8);
            t.AddUInt(_f.NegotiationSize, 8, 4, ScyllaHeader.U32(header, 8));
        }
        else if (CompressionActive || _c.IsStream)
        {
            t.AddUInt(CompressionActive ? _f.CompressedLength : _f.StreamingLength, 0, 4, ScyllaHeader.U32(header, 0));
        }
        else if (direction == Direction.ToServer)
        {
            int o = header.Length == ScyllaHeader.RequestHeaderSizeWithTimeout ? 8 : 0;
            if (o == 8)
            {
                t.AddUInt(_f.Timeout, 0, 8, ScyllaHeader.U64(header, 0));
            }

            t.AddUInt(_f.Verb, o, 8, ScyllaHeader.U64(header, o));
            t.AddUInt(_f.MsgId, o + 8, 8, ScyllaHeader.U64(header, o + 8));
            t.AddUInt(_f.Len, o + 16, 4, ScyllaHeader.U32(header, o + 16));
        }
        else
        {
            t.AddUInt(_f.MsgId, 0, 8, ScyllaHeader.U64(header, 0));
            t.AddUInt(_f.ResponseSize, 8, 4, ScyllaHeader.U32(header, 8));
        }

        ctx.Expert(_e.TooLarge, 0, header.Length);
        SetInfo(ctx, "Header with an impossible length"u8);
    }

    // ---- Info -----------------------------------------------------------------------------------

    private void SetInfo(DissectContext ctx, ReadOnlySpan<byte> text)
    {
        if (!ctx.Columns.Enabled)
        {
            return;
        }

        _text.Clear();
        _text.Append(text);
        PutInfo(ctx);
    }

    /// <summary>The first Scylla message of a frame replaces the Info text (tshark clears it); later ones are appended.</summary>
    private void PutInfo(DissectContext ctx)
    {
        var cols = ctx.Columns;
        if (_infoFrame != ctx.Frame.Number)
        {
            _infoFrame = ctx.Frame.Number;
            cols.SetInfo(_text.Span);
        }
        else
        {
            cols.Info.Append(" | "u8);
            cols.Info.Append(_text.Span);
        }
    }

    private void AppendVerbName(ulong verb)
    {
        if (verb <= long.MaxValue && ScyllaValues.Verb.TryGetName((long)verb, out string name))
        {
            _text.Append(name);
        }
        else
        {
            // tshark: val64_to_str's "Unknown (0x%02x)".
            _text.Append("Unknown (0x"u8);
            _text.Append(verb, "x2");
            _text.Append((byte)')');
        }
    }

    private void AppendHex(ReadOnlySpan<byte> bytes)
    {
        const string digits = "0123456789abcdef";
        foreach (byte b in bytes)
        {
            _text.Append((byte)digits[b >> 4]);
            _text.Append((byte)digits[b & 0xF]);
        }
    }
}
