using Dissectors.Core.Dissection;
using Dissectors.Core.Fields;

namespace Dissectors.Protocols.MySql;

internal sealed partial class MySqlDissector
{
    private const int GreetingSaltLength = 8;
    private const int LoginFixedLength = 32;

    /// <summary>
    /// The server greeting, protocol 10.
    /// <code>
    /// | 10 | version NUL | thread id (4) | salt (8) | 0 | caps low (2) | collation (1) | status (2) | caps high (2) |
    /// | auth data length (1) | reserved (6) | MariaDB caps (4) or reserved | salt part 2 NUL | auth plugin NUL |
    /// </code>
    /// </summary>
    private void DissectGreeting(DissectContext ctx, ReadOnlySpan<byte> p)
    {
        var t = ctx.Tree;
        _c.Phase = MySqlPhase.Login;
        _c.GreetingSeen = true;
        SetInfoHead(ctx, "Server Greeting "u8);
        int node = t.Open(_f.ServerGreeting, 0, p.Length);
        t.AddUInt(_f.ProtocolVersion, 0, 1, p[0]);
        int o = AddStringZ(ctx, _f.Version, p, 1, out var version);
        _c.MariaDbServer = version.IndexOf("MariaDB"u8) >= 0;
        if (ctx.Columns.Enabled)
        {
            // tshark: the Info column leaves out MariaDB's "5.5.5-" replication prefix.
            var shown = version.StartsWith("5.5.5-"u8) ? version[6..] : version;
            _text.Clear();
            _text.Append(" proto="u8);
            _text.Append((int)p[0]);
            _text.Append(" version="u8);
            _text.Append(shown);
            _text.Append(" "u8);
            ctx.Columns.Info.Append(_text.Span);
        }

        if (o < 0 || o + 4 + GreetingSaltLength + 1 + 2 > p.Length)
        {
            Truncated(ctx, p, node);
            return;
        }

        t.AddUInt(_f.ThreadId, o, 4, U32(p, o));
        o += 4;
        o = AddStringZ(ctx, _f.Salt, p, o, out _);
        if (o < 0 || o + 2 > p.Length)
        {
            Truncated(ctx, p, node);
            return;
        }

        uint caps = U16(p, o);
        AddFlags(ctx, _f.CapsServer, _f.CapsLowerBits, o, caps);
        o += 2;
        if (o + 16 > p.Length)
        {
            _c.ServerCaps = caps;
            t.Close(node);
            return;
        }

        t.AddUInt(_c.MariaDbServer ? _f.MariadbServerLanguage : _f.ServerLanguage, o, 1, p[o]);
        o += 1;
        AddStatus(ctx, p, o);
        o += 2;
        uint upper = U16(p, o);
        AddFlags(ctx, _f.ExtcapsServer, _f.CapsUpperBits, o, upper);
        caps |= upper << 16;
        _c.ServerCaps = caps;
        o += 2;
        int authLength = p[o];
        t.AddUInt(_f.AuthPluginLength, o, 1, (uint)authLength);
        o += 1;
        t.AddBytes(_f.Unused, o, 6);
        if ((caps & (uint)MySqlCaps.LongPassword) == 0)
        {
            // MariaDB (no CLIENT_MYSQL bit): the last 4 reserved bytes are its extended capabilities.
            _c.MariaDbServerCaps = U32(p, o + 6);
            AddFlags(ctx, _f.MariadbExtcapsServer, _f.MariadbCapsBits, o + 6, _c.MariaDbServerCaps, 4);
        }
        else
        {
            t.AddBytes(_f.Unused, o + 6, 4);
        }

        o += 10;
        if ((caps & (uint)MySqlCaps.SecureConnection) != 0 && o < p.Length)
        {
            o = AddStringZ(ctx, _f.Salt2, p, o, out _);
        }

        if ((caps & (uint)MySqlCaps.PluginAuth) != 0 && o >= 0 && o < p.Length)
        {
            AddStringZ(ctx, _f.AuthPlugin, p, o, out _);
        }

        t.Close(node);
    }

