using Dissectors.Core.Dissection;
using Dissectors.Core.Fields;
using Dissectors.Protocols.Common;

namespace Dissectors.Protocols.Tarantool;

/// <summary>Body maps: one case per IPROTO key, whatever the request type (keys mean the same everywhere).</summary>
internal sealed partial class TarantoolDissector
{
    private bool DissectBody(DissectContext ctx, ref MsgPackReader r, int count, ref Msg msg)
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
            FieldId uintField = key switch
            {
                0x02 => _f.ReplicaId,
                0x03 => _f.Lsn,
                0x05 => _f.SchemaVersion,
                0x06 => _f.ServerVersion,
                0x07 => _f.GroupId,
                0x08 => _f.Tsn,
                0x0a => _f.StreamId,
                0x10 => _f.SpaceId,
                0x11 => _f.IndexId,
                0x12 => _f.Limit,
                0x13 => _f.Offset,
                0x14 => _f.Iterator,
                0x15 => _f.IndexBase,
                0x34 => _f.BindCount,
                0x43 => _f.StmtId,
                0x53 => _f.Term,
                0x54 => _f.Version,
                0x59 => _f.TxnIsolation,
                0x5a => _f.VclockSync,
                0x64 => _f.Lsn,
                _ => default,
            };

            if (uintField.IsValid && isUInt)
            {
                r.TryRead(out _);
                t.AddUInt(uintField, off, v.TokenLength, u);
                if (key == 0x5a)
                {
                    msg.HasVclockSync = true;
                }
                else if (key == 0x43)
                {
                    msg.HasStmt = true;
                    msg.Stmt = u;
                }
                else if (key == 0x10)
                {
                    msg.HasSpace = true;
                    msg.Space = u;
                }

                continue;
            }

            FieldId strField = key switch
            {
                0x22 => _f.FunctionName,
                0x23 => _f.UserName,
                0x24 => _f.InstanceUuid,
                0x25 => _f.ReplicasetUuid,
                0x27 => _f.Expression,
                0x31 => _f.ErrorMessage,
                0x40 => _f.SqlText,
                0x57 => _f.EventKey,
                0x5b => _f.AuthMechanism,
                0x5c => _f.ReplicasetName,
                0x5d => _f.InstanceName,
                0x5e => _f.SpaceName,
                0x5f => _f.IndexName,
                _ => default,
            };

            if (strField.IsValid && v.Type == MsgPackType.Str)
            {
                r.TryRead(out _);
                t.AddBytes(strField, off, v.TokenLength, v.PayloadOffset - 0, v.Length);
                if (key is 0x22 or 0x27 or 0x40)
                {
                    msg.TextOffset = v.PayloadOffset;
                    msg.TextLength = v.Length;
                }
                else if (key == 0x31)
                {
                    msg.ErrorMessageOffset = v.PayloadOffset;
                    msg.ErrorMessageLength = v.Length;
                }
                else if (key is 0x5e or 0x23 or 0x57 && !msg.HasSpace && msg.TextLength == 0)
                {
                    msg.TextOffset = v.PayloadOffset;
                    msg.TextLength = v.Length;
                }

                continue;
            }

            FieldId boolField = key switch
            {
                0x1f => _f.FetchPosition,
                0x50 => _f.ReplicaAnon,
                0x61 => _f.IsSync,
                _ => default,
            };

            if (boolField.IsValid && v.Type == MsgPackType.Bool)
            {
                r.TryRead(out _);
                t.AddBool(boolField, off, 1, v.Raw);
                continue;
            }

            if (key == 0x56 && v.Type is MsgPackType.Float64 or MsgPackType.Float32)
            {
                r.TryRead(out _);
                t.AddDouble(_f.Timeout, off, v.TokenLength, v.Double);
                continue;
            }

