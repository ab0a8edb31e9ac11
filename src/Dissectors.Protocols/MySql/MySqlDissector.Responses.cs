using System.Buffers.Binary;
using Dissectors.Core.Dissection;
using Dissectors.Core.Fields;

namespace Dissectors.Protocols.MySql;

internal sealed partial class MySqlDissector
{
    private const byte OkHeader = 0x00;
    private const byte MoreDataHeader = 0x01;
    private const byte LocalInfileHeader = 0xFB;
    private const byte EofHeader = 0xFE;
    private const byte ErrHeader = 0xFF;

    /// <summary>An EOF packet is shorter than 9 bytes (a row or a length-encoded 8-byte integer starting 0xFE is not).</summary>
    private const int EofMaxLength = 9;

    /// <summary>MariaDB sends progress reports as an ERR packet with this code.</summary>
    private const ushort ProgressReportCode = 0xFFFF;

    /// <summary>Server packets before the command phase: OK, ERR, auth switch request, more data.</summary>
    private void DissectAuthResponse(DissectContext ctx, ReadOnlySpan<byte> p)
    {
        var t = ctx.Tree;
        if (p.IsEmpty)
        {
            ctx.Expert(_e.Truncated, 0, 0);
            return;
        }

        switch (p[0])
        {
            case OkHeader:
                _c.Phase = MySqlPhase.Command;
                DissectOk(ctx, p);
                if (_c.CompressNegotiated)
                {
                    _c.ToServer.Compressed = true;
                    _c.ToClient.Compressed = true;
                }

                return;
            case ErrHeader:
                DissectErr(ctx, p);
                return;
            case EofHeader:
                {
                    // Auth switch request: plugin name NUL, plugin data.
                    t.AddUInt(_f.AuthSwitchRequestStatus, 0, 1, p[0]);
                    AppendInfo(ctx, " Auth Switch Request"u8);
                    int o = AddStringZ(ctx, _f.AuthSwitchRequestName, p, 1, out _);
                    if (o > 0 && o < p.Length)
                    {
                        t.AddBytes(_f.AuthSwitchRequestData, o, p.Length - o);
                    }

                    _c.Phase = MySqlPhase.Auth;
                    return;
                }

            case MoreDataHeader:
                // caching_sha2_password: 0x03 fast auth done, 0x04 full authentication, or a PEM public key.
                t.AddUInt(_f.AuthSwitchRequestStatus, 0, 1, p[0]);
                AppendInfo(ctx, " Auth More Data"u8);
                if (p.Length > 1)
                {
                    t.AddBytes(_f.AuthSwitchRequestData, 1, p.Length - 1);
                }

                _c.Phase = MySqlPhase.Auth;
                return;
            default:
                ctx.Expert(_e.UnknownResponse, 0, p.Length);
                return;
        }
    }