    /// <summary>
    /// The login request (HandshakeResponse41), or an SSL request (its first 32 bytes alone).
    /// <code>
    /// | caps (4) | max packet (4) | collation (1) | reserved (19) | MariaDB caps (4) | user NUL | auth response |
    /// | schema NUL (CONNECT_WITH_DB) | client plugin NUL (PLUGIN_AUTH) | attributes (CONNECT_ATTRS) | zstd level |
    /// </code>
    /// </summary>
    private void DissectLogin(DissectContext ctx, ReadOnlySpan<byte> p)
    {
        var t = ctx.Tree;
        SetInfoHead(ctx, "Login Request"u8);
        int node = t.Open(_f.LoginRequest, 0, p.Length);
        if (p.Length < 4)
        {
            Truncated(ctx, p, node);
            return;
        }

        uint caps = U16(p, 0);
        AddFlags(ctx, _f.CapsClient, _f.CapsLowerBits, 0, caps);
        uint upper = U16(p, 2);
        AddFlags(ctx, _f.ExtcapsClient, _f.CapsUpperBits, 2, upper);
        caps |= upper << 16;
        _c.ClientCaps = caps;
        _c.LoginSeen = true;
        if (p.Length < LoginFixedLength)
        {
            Truncated(ctx, p, node);
            return;
        }

        t.AddUInt(_f.MaxPacket, 4, 4, U32(p, 4));
        t.AddUInt(_c.MariaDbServer ? _f.MariadbCharset : _f.Charset, 8, 1, p[8]);
        if ((caps & (uint)MySqlCaps.LongPassword) == 0)
        {
            // A MariaDB client (no CLIENT_MYSQL bit): the last 4 of the 23 reserved bytes are its extended capabilities.
            _c.MariaDbClientCaps = U32(p, 28);
            t.AddBytes(_f.Unused, 9, 19);
            AddFlags(ctx, _f.MariadbExtcapsClient, _f.MariadbCapsBits, 28, _c.MariaDbClientCaps, 4);
        }
        else
        {
            t.AddBytes(_f.Unused, 9, 23);
        }

        if (p.Length == LoginFixedLength && (caps & (uint)MySqlCaps.Ssl) != 0)
        {
            AppendInfo(ctx, " SSL Request"u8);
            ctx.Expert(_e.Encrypted, 0, p.Length);
            _c.Phase = MySqlPhase.Tls;
            t.Close(node);
            return;
        }

        _c.Phase = MySqlPhase.Auth;
        int o = AddStringZ(ctx, _f.User, p, LoginFixedLength, out var user);
        if (ctx.Columns.Enabled)
        {
            ctx.Columns.Info.Append(" user="u8);
            ctx.Columns.Info.Append(user);
            ctx.Columns.Info.Append(" "u8);
        }

        if (o < 0)
        {
            t.Close(node);
            return;
        }

        o = AddAuthResponse(ctx, p, o, caps);
        if (o < 0)
        {
            t.Close(node);
            return;
        }

        if ((caps & (uint)MySqlCaps.ConnectWithDb) != 0 && o < p.Length)
        {
            o = AddStringZ(ctx, _f.Schema, p, o, out var schema);
            if (ctx.Columns.Enabled)
            {
                ctx.Columns.Info.Append("db="u8);
                ctx.Columns.Info.Append(schema);
                ctx.Columns.Info.Append(" "u8);
            }
        }

        if (o >= 0 && (caps & (uint)MySqlCaps.PluginAuth) != 0 && o < p.Length)
        {
            o = AddStringZ(ctx, _f.ClientAuthPlugin, p, o, out _);
        }

        if (o >= 0 && (caps & (uint)MySqlCaps.ConnectAttrs) != 0 && o < p.Length)
        {
            o = AddConnectAttributes(ctx, p, o);
        }

        if (o >= 0 && (caps & (uint)MySqlCaps.ZstdCompression) != 0 && o < p.Length)
        {
            t.AddUInt(_f.CompressionZstdLevel, o, 1, p[o]);
        }

        // Compression starts after the server's OK, if both sides asked for it.
        bool zstd = (caps & _c.ServerCaps & (uint)MySqlCaps.ZstdCompression) != 0;
        _c.CompressNegotiated = (caps & _c.ServerCaps & (uint)MySqlCaps.Compress) != 0 || zstd;
        _c.Zstd = zstd && (caps & (uint)MySqlCaps.Compress) == 0;
        t.Close(node);
    }

    private int AddAuthResponse(DissectContext ctx, ReadOnlySpan<byte> p, int o, uint caps)
    {
        if (o >= p.Length)
        {
            return o;
        }

        if ((caps & (uint)MySqlCaps.PluginAuthLenencData) != 0)
        {
            int w = MySqlPacket.TryLenEnc(p, o, out ulong len, out _);
            if (w == 0 || len > (ulong)(p.Length - o - w))
            {
                ctx.Expert(_e.InvalidLength, o, p.Length - o);
                return -1;
            }

            ctx.Tree.AddBytes(_f.Passwd, o + w, (int)len);
            return o + w + (int)len;
        }

        if ((caps & (uint)MySqlCaps.SecureConnection) != 0)
        {
            int len = p[o];
            if (len > p.Length - o - 1)
            {
                ctx.Expert(_e.InvalidLength, o, p.Length - o);
                return -1;
            }

            ctx.Tree.AddBytes(_f.Passwd, o + 1, len);
            return o + 1 + len;
        }

        return AddStringZ(ctx, _f.Passwd, p, o, out _);
    }

