using System.Buffers.Binary;
using Dissectors.Core.Dissection;
using Dissectors.Core.Fields;
using Dissectors.Protocols.Common;

namespace Dissectors.Protocols.Cql;

internal sealed partial class CqlDissector
{
    /// <summary>What the parsers of one message share.</summary>
    private struct Msg
    {
        public int Version;
        public bool Response;
        public byte Flags;
        public byte Opcode;
        public short Stream;
        public bool WantInfo;

        /// <summary>Responses: the request this answers.</summary>
        public bool HasRequest;
        public Transaction Request;

        /// <summary>Requests: what the response will need (<see cref="TagOpcodeMask"/>, <see cref="TagSkipMetadata"/>, <see cref="TagPrepared"/>).</summary>
        public int Tag;

        /// <summary>Requests: query text id, or prepared statement index when <see cref="TagPrepared"/> is set; -1 when none.</summary>
        public int Tag2;
    }

    private const int TagOpcodeMask = 0xFF;
    private const int TagSkipMetadata = 0x100;
    private const int TagPrepared = 0x200;

    /// <summary>
    /// The header and body of one frame or envelope; the tree's source/base point at its first byte.
    /// <code>
    ///  | version | flags | stream (1 or 2) | opcode | length (4) | [tracing id] [warnings] [custom payload] message |
    /// </code>
    /// </summary>
    private void DissectEnvelopeBody(DissectContext ctx, ReadOnlySpan<byte> env, Direction direction, bool headerOnly)
    {
        var t = ctx.Tree;
        byte source = t.CurrentSource;
        int bas = t.CurrentBase;
        byte vb = env[0];
        int version = vb & 0x7F;
        int hl = CqlHeader.HeaderLength(version);
        if (env.Length < hl)
        {
            ctx.Expert(_e.Truncated, 0, env.Length);
            return;
        }

        var msg = new Msg
        {
            Version = version,
            Response = (vb & 0x80) != 0,
            Flags = env[1],
            Stream = hl == CqlHeader.SizeV1 ? (sbyte)env[2] : BinaryPrimitives.ReadInt16BigEndian(env[2..]),
            Opcode = env[hl - 5],
            WantInfo = ctx.Columns.Enabled,
            Tag2 = -1,
        };
        uint length = BinaryPrimitives.ReadUInt32BigEndian(env[(hl - 4)..]);
        if (version is >= 1 and <= 6)
        {
            _c.Version = version;
        }

        AddHeader(ctx, env, hl, in msg, length);
        if (msg.WantInfo)
        {
            _text.Clear();
            _text.Append((byte)'v');
            _text.Append(version);
            _text.Append(msg.Response ? " S->C Type "u8 : " C->S Type "u8);
            if (CqlValues.Opcode.TryGetName(msg.Opcode, out string name))
            {
                _text.Append(name);
            }
            else
            {
                _text.Append("Unknown (0x"u8);
                _text.Append(msg.Opcode, "x2");
                _text.Append((byte)')');
            }
        }

        if (headerOnly)
        {
            ctx.Expert(_e.EnvelopeTooLarge, hl - 4, 4);
            if (msg.WantInfo)
            {
                _text.Append(" [impossible length]"u8);
                PutInfo(ctx, _text.Span);
            }

            return;
        }

        bool track = TracksTransactions(ctx);
        if (track)
        {
            MatchTransaction(ctx, ref msg);
        }

        if (msg.Response && version >= 5 && _c.StartupV5 && msg.Opcode is (byte)CqlOpcode.Ready or (byte)CqlOpcode.Authenticate)
        {
            // v5 §2.3.1: after READY or AUTHENTICATE answers the STARTUP, both directions carry segments
            // (from the next PDU on: this one was sized as a frame).
            _c.ToServer.Segments = true;
            _c.ToClient.Segments = true;
        }

        if (!NeedsBody(ctx, msg.Opcode))
        {
            // Nothing asks for anything inside the body (e.g. "-Y 'cql.opcode == EXECUTE' --count"), and the
            // message carries no connection state: skip it.
            FinishRequest(ctx, in msg, track);
            return;
        }

        var body = env[hl..];
        byte bodySource = source;
        int bodyBase = bas + hl;
        if ((msg.Flags & (byte)CqlFlags.Compression) != 0 && version < 5 && !body.IsEmpty)
        {
            if (!TryDecompressBody(ctx, body, hl, out byte decompressed))
            {
                if (msg.WantInfo)
                {
                    _text.Append(" [not decompressed]"u8);
                    PutInfo(ctx, _text.Span);
                }

                FinishRequest(ctx, in msg, track);
                return;
            }

            bodySource = decompressed;
            bodyBase = 0;
            body = t.SourceBytes(decompressed);
        }

        t.SetSource(bodySource, bodyBase);
        var r = new WireReader(body);
        if (DissectPrefixes(ctx, ref r, in msg))
        {
            DissectMessage(ctx, ref r, ref msg);
        }

        t.SetSource(source, bas);
        FinishRequest(ctx, in msg, track);
        if (msg.WantInfo)
        {
            PutInfo(ctx, _text.Span);
        }
    }