    /// <summary>A server packet in the command phase, read according to the response state.</summary>
    private void DissectResponse(DissectContext ctx, ReadOnlySpan<byte> p)
    {
        if (p.IsEmpty)
        {
            ctx.Expert(_e.Truncated, 0, 0);
            return;
        }

        byte first = p[0];
        bool eof = first == EofHeader && p.Length < EofMaxLength;
        switch (_c.State)
        {
            case MySqlResponseState.ColumnDefs:
            case MySqlResponseState.PrepareParams:
            case MySqlResponseState.PrepareColumns:
            case MySqlResponseState.FieldList:
                if (first == ErrHeader)
                {
                    DissectErr(ctx, p);
                    _c.State = MySqlResponseState.Header;
                    return;
                }

                if (eof && _c.State == MySqlResponseState.FieldList)
                {
                    DissectEof(ctx, p);
                    _c.State = MySqlResponseState.Header;
                    return;
                }

                DissectColumnDef(ctx, p);
                return;
            case MySqlResponseState.ColumnsEof:
            case MySqlResponseState.PrepareParamsEof:
            case MySqlResponseState.PrepareColumnsEof:
                if (eof)
                {
                    DissectEof(ctx, p);
                    bool more = _c.State == MySqlResponseState.ColumnsEof
                        || (_c.State == MySqlResponseState.PrepareParamsEof && _c.Preparing is { ColumnCount: > 0 });
                    if (more)
                    {
                        // tshark: an EOF that more packets of the same response follow.
                        LabelPacket(ctx, "MySQL Protocol - intermediate EOF"u8);
                    }

                    AfterDefinitionsEof();
                    return;
                }

                // No EOF where one was expected: read it as the next state's packet.
                AfterDefinitionsEof();
                DissectResponse(ctx, p);
                return;
            case MySqlResponseState.Rows:
                if (eof || (first == EofHeader && _c.Has(MySqlCaps.DeprecateEof) && p.Length < 0xFF_FFFF))
                {
                    ushort status = eof ? DissectEof(ctx, p) : DissectOk(ctx, p);
                    EndOfResult(status);
                    return;
                }

                if (first == ErrHeader)
                {
                    DissectErr(ctx, p);
                    _c.State = MySqlResponseState.Header;
                    return;
                }

                if (_c.BinaryRows)
                {
                    DissectBinaryRow(ctx, p);
                }
                else
                {
                    DissectTextRow(ctx, p);
                }

                return;
        }

        // The first packet of a response.
        if (_c.LastCommand == (byte)MySqlCommand.Statistics && first != ErrHeader)
        {
            ctx.Tree.AddBytes(_f.Message, 0, p.Length);
            return;
        }

        if (first == OkHeader && p.Length >= 1 + BinlogEventHeaderSize
            && _c.LastCommand is (byte)MySqlCommand.BinlogDump or (byte)MySqlCommand.BinlogDumpGtid)
        {
            DissectBinlogEvent(ctx, p);
            return;
        }

        switch (first)
        {
            case OkHeader when _c.LastCommand == (byte)MySqlCommand.StmtPrepare:
                DissectPrepareOk(ctx, p);
                return;
            case OkHeader:
                EndOfResult(DissectOk(ctx, p));
                return;
            case ErrHeader:
                DissectErr(ctx, p);
                return;
            case EofHeader when p.Length < EofMaxLength:
                DissectEof(ctx, p);
                return;
            case LocalInfileHeader:
                ctx.Tree.AddBytes(_f.LocalInfileName, 1, p.Length - 1);
                AppendInfo(ctx, "LOCAL INFILE "u8);
                _c.State = MySqlResponseState.LocalInfile;
                return;
        }

        // A result set: the column count.
        int w = MySqlPacket.TryLenEnc(p, 0, out ulong columns, out _);
        if (w == 0)
        {
            ctx.Expert(_e.UnknownResponse, 0, p.Length);
            return;
        }

        ctx.Tree.AddUInt(_f.NumFields, 0, w, columns);
        LabelPacket(ctx, "MySQL Protocol - column count"u8);
        if (w < p.Length)
        {
            // MariaDB/MySQL optional metadata: a "metadata follows" byte.
            ctx.Tree.AddUInt(_f.MetadataFollows, w, 1, p[w]);
        }

        // tshark: "TABULAR " stays in the Info column; the packets after it in the frame replace each other.
        AppendInfo(ctx, "TABULAR "u8);
        if (ctx.Columns.Enabled)
        {
            ctx.Columns.SetFence();
        }

        if (columns > (ulong)MySqlConversation.MaxStatements * 10)
        {
            ctx.Expert(_e.CountTooLarge, 0, w);
            _c.State = MySqlResponseState.Header;
            return;
        }

        _c.ColumnTypeCount = 0;
        _c.Remaining = (int)columns;
        _c.State = columns == 0 ? MySqlResponseState.Rows : MySqlResponseState.ColumnDefs;
    }

    private void AfterDefinitionsEof()
    {
        switch (_c.State)
        {
            case MySqlResponseState.ColumnsEof:
                _c.State = MySqlResponseState.Rows;
                break;
            case MySqlResponseState.PrepareParamsEof:
                _c.State = _c.Preparing is { ColumnCount: > 0 } ? MySqlResponseState.PrepareColumns : MySqlResponseState.Header;
                _c.Remaining = _c.Preparing?.ColumnCount ?? 0;
                break;
            default:
                _c.State = MySqlResponseState.Header;
                break;
        }
    }

