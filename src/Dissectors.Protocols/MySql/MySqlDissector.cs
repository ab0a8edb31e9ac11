// MySQL / MariaDB client/server protocol (protocol version 10).
// Specs: MySQL internals manual (dev.mysql.com/doc/dev/mysql-server/latest/PAGE_PROTOCOL.html: "Connection
// Lifecycle", "Text Protocol", "Prepared Statements", "Compression"), MariaDB knowledge base "Clients &
// Communication Protocol" (extended capabilities, extended metadata, COM_STMT_BULK_EXECUTE).
// Default port 3306; a strict server-greeting heuristic finds it on other ports.
// Framing: each packet is a 3-byte little-endian payload length and a sequence id; a payload of 16 MiB or
// more is cut into 0xFFFFFF-byte packets and a shorter last one. With CLIENT_COMPRESS, after the login's
// OK, packets travel inside compressed packets (7-byte header, zlib body, or a zstd frame after
// CLIENT_ZSTD_COMPRESSION_ALGORITHM without CLIENT_COMPRESS, or a stored body when the uncompressed length is 0); one compressed packet may hold several packets or part of one.
//
// Known differences from tshark 4.0 (deliberate; see the report on the branch):
// - tshark mis-reads the compressed protocol's server side (it shows the zlib bytes as packet headers);
//   dissect inflates the bodies and dissects the packets inside.
// - After LOAD DATA LOCAL INFILE tshark reads the server's 0xFB request as a column count of 0 and the
//   file contents as a command; dissect shows the file name and the file data.
// - dissect adds mysql.response_to / mysql.response_time (tshark has none) and mysql.stmt.query.
// - tshark 4.0 ignores COM_STMT_EXECUTE's NULL bitmap (values of NULL parameters are read from the next
//   parameter's bytes) and reads COM_STMT_FETCH's binary rows as OK packets; dissect does neither.
// - The mariadb.* fields belong to the mysql protocol, as in tshark; tshark's mariadb.prefix/mariadb.length
//   (the prefix and value of every length-encoded number) are registered but not added yet.
using System.Buffers.Binary;
using System.Text;
using Dissectors.Core.Buffers;
using Dissectors.Core.Conversations;
using Dissectors.Core.Dissection;
using Dissectors.Core.Pipeline;

namespace Dissectors.Protocols.MySql;

/// <summary>The MySQL dissector of one TCP conversation.</summary>
internal sealed partial class MySqlDissector : IStreamDissector
{
    private const string ReasonResync = "resynchronising after an implausible MySQL packet";

    private readonly MySqlModule _m;
    private readonly MySqlFields _f;
    private readonly MySqlExpert _e;
    private readonly ConversationInfo _conv;
    private readonly MySqlConversation _c = new();
    private readonly Utf8Builder _text;

    // The Info column: which PDU of which frame last wrote its "Request "/"Response " head.
    private uint _infoFrame;
    private int _infoPdu = -1;

    // The protocol item of the server packet being dissected (its label names the packet's kind), or -1.
    private int _packetNode = -1;

    public MySqlDissector(MySqlModule module, ConversationInfo conversation)
    {
        _m = module;
        _f = module.Fields;
        _e = module.Expert;
        _conv = conversation;
        _text = module.Text;
    }

    internal MySqlConversation State => _c;

    // ---- framing --------------------------------------------------------------------------------

