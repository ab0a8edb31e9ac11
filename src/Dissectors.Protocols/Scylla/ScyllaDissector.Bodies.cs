using Dissectors.Core.Dissection;

namespace Dissectors.Protocols.Scylla;

/// <summary>
/// Verb bodies: MUTATION and READ_DATA the way tshark 4.0 reads them; HINT_MUTATION, COUNTER_MUTATION,
/// READ_DIGEST, READ_MUTATION_DATA, MUTATION_DONE and MUTATION_FAILED by the same first arguments
/// (ScyllaDB's idl/storage_proxy.idl.hh: Seastar RPC writes a verb's arguments one after the other); the
/// rest of a body is not decoded (the whole body is also the tshark-compatible scylla.payload).
/// </summary>
internal sealed partial class ScyllaDissector
{
    private const int UuidSize = 16;

    /// <summary>
    /// MUTATION body as tshark reads it (the frozen_mutation IDL prefix).
    /// <code>
    ///  | size1 u32 | size2 u32 | table_id (16) | schema_id (16) | len_pkeys u32 | num_pkeys u32 |
    ///  | { len_pkey u32 | pkey[len_pkey] }* | rest (payload) |
    /// </code>
    /// </summary>
    private void DissectMutation(DissectContext ctx, ReadOnlySpan<byte> body, int at, bool restAsPayload = true)
    {
        var t = ctx.Tree;
        int mut = t.Open(ctx.Core.Ws.Text, at, body.Length);
        if (mut >= 0 && t.WantsText)
        {
            t.SetLabelUtf8(mut, "Mutation"u8);
        }

        int off = 0;
        if (!TryU32(ctx, body, at, ref off, _f.MutSize1, out _) || !TryU32(ctx, body, at, ref off, _f.MutSize2, out _)
            || !TryBytes(ctx, body, at, ref off, _f.MutTableId, UuidSize, out var table)
            || !TryBytes(ctx, body, at, ref off, _f.MutSchemaId, UuidSize, out _)
            || !TryU32(ctx, body, at, ref off, _f.MutLenPkeys, out _))
        {
            t.Close(mut);
            return;
        }

        if (ctx.Columns.Enabled)
        {
            _text.Append(", table_id="u8);
            AppendHex(table);
        }

        int keys = t.Open(ctx.Core.Ws.Text, at + off, body.Length - off);
        if (keys >= 0 && t.WantsText)
        {
            t.SetLabelUtf8(keys, "Partition key"u8);
        }

        if (TryU32(ctx, body, at, ref off, _f.MutNumPkeys, out uint num))
        {
            // Each key costs at least its 4-byte length, so the loop is bounded by the body.
            for (uint i = 0; i < num; i++)
            {
                if (!TryU32(ctx, body, at, ref off, _f.MutLenPkey, out uint klen)
                    || !TryBytes(ctx, body, at, ref off, _f.MutPkey, klen, out var key))
                {
                    break;
                }

                if (i == 0 && ctx.Columns.Enabled)
                {
                    _text.Append(", pkey="u8);
                    AppendHex(key[..Math.Min(key.Length, 32)]);
                }
            }
        }

        t.Close(keys);
        if (restAsPayload && off <= body.Length)
        {
            t.AddBytes(_f.Payload, at + off, body.Length - off);
        }

        t.Close(mut);
    }

    /// <summary>
    /// READ_DATA body as tshark reads it (the read_command IDL prefix).
    /// <code>
    ///  | timeout u32 | table_id (16) | schema_version (16) | rest (payload) |
    /// </code>
    /// </summary>
    private void DissectReadData(DissectContext ctx, ReadOnlySpan<byte> body, int at) =>
        DissectReadPrefix(ctx, body, at, "Read data"u8, _f.ReadDataTimeout, _f.ReadDataTableId, _f.ReadDataSchemaVersion, payloadAfter: true);

    /// <summary>
    /// READ_DIGEST / READ_MUTATION_DATA: the first argument is a query::read_command, as for READ_DATA
    /// (the u32 is the read_command frame size; tshark calls it a timeout for READ_DATA).
    /// <code>
    ///  | size u32 | table_id (16) | schema_version (16) | rest (slice, limits, partition range: not decoded) |
    /// </code>
    /// </summary>
    private void DissectReadCommand(DissectContext ctx, ReadOnlySpan<byte> body, int at) =>
        DissectReadPrefix(ctx, body, at, "Read command"u8, _f.ReadCommandSize, _f.ReadCommandTableId, _f.ReadCommandSchemaVersion, payloadAfter: false);

