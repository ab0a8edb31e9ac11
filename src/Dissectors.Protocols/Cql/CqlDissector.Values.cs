using System.Buffers.Binary;
using System.Numerics;
using Dissectors.Core.Buffers;
using Dissectors.Core.Dissection;
using Dissectors.Core.Fields;
using Dissectors.Protocols.Common;

namespace Dissectors.Protocols.Cql;

internal sealed partial class CqlDissector
{
    private int _wantsValues = -1;

    private static ReadOnlySpan<byte> VectorClass => "org.apache.cassandra.db.marshal.VectorType("u8;

    /// <summary>Whether anything will show cell or bound values (a tree, or a filter/column on a value field).</summary>
    private bool WantsValues(FieldTree t)
    {
        if (t.BuildsEverything)
        {
            return true;
        }

        if (_wantsValues < 0)
        {
            var f = _f;
            ReadOnlySpan<FieldId> fields =
            [
                f.Ascii, f.Bigint, f.Bytes, f.BytesLengthInt, f.Boolean, f.Counter, f.Decimal, f.Scale, f.Double, f.Float, f.Int,
                f.Smallint, f.Tinyint, f.ResultTimestamp, f.Uuid, f.Timeuuid, f.Varchar, f.Varint, f.Varint64, f.VarintValue,
                f.Ipv4, f.Ipv6, f.Port, f.Date, f.Time, f.Duration, f.Custom, f.ResultRowsListSize, f.ResultRowsMapSize,
                f.ResultRowsSetSize, f.VectorSize, f.NullValue, f.UnsetValue,
            ];
            _wantsValues = 0;
            foreach (var id in fields)
            {
                if (t.Wants(id))
                {
                    _wantsValues = 1;
                    break;
                }
            }
        }

        return _wantsValues == 1;
    }

    /// <summary>
    /// A type [option]: an id and, for custom/collection/UDT/tuple types, a value describing it
    /// (§4.2.5.2). Returns the type's node in <paramref name="meta"/>, or -1 when it does not parse.
    /// </summary>
    private int ParseType(DissectContext? ctx, ref WireReader r, CqlMetadata meta, int depth, FieldTree? t)
    {
        int at = r.Offset;
        if (!r.TryReadUInt16BE(out ushort id))
        {
            return t is not null ? TruncatedType(ctx!, ref r) : -1;
        }

        t?.AddUInt(_f.DataType, at, 2, id);
        if (depth >= CqlLimits.MaxTypeDepth)
        {
            if (t is not null)
            {
                ctx!.Expert(_e.DepthExceeded, at, 2);
            }

            r.Seek(r.Length);
            return -1;
        }

        int node = meta.AddNode((CqlType)id);
        if (node < 0)
        {
            if (t is not null)
            {
                ctx!.Expert(_e.CountTooLarge, at, 2);
            }

            r.Seek(r.Length);
            return -1;
        }

        switch ((CqlType)id)
        {
            case CqlType.Custom:
                {
                    if (!MetaString(ctx, ref r, t, _f.CustomType, out int co, out int cl))
                    {
                        return -1;
                    }

                    meta.Nodes[node].NameOffset = co;
                    meta.Nodes[node].NameLength = cl;
                    ParseVectorClass(meta, node, r.Data.Slice(co, cl));
                    return node;
                }

            case CqlType.List:
            case CqlType.Set:
                return AddChildType(ctx, ref r, meta, node, depth, t) ? node : -1;
            case CqlType.Map:
                return AddChildType(ctx, ref r, meta, node, depth, t) && AddChildType(ctx, ref r, meta, node, depth, t) ? node : -1;
            case CqlType.Udt:
                {
                    if (!MetaString(ctx, ref r, t, _f.ResultRowsKeyspaceName, out int ko, out int kl)
                        || !MetaString(ctx, ref r, t, _f.ResultRowsUdtName, out int no, out int nl))
                    {
                        return -1;
                    }

                    meta.Nodes[node].KeyspaceOffset = ko;
                    meta.Nodes[node].KeyspaceLength = kl;
                    meta.Nodes[node].NameOffset = no;
                    meta.Nodes[node].NameLength = nl;
                    int sa = r.Offset;
                    if (!r.TryReadUInt16BE(out ushort fields))
                    {
                        return t is not null ? TruncatedType(ctx!, ref r) : -1;
                    }

                    t?.AddUInt(_f.ResultRowsUdtSize, sa, 2, fields);
                    for (int i = 0; i < fields; i++)
                    {
                        if (!MetaString(ctx, ref r, t, _f.ResultRowsUdtFieldName, out int fo, out int fl))
                        {
                            return -1;
                        }

                        int child = ParseType(ctx, ref r, meta, depth + 1, t);
                        if (child < 0)
                        {
                            return -1;
                        }

                        meta.Nodes[child].FieldNameOffset = fo;
                        meta.Nodes[child].FieldNameLength = fl;
                        meta.AddChild(node, child);
                    }

                    return node;
                }

            case CqlType.Tuple:
                {
                    int sa = r.Offset;
                    if (!r.TryReadUInt16BE(out ushort n))
                    {
                        return t is not null ? TruncatedType(ctx!, ref r) : -1;
                    }

                    t?.AddUInt(_f.ResultRowsTupleSize, sa, 2, n);
                    for (int i = 0; i < n; i++)
                    {
                        if (!AddChildType(ctx, ref r, meta, node, depth, t))
                        {
                            return -1;
                        }
                    }

                    return node;
                }

            case CqlType.Vector:
                {
                    if (!AddChildType(ctx, ref r, meta, node, depth, t))
                    {
                        return -1;
                    }

                    int da = r.Offset;
                    if (!r.TryReadInt32BE(out int dims))
                    {
                        return t is not null ? TruncatedType(ctx!, ref r) : -1;
                    }

                    t?.AddUInt(_f.VectorSize, da, 4, (uint)dims);
                    meta.Nodes[node].Dimensions = dims;
                    return node;
                }

            default:
                if (id is (>= 0x01 and <= 0x15))
                {
                    return node;
                }

                // An unknown option id: its value's length is unknown, so nothing after it can be read.
                if (t is not null)
                {
                    ctx!.Expert(_e.UnknownType, at, 2);
                }

                r.Seek(r.Length);
                return -1;
        }
    }