    /// <summary>
    /// Whether the body must be parsed: something shows or filters on body fields, or the message sets
    /// connection state (STARTUP: compression and v5; READY/AUTHENTICATE: the v5 switch happens anyway).
    /// </summary>
    private bool NeedsBody(DissectContext ctx, byte opcode)
    {
        var t = ctx.Tree;
        return t.BuildsEverything || ctx.Columns.Enabled || opcode == (byte)CqlOpcode.Startup || BodyFieldsWanted(ctx);
    }

    /// <summary>Whether the tree keeps an expert item or any CQL field that only a body carries.</summary>
    private bool BodyFieldsWanted(DissectContext ctx) => _m.BodyFieldsWanted(ctx.Tree);

    /// <summary>
    /// Whether requests are remembered by stream for their responses: something shows the link or the
    /// timing, or decodes a response body (which needs its request), or a second pass will want the links.
    /// Without any of these (a count of frames by opcode, say) the per-message table work is skipped.
    /// </summary>
    private bool TracksTransactions(DissectContext ctx)
    {
        var t = ctx.Tree;
        if (t.BuildsEverything || ctx.Columns.Enabled || _m.RecordResponseLinks || ctx.Frame.SecondPass)
        {
            return true;
        }

        return _m.TransactionFieldsWanted(t);
    }

    private void AddHeader(DissectContext ctx, ReadOnlySpan<byte> env, int hl, in Msg msg, uint length)
    {
        var t = ctx.Tree;
        if (!_m.HeaderDetailWanted(t))
        {
            // Nothing below the version and opcode is kept (nor an expert item): add just those two.
            t.AddUInt(_f.Version, 0, 1, env[0]);
            t.AddUInt(_f.Opcode, hl - 5, 1, msg.Opcode);
            return;
        }

        byte vb = env[0];
        int v = t.AddUInt(_f.Version, 0, 1, vb);
        t.Reopen(v);
        t.AddUInt(_f.ProtocolVersion, 0, 1, vb);
        t.AddUInt(_f.Direction, 0, 1, vb);
        t.Close(v);

        byte flags = msg.Flags;
        int fl = t.AddUInt(_f.Flags, 1, 1, flags);
        t.Reopen(fl);
        t.AddBool(_f.FlagsCompression, 1, 1, flags);
        t.AddBool(_f.FlagsTracing, 1, 1, flags);
        byte reservedMask = 0xFC;
        if (msg.Version >= 4)
        {
            t.AddBool(_f.FlagsCustomPayload, 1, 1, flags);
            t.AddBool(_f.FlagsWarning, 1, 1, flags);
            reservedMask = 0xF0;
        }

        if (msg.Version >= 5)
        {
            t.AddBool(_f.FlagsBeta, 1, 1, flags);
            reservedMask = 0xE0;
        }

        int res = t.AddUInt(_f.FlagsReserved, 1, 1, (ulong)(flags & reservedMask));
        if (res >= 0 && reservedMask != 0xFC && t.WantsText)
        {
            // tshark: v4 shows the reserved bits with their own mask (0xF0), under the same field name.
            _label.Clear();
            AppendBits(_label, flags, reservedMask);
            _label.Append(" = Reserved: 0x"u8);
            _label.Append((flags & reservedMask) >> (reservedMask == 0xF0 ? 4 : 5), "x");
            t.SetLabelUtf8(res, _label.Span);
        }

        t.Close(fl);
        if ((flags & reservedMask) != 0)
        {
            ctx.Expert(_e.ReservedFlags, 1, 1);
        }

        t.AddInt(_f.Stream, 2, hl == CqlHeader.SizeV1 ? 1 : 2, msg.Stream);
        t.AddUInt(_f.Opcode, hl - 5, 1, msg.Opcode);
        t.AddUInt(_f.MessageLength, hl - 4, 4, length);
    }