    /// <summary>The read_command prefix both read bodies share, under their own fields and label.</summary>
    private void DissectReadPrefix(DissectContext ctx, ReadOnlySpan<byte> body, int at, ReadOnlySpan<byte> label,
        Dissectors.Core.Fields.FieldId first, Dissectors.Core.Fields.FieldId tableId, Dissectors.Core.Fields.FieldId schema, bool payloadAfter)
    {
        var t = ctx.Tree;
        int rd = t.Open(ctx.Core.Ws.Text, at, body.Length);
        if (rd >= 0 && t.WantsText)
        {
            t.SetLabelUtf8(rd, label);
        }

        int off = 0;
        if (TryU32(ctx, body, at, ref off, first, out _)
            && TryBytes(ctx, body, at, ref off, tableId, UuidSize, out var table)
            && TryBytes(ctx, body, at, ref off, schema, UuidSize, out _))
        {
            if (ctx.Columns.Enabled)
            {
                _text.Append(", table_id="u8);
                AppendHex(table);
            }

            if (payloadAfter)
            {
                t.AddBytes(_f.Payload, at + off, body.Length - off);
            }
        }

        t.Close(rd);
    }

    /// <summary>
    /// COUNTER_MUTATION: a vector of frozen_mutation (each a u32 length and the bytes MUTATION starts with),
    /// then the consistency level and later arguments (payload).
    /// <code>
    ///  | count u32 | { size1 u32 | mutation[size1] }* | rest (consistency level, trace info: not decoded) |
    /// </code>
    /// </summary>
    private void DissectCounterMutation(DissectContext ctx, ReadOnlySpan<byte> body, int at)
    {
        int off = 0;
        if (!TryU32(ctx, body, at, ref off, _f.MutationCount, out uint count))
        {
            return;
        }

        // Each mutation costs at least its 4-byte length, so the loop is bounded by the body.
        for (uint i = 0; i < count; i++)
        {
            if (body.Length - off < 4)
            {
                ctx.Expert(_e.Truncated, at + off, body.Length - off);
                return;
            }

            long size = 4 + (long)ScyllaHeader.U32(body, off);
            if (size > body.Length - off)
            {
                ctx.Expert(_e.Truncated, at + off, body.Length - off);
                return;
            }

            if (i > 0 && ctx.Columns.Enabled)
            {
                _text.Append(" |"u8);
            }

            DissectMutation(ctx, body.Slice(off, (int)size), at + off, restAsPayload: false);
            off += (int)size;
        }
    }

    /// <summary>
    /// MUTATION_DONE / MUTATION_FAILED (the replica's acknowledgement of a write).
    /// <code>
    ///  | shard u32 | response_id u64 | [FAILED: num_failed u64] | rest (view backlog, exception: not decoded) |
    /// </code>
    /// </summary>
    private void DissectMutationDone(DissectContext ctx, ReadOnlySpan<byte> body, int at, bool failed)
    {
        var t = ctx.Tree;
        int need = failed ? 20 : 12;
        if (body.Length < need)
        {
            ctx.Expert(_e.Truncated, at, body.Length);
            return;
        }

        t.AddUInt(_f.Shard, at, 4, ScyllaHeader.U32(body, 0));
        ulong id = ScyllaHeader.U64(body, 4);
        t.AddUInt(_f.ResponseId, at + 4, 8, id);
        if (failed)
        {
            t.AddUInt(_f.NumFailed, at + 12, 8, ScyllaHeader.U64(body, 12));
        }

        if (ctx.Columns.Enabled)
        {
            _text.Append(", response_id="u8);
            _text.Append(id);
        }
    }

    private bool TryU32(DissectContext ctx, ReadOnlySpan<byte> body, int at, ref int off, Dissectors.Core.Fields.FieldId field, out uint value)
    {
        if (body.Length - off < 4)
        {
            ctx.Expert(_e.Truncated, at + off, body.Length - off);
            value = 0;
            return false;
        }

        value = ScyllaHeader.U32(body, off);
        ctx.Tree.AddUInt(field, at + off, 4, value);
        off += 4;
        return true;
    }

    private bool TryBytes(DissectContext ctx, ReadOnlySpan<byte> body, int at, ref int off, Dissectors.Core.Fields.FieldId field, uint length, out ReadOnlySpan<byte> value)
    {
        if ((uint)(body.Length - off) < length)
        {
            ctx.Expert(_e.Truncated, at + off, body.Length - off);
            value = default;
            return false;
        }

        value = body.Slice(off, (int)length);
        ctx.Tree.AddBytes(field, at + off, (int)length);
        off += (int)length;
        return true;
    }
}