    public PduLength GetPduLength(ReadOnlySpan<byte> buffer, Direction direction)
    {
        var ds = _c.Of(direction);
        if (_c.Phase == MySqlPhase.Tls)
        {
            return buffer.IsEmpty ? PduLength.NeedMore(1) : PduLength.Complete(buffer.Length);
        }

        if (ds.ResyncPending)
        {
            ds.ResyncPending = false;
            return PduLength.Invalid(ReasonResync);
        }

        int header = ds.Compressed ? MySqlPacket.CompressedHeaderSize : MySqlPacket.HeaderSize;
        if (buffer.Length < header)
        {
            return PduLength.NeedMore(header);
        }

        long length = MySqlPacket.ReadUInt24(buffer);
        if (!ds.Validated && _c.Phase != MySqlPhase.Tls)
        {
            // The first packet of a direction may be the tail of one whose start was not captured (a capture
            // that begins mid-connection): accept it only if it looks like a packet start.
            if (!ds.Compressed && (length == 0 || length > MidStreamMaxFirstPacket))
            {
                return PduLength.Invalid(ReasonResync);
            }

            if (buffer.Length >= header + length + header && !IsPlausibleAt(buffer[..(int)(header + length + header)], 0, direction, ds.Compressed))
            {
                return PduLength.Invalid(ReasonResync);
            }

            ds.Validated = true;
        }

        long end = header + length;
        if (_m.BatchRows && InTextRows(direction, ds) && IsWellFormedRow(buffer))
        {
            // Nothing of a row is kept this run: the whole text rows that follow in this buffer make one PDU.
            int warmed = (int)end;
            while (true)
            {
                if (warmed < end + WarmAhead && warmed < buffer.Length)
                {
                    warmed = Warm(buffer, warmed);
                }

                if (!IsWellFormedRow(buffer[(int)end..]))
                {
                    break;
                }

                end += MySqlPacket.HeaderSize + MySqlPacket.ReadUInt24(buffer[(int)end..]);
            }
        }

        return PduLength.Complete(end);
    }

    // The row scan above hops from row header to row header through bytes no one has read since the capture
    // was copied in (the read-ahead thread's copy leaves them in memory, not in this core's cache), so each
    // row start was a cache miss the hop had to wait for: on the 200 MB large-result benchmark a third of
    // the run stalled on the first byte of a row. Asking for every cache line of the next stretch first
    // turns those waits into one sequential stream of fetches that overlap; the scan and the dissection
    // after it then find the rows in cache. The scan asks only a stretch ahead of where it is, so a run of
    // many short result sets in one buffer does not ask for the same bytes again and again.
    private const int WarmAhead = 1024;
    private const int WarmChunk = 2048;

    /// <summary>Asks the cache for the <see cref="WarmChunk"/> bytes from <paramref name="from"/>; returns where they end.</summary>
    private static int Warm(ReadOnlySpan<byte> buffer, int from)
    {
        CachePrefetch.Bytes(buffer, from, WarmChunk);
        return Math.Min(buffer.Length, from + WarmChunk);
    }

    /// <summary>Whether this direction is reading the rows of a text result set (the packets a run of rows is made of).</summary>
    private bool InTextRows(Direction direction, MySqlConversation.DirectionState ds) =>
        direction == Direction.ToClient && !ds.Compressed && !ds.Joining && _c.Phase == MySqlPhase.Command
        && _c.State == MySqlResponseState.Rows && !_c.BinaryRows;

    /// <summary>
    /// The payload length of the packet at the start of <paramref name="buffer"/> when it lies whole there and
    /// can only be a text row (not an EOF, OK or ERR header, not a 16 MiB part), else -1.
    /// </summary>
    private static int RowPayloadLength(ReadOnlySpan<byte> buffer)
    {
        if (buffer.Length <= MySqlPacket.HeaderSize)
        {
            return -1;
        }

        int length = MySqlPacket.ReadUInt24(buffer);
        return length > 0 && length != MySqlPacket.MaxPacketPayload && MySqlPacket.HeaderSize + length <= buffer.Length
            && buffer[MySqlPacket.HeaderSize] < 0xFE ? length : -1;
    }

    /// <summary>A whole text row at the start of <paramref name="buffer"/> whose every value fits.</summary>
    private static bool IsWellFormedRow(ReadOnlySpan<byte> buffer) =>
        RowPayloadLength(buffer) is int length and >= 0 && FirstBadValue(buffer.Slice(MySqlPacket.HeaderSize, length)) < 0;

    /// <summary>
    /// Where a text row's values stop fitting (a length-encoded value running past the payload, as
    /// <see cref="DissectTextRow"/> reports it), or -1 when every value fits.
    /// </summary>
    private static int FirstBadValue(ReadOnlySpan<byte> p)
    {
        int o = 0;
        while (o < p.Length)
        {
            byte first = p[o];
            if (first < 0xFB)
            {
                // The usual value: a one-byte length (TryLenEnc's first case, without the call).
                if (first > p.Length - o - 1)
                {
                    return o;
                }

                o += 1 + first;
                continue;
            }

            int w = MySqlPacket.TryLenEnc(p, o, out ulong len, out bool isNull);
            if (w == 0 || len > (ulong)(p.Length - o - w))
            {
                return o;
            }

            o += isNull ? 1 : w + (int)len;
        }

        return -1;
    }

