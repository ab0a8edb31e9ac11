// Tarantool iproto, the binary protocol of Tarantool 1.6+ (tarantool src/box/iproto_constants.h, xrow.c,
// iproto.cc; docs "Binary protocol" and "Understanding the binary protocol").
// Default port 3301 (the Lua plugin's default); a heuristic (greeting prefix, or a 0xce length and a header
// map) finds it elsewhere; -d tcp.port==N,tarantool forces it.
// Framing: the server first sends a 128-byte text greeting; then each message is a MsgPack unsigned length
// (any uint encoding) followed by that many bytes: a header map and an optional body map.
//
// Differences from tshark: tshark 4.0 has no Tarantool dissector (these frames are plain TCP there). Field
// names follow the Tarantool Lua plugin (tarantool/tarantool-dissector) for its six fields (tnt.type,
// tnt.request, tnt.sync, tnt.schema_version, tnt.stream_id, tnt.response); the rest are dissect's own.
using Dissectors.Core.Buffers;
using Dissectors.Core.Dissection;
using Dissectors.Protocols.Common;

namespace Dissectors.Protocols.Tarantool;

/// <summary>The Tarantool dissector of one TCP conversation.</summary>
internal sealed partial class TarantoolDissector : IStreamDissector
{
    private const string ReasonLength = "not an iproto message (the length is not a MsgPack unsigned integer)";
    private const string ReasonTooLong = "iproto length above the limit";

    private readonly TarantoolModule _m;
    private readonly TarantoolFields _f;
    private readonly TarantoolExpert _e;
    private readonly Utf8Builder _text;
    private readonly Utf8Builder _info;

    /// <summary>Open requests by sync (a CHUNK keeps its request open; OK or an error closes it).</summary>
    private readonly Dictionary<ulong, Transaction> _open = [];

    /// <summary>Greeting state of the server → client direction: 0 = not yet decided, 1 = seen, 2 = none (mid-connection).</summary>
    private int _greeting;
    private uint _infoFrame;
    private int _valueNodes;

    public TarantoolDissector(TarantoolModule module)
    {
        _m = module;
        _f = module.Fields;
        _e = module.Expert;
        _text = module.Text;
        _info = module.Info;
    }

    /// <summary>Pooling: nothing here depends on the conversation, so the state simply starts over.</summary>
    public bool TryReuse(Dissectors.Core.Conversations.ConversationInfo conversation)
    {
        _open.Clear();
        _greeting = 0;
        _infoFrame = 0;
        _valueNodes = 0;
        _lastRequestType = -1;
        return true;
    }

    // ---- framing --------------------------------------------------------------------------------

    public PduLength GetPduLength(ReadOnlySpan<byte> buffer, Direction direction)
    {
        if (buffer.IsEmpty)
        {
            return PduLength.NeedMore(1);
        }

        if (direction == Direction.ToClient && _greeting == 0)
        {
            int g = TarantoolFraming.IsGreetingStart(buffer);
            if (g < 0)
            {
                return PduLength.NeedMore(TarantoolFraming.GreetingPrefix.Length);
            }

            if (g > 0)
            {
                return PduLength.Complete(TarantoolLimits.GreetingSize);
            }

            _greeting = 2;
        }

        int pl = TarantoolFraming.PrefixLength(buffer, out ulong length);
        if (pl < 0)
        {
            return PduLength.NeedMore(1 + (1 << (buffer[0] - 0xcc)));
        }

        if (pl == 0)
        {
            return PduLength.Invalid(ReasonLength);
        }

        if (length > TarantoolLimits.MaxPacketBytes)
        {
            return PduLength.Invalid(ReasonTooLong);
        }

        return PduLength.Complete(pl + (long)length);
    }

    public void OnGap(Direction direction, long lostBytes)
    {
    }

    public int Resync(ReadOnlySpan<byte> data, Direction direction)
    {
        for (int i = 0; i < data.Length; i++)
        {
            var rest = data[i..];
            if (direction == Direction.ToClient && _greeting != 1 && TarantoolFraming.IsGreetingStart(rest) > 0)
            {
                _greeting = 0;
                return i;
            }

            int p = TarantoolFraming.IsPlausibleMessage(rest, TarantoolLimits.MaxPacketBytes);
            if (p > 0 || (p < 0 && rest[0] == 0xce))
            {
                return i;
            }
        }

        return -1;
    }

