// CQL, the Cassandra/ScyllaDB native protocol, versions 1-5.
// Specs: apache/cassandra doc/native_protocol_v3.spec, native_protocol_v4.spec (§2 framing, §4 messages,
// §6 types, §9 errors) and native_protocol_v5.spec (§2 segment framing, §8 errors, §9 changes).
// Default port 9042 (not IANA registered); a strict header heuristic finds it elsewhere.
// Framing: v1-v4 and the v5 handshake are frames of a 9-byte header (8 bytes in v1/v2) plus a body of
// the header's length; after a v5 STARTUP is answered (READY/AUTHENTICATE) both directions carry
// segments: a 6-byte (LZ4: 8-byte) little-endian header with a CRC24, a payload of envelopes (frames),
// and a CRC32 trailer; a large envelope spans several non-self-contained segments.
//
// Known differences from tshark 4.0 (deliberate; see the report in the issue):
// - tshark only reads v3/v4 and cannot read v5 segments; dissect reads v1-v5.
// - tshark reads per-column table specs even when the Global_tables_spec flag is set, and does not
//   consume COUNTER/DATE/TIME/SMALLINT/TINYINT cells: its Rows results are malformed. dissect follows
//   the spec and decodes every type.
// - tshark does not skip the tracing id / warnings / custom payload prefixes; dissect does.
// - tshark raises "IE data not dissected yet" on every READY (an empty body); dissect does not.
// - tshark: a Schema_change RESULT shows three empty cql.string items (it reuses a stale length of 0).
//   dissect keeps those three (hidden, for filter and -T fields compatibility) and puts the real change in
//   cql.schema_change_*, cql.keyspace and cql.table.
// - Values tshark never decodes (SUPPORTED, AUTHENTICATE, EVENT bodies, error details, v5 fields) go to
//   fields of their own, never to cql.string, cql.consistency or the tshark fields the oracles compare.
using System.Buffers.Binary;
using Dissectors.Core.Buffers;
using Dissectors.Core.Conversations;
using Dissectors.Core.Dissection;
using Dissectors.Core.Pipeline;
using Dissectors.Protocols.Common;

namespace Dissectors.Protocols.Cql;

/// <summary>The CQL dissector of one TCP conversation.</summary>
internal sealed partial class CqlDissector : IStreamDissector
{
    private const string ReasonVersion = "not a CQL frame (unknown protocol version)";
    private const string ReasonResync = "resynchronising after an impossible CQL header";

    private readonly CqlModule _m;
    private readonly CqlFields _f;
    private readonly CqlExpert _e;
    private readonly ConversationInfo _conv;
    private readonly CqlConversation _c = new();
    // Scratch shared by all connections of the module (dissection is single-threaded): a connection
    // costs its state, not a set of buffers.
    private readonly Utf8Builder _text;
    private readonly Utf8Builder _label;
    private readonly Utf8Builder _value;
    private readonly Utf8Builder _digits;
    private readonly CqlMetadata _meta;
    private readonly CqlMetadata _prepMeta;
    private uint _infoFrame;

    public CqlDissector(CqlModule module, ConversationInfo conversation)
    {
        _m = module;
        _f = module.Fields;
        _e = module.Expert;
        _conv = conversation;
        var s = module.Shared;
        _text = s.Text;
        _label = s.Label;
        _value = s.Value;
        _digits = s.Digits;
        _meta = s.Metadata;
        _prepMeta = s.PreparedMetadata;
        _toServer = _c.ToServer;
        _toClient = _c.ToClient;
    }

    internal CqlConversation State => _c;

    // The conversation's direction states, also kept here so PrefetchState can name them from this object.
    private readonly CqlConversation.DirectionState _toServer;
    private readonly CqlConversation.DirectionState _toClient;

    public void PrefetchState()
    {
        CachePrefetch.Object(_c, 2);
        CachePrefetch.Object(_toServer, 2);
        CachePrefetch.Object(_toClient, 2);
    }

    // ---- framing --------------------------------------------------------------------------------

