using Dissectors.Core.Dissection;
using Dissectors.Core.Fields;
using Dissectors.Protocols.Common;

namespace Dissectors.Protocols.Cql;

internal sealed partial class CqlDissector
{
    private enum MetaKind
    {
        /// <summary>A Rows result's metadata (also a prepared statement's result metadata).</summary>
        Rows,
        /// <summary>A Prepared result's bound-variable metadata.</summary>
        Variables,
        /// <summary>A Prepared result's result metadata.</summary>
        PreparedResult,
    }

    /// <summary>RESULT: an [int] kind, then the kind's body (§4.2.5).</summary>
    private bool DissectResult(DissectContext ctx, ref WireReader r, ref Msg msg)
    {
        var t = ctx.Tree;
        int at = r.Offset;
        if (!r.TryReadInt32BE(out int kind))
        {
            return Truncated(ctx, ref r);
        }

        t.AddInt(_f.ResultKind, at, 4, kind);
        if (msg.WantInfo)
        {
            _text.Append((byte)' ');
            _text.Append(CqlValues.ResultKind.TryGetName(kind, out string name) ? name : "Unknown kind");
        }

        bool ok;
        switch ((CqlResultKind)kind)
        {
            case CqlResultKind.Void:
                ok = true;
                break;
            case CqlResultKind.Rows:
                ok = DissectRows(ctx, ref r, ref msg);
                break;
            case CqlResultKind.SetKeyspace:
                ok = ReadString(ctx, ref r, _f.String, out int ko, out int kl);
                if (ok)
                {
                    t.AddBytes(_f.Keyspace, ko, kl, NodeFlags.Hidden);
                    if (msg.WantInfo)
                    {
                        _text.Append((byte)' ');
                        _text.Append(r.Data.Slice(ko, kl));
                    }
                }

                break;
            case CqlResultKind.Prepared:
                ok = DissectPrepared(ctx, ref r, ref msg);
                break;
            case CqlResultKind.SchemaChange:
                // tshark: three empty cql.string items (a stale length of 0); kept hidden for filter compatibility.
                t.AddBytes(_f.String, r.Offset, 0, NodeFlags.Hidden);
                t.AddBytes(_f.String, r.Offset, 0, NodeFlags.Hidden);
                t.AddBytes(_f.String, r.Offset, 0, NodeFlags.Hidden);
                ok = DissectSchemaChange(ctx, ref r, in msg);
                break;
            default:
                ok = Undecoded(ctx, ref r);
                break;
        }

        if (msg.WantInfo && msg.HasRequest && kind != (int)CqlResultKind.SetKeyspace)
        {
            int textId = RequestTextId(in msg.Request);
            if (textId >= 0)
            {
                AppendQueryInfo(_m.Texts.Get(textId));
            }
        }

        return ok;
    }