    private static void AppendBits(Dissectors.Core.Buffers.Utf8Builder sb, int value, int mask)
    {
        for (int bit = 7; bit >= 0; bit--)
        {
            sb.Append((mask & (1 << bit)) == 0 ? (byte)'.' : (value & (1 << bit)) != 0 ? (byte)'1' : (byte)'0');
            if (bit == 4)
            {
                sb.Append((byte)' ');
            }
        }
    }

    /// <summary>Request/response matching by stream id, as tshark does it: a response answers the latest request on its stream.</summary>
    private void MatchTransaction(DissectContext ctx, ref Msg msg)
    {
        var t = ctx.Tree;
        uint frame = ctx.Frame.Number;
        if (msg.Response)
        {
            if (_c.Streams is { } streams && streams.TryGetValue(msg.Stream, out var req) && req.RequestFrame != 0)
            {
                msg.HasRequest = true;
                msg.Request = req;
                t.AddFrameNumber(_f.ResponseTo, 0, 0, req.RequestFrame, NodeFlags.Generated);
                t.AddTime(_f.ResponseTime, 0, 0, ctx.Frame.TimestampNs - req.RequestTimeNs, NodeFlags.Generated);
                if (_m.RecordResponseLinks && !ctx.Frame.SecondPass)
                {
                    _m.ResponseLinks[(req.RequestFrame, msg.Stream)] = frame;
                }
            }
        }
        else if (ctx.Frame.SecondPass && _m.ResponseLinks.TryGetValue((frame, msg.Stream), out uint response))
        {
            t.AddFrameNumber(_f.ResponseIn, 0, 0, response, NodeFlags.Generated);
        }
    }

    /// <summary>
    /// Remembers a request by stream for its response, where responses are matched (<paramref name="track"/>,
    /// <see cref="TracksTransactions"/>): a count by opcode still parses each STARTUP for its connection state,
    /// and must not take a stream table per connection for nothing.
    /// </summary>
    private void FinishRequest(DissectContext ctx, in Msg msg, bool track)
    {
        if (track && !msg.Response)
        {
            int tag = msg.Tag == 0 ? msg.Opcode : msg.Tag;
            (_c.Streams ??= _m.RentStreamTable()).Set(msg.Stream, new Transaction
            {
                RequestFrame = ctx.Frame.Number,
                RequestTimeNs = ctx.Frame.TimestampNs,
                Tag = tag,
                Tag2 = msg.Tag2,
            });
        }
    }