    /// <summary>Connection attributes: a length-encoded total, then length-encoded name/value pairs.</summary>
    private int AddConnectAttributes(DissectContext ctx, ReadOnlySpan<byte> p, int o)
    {
        var t = ctx.Tree;
        int w = MySqlPacket.TryLenEnc(p, o, out ulong total, out _);
        if (w == 0 || total > (ulong)(p.Length - o - w))
        {
            ctx.Expert(_e.InvalidLength, o, p.Length - o);
            return -1;
        }

        int end = o + w + (int)total;
        int node = t.Open(_f.Connattrs, o, end - o);
        t.AddUInt(_f.ConnattrsLength, o, w, total);
        o += w;
        var attrs = p[..end];
        while (o < end)
        {
            int a = t.Open(_f.ConnattrsAttr, o, 0);
            int next = AddLenEncString(ctx, _f.ConnattrsName, attrs, o, out _, out _);
            if (next < 0)
            {
                t.Close(a);
                break;
            }

            next = AddLenEncString(ctx, _f.ConnattrsValue, attrs, next, out _, out _);
            if (next < 0)
            {
                t.Close(a);
                break;
            }

            t.Close(a, next);
            o = next;
        }

        t.Close(node);
        return end;
    }

    // ---- commands ---------------------------------------------------------------------------------