    /// <summary>
    /// Rows (§4.2.5.2): <c>&lt;metadata&gt;&lt;rows_count&gt;&lt;rows_content&gt;</c>. Without metadata (the
    /// request asked to skip it) the prepared statement's result metadata types the cells, when known.
    /// </summary>
    private bool DissectRows(DissectContext ctx, ref WireReader r, ref Msg msg)
    {
        var t = ctx.Tree;
        var meta = _meta;
        if (!ParseMetadata(ctx, ref r, meta, msg.Version, MetaKind.Rows, emit: true))
        {
            return false;
        }

        int rowsAt = r.Offset;
        int rowsNode = t.Open(ctx.Core.Ws.Text, rowsAt, r.Remaining);
        t.SetLabel(rowsNode, "Rows");
        if (!r.TryReadInt32BE(out int rows))
        {
            t.Close(rowsNode);
            return Truncated(ctx, ref r);
        }

        int rc = t.AddInt(_f.ResultRowsRowCount, rowsAt, 4, rows);
        if (msg.WantInfo)
        {
            _text.Append(" ("u8);
            _text.Append(rows);
            _text.Append(rows == 1 ? " row)"u8 : " rows)"u8);
        }

        if (rows < 0)
        {
            t.Reopen(rc);
            ctx.Expert(_e.UnexpectedNegative, rowsAt, 4);
            t.Close(rc);
            t.Close(rowsNode);
            r.Seek(r.Length);
            return true;
        }

        int columns = meta.DeclaredColumns;
        if (columns == 0 || rows == 0)
        {
            t.Close(rowsNode);
            return true;
        }

        if ((long)rows * columns * 4 > r.Remaining)
        {
            ctx.Expert(_e.CountTooLarge, rowsAt, 4);
            t.Close(rowsNode);
            r.Seek(r.Length);
            return true;
        }

        if (!WantsValues(t))
        {
            // Nothing will show the cells: step over them.
            bool ok = SkipCells(ref r, (long)rows * columns);
            t.Close(rowsNode);
            return ok || Truncated(ctx, ref r);
        }

        // Which metadata types the cells: this result's, or the prepared statement's when it was skipped.
        CqlMetadata? types = meta.HasColumns ? meta : null;
        ReadOnlySpan<byte> typeBytes = r.Data;
        if (types is null && msg.HasRequest && (msg.Request.Tag & TagPrepared) != 0)
        {
            var prepared = _m.Prepared.Get(msg.Request.Tag2);
            if (prepared.Result is { } stored && ParseStoredMetadata(stored, prepared.Version, variables: false) is { } pm
                && pm.HasColumns && pm.ColumnCount == columns)
            {
                types = pm;
                typeBytes = stored;
            }
        }

        bool result = DecodeRows(ctx, ref r, rows, columns, types, typeBytes);
        t.Close(rowsNode);
        return result;
    }

    private bool DecodeRows(DissectContext ctx, ref WireReader r, int rows, int columns, CqlMetadata? types, ReadOnlySpan<byte> typeBytes)
    {
        var t = ctx.Tree;
        for (int row = 0; row < rows; row++)
        {
            int rowNode = t.Open(ctx.Core.Ws.Text, r.Offset, 0);
            if (rowNode >= 0 && t.WantsText)
            {
                _label.Clear();
                _label.Append("Row "u8);
                _label.Append(row + 1);
                t.SetLabelUtf8(rowNode, _label.Span);
            }

            for (int col = 0; col < columns; col++)
            {
                int at = r.Offset;
                if (!r.TryReadInt32BE(out int length))
                {
                    t.Close(rowNode);
                    return Truncated(ctx, ref r);
                }

                t.AddInt(_f.BytesLengthInt, at, 4, length);
                ReadOnlySpan<byte> name = types is not null ? typeBytes.Slice(types.Columns[col].NameOffset, types.Columns[col].NameLength) : default;
                if (length < 0)
                {
                    int nn = t.AddNone(_f.NullValue, at, 4);
                    if (nn >= 0 && t.WantsText && !name.IsEmpty)
                    {
                        _label.Clear();
                        _label.Append(name);
                        _label.Append(": NULL"u8);
                        t.SetLabelUtf8(nn, _label.Span);
                    }

                    continue;
                }

                if (!r.TryReadBytes(length, out var value))
                {
                    r.Seek(at + 4);
                    t.Close(rowNode);
                    return Truncated(ctx, ref r);
                }

                if (types is null)
                {
                    if (length > 0)
                    {
                        t.AddBytes(_f.Bytes, at + 4, length);
                    }

                    continue;
                }

                DecodeTyped(ctx, value, at + 4, types, typeBytes, types.Columns[col].Type, 0, name);
            }

            t.Close(rowNode, r.Offset);
        }

        return true;
    }