    private bool AddChildType(DissectContext? ctx, ref WireReader r, CqlMetadata meta, int node, int depth, FieldTree? t)
    {
        int child = ParseType(ctx, ref r, meta, depth + 1, t);
        if (child < 0)
        {
            return false;
        }

        meta.AddChild(node, child);
        return true;
    }

    private int TruncatedType(DissectContext ctx, ref WireReader r)
    {
        Truncated(ctx, ref r);
        return -1;
    }

    /// <summary>
    /// Cassandra 5 sends vectors as a CUSTOM type, <c>org.apache.cassandra.db.marshal.VectorType(ElementType, N)</c>.
    /// A vector of a simple element type becomes a Vector node with one child; anything else stays custom.
    /// </summary>
    private static void ParseVectorClass(CqlMetadata meta, int node, ReadOnlySpan<byte> cls)
    {
        if (!cls.StartsWith(VectorClass) || cls.Length < VectorClass.Length + 4 || cls[^1] != (byte)')')
        {
            return;
        }

        var inner = cls[VectorClass.Length..^1];
        int comma = inner.LastIndexOf((byte)',');
        if (comma < 0)
        {
            return;
        }

        var element = inner[..comma].Trim((byte)' ');
        var dims = inner[(comma + 1)..].Trim((byte)' ');
        if (!System.Buffers.Text.Utf8Parser.TryParse(dims, out int n, out int used) || used != dims.Length || n < 0)
        {
            return;
        }

        int dot = element.LastIndexOf((byte)'.');
        var simple = dot >= 0 ? element[(dot + 1)..] : element;
        CqlType type = simple switch
        {
            _ when simple.SequenceEqual("FloatType"u8) => CqlType.Float,
            _ when simple.SequenceEqual("DoubleType"u8) => CqlType.Double,
            _ when simple.SequenceEqual("Int32Type"u8) => CqlType.Int,
            _ when simple.SequenceEqual("LongType"u8) => CqlType.Bigint,
            _ when simple.SequenceEqual("ShortType"u8) => CqlType.Smallint,
            _ when simple.SequenceEqual("ByteType"u8) => CqlType.Tinyint,
            _ when simple.SequenceEqual("BooleanType"u8) => CqlType.Boolean,
            _ when simple.SequenceEqual("UUIDType"u8) => CqlType.Uuid,
            _ when simple.SequenceEqual("TimeUUIDType"u8) => CqlType.Timeuuid,
            _ when simple.SequenceEqual("TimestampType"u8) => CqlType.Timestamp,
            _ when simple.SequenceEqual("UTF8Type"u8) => CqlType.Varchar,
            _ when simple.SequenceEqual("AsciiType"u8) => CqlType.Ascii,
            _ when simple.SequenceEqual("BytesType"u8) => CqlType.Blob,
            _ when simple.SequenceEqual("IntegerType"u8) => CqlType.Varint,
            _ when simple.SequenceEqual("DecimalType"u8) => CqlType.Decimal,
            _ when simple.SequenceEqual("InetAddressType"u8) => CqlType.Inet,
            _ when simple.SequenceEqual("SimpleDateType"u8) => CqlType.Date,
            _ when simple.SequenceEqual("TimeType"u8) => CqlType.Time,
            _ => CqlType.Custom,
        };
        if (type == CqlType.Custom)
        {
            return;
        }

        int child = meta.AddNode(type);
        if (child < 0)
        {
            return;
        }

        meta.Nodes[node].Id = CqlType.Vector;
        meta.Nodes[node].Dimensions = n;
        meta.AddChild(node, child);
    }