    private void DissectCommand(DissectContext ctx, ReadOnlySpan<byte> p)
    {
        var t = ctx.Tree;
        BeginInfo(ctx, Direction.ToServer);
        if (p.IsEmpty)
        {
            ctx.Expert(_e.Truncated, 0, 0);
            return;
        }

        byte cmd = p[0];
        int node = t.Open(_f.Request, 0, p.Length);
        if (t.WantsText && MySqlValues.Command.TryGetName(cmd, out string commandName))
        {
            // tshark: the request item's line names the command ("Request Command Query").
            t.SetLabel(node, $"Request Command {commandName}");
        }

        t.AddUInt(_f.Command, 0, 1, cmd);
        if (ctx.Columns.Enabled)
        {
            if (MySqlValues.Command.TryGetName(cmd, out string name))
            {
                ctx.Columns.Info.Append(name);
            }
            else
            {
                ctx.Columns.Info.Append("Unknown (0x"u8);
                ctx.Columns.Info.Append(cmd, "x2");
                ctx.Columns.Info.Append(")"u8);
            }
        }

        if (ctx.Frame.SecondPass && _m.ResponseLinks.TryGetValue(ctx.Frame.Number, out uint response))
        {
            t.AddFrameNumber(_f.ResponseIn, 0, 0, response, NodeFlags.Generated);
        }

        _c.LastCommand = cmd;
        _c.RequestFrame = ctx.Frame.Number;
        _c.RequestNs = ctx.Frame.TimestampNs;
        _c.State = MySqlResponseState.Header;
        _c.ColumnTypeCount = 0;
        _c.BinaryRows = false;
        _c.Remaining = 0;

        var args = p[1..];
        t.SetSource(t.CurrentSource, t.CurrentBase + 1);
        switch ((MySqlCommand)cmd)
        {
            case MySqlCommand.Query:
                DissectQuery(ctx, args);
                break;
            case MySqlCommand.InitDb:
            case MySqlCommand.CreateDb:
            case MySqlCommand.DropDb:
                t.AddBytes(_f.Schema, 0, args.Length);
                break;
            case MySqlCommand.FieldList:
                {
                    int o = AddStringZ(ctx, _f.TableName, args, 0, out _);
                    if (o >= 0 && o < args.Length)
                    {
                        t.AddBytes(_f.Payload, o, args.Length - o);
                    }

                    _c.State = MySqlResponseState.FieldList;
                    break;
                }

            case MySqlCommand.Refresh:
                if (Need(ctx, args, 1))
                {
                    t.AddUInt(_f.Refresh, 0, 1, args[0]);
                }

                break;
            case MySqlCommand.Shutdown:
                if (args.Length >= 1)
                {
                    t.AddUInt(_f.Shutdown, 0, 1, args[0]);
                }

                break;
            case MySqlCommand.ProcessKill:
                if (Need(ctx, args, 4))
                {
                    t.AddUInt(_f.ThreadId, 0, 4, U32(args, 0));
                }

                break;
            case MySqlCommand.ChangeUser:
                DissectChangeUser(ctx, args);
                break;
            case MySqlCommand.BinlogDump:
                if (Need(ctx, args, 10))
                {
                    t.AddUInt(_f.BinlogPosition, 0, 4, U32(args, 0));
                    t.AddUInt(_f.BinlogFlags, 4, 2, U16(args, 4));
                    t.AddUInt(_f.BinlogServerId, 6, 4, U32(args, 6));
                    if (args.Length > 10)
                    {
                        t.AddBytes(_f.BinlogFileName, 10, args.Length - 10);
                    }
                }

                break;
            case MySqlCommand.BinlogDumpGtid:
                DissectBinlogDumpGtid(ctx, args);
                break;
            case MySqlCommand.RegisterSlave:
                DissectRegisterSlave(ctx, args);
                break;
            case MySqlCommand.StmtPrepare:
                t.AddBytes(_f.Query, 0, args.Length);
                _c.PendingPrepareQuery = Utf8(args);
                break;
            case MySqlCommand.StmtExecute:
                _c.BinaryRows = true;
                DissectExecute(ctx, args);
                break;
            case MySqlCommand.StmtSendLongData:
                if (Need(ctx, args, 6))
                {
                    AddStmtId(ctx, args);
                    t.AddUInt(_f.Param, 4, 2, U16(args, 4));
                    if (args.Length > 6)
                    {
                        t.AddBytes(_f.Payload, 6, args.Length - 6);
                    }
                }

                break;
            case MySqlCommand.StmtClose:
            case MySqlCommand.StmtReset:
                if (Need(ctx, args, 4))
                {
                    AddStmtId(ctx, args);
                    if (cmd == (byte)MySqlCommand.StmtClose)
                    {
                        _c.Statements.Remove(U32(args, 0));
                    }
                }

                break;
            case MySqlCommand.SetOption:
                if (Need(ctx, args, 2))
                {
                    t.AddUInt(_f.Option, 0, 2, U16(args, 0));
                }

                break;
            case MySqlCommand.StmtFetch:
                _c.BinaryRows = true;
                if (Need(ctx, args, 8))
                {
                    AddStmtId(ctx, args);
                    t.AddUInt(_f.NumRows, 4, 4, U32(args, 4));
                    if (_c.Statements.TryGetValue(U32(args, 0), out var st))
                    {
                        _c.ColumnTypeCount = 0;
                        foreach (ushort ty in st.ColumnTypes)
                        {
                            _c.AddColumnType(ty);
                        }

                        _c.State = MySqlResponseState.Rows;
                    }
                }

                break;
            case MySqlCommand.StmtBulkExecute:
                DissectBulkExecute(ctx, args);
                break;
            case MySqlCommand.Sleep:
            case MySqlCommand.Quit:
            case MySqlCommand.Statistics:
            case MySqlCommand.ProcessInfo:
            case MySqlCommand.Connect:
            case MySqlCommand.Debug:
            case MySqlCommand.Ping:
            case MySqlCommand.Time:
            case MySqlCommand.DelayedInsert:
            case MySqlCommand.TableDump:
            case MySqlCommand.ConnectOut:
            case MySqlCommand.Daemon:
            case MySqlCommand.ResetConnection:
                if (!args.IsEmpty)
                {
                    t.AddBytes(_f.Payload, 0, args.Length);
                }

                break;
            default:
                ctx.Expert(_e.CommandInvalid, -1, 1);
                if (!args.IsEmpty)
                {
                    t.AddBytes(_f.Payload, 0, args.Length);
                }

                break;
        }

        t.SetSource(t.CurrentSource, t.CurrentBase - 1);
        t.Close(node);
    }