    public void DissectUnparsed(DissectContext context, ReadOnlySpan<byte> data, Direction direction)
    {
    }

    // ---- PDUs -----------------------------------------------------------------------------------

    public void Dissect(DissectContext context, ReadOnlySpan<byte> pdu, Direction direction)
    {
        context.Columns.Protocol = "Tarantool";
        _valueNodes = 0;
        if (direction == Direction.ToClient && _greeting == 0 && pdu.Length == TarantoolLimits.GreetingSize
            && TarantoolFraming.IsGreetingStart(pdu) > 0)
        {
            _greeting = 1;
            DissectGreeting(context, pdu);
            return;
        }

        var t = context.Tree;
        int top = t.Open(_f.Protocol, 0, pdu.Length);
        DissectMessage(context, pdu, direction);
        t.Close(top);
    }

    /// <summary>
    /// The greeting.
    /// <code>
    ///  0                                                              63 64                                                127
    ///  | "Tarantool 2.6.0 (Binary) 7ea8b8b8-...-uuid" padded with ' '  \n | base64 salt (44 chars) padded with ' '          \n |
    /// </code>
    /// </summary>
    private void DissectGreeting(DissectContext ctx, ReadOnlySpan<byte> g)
    {
        var t = ctx.Tree;
        int top = t.Open(_f.Protocol, 0, g.Length);
        int node = t.Open(_f.Greeting, 0, g.Length);
        var line1 = g[..TarantoolLimits.GreetingLineSize];
        var line2 = g.Slice(TarantoolLimits.GreetingLineSize, TarantoolLimits.GreetingLineSize);
        if (line1[^1] != (byte)'\n' || line2[^1] != (byte)'\n')
        {
            ctx.Expert(_e.BadGreeting, 0, g.Length);
        }

        // Line 1: "Tarantool" SP version [SP "(" protocol ")"] [SP uuid]
        int p = TarantoolFraming.GreetingPrefix.Length;
        int versionStart = p;
        int end = line1.Length - 1;
        while (end > p && line1[end - 1] is (byte)' ' or (byte)'\n' or 0)
        {
            end--;
        }

        int sp = NextSpace(line1, p, end);
        var version = line1[versionStart..sp];
        t.AddBytes(_f.GreetingVersion, versionStart, sp - versionStart);
        int cur = sp + 1;
        ReadOnlySpan<byte> protocol = default;
        if (cur < end && line1[cur] == (byte)'(')
        {
            int close = line1[cur..end].IndexOf((byte)')');
            if (close > 0)
            {
                protocol = line1.Slice(cur + 1, close - 1);
                t.AddBytes(_f.GreetingProtocol, cur, close + 1, cur + 1, close - 1);
                cur += close + 2;
            }
        }

        if (cur < end)
        {
            int uend = NextSpace(line1, cur, end);
            if (uend - cur == 36)
            {
                t.AddBytes(_f.InstanceUuid, cur, uend - cur);
            }
        }

        int saltEnd = line2.IndexOfAny((byte)' ', (byte)'\n');
        if (saltEnd < 0)
        {
            saltEnd = line2.Length;
        }

        t.AddBytes(_f.GreetingSalt, TarantoolLimits.GreetingLineSize, saltEnd);
        t.Close(node);
        t.Close(top);

        if (ctx.Columns.Enabled)
        {
            _info.Clear();
            _info.Append("Greeting Tarantool "u8);
            _info.Append(version);
            if (!protocol.IsEmpty)
            {
                _info.Append(" ("u8);
                _info.Append(protocol);
                _info.Append((byte)')');
            }

            PutInfo(ctx, _info.Span);
        }
    }

    private static int NextSpace(ReadOnlySpan<byte> s, int from, int end)
    {
        int i = s[from..end].IndexOf((byte)' ');
        return i < 0 ? end : from + i;
    }

    /// <summary>What the header said, for the body and the Info column.</summary>
    private struct Msg
    {
        public bool HasType;
        public ulong Type;
        public bool HasSync;
        public ulong Sync;
        public bool Response;
        public bool HasSpace;
        public ulong Space;
        public int ErrorMessageOffset;
        public int ErrorMessageLength;
        public int TextOffset;
        public int TextLength;
        public bool HasStmt;
        public bool HasLsn;
        public bool HasVclockSync;
        public bool HasVclock;
        public bool HasTimestamp;
        public ulong Lsn;
        public ulong ReplicaId;
        public ulong Stmt;
    }