    /// <summary>Byte width of fixed-size types (vector elements are packed without lengths), 0 for variable ones.</summary>
    private static int FixedWidth(CqlType type) => type switch
    {
        CqlType.Boolean or CqlType.Tinyint => 1,
        CqlType.Smallint => 2,
        CqlType.Int or CqlType.Float or CqlType.Date => 4,
        CqlType.Bigint or CqlType.Counter or CqlType.Double or CqlType.Timestamp or CqlType.Time => 8,
        CqlType.Uuid or CqlType.Timeuuid => 16,
        _ => 0,
    };

    /// <summary>
    /// One value of type <paramref name="type"/> (node of <paramref name="meta"/>) whose bytes are
    /// <paramref name="value"/> at <paramref name="offset"/>; shown labelled with <paramref name="name"/>
    /// (a column, field, or element position). Values are encoded as in §6.
    /// </summary>
    private void DecodeTyped(DissectContext ctx, ReadOnlySpan<byte> value, int offset, CqlMetadata meta, ReadOnlySpan<byte> metaBytes,
        int type, int depth, ReadOnlySpan<byte> name, int index = -1)
    {
        var t = ctx.Tree;
        var node = meta.Nodes[type];
        int len = value.Length;
        if (len == 0 && node.Id is not (CqlType.Ascii or CqlType.Varchar or CqlType.Blob or CqlType.Custom or (CqlType)0x0A))
        {
            // An empty value (legal for most types, distinct from NULL).
            int e = t.AddBytes(_f.Bytes, offset, 0);
            Label(t, e, name, index, "<empty>"u8);
            return;
        }

        if (depth >= CqlLimits.MaxTypeDepth)
        {
            ctx.Expert(_e.DepthExceeded, offset, len);
            t.AddBytes(_f.Bytes, offset, len);
            return;
        }

        int n;
        switch (node.Id)
        {
            case CqlType.Ascii:
                n = t.AddBytes(_f.Ascii, offset, len);
                LabelText(t, n, name, index, value);
                return;
            case CqlType.Varchar:
            case (CqlType)0x0A: // v1/v2 "text", an alias of varchar
                n = t.AddBytes(_f.Varchar, offset, len);
                LabelText(t, n, name, index, value);
                return;
            case CqlType.Blob:
                n = t.AddBytes(_f.Bytes, offset, len);
                if (n >= 0 && t.WantsText)
                {
                    _value.Clear();
                    _value.Append("0x"u8);
                    AddressFormat.AppendHex(_value, value[..Math.Min(len, 32)]);
                    if (len > 32)
                    {
                        _value.Append("..."u8);
                    }

                    Label(t, n, name, index, _value.Span);
                }

                return;
            case CqlType.Custom:
                n = System.Text.Unicode.Utf8.IsValid(value) && !HasControl(value) ? t.AddBytes(_f.Custom, offset, len) : t.AddBytes(_f.Bytes, offset, len);
                if (n >= 0 && t.WantsText)
                {
                    _value.Clear();
                    _value.Append("0x"u8);
                    AddressFormat.AppendHex(_value, value[..Math.Min(len, 32)]);
                    Label(t, n, name, index, _value.Span);
                }

                return;
            case CqlType.Boolean:
                if (len != 1)
                {
                    break;
                }

                n = t.AddBool(_f.Boolean, offset, 1, value[0]);
                Label(t, n, name, index, value[0] != 0 ? "True"u8 : "False"u8);
                return;
            case CqlType.Tinyint:
                if (len != 1)
                {
                    break;
                }

                n = t.AddInt(_f.Tinyint, offset, 1, (sbyte)value[0]);
                LabelNumber(t, n, name, index, (sbyte)value[0]);
                return;
            case CqlType.Smallint:
                if (len != 2)
                {
                    break;
                }

                n = t.AddInt(_f.Smallint, offset, 2, BinaryPrimitives.ReadInt16BigEndian(value));
                LabelNumber(t, n, name, index, BinaryPrimitives.ReadInt16BigEndian(value));
                return;
            case CqlType.Int:
                if (len != 4)
                {
                    break;
                }

                n = t.AddInt(_f.Int, offset, 4, BinaryPrimitives.ReadInt32BigEndian(value));
                LabelNumber(t, n, name, index, BinaryPrimitives.ReadInt32BigEndian(value));
                return;
            case CqlType.Bigint:
            case CqlType.Counter:
                if (len != 8)
                {
                    break;
                }

                n = t.AddInt(node.Id == CqlType.Bigint ? _f.Bigint : _f.Counter, offset, 8, BinaryPrimitives.ReadInt64BigEndian(value));
                LabelNumber(t, n, name, index, BinaryPrimitives.ReadInt64BigEndian(value));
                return;
            case CqlType.Timestamp:
                {
                    if (len != 8)
                    {
                        break;
                    }

                    long ms = BinaryPrimitives.ReadInt64BigEndian(value);
                    n = t.AddInt(_f.ResultTimestamp, offset, 8, ms);
                    if (n >= 0 && t.WantsText)
                    {
                        _value.Clear();
                        _value.Append(ms);
                        if (ms is > -62135596800000 and < 253402300800000)
                        {
                            _value.Append(" ("u8);
                            TimeFormat.AppendIsoUtc(_value, ms * 1_000_000);
                            _value.Append((byte)')');
                        }

                        Label(t, n, name, index, _value.Span);
                    }

                    return;
                }

            case CqlType.Float:
                {
                    if (len != 4)
                    {
                        break;
                    }

                    float f = BinaryPrimitives.ReadSingleBigEndian(value);
                    n = t.AddDouble(_f.Float, offset, 4, f);
                    if (n >= 0 && t.WantsText)
                    {
                        _value.Clear();
                        FieldFormatter.AppendDouble(_value, f, 6);
                        Label(t, n, name, index, _value.Span);
                    }

                    return;
                }

            case CqlType.Double:
                {
                    if (len != 8)
                    {
                        break;
                    }

                    double d = BinaryPrimitives.ReadDoubleBigEndian(value);
                    n = t.AddDouble(_f.Double, offset, 8, d);
                    if (n >= 0 && t.WantsText)
                    {
                        _value.Clear();
                        FieldFormatter.AppendDouble(_value, d, 15);
                        Label(t, n, name, index, _value.Span);
                    }

                    return;
                }

            case CqlType.Uuid:
            case CqlType.Timeuuid:
                if (len != 16)
                {
                    break;
                }

                n = t.AddBytes(node.Id == CqlType.Uuid ? _f.Uuid : _f.Timeuuid, offset, 16);
                if (n >= 0 && t.WantsText)
                {
                    _value.Clear();
                    AddressFormat.AppendGuid(_value, value);
                    Label(t, n, name, index, _value.Span);
                }

                return;
            case CqlType.Inet:
                if (len == 4)
                {
                    uint a = BinaryPrimitives.ReadUInt32BigEndian(value);
                    n = t.AddIPv4(_f.Ipv4, offset, a);
                    if (n >= 0 && t.WantsText)
                    {
                        _value.Clear();
                        AddressFormat.AppendIPv4(_value, a);
                        Label(t, n, name, index, _value.Span);
                    }

                    return;
                }

                if (len == 16)
                {
                    n = t.AddBytes(_f.Ipv6, offset, 16);
                    if (n >= 0 && t.WantsText)
                    {
                        _value.Clear();
                        AddressFormat.AppendIPv6(_value, value);
                        Label(t, n, name, index, _value.Span);
                    }

                    return;
                }

                break;
            case CqlType.Date:
                if (len != 4)
                {
                    break;
                }

                if (t.Wants(_f.Date) || t.WantsText)
                {
                    _value.Clear();
                    AppendDate(_value, (long)BinaryPrimitives.ReadUInt32BigEndian(value) - (1L << 31));
                    n = t.AddGenerated(_f.Date, offset, 4, _value.Span, NodeFlags.None);
                    Label(t, n, name, index, _value.Span);
                }

                return;
            case CqlType.Time:
                if (len != 8)
                {
                    break;
                }

                if (t.Wants(_f.Time) || t.WantsText)
                {
                    _value.Clear();
                    AppendTime(_value, BinaryPrimitives.ReadInt64BigEndian(value));
                    n = t.AddGenerated(_f.Time, offset, 8, _value.Span, NodeFlags.None);
                    Label(t, n, name, index, _value.Span);
                }

                return;
            case CqlType.Duration:
                {
                    var r = new WireReader(value);
                    if (!r.TryReadVInt(out long months) || !r.TryReadVInt(out long days) || !r.TryReadVInt(out long nanos) || !r.IsEnd)
                    {
                        break;
                    }

                    if (t.Wants(_f.Duration) || t.WantsText)
                    {
                        _value.Clear();
                        AppendDuration(_value, months, days, nanos);
                        n = t.AddGenerated(_f.Duration, offset, len, _value.Span, NodeFlags.None);
                        Label(t, n, name, index, _value.Span);
                    }

                    return;
                }

            case CqlType.Varint:
                AddVarint(t, value, offset, name, index);
                return;
            case CqlType.Decimal:
                {
                    if (len < 5)
                    {
                        break;
                    }

                    int scale = BinaryPrimitives.ReadInt32BigEndian(value);
                    t.AddInt(_f.Scale, offset, 4, scale);
                    if (t.Wants(_f.Decimal) || t.WantsText)
                    {
                        _value.Clear();
                        AppendDecimal(_value, _digits, value[4..], scale);
                        n = t.AddGenerated(_f.Decimal, offset, len, _value.Span, NodeFlags.None);
                        Label(t, n, name, index, _value.Span);
                    }

                    return;
                }

            case CqlType.List:
            case CqlType.Set:
            case CqlType.Map:
                DecodeCollection(ctx, value, offset, meta, metaBytes, in node, depth, name, index);
                return;
            case CqlType.Udt:
            case CqlType.Tuple:
                DecodeComposite(ctx, value, offset, meta, metaBytes, in node, depth, name, index);
                return;
            case CqlType.Vector:
                DecodeVector(ctx, value, offset, meta, metaBytes, in node, depth, name, index);
                return;
        }

        // A value whose length does not fit its type.
        int raw = t.AddBytes(_f.Bytes, offset, len);
        t.Reopen(raw);
        ctx.Expert(_e.BadValueLength, offset, len);
        t.Close(raw);
    }

