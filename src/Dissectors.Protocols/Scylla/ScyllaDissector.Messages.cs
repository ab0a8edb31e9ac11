using Dissectors.Core.Dissection;

namespace Dissectors.Protocols.Scylla;

/// <summary>Negotiation, request, response and stream frames.</summary>
internal sealed partial class ScyllaDissector
{
    /// <summary>
    /// Negotiation frame (each side sends one right after connecting; a server leaves out what it declines).
    /// <code>
    ///  | "SSTARRPC" (8) | len u32 | { feature u32 | flen u32 | data[flen] }* |
    ///  COMPRESS 0: algorithm names (offer: comma-separated; reply: the choice)   TIMEOUT 1: no data
    ///  CONNECTION_ID 2: u64   STREAM_PARENT 3: u64   ISOLATION 4: u32 len + cookie   HANDLER_DURATION 5: no data
    /// </code>
    /// </summary>
    private void DissectNegotiation(DissectContext ctx, ReadOnlySpan<byte> pdu, Direction direction, ScyllaConversation.DirectionState ds)
    {
        var t = ctx.Tree;
        ds.Negotiated = true;
        bool server = direction == Direction.ToClient;
        if (server)
        {
            _c.ServerNegotiated = true;
        }
        else
        {
            _c.ClientNegotiated = true;
        }

        int neg = t.Open(ctx.Core.Ws.Text, 0, pdu.Length);
        if (neg >= 0 && t.WantsText)
        {
            t.SetLabelUtf8(neg, "Protocol negotiation"u8);
        }

        t.AddBytes(_f.NegotiationMagic, 0, 8);
        uint size = ScyllaHeader.U32(pdu, 8);
        t.AddUInt(_f.NegotiationSize, 8, 4, size);
        // tshark: the feature records as one scylla.payload too (so filters on it keep working).
        t.AddBytes(_f.Payload, ScyllaHeader.NegotiationHeaderSize, pdu.Length - ScyllaHeader.NegotiationHeaderSize);
        var features = ScyllaFeatures.None;
        int off = ScyllaHeader.NegotiationHeaderSize;
        while (off < pdu.Length)
        {
            if (pdu.Length - off < 8)
            {
                ctx.Expert(_e.Truncated, off, pdu.Length - off);
                break;
            }

            uint number = ScyllaHeader.U32(pdu, off);
            uint flen = ScyllaHeader.U32(pdu, off + 4);
            if (flen > pdu.Length - off - 8)
            {
                int bad = t.Open(_f.Feature, off, pdu.Length - off);
                t.AddUInt(_f.FeatureNumber, off, 4, number);
                t.AddUInt(_f.FeatureLen, off + 4, 4, flen);
                ctx.Expert(_e.Truncated, off + 4, 4);
                t.Close(bad);
                break;
            }

            int d = off + 8;
            int len = (int)flen;
            var data = pdu.Slice(d, len);
            int node = t.Open(_f.Feature, off, 8 + len);
            if (node >= 0 && t.WantsText)
            {
                t.SetLabel(node, ScyllaValues.Feature.TryGetName(number, out string fname) ? fname : "Unknown feature");
            }

            t.AddUInt(_f.FeatureNumber, off, 4, number);
            t.AddUInt(_f.FeatureLen, off + 4, 4, flen);
            if (len > 0)
            {
                t.AddBytes(_f.FeatureData, d, len);
            }

            switch (number)
            {
                case ScyllaHeader.FeatureCompress:
                    features |= ScyllaFeatures.Compress;
                    t.AddBytes(_f.Compression, d, len);
                    if (server)
                    {
                        _c.Compression = ChooseCompression(data);
                    }

                    break;
                case ScyllaHeader.FeatureTimeout:
                    features |= ScyllaFeatures.Timeout;
                    break;
                case ScyllaHeader.FeatureConnectionId when len >= 8:
                    features |= ScyllaFeatures.ConnectionId;
                    t.AddUInt(_f.ConnectionId, d, 8, ScyllaHeader.U64(data, 0));
                    break;
                case ScyllaHeader.FeatureStreamParent when len >= 8:
                    features |= ScyllaFeatures.StreamParent;
                    t.AddUInt(_f.StreamParent, d, 8, ScyllaHeader.U64(data, 0));
                    _c.IsStream = true;
                    break;
                case ScyllaHeader.FeatureIsolation when len >= 4:
                    features |= ScyllaFeatures.Isolation;
                    uint clen = ScyllaHeader.U32(data, 0);
                    t.AddUInt(_f.IsolationCookieLen, d, 4, clen);
                    if (clen <= len - 4)
                    {
                        t.AddBytes(_f.IsolationCookie, d + 4, (int)clen);
                    }
                    else
                    {
                        ctx.Expert(_e.Truncated, d, len);
                    }

                    break;
                case ScyllaHeader.FeatureHandlerDuration:
                    features |= ScyllaFeatures.HandlerDuration;
                    break;
                case ScyllaHeader.FeatureConnectionId or ScyllaHeader.FeatureStreamParent or ScyllaHeader.FeatureIsolation:
                    ctx.Expert(_e.Truncated, d, len);
                    break;
                default:
                    ctx.Expert(_e.UnknownFeature, off, 4);
                    break;
            }

            t.Close(node);
            off = d + len;
        }

        t.Close(neg);
        if (server)
        {
            _c.ServerFeatures = features;
            if ((features & ScyllaFeatures.Compress) == 0)
            {
                _c.Compression = ScyllaCompression.None;
            }
        }
        else
        {
            _c.ClientFeatures = features;
        }

        SetInfo(ctx, "Protocol negotiation"u8);
    }

