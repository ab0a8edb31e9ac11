using System.Buffers.Binary;
using Dissectors.Core.Dissection;
using Dissectors.Protocols.Common;

namespace Dissectors.Protocols.Cql;

internal sealed partial class CqlDissector
{
    /// <summary>
    /// ERROR (§4.2.1, §9): an [int] code, a [string] message, then data that depends on the code. tshark
    /// shows the code and the message (as <c>cql.string</c>); the rest goes to <c>cql.error.*</c>.
    /// </summary>
    private bool DissectError(DissectContext ctx, ref WireReader r, ref Msg msg)
    {
        var t = ctx.Tree;
        int at = r.Offset;
        if (!r.TryReadInt32BE(out int code))
        {
            return Truncated(ctx, ref r);
        }

        int cn = t.AddInt(_f.ErrorCode, at, 4, code);
        bool named = CqlValues.ErrorCode.TryGetName(code, out string name);
        bool rateLimit = IsRateLimitCode(code);
        if (rateLimit)
        {
            name = "Rate_limit";
            named = true;
        }

        if (cn >= 0 && named && t.WantsText)
        {
            _label.Clear();
            _label.Append("Error Code: "u8);
            _label.Append(code);
            _label.Append(" ("u8);
            _label.Append(name);
            _label.Append(", 0x"u8);
            _label.Append(code, "x4");
            _label.Append((byte)')');
            t.SetLabelUtf8(cn, _label.Span);
        }

        if (!ReadString(ctx, ref r, _f.String, out int mo, out int ml))
        {
            return false;
        }

        t.AddBytes(_f.ErrorMessage, mo, ml, NodeFlags.Hidden);
        if (msg.WantInfo)
        {
            _text.Append((byte)' ');
            if (named)
            {
                _text.Append(name);
                _text.Append(" (0x"u8);
                _text.Append(code, "x4");
                _text.Append((byte)')');
            }
            else
            {
                _text.Append("0x"u8);
                _text.Append(code, "x4");
            }

            AppendQueryInfo(r.Data.Slice(mo, ml));
        }

        if (r.IsEnd)
        {
            return true;
        }

        if (rateLimit || (!named && r.Remaining == 2 && r.Data[r.Offset] <= 1 && r.Data[r.Offset + 1] <= 1))
        {
            // ScyllaDB's rate-limit error: <op_type><rejected_by_coordinator>.
            int o = r.Offset;
            r.TryReadByte(out byte op);
            r.TryReadByte(out byte byCoordinator);
            t.AddUInt(_f.ErrorRateLimitOp, o, 1, op);
            t.AddBool(_f.ErrorRateLimitByCoordinator, o + 1, 1, byCoordinator);
            return true;
        }

        switch (code)
        {
            case 0x1000: // Unavailable: <cl><required><alive>
                return ReadConsistency(ctx, ref r, _f.ErrorConsistency, out _)
                    && ReadInt(ctx, ref r, _f.ErrorRequired) && ReadInt(ctx, ref r, _f.ErrorAlive);
            case 0x1100: // Write_timeout: <cl><received><blockfor><writeType>[<contentions>]
                {
                    if (!ReadReplicaCounts(ctx, ref r) || !ReadString(ctx, ref r, _f.ErrorWriteType, out int wo, out int wl))
                    {
                        return false;
                    }

                    if (msg.Version >= 5 && r.Data.Slice(wo, wl).SequenceEqual("CAS"u8) && !r.IsEnd)
                    {
                        int ca = r.Offset;
                        if (!r.TryReadUInt16BE(out ushort contentions))
                        {
                            return Truncated(ctx, ref r);
                        }

                        t.AddUInt(_f.ErrorContentions, ca, 2, contentions);
                    }

                    return true;
                }

            case 0x1200: // Read_timeout: <cl><received><blockfor><data_present>
                return ReadReplicaCounts(ctx, ref r) && ReadFlagByte(ctx, ref r, _f.ErrorDataPresent);
            case 0x1300: // Read_failure: <cl><received><blockfor><reasonmap|numfailures><data_present>
                return ReadReplicaCounts(ctx, ref r) && ReadFailures(ctx, ref r, msg.Version) && ReadFlagByte(ctx, ref r, _f.ErrorDataPresent);
            case 0x1400: // Function_failure: <keyspace><function><arg_types>
                return ReadString(ctx, ref r, _f.Keyspace, out _, out _) && ReadString(ctx, ref r, _f.ErrorFunction, out _, out _)
                    && ReadStringList(ctx, ref r, _f.ErrorArgType, out _);
            case 0x1500: // Write_failure: <cl><received><blockfor><reasonmap|numfailures><write_type>
                return ReadReplicaCounts(ctx, ref r) && ReadFailures(ctx, ref r, msg.Version) && ReadString(ctx, ref r, _f.ErrorWriteType, out _, out _);
            case 0x1700: // CAS_write_unknown: <cl><received><blockfor>
                return ReadReplicaCounts(ctx, ref r);
            case 0x2400: // Already_exists: <ks><table>
                return ReadString(ctx, ref r, _f.Keyspace, out _, out _) && ReadString(ctx, ref r, _f.Table, out _, out _);
            case 0x2500: // Unprepared: [short bytes] id
                return ReadShortBytes(ctx, ref r, _f.ErrorUnpreparedId, out _, out _);
            default:
                return true;
        }
    }