    /// <summary>list/set: [int] n then n [bytes]; map: [int] n then n key/value pairs (v1/v2 use [short]s).</summary>
    private void DecodeCollection(DissectContext ctx, ReadOnlySpan<byte> value, int offset, CqlMetadata meta, ReadOnlySpan<byte> metaBytes,
        in CqlTypeNode node, int depth, ReadOnlySpan<byte> name, int index)
    {
        var t = ctx.Tree;
        bool shortSizes = _c.Version is > 0 and <= 2;
        var r = new WireReader(value);
        int count;
        if (shortSizes)
        {
            r.TryReadUInt16BE(out ushort c);
            count = c;
        }
        else if (!r.TryReadInt32BE(out count))
        {
            ctx.Expert(_e.Truncated, offset, value.Length);
            return;
        }

        bool map = node.Id == CqlType.Map;
        int sub = t.Open(ctx.Core.Ws.Text, offset, value.Length);
        if (sub >= 0 && t.WantsText)
        {
            _value.Clear();
            _value.Append(node.Id == CqlType.List ? "list"u8 : map ? "map"u8 : "set"u8);
            _value.Append(" of "u8);
            _value.Append(count);
            _value.Append(count == 1 ? " element"u8 : " elements"u8);
            Label(t, sub, name, index, _value.Span);
        }

        int sizeNode = t.AddInt(node.Id == CqlType.List ? _f.ResultRowsListSize : map ? _f.ResultRowsMapSize : _f.ResultRowsSetSize,
            offset, shortSizes ? 2 : 4, count);
        int perElement = (shortSizes ? 2 : 4) * (map ? 2 : 1);
        if (count < 0 || (long)count * perElement > r.Remaining)
        {
            t.Reopen(sizeNode);
            ctx.Expert(count < 0 ? _e.UnexpectedNegative : _e.CountTooLarge, offset, shortSizes ? 2 : 4);
            t.Close(sizeNode);
            t.Close(sub);
            return;
        }

        int keyType = node.FirstChild;
        int valueType = map && keyType >= 0 ? meta.Nodes[keyType].NextSibling : -1;
        for (int i = 0; i < count; i++)
        {
            if (!DecodeElement(ctx, ref r, offset, meta, metaBytes, keyType, depth, map ? "key"u8 : default, i, shortSizes)
                || (map && !DecodeElement(ctx, ref r, offset, meta, metaBytes, valueType, depth, "value"u8, i, shortSizes)))
            {
                break;
            }
        }

        t.Close(sub);
    }