    public PduLength GetPduLength(ReadOnlySpan<byte> buffer, Direction direction)
    {
        var ds = _c.Of(direction);
        if (ds.ResyncPending)
        {
            ds.ResyncPending = false;
            return PduLength.Invalid(ReasonResync);
        }

        if (ds.Segments)
        {
            return SegmentPduLength(buffer, ds);
        }

        if (buffer.IsEmpty)
        {
            return PduLength.NeedMore(1);
        }

        int version = buffer[0] & 0x7F;
        if (version is 0 or > 6)
        {
            return MaybeSegments(buffer, ds, out PduLength seg) ? seg : PduLength.Invalid(ReasonVersion);
        }

        int hl = CqlHeader.HeaderLength(version);
        if (buffer.Length < hl)
        {
            return PduLength.NeedMore(hl);
        }

        if (_c.StartupV5 && !CqlHeader.IsPlausible(buffer, 0, -1) && MaybeSegments(buffer, ds, out PduLength seg5))
        {
            // A v5 connection whose READY we did not see: the bytes are segments.
            return seg5;
        }

        long length = BinaryPrimitives.ReadUInt32BigEndian(buffer[(hl - 4)..]);
        if (length > CqlLimits.MaxBodyBytes)
        {
            // Show the header with an expert item, then resynchronise on what follows.
            ds.HeaderOnly = true;
            return PduLength.Complete(hl);
        }

        ds.HeaderOnly = false;
        return PduLength.Complete(hl + length);
    }

    private PduLength SegmentPduLength(ReadOnlySpan<byte> buffer, CqlConversation.DirectionState ds)
    {
        int hl = ds.SegmentsCompressed ? CqlHeader.SegmentHeaderSizeCompressed : CqlHeader.SegmentHeaderSize;
        if (buffer.Length < hl)
        {
            return PduLength.NeedMore(hl);
        }

        long total = CqlHeader.SegmentLength(buffer, ds.SegmentsCompressed);
        if (total < 0 && !ds.SegmentFormatKnown)
        {
            long other = CqlHeader.SegmentLength(buffer, !ds.SegmentsCompressed);
            if (other >= 0)
            {
                ds.SegmentsCompressed = !ds.SegmentsCompressed;
                ds.SegmentFormatKnown = true;
                total = other;
            }
        }

        if (total < 0)
        {
            // A bad header CRC: the length cannot be trusted. Show the header, then resynchronise.
            ds.HeaderOnly = true;
            return PduLength.Complete(ds.SegmentsCompressed ? CqlHeader.SegmentHeaderSizeCompressed : CqlHeader.SegmentHeaderSize);
        }

        ds.SegmentFormatKnown = true;
        ds.HeaderOnly = false;
        return PduLength.Complete(total);
    }

    /// <summary>Switches a direction to segments when <paramref name="buffer"/> starts with a CRC-valid segment header.</summary>
    private bool MaybeSegments(ReadOnlySpan<byte> buffer, CqlConversation.DirectionState ds, out PduLength result)
    {
        result = default;
        if (_c.Version is > 0 and < 5)
        {
            return false;
        }

        if (buffer.Length < CqlHeader.SegmentHeaderSizeCompressed && CqlHeader.SegmentLength(buffer, false) < 0)
        {
            if (buffer.Length < CqlHeader.SegmentHeaderSize)
            {
                result = PduLength.NeedMore(CqlHeader.SegmentHeaderSize);
                return _c.StartupV5;
            }

            return false;
        }

        bool compressed;
        if (CqlHeader.SegmentLength(buffer, false) >= 0)
        {
            compressed = false;
        }
        else if (CqlHeader.SegmentLength(buffer, true) >= 0)
        {
            compressed = true;
        }
        else
        {
            return false;
        }

        ds.Segments = true;
        ds.SegmentsCompressed = compressed;
        ds.SegmentFormatKnown = true;
        result = SegmentPduLength(buffer, ds);
        return true;
    }

    public void OnGap(Direction direction, long lostBytes)
    {
        var ds = _c.Of(direction);
        if (ds.EnvelopeHave > 0)
        {
            ds.EnvelopeBroken = true;
        }

        ds.ClearEnvelope();
        ds.ResyncPending = false;
        ds.HeaderOnly = false;
    }