    private bool IsRateLimitCode(int code) => _m.RateLimitCodes.TryGetValue(_conv.Server, out int rl) && rl == code;

    private bool ReadReplicaCounts(DissectContext ctx, ref WireReader r) =>
        ReadConsistency(ctx, ref r, _f.ErrorConsistency, out _) && ReadInt(ctx, ref r, _f.ErrorReceived) && ReadInt(ctx, ref r, _f.ErrorBlockFor);

    private bool ReadInt(DissectContext ctx, ref WireReader r, Dissectors.Core.Fields.FieldId field)
    {
        int at = r.Offset;
        if (!r.TryReadInt32BE(out int v))
        {
            return Truncated(ctx, ref r);
        }

        ctx.Tree.AddInt(field, at, 4, v);
        return true;
    }

    private bool ReadFlagByte(DissectContext ctx, ref WireReader r, Dissectors.Core.Fields.FieldId field)
    {
        int at = r.Offset;
        if (!r.TryReadByte(out byte b))
        {
            return Truncated(ctx, ref r);
        }

        ctx.Tree.AddBool(field, at, 1, b);
        return true;
    }

    /// <summary>v4: <c>&lt;numfailures&gt;</c> [int]; v5: a reason map, [int] n then n × ([inetaddr] endpoint, [short] code).</summary>
    private bool ReadFailures(DissectContext ctx, ref WireReader r, int version)
    {
        var t = ctx.Tree;
        int at = r.Offset;
        if (!r.TryReadInt32BE(out int n))
        {
            return Truncated(ctx, ref r);
        }

        t.AddInt(_f.ErrorNumFailures, at, 4, n);
        if (version < 5)
        {
            return true;
        }

        if (n < 0 || n * 7L > r.Remaining)
        {
            ctx.Expert(_e.CountTooLarge, at, 4);
            r.Seek(r.Length);
            return false;
        }

        for (int i = 0; i < n; i++)
        {
            int node = t.Open(ctx.Core.Ws.Text, r.Offset, 0);
            t.SetLabel(node, "Failed Replica");
            if (!ReadInet(ctx, ref r, _f.ErrorFailureIPv4, _f.ErrorFailureIPv6, default, withPort: false))
            {
                t.Close(node);
                return false;
            }

            int ca = r.Offset;
            if (!r.TryReadUInt16BE(out ushort reason))
            {
                t.Close(node);
                return Truncated(ctx, ref r);
            }

            t.AddUInt(_f.ErrorFailureReason, ca, 2, reason);
            t.Close(node, r.Offset);
        }

        return true;
    }

    /// <summary>SUPPORTED: a [string multimap] of options and their values (§4.2.4).</summary>
    private bool DissectSupported(DissectContext ctx, ref WireReader r)
    {
        var t = ctx.Tree;
        int at = r.Offset;
        if (!r.TryReadUInt16BE(out ushort n))
        {
            return Truncated(ctx, ref r);
        }

        t.AddUInt(_f.StringMapSize, at, 2, n);
        for (int i = 0; i < n; i++)
        {
            if (!ReadString(ctx, ref r, _f.OptionName, out int ko, out int kl))
            {
                return false;
            }

            bool rateLimit = r.Data.Slice(ko, kl).SequenceEqual("SCYLLA_RATE_LIMIT_ERROR"u8);
            int la = r.Offset;
            if (!r.TryReadUInt16BE(out ushort values))
            {
                return Truncated(ctx, ref r);
            }

            t.AddUInt(_f.StringListSize, la, 2, values);
            for (int k = 0; k < values; k++)
            {
                if (!ReadString(ctx, ref r, _f.OptionValue, out int vo, out int vl))
                {
                    return false;
                }

                var value = r.Data.Slice(vo, vl);
                if (rateLimit && value.StartsWith("ERROR_CODE="u8)
                    && int.TryParse(value["ERROR_CODE=".Length..], System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out int code))
                {
                    _m.RateLimitCodes[_conv.Server] = code;
                }
            }
        }

        return true;
    }