    /// <summary>One [bytes] element of a collection, UDT or tuple: its length item, then its value.</summary>
    private bool DecodeElement(DissectContext ctx, ref WireReader r, int baseOffset, CqlMetadata meta, ReadOnlySpan<byte> metaBytes,
        int type, int depth, ReadOnlySpan<byte> name, int index, bool shortSize = false)
    {
        var t = ctx.Tree;
        int at = r.Offset;
        int length;
        if (shortSize)
        {
            if (!r.TryReadUInt16BE(out ushort s))
            {
                ctx.Expert(_e.Truncated, baseOffset + at, 0);
                return false;
            }

            length = s;
            t.AddUInt(_f.BytesLengthShort, baseOffset + at, 2, s);
        }
        else
        {
            if (!r.TryReadInt32BE(out length))
            {
                ctx.Expert(_e.Truncated, baseOffset + at, r.Remaining);
                return false;
            }

            t.AddInt(_f.BytesLengthInt, baseOffset + at, 4, length);
        }

        int valueAt = r.Offset;
        if (length < 0)
        {
            int nn = t.AddNone(_f.NullValue, baseOffset + at, valueAt - at);
            Label(t, nn, name, index, "NULL"u8);
            return true;
        }

        if (!r.TryReadBytes(length, out var bytes))
        {
            ctx.Expert(_e.Truncated, baseOffset + valueAt, r.Remaining);
            return false;
        }

        if (type < 0)
        {
            t.AddBytes(_f.Bytes, baseOffset + valueAt, length);
            return true;
        }

        DecodeTyped(ctx, bytes, baseOffset + valueAt, meta, metaBytes, type, depth + 1, name, index);
        return true;
    }