    private static ScyllaCompression ChooseCompression(ReadOnlySpan<byte> name)
    {
        // The server answers with one name; a list (a server without multi-algorithm support echoing the
        // offer) is read by its first entry.
        int comma = name.IndexOf((byte)',');
        if (comma >= 0)
        {
            name = name[..comma];
        }

        return name.SequenceEqual("LZ4"u8) ? ScyllaCompression.Lz4
            : name.SequenceEqual("LZ4_FRAGMENTED"u8) ? ScyllaCompression.Lz4Fragmented
            : name.SequenceEqual("SCYLLA_V3"u8) ? ScyllaCompression.ScyllaV3
            : ScyllaCompression.Other;
    }

    /// <summary>
    /// Request (client to server).
    /// <code>
    ///  | [timeout u64 (ms) if TIMEOUT] | verb u64 | msg_id i64 | len u32 | data[len] (ScyllaDB IDL) |
    /// </code>
    /// </summary>
    private void DissectRequest(DissectContext ctx, int top, ReadOnlySpan<byte> frame)
    {
        var t = ctx.Tree;
        bool timeout = RequestShape() != HeaderShape.Plain;
        int hl = ScyllaHeader.RequestHeaderLength(timeout);
        if (frame.Length < hl)
        {
            ctx.Expert(_e.Truncated, 0, frame.Length);
            SetInfo(ctx, "Truncated request"u8);
            return;
        }

        int o = timeout ? 8 : 0;
        ulong verb = ScyllaHeader.U64(frame, o);
        ulong msgId = ScyllaHeader.U64(frame, o + 8);
        uint len = ScyllaHeader.U32(frame, o + 16);
        if (t.WantsText && top >= 0)
        {
            _text.Clear();
            _text.Append("Scylla RPC protocol, Type "u8);
            AppendVerbName(verb);
            t.SetLabelUtf8(top, _text.Span);
        }

        int req = t.Open(_f.Request, 0, hl);
        t.SetGeneratedValue(req, default);
        if (req >= 0 && t.WantsText)
        {
            _text.Clear();
            _text.Append("Header for "u8);
            AppendVerbName(verb);
            _text.Append(" (msg_id="u8);
            _text.Append(msgId);
            _text.Append((byte)')');
            t.SetLabelUtf8(req, _text.Span);
        }

        if (timeout)
        {
            t.AddUInt(_f.Timeout, 0, 8, ScyllaHeader.U64(frame, 0));
        }

        t.AddUInt(_f.Verb, o, 8, verb);
        t.AddUInt(_f.MsgId, o + 8, 8, msgId);
        t.AddUInt(_f.Len, o + 16, 4, len);
        if (_c.RequestShapeInferred)
        {
            _c.RequestShapeInferred = false;
            ctx.Expert(_e.HeaderInferred, 0, hl);
        }

        if (verb >= ScyllaValues.VerbCount)
        {
            ctx.Expert(_e.UnknownVerb, o, 8);
        }

        t.Close(req);

        int bodyLength = (int)Math.Min(len, (uint)(frame.Length - hl));
        var body = frame.Slice(hl, bodyLength);
        // The Info text only when there is an Info column; the bodies append their facts to it then too.
        bool info = ctx.Columns.Enabled;
        _text.Clear();
        if (info)
        {
            _text.Append("Request "u8);
            AppendVerbName(verb);
            _text.Append(" (msg_id="u8);
            _text.Append(msgId);
        }

        switch (verb)
        {
            case ScyllaVerbs.Mutation:
                DissectMutation(ctx, body, hl);
                break;
            case ScyllaVerbs.ReadData:
                DissectReadData(ctx, body, hl);
                break;
            // tshark shows these bodies as one scylla.payload: it stays (so filters and -e output match
            // tshark's), and the decoded fields come after it.
            case ScyllaVerbs.ReadDigest or ScyllaVerbs.ReadMutationData:
                t.AddBytes(_f.Payload, hl, bodyLength);
                DissectReadCommand(ctx, body, hl);
                break;
            case ScyllaVerbs.HintMutation:
                t.AddBytes(_f.Payload, hl, bodyLength);
                DissectMutation(ctx, body, hl, restAsPayload: false);
                break;
            case ScyllaVerbs.CounterMutation:
                t.AddBytes(_f.Payload, hl, bodyLength);
                DissectCounterMutation(ctx, body, hl);
                break;
            case ScyllaVerbs.MutationDone or ScyllaVerbs.MutationFailed:
                t.AddBytes(_f.Payload, hl, bodyLength);
                DissectMutationDone(ctx, body, hl, failed: verb == ScyllaVerbs.MutationFailed);
                break;
            case ScyllaVerbs.GossipDigestSyn or ScyllaVerbs.GossipDigestAck or ScyllaVerbs.GossipDigestAck2:
                t.AddBytes(_f.Payload, hl, bodyLength);
                DissectGossip(ctx, body, hl, verb);
                break;
            default:
                t.AddBytes(_f.Payload, hl, bodyLength);
                break;
        }

        if (bodyLength < len)
        {
            ctx.Expert(_e.Truncated, frame.Length, 0);
        }

        if (info)
        {
            _text.Append((byte)')');
        }

        uint frameNo = ctx.Frame.Number;
        if (ScyllaHeader.ResponseExpected(verb) && msgId <= long.MaxValue)
        {
            if (ctx.Frame.SecondPass)
            {
                if (_m.ResponseLinks.TryGetValue(frameNo, out uint response))
                {
                    t.AddFrameNumber(_f.RequestResponse, 0, 0, response, NodeFlags.Generated);
                }
                else
                {
                    ctx.Expert(_e.ResponseMissing, 0, hl);
                }
            }

            _c.Requests.AddRequest((long)msgId, frameNo, ctx.Frame.TimestampNs, tag: (int)Math.Min(verb, int.MaxValue));
        }

        if (info)
        {
            PutInfo(ctx);
        }
    }