    private static bool SkipCells(ref WireReader r, long cells)
    {
        for (long i = 0; i < cells; i++)
        {
            if (!r.TryReadInt32BE(out int length) || (length > 0 && !r.TrySkip(length)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Prepared (§4.2.5.4): <c>&lt;id&gt;[&lt;result_metadata_id&gt;]&lt;metadata&gt;&lt;result_metadata&gt;</c>; the
    /// statement is remembered for this server so EXECUTE values and skipped-metadata rows decode by type.
    /// </summary>
    private bool DissectPrepared(DissectContext ctx, ref WireReader r, ref Msg msg)
    {
        var t = ctx.Tree;
        if (!ReadShortBytes(ctx, ref r, _f.QueryId, out int io, out int il))
        {
            return false;
        }

        var id = r.Data.Slice(io, il);
        if (msg.Version >= 5 && !ReadShortBytes(ctx, ref r, _f.ResultMetadataId, out _, out _))
        {
            return false;
        }

        var meta = _meta;
        int varsAt = r.Offset;
        int node = t.Open(ctx.Core.Ws.Text, varsAt, 0);
        t.SetLabel(node, "Bound Variables");
        bool ok = ParseMetadata(ctx, ref r, meta, msg.Version, MetaKind.Variables, emit: true);
        t.Close(node, r.Offset);
        if (!ok)
        {
            return false;
        }

        int varsEnd = r.Offset;
        int resultAt = r.Offset;
        int resultEnd = resultAt;
        if (msg.Version >= 2 && !r.IsEnd)
        {
            node = t.Open(ctx.Core.Ws.Text, resultAt, 0);
            t.SetLabel(node, "Result Metadata");
            ok = ParseMetadata(ctx, ref r, meta, msg.Version, MetaKind.PreparedResult, emit: true);
            t.Close(node, r.Offset);
            if (!ok)
            {
                return false;
            }

            resultEnd = r.Offset;
        }

        int index = _m.Prepared.GetOrAdd(_conv.Server, id);
        if (index >= 0)
        {
            var p = _m.Prepared.Get(index);
            p.Version = msg.Version;
            if (msg.HasRequest && (msg.Request.Tag & TagOpcodeMask) == (int)CqlOpcode.Prepare && msg.Request.Tag2 >= 0)
            {
                p.TextId = msg.Request.Tag2;
            }

            p.Variables = Keep(p.Variables, r.Data[varsAt..varsEnd]);
            p.Result = resultEnd > resultAt ? Keep(p.Result, r.Data[resultAt..resultEnd]) : p.Result;
        }

        return true;
    }

    /// <summary>The stored copy of metadata bytes, reallocated only when they changed.</summary>
    private static byte[] Keep(byte[]? stored, ReadOnlySpan<byte> bytes) =>
        stored is not null && stored.AsSpan().SequenceEqual(bytes) ? stored : bytes.ToArray();

    /// <summary>Parses remembered metadata bytes (no tree items) into a scratch block; null when they do not parse.</summary>
    private CqlMetadata? ParseStoredMetadata(byte[] bytes, int version, bool variables)
    {
        var meta = _prepMeta;
        var r = new WireReader(bytes);
        return ParseMetadata(null, ref r, meta, version, variables ? MetaKind.Variables : MetaKind.PreparedResult, emit: false) ? meta : null;
    }

    /// <summary>
    /// Metadata (§4.2.5.2, §4.2.5.4):
    /// <code>
    ///  Rows:      &lt;flags&gt;&lt;columns_count&gt;[&lt;paging_state&gt;][&lt;new_metadata_id&gt;][&lt;global_table_spec&gt;?&lt;col_spec_1&gt;...&lt;col_spec_n&gt;]
    ///  Variables: &lt;flags&gt;&lt;columns_count&gt;[&lt;pk_count&gt;&lt;pk_index_1&gt;...] (v4+)[&lt;global_table_spec&gt;?&lt;col_spec_1&gt;...]
    ///  col_spec:  [&lt;ksname&gt;&lt;tablename&gt;]&lt;name&gt;&lt;type&gt;
    /// </code>
    /// With <paramref name="emit"/> false (remembered bytes) nothing goes to the tree and <paramref name="ctx"/> may be null.
    /// </summary>
    private bool ParseMetadata(DissectContext? ctx, ref WireReader r, CqlMetadata meta, int version, MetaKind kind, bool emit)
    {
        meta.Reset();
        FieldTree? t = emit ? ctx!.Tree : null;
        int at = r.Offset;
        if (!r.TryReadInt32BE(out int flags) || !r.TryReadInt32BE(out int count))
        {
            return emit && Truncated(ctx!, ref r);
        }

        meta.Flags = flags;
        if (t is not null)
        {
            switch (kind)
            {
                case MetaKind.Rows:
                    t.AddUInt(_f.ResultRowsFlags, at, 4, (uint)flags);
                    t.AddBool(_f.ResultRowsFlagsGlobalTables, at, 4, (uint)flags);
                    t.AddBool(_f.ResultRowsFlagsHasMorePages, at, 4, (uint)flags);
                    t.AddBool(_f.ResultRowsFlagsNoMetadata, at, 4, (uint)flags);
                    if (version >= 5)
                    {
                        t.AddBool(_f.ResultRowsFlagsMetadataChanged, at, 4, (uint)flags);
                    }

                    break;
                case MetaKind.Variables:
                    t.AddUInt(_f.PreparedFlags, at, 4, (uint)flags);
                    break;
                default:
                    t.AddUInt(_f.PreparedResultFlags, at, 4, (uint)flags);
                    break;
            }
        }

        // Only a Rows result has tshark's "Metadata" subtree (Open/Close must pair, so remember whether it was opened).
        bool metaOpened = t is not null && kind == MetaKind.Rows;
        int metaNode = -1;
        if (metaOpened)
        {
            metaNode = t!.Open(ctx!.Core.Ws.Text, at + 4, 0);
            t.SetLabel(metaNode, "Metadata");
        }

        int cc = t?.AddInt(kind switch
        {
            MetaKind.Rows => _f.ResultRowsColumnCount,
            MetaKind.Variables => _f.PreparedColumnCount,
            _ => _f.PreparedResultColumnCount,
        }, at + 4, 4, count) ?? -1;
        if (count < 0)
        {
            if (t is not null)
            {
                t.Reopen(cc);
                ctx!.Expert(_e.UnexpectedNegative, at + 4, 4);
                t.Close(cc);
                if (metaOpened)
                {
                    t.Close(metaNode);
                }
            }

            r.Seek(r.Length);
            return false;
        }

        meta.DeclaredColumns = count;
        bool ok = ParseMetadataRest(ctx, ref r, meta, version, kind, flags, count, t);
        if (metaOpened)
        {
            t!.Close(metaNode, r.Offset);
        }

        return ok;
    }

    private bool ParseMetadataRest(DissectContext? ctx, ref WireReader r, CqlMetadata meta, int version, MetaKind kind, int flags, int count, FieldTree? t)
    {
        if (kind == MetaKind.Variables && version >= 4)
        {
            int at = r.Offset;
            if (!r.TryReadInt32BE(out int pkCount))
            {
                return t is not null && Truncated(ctx!, ref r);
            }

            t?.AddInt(_f.PreparedPkCount, at, 4, pkCount);
            if (pkCount < 0 || pkCount * 2L > r.Remaining)
            {
                if (t is not null)
                {
                    ctx!.Expert(_e.CountTooLarge, at, 4);
                }

                r.Seek(r.Length);
                return false;
            }

            for (int i = 0; i < pkCount; i++)
            {
                int pa = r.Offset;
                r.TryReadUInt16BE(out ushort pk);
                t?.AddUInt(_f.PreparedPkIndex, pa, 2, pk);
            }
        }

        if (kind != MetaKind.Variables && (flags & (int)CqlRowsFlags.HasMorePages) != 0)
        {
            if (t is not null)
            {
                if (!ReadBytes(ctx!, ref r, _f.PagingState, out _, out _))
                {
                    return false;
                }
            }
            else if (!r.TryReadInt32BE(out int n) || (n > 0 && !r.TrySkip(n)))
            {
                return false;
            }
        }

        if (kind != MetaKind.Variables && version >= 5 && (flags & (int)CqlRowsFlags.MetadataChanged) != 0)
        {
            if (t is not null)
            {
                if (!ReadShortBytes(ctx!, ref r, _f.ResultMetadataId, out _, out _))
                {
                    return false;
                }
            }
            else if (!r.TryReadUInt16BE(out ushort n) || !r.TrySkip(n))
            {
                return false;
            }
        }

        if (kind != MetaKind.Variables && (flags & (int)CqlRowsFlags.NoMetadata) != 0)
        {
            return true;
        }

        if (count * 4L > r.Remaining)
        {
            if (t is not null)
            {
                ctx!.Expert(_e.CountTooLarge, r.Offset, 0);
                r.Seek(r.Length);
            }

            return false;
        }

        meta.HasColumns = true;
        bool global = (flags & (int)CqlRowsFlags.GlobalTablesSpec) != 0;
        int ksOff = 0, ksLen = 0, tabOff = 0, tabLen = 0;
        if (global)
        {
            if (!MetaString(ctx, ref r, t, _f.ResultRowsKeyspaceName, out ksOff, out ksLen)
                || !MetaString(ctx, ref r, t, _f.ResultRowsTableName, out tabOff, out tabLen))
            {
                return false;
            }

            t?.AddBytes(_f.Keyspace, ksOff, ksLen, NodeFlags.Hidden);
            t?.AddBytes(_f.Table, tabOff, tabLen, NodeFlags.Hidden);
        }

        int lastKsOff = -1, lastKsLen = 0, lastTabOff = -1, lastTabLen = 0;
        for (int i = 0; i < count; i++)
        {
            ref var col = ref meta.AddColumn();
            if (!global)
            {
                if (!MetaString(ctx, ref r, t, _f.ResultRowsKeyspaceName, out ksOff, out ksLen)
                    || !MetaString(ctx, ref r, t, _f.ResultRowsTableName, out tabOff, out tabLen))
                {
                    return false;
                }

                // cql.keyspace/cql.table once per distinct table, not once per column.
                if (t is not null && (lastKsOff < 0 || !r.Data.Slice(ksOff, ksLen).SequenceEqual(r.Data.Slice(lastKsOff, lastKsLen))
                    || !r.Data.Slice(tabOff, tabLen).SequenceEqual(r.Data.Slice(lastTabOff, lastTabLen))))
                {
                    t.AddBytes(_f.Keyspace, ksOff, ksLen, NodeFlags.Hidden);
                    t.AddBytes(_f.Table, tabOff, tabLen, NodeFlags.Hidden);
                    (lastKsOff, lastKsLen, lastTabOff, lastTabLen) = (ksOff, ksLen, tabOff, tabLen);
                }
            }

            col.KeyspaceOffset = ksOff;
            col.KeyspaceLength = ksLen;
            col.TableOffset = tabOff;
            col.TableLength = tabLen;
            if (!MetaString(ctx, ref r, t, _f.ResultRowsColumnName, out col.NameOffset, out col.NameLength))
            {
                return false;
            }

            int type = ParseType(ctx, ref r, meta, 0, t);
            if (type < 0)
            {
                return false;
            }

            meta.Columns[i].Type = type;
        }

        return true;
    }

    /// <summary>A [string] of metadata: emitted with its length item, or only read.</summary>
    private bool MetaString(DissectContext? ctx, ref WireReader r, FieldTree? t, FieldId field, out int offset, out int length)
    {
        if (t is not null)
        {
            return ReadString(ctx!, ref r, field, out offset, out length);
        }

        offset = r.Offset + 2;
        length = 0;
        if (!r.TryReadUInt16BE(out ushort n) || !r.TrySkip(n))
        {
            return false;
        }

        length = n;
        return true;
    }
}