    /// <summary>UDT: one [bytes] per field in the type's order (trailing fields may be missing); tuple: one per component.</summary>
    private void DecodeComposite(DissectContext ctx, ReadOnlySpan<byte> value, int offset, CqlMetadata meta, ReadOnlySpan<byte> metaBytes,
        in CqlTypeNode node, int depth, ReadOnlySpan<byte> name, int index)
    {
        var t = ctx.Tree;
        bool udt = node.Id == CqlType.Udt;
        int sub = t.Open(ctx.Core.Ws.Text, offset, value.Length);
        if (sub >= 0 && t.WantsText)
        {
            _value.Clear();
            if (udt)
            {
                _value.Append(metaBytes.Slice(node.NameOffset, node.NameLength));
            }
            else
            {
                _value.Append("tuple of "u8);
                _value.Append(node.ChildCount);
            }

            Label(t, sub, name, index, _value.Span);
        }

        var r = new WireReader(value);
        int i = 0;
        for (int child = node.FirstChild; child >= 0 && !r.IsEnd; child = meta.Nodes[child].NextSibling, i++)
        {
            var fieldName = udt ? metaBytes.Slice(meta.Nodes[child].FieldNameOffset, meta.Nodes[child].FieldNameLength) : default;
            if (!DecodeElement(ctx, ref r, offset, meta, metaBytes, child, depth, fieldName, udt ? -1 : i))
            {
                break;
            }
        }

        if (!r.IsEnd)
        {
            ctx.Expert(_e.TrailingBytes, offset + r.Offset, r.Remaining);
        }

        t.Close(sub);
    }

    /// <summary>vector: N elements, packed for fixed-size element types, each preceded by an [unsigned vint] length otherwise.</summary>
    private void DecodeVector(DissectContext ctx, ReadOnlySpan<byte> value, int offset, CqlMetadata meta, ReadOnlySpan<byte> metaBytes,
        in CqlTypeNode node, int depth, ReadOnlySpan<byte> name, int index)
    {
        var t = ctx.Tree;
        int element = node.FirstChild;
        int dims = node.Dimensions;
        int sub = t.Open(ctx.Core.Ws.Text, offset, value.Length);
        if (sub >= 0 && t.WantsText)
        {
            _value.Clear();
            _value.Append("vector of "u8);
            _value.Append(dims);
            Label(t, sub, name, index, _value.Span);
        }

        t.AddUInt(_f.VectorSize, offset, 0, (uint)dims, NodeFlags.Generated);
        int width = element >= 0 ? FixedWidth(meta.Nodes[element].Id) : 0;
        if (element < 0 || dims < 0 || (width > 0 && (long)width * dims != value.Length) || (width == 0 && dims > value.Length))
        {
            int raw = t.AddBytes(_f.Bytes, offset, value.Length);
            t.Reopen(raw);
            ctx.Expert(_e.BadValueLength, offset, value.Length);
            t.Close(raw);
            t.Close(sub);
            return;
        }

        var r = new WireReader(value);
        for (int i = 0; i < dims; i++)
        {
            int at = r.Offset;
            ReadOnlySpan<byte> bytes;
            if (width > 0)
            {
                r.TryReadBytes(width, out bytes);
            }
            else if (!r.TryReadUnsignedVInt(out ulong length) || !r.TryReadBytes((long)Math.Min(length, int.MaxValue), out bytes))
            {
                ctx.Expert(_e.Truncated, offset + at, r.Remaining);
                break;
            }

            DecodeTyped(ctx, bytes, offset + r.Offset - bytes.Length, meta, metaBytes, element, depth + 1, default, i);
        }

        t.Close(sub);
    }