    /// <summary>
    /// Response (server to client); a negative msg_id is an exception for request -msg_id.
    /// <code>
    ///  | msg_id i64 | len u32 | [handler_duration u32 (us) if HANDLER_DURATION] | data[len] |
    ///  exception data: | type u32 | len u32 | USER: msg_len u32 + message | UNKNOWN_VERB: verb u64 |
    /// </code>
    /// </summary>
    private void DissectResponse(DissectContext ctx, int top, ReadOnlySpan<byte> frame)
    {
        var t = ctx.Tree;
        bool duration = ResponseShape() == HeaderShape.Extended;
        int hl = ScyllaHeader.ResponseHeaderLength(duration);
        if (frame.Length < hl)
        {
            ctx.Expert(_e.Truncated, 0, frame.Length);
            SetInfo(ctx, "Truncated response"u8);
            return;
        }

        long id = ScyllaHeader.I64(frame, 0);
        uint len = ScyllaHeader.U32(frame, 8);
        long key = id < 0 && id != long.MinValue ? -id : id;
        bool exception = id < 0;
        bool matched = _c.Requests.TryMatchResponse(key, ctx.Frame.Number, ctx.Frame.TimestampNs, out var tx);
        ulong verb = matched ? (ulong)tx.Tag : 0;

        int resp = t.Open(_f.Response, 0, hl);
        t.SetGeneratedValue(resp, default);
        if (resp >= 0 && t.WantsText)
        {
            _text.Clear();
            _text.Append("Response"u8);
            if (matched)
            {
                _text.Append(" (msg_id="u8);
                _text.Append((ulong)id);
                _text.Append(", "u8);
                AppendVerbName(verb);
                _text.Append((byte)')');
            }

            t.SetLabelUtf8(resp, _text.Span);
        }

        // tshark: the id is shown as the unsigned 64-bit value, also for exceptions.
        t.AddUInt(_f.MsgId, 0, 8, (ulong)id);
        t.AddUInt(_f.ResponseSize, 8, 4, len);
        if (duration)
        {
            t.AddUInt(_f.HandlerDuration, 12, 4, ScyllaHeader.U32(frame, 12));
        }

        int bodyLength = (int)Math.Min(len, (uint)(frame.Length - hl));
        t.AddBytes(_f.Payload, hl, bodyLength);
        if (matched)
        {
            t.AddUInt(_f.Verb, hl + bodyLength, 0, verb, NodeFlags.Generated);
        }

        if (_c.ResponseShapeInferred)
        {
            _c.ResponseShapeInferred = false;
            ctx.Expert(_e.HeaderInferred, 0, hl);
        }

        t.Close(resp);
        if (matched)
        {
            t.AddFrameNumber(_f.ResponseRequest, 0, 0, tx.RequestFrame, NodeFlags.Generated);
            t.AddTime(_f.ResponseTime, 0, 0, ctx.Frame.TimestampNs - tx.RequestTimeNs, NodeFlags.Generated);
            if (_m.RecordResponseLinks && !ctx.Frame.SecondPass)
            {
                _m.ResponseLinks[tx.RequestFrame] = ctx.Frame.Number;
            }
        }

        bool info = ctx.Columns.Enabled;
        _text.Clear();
        if (info)
        {
            if (matched)
            {
                _text.Append("Response for "u8);
                AppendVerbName(verb);
            }
            else
            {
                _text.Append("Response for unknown packet"u8);
            }

            _text.Append(" (msg_id="u8);
            _text.Append(key);
        }

        if (exception)
        {
            DissectException(ctx, frame.Slice(hl, bodyLength), hl);
        }

        if (info)
        {
            _text.Append((byte)')');
        }

        if (bodyLength < len)
        {
            ctx.Expert(_e.Truncated, frame.Length, 0);
        }

        if (info)
        {
            PutInfo(ctx);
        }
    }

