using Dissectors.Core.Conversations;
using Dissectors.Core.Dissection;

namespace Dissectors.Protocols.Scylla;

/// <summary>
/// Port 7001, ScyllaDB's <c>ssl_storage_port</c> (db/config.cc): the same Seastar RPC inside TLS. dissect
/// has no keys, so a connection there that does not start with the plain <c>SSTARRPC</c> negotiation is
/// shown as TLS: one PDU per record when the bytes are at a record boundary, otherwise the bytes as they
/// come, never read as RPC headers (encrypted bytes would resynchronise on made-up requests).
/// <code>
///  TLS record (RFC 8446 §5.1): | content type u8 (20-24) | legacy version u16 (0x0300-0x0304) | length u16 BE | fragment[length] |
/// </code>
/// </summary>
internal sealed partial class ScyllaDissector
{
    private const int TlsRecordHeaderSize = 5;

    /// <summary>A record is at most 2^14 bytes plus 2048 of expansion (RFC 8446 §5.2; TLS 1.2 allowed that much).</summary>
    private const int TlsMaxRecordLength = (1 << 14) + 2048;

    private PduLength TlsLength(ReadOnlySpan<byte> buffer, ScyllaConversation.DirectionState ds)
    {
        if (buffer.Length < TlsRecordHeaderSize && IsTlsRecordPrefix(buffer))
        {
            return PduLength.NeedMore(TlsRecordHeaderSize);
        }

        bool record = IsTlsRecordHeader(buffer);
        if (!_c.Tls)
        {
            if (!record && !ds.Started && _conv.ServerSide == ServerSide.Syn)
            {
                return PduLength.NotMine(ReasonNotTls);
            }

            _c.Tls = true;
        }

        ds.Started = true;
        if (record)
        {
            return PduLength.Complete(TlsRecordHeaderSize + (long)((buffer[3] << 8) | buffer[4]));
        }

        return buffer.IsEmpty ? PduLength.NeedMore(1) : PduLength.Complete(buffer.Length);
    }

    private static bool IsTlsRecordPrefix(ReadOnlySpan<byte> b) =>
        b.Length == 0 || (b[0] is >= 20 and <= 24 && (b.Length < 2 || b[1] == 3) && (b.Length < 3 || b[2] <= 4));

    private static bool IsTlsRecordHeader(ReadOnlySpan<byte> b) =>
        b.Length >= TlsRecordHeaderSize && b[0] is >= 20 and <= 24 && b[1] == 3 && b[2] <= 4
        && ((b[3] << 8) | b[4]) is > 0 and <= TlsMaxRecordLength;

    private void DissectTls(DissectContext ctx, ReadOnlySpan<byte> pdu)
    {
        ctx.Columns.Protocol = "TLS";
        var t = ctx.Tree;
        int node = t.Open(ctx.Core.Data.Protocol, 0, pdu.Length);
        t.AddBytes(ctx.Core.Data.Data, 0, pdu.Length);
        if (!_c.TlsAnnounced)
        {
            _c.TlsAnnounced = true;
            ctx.Expert(_e.Tls, 0, pdu.Length);
        }

        t.Close(node);
        if (!ctx.Columns.Enabled)
        {
            return;
        }

        _text.Clear();
        _text.Append(IsTlsRecordHeader(pdu) ? pdu[0] switch
        {
            20 => "Change Cipher Spec"u8,
            21 => "Alert"u8,
            22 => "Handshake"u8,
            23 => "Application Data"u8,
            _ => "Heartbeat"u8,
        } : "Encrypted data"u8);
        _text.Append(" (Scylla RPC over TLS, not decrypted)"u8);
        PutInfo(ctx);
    }
}