    private const int BinlogEventHeaderSize = 19;

    /// <summary>
    /// A binlog event after COM_BINLOG_DUMP: <c>| 0x00 | timestamp (4) | type (1) | server id (4) | event size (4) |
    /// next position (4) | flags (2) | event body |</c>. The body is shown as bytes.
    /// </summary>
    private void DissectBinlogEvent(DissectContext ctx, ReadOnlySpan<byte> p)
    {
        var t = ctx.Tree;
        t.AddUInt(_f.ResponseCode, 0, 1, p[0]);
        t.AddTime(_f.BinlogEventHeaderTimestamp, 1, 4, U32(p, 1) * 1_000_000_000L);
        t.AddUInt(_f.BinlogEventHeaderEventType, 5, 1, p[5]);
        t.AddUInt(_f.BinlogEventHeaderServerId, 6, 4, U32(p, 6));
        t.AddUInt(_f.BinlogEventHeaderEventSize, 10, 4, U32(p, 10));
        t.AddUInt(_f.BinlogEventHeaderLogPosition, 14, 4, U32(p, 14));
        t.AddUInt(_f.BinlogEventHeaderFlags, 18, 2, U16(p, 18));
        if (p.Length > 1 + BinlogEventHeaderSize)
        {
            t.AddBytes(_f.Payload, 1 + BinlogEventHeaderSize, p.Length - 1 - BinlogEventHeaderSize);
        }
    }

    /// <summary>A result ended (EOF or OK): another follows when the server says SERVER_MORE_RESULTS_EXISTS.</summary>
    private void EndOfResult(ushort status)
    {
        _c.State = MySqlResponseState.Header;
        if ((status & (ushort)MySqlStatus.MoreResultsExist) == 0)
        {
            _c.BinaryRows = false;
        }
    }

    /// <summary>
    /// OK packet.
    /// <code>
    /// | 0x00 (or 0xFE) | affected rows (lenenc) | last insert id (lenenc) | status (2) | warnings (2) | info / session state |
    /// </code>
    /// Status and warnings are there with CLIENT_PROTOCOL_41 (tshark: only when the login was seen).
    /// </summary>
    private ushort DissectOk(DissectContext ctx, ReadOnlySpan<byte> p)
    {
        LabelPacket(ctx, "MySQL Protocol - response OK"u8);
        var t = ctx.Tree;
        t.AddUInt(_f.ResponseCode, 0, 1, p[0]);
        if (p[0] == OkHeader)
        {
            AppendInfo(ctx, " OK "u8);
        }

        int o = 1;
        int w = MySqlPacket.TryLenEnc(p, o, out ulong affected, out _);
        if (w == 0)
        {
            return 0;
        }

        t.AddUInt(_f.AffectedRows, o, w, affected);
        o += w;
        w = MySqlPacket.TryLenEnc(p, o, out ulong insertId, out _);
        if (w == 0)
        {
            return 0;
        }

        if (insertId != 0)
        {
            // tshark: "Last INSERT ID" is shown only when there is one.
            t.AddUInt(_f.InsertId, o, w, insertId);
        }

        o += w;
        ushort status = 0;
        if (_c.Has(MySqlCaps.Protocol41) && o + 4 <= p.Length)
        {
            status = U16(p, o);
            AddStatus(ctx, p, o);
            t.AddUInt(_f.Warnings, o + 2, 2, U16(p, o + 2));
            o += 4;
        }

        if (o < p.Length)
        {
            if (_c.Has(MySqlCaps.SessionTrack))
            {
                int after = AddLenEncString(ctx, _f.Message, p, o, out _, out _);
                if (after > 0 && after < p.Length && (status & 0x4000) != 0)
                {
                    DissectSessionTrack(ctx, p, after);
                }
            }
            else
            {
                t.AddBytes(_f.Message, o, p.Length - o);
            }
        }

        return status;
    }