    /// <summary>
    /// One message.
    /// <code>
    ///  | length (MsgPack uint) | header: map { REQUEST_TYPE: uint, SYNC: uint, SCHEMA_VERSION: uint, ... } | body: map { key: value ... } |
    /// </code>
    /// </summary>
    private void DissectMessage(DissectContext ctx, ReadOnlySpan<byte> pdu, Direction direction)
    {
        var t = ctx.Tree;
        var r = new MsgPackReader(pdu);
        var lr = r.TryRead(out var lenTok);
        if (lr != MsgPackResult.Success || !lenTok.TryGetUInt64(out ulong length))
        {
            ctx.Expert(_e.BadLength, 0, pdu.Length);
            return;
        }

        t.AddUInt(_f.Size, 0, lenTok.HeaderLength, length);
        var msg = default(Msg);

        // Header
        int headerStart = r.Offset;
        var hr = r.TryReadMapHeader(out int hcount);
        if (hr != MsgPackResult.Success)
        {
            if (hr == MsgPackResult.TokenMismatch)
            {
                ctx.Expert(_e.HeaderNotMap, headerStart, pdu.Length - headerStart);
            }
            else
            {
                Diagnose(ctx, pdu, headerStart, hr);
            }

            SetInfo(ctx, direction, in msg, pdu);
            return;
        }

        int hnode = t.Open(_f.Header, headerStart, 0);
        bool ok = DissectHeader(ctx, ref r, hcount, ref msg);
        t.Close(hnode, r.Offset);
        if (msg.HasType)
        {
            msg.Response = TarantoolValues.IsResponse(msg.Type);
        }

        if ((msg.Type & TarantoolValues.ErrorFlag) != 0)
        {
            t.AddUInt(_f.ErrorCode, 0, 0, msg.Type & 0x7FFF, NodeFlags.Generated);
            ctx.Expert(_e.ErrorResponse, headerStart, r.Offset - headerStart);
        }

        MatchTransaction(ctx, direction, ref msg);

        // Body
        if (ok && !r.IsEnd)
        {
            int bodyStart = r.Offset;
            var br = r.TryReadMapHeader(out int bcount);
            if (br != MsgPackResult.Success)
            {
                if (br == MsgPackResult.TokenMismatch)
                {
                    ctx.Expert(_e.BodyNotMap, bodyStart, pdu.Length - bodyStart);
                }
                else
                {
                    Diagnose(ctx, pdu, bodyStart, br);
                }

            }
            else
            {
                int bnode = t.Open(_f.Body, bodyStart, 0);
                ok = DissectBody(ctx, ref r, bcount, ref msg);
                t.Close(bnode, r.Offset);
                if (ok && !r.IsEnd)
                {
                    ctx.Expert(_e.TrailingBytes, r.Offset, r.Remaining);
                }
            }
        }

        SetInfo(ctx, direction, in msg, pdu);
    }

