using System.Buffers.Binary;
using Dissectors.Core.Dissection;
using Dissectors.Protocols.Common;

namespace Dissectors.Protocols.Cql;

internal sealed partial class CqlDissector
{
    /// <summary>
    /// STARTUP: a [string map] of options (§4.1.1). tshark shows keys and values as <c>cql.string</c>;
    /// dissect also gives them as <c>cql.option.name</c>/<c>cql.option.value</c> (hidden duplicates) and
    /// remembers COMPRESSION for the connection.
    /// </summary>
    private bool DissectStartup(DissectContext ctx, ref WireReader r)
    {
        var t = ctx.Tree;
        int at = r.Offset;
        if (!r.TryReadUInt16BE(out ushort n))
        {
            return Truncated(ctx, ref r);
        }

        t.AddUInt(_f.StringMapSize, at, 2, n);
        var compression = CqlCompression.None;
        for (int i = 0; i < n; i++)
        {
            if (!ReadString(ctx, ref r, _f.String, out int ko, out int kl) || !ReadString(ctx, ref r, _f.String, out int vo, out int vl))
            {
                return false;
            }

            t.AddBytes(_f.OptionName, ko, kl, NodeFlags.Hidden);
            t.AddBytes(_f.OptionValue, vo, vl, NodeFlags.Hidden);
            var key = r.Data.Slice(ko, kl);
            if (key.SequenceEqual("COMPRESSION"u8))
            {
                var value = r.Data.Slice(vo, vl);
                compression = System.Text.Ascii.EqualsIgnoreCase(value, "lz4"u8) ? CqlCompression.Lz4
                    : System.Text.Ascii.EqualsIgnoreCase(value, "snappy"u8) ? CqlCompression.Snappy
                    : CqlCompression.Unknown;
            }
        }

        _c.Compression = compression;
        if (_c.Version >= 5)
        {
            _c.StartupV5 = true;
            // v5 segments are LZ4-framed when COMPRESSION=lz4 was asked for.
            _c.ToServer.SegmentsCompressed = _c.ToClient.SegmentsCompressed = compression == CqlCompression.Lz4;
            _c.ToServer.SegmentFormatKnown = _c.ToClient.SegmentFormatKnown = compression != CqlCompression.Unknown;
        }

        return true;
    }

    /// <summary>QUERY: a [long string] then the query parameters (§4.1.4).</summary>
    private bool DissectQuery(DissectContext ctx, ref WireReader r, ref Msg msg)
    {
        if (msg.Version <= 1)
        {
            // v1: <query><consistency>
            if (!ReadQueryText(ctx, ref r, ref msg))
            {
                return false;
            }

            return ReadConsistency(ctx, ref r, _f.Consistency, out _);
        }

        return ReadQueryText(ctx, ref r, ref msg) && DissectQueryParameters(ctx, ref r, ref msg, null);
    }

    /// <summary>The [long string] of a QUERY/PREPARE: <c>cql.string</c> (tshark) plus <c>cql.query</c>, interned for the response.</summary>
    private bool ReadQueryText(DissectContext ctx, ref WireReader r, ref Msg msg)
    {
        if (!ReadLongString(ctx, ref r, _f.String, out int qo, out int ql))
        {
            return false;
        }

        var t = ctx.Tree;
        t.AddBytes(_f.Query, qo, ql, NodeFlags.Hidden);
        var text = r.Data.Slice(qo, ql);
        if (NeedTexts(ctx))
        {
            msg.Tag2 = _m.Texts.Intern(text);
        }

        if (msg.WantInfo)
        {
            AppendQueryInfo(text);
        }

        return true;
    }

    /// <summary>Query texts are remembered only when something will show them (a tree, Info, or a filter on cql.query).</summary>
    private bool NeedTexts(DissectContext ctx) => ctx.Tree.BuildsEverything || ctx.Columns.Enabled || ctx.Tree.Wants(_f.Query);