    /// <summary>
    /// COM_QUERY. With CLIENT_QUERY_ATTRIBUTES (MySQL 8.0.23+) named, typed values come before the SQL text.
    /// <code>
    /// | parameter count (lenenc) | parameter set count (lenenc, 1) | if count > 0: NULL bitmap ((n+7)/8) |
    /// | new params bound (1, always 1) | per parameter: type (1) + unsigned flag (1), name (lenenc) |
    /// | per non-NULL parameter: binary protocol value | SQL text (rest of the packet) |
    /// </code>
    /// </summary>
    private void DissectQuery(DissectContext ctx, ReadOnlySpan<byte> a)
    {
        var t = ctx.Tree;
        int o = 0;
        if (_c.Has(MySqlCaps.QueryAttributes))
        {
            int w = MySqlPacket.TryLenEnc(a, 0, out ulong count, out _);
            int w2 = w == 0 ? 0 : MySqlPacket.TryLenEnc(a, w, out _, out _);
            if (w == 0 || w2 == 0)
            {
                ctx.Expert(_e.Truncated, 0, a.Length);
                return;
            }

            int node = t.Open(_f.QueryAttrs, 0, 0);
            t.AddUInt(_f.QueryAttrsCount, 0, w, count);
            o = w + w2;
            if (count > 0 && !TryQueryAttributes(ctx, a, ref o, count))
            {
                t.Close(node, Math.Min(o, a.Length));
                return;
            }

            t.Close(node, o);
        }

        t.AddBytes(_f.Query, o, a.Length - o);
    }