    /// <summary>Session state changes: a length-encoded block of (type (1), length-encoded data) entries.</summary>
    private void DissectSessionTrack(DissectContext ctx, ReadOnlySpan<byte> p, int o)
    {
        var t = ctx.Tree;
        int w = MySqlPacket.TryLenEnc(p, o, out ulong total, out _);
        if (w == 0 || total > (ulong)(p.Length - o - w))
        {
            ctx.Expert(_e.InvalidLength, o, p.Length - o);
            return;
        }

        int end = o + w + (int)total;
        int node = t.Open(_f.SessionTrack, o, end - o);
        t.AddUInt(_f.SessionTrackLength, o, w, total);
        o += w;
        while (o < end)
        {
            byte type = p[o];
            int lw = MySqlPacket.TryLenEnc(p[..end], o + 1, out ulong len, out _);
            if (lw == 0 || len > (ulong)(end - o - 1 - lw))
            {
                ctx.Expert(_e.InvalidLength, o, end - o);
                break;
            }

            int data = t.Open(_f.SessionTrackData, o, 1 + lw + (int)len);
            t.AddUInt(_f.SessionTrackType, o, 1, type);
            t.AddUInt(_f.SessionTrackDataLength, o + 1, lw, len);
            int d = o + 1 + lw;
            var entry = p[..(d + (int)len)];
            switch (type)
            {
                case 0:
                    {
                        int n = AddLenEncString(ctx, _f.SessionTrackSysvarName, entry, d, out _, out _);
                        if (n > 0)
                        {
                            AddLenEncString(ctx, _f.SessionTrackSysvarValue, entry, n, out _, out _);
                        }

                        break;
                    }

                case 1:
                    AddLenEncString(ctx, _f.SessionTrackSchema, entry, d, out _, out _);
                    break;
                case 2:
                    AddLenEncString(ctx, _f.SessionTrackStateChange, entry, d, out _, out _);
                    break;
                case 4:
                    AddLenEncString(ctx, _f.SessionTrackTransactionCharacteristics, entry, d, out _, out _);
                    break;
                case 5:
                    AddLenEncString(ctx, _f.SessionTrackTransactionState, entry, d, out _, out _);
                    break;
            }

            t.Close(data);
            o = d + (int)len;
        }

        t.Close(node);
    }

    /// <summary>
    /// ERR packet: <c>| 0xFF | code (2) | '#' | SQL state (5) | message |</c> (the state only with CLIENT_PROTOCOL_41).
    /// </summary>
    private void DissectErr(DissectContext ctx, ReadOnlySpan<byte> p)
    {
        LabelPacket(ctx, "MySQL Protocol - response ERROR"u8);
        var t = ctx.Tree;
        t.AddUInt(_f.ResponseCode, 0, 1, p[0]);
        if (p.Length < 3)
        {
            ctx.Expert(_e.Truncated, p.Length, 0);
            return;
        }

        ushort code = U16(p, 1);
        t.AddUInt(_f.ErrorCode, 1, 2, code);
        if (ctx.Columns.Enabled)
        {
            ctx.Columns.Info.Append(" Error "u8);
            ctx.Columns.Info.Append((int)code);
            ctx.Columns.Info.Append(" "u8);
        }

        if (code == ProgressReportCode)
        {
            // MariaDB progress report: stage, max stage, progress (3), status text. tshark shows only the code.
            if (p.Length > 9)
            {
                AddLenEncString(ctx, _f.Message, p, 9, out _, out _);
            }

            return;
        }

        int o = 3;
        if (o < p.Length && p[o] == (byte)'#' && o + 6 <= p.Length)
        {
            t.AddBytes(_f.Sqlstate, o + 1, 5);
            o += 6;
        }

        t.AddBytes(_f.ErrorMessage, o, p.Length - o);
        _c.State = MySqlResponseState.Header;
    }