    /// <summary>
    /// Query parameters (§4.1.4):
    /// <code>
    ///  &lt;consistency&gt;&lt;flags&gt;[&lt;n&gt;[name_1]&lt;value_1&gt;...][&lt;page_size&gt;][&lt;paging_state&gt;][&lt;serial_consistency&gt;][&lt;timestamp&gt;][&lt;keyspace&gt;][&lt;now_in_seconds&gt;]
    ///  flags: [byte] before v5, [int] in v5 (keyspace 0x80 and now_in_seconds 0x100 are v5 only)
    /// </code>
    /// <paramref name="prepared"/> types the values of an EXECUTE whose PREPARE was seen.
    /// </summary>
    private bool DissectQueryParameters(DissectContext ctx, ref WireReader r, ref Msg msg, CqlPreparedStatement? prepared)
    {
        var t = ctx.Tree;
        if (!ReadConsistency(ctx, ref r, _f.Consistency, out _))
        {
            return false;
        }

        if (!ReadQueryFlags(ctx, ref r, msg.Version, batch: false, out int flags))
        {
            return false;
        }

        if ((flags & (int)CqlQueryFlags.SkipMetadata) != 0)
        {
            msg.Tag |= TagSkipMetadata;
        }

        if ((flags & (int)CqlQueryFlags.Values) != 0)
        {
            int at = r.Offset;
            if (!r.TryReadUInt16BE(out ushort n))
            {
                return Truncated(ctx, ref r);
            }

            t.AddUInt(_f.ValueCount, at, 2, n);
            if (n * 4L > r.Remaining)
            {
                ctx.Expert(_e.CountTooLarge, at, 2);
            }

            CqlMetadata? meta = null;
            ReadOnlySpan<byte> metaBytes = default;
            if (prepared?.Variables is { } vars && (meta = ParseStoredMetadata(vars, prepared.Version, variables: true)) is not null)
            {
                metaBytes = vars;
            }

            bool names = (flags & (int)CqlQueryFlags.ValueNames) != 0;
            for (int i = 0; i < n; i++)
            {
                if (names && !ReadString(ctx, ref r, _f.String, out _, out _))
                {
                    return false;
                }

                int column = meta is not null && i < meta.ColumnCount ? i : -1;
                if (!ReadValue(ctx, ref r, meta, metaBytes, column, allowUnset: msg.Version >= 4))
                {
                    return false;
                }
            }
        }

        if ((flags & (int)CqlQueryFlags.PageSize) != 0)
        {
            int at = r.Offset;
            if (!r.TryReadInt32BE(out int pageSize))
            {
                return Truncated(ctx, ref r);
            }

            t.AddInt(_f.PageSize, at, 4, pageSize);
        }

        if ((flags & (int)CqlQueryFlags.PagingState) != 0)
        {
            // tshark: a request's paging state is shown as plain cql.bytes (cql.paging_state is the result's).
            if (!ReadBytes(ctx, ref r, _f.Bytes, out _, out _))
            {
                return false;
            }
        }

        return DissectTrailingParameters(ctx, ref r, msg.Version, flags);
    }

    /// <summary>The parameters QUERY, EXECUTE and BATCH end with: serial consistency, timestamp, v5 keyspace and now_in_seconds.</summary>
    private bool DissectTrailingParameters(DissectContext ctx, ref WireReader r, int version, int flags)
    {
        var t = ctx.Tree;
        if ((flags & (int)CqlQueryFlags.SerialConsistency) != 0 && !ReadConsistency(ctx, ref r, _f.Consistency, out _))
        {
            return false;
        }

        if ((flags & (int)CqlQueryFlags.DefaultTimestamp) != 0)
        {
            int at = r.Offset;
            if (!r.TryReadInt64BE(out long micros))
            {
                return Truncated(ctx, ref r);
            }

            long ns = micros > long.MaxValue / 1000 ? long.MaxValue : micros < long.MinValue / 1000 ? long.MinValue : micros * 1000;
            t.AddTime(_f.Timestamp, at, 8, ns);
        }

        if (version >= 5 && (flags & (int)CqlQueryFlags.WithKeyspace) != 0 && !ReadString(ctx, ref r, _f.Keyspace, out _, out _))
        {
            return false;
        }

        if (version >= 5 && (flags & (int)CqlQueryFlags.NowInSeconds) != 0)
        {
            int at = r.Offset;
            if (!r.TryReadInt32BE(out int now))
            {
                return Truncated(ctx, ref r);
            }

            t.AddInt(_f.NowInSeconds, at, 4, now);
        }

        return true;
    }