    public int Resync(ReadOnlySpan<byte> data, Direction direction)
    {
        var ds = _c.Of(direction);
        int response = _conv.ServerSide == ServerSide.Guessed ? -1 : direction == Direction.ToClient ? 1 : 0;
        bool trySegments = ds.Segments || _c.StartupV5 || _c.Version is 0 or >= 5;
        for (int i = 0; i < data.Length; i++)
        {
            var rest = data[i..];
            if (trySegments)
            {
                if (ds.Segments && ds.SegmentFormatKnown)
                {
                    if (CqlHeader.SegmentLength(rest, ds.SegmentsCompressed) >= 0)
                    {
                        return i;
                    }

                    continue;
                }

                // A CRC-valid segment header is a stronger sign than a plausible frame header, so it wins.
                bool plain = CqlHeader.SegmentLength(rest, false) >= 0;
                if (plain || CqlHeader.SegmentLength(rest, true) >= 0)
                {
                    ds.Segments = true;
                    ds.SegmentsCompressed = !plain;
                    ds.SegmentFormatKnown = true;
                    return i;
                }
            }

            if (!ds.Segments && CqlHeader.IsPlausible(rest, _c.Version is >= 3 ? _c.Version : 0, response) && FollowedByPlausible(rest, response))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>A candidate header whose frame ends inside <paramref name="rest"/> must be followed by another plausible header.</summary>
    private bool FollowedByPlausible(ReadOnlySpan<byte> rest, int response)
    {
        long total = CqlHeader.Size + (long)BinaryPrimitives.ReadUInt32BigEndian(rest[5..]);
        if (total >= rest.Length)
        {
            return true;
        }

        var next = rest[(int)total..];
        return next.Length < CqlHeader.Size || CqlHeader.IsPlausible(next, rest[0] & 0x7F, response);
    }

    public void DissectUnparsed(DissectContext context, ReadOnlySpan<byte> data, Direction direction)
    {
    }

    /// <summary>
    /// The connection closed: the core keeps closed conversations a while (to tell a reused port from a
    /// retransmission), so drop what only an open connection needs — the stream table and any v5 envelope
    /// buffer — and keep memory flat however many connections a capture opens and closes.
    /// </summary>
    public void OnEnd()
    {
        if (_c.Streams is { } streams)
        {
            _c.Streams = null;
            _m.ReturnStreamTable(streams);
        }
        foreach (var ds in (ReadOnlySpan<CqlConversation.DirectionState>)[_c.ToServer, _c.ToClient])
        {
            ds.ClearEnvelope();
            ds.Envelope = [];
        }
    }

    public bool TryReuse(ConversationInfo conversation)
    {
        if (!ReferenceEquals(conversation, _conv))
        {
            return false;
        }

        OnEnd();
        _c.Reset();
        _infoFrame = 0;
        _wantsValues = -1;
        return true;
    }

    // ---- PDUs -----------------------------------------------------------------------------------

    public void Dissect(DissectContext context, ReadOnlySpan<byte> pdu, Direction direction)
    {
        context.Columns.Protocol = "CQL";
        var ds = _c.Of(direction);
        bool headerOnly = ds.HeaderOnly;
        ds.HeaderOnly = false;
        if (ds.Segments)
        {
            DissectSegment(context, pdu, direction, ds, headerOnly);
            return;
        }

        if (headerOnly)
        {
            ds.ResyncPending = true;
        }

        DissectEnvelope(context, pdu, direction, segments: 0, headerOnly);
    }

    /// <summary>
    /// One v5 segment.
    /// <code>
    ///  uncompressed: | payload length (17) | self-contained (1) | pad (6) | CRC24 (24) | payload | CRC32 |
    ///  LZ4:          | compressed length (17) | uncompressed length (17) | self-contained (1) | pad (5) | CRC24 | payload | CRC32 |
    ///  (all little-endian; the CRC32 covers the payload as sent, i.e. compressed)
    /// </code>
    /// </summary>
    private void DissectSegment(DissectContext ctx, ReadOnlySpan<byte> seg, Direction direction, CqlConversation.DirectionState ds, bool headerOnly)
    {
        var t = ctx.Tree;
        bool compressed = ds.SegmentsCompressed;
        int hl = compressed ? CqlHeader.SegmentHeaderSizeCompressed : CqlHeader.SegmentHeaderSize;
        int fieldBytes = hl - 3;
        ulong header = CqlHeader.ReadLittleEndian(seg[..fieldBytes]);
        uint crc24 = (uint)CqlHeader.ReadLittleEndian(seg.Slice(fieldBytes, 3));
        bool crcOk = Crc.Crc24(seg[..fieldBytes]) == crc24;
        int payloadLength = (int)(header & CqlHeader.MaxSegmentPayload);
        int uncompressedLength = compressed ? (int)((header >> 17) & CqlHeader.MaxSegmentPayload) : 0;
        bool selfContained = ((header >> (compressed ? 34 : 17)) & 1) != 0;

        byte segSource = t.CurrentSource;
        int segBase = t.CurrentBase;

        // The segment's own items go into the first CQL item of the segment (or one of their own).
        int top;
        bool segmentShown = false;
        if (headerOnly || !crcOk)
        {
            top = t.Open(_f.Protocol, 0, seg.Length);
            AddSegmentItems(ctx, seg, compressed, payloadLength, uncompressedLength, selfContained, crc24, crcOk, includePayload: false);
            t.Close(top);
            ds.ResyncPending = true;
            ds.EnvelopeBroken = ds.EnvelopeHave > 0 || ds.EnvelopeBroken;
            ds.ClearEnvelope();
            SetInfo(ctx, "Segment with a bad header CRC24"u8, default);
            return;
        }

        var payload = seg.Slice(hl, payloadLength);
        uint crc32 = BinaryPrimitives.ReadUInt32LittleEndian(seg.Slice(hl + payloadLength, 4));
        bool payloadOk = Crc.CqlPayloadCrc32(payload) == crc32;

        // Decompress an LZ4 segment payload into its own data source.
        ReadOnlySpan<byte> data = payload;
        byte dataSource = segSource;
        int dataBase = segBase + hl;
        if (compressed && uncompressedLength != 0)
        {
            var scratch = _m.Scratch(uncompressedLength);
            var status = Decompression.TryLz4Block(payload, scratch);
            if (status != DecompressStatus.Ok)
            {
                top = t.Open(_f.Protocol, 0, seg.Length);
                AddSegmentItems(ctx, seg, compressed, payloadLength, uncompressedLength, selfContained, crc24, crcOk, includePayload: true, crc32, payloadOk);
                t.AddBytes(_f.RawCompressedBytes, hl, payloadLength);
                ctx.Expert(status == DecompressStatus.TooLarge ? _e.DecompressBomb : _e.DecompressFailed, hl, payloadLength);
                t.Close(top);
                ds.EnvelopeBroken = ds.EnvelopeHave > 0 || ds.EnvelopeBroken;
                ds.ClearEnvelope();
                SetInfo(ctx, "Segment that could not be decompressed"u8, default);
                return;
            }

            dataSource = t.AddSource("LZ4 Decompressed Segment", scratch);
            dataBase = 0;
            data = t.SourceBytes(dataSource);
            _m.TrimScratch();
        }

        int envelopes = 0;
        if (selfContained)
        {
            if (ds.EnvelopeHave > 0)
            {
                // A self-contained segment while an envelope was still open: the rest of it was lost.
                ds.ClearEnvelope();
                top = t.Open(_f.Protocol, 0, seg.Length);
                ctx.Expert(_e.EnvelopeCut, 0, 0);
                t.Close(top);
            }

            ds.EnvelopeBroken = false;
            int off = 0;
            while (off < data.Length)
            {
                var rest = data[off..];
                int v = rest[0] & 0x7F;
                int ehl = CqlHeader.HeaderLength(v);
                long envLength = rest.Length >= ehl ? ehl + (long)BinaryPrimitives.ReadUInt32BigEndian(rest[(ehl - 4)..]) : long.MaxValue;
                t.SetSource(dataSource, dataBase + off);
                if (envLength > rest.Length)
                {
                    top = t.Open(_f.Protocol, 0, rest.Length);
                    if (!segmentShown)
                    {
                        t.SetSource(segSource, segBase);
                        AddSegmentItems(ctx, seg, compressed, payloadLength, uncompressedLength, selfContained, crc24, crcOk, true, crc32, payloadOk);
                        segmentShown = true;
                        t.SetSource(dataSource, dataBase + off);
                    }

                    ctx.Expert(_e.EnvelopeInSegment, 0, rest.Length);
                    t.Close(top);
                    break;
                }

                int n = (int)envLength;
                DissectEnvelopeWithSegment(ctx, rest[..n], direction, 0, ref segmentShown, seg, segSource, segBase,
                    compressed, payloadLength, uncompressedLength, selfContained, crc24, crcOk, crc32, payloadOk);
                envelopes++;
                off += n;
            }
        }
        else
        {
            envelopes += CollectEnvelopePart(ctx, data, direction, ds, ref segmentShown, seg, segSource, segBase,
                compressed, payloadLength, uncompressedLength, selfContained, crc24, crcOk, crc32, payloadOk);
        }

        t.SetSource(segSource, segBase);
        if (!segmentShown)
        {
            top = t.Open(_f.Protocol, 0, seg.Length);
            AddSegmentItems(ctx, seg, compressed, payloadLength, uncompressedLength, selfContained, crc24, crcOk, true, crc32, payloadOk);
            t.Close(top);
            if (envelopes == 0 && ctx.Columns.Enabled)
            {
                _text.Clear();
                _text.Append("v5 "u8);
                _text.Append(direction == Direction.ToServer ? "C->S"u8 : "S->C"u8);
                _text.Append(" Segment ("u8);
                _text.Append(payloadLength);
                _text.Append(" bytes of a large envelope)"u8);
                PutInfo(ctx, _text.Span);
            }
        }
    }

    /// <summary>A non-self-contained segment: part of one large envelope. Returns 1 when it completed the envelope.</summary>
    private int CollectEnvelopePart(DissectContext ctx, ReadOnlySpan<byte> part, Direction direction, CqlConversation.DirectionState ds,
        ref bool segmentShown, ReadOnlySpan<byte> seg, byte segSource, int segBase, bool compressed, int payloadLength,
        int uncompressedLength, bool selfContained, uint crc24, bool crcOk, uint crc32, bool payloadOk)
    {
        var t = ctx.Tree;
        if (ds.EnvelopeHave == 0)
        {
            // The first part must start with a plausible envelope header that announces more than this part.
            bool start = part.Length >= CqlHeader.Size && (part[0] & 0x7F) >= 5
                && CqlHeader.Size + (long)BinaryPrimitives.ReadUInt32BigEndian(part[5..]) > part.Length;
            if (!start || (ds.EnvelopeBroken && !CqlHeader.IsPlausible(part, 0, -1)))
            {
                t.SetSource(segSource, segBase);
                int top = t.Open(_f.Protocol, 0, seg.Length);
                AddSegmentItems(ctx, seg, compressed, payloadLength, uncompressedLength, selfContained, crc24, crcOk, true, crc32, payloadOk);
                ctx.Expert(_e.EnvelopeStartMissing, 0, seg.Length);
                t.Close(top);
                segmentShown = true;
                ds.EnvelopeBroken = true;
                return 0;
            }

            ds.EnvelopeBroken = false;
            long total = CqlHeader.Size + (long)BinaryPrimitives.ReadUInt32BigEndian(part[5..]);
            if (total > CqlLimits.MaxBodyBytes || total > Decompression.MaxOutputBytes)
            {
                t.SetSource(segSource, segBase);
                int top = t.Open(_f.Protocol, 0, seg.Length);
                AddSegmentItems(ctx, seg, compressed, payloadLength, uncompressedLength, selfContained, crc24, crcOk, true, crc32, payloadOk);
                ctx.Expert(_e.EnvelopeTooLarge, 0, seg.Length);
                t.Close(top);
                segmentShown = true;
                ds.EnvelopeBroken = true;
                return 0;
            }

            ds.EnvelopeTotal = total;
        }

        long need = ds.EnvelopeTotal - ds.EnvelopeHave;
        int take = (int)Math.Min(need, part.Length);
        if (ds.Envelope.Length < ds.EnvelopeHave + take)
        {
            long size = Math.Min(ds.EnvelopeTotal, Math.Max(ds.EnvelopeHave + (long)take, ds.Envelope.Length * 2L));
            Array.Resize(ref ds.Envelope, (int)size);
        }

        part[..take].CopyTo(ds.Envelope.AsSpan(ds.EnvelopeHave));
        ds.EnvelopeHave += take;
        ds.EnvelopeSegments++;
        if (ds.EnvelopeHave < ds.EnvelopeTotal)
        {
            return 0;
        }

        int segments = ds.EnvelopeSegments;
        byte src = t.AddSource("Reassembled CQL Envelope", ds.Envelope.AsSpan(0, ds.EnvelopeHave));
        var envelope = t.SourceBytes(src);
        ds.ClearEnvelope();
        t.SetSource(src, 0);
        DissectEnvelopeWithSegment(ctx, envelope, direction, segments, ref segmentShown, seg, segSource, segBase,
            compressed, payloadLength, uncompressedLength, selfContained, crc24, crcOk, crc32, payloadOk);
        return 1;
    }

    private void DissectEnvelopeWithSegment(DissectContext ctx, ReadOnlySpan<byte> env, Direction direction, int segments,
        ref bool segmentShown, ReadOnlySpan<byte> seg, byte segSource, int segBase, bool compressed, int payloadLength,
        int uncompressedLength, bool selfContained, uint crc24, bool crcOk, uint crc32, bool payloadOk)
    {
        var t = ctx.Tree;
        byte src = t.CurrentSource;
        int bas = t.CurrentBase;
        int top = t.Open(_f.Protocol, 0, env.Length);
        if (!segmentShown)
        {
            t.SetSource(segSource, segBase);
            AddSegmentItems(ctx, seg, compressed, payloadLength, uncompressedLength, selfContained, crc24, crcOk, true, crc32, payloadOk);
            t.SetSource(src, bas);
            segmentShown = true;
        }

        if (segments > 1)
        {
            t.AddUInt(_f.EnvelopeSegments, 0, 0, (uint)segments, NodeFlags.Generated);
            t.AddUInt(_f.EnvelopeLength, 0, 0, (uint)env.Length, NodeFlags.Generated);
        }

        DissectEnvelopeBody(ctx, env, direction, headerOnly: false);
        t.Close(top);
    }

    private void AddSegmentItems(DissectContext ctx, ReadOnlySpan<byte> seg, bool compressed, int payloadLength, int uncompressedLength,
        bool selfContained, uint crc24, bool crcOk, bool includePayload, uint crc32 = 0, bool payloadOk = false)
    {
        var t = ctx.Tree;
        int hl = compressed ? CqlHeader.SegmentHeaderSizeCompressed : CqlHeader.SegmentHeaderSize;
        int fieldBytes = hl - 3;
        int node = t.Open(ctx.Core.Ws.Text, 0, includePayload ? seg.Length : hl);
        if (node >= 0 && t.WantsText)
        {
            _label.Clear();
            _label.Append(compressed ? "Segment (LZ4), "u8 : "Segment, "u8);
            _label.Append(payloadLength);
            _label.Append(" bytes"u8);
            _label.Append(selfContained ? ", self-contained"u8 : ", part of an envelope"u8);
            t.SetLabelUtf8(node, _label.Span);
        }

        t.AddUInt(_f.SegmentPayloadLength, 0, fieldBytes, (uint)payloadLength);
        if (compressed)
        {
            t.AddUInt(_f.SegmentUncompressedLength, 0, fieldBytes, (uint)uncompressedLength);
        }

        t.AddBool(_f.SegmentSelfContained, 0, fieldBytes, selfContained ? 1UL : 0UL);
        t.AddBool(_f.SegmentCompressed, 0, 0, compressed ? 1UL : 0UL, NodeFlags.Generated);
        t.AddUInt(_f.SegmentHeaderCrc, fieldBytes, 3, crc24);
        t.AddUInt(_f.SegmentHeaderCrcStatus, fieldBytes, 3, crcOk ? 1UL : 0UL, NodeFlags.Generated);
        if (!crcOk)
        {
            ctx.Expert(_e.HeaderCrcBad, fieldBytes, 3);
        }

        if (includePayload)
        {
            t.AddUInt(_f.SegmentPayloadCrc, hl + payloadLength, 4, crc32);
            t.AddUInt(_f.SegmentPayloadCrcStatus, hl + payloadLength, 4, payloadOk ? 1UL : 0UL, NodeFlags.Generated);
            if (!payloadOk)
            {
                ctx.Expert(_e.PayloadCrcBad, hl + payloadLength, 4);
            }
        }

        t.Close(node);
    }

    /// <summary>A whole v1-v4 frame (or a v5 handshake frame) as one PDU.</summary>
    private void DissectEnvelope(DissectContext ctx, ReadOnlySpan<byte> env, Direction direction, int segments, bool headerOnly)
    {
        var t = ctx.Tree;
        int top = t.Open(_f.Protocol, 0, env.Length);
        DissectEnvelopeBody(ctx, env, direction, headerOnly);
        t.Close(top);
    }
}