    /// <summary>
    /// v1-v4 compressed body: LZ4 is a 4-byte big-endian uncompressed length then an LZ4 block; Snappy is a
    /// raw Snappy block (its own varint length). The algorithm is the STARTUP's, or inferred from the bytes
    /// (LZ4 first, as its length prefix is the stricter test) and then kept for the connection.
    /// </summary>
    private bool TryDecompressBody(DissectContext ctx, ReadOnlySpan<byte> body, int bodyOffset, out byte source)
    {
        var t = ctx.Tree;
        source = 0;
        // A compressed body on a connection whose STARTUP asked for none: infer the algorithm all the same.
        var algorithm = _c.Compression == CqlCompression.None ? CqlCompression.Unknown : _c.Compression;
        var status = DecompressStatus.Corrupt;
        if (algorithm is CqlCompression.Lz4 or CqlCompression.Unknown && body.Length >= 4)
        {
            uint declared = BinaryPrimitives.ReadUInt32BigEndian(body);
            if (Decompression.IsPlausibleLz4(declared, body.Length - 4))
            {
                var scratch = _m.Scratch((int)declared);
                status = Decompression.TryLz4Block(body[4..], scratch);
                if (status == DecompressStatus.Ok)
                {
                    source = t.AddSource("LZ4 Decompressed Data", scratch);
                    _c.Compression = CqlCompression.Lz4;
                    _m.TrimScratch();
                    return true;
                }
            }
            else
            {
                status = DecompressStatus.TooLarge;
            }
        }

        if (algorithm is CqlCompression.Snappy or CqlCompression.Unknown)
        {
            long declared = Decompression.SnappyDeclaredLength(body);
            if (declared >= 0 && Decompression.IsPlausibleSnappy(declared, body.Length))
            {
                var scratch = _m.Scratch((int)declared);
                var s = Decompression.TrySnappy(body, scratch);
                if (s == DecompressStatus.Ok)
                {
                    source = t.AddSource("Snappy Decompressed Data", scratch);
                    _c.Compression = CqlCompression.Snappy;
                    _m.TrimScratch();
                    return true;
                }

                status = algorithm == CqlCompression.Snappy ? s : status;
            }
            else if (algorithm == CqlCompression.Snappy)
            {
                status = declared < 0 ? DecompressStatus.Corrupt : DecompressStatus.TooLarge;
            }
        }

        t.AddBytes(_f.RawCompressedBytes, bodyOffset, body.Length);
        ctx.Expert(status == DecompressStatus.TooLarge ? _e.DecompressBomb : _e.DecompressFailed, bodyOffset, body.Length);
        return false;
    }

    /// <summary>
    /// <c>[&lt;tracing_id&gt;][&lt;warnings&gt;][&lt;custom_payload&gt;]</c> before the message: a [uuid] on traced
    /// responses, a [string list] of warnings (v4+ responses), a [bytes map] (v4+).
    /// </summary>
    private bool DissectPrefixes(DissectContext ctx, ref WireReader r, in Msg msg)
    {
        var t = ctx.Tree;
        if (msg.Response && (msg.Flags & (byte)CqlFlags.Tracing) != 0)
        {
            int at = r.Offset;
            if (!r.TrySkip(16))
            {
                return Truncated(ctx, ref r);
            }

            t.AddBytes(_f.TracingId, at, 16);
        }

        if (msg.Response && msg.Version >= 4 && (msg.Flags & (byte)CqlFlags.Warning) != 0)
        {
            if (!ReadStringList(ctx, ref r, _f.Warning, out _))
            {
                return false;
            }
        }

        if (msg.Version >= 4 && (msg.Flags & (byte)CqlFlags.CustomPayload) != 0)
        {
            int at = r.Offset;
            if (!r.TryReadUInt16BE(out ushort n))
            {
                return Truncated(ctx, ref r);
            }

            int node = t.Open(ctx.Core.Ws.Text, at, 2);
            t.SetLabel(node, "Custom Payload");
            t.AddUInt(_f.StringMapSize, at, 2, n);
            for (int i = 0; i < n; i++)
            {
                if (!ReadString(ctx, ref r, _f.BytesMapKey, out _, out _) || !ReadBytes(ctx, ref r, _f.BytesMapValue, out _, out _))
                {
                    t.Close(node);
                    return false;
                }
            }

            t.Close(node, r.Offset);
        }

        return true;
    }