    /// <summary>EOF packet: <c>| 0xFE | warnings (2) | status (2) |</c> (the last two with CLIENT_PROTOCOL_41).</summary>
    private ushort DissectEof(DissectContext ctx, ReadOnlySpan<byte> p)
    {
        LabelPacket(ctx, "MySQL Protocol - response EOF"u8);
        var t = ctx.Tree;
        t.AddUInt(_f.ResponseCode, 0, 1, p[0]);
        t.AddUInt(_f.Eof, 0, 1, p[0]);
        if (!_c.Has(MySqlCaps.Protocol41) || p.Length < 5)
        {
            return 0;
        }

        t.AddUInt(_f.Warnings, 1, 2, U16(p, 1));
        AddStatus(ctx, p, 3);
        return U16(p, 3);
    }

    /// <summary>
    /// COM_STMT_PREPARE_OK: <c>| 0x00 | stmt id (4) | columns (2) | params (2) | 0 | warnings (2) |</c>, then the
    /// parameter and column definitions (each followed by an EOF unless CLIENT_DEPRECATE_EOF).
    /// </summary>
    private void DissectPrepareOk(DissectContext ctx, ReadOnlySpan<byte> p)
    {
        LabelPacket(ctx, "MySQL Protocol - response to PREPARE"u8);
        var t = ctx.Tree;
        t.AddUInt(_f.ResponseCode, 0, 1, p[0]);
        if (p.Length < 9)
        {
            ctx.Expert(_e.Truncated, p.Length, 0);
            return;
        }

        uint id = U32(p, 1);
        int columns = U16(p, 5);
        int parameters = U16(p, 7);
        t.AddUInt(_f.StmtId, 1, 4, id);
        t.AddUInt(_f.NumFields, 5, 2, (uint)columns);
        t.AddUInt(_f.NumParams, 7, 2, (uint)parameters);
        if (p.Length >= 12)
        {
            t.AddUInt(_f.Warnings, 10, 2, U16(p, 10));
        }

        var st = new MySqlStatement { Query = _c.PendingPrepareQuery, ParamCount = parameters, ColumnCount = columns };
        _c.PendingPrepareQuery = null;
        if (_c.Statements.Count < MySqlConversation.MaxStatements || _c.Statements.ContainsKey(id))
        {
            _c.Statements[id] = st;
        }

        _c.Preparing = st;
        _c.PreparingId = id;
        _c.LastPreparedId = id;
        _c.Remaining = parameters > 0 ? parameters : columns;
        _c.State = parameters > 0 ? MySqlResponseState.PrepareParams
            : columns > 0 ? MySqlResponseState.PrepareColumns
            : MySqlResponseState.Header;
    }