            bool okValue = key switch
            {
                0x20 => AddValue(ctx, ref r, _f.Key),
                0x21 when msg.Type == 7 => AddAuthTuple(ctx, ref r),
                0x21 when msg.Type == 4 => AddOps(ctx, ref r, _f.Tuple),
                0x21 => AddValue(ctx, ref r, _f.Tuple),
                0x28 => AddOps(ctx, ref r, _f.Ops),
                0x26 or 0x63 => AddVclock(ctx, ref r, ref msg),
                0x29 => AddValue(ctx, ref r, _f.Ballot),
                0x2b => AddValue(ctx, ref r, _f.Options),
                0x2f => AddValue(ctx, ref r, _f.AfterTuple),
                0x2e or 0x35 when v.Type is MsgPackType.Str or MsgPackType.Bin => AddRaw(ctx, ref r, key == 0x2e ? _f.AfterPosition : _f.Position),
                0x30 => AddValue(ctx, ref r, _f.Data),
                0x32 => AddMetadata(ctx, ref r, _f.Metadata),
                0x33 => AddMetadata(ctx, ref r, _f.BindMetadata),
                0x41 => AddValue(ctx, ref r, _f.SqlBind),
                0x42 => AddSqlInfo(ctx, ref r),
                0x51 => AddValue(ctx, ref r, _f.IdFilter),
                0x52 => AddErrorStack(ctx, ref r, ref msg),
                0x55 => AddFeatures(ctx, ref r),
                0x58 => AddValue(ctx, ref r, _f.EventData),
                _ => AddUnknown(ctx, ref r, keyOff, key),
            };