    private bool DissectHeader(DissectContext ctx, ref MsgPackReader r, int count, ref Msg msg)
    {
        var t = ctx.Tree;
        for (int i = 0; i < count; i++)
        {
            int keyOff = r.Offset;
            var kr = r.TryReadUInt(out ulong key);
            if (kr != MsgPackResult.Success)
            {
                ReportRead(ctx, kr, keyOff, r.Remaining, _e.BadMsgPack);
                return false;
            }

            int off = r.Offset;
            var vr = r.TryPeek(out var v);
            if (vr != MsgPackResult.Success)
            {
                Diagnose(ctx, r.Data, off, vr);
                return false;
            }

            bool isUInt = v.TryGetUInt64(out ulong u);
            var field = key switch
            {
                0x00 => _f.Type,
                0x01 => _f.Sync,
                0x02 => _f.ReplicaId,
                0x03 => _f.Lsn,
                0x05 => _f.SchemaVersion,
                0x06 => _f.ServerVersion,
                0x07 => _f.GroupId,
                0x08 => _f.Tsn,
                0x09 => _f.Flags,
                0x0a => _f.StreamId,
                0x0b => _f.ThreadId,
                _ => default,
            };

            if (key == 0x04 && v.Type is MsgPackType.Float64 or MsgPackType.Float32)
            {
                r.TryRead(out _);
                msg.HasTimestamp = true;
                t.AddDouble(_f.Timestamp, off, v.TokenLength, v.Double);
                continue;
            }

            if (!field.IsValid || !isUInt)
            {
                if (!field.IsValid)
                {
                    t.AddUInt(_f.UnknownKey, keyOff, off - keyOff, key);
                }

                if (!AddValue(ctx, ref r, _f.Value))
                {
                    return false;
                }

                continue;
            }

            r.TryRead(out _);
            int len = v.TokenLength;
            switch (key)
            {
                case 0x00:
                    msg.HasType = true;
                    msg.Type = u;
                    int tn = t.AddUInt(_f.Type, off, len, u & 0xFFFF);
                    if (tn >= 0 && u > 0xFFFF)
                    {
                        ctx.Expert(_e.BadMsgPack, off, len, "Request type does not fit 16 bits");
                    }

                    bool response = TarantoolValues.IsResponse(u);
                    if (!response && TarantoolValues.RequestName(u) is { } name && t.Wants(_f.Request))
                    {
                        t.AddGeneratedString(_f.Request, off, len, name);
                    }

                    t.AddBool(_f.Response, off, len, response ? 1UL : 0UL, NodeFlags.Generated);
                    break;
                case 0x01:
                    msg.HasSync = true;
                    msg.Sync = u;
                    t.AddUInt(_f.Sync, off, len, u);
                    break;
                case 0x09:
                    int fnode = t.AddUInt(_f.Flags, off, len, u);
                    t.Reopen(fnode);
                    t.AddBool(_f.FlagCommit, off, len, u);
                    t.AddBool(_f.FlagWaitSync, off, len, u);
                    t.AddBool(_f.FlagWaitAck, off, len, u);
                    t.Close(fnode);
                    break;
                default:
                    if (key == 0x03)
                    {
                        msg.HasLsn = true;
                        msg.Lsn = u;
                    }
                    else if (key == 0x02)
                    {
                        msg.ReplicaId = u;
                    }

                    t.AddUInt(field, off, len, u);
                    break;
            }
        }

        return true;
    }

    /// <summary>Request/response matching by sync: requests go client → server, answers come back with the same sync.</summary>
    private void MatchTransaction(DissectContext ctx, Direction direction, ref Msg msg)
    {
        if (!msg.HasSync || !msg.HasType)
        {
            return;
        }

        var t = ctx.Tree;
        uint frame = ctx.Frame.Number;
        if (msg.Response)
        {
            if (direction == Direction.ToClient && _open.TryGetValue(msg.Sync, out var req))
            {
                t.AddFrameNumber(_f.ResponseTo, 0, 0, req.RequestFrame, NodeFlags.Generated);
                t.AddTime(_f.ResponseTime, 0, 0, ctx.Frame.TimestampNs - req.RequestTimeNs, NodeFlags.Generated);
                if (TarantoolValues.TypeName((ulong)req.Tag) is { } name && t.Wants(_f.RequestOf))
                {
                    t.AddGeneratedString(_f.RequestOf, 0, 0, name);
                }

                if (_m.RecordResponseLinks && !ctx.Frame.SecondPass)
                {
                    _m.ResponseLinks.TryAdd((req.RequestFrame, msg.Sync), frame);
                }

                if (msg.Type != TarantoolValues.Chunk)
                {
                    _open.Remove(msg.Sync);
                }

                _lastRequestType = req.Tag;
            }
            else
            {
                _lastRequestType = -1;
            }

            return;
        }

        if (direction != Direction.ToServer)
        {
            return;
        }

        if (ctx.Frame.SecondPass && _m.ResponseLinks.TryGetValue((frame, msg.Sync), out uint response))
        {
            t.AddFrameNumber(_f.ResponseIn, 0, 0, response, NodeFlags.Generated);
        }

        if (_open.Count >= TarantoolLimits.MaxOpenRequests)
        {
            // Requests nobody answered (a capture of one direction): forget them rather than grow.
            _open.Clear();
        }

        _open[msg.Sync] = new Transaction
        {
            RequestFrame = frame,
            RequestTimeNs = ctx.Frame.TimestampNs,
            Tag = (int)msg.Type,
        };
    }

    private int _lastRequestType = -1;