    /// <summary>
    /// Column definition (Protocol::ColumnDefinition41):
    /// <code>
    /// | catalog | schema | table | org table | name | org name | (MariaDB extended metadata) | 0x0C | charset (2) |
    /// | length (4) | type (1) | flags (2) | decimals (1) | filler (2) | (default, COM_FIELD_LIST) |
    /// </code>
    /// strings length-encoded.
    /// </summary>
    private void DissectColumnDef(DissectContext ctx, ReadOnlySpan<byte> p)
    {
        LabelPacket(ctx, _c.State switch
        {
            MySqlResponseState.PrepareParams => "MySQL Protocol - parameters in response to PREPARE"u8,
            MySqlResponseState.PrepareColumns => "MySQL Protocol - fields in response to PREPARE"u8,
            _ => "MySQL Protocol - field packet"u8,
        });
        var t = ctx.Tree;
        int o = 0;
        foreach (var f in _f.ColumnDefStrings)
        {
            o = AddLenEncString(ctx, f, p, o, out _, out _);
            if (o < 0)
            {
                NextDefinition();
                return;
            }
        }

        if (_c.ExtendedMetadata)
        {
            int w = MySqlPacket.TryLenEnc(p, o, out ulong len, out _);
            if (w == 0 || len > (ulong)(p.Length - o - w))
            {
                ctx.Expert(_e.InvalidLength, o, p.Length - o);
                NextDefinition();
                return;
            }

            int node = t.Open(_f.ExtmetaData, o, w + (int)len);
            t.AddUInt(_f.ExtmetaLength, o, w, len);
            t.Close(node);
            o += w + (int)len;
        }

        // Length of the fixed fields (0x0C).
        int w2 = MySqlPacket.TryLenEnc(p, o, out _, out _);
        if (w2 == 0 || o + w2 + 10 > p.Length)
        {
            ctx.Expert(_e.Truncated, Math.Min(o, p.Length), 0);
            NextDefinition();
            return;
        }

        o += w2;
        t.AddUInt(_f.FieldCharsetnr, o, 2, U16(p, o));
        t.AddUInt(_f.FieldLength, o + 2, 4, U32(p, o + 2));
        byte type = p[o + 6];
        t.AddUInt(_f.FieldTypeCode, o + 6, 1, type);
        ushort flags = U16(p, o + 7);
        int fl = t.Open(_f.FieldFlags, o + 7, 2, flags);
        foreach (var b in _f.FieldFlagBits)
        {
            t.AddBool(b, o + 7, 2, flags);
        }

        t.Close(fl);
        t.AddUInt(_f.FieldDecimals, o + 9, 1, p[o + 9]);
        o += 12;
        if (o < p.Length && _c.State == MySqlResponseState.FieldList)
        {
            AddLenEncString(ctx, _f.FieldDefault, p, o, out _, out _);
        }

        ushort typed = (ushort)(type | ((flags & 0x20) != 0 ? 0x8000 : 0));
        if (_c.State == MySqlResponseState.PrepareColumns && _c.Preparing is { } st)
        {
            int i = st.ColumnCount - _c.Remaining;
            if (st.ColumnTypes.Length != st.ColumnCount)
            {
                st.ColumnTypes = new ushort[st.ColumnCount];
            }

            if (i >= 0 && i < st.ColumnTypes.Length)
            {
                st.ColumnTypes[i] = typed;
            }
        }
        else if (_c.State == MySqlResponseState.ColumnDefs)
        {
            _c.AddColumnType(typed);
        }

        NextDefinition();
    }

    private void NextDefinition()
    {
        if (_c.State == MySqlResponseState.FieldList)
        {
            return;
        }

        _c.Remaining--;
        if (_c.Remaining > 0)
        {
            return;
        }

        bool eof = !_c.Has(MySqlCaps.DeprecateEof);
        switch (_c.State)
        {
            case MySqlResponseState.ColumnDefs:
                _c.State = eof ? MySqlResponseState.ColumnsEof : MySqlResponseState.Rows;
                break;
            case MySqlResponseState.PrepareParams:
                _c.State = MySqlResponseState.PrepareParamsEof;
                if (!eof)
                {
                    AfterDefinitionsEof();
                }

                break;
            case MySqlResponseState.PrepareColumns:
                _c.State = eof ? MySqlResponseState.PrepareColumnsEof : MySqlResponseState.Header;
                break;
        }
    }

    /// <summary>A text row: one length-encoded string per column, 0xFB for NULL (tshark shows "NULL").</summary>
    private void DissectTextRow(DissectContext ctx, ReadOnlySpan<byte> p)
    {
        LabelPacket(ctx, "MySQL Protocol - row packet"u8);
        var t = ctx.Tree;
        int o = 0;
        while (o < p.Length)
        {
            int w = MySqlPacket.TryLenEnc(p, o, out ulong len, out bool isNull);
            if (w == 0 || len > (ulong)(p.Length - o - w))
            {
                ctx.Expert(_e.InvalidLength, o, p.Length - o);
                return;
            }

            if (isNull)
            {
                t.AddGenerated(_f.RowText, o, 1, "NULL"u8, NodeFlags.None);
                o++;
                continue;
            }

            t.AddBytes(_f.RowText, o, w + (int)len, o + w, (int)len);
            o += w + (int)len;
        }
    }