    /// <summary>Query/batch flags: tshark's 8-bit bitmask before v5; a 32-bit one in v5.</summary>
    private bool ReadQueryFlags(DissectContext ctx, ref WireReader r, int version, bool batch, out int flags)
    {
        var t = ctx.Tree;
        int at = r.Offset;
        int width;
        if (version >= 5)
        {
            if (!r.TryReadInt32BE(out flags))
            {
                return Truncated(ctx, ref r);
            }

            width = 4;
        }
        else
        {
            if (!r.TryReadByte(out byte b))
            {
                flags = 0;
                return Truncated(ctx, ref r);
            }

            flags = b;
            width = 1;
        }

        int node = version >= 5 ? t.AddUInt(_f.QueryFlags32, at, width, (uint)flags)
            : t.AddUInt(batch ? _f.BatchFlags : _f.QueryFlags, at, width, (uint)flags);
        t.Reopen(node);
        int bitsAt = at + width - 1;
        ulong low = (ulong)(flags & 0xFF);
        if (batch)
        {
            t.AddBool(_f.BatchFlagsSerialConsistency, bitsAt, 1, low);
            t.AddBool(_f.BatchFlagsDefaultTimestamp, bitsAt, 1, low);
            t.AddBool(_f.BatchFlagsWithNameForValues, bitsAt, 1, low);
        }
        else
        {
            t.AddBool(_f.QueryFlagsValues, bitsAt, 1, low);
            t.AddBool(_f.QueryFlagsSkipMetadata, bitsAt, 1, low);
            t.AddBool(_f.QueryFlagsPageSize, bitsAt, 1, low);
            t.AddBool(_f.QueryFlagsPagingState, bitsAt, 1, low);
            t.AddBool(_f.QueryFlagsSerialConsistency, bitsAt, 1, low);
            t.AddBool(_f.QueryFlagsDefaultTimestamp, bitsAt, 1, low);
            t.AddBool(_f.QueryFlagsValueNames, bitsAt, 1, low);
            if (version < 5)
            {
                t.AddUInt(_f.QueryFlagsReserved, bitsAt, 1, low);
            }
        }

        if (version >= 5)
        {
            t.AddBool(_f.QueryFlagsWithKeyspace, at, 4, (ulong)flags);
            t.AddBool(_f.QueryFlagsNowInSeconds, at, 4, (ulong)flags);
        }

        t.Close(node);
        return true;
    }