    /// <summary>The attributes after the two counts; false (with an expert item) when they do not fit.</summary>
    private bool TryQueryAttributes(DissectContext ctx, ReadOnlySpan<byte> a, ref int o, ulong count)
    {
        var t = ctx.Tree;

        // A parameter takes at least 3 bytes (type, flag, empty name): a larger count is a lie, and it is
        // refused before anything is sized or looped by it.
        if (count > (ulong)Math.Max(0, a.Length - o) / 3)
        {
            ctx.Expert(_e.CountTooLarge, 0, o);
            return false;
        }

        int n = (int)count;
        int bitmapLength = (n + 7) / 8;
        if (!Need(ctx, a, o + bitmapLength + 1))
        {
            return false;
        }

        var nulls = a.Slice(o, bitmapLength);
        o += bitmapLength;
        byte bound = a[o];
        t.AddBool(_f.QueryAttrsSendTypesToServer, o, 1, bound);
        o++;
        if (bound != 1)
        {
            // The server rejects this ("always 1"): without types the values cannot be read.
            ctx.Expert(_e.UnknownResponse, o - 1, 1);
            return false;
        }

        // Types and names; the values follow all of them, so the types are read again (from typesAt) below.
        int typesAt = o;
        for (int i = 0; i < n; i++)
        {
            if (!Need(ctx, a, o + 2))
            {
                return false;
            }

            t.AddUInt(_f.QueryAttrNameType, o, 2, U16(a, o));
            o = AddLenEncString(ctx, _f.QueryAttrName, a, o + 2, out _, out _);
            if (o < 0)
            {
                o = a.Length;
                return false;
            }
        }

        int names = typesAt;
        for (int i = 0; i < n; i++)
        {
            byte type = a[names];
            bool unsigned = (a[names + 1] & 0x80) != 0;
            names = SkipLenEnc(a, names + 2);
            if ((nulls[i / 8] & (1 << (i % 8))) != 0)
            {
                continue;
            }

            if (IsLengthEncodedType(type))
            {
                o = AddLenEncString(ctx, _f.QueryAttrValue, a, o, out _, out _);
                if (o < 0)
                {
                    o = a.Length;
                    return false;
                }
            }
            else if (!TryBinaryValue(ctx, a, ref o, type, unsigned))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The offset after a length-encoded string already checked to fit.</summary>
    private static int SkipLenEnc(ReadOnlySpan<byte> a, int o)
    {
        int w = MySqlPacket.TryLenEnc(a, o, out ulong len, out _);
        return o + w + (int)len;
    }

    /// <summary>Binary-protocol types whose values are length-encoded strings (everything but numbers, dates and NULL).</summary>
    private static bool IsLengthEncodedType(byte type) => (MySqlType)type is not (MySqlType.Null or MySqlType.Tiny
        or MySqlType.Short or MySqlType.Year or MySqlType.Long or MySqlType.Int24 or MySqlType.LongLong or MySqlType.Float
        or MySqlType.Double or MySqlType.Date or MySqlType.DateTime or MySqlType.Timestamp or MySqlType.NewDate
        or MySqlType.Time);

    /// <summary>
    /// MariaDB COM_STMT_BULK_EXECUTE (10.2.7+): one statement, many rows of parameters.
    /// <code>
    /// | stmt id (4) | bulk flags (2): 0x40 unit results / autoinc ids, 0x80 send types |
    /// | if send types: per parameter type (1) + flag (1, 0x80 unsigned) |
    /// | until the end: per row, per parameter: indicator (1: 0 none, 1 NULL, 2 DEFAULT, 3 IGNORE) | value if none |
    /// </code>
    /// The parameter count comes from the statement's PREPARE response; id 0xFFFFFFFF is the last prepared one.
    /// </summary>
    private void DissectBulkExecute(DissectContext ctx, ReadOnlySpan<byte> a)
    {
        var t = ctx.Tree;
        if (!Need(ctx, a, 6))
        {
            return;
        }

        AddStmtId(ctx, a);
        ushort flags = U16(a, 4);
        AddFlags(ctx, _f.MariadbBulkFlags, _f.MariadbBulkFlagBits, 4, flags);
        if (!TryPreparedStatement(ctx, a, 6, out var st))
        {
            return;
        }

        int n = st.ParamCount;
        int o = 6;
        if ((flags & BulkSendTypes) != 0)
        {
            if (!Need(ctx, a, o + (2 * n)))
            {
                return;
            }

            if (st.ParamTypes.Length != n)
            {
                st.ParamTypes = new ushort[n];
            }

            int types = t.Open(_f.MariadbBulkParamtypes, o, 2 * n);
            for (int i = 0; i < n; i++)
            {
                t.AddUInt(_f.FieldTypeCode, o, 1, a[o]);
                t.AddUInt(_f.ExecUnsigned, o + 1, 1, a[o + 1]);
                st.ParamTypes[i] = (ushort)(a[o] | ((a[o + 1] & 0x80) << 8));
                o += 2;
            }

            st.ParamTypesKnown = true;
            t.Close(types);
        }
        else if (!st.ParamTypesKnown && n > 0)
        {
            ctx.Expert(_e.PrepareResponseNeeded, o, a.Length - o);
            return;
        }

        if (n == 0)
        {
            return;
        }

        // Every parameter of a row takes at least its indicator byte, so the loop ends with the packet.
        // tshark: each row is a generated "[N. Dataset]" item holding its indicators and values.
        uint row = 0;
        while (o < a.Length)
        {
            row++;
            int dataset = t.Open(_f.MariadbBulkRowNr, o, 0, row, NodeFlags.Generated);
            t.SetLabel(dataset, $"{row}. Dataset");
            for (int i = 0; i < n; i++)
            {
                if (o >= a.Length)
                {
                    ctx.Expert(_e.Truncated, a.Length, 0);
                    t.Close(dataset, a.Length);
                    return;
                }

                byte indicator = a[o];
                t.AddUInt(_f.MariadbBulkIndicators, o, 1, indicator);
                o++;
                ushort ty = st.ParamTypes[i];
                if (indicator == BulkIndicatorNone && !TryBinaryValue(ctx, a, ref o, (byte)ty, (ty & 0x8000) != 0))
                {
                    t.Close(dataset, Math.Min(o, a.Length));
                    return;
                }
            }

            t.Close(dataset, o);
        }
    }

    private const ushort BulkSendTypes = 0x80;
    private const byte BulkIndicatorNone = 0;

    private void DissectChangeUser(DissectContext ctx, ReadOnlySpan<byte> a)
    {
        var t = ctx.Tree;
        int o = AddStringZ(ctx, _f.User, a, 0, out _);
        if (o < 0 || o >= a.Length)
        {
            return;
        }

        if (_c.Has(MySqlCaps.SecureConnection))
        {
            int len = a[o];
            if (len > a.Length - o - 1)
            {
                ctx.Expert(_e.InvalidLength, o, a.Length - o);
                return;
            }

            t.AddBytes(_f.Passwd, o + 1, len);
            o += 1 + len;
        }
        else
        {
            o = AddStringZ(ctx, _f.Passwd, a, o, out _);
        }

        if (o < 0 || o >= a.Length)
        {
            return;
        }

        o = AddStringZ(ctx, _f.Schema, a, o, out _);
        if (o < 0 || o + 2 > a.Length)
        {
            return;
        }

        t.AddUInt(_f.Charset, o, 2, U16(a, o));
        o += 2;
        if (o < a.Length && _c.Has(MySqlCaps.PluginAuth))
        {
            o = AddStringZ(ctx, _f.ClientAuthPlugin, a, o, out _);
        }

        if (o >= 0 && o < a.Length && _c.Has(MySqlCaps.ConnectAttrs))
        {
            AddConnectAttributes(ctx, a, o);
        }

        _c.Phase = MySqlPhase.Auth;
    }

    private void DissectBinlogDumpGtid(DissectContext ctx, ReadOnlySpan<byte> a)
    {
        var t = ctx.Tree;
        if (!Need(ctx, a, 10))
        {
            return;
        }

        t.AddUInt(_f.BinlogFlags, 0, 2, U16(a, 0));
        t.AddUInt(_f.BinlogServerId, 2, 4, U32(a, 2));
        uint nameLength = U32(a, 6);
        if (nameLength > (uint)(a.Length - 10))
        {
            ctx.Expert(_e.InvalidLength, 6, 4);
            return;
        }

        int o = 10;
        t.AddBytes(_f.BinlogFileName, o, (int)nameLength);
        o += (int)nameLength;
        if (o + 8 <= a.Length)
        {
            t.AddUInt(_f.BinlogPosition, o, 8, System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(a[o..]));
            o += 8;
        }

        if (o < a.Length)
        {
            t.AddBytes(_f.Payload, o, a.Length - o);
        }
    }

    private void DissectRegisterSlave(DissectContext ctx, ReadOnlySpan<byte> a)
    {
        var t = ctx.Tree;
        if (!Need(ctx, a, 4))
        {
            return;
        }

        t.AddUInt(_f.BinlogServerId, 0, 4, U32(a, 0));
        int o = 4;
        var lengths = _f.BinlogSlaveLengths;
        var values = _f.BinlogSlaveStrings;
        for (int i = 0; i < 3; i++)
        {
            if (o >= a.Length || a[o] > a.Length - o - 1)
            {
                ctx.Expert(_e.Truncated, Math.Min(o, a.Length), 0);
                return;
            }

            int len = a[o];
            t.AddUInt(lengths[i], o, 1, (uint)len);
            t.AddBytes(values[i], o + 1, len);
            o += 1 + len;
        }

        if (o + 10 <= a.Length)
        {
            t.AddUInt(_f.BinlogSlaveMysqlPort, o, 2, U16(a, o));
            t.AddUInt(_f.BinlogReplicationRank, o + 2, 4, U32(a, o + 2));
            t.AddUInt(_f.BinlogMasterId, o + 6, 4, U32(a, o + 6));
        }
    }

    private void AddStmtId(DissectContext ctx, ReadOnlySpan<byte> a)
    {
        uint id = U32(a, 0);
        ctx.Tree.AddUInt(_f.StmtId, 0, 4, id);
        if (id == uint.MaxValue)
        {
            id = _c.LastPreparedId;
        }

        if (_c.Statements.TryGetValue(id, out var st) && st.Query is not null)
        {
            ctx.Tree.AddGeneratedString(_f.StmtQuery, 0, 4, st.Query);
        }
    }

    /// <summary>
    /// COM_STMT_EXECUTE.
    /// <code>
    /// | stmt id (4) | flags (1) | iterations (4) | NULL bitmap ((n+7)/8) | new params bound (1) | types (2 each) | values |
    /// </code>
    /// The parameter count n is known only from the statement's PREPARE response.
    /// </summary>
    private void DissectExecute(DissectContext ctx, ReadOnlySpan<byte> a)
    {
        var t = ctx.Tree;
        if (!Need(ctx, a, 9))
        {
            return;
        }

        AddStmtId(ctx, a);
        t.AddUInt(_f.ExecFlags, 4, 1, a[4]);
        t.AddUInt(_f.ExecIter, 5, 4, U32(a, 5));
        if (!TryPreparedStatement(ctx, a, 9, out var st))
        {
            return;
        }

        _c.ColumnTypeCount = 0;
        foreach (ushort ty in st.ColumnTypes)
        {
            _c.AddColumnType(ty);
        }

        // MySQL 8.0.26+ with CLIENT_QUERY_ATTRIBUTES: a parameter count (which may add named attributes to the
        // statement's parameters) comes first, and each bound type is followed by a name.
        bool attributes = _c.Has(MySqlCaps.QueryAttributes);
        int n = st.ParamCount;
        int o = 9;
        if (n == 0 && !(attributes && (a[4] & ParameterCountAvailable) != 0))
        {
            return;
        }

        if (attributes)
        {
            int w = MySqlPacket.TryLenEnc(a, o, out ulong count, out _);
            if (w == 0)
            {
                ctx.Expert(_e.Truncated, a.Length, 0);
                return;
            }

            // Each parameter takes at least its NULL-bitmap bit: a larger count is refused before use.
            if (count > ushort.MaxValue || count > (ulong)(a.Length - o - w) * 8)
            {
                ctx.Expert(_e.CountTooLarge, o, w);
                return;
            }

            t.AddUInt(_f.NumParams, o, w, count);
            n = (int)count;
            o += w;
            if (n == 0)
            {
                return;
            }
        }

        int bitmapLength = (n + 7) / 8;
        if (!Need(ctx, a, o + bitmapLength + 1))
        {
            return;
        }

        var nulls = a.Slice(o, bitmapLength);
        o += bitmapLength;
        byte bound = a[o];
        t.AddUInt(_f.NewParameterBoundFlag, o, 1, bound);
        o++;
        int typesAt = o;
        if (bound == 1)
        {
            if (st.ParamTypes.Length != n)
            {
                st.ParamTypes = new ushort[n];
            }

            for (int i = 0; i < n; i++)
            {
                if (!Need(ctx, a, o + 2))
                {
                    return;
                }

                st.ParamTypes[i] = (ushort)(a[o] | ((a[o + 1] & 0x80) << 8));
                o += 2;
                if (attributes)
                {
                    int w = MySqlPacket.TryLenEnc(a, o, out ulong nameLength, out _);
                    if (w == 0 || nameLength > (ulong)(a.Length - o - w))
                    {
                        ctx.Expert(_e.InvalidLength, o, a.Length - o);
                        return;
                    }

                    o += w + (int)nameLength;
                }
            }

            st.ParamTypesKnown = true;
        }
        else if (!st.ParamTypesKnown || st.ParamTypes.Length != n)
        {
            ctx.Expert(_e.PrepareResponseNeeded, o, a.Length - o);
            return;
        }

        int tc = typesAt;   // walks the types (and names) again, in step with the values
        for (int i = 0; i < n; i++)
        {
            int param = t.Open(_f.ExecParam, o, 0);
            ushort ty = st.ParamTypes[i];
            if (bound == 1)
            {
                t.AddUInt(_f.FieldTypeCode, tc, 1, (uint)(ty & 0xFF));
                t.AddUInt(_f.ExecUnsigned, tc + 1, 1, a[tc + 1]);
                tc += 2;
                if (attributes)
                {
                    tc = AddLenEncString(ctx, _f.QueryAttrName, a, tc, out _, out _);
                }
            }

            if ((nulls[i / 8] & (1 << (i % 8))) != 0)
            {
                t.Close(param, o);
                continue;
            }

            if (!TryBinaryValue(ctx, a, ref o, (byte)ty, (ty & 0x8000) != 0))
            {
                t.Close(param, Math.Min(o, a.Length));
                return;
            }

            t.Close(param, o);
        }
    }

    /// <summary>enum_cursor_type's PARAMETER_COUNT_AVAILABLE: a parameter count follows even for a statement without '?'.</summary>
    private const byte ParameterCountAvailable = 0x08;

    // ---- helpers ------------------------------------------------------------------------------------

    private bool Need(DissectContext ctx, ReadOnlySpan<byte> a, int bytes)
    {
        if (a.Length >= bytes)
        {
            return true;
        }

        ctx.Expert(_e.Truncated, a.Length, 0);
        return false;
    }

    private void Truncated(DissectContext ctx, ReadOnlySpan<byte> p, int node)
    {
        ctx.Expert(_e.Truncated, p.Length, 0);
        ctx.Tree.Close(node);
    }

    private static void AddFlags(DissectContext ctx, FieldId word, FieldId[] bits, int o, uint value, int width = 2)
    {
        var t = ctx.Tree;
        int node = t.Open(word, o, width, value);
        foreach (var b in bits)
        {
            if (t.Registry[b].Type == FieldType.Boolean)
            {
                t.AddBool(b, o, width, value);
            }
            else
            {
                t.AddUInt(b, o, width, value);
            }
        }

        t.Close(node);
    }

    private void AddStatus(DissectContext ctx, ReadOnlySpan<byte> p, int o) => AddFlags(ctx, _f.ServerStatus, _f.StatusBits, o, U16(p, o));

    /// <summary>
    /// The prepared statement an execute names by its first 4 bytes (MariaDB 10.2+: -1 is the one prepared
    /// last on the connection). Unknown: an expert item over the values from <paramref name="valuesAt"/>,
    /// which cannot be decoded without the PREPARE's types.
    /// </summary>
    private bool TryPreparedStatement(DissectContext ctx, ReadOnlySpan<byte> a, int valuesAt, out MySqlStatement st)
    {
        uint id = U32(a, 0);
        if (id == uint.MaxValue)
        {
            id = _c.LastPreparedId;
        }

        if (_c.Statements.TryGetValue(id, out st!))
        {
            return true;
        }

        if (a.Length > valuesAt)
        {
            ctx.Expert(_e.PrepareResponseNeeded, valuesAt, a.Length - valuesAt);
        }

        return false;
    }
}