    /// <summary>
    /// A binary row: <c>| 0x00 | NULL bitmap ((columns + 9) / 8, offset 2) | values |</c>, values typed by the
    /// column definitions of the result (or of the PREPARE).
    /// </summary>
    private void DissectBinaryRow(DissectContext ctx, ReadOnlySpan<byte> p)
    {
        LabelPacket(ctx, "MySQL Protocol - row packet"u8);
        var t = ctx.Tree;
        t.AddUInt(_f.ResponseCode, 0, 1, p[0]);
        int n = _c.ColumnTypeCount;
        int bitmap = (n + 9) / 8;
        if (1 + bitmap > p.Length)
        {
            ctx.Expert(_e.Truncated, p.Length, 0);
            return;
        }

        t.AddBytes(_f.RowNullbuffer, 1, bitmap);
        var nulls = p.Slice(1, bitmap);
        int o = 1 + bitmap;
        for (int i = 0; i < n; i++)
        {
            int bit = i + 2;
            if ((nulls[bit / 8] & (1 << (bit % 8))) != 0)
            {
                t.AddNone(_f.ExecFieldNull, o, 0);
                continue;
            }

            ushort ty = _c.ColumnTypes[i];
            if (!TryBinaryValue(ctx, p, ref o, (byte)ty, (ty & 0x8000) != 0))
            {
                return;
            }
        }
    }

    /// <summary>One value of the binary protocol at <paramref name="o"/> (advanced past it); false when truncated.</summary>
    private bool TryBinaryValue(DissectContext ctx, ReadOnlySpan<byte> p, ref int o, byte type, bool unsigned)
    {
        var t = ctx.Tree;
        int left = p.Length - o;
        switch ((MySqlType)type)
        {
            case MySqlType.Null:
                t.AddNone(_f.ExecFieldNull, o, 0);
                return true;
            case MySqlType.Tiny:
                return TryBinaryInteger(ctx, p, ref o, 1, unsigned, _f.ExecFieldUnsignedTiny, _f.ExecFieldTiny);
            case MySqlType.Short:
            case MySqlType.Year:
                return TryBinaryInteger(ctx, p, ref o, 2, unsigned, _f.ExecFieldUnsignedShort, _f.ExecFieldShort);
            case MySqlType.Long:
            case MySqlType.Int24:
                return TryBinaryInteger(ctx, p, ref o, 4, unsigned, _f.ExecFieldUnsignedLong, _f.ExecFieldLong);
            case MySqlType.LongLong:
                return TryBinaryInteger(ctx, p, ref o, 8, unsigned, _f.ExecFieldUnsignedLonglong, _f.ExecFieldLonglong);
            case MySqlType.Float:
                if (left < 4)
                {
                    break;
                }

                t.AddDouble(_f.ExecFieldFloat, o, 4, BinaryPrimitives.ReadSingleLittleEndian(p[o..]));
                o += 4;
                return true;
            case MySqlType.Double:
                if (left < 8)
                {
                    break;
                }

                t.AddDouble(_f.ExecFieldDouble, o, 8, BinaryPrimitives.ReadDoubleLittleEndian(p[o..]));
                o += 8;
                return true;
            case MySqlType.Date:
            case MySqlType.DateTime:
            case MySqlType.Timestamp:
            case MySqlType.NewDate:
                return TryDateTime(ctx, p, ref o);
            case MySqlType.Time:
                return TryTime(ctx, p, ref o);
            default:
                {
                    // Strings, DECIMAL, BLOB, JSON, BIT, ENUM, SET, GEOMETRY: length-encoded bytes.
                    int w = MySqlPacket.TryLenEnc(p, o, out ulong len, out _);
                    if (w == 0 || len > (ulong)(p.Length - o - w))
                    {
                        ctx.Expert(_e.InvalidLength, o, Math.Max(0, p.Length - o));
                        return false;
                    }

                    t.AddBytes(_f.ExecFieldString, o, w + (int)len, o + w, (int)len);
                    o += w + (int)len;
                    return true;
                }
        }

        ctx.Expert(_e.Truncated, p.Length, 0);
        return false;
    }