            if (!okValue)
            {
                return false;
            }
        }

        return true;
    }

    private bool AddUnknown(DissectContext ctx, ref MsgPackReader r, int keyOff, ulong key)
    {
        var t = ctx.Tree;
        if (t.WantsText && t.Wants(_f.Value))
        {
            int start = r.Offset;
            bool ok = AddValue(ctx, ref r, _f.Value, out int node);
            if (node >= 0)
            {
                _text.Clear();
                _text.Append(TarantoolValues.KeyName(key));
                _text.Append(" (0x"u8);
                _text.Append(key, "x2");
                _text.Append("): "u8);
                int before = _text.Length;
                var rr = new MsgPackReader(r.Data, start);
                RenderValue(ref rr, _text, 0, before + TarantoolLimits.MaxValueText);
                t.SetLabelUtf8(node, _text.Span);
            }

            return ok;
        }

        return AddValue(ctx, ref r, _f.Value);
    }

    private bool AddRaw(DissectContext ctx, ref MsgPackReader r, FieldId field)
    {
        r.TryRead(out var tok);
        ctx.Tree.AddBytes(field, tok.Offset, tok.TokenLength, tok.PayloadOffset, tok.Length);
        return true;
    }

    /// <summary>AUTH's tuple: [mechanism, scramble]; the scramble is shown as bytes, never as text.</summary>
    private bool AddAuthTuple(DissectContext ctx, ref MsgPackReader r)
    {
        var t = ctx.Tree;
        int start = r.Offset;
        var check = r;
        if (check.TrySkip(TarantoolLimits.MaxDepth) != MsgPackResult.Success)
        {
            return AddValue(ctx, ref r, _f.Tuple);
        }

        var ar = r.TryReadArrayHeader(out int n);
        if (ar != MsgPackResult.Success)
        {
            return AddValue(ctx, ref r, _f.Tuple);
        }

        int node = t.AddGenerated(_f.Tuple, start, check.Offset - start, "[mechanism, scramble]"u8, NodeFlags.None);
        t.Reopen(node);
        for (int i = 0; i < n; i++)
        {
            int off = r.Offset;
            r.TryPeek(out var tok);
            if (tok.Type is MsgPackType.Str or MsgPackType.Bin)
            {
                r.TryRead(out _);
                t.AddBytes(i == 0 && tok.Type == MsgPackType.Str ? _f.AuthMechanism : _f.AuthScramble, off, tok.TokenLength, tok.PayloadOffset, tok.Length);
            }
            else if (!AddValue(ctx, ref r, _f.Value))
            {
                t.Close(node);
                return false;
            }
        }

        t.Close(node);
        return true;
    }

    /// <summary>UPDATE/UPSERT operations: an array of [operator, field, args...].</summary>
    private bool AddOps(DissectContext ctx, ref MsgPackReader r, FieldId field)
    {
        var t = ctx.Tree;
        int start = r.Offset;
        if (!AddValue(ctx, ref r, field, out int node, withTree: false))
        {
            return false;
        }

        if (!t.Wants(_f.Operation) && !t.Wants(_f.Operator) && !t.Wants(_f.OperationField) && !t.BuildsEverything)
        {
            return true;
        }

        int end = r.Offset;
        var o = new MsgPackReader(r.Data[..end], start);
        if (o.TryReadArrayHeader(out int n) != MsgPackResult.Success)
        {
            return true;
        }

        t.Reopen(node);
        for (int i = 0; i < n; i++)
        {
            int opStart = o.Offset;
            if (o.TryReadArrayHeader(out int parts) != MsgPackResult.Success || parts < 1)
            {
                AddValue(ctx, ref o, _f.Value);
                continue;
            }

            var tmp = new MsgPackReader(r.Data[..end], opStart);
            tmp.TrySkip(TarantoolLimits.MaxDepth);
            int opNode = AddRendered(ctx, _f.Operation, r.Data, opStart, tmp.Offset);
            t.Reopen(opNode);
            for (int j = 0; j < parts; j++)
            {
                int off = o.Offset;
                if (o.TryPeek(out var tok) != MsgPackResult.Success)
                {
                    break;
                }

                if (j == 0 && tok.Type == MsgPackType.Str)
                {
                    o.TryRead(out _);
                    t.AddBytes(_f.Operator, off, tok.TokenLength, tok.PayloadOffset, tok.Length);
                }
                else if (j == 1 && tok.Type is MsgPackType.UInt or MsgPackType.Int or MsgPackType.Str)
                {
                    int fstart = o.Offset;
                    o.TrySkip(1);
                    AddRendered(ctx, _f.OperationField, r.Data, fstart, o.Offset);
                }
                else
                {
                    AddValue(ctx, ref o, _f.Value);
                }
            }

            t.Close(opNode);
            o.Seek(tmp.Offset);
        }

        t.Close(node);
        return true;
    }

    /// <summary>VCLOCK: map replica id → LSN.</summary>
    private bool AddVclock(DissectContext ctx, ref MsgPackReader r, ref Msg msg)
    {
        msg.HasVclock = true;
        var t = ctx.Tree;
        int start = r.Offset;
        if (!AddValue(ctx, ref r, _f.Vclock, out int node, withTree: false))
        {
            return false;
        }

        int end = r.Offset;
        var v = new MsgPackReader(r.Data[..end], start);
        if (v.TryReadMapHeader(out int n) != MsgPackResult.Success)
        {
            return true;
        }

        t.Reopen(node);
        for (int i = 0; i < n; i++)
        {
            int off = v.Offset;
            if (v.TryReadUInt(out ulong id) != MsgPackResult.Success)
            {
                break;
            }

            int lsnOff = v.Offset;
            if (v.TryReadUInt(out ulong lsn) != MsgPackResult.Success)
            {
                break;
            }

            t.AddUInt(_f.VclockReplica, off, lsnOff - off, id);
            int ln = t.AddUInt(_f.VclockComponent, lsnOff, v.Offset - lsnOff, lsn);
            if (ln >= 0 && t.WantsText)
            {
                t.SetLabel(ln, $"Replica {id}: LSN {lsn}");
            }
        }

        t.Close(node);
        return true;
    }

    /// <summary>METADATA / BIND_METADATA: an array of column maps {NAME 0, TYPE 1, COLL 2, IS_NULLABLE 3, IS_AUTOINCREMENT 4, SPAN 5}.</summary>
    private bool AddMetadata(DissectContext ctx, ref MsgPackReader r, FieldId field)
    {
        var t = ctx.Tree;
        int start = r.Offset;
        var ar = r.TryReadArrayHeader(out int n);
        if (ar != MsgPackResult.Success)
        {
            return ar == MsgPackResult.TokenMismatch ? AddValue(ctx, ref r, _f.Value) : Fail(ctx, ar, start, ref r);
        }

        int node = t.Open(field, start, 0);
        for (int i = 0; i < n; i++)
        {
            int colStart = r.Offset;
            var mr = r.TryReadMapHeader(out int keys);
            if (mr != MsgPackResult.Success)
            {
                if (mr != MsgPackResult.TokenMismatch || !AddValue(ctx, ref r, _f.Value))
                {
                    ReportRead(ctx, mr, colStart, r.Remaining, _e.BadMsgPack);
                    t.Close(node, r.Offset);
                    return false;
                }

                continue;
            }

            int col = t.Open(_f.Column, colStart, 0);
            int nameOff = -1, nameLen = 0;
            for (int k = 0; k < keys; k++)
            {
                if (!TryReadMapKey(ctx, ref r, out ulong key, out var tok, out int off))
                {
                    t.Close(col, r.Offset);
                    t.Close(node, r.Offset);
                    return false;
                }

                FieldId f = key switch
                {
                    0 when tok.Type == MsgPackType.Str => _f.ColumnName,
                    1 when tok.Type == MsgPackType.Str => _f.ColumnType,
                    2 when tok.Type == MsgPackType.Str => _f.ColumnColl,
                    3 when tok.Type == MsgPackType.Bool => _f.ColumnNullable,
                    4 when tok.Type == MsgPackType.Bool => _f.ColumnAutoinc,
                    5 when tok.Type == MsgPackType.Str => _f.ColumnSpan,
                    _ => default,
                };

                if (!f.IsValid)
                {
                    if (!AddValue(ctx, ref r, _f.Value))
                    {
                        t.Close(col, r.Offset);
                        t.Close(node, r.Offset);
                        return false;
                    }

                    continue;
                }

                AddKnownScalar(t, ref r, f, tok, off);
                if (key == 0)
                {
                    nameOff = tok.PayloadOffset;
                    nameLen = tok.Length;
                }
            }

            t.Close(col, r.Offset);
            if (col >= 0 && t.WantsText && nameOff >= 0)
            {
                _text.Clear();
                _text.Append("Column: "u8);
                _text.Append(r.Data.Slice(nameOff, nameLen));
                t.SetLabelUtf8(col, _text.Span);
            }
        }

        t.Close(node, r.Offset);
        return true;
    }

    /// <summary>SQL_INFO: {ROW_COUNT 0: uint, AUTOINCREMENT_IDS 1: [int...]}.</summary>
    private bool AddSqlInfo(DissectContext ctx, ref MsgPackReader r)
    {
        var t = ctx.Tree;
        int start = r.Offset;
        var mr = r.TryReadMapHeader(out int n);
        if (mr != MsgPackResult.Success)
        {
            return mr == MsgPackResult.TokenMismatch ? AddValue(ctx, ref r, _f.Value) : Fail(ctx, mr, start, ref r);
        }

        int node = t.Open(_f.SqlInfo, start, 0);
        for (int i = 0; i < n; i++)
        {
            int keyOff = r.Offset;
            if (r.TryReadUInt(out ulong key) != MsgPackResult.Success || r.TryPeek(out var tok) != MsgPackResult.Success)
            {
                ReportRead(ctx, MsgPackResult.InsufficientBuffer, keyOff, r.Remaining, _e.BadMsgPack);
                t.Close(node, r.Offset);
                return false;
            }

            int off = r.Offset;
            if (key == 0 && tok.TryGetUInt64(out ulong rows))
            {
                r.TryRead(out _);
                t.AddUInt(_f.RowCount, off, tok.TokenLength, rows);
            }
            else if (key == 1 && tok.Type == MsgPackType.Array)
            {
                r.TryReadArrayHeader(out int ids);
                for (int j = 0; j < ids; j++)
                {
                    int idOff = r.Offset;
                    if (r.TryPeek(out var idTok) == MsgPackResult.Success && idTok.Type is MsgPackType.UInt or MsgPackType.Int)
                    {
                        r.TryRead(out _);
                        t.AddInt(_f.AutoincrementId, idOff, idTok.TokenLength, idTok.Int64);
                    }
                    else if (!AddValue(ctx, ref r, _f.Value))
                    {
                        t.Close(node, r.Offset);
                        return false;
                    }
                }
            }
            else if (!AddValue(ctx, ref r, _f.Value))
            {
                t.Close(node, r.Offset);
                return false;
            }
        }

        t.Close(node, r.Offset);
        return true;
    }

    /// <summary>FEATURES: an array of feature ids.</summary>
    private bool AddFeatures(DissectContext ctx, ref MsgPackReader r)
    {
        var t = ctx.Tree;
        int start = r.Offset;
        var ar = r.TryReadArrayHeader(out int n);
        if (ar != MsgPackResult.Success)
        {
            return ar == MsgPackResult.TokenMismatch ? AddValue(ctx, ref r, _f.Value) : Fail(ctx, ar, start, ref r);
        }

        for (int i = 0; i < n; i++)
        {
            int off = r.Offset;
            if (r.TryReadUInt(out ulong f) == MsgPackResult.Success)
            {
                t.AddUInt(_f.Feature, off, r.Offset - off, f);
            }
            else if (!AddValue(ctx, ref r, _f.Value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// IPROTO_ERROR (MP_ERROR): {STACK 0: [{TYPE 0: str, FILE 1: str, LINE 2: uint, MESSAGE 3: str, ERRNO 4: uint,
    /// CODE 5: uint, FIELDS 6: map}...]}.
    /// </summary>
    private bool AddErrorStack(DissectContext ctx, ref MsgPackReader r, ref Msg msg)
    {
        var t = ctx.Tree;
        int start = r.Offset;
        var mr = r.TryReadMapHeader(out int n);
        if (mr != MsgPackResult.Success)
        {
            return mr == MsgPackResult.TokenMismatch ? AddValue(ctx, ref r, _f.Value) : Fail(ctx, mr, start, ref r);
        }

        int node = t.Open(_f.ErrorStack, start, 0);
        bool ok = DissectErrorMap(ctx, ref r, n, ref msg);
        t.Close(node, r.Offset);
        return ok;
    }

    private bool DissectErrorMap(DissectContext ctx, ref MsgPackReader r, int n, ref Msg msg)
    {
        var t = ctx.Tree;
        for (int i = 0; i < n; i++)
        {
            int keyOff = r.Offset;
            if (r.TryReadUInt(out ulong key) != MsgPackResult.Success || r.TryPeek(out var tok) != MsgPackResult.Success)
            {
                ReportRead(ctx, MsgPackResult.InsufficientBuffer, keyOff, r.Remaining, _e.BadMsgPack);
                return false;
            }

            if (key != 0 || tok.Type != MsgPackType.Array)
            {
                if (!AddValue(ctx, ref r, _f.Value))
                {
                    return false;
                }

                continue;
            }

            r.TryReadArrayHeader(out int frames);
            for (int j = 0; j < frames; j++)
            {
                int fs = r.Offset;
                var fr = r.TryReadMapHeader(out int keys);
                if (fr != MsgPackResult.Success)
                {
                    if (fr != MsgPackResult.TokenMismatch || !AddValue(ctx, ref r, _f.Value))
                    {
                        ReportRead(ctx, fr, fs, r.Remaining, _e.BadMsgPack);
                        return false;
                    }

                    continue;
                }

                int fnode = t.Open(_f.ErrorFrame, fs, 0);
                int typeOff = -1, typeLen = 0, msgOff = -1, msgLen = 0;
                for (int k = 0; k < keys; k++)
                {
                    if (!TryReadMapKey(ctx, ref r, out ulong fk, out var ft, out int off))
                    {
                        t.Close(fnode, r.Offset);
                        return false;
                    }

                    FieldId f = fk switch
                    {
                        0 when ft.Type == MsgPackType.Str => _f.ErrorType,
                        1 when ft.Type == MsgPackType.Str => _f.ErrorFile,
                        2 when ft.Type == MsgPackType.UInt => _f.ErrorLine,
                        3 when ft.Type == MsgPackType.Str => _f.ErrorMessage,
                        4 when ft.Type == MsgPackType.UInt => _f.ErrorErrno,
                        5 when ft.Type == MsgPackType.UInt => _f.ErrorCode,
                        _ => default,
                    };

                    if (!f.IsValid)
                    {
                        if (!AddValue(ctx, ref r, fk == 6 ? _f.ErrorFields : _f.Value))
                        {
                            t.Close(fnode, r.Offset);
                            return false;
                        }

                        continue;
                    }

                    AddKnownScalar(t, ref r, f, ft, off);
                    if (fk == 0)
                    {
                        typeOff = ft.PayloadOffset;
                        typeLen = ft.Length;
                    }
                    else if (fk == 3)
                    {
                        msgOff = ft.PayloadOffset;
                        msgLen = ft.Length;
                    }
                }

                t.Close(fnode, r.Offset);
                if (msg.ErrorMessageLength == 0 && msgOff >= 0)
                {
                    msg.ErrorMessageOffset = msgOff;
                    msg.ErrorMessageLength = msgLen;
                }

                if (fnode >= 0 && t.WantsText && typeOff >= 0)
                {
                    _text.Clear();
                    _text.Append(r.Data.Slice(typeOff, typeLen));
                    if (msgOff >= 0)
                    {
                        _text.Append(": "u8);
                        _text.Append(r.Data.Slice(msgOff, Math.Min(msgLen, TarantoolLimits.MaxValueText)));
                    }

                    t.SetLabelUtf8(fnode, _text.Span);
                }
            }
        }

        return true;
    }

    private bool Fail(DissectContext ctx, MsgPackResult result, int offset, ref MsgPackReader r)
    {
        ReportRead(ctx, result, offset, r.Remaining, _e.BadMsgPack);
        return false;
    }

    /// <summary>
    /// The unsigned key of a known-key map entry (SQL column metadata, MP_ERROR frames) and a look at its
    /// value, which starts at <paramref name="valueOffset"/>; false (reported) when either is cut short.
    /// </summary>
    private bool TryReadMapKey(DissectContext ctx, ref MsgPackReader r, out ulong key, out MsgPackToken value, out int valueOffset)
    {
        int keyOff = r.Offset;
        value = default;
        valueOffset = keyOff;
        if (r.TryReadUInt(out key) != MsgPackResult.Success || r.TryPeek(out value) != MsgPackResult.Success)
        {
            ReportRead(ctx, MsgPackResult.InsufficientBuffer, keyOff, r.Remaining, _e.BadMsgPack);
            return false;
        }

        valueOffset = r.Offset;
        return true;
    }

    /// <summary>Consumes a scalar value whose key and type named <paramref name="f"/>: a bool, an unsigned or a string.</summary>
    private static void AddKnownScalar(FieldTree t, ref MsgPackReader r, FieldId f, in MsgPackToken tok, int off)
    {
        r.TryRead(out _);
        switch (tok.Type)
        {
            case MsgPackType.Bool:
                t.AddBool(f, off, 1, tok.Raw);
                break;
            case MsgPackType.UInt:
                t.AddUInt(f, off, tok.TokenLength, tok.Raw);
                break;
            default:
                t.AddBytes(f, off, tok.TokenLength, tok.PayloadOffset, tok.Length);
                break;
        }
    }
}