    private void DissectMessage(DissectContext ctx, ref WireReader r, ref Msg msg)
    {
        var t = ctx.Tree;
        if (r.IsEnd && msg.Opcode is (byte)CqlOpcode.Ready or (byte)CqlOpcode.Options)
        {
            return;
        }

        int node = t.Open(ctx.Core.Ws.Text, r.Offset, r.Remaining);
        if (node >= 0 && t.WantsText)
        {
            _label.Clear();
            if (msg.Opcode == (byte)CqlOpcode.Query)
            {
                // tshark: the QUERY subtree is called just "Query".
                _label.Append("Query"u8);
            }
            else
            {
                _label.Append("Message "u8);
                _label.Append(CqlValues.OpcodeName(msg.Opcode));
            }

            t.SetLabelUtf8(node, _label.Span);
        }

        bool ok = (CqlOpcode)msg.Opcode switch
        {
            CqlOpcode.Startup => DissectStartup(ctx, ref r),
            CqlOpcode.Options or CqlOpcode.Ready => true,
            CqlOpcode.Query => DissectQuery(ctx, ref r, ref msg),
            CqlOpcode.Prepare => DissectPrepare(ctx, ref r, ref msg),
            CqlOpcode.Execute => DissectExecute(ctx, ref r, ref msg),
            CqlOpcode.Batch => DissectBatch(ctx, ref r, ref msg),
            CqlOpcode.Register => ReadStringList(ctx, ref r, _f.String, out _),
            CqlOpcode.AuthResponse or CqlOpcode.AuthChallenge or CqlOpcode.AuthSuccess => ReadAuthToken(ctx, ref r),
            CqlOpcode.Error => DissectError(ctx, ref r, ref msg),
            CqlOpcode.Authenticate => ReadString(ctx, ref r, _f.Authenticator, out _, out _),
            CqlOpcode.Supported => DissectSupported(ctx, ref r),
            CqlOpcode.Result => DissectResult(ctx, ref r, ref msg),
            CqlOpcode.Event => DissectEvent(ctx, ref r, ref msg),
            _ => Undecoded(ctx, ref r),
        };

        if (ok && !r.IsEnd)
        {
            ctx.Expert(_e.TrailingBytes, r.Offset, r.Remaining);
        }

        t.Close(node);

        if (msg.Response && msg.HasRequest)
        {
            AddRequestQuery(ctx, in msg);
        }
    }

    private bool Undecoded(DissectContext ctx, ref WireReader r)
    {
        ctx.Expert(_e.DataNotDissected, r.Offset, r.Remaining);
        r.Seek(r.Length);
        return true;
    }

    /// <summary>On a response: the query text of the request it answers (generated).</summary>
    private void AddRequestQuery(DissectContext ctx, in Msg msg)
    {
        var t = ctx.Tree;
        int textId = RequestTextId(in msg.Request);
        if (textId < 0)
        {
            return;
        }

        var text = _m.Texts.Get(textId);
        t.AddGenerated(_f.Query, 0, 0, text);
    }

    private int RequestTextId(in Transaction req)
    {
        if (req.Tag2 < 0)
        {
            return -1;
        }

        return (req.Tag & TagPrepared) != 0 ? _m.Prepared.Get(req.Tag2).TextId : req.Tag2;
    }

    // ---- Info column ------------------------------------------------------------------------------

    private void SetInfo(DissectContext ctx, ReadOnlySpan<byte> what, ReadOnlySpan<byte> more)
    {
        if (!ctx.Columns.Enabled)
        {
            return;
        }

        _text.Clear();
        _text.Append(what);
        _text.Append(more);
        PutInfo(ctx, _text.Span);
    }