    /// <summary>varint: two's complement, big-endian, any length (§6.24).</summary>
    private void AddVarint(FieldTree t, ReadOnlySpan<byte> value, int offset, ReadOnlySpan<byte> name, int index)
    {
        int len = value.Length;
        if (len <= 8)
        {
            long v = (sbyte)value[0];
            for (int i = 1; i < len; i++)
            {
                v = (v << 8) | value[i];
            }

            if (v >= 0)
            {
                // tshark's fields: cql.varint for one byte, cql.varint64 up to eight.
                t.AddUInt(len == 1 ? _f.Varint : _f.Varint64, offset, len, (ulong)v);
            }

            if (t.Wants(_f.VarintValue) || t.WantsText)
            {
                _value.Clear();
                _value.Append(v);
                int n = t.AddGenerated(_f.VarintValue, offset, len, _value.Span, NodeFlags.None);
                Label(t, n, name, index, _value.Span);
            }

            return;
        }

        if (t.Wants(_f.VarintValue) || t.WantsText)
        {
            _value.Clear();
            AppendBigInteger(_value, value);
            int n = t.AddGenerated(_f.VarintValue, offset, len, _value.Span, NodeFlags.None);
            Label(t, n, name, index, _value.Span);
        }
    }

    /// <summary>Decimal text of a big-endian two's complement integer (very long ones are summarised).</summary>
    private static void AppendBigInteger(Utf8Builder sb, ReadOnlySpan<byte> bigEndian)
    {
        if (bigEndian.Length > 256)
        {
            sb.Append("("u8);
            sb.Append(bigEndian.Length);
            sb.Append("-byte varint)"u8);
            return;
        }

        var v = new BigInteger(bigEndian, isUnsigned: false, isBigEndian: true);
        Span<char> chars = stackalloc char[700];
        if (v.TryFormat(chars, out int written, default, System.Globalization.CultureInfo.InvariantCulture))
        {
            sb.Append(chars[..written]);
        }
    }

    /// <summary><c>unscaled × 10^-scale</c> as text; extreme scales use exponent notation rather than thousands of zeros.</summary>
    private static void AppendDecimal(Utf8Builder sb, Utf8Builder digits, ReadOnlySpan<byte> unscaled, int scale)
    {
        digits.Clear();
        if (unscaled.Length <= 8)
        {
            long v = (sbyte)unscaled[0];
            for (int i = 1; i < unscaled.Length; i++)
            {
                v = (v << 8) | unscaled[i];
            }

            digits.Append(v);
        }
        else
        {
            AppendBigInteger(digits, unscaled);
        }

        var d = digits.Span;
        bool negative = d.Length > 0 && d[0] == (byte)'-';
        var mag = negative ? d[1..] : d;
        if (scale <= 0 || scale > 64 || mag.IsEmpty || mag[0] == (byte)'(')
        {
            sb.Append(d);
            if (scale != 0)
            {
                sb.Append((byte)'E');
                sb.Append(-(long)scale);
            }

            return;
        }

        if (negative)
        {
            sb.Append((byte)'-');
        }

        if (mag.Length <= scale)
        {
            sb.Append("0."u8);
            for (int i = mag.Length; i < scale; i++)
            {
                sb.Append((byte)'0');
            }

            sb.Append(mag);
            return;
        }

        sb.Append(mag[..^scale]);
        sb.Append((byte)'.');
        sb.Append(mag[^scale..]);
    }

    /// <summary>Days since 1970-01-01 as a proleptic Gregorian date (the whole CQL date range).</summary>
    private static void AppendDate(Utf8Builder sb, long days)
    {
        // Civil-from-days (the well-known era/day-of-era decomposition), valid for any int64 day count here.
        long z = days + 719468;
        long era = (z >= 0 ? z : z - 146096) / 146097;
        long doe = z - (era * 146097);
        long yoe = (doe - (doe / 1460) + (doe / 36524) - (doe / 146096)) / 365;
        long y = yoe + (era * 400);
        long doy = doe - ((365 * yoe) + (yoe / 4) - (yoe / 100));
        long mp = ((5 * doy) + 2) / 153;
        long d = doy - (((153 * mp) + 2) / 5) + 1;
        long m = mp < 10 ? mp + 3 : mp - 9;
        if (m <= 2)
        {
            y++;
        }

        sb.Append(y);
        sb.Append((byte)'-');
        Append2(sb, (int)m);
        sb.Append((byte)'-');
        Append2(sb, (int)d);
    }