    /// <summary>PREPARE: a [long string]; v5 adds [int] flags and, with flag 0x01, a [string] keyspace (§4.1.5).</summary>
    private bool DissectPrepare(DissectContext ctx, ref WireReader r, ref Msg msg)
    {
        if (!ReadQueryText(ctx, ref r, ref msg))
        {
            return false;
        }

        if (msg.Version >= 5 && !r.IsEnd)
        {
            int at = r.Offset;
            if (!r.TryReadInt32BE(out int flags))
            {
                return Truncated(ctx, ref r);
            }

            ctx.Tree.AddUInt(_f.PrepareFlags, at, 4, (uint)flags);
            if ((flags & 0x01) != 0 && !ReadString(ctx, ref r, _f.Keyspace, out _, out _))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>EXECUTE: [short bytes] id, v5 [short bytes] result metadata id, then query parameters (§4.1.6).</summary>
    private bool DissectExecute(DissectContext ctx, ref WireReader r, ref Msg msg)
    {
        var t = ctx.Tree;
        if (!ReadShortBytes(ctx, ref r, _f.QueryId, out int io, out int il))
        {
            return false;
        }

        var id = r.Data.Slice(io, il);
        int index = _m.Prepared.Find(_conv.Server, id);
        CqlPreparedStatement? prepared = index >= 0 ? _m.Prepared.Get(index) : null;
        if (prepared is not null)
        {
            msg.Tag |= TagPrepared;
            msg.Tag2 = index;
            if (prepared.TextId >= 0)
            {
                var text = _m.Texts.Get(prepared.TextId);
                t.AddGenerated(_f.Query, io, il, text);
                if (msg.WantInfo)
                {
                    AppendQueryInfo(text);
                }
            }
        }
        else
        {
            ctx.Expert(_e.PreparedUnknown, io, il);
            if (msg.WantInfo)
            {
                _text.Append(": id "u8);
                Dissectors.Core.Dissection.AddressFormat.AppendHex(_text, id[..Math.Min(id.Length, 8)]);
                if (id.Length > 8)
                {
                    _text.Append("..."u8);
                }
            }
        }

        if (msg.Version >= 5 && !ReadShortBytes(ctx, ref r, _f.ResultMetadataId, out _, out _))
        {
            return false;
        }

        if (msg.Version <= 1)
        {
            // v1: <id><n><value_1>...<value_n><consistency>
            int at = r.Offset;
            if (!r.TryReadUInt16BE(out ushort n))
            {
                return Truncated(ctx, ref r);
            }

            t.AddUInt(_f.ValueCount, at, 2, n);
            for (int i = 0; i < n; i++)
            {
                if (!ReadValue(ctx, ref r, null, default, -1, allowUnset: false))
                {
                    return false;
                }
            }

            return ReadConsistency(ctx, ref r, _f.Consistency, out _);
        }

        return DissectQueryParameters(ctx, ref r, ref msg, prepared);
    }

    /// <summary>
    /// BATCH (§4.1.7):
    /// <code>
    ///  &lt;type&gt;&lt;n&gt;&lt;query_1&gt;...&lt;query_n&gt;&lt;consistency&gt;&lt;flags&gt;[&lt;serial_consistency&gt;][&lt;timestamp&gt;][&lt;keyspace&gt;][&lt;now_in_seconds&gt;]
    ///  query_i: &lt;kind&gt;&lt;string_or_id&gt;&lt;n&gt;&lt;value_1&gt;...&lt;value_n&gt;   (kind 0: [long string], 1: [short bytes] id)
    /// </code>
    /// </summary>
    private bool DissectBatch(DissectContext ctx, ref WireReader r, ref Msg msg)
    {
        var t = ctx.Tree;
        int at = r.Offset;
        if (!r.TryReadByte(out byte type) || !r.TryReadUInt16BE(out ushort n))
        {
            return Truncated(ctx, ref r);
        }

        t.AddUInt(_f.BatchType, at, 1, type);
        t.AddUInt(_f.BatchQuerySize, at + 1, 2, n);
        if (msg.WantInfo)
        {
            _text.Append((byte)' ');
            _text.Append(CqlValues.BatchType.TryGetName(type, out string bt) ? bt : "?");
            _text.Append(" ("u8);
            _text.Append(n);
            _text.Append(n == 1 ? " statement)"u8 : " statements)"u8);
        }

        bool first = true;
        for (int i = 0; i < n; i++)
        {
            int kindAt = r.Offset;
            if (!r.TryReadByte(out byte kind))
            {
                return Truncated(ctx, ref r);
            }

            t.AddUInt(_f.BatchQueryType, kindAt, 1, kind);
            CqlPreparedStatement? prepared = null;
            if (kind == 0)
            {
                if (!ReadLongString(ctx, ref r, _f.String, out int qo, out int ql))
                {
                    return false;
                }

                t.AddBytes(_f.Query, qo, ql, NodeFlags.Hidden);
                if (first && NeedTexts(ctx))
                {
                    msg.Tag2 = _m.Texts.Intern(r.Data.Slice(qo, ql));
                }

                if (first && msg.WantInfo)
                {
                    AppendQueryInfo(r.Data.Slice(qo, ql));
                }
            }
            else if (kind == 1)
            {
                if (!ReadShortBytes(ctx, ref r, _f.QueryId, out int io, out int il))
                {
                    return false;
                }

                int index = _m.Prepared.Find(_conv.Server, r.Data.Slice(io, il));
                prepared = index >= 0 ? _m.Prepared.Get(index) : null;
                if (prepared is { TextId: >= 0 })
                {
                    var text = _m.Texts.Get(prepared.TextId);
                    t.AddGenerated(_f.Query, io, il, text);
                    if (first && msg.WantInfo)
                    {
                        AppendQueryInfo(text);
                    }

                    if (first)
                    {
                        msg.Tag2 = prepared.TextId;
                    }
                }
                else if (prepared is null)
                {
                    ctx.Expert(_e.PreparedUnknown, io, il);
                }
            }
            else
            {
                ctx.Expert(_e.DataNotDissected, kindAt, r.Remaining + 1);
                r.Seek(r.Length);
                return true;
            }

            first = false;
            int vc = r.Offset;
            if (!r.TryReadUInt16BE(out ushort values))
            {
                return Truncated(ctx, ref r);
            }

            t.AddUInt(_f.ValueCount, vc, 2, values);
            CqlMetadata? meta = null;
            ReadOnlySpan<byte> metaBytes = default;
            if (prepared?.Variables is { } vars && (meta = ParseStoredMetadata(vars, prepared.Version, variables: true)) is not null)
            {
                metaBytes = vars;
            }

            for (int k = 0; k < values; k++)
            {
                int column = meta is not null && k < meta.ColumnCount ? k : -1;
                if (!ReadValue(ctx, ref r, meta, metaBytes, column, allowUnset: msg.Version >= 4))
                {
                    return false;
                }
            }
        }

        if (!ReadConsistency(ctx, ref r, _f.Consistency, out _))
        {
            return false;
        }

        if (msg.Version <= 2 && r.IsEnd)
        {
            // v2 batches end with the consistency.
            return true;
        }

        return ReadQueryFlags(ctx, ref r, msg.Version, batch: true, out int flags) && DissectTrailingParameters(ctx, ref r, msg.Version, flags);
    }

    /// <summary>
    /// One bound value ([value]: -1 null, -2 not set from v4): the length and bytes as tshark shows them,
    /// then the value decoded by the bound variable's type when the PREPARE was captured.
    /// </summary>
    private bool ReadValue(DissectContext ctx, ref WireReader r, CqlMetadata? meta, ReadOnlySpan<byte> metaBytes, int column, bool allowUnset)
    {
        var t = ctx.Tree;
        int at = r.Offset;
        if (!r.TryReadInt32BE(out int length))
        {
            return Truncated(ctx, ref r);
        }

        int ln = t.AddInt(_f.BytesLengthInt, at, 4, length);
        if (length < 0)
        {
            if (length == -1 || (length == -2 && allowUnset))
            {
                t.AddNone(length == -1 ? _f.NullValue : _f.UnsetValue, at, 4);
            }
            else
            {
                t.Reopen(ln);
                ctx.Expert(_e.UnexpectedNegative, at, 4);
                t.Close(ln);
            }

            return true;
        }

        if (!r.TryReadBytes(length, out var value))
        {
            r.Seek(at + 4);
            return Truncated(ctx, ref r);
        }

        if (length > 0)
        {
            t.AddBytes(_f.Bytes, at + 4, length);
        }

        if (column >= 0 && WantsValues(t))
        {
            ref readonly var col = ref meta!.Columns[column];
            DecodeTyped(ctx, value, at + 4, meta, metaBytes, col.Type, 0, metaBytes.Slice(col.NameOffset, col.NameLength));
        }

        return true;
    }
}