    /// <summary>The first CQL message of a frame replaces the Info text (tshark clears it); later ones are appended.</summary>
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

    /// <summary>Appends a query text shortened to <see cref="CqlLimits.InfoQueryChars"/> with whitespace runs collapsed.</summary>
    private void AppendQueryInfo(ReadOnlySpan<byte> query)
    {
        _text.Append(": "u8);
        int written = 0;
        bool space = false;
        int i = 0;
        for (; i < query.Length && written < CqlLimits.InfoQueryChars; i++)
        {
            byte b = query[i];
            if (b <= 0x20)
            {
                space = written > 0;
                continue;
            }

            if (space)
            {
                _text.Append((byte)' ');
                written++;
                space = false;
            }

            _text.Append(b);
            if ((b & 0xC0) != 0x80)
            {
                written++;
            }
        }

        // Do not end inside a UTF-8 sequence.
        while (i < query.Length && (query[i] & 0xC0) == 0x80)
        {
            _text.Append(query[i++]);
        }

        for (; i < query.Length; i++)
        {
            if (query[i] > 0x20)
            {
                _text.Append("..."u8);
                break;
            }
        }
    }

    // ---- primitives ---------------------------------------------------------------------------------

    private bool Truncated(DissectContext ctx, ref WireReader r)
    {
        ctx.Expert(_e.Truncated, r.Offset, r.Remaining);
        r.Seek(r.Length);
        return false;
    }

    /// <summary>[string]: a [short] length (shown as <c>cql.string_length</c>, as tshark does) then UTF-8.</summary>
    private bool ReadString(DissectContext ctx, ref WireReader r, FieldId field, out int offset, out int length, NodeFlags flags = NodeFlags.None)
    {
        int at = r.Offset;
        offset = at + 2;
        length = 0;
        if (!r.TryReadUInt16BE(out ushort n) || !r.TrySkip(n))
        {
            r.Seek(at);
            return Truncated(ctx, ref r);
        }

        length = n;
        var t = ctx.Tree;
        t.AddUInt(_f.StringLength, at, 2, n, flags);
        t.AddBytes(field, offset, n, flags);
        return true;
    }

    /// <summary>[long string]: an [int] length then UTF-8.</summary>
    private bool ReadLongString(DissectContext ctx, ref WireReader r, FieldId field, out int offset, out int length)
    {
        int at = r.Offset;
        offset = at + 4;
        length = 0;
        if (!r.TryReadInt32BE(out int n))
        {
            return Truncated(ctx, ref r);
        }

        var t = ctx.Tree;
        int ln = t.AddUInt(_f.StringLength, at, 4, (uint)n);
        if (n < 0)
        {
            if (ln >= 0)
            {
                t.Reopen(ln);
                ctx.Expert(_e.UnexpectedNegative, at, 4);
                t.Close(ln);
            }
            else
            {
                ctx.Expert(_e.UnexpectedNegative, at, 4);
            }

            r.Seek(r.Length);
            return false;
        }

        if (!r.TrySkip(n))
        {
            r.Seek(offset);
            return Truncated(ctx, ref r);
        }

        length = n;
        t.AddBytes(field, offset, n);
        return true;
    }

    /// <summary>[bytes]: an [int] length (<c>cql.bytes_length.int</c>); negative = null (-2 = not set in values).</summary>
    private bool ReadBytes(DissectContext ctx, ref WireReader r, FieldId field, out int offset, out int length)
    {
        int at = r.Offset;
        offset = at + 4;
        if (!r.TryReadInt32BE(out length))
        {
            return Truncated(ctx, ref r);
        }

        var t = ctx.Tree;
        t.AddInt(_f.BytesLengthInt, at, 4, length);
        if (length > 0)
        {
            if (!r.TrySkip(length))
            {
                r.Seek(offset);
                return Truncated(ctx, ref r);
            }

            t.AddBytes(field, offset, length);
        }

        return true;
    }