    /// <summary>EVENT (§4.2.6): a [string] type, then TOPOLOGY_CHANGE/STATUS_CHANGE ([string] change, [inet] node) or SCHEMA_CHANGE.</summary>
    private bool DissectEvent(DissectContext ctx, ref WireReader r, ref Msg msg)
    {
        if (!ReadString(ctx, ref r, _f.EventType, out int to, out int tl))
        {
            return false;
        }

        var type = r.Data.Slice(to, tl);
        if (msg.WantInfo)
        {
            _text.Append((byte)' ');
            _text.Append(type);
        }

        if (type.SequenceEqual("TOPOLOGY_CHANGE"u8) || type.SequenceEqual("STATUS_CHANGE"u8))
        {
            if (!ReadString(ctx, ref r, _f.EventChange, out int co, out int cl))
            {
                return false;
            }

            if (msg.WantInfo)
            {
                _text.Append((byte)' ');
                _text.Append(r.Data.Slice(co, cl));
            }

            int ia = r.Offset;
            if (!ReadInet(ctx, ref r, _f.EventIPv4, _f.EventIPv6, _f.EventPort, withPort: true))
            {
                return false;
            }

            if (msg.WantInfo && r.Data[ia] == 4)
            {
                _text.Append((byte)' ');
                AddressFormat.AppendIPv4(_text, BinaryPrimitives.ReadUInt32BigEndian(r.Data.Slice(ia + 1, 4)));
            }

            return true;
        }

        if (type.SequenceEqual("SCHEMA_CHANGE"u8))
        {
            return DissectSchemaChange(ctx, ref r, in msg);
        }

        return Undecoded(ctx, ref r);
    }

    /// <summary>
    /// Schema change (a RESULT kind and an EVENT): v3+ <c>&lt;change_type&gt;&lt;target&gt;&lt;options&gt;</c>, where options
    /// are a keyspace (KEYSPACE), keyspace and name (TABLE, TYPE) or keyspace, name and argument types
    /// (FUNCTION, AGGREGATE); v1/v2: change, keyspace and table strings.
    /// </summary>
    private bool DissectSchemaChange(DissectContext ctx, ref WireReader r, in Msg msg)
    {
        var t = ctx.Tree;
        if (!ReadString(ctx, ref r, _f.SchemaChangeType, out int co, out int cl))
        {
            return false;
        }

        if (msg.Version <= 2)
        {
            if (!ReadString(ctx, ref r, _f.SchemaChangeKeyspace, out int ko, out int kl) || !ReadString(ctx, ref r, _f.SchemaChangeObject, out int oo, out int ol))
            {
                return false;
            }

            t.AddBytes(_f.Keyspace, ko, kl, NodeFlags.Hidden);
            if (ol > 0)
            {
                t.AddBytes(_f.Table, oo, ol, NodeFlags.Hidden);
            }

            SchemaInfo(r.Data, in msg, co, cl, -1, 0, ko, kl, oo, ol);
            return true;
        }

        if (!ReadString(ctx, ref r, _f.SchemaChangeTarget, out int go, out int gl)
            || !ReadString(ctx, ref r, _f.SchemaChangeKeyspace, out int kso, out int ksl))
        {
            return false;
        }

        t.AddBytes(_f.Keyspace, kso, ksl, NodeFlags.Hidden);
        var target = r.Data.Slice(go, gl);
        int no = -1, nl = 0;
        if (target.SequenceEqual("TABLE"u8) || target.SequenceEqual("TYPE"u8))
        {
            if (!ReadString(ctx, ref r, _f.SchemaChangeObject, out no, out nl))
            {
                return false;
            }

            if (target.SequenceEqual("TABLE"u8))
            {
                t.AddBytes(_f.Table, no, nl, NodeFlags.Hidden);
            }
        }
        else if (target.SequenceEqual("FUNCTION"u8) || target.SequenceEqual("AGGREGATE"u8))
        {
            if (!ReadString(ctx, ref r, _f.SchemaChangeObject, out no, out nl) || !ReadStringList(ctx, ref r, _f.SchemaChangeArgument, out _))
            {
                return false;
            }
        }

        SchemaInfo(r.Data, in msg, co, cl, go, gl, kso, ksl, no, nl);
        return true;
    }

    private void SchemaInfo(ReadOnlySpan<byte> data, in Msg msg, int co, int cl, int go, int gl, int ko, int kl, int no, int nl)
    {
        if (!msg.WantInfo)
        {
            return;
        }

        _text.Append((byte)' ');
        _text.Append(data.Slice(co, cl));
        if (go >= 0)
        {
            _text.Append((byte)' ');
            _text.Append(data.Slice(go, gl));
        }

        _text.Append((byte)' ');
        _text.Append(data.Slice(ko, kl));
        if (no >= 0 && nl > 0)
        {
            _text.Append((byte)'.');
            _text.Append(data.Slice(no, nl));
        }
    }
}