    /// <summary>
    /// A little-endian integer of <paramref name="size"/> bytes (1, 2, 4 or 8), under the unsigned or the
    /// signed field as the column's UNSIGNED flag says; false (with the truncation item) when cut short.
    /// </summary>
    private bool TryBinaryInteger(DissectContext ctx, ReadOnlySpan<byte> p, ref int o, int size, bool unsigned, FieldId unsignedField, FieldId signedField)
    {
        if (p.Length - o < size)
        {
            ctx.Expert(_e.Truncated, p.Length, 0);
            return false;
        }

        ulong raw = size switch
        {
            1 => p[o],
            2 => U16(p, o),
            4 => U32(p, o),
            _ => BinaryPrimitives.ReadUInt64LittleEndian(p[o..]),
        };
        if (unsigned)
        {
            ctx.Tree.AddUInt(unsignedField, o, size, raw);
        }
        else
        {
            int shift = 64 - (size * 8);
            ctx.Tree.AddInt(signedField, o, size, (long)(raw << shift) >> shift);
        }

        o += size;
        return true;
    }

    /// <summary>DATE/DATETIME/TIMESTAMP: <c>| length (0, 4, 7, 11) | year (2) | month | day | hour | minute | second | µs (4) |</c>.</summary>
    private bool TryDateTime(DissectContext ctx, ReadOnlySpan<byte> p, ref int o)
    {
        var t = ctx.Tree;
        if (o >= p.Length || p[o] > p.Length - o - 1)
        {
            ctx.Expert(_e.Truncated, p.Length, 0);
            return false;
        }

        int len = p[o];
        t.AddInt(_f.ExecFieldDatetimeLength, o, 1, len);
        int d = o + 1;
        if (len >= 4)
        {
            t.AddInt(_f.ExecFieldYear, d, 2, (short)U16(p, d));
            t.AddInt(_f.ExecFieldMonth, d + 2, 1, p[d + 2]);
            t.AddInt(_f.ExecFieldDay, d + 3, 1, p[d + 3]);
        }

        if (len >= 7)
        {
            t.AddInt(_f.ExecFieldHour, d + 4, 1, p[d + 4]);
            t.AddInt(_f.ExecFieldMinute, d + 5, 1, p[d + 5]);
            t.AddInt(_f.ExecFieldSecond, d + 6, 1, p[d + 6]);
        }

        if (len >= 11)
        {
            t.AddInt(_f.ExecFieldSecondb, d + 7, 4, (int)U32(p, d + 7));
        }

        o = d + len;
        return true;
    }

    /// <summary>TIME: <c>| length (0, 8, 12) | negative (1) | days (4) | hour | minute | second | µs (4) |</c>.</summary>
    private bool TryTime(DissectContext ctx, ReadOnlySpan<byte> p, ref int o)
    {
        var t = ctx.Tree;
        if (o >= p.Length || p[o] > p.Length - o - 1)
        {
            ctx.Expert(_e.Truncated, p.Length, 0);
            return false;
        }

        int len = p[o];
        t.AddInt(_f.ExecFieldTimeLength, o, 1, len);
        int d = o + 1;
        if (len >= 8)
        {
            t.AddUInt(_f.ExecFieldTimeSign, d, 1, p[d]);
            t.AddInt(_f.ExecFieldTimeDays, d + 1, 4, (int)U32(p, d + 1));
            t.AddInt(_f.ExecFieldHour, d + 5, 1, p[d + 5]);
            t.AddInt(_f.ExecFieldMinute, d + 6, 1, p[d + 6]);
            t.AddInt(_f.ExecFieldSecond, d + 7, 1, p[d + 7]);
        }

        if (len >= 12)
        {
            t.AddInt(_f.ExecFieldSecondb, d + 8, 4, (int)U32(p, d + 8));
        }

        o = d + len;
        return true;
    }

    /// <summary>tshark names the kind of each server packet in its protocol item ("MySQL Protocol - row packet").</summary>
    private void LabelPacket(DissectContext ctx, ReadOnlySpan<byte> label)
    {
        if (_packetNode >= 0 && ctx.Tree.WantsText)
        {
            ctx.Tree.SetLabelUtf8(_packetNode, label);
        }
    }
}