    private void DissectException(DissectContext ctx, ReadOnlySpan<byte> body, int bodyOffset)
    {
        var t = ctx.Tree;
        int node = t.Open(_f.Exception, bodyOffset, body.Length);
        if (body.Length < 8)
        {
            ctx.Expert(_e.Truncated, bodyOffset, body.Length);
            t.Close(node);
            return;
        }

        uint type = ScyllaHeader.U32(body, 0);
        uint len = ScyllaHeader.U32(body, 4);
        t.AddUInt(_f.ExceptionType, bodyOffset, 4, type);
        t.AddUInt(_f.ExceptionLen, bodyOffset + 4, 4, len);
        var data = body[8..];
        if (type == ScyllaHeader.ExceptionUser && data.Length >= 4)
        {
            uint mlen = ScyllaHeader.U32(data, 0);
            int n = (int)Math.Min(mlen, (uint)(data.Length - 4));
            t.AddBytes(_f.ExceptionMessage, bodyOffset + 12, n);
            if (ctx.Columns.Enabled)
            {
                _text.Append(", exception USER: "u8);
                _text.Append(data.Slice(4, Math.Min(n, 80)));
            }

            if (n < mlen)
            {
                ctx.Expert(_e.Truncated, bodyOffset + 8, 4);
            }
        }
        else if (type == ScyllaHeader.ExceptionUnknownVerb && data.Length >= 8)
        {
            ulong verb = ScyllaHeader.U64(data, 0);
            t.AddUInt(_f.ExceptionVerb, bodyOffset + 8, 8, verb);
            if (ctx.Columns.Enabled)
            {
                _text.Append(", exception UNKNOWN_VERB "u8);
                AppendVerbName(verb);
            }
        }
        else
        {
            if (ctx.Columns.Enabled)
            {
                _text.Append(", exception"u8);
            }

            if (type > ScyllaHeader.ExceptionUnknownVerb)
            {
                t.AddBytes(_f.Payload, bodyOffset + 8, data.Length);
            }
            else
            {
                ctx.Expert(_e.Truncated, bodyOffset + 8, data.Length);
            }
        }

        t.Close(node);
    }

    /// <summary>
    /// Stream frame (on a STREAM_PARENT connection, doc/rpc-streaming.md).
    /// <code>
    ///  | len u32 | data[len] |      len 0xffffffff: end of stream, no data
    /// </code>
    /// </summary>
    private void DissectStreamFrame(DissectContext ctx, ReadOnlySpan<byte> frame)
    {
        var t = ctx.Tree;
        if (frame.Length < 4)
        {
            ctx.Expert(_e.Truncated, 0, frame.Length);
            return;
        }

        uint len = ScyllaHeader.U32(frame, 0);
        t.AddUInt(_f.StreamingLength, 0, 4, len);
        _text.Clear();
        if (len == ScyllaHeader.EndOfStream)
        {
            t.AddNone(_f.StreamingEnd, 0, 4);
            _text.Append("Stream end"u8);
        }
        else
        {
            int n = (int)Math.Min(len, (uint)(frame.Length - 4));
            t.AddBytes(_f.StreamingData, 4, n);
            if (n < len)
            {
                ctx.Expert(_e.Truncated, frame.Length, 0);
            }

            _text.Append("Stream frame ("u8);
            _text.Append(len);
            _text.Append(" bytes)"u8);
        }

        if (ctx.Columns.Enabled)
        {
            PutInfo(ctx);
        }
    }
}