    /// <summary>
    /// An auth token ([bytes]). Its length is shown as <c>cql.string_length</c>, as later Wireshark releases
    /// do (tshark 4.0 does not decode auth messages, so its <c>cql.bytes_length.int</c> never appears there).
    /// </summary>
    private bool ReadAuthToken(DissectContext ctx, ref WireReader r)
    {
        int at = r.Offset;
        if (!r.TryReadInt32BE(out int length))
        {
            return Truncated(ctx, ref r);
        }

        var t = ctx.Tree;
        t.AddUInt(_f.StringLength, at, 4, (uint)length);
        if (length < 0)
        {
            t.AddNone(_f.NullValue, at, 4);
            return true;
        }

        if (!r.TrySkip(length))
        {
            r.Seek(at + 4);
            return Truncated(ctx, ref r);
        }

        t.AddBytes(_f.AuthToken, at + 4, length);
        return true;
    }

    /// <summary>[short bytes]: a [short] length (<c>cql.bytes_length.short</c>) then the bytes.</summary>
    private bool ReadShortBytes(DissectContext ctx, ref WireReader r, FieldId field, out int offset, out int length)
    {
        int at = r.Offset;
        offset = at + 2;
        length = 0;
        if (!r.TryReadUInt16BE(out ushort n) || !r.TrySkip(n))
        {
            r.Seek(at);
            return Truncated(ctx, ref r);
        }

        length = n;
        var t = ctx.Tree;
        t.AddUInt(_f.BytesLengthShort, at, 2, n);
        t.AddBytes(field, offset, n);
        return true;
    }

    /// <summary>[string list]: a [short] count (<c>cql.string_list_size</c>) then that many [string].</summary>
    private bool ReadStringList(DissectContext ctx, ref WireReader r, FieldId field, out int count)
    {
        int at = r.Offset;
        count = 0;
        if (!r.TryReadUInt16BE(out ushort n))
        {
            return Truncated(ctx, ref r);
        }

        ctx.Tree.AddUInt(_f.StringListSize, at, 2, n);
        if (n * 2L > r.Remaining)
        {
            ctx.Expert(_e.CountTooLarge, at, 2);
        }

        for (int i = 0; i < n; i++)
        {
            if (!ReadString(ctx, ref r, field, out _, out _))
            {
                return false;
            }
        }

        count = n;
        return true;
    }

    private bool ReadConsistency(DissectContext ctx, ref WireReader r, FieldId field, out ushort consistency)
    {
        int at = r.Offset;
        if (!r.TryReadUInt16BE(out consistency))
        {
            return Truncated(ctx, ref r);
        }

        ctx.Tree.AddUInt(field, at, 2, consistency);
        return true;
    }

    /// <summary>[inet] (address size, address, [int] port) or [inetaddr] (no port).</summary>
    private bool ReadInet(DissectContext ctx, ref WireReader r, FieldId v4, FieldId v6, FieldId port, bool withPort)
    {
        int at = r.Offset;
        if (!r.TryReadByte(out byte size) || !r.TryReadBytes(size, out var address))
        {
            return Truncated(ctx, ref r);
        }

        var t = ctx.Tree;
        if (size == 4)
        {
            t.AddIPv4(v4, at + 1, BinaryPrimitives.ReadUInt32BigEndian(address));
        }
        else if (size == 16)
        {
            t.AddBytes(v6, at + 1, 16);
        }
        else
        {
            ctx.Expert(_e.BadValueLength, at, 1 + size);
        }

        if (withPort)
        {
            int p = r.Offset;
            if (!r.TryReadInt32BE(out int portNumber))
            {
                return Truncated(ctx, ref r);
            }

            t.AddUInt(port, p, 4, (uint)portNumber);
        }

        return true;
    }
}