    /// <summary>Nanoseconds since midnight as HH:MM:SS.nnnnnnnnn.</summary>
    private static void AppendTime(Utf8Builder sb, long ns)
    {
        if (ns is < 0 or >= 86_400_000_000_000)
        {
            sb.Append(ns);
            sb.Append(" ns"u8);
            return;
        }

        long s = ns / 1_000_000_000;
        Append2(sb, (int)(s / 3600));
        sb.Append((byte)':');
        Append2(sb, (int)(s / 60 % 60));
        sb.Append((byte)':');
        Append2(sb, (int)(s % 60));
        sb.Append((byte)'.');
        sb.Append(ns % 1_000_000_000, "D9");
    }

    /// <summary>A duration the way CQL writes literals: 1y2mo3d4h5m6s7ms8us9ns (a leading '-' when negative).</summary>
    private static void AppendDuration(Utf8Builder sb, long months, long days, long nanos)
    {
        if (months < 0 || days < 0 || nanos < 0)
        {
            sb.Append((byte)'-');
            months = -months;
            days = -days;
            nanos = -nanos;
        }

        int start = sb.Length;
        Part(sb, months / 12, "y"u8);
        Part(sb, months % 12, "mo"u8);
        Part(sb, days, "d"u8);
        Part(sb, nanos / 3_600_000_000_000, "h"u8);
        Part(sb, nanos / 60_000_000_000 % 60, "m"u8);
        Part(sb, nanos / 1_000_000_000 % 60, "s"u8);
        Part(sb, nanos / 1_000_000 % 1000, "ms"u8);
        Part(sb, nanos / 1000 % 1000, "us"u8);
        Part(sb, nanos % 1000, "ns"u8);
        if (sb.Length == start)
        {
            sb.Append("0s"u8);
        }

        static void Part(Utf8Builder sb, long v, ReadOnlySpan<byte> unit)
        {
            if (v != 0)
            {
                sb.Append(v);
                sb.Append(unit);
            }
        }
    }

    private static void Append2(Utf8Builder sb, int v)
    {
        sb.Append((byte)('0' + (v / 10 % 10)));
        sb.Append((byte)('0' + (v % 10)));
    }

    private static bool HasControl(ReadOnlySpan<byte> s)
    {
        foreach (byte b in s)
        {
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r'))
            {
                return true;
            }
        }

        return false;
    }

    // ---- labels ---------------------------------------------------------------------------------

    /// <summary>Labels a value node "name: text" (or "[i]: text" for elements), when a tree is wanted.</summary>
    private void Label(FieldTree t, int node, ReadOnlySpan<byte> name, int index, ReadOnlySpan<byte> text)
    {
        if (node < 0 || !t.WantsText || (name.IsEmpty && index < 0))
        {
            return;
        }

        _label.Clear();
        if (!name.IsEmpty)
        {
            _label.Append(name);
            if (index >= 0)
            {
                _label.Append(" ["u8);
                _label.Append(index);
                _label.Append((byte)']');
            }
        }
        else
        {
            _label.Append((byte)'[');
            _label.Append(index);
            _label.Append((byte)']');
        }

        _label.Append(": "u8);
        _label.Append(text);
        t.SetLabelUtf8(node, _label.Span);
    }

    private void LabelText(FieldTree t, int node, ReadOnlySpan<byte> name, int index, ReadOnlySpan<byte> value)
    {
        if (node < 0 || !t.WantsText || (name.IsEmpty && index < 0))
        {
            return;
        }

        _value.Clear();
        _value.Append((byte)'"');
        _value.Append(value[..Math.Min(value.Length, 200)]);
        if (value.Length > 200)
        {
            _value.Append("..."u8);
        }

        _value.Append((byte)'"');
        Label(t, node, name, index, _value.Span);
    }

    private void LabelNumber(FieldTree t, int node, ReadOnlySpan<byte> name, int index, long v)
    {
        if (node < 0 || !t.WantsText || (name.IsEmpty && index < 0))
        {
            return;
        }

        _value.Clear();
        _value.Append(v);
        Label(t, node, name, index, _value.Span);
    }
}