    /// <summary>Largest first packet accepted from a direction before any packet of it was seen (greetings and commands are small).</summary>
    private const int MidStreamMaxFirstPacket = 1024 * 1024;

    public void OnGap(Direction direction, long lostBytes)
    {
        var ds = _c.Of(direction);
        ds.ClearJoin();
        ds.ClearCarry();
        ds.ResyncPending = false;
        if (direction == Direction.ToClient)
        {
            // Whatever response was being read lost packets: read the next one by its first byte.
            _c.State = _c.State is MySqlResponseState.Rows ? MySqlResponseState.Rows : MySqlResponseState.Header;
        }
    }

    public int Resync(ReadOnlySpan<byte> data, Direction direction)
    {
        var ds = _c.Of(direction);
        if (_c.Phase == MySqlPhase.Tls)
        {
            return 0;
        }

        int header = ds.Compressed ? MySqlPacket.CompressedHeaderSize : MySqlPacket.HeaderSize;
        for (int i = 0; i + header <= data.Length; i++)
        {
            if (IsPlausibleAt(data, i, direction, ds.Compressed))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// A header at <paramref name="i"/> is plausible when its packet ends exactly at the end of the data or is
    /// followed by another header whose sequence id is the next one, 0 or 1 (a client command also may start
    /// at sequence 0 with a known command byte).
    /// </summary>
    private static bool IsPlausibleAt(ReadOnlySpan<byte> data, int i, Direction direction, bool compressed)
    {
        int header = compressed ? MySqlPacket.CompressedHeaderSize : MySqlPacket.HeaderSize;
        var rest = data[i..];
        int length = MySqlPacket.ReadUInt24(rest);
        if (length == 0 && !compressed)
        {
            return false;
        }

        byte seq = rest[3];
        if (!compressed && direction == Direction.ToServer && seq == 0 && rest.Length > header
            && IsKnownCommand(rest[header]) && header + length <= rest.Length)
        {
            return header + length == rest.Length || IsNextHeader(rest[(header + length)..], 0, compressed, anySeq: true);
        }

        long end = header + (long)length;
        if (end > rest.Length)
        {
            return false;
        }

        return end == rest.Length ? length < 64 * 1024 : IsNextHeader(rest[(int)end..], (byte)(seq + 1), compressed, anySeq: false);
    }

    private static bool IsNextHeader(ReadOnlySpan<byte> next, byte seq, bool compressed, bool anySeq)
    {
        int header = compressed ? MySqlPacket.CompressedHeaderSize : MySqlPacket.HeaderSize;
        if (next.Length < header)
        {
            return true;
        }

        // The next packet continues the sequence, or starts the next command (0) or response (1).
        return (anySeq || next[3] == seq || next[3] <= 1) && (MySqlPacket.ReadUInt24(next) > 0 || compressed);
    }

    private static bool IsKnownCommand(byte b) => b <= 31 || b == 250;

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
        _infoFrame = 0;
        _infoPdu = -1;
        _packetNode = -1;
        return true;
    }

    // ---- PDUs -----------------------------------------------------------------------------------

    public void Dissect(DissectContext context, ReadOnlySpan<byte> pdu, Direction direction)
    {
        var ds = _c.Of(direction);
        if (_c.Phase == MySqlPhase.Tls)
        {
            DissectTls(context, pdu);
            return;
        }

        context.Columns.Protocol = "MySQL";
        if (ds.Compressed)
        {
            DissectCompressed(context, pdu, direction, ds);
        }
        else if (pdu.Length > MySqlPacket.HeaderSize + MySqlPacket.ReadUInt24(pdu))
        {
            DissectRows(context, pdu, direction, ds);
        }
        else if (!InTextRows(direction, ds) || !TryUnseenRow(context, pdu))
        {
            DissectPacket(context, pdu, direction, ds);
        }

        // tshark: the first PDU of a frame that was reassembled from earlier segments keeps its Info
        // text; the PDUs after it replace each other's.
        if (context.PduIndexInFrame == 0 && !context.PduInFrame)
        {
            context.Columns.SetFence();
        }
    }

    /// <summary>
    /// A text row of a result set when nothing of it is kept (<see cref="MySqlModule.RowsUnseen"/>): its
    /// protocol item, the response link a second pass needs, and the same length checks (and damage count) as
    /// <see cref="DissectTextRow"/>, without its field adds. For the rows of a text result set
    /// (<see cref="InTextRows"/>); false, having done nothing, for any packet that is not plainly a row (an EOF,
    /// OK or ERR header, a 16 MiB packet part): those take the full path.
    /// </summary>
    private bool TryUnseenRow(DissectContext ctx, ReadOnlySpan<byte> packet)
    {
        if (RowPayloadLength(packet) < 0 || !_m.RowsUnseen(ctx))
        {
            return false;
        }

        var t = ctx.Tree;
        int top = t.Open(_f.Protocol, 0, packet.Length);
        RecordResponseLink(ctx);
        var p = packet[MySqlPacket.HeaderSize..];
        int bad = FirstBadValue(p);
        if (bad >= 0)
        {
            ctx.Expert(_e.InvalidLength, MySqlPacket.HeaderSize + bad, p.Length - bad);
        }

        t.Close(top);
        return true;
    }

    /// <summary>
    /// A run of whole text rows that <see cref="GetPduLength"/> made one PDU (<see cref="MySqlModule.BatchRows"/>):
    /// it checked every row's values on the way (a row that fails is left out, to be its own PDU and
    /// reported), so each row only counts as a mysql layer here. Should what the tree keeps have changed
    /// since (another tree on the same module), each packet is dissected on its own instead.
    /// </summary>
    private void DissectRows(DissectContext ctx, ReadOnlySpan<byte> pdu, Direction direction, MySqlConversation.DirectionState ds)
    {
        var t = ctx.Tree;
        _m.RowRuns++;
        if (_m.RowsUnseen(ctx) && _m.BatchRows && InTextRows(direction, ds))
        {
            // GetPduLength put only whole, well-formed text rows in the run: each is one more mysql layer.
            for (int r = 0; r + MySqlPacket.HeaderSize <= pdu.Length; r += MySqlPacket.HeaderSize + MySqlPacket.ReadUInt24(pdu[r..]))
            {
                t.CountLayer(_f.Protocol);
            }

            RecordResponseLink(ctx);
            return;
        }

        int saveBase = t.CurrentBase;
        for (int at = 0; at + MySqlPacket.HeaderSize <= pdu.Length;)
        {
            int n = Math.Min(pdu.Length - at, MySqlPacket.HeaderSize + MySqlPacket.ReadUInt24(pdu[at..]));
            t.SetSource(t.CurrentSource, saveBase + at);
            DissectPacket(ctx, pdu.Slice(at, n), direction, ds);
            at += n;
        }

        t.SetSource(t.CurrentSource, saveBase);
    }

    private void DissectTls(DissectContext ctx, ReadOnlySpan<byte> data)
    {
        ctx.Columns.Protocol = "TLS";
        if (ctx.Columns.Enabled)
        {
            ctx.Columns.SetInfo("Encrypted data (MySQL over TLS, not decrypted)"u8);
        }

        var t = ctx.Tree;
        int node = t.Open(ctx.Core.Data.Protocol, 0, data.Length);
        t.AddBytes(ctx.Core.Data.Data, 0, data.Length);
        t.Close(node);
    }

    /// <summary>
    /// One packet: <c>| payload length (3) | sequence id (1) | payload |</c>. A 0xFFFFFF-byte payload is kept
    /// until the shorter packet that ends it, then the joined payload is dissected from its own data source.
    /// </summary>
    private void DissectPacket(DissectContext ctx, ReadOnlySpan<byte> packet, Direction direction, MySqlConversation.DirectionState ds)
    {
        var t = ctx.Tree;
        int length = MySqlPacket.ReadUInt24(packet);
        byte seq = packet[3];
        int top = t.Open(_f.Protocol, 0, packet.Length);
        _packetNode = direction == Direction.ToClient ? top : -1;
        t.AddUInt(_f.PacketLength, 0, 3, (uint)length);
        t.AddUInt(_f.PacketNumber, 3, 1, seq);
        var payload = packet[MySqlPacket.HeaderSize..];

        if (length == MySqlPacket.MaxPacketPayload || ds.Joining)
        {
            if (!ds.JoinTooLarge && ds.JoinLength + (long)payload.Length > MySqlPacket.MaxJoinedPayload)
            {
                ds.JoinTooLarge = true;
                ctx.Expert(_e.TooLarge, MySqlPacket.HeaderSize, payload.Length);
            }

            if (!ds.JoinTooLarge)
            {
                if (ds.Join.Length < ds.JoinLength + payload.Length)
                {
                    Array.Resize(ref ds.Join, Math.Max(ds.JoinLength + payload.Length, Math.Min(MySqlPacket.MaxJoinedPayload, ds.Join.Length * 2)));
                }

                payload.CopyTo(ds.Join.AsSpan(ds.JoinLength));
                ds.JoinLength += payload.Length;
            }

            if (length == MySqlPacket.MaxPacketPayload)
            {
                ds.Joining = true;
                ctx.Expert(_e.Continuation, MySqlPacket.HeaderSize, payload.Length);
                BeginInfo(ctx, direction);
                t.Close(top);
                return;
            }

            bool tooLarge = ds.JoinTooLarge;
            ReadOnlySpan<byte> joined = ds.Join.AsSpan(0, ds.JoinLength);
            ds.Joining = false;
            if (tooLarge)
            {
                ds.ClearJoin();
                BeginInfo(ctx, direction);
                t.Close(top);
                return;
            }

            byte src = t.AddSource("Reassembled MySQL payload", joined);
            byte oldSrc = t.CurrentSource;
            int oldBase = t.CurrentBase;
            t.SetSource(src, 0);
            DissectPayload(ctx, t.SourceBytes(src), direction, seq);
            t.SetSource(oldSrc, oldBase);
            ds.ClearJoin();
            t.Close(top);
            return;
        }

        int saveBase = t.CurrentBase;
        t.SetSource(t.CurrentSource, saveBase + MySqlPacket.HeaderSize);
        DissectPayload(ctx, payload, direction, seq);
        t.SetSource(t.CurrentSource, saveBase);
        t.Close(top);
    }

    /// <summary>
    /// A compressed packet.
    /// <code>
    /// | compressed length (3) | compressed sequence id (1) | uncompressed length (3) | body (zlib, or stored when 0) |
    /// </code>
    /// </summary>
    private void DissectCompressed(DissectContext ctx, ReadOnlySpan<byte> pdu, Direction direction, MySqlConversation.DirectionState ds)
    {
        var t = ctx.Tree;
        int compressedLength = MySqlPacket.ReadUInt24(pdu);
        int uncompressedLength = MySqlPacket.ReadUInt24(pdu[4..]);
        var body = pdu[MySqlPacket.CompressedHeaderSize..];
        int top = t.Open(_f.Protocol, 0, pdu.Length);
        t.AddUInt(_f.CompressedPacketLength, 0, 3, (uint)compressedLength);
        t.AddUInt(_f.CompressedPacketNumber, 3, 1, pdu[3]);
        t.AddUInt(_f.CompressedPacketLengthUncompressed, 4, 3, (uint)uncompressedLength);
        BeginInfo(ctx, direction);

        ReadOnlySpan<byte> data = body;
        if (uncompressedLength != 0)
        {
            // The declared size is checked before a buffer is sized by it (a few bytes may claim 16 MiB).
            bool plausible = _c.Zstd
                ? Common.Decompression.IsPlausibleZstd(uncompressedLength, body.Length)
                : Common.Decompression.IsPlausibleZlib(uncompressedLength, body.Length);
            var status = Common.DecompressStatus.TooLarge;
            Span<byte> scratch = default;
            if (plausible)
            {
                scratch = _m.Scratch(uncompressedLength);
                status = _c.Zstd ? Common.Decompression.TryZstd(body, scratch, _m.Zstd) : Common.Decompression.TryZlib(body, scratch);
            }

            if (status != Common.DecompressStatus.Ok)
            {
                t.AddBytes(_f.Payload, MySqlPacket.CompressedHeaderSize, body.Length);
                ctx.Expert(status == Common.DecompressStatus.TooLarge ? _e.DecompressRefused : _e.UncompressFailure,
                    MySqlPacket.CompressedHeaderSize, body.Length);
                ds.ClearCarry();
                t.Close(top);
                return;
            }

            data = scratch;
        }

        // Prepend what the previous compressed packet left of an unfinished packet.
        if (ds.CarryLength > 0)
        {
            int total = ds.CarryLength + data.Length;
            if (total > MySqlPacket.MaxJoinedPayload + MySqlPacket.HeaderSize)
            {
                ctx.Expert(_e.TooLarge, MySqlPacket.CompressedHeaderSize, body.Length);
                ds.ClearCarry();
                t.Close(top);
                return;
            }

            if (ds.Carry.Length < total)
            {
                Array.Resize(ref ds.Carry, Math.Max(total, ds.Carry.Length * 2));
            }

            data.CopyTo(ds.Carry.AsSpan(ds.CarryLength));
            data = ds.Carry.AsSpan(0, total);
        }

        byte src = t.AddSource(uncompressedLength != 0 ? "Decompressed MySQL" : "MySQL packets", data);
        var view = t.SourceBytes(src);
        ds.CarryLength = 0;
        byte oldSrc = t.CurrentSource;
        int oldBase = t.CurrentBase;
        int off = 0;
        while (off < view.Length)
        {
            var rest = view[off..];
            if (rest.Length < MySqlPacket.HeaderSize || MySqlPacket.HeaderSize + (long)MySqlPacket.ReadUInt24(rest) > rest.Length)
            {
                // Continues in the next compressed packet.
                if (ds.Carry.Length < rest.Length)
                {
                    ds.Carry = new byte[Math.Max(rest.Length, 4096)];
                }

                rest.CopyTo(ds.Carry);
                ds.CarryLength = rest.Length;
                break;
            }

            int n = MySqlPacket.HeaderSize + MySqlPacket.ReadUInt24(rest);
            t.SetSource(src, off);
            DissectPacket(ctx, rest[..n], direction, ds);
            off += n;
        }

        t.SetSource(oldSrc, oldBase);
        t.Close(top);
        _m.TrimScratch();
    }

    // ---- Info column ------------------------------------------------------------------------------

    /// <summary>tshark's "Request " / "Response " head, once per PDU (packets inside one compressed packet share it).</summary>
    private void BeginInfo(DissectContext ctx, Direction direction)
    {
        if (!ctx.Columns.Enabled || (_infoFrame == ctx.Frame.Number && _infoPdu == ctx.PduIndexInFrame))
        {
            return;
        }

        _infoFrame = ctx.Frame.Number;
        _infoPdu = ctx.PduIndexInFrame;
        ctx.Columns.SetInfo(direction == Direction.ToServer ? "Request "u8 : "Response "u8);
    }

    private static void AppendInfo(DissectContext ctx, ReadOnlySpan<byte> text)
    {
        if (ctx.Columns.Enabled)
        {
            ctx.Columns.Info.Append(text);
        }
    }

    private void SetInfoHead(DissectContext ctx, ReadOnlySpan<byte> text)
    {
        if (!ctx.Columns.Enabled)
        {
            return;
        }

        _infoFrame = ctx.Frame.Number;
        _infoPdu = ctx.PduIndexInFrame;
        ctx.Columns.SetInfo(text);
    }

    // ---- payload dispatch ------------------------------------------------------------------------

    private void DissectPayload(DissectContext ctx, ReadOnlySpan<byte> p, Direction direction, byte seq)
    {
        if (direction == Direction.ToServer)
        {
            DissectClient(ctx, p, seq);
        }
        else
        {
            DissectServer(ctx, p, seq);
        }
    }

    private void DissectClient(DissectContext ctx, ReadOnlySpan<byte> p, byte seq)
    {
        switch (_c.Phase)
        {
            case MySqlPhase.Start when seq == 1 && p.Length >= 32:
            case MySqlPhase.Login:
                DissectLogin(ctx, p);
                return;
            case MySqlPhase.Auth:
                BeginInfo(ctx, Direction.ToServer);
                AppendInfo(ctx, "Auth Switch Response"u8);
                ctx.Tree.AddBytes(_f.AuthSwitchResponseData, 0, p.Length);
                return;
            case MySqlPhase.Start:
                _c.Phase = MySqlPhase.Command;
                break;
        }

        if (_c.State == MySqlResponseState.LocalInfile && seq != 0)
        {
            BeginInfo(ctx, Direction.ToServer);
            AppendInfo(ctx, "LOCAL INFILE Data"u8);
            if (p.IsEmpty)
            {
                _c.State = MySqlResponseState.Header;
            }
            else
            {
                ctx.Tree.AddBytes(_f.LocalInfileData, 0, p.Length);
            }

            return;
        }

        DissectCommand(ctx, p);
    }

    private void DissectServer(DissectContext ctx, ReadOnlySpan<byte> p, byte seq)
    {
        if (_c.Phase == MySqlPhase.Start)
        {
            if (seq == 0 && p.Length > 0 && p[0] == 10)
            {
                DissectGreeting(ctx, p);
                return;
            }

            _c.Phase = MySqlPhase.Command;
        }
        else if (_c.Phase == MySqlPhase.Login && seq == 0 && p.Length > 0 && p[0] == 10)
        {
            DissectGreeting(ctx, p);
            return;
        }

        BeginInfo(ctx, Direction.ToClient);
        if (_c.Phase is MySqlPhase.Auth or MySqlPhase.Login)
        {
            DissectAuthResponse(ctx, p);
            return;
        }

        AddResponseLink(ctx);
        DissectResponse(ctx, p);
    }

    private void AddResponseLink(DissectContext ctx)
    {
        if (_c.RequestFrame == 0)
        {
            return;
        }

        var t = ctx.Tree;
        RecordResponseLink(ctx);
        t.AddFrameNumber(_f.ResponseTo, 0, 0, _c.RequestFrame, NodeFlags.Generated);
        t.AddTime(_f.ResponseTime, 0, 0, ctx.Frame.TimestampNs - _c.RequestNs, NodeFlags.Generated);
    }

    /// <summary>Remembers this response frame as the command's first one, for a second pass's mysql.response_in.</summary>
    private void RecordResponseLink(DissectContext ctx)
    {
        if (_c.RequestFrame != 0 && _m.RecordResponseLinks && !ctx.Frame.SecondPass)
        {
            _m.ResponseLinks.TryAdd(_c.RequestFrame, ctx.Frame.Number);
        }
    }

    // ---- strings ------------------------------------------------------------------------------------

    /// <summary>Adds a NUL-terminated string at <paramref name="o"/>; returns the offset after the NUL, or -1 when there is none.</summary>
    private static int AddStringZ(DissectContext ctx, Core.Fields.FieldId id, ReadOnlySpan<byte> p, int o, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (o > p.Length)
        {
            return -1;
        }

        int nul = p[o..].IndexOf((byte)0);
        if (nul < 0)
        {
            // tshark: a string running to the end of the packet without its NUL is still shown.
            value = p[o..];
            ctx.Tree.AddBytes(id, o, p.Length - o, o, p.Length - o);
            return -1;
        }

        value = p.Slice(o, nul);
        ctx.Tree.AddBytes(id, o, nul + 1, o, nul);
        return o + nul + 1;
    }

    /// <summary>Adds a length-encoded string; returns the offset after it, or -1 when it does not fit.</summary>
    private int AddLenEncString(DissectContext ctx, Core.Fields.FieldId id, ReadOnlySpan<byte> p, int o, out ReadOnlySpan<byte> value, out bool isNull)
    {
        value = default;
        int w = MySqlPacket.TryLenEnc(p, o, out ulong len, out isNull);
        if (w == 0)
        {
            ctx.Expert(_e.Truncated, Math.Min(o, p.Length), 0);
            return -1;
        }

        if (isNull)
        {
            return o + 1;
        }

        if (len > (ulong)(p.Length - o - w))
        {
            ctx.Expert(_e.InvalidLength, o, p.Length - o);
            return -1;
        }

        value = p.Slice(o + w, (int)len);
        ctx.Tree.AddBytes(id, o, w + (int)len, o + w, (int)len);
        return o + w + (int)len;
    }

    private static string Utf8(ReadOnlySpan<byte> s) => Encoding.UTF8.GetString(s);

    private static ushort U16(ReadOnlySpan<byte> p, int o) => BinaryPrimitives.ReadUInt16LittleEndian(p[o..]);

    private static uint U32(ReadOnlySpan<byte> p, int o) => BinaryPrimitives.ReadUInt32LittleEndian(p[o..]);
}