    /// <summary>Turns a failed read of a key or header into the expert item that says why (values go through Diagnose).</summary>
    private void ReportRead(DissectContext ctx, MsgPackResult result, int offset, int length, Dissectors.Core.Expert.ExpertDef mismatch)
    {
        var def = result == MsgPackResult.TokenMismatch ? mismatch : _e.Truncated;
        ctx.Expert(def, offset, Math.Max(0, length));
    }

    /// <summary>The first message of a frame replaces the Info text; later ones are appended.</summary>
    private void PutInfo(DissectContext ctx, ReadOnlySpan<byte> text)
    {
        var cols = ctx.Columns;
        if (_infoFrame != ctx.Frame.Number)
        {
            _infoFrame = ctx.Frame.Number;
            cols.SetInfo(text);
        }
        else
        {
            cols.Info.Append(" | "u8);
            cols.Info.Append(text);
        }
    }

    private void SetInfo(DissectContext ctx, Direction direction, in Msg msg, ReadOnlySpan<byte> pdu)
    {
        if (!ctx.Columns.Enabled)
        {
            return;
        }

        var s = _info;
        s.Clear();
        if (!msg.HasType)
        {
            s.Append(msg.Response ? "Response"u8 : "Message"u8);
        }
        else if ((msg.Type & TarantoolValues.ErrorFlag) != 0)
        {
            s.Append("ERROR "u8);
            s.Append(msg.Type & 0x7FFF);
        }
        else if (TarantoolValues.TypeName(msg.Type) is { } name)
        {
            s.Append(name);
        }
        else
        {
            s.Append("Type "u8);
            s.Append(msg.Type);
        }

        if (!msg.Response)
        {
            if (msg.HasSpace)
            {
                s.Append(" space="u8);
                s.Append(msg.Space);
            }

            if (msg.HasStmt)
            {
                s.Append(" stmt_id=0x"u8);
                s.Append(msg.Stmt, "x");
            }

            if (msg.TextLength > 0)
            {
                s.Append(' ');
                AppendShort(s, pdu.Slice(msg.TextOffset, msg.TextLength));
            }
        }

        if (msg.HasLsn)
        {
            s.Append(" replica="u8);
            s.Append(msg.ReplicaId);
            s.Append(" lsn="u8);
            s.Append(msg.Lsn);
        }

        if (!msg.HasSync && msg.HasType && msg.Type == TarantoolValues.Ok && (msg.HasVclockSync || msg.HasVclock || msg.HasTimestamp))
        {
            // Replication: relay → applier heartbeats are sync-less OK rows (a timestamp, VCLOCK_SYNC in newer
            // versions); applier → relay acks carry a VCLOCK.
            s.Append(msg.HasVclock ? " vclock ack"u8 : " heartbeat"u8);
        }

        if (msg.HasSync)
        {
            s.Append(" sync="u8);
            s.Append(msg.Sync);
        }

        if (msg.Response && _lastRequestType >= 0 && TarantoolValues.TypeName((ulong)_lastRequestType) is { } req)
        {
            s.Append(" ("u8);
            s.Append(req);
            s.Append((byte)')');
        }

        if (msg.ErrorMessageLength > 0)
        {
            s.Append(": "u8);
            AppendShort(s, pdu.Slice(msg.ErrorMessageOffset, msg.ErrorMessageLength));
        }

        _lastRequestType = -1;
        PutInfo(ctx, s.Span);
    }

    /// <summary>Text shortened to <see cref="TarantoolLimits.InfoTextChars"/> bytes, control characters and runs of spaces collapsed.</summary>
    private static void AppendShort(Utf8Builder s, ReadOnlySpan<byte> text)
    {
        int written = 0;
        bool space = false;
        int i = 0;
        for (; i < text.Length && written < TarantoolLimits.InfoTextChars; i++)
        {
            byte b = text[i];
            if (b <= 0x20)
            {
                space = written > 0;
                continue;
            }

            if (space)
            {
                s.Append((byte)' ');
                written++;
                space = false;
            }

            s.Append(b);
            written++;
        }

        // Do not cut a UTF-8 sequence in half.
        while (i < text.Length && (text[i] & 0xC0) == 0x80)
        {
            s.Append(text[i++]);
        }

        if (i < text.Length)
        {
            s.Append("…"u8);
        }
    }
}
