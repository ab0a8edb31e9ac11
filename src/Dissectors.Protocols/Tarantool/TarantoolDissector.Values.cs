using System.Buffers.Binary;
using Dissectors.Core.Buffers;
using Dissectors.Core.Dissection;
using Dissectors.Core.Fields;
using Dissectors.Protocols.Common;

namespace Dissectors.Protocols.Tarantool;

/// <summary>
/// MsgPack values in the tree: the key's field carries the value as JSON-like text (<c>[280, "Berlin", null]</c>,
/// capped at <see cref="TarantoolLimits.MaxValueText"/> bytes), and under it a <c>tnt.mp.*</c> subtree of
/// filterable scalars (capped at <see cref="TarantoolLimits.MaxValueNodes"/> nodes per message).
/// </summary>
internal sealed partial class TarantoolDissector
{
    private bool AddValue(DissectContext ctx, ref MsgPackReader r, FieldId field) => AddValue(ctx, ref r, field, out _);

    /// <summary>
    /// Steps over one value (validating it: counts against bytes left, depth limit) and adds it as
    /// <paramref name="field"/>. False, with an expert item, when the value is broken; the message stops there.
    /// </summary>
    private bool AddValue(DissectContext ctx, ref MsgPackReader r, FieldId field, out int node, bool withTree = true)
    {
        var t = ctx.Tree;
        node = -1;
        int start = r.Offset;
        var sr = r.TrySkip(TarantoolLimits.MaxDepth);
        if (sr != MsgPackResult.Success)
        {
            Diagnose(ctx, r.Data, start, sr);
            return false;
        }

        int end = r.Offset;
        if (!t.Wants(field))
        {
            if (withTree && t.Wants(_f.MpUInt) | t.Wants(_f.MpStr) | t.Wants(_f.MpInt))
            {
                var tr0 = new MsgPackReader(r.Data[..end], start);
                AddMpTree(ctx, ref tr0, 0);
            }

            return true;
        }

        node = AddRendered(ctx, field, r.Data, start, end);
        if (withTree && node >= 0 && (t.BuildsEverything || t.Wants(_f.MpUInt) || t.Wants(_f.MpStr) || t.Wants(_f.MpInt)
            || t.Wants(_f.MpBool) || t.Wants(_f.MpDouble) || t.Wants(_f.MpNil) || t.Wants(_f.MpUuid) || t.Wants(_f.MpExt)))
        {
            var tr = new MsgPackReader(r.Data[..end], start);
            t.Reopen(node);
            AddMpTree(ctx, ref tr, 0);
            t.Close(node);
        }

        return true;
    }

    /// <summary>Why a value could not be skipped: reserved byte, too deep, a count or length the bytes cannot hold, or truncation.</summary>
    private void Diagnose(DissectContext ctx, ReadOnlySpan<byte> data, int start, MsgPackResult result)
    {
        if (result == MsgPackResult.TokenMismatch)
        {
            var deep = new MsgPackReader(data, start);
            ctx.Expert(deep.TrySkip(1024) == MsgPackResult.Success ? _e.TooDeep : _e.BadMsgPack, start, data.Length - start);
            return;
        }

        // Walk tokens to the one that does not fit: a container or string header announcing more than is left.
        var w = new MsgPackReader(data, start);
        while (true)
        {
            int at = w.Offset;
            var tr = w.TryRead(out _);
            if (tr == MsgPackResult.Success)
            {
                continue;
            }

            // The token's own header is all there but announces more than is left: a length or count problem.
            bool count = tr == MsgPackResult.InsufficientBuffer && data.Length - at >= SizedHeaderLength(data[at]);
            ctx.Expert(count ? _e.CountTooLarge : _e.Truncated, at, data.Length - at);
            return;
        }
    }

    /// <summary>Header bytes of a str/bin/ext/array/map token that carries an explicit length or count; int.MaxValue for others.</summary>
    private static int SizedHeaderLength(byte b) => b switch
    {
        0xc4 or 0xd9 => 2,
        0xc5 or 0xda or 0xdc or 0xde => 3,
        0xc6 or 0xdb or 0xdd or 0xdf => 5,
        0xc7 => 3,
        0xc8 => 4,
        0xc9 => 6,
        >= 0x80 and <= 0xbf => 1,
        _ => int.MaxValue,
    };

    /// <summary>Adds <paramref name="field"/> over [start, end) with the value's text as its string value.</summary>
    private int AddRendered(DissectContext ctx, FieldId field, ReadOnlySpan<byte> data, int start, int end)
    {
        var t = ctx.Tree;
        if (!t.Wants(field))
        {
            return -1;
        }

        _text.Clear();
        var rr = new MsgPackReader(data[..end], start);
        RenderValue(ref rr, _text, 0, TarantoolLimits.MaxValueText);
        return t.AddGenerated(field, start, end - start, _text.Span, NodeFlags.None);
    }

    /// <summary>Renders one value as JSON-like text, up to about <paramref name="cap"/> bytes of output.</summary>
    internal static void RenderValue(ref MsgPackReader r, Utf8Builder sb, int depth, int cap)
    {
        if (r.TryRead(out var tok) != MsgPackResult.Success)
        {
            sb.Append("<invalid>"u8);
            r.Seek(r.Data.Length);
            return;
        }

        var data = r.Data;
        switch (tok.Type)
        {
            case MsgPackType.Nil:
                sb.Append("null"u8);
                break;
            case MsgPackType.Bool:
                sb.Append(tok.Bool ? "true"u8 : "false"u8);
                break;
            case MsgPackType.UInt:
                sb.Append(tok.Raw);
                break;
            case MsgPackType.Int:
                sb.Append(tok.Int64);
                break;
            case MsgPackType.Float32:
            case MsgPackType.Float64:
                sb.Append(tok.Double, "R");
                break;
            case MsgPackType.Str:
                AppendQuoted(sb, data.Slice(tok.PayloadOffset, tok.Length), cap);
                break;
            case MsgPackType.Bin:
                sb.Append("bin:"u8);
                AppendHexCapped(sb, data.Slice(tok.PayloadOffset, tok.Length), cap);
                break;
            case MsgPackType.Array:
            case MsgPackType.Map:
            {
                bool map = tok.Type == MsgPackType.Map;
                sb.Append(map ? (byte)'{' : (byte)'[');
                for (int i = 0; i < tok.Length; i++)
                {
                    if (sb.Length >= cap || depth >= TarantoolLimits.MaxDepth)
                    {
                        for (int j = i; j < tok.Length; j++)
                        {
                            r.TrySkip(TarantoolLimits.MaxDepth);
                            if (map)
                            {
                                r.TrySkip(TarantoolLimits.MaxDepth);
                            }
                        }

                        sb.Append(i > 0 ? ", …"u8 : "…"u8);
                        break;
                    }

                    if (i > 0)
                    {
                        sb.Append(", "u8);
                    }

                    RenderValue(ref r, sb, depth + 1, cap);
                    if (map)
                    {
                        sb.Append(": "u8);
                        RenderValue(ref r, sb, depth + 1, cap);
                    }
                }

                sb.Append(map ? (byte)'}' : (byte)']');
                break;
            }
            case MsgPackType.Ext:
                RenderExt(sb, tok.ExtType, data.Slice(tok.PayloadOffset, tok.Length), depth, cap);
                break;
            default:
                sb.Append("<invalid>"u8);
                break;
        }
    }

    private static void RenderExt(Utf8Builder sb, int ext, ReadOnlySpan<byte> p, int depth, int cap)
    {
        switch (ext)
        {
            case 1 when TryRenderDecimal(sb, p):
                return;
            case 2 when p.Length == 16:
                AppendUuid(sb, p);
                return;
            case 3 when depth < TarantoolLimits.MaxDepth:
            {
                // MP_ERROR: the payload is itself a MsgPack map.
                var inner = new MsgPackReader(p);
                var copy = inner;
                if (copy.TrySkip(TarantoolLimits.MaxDepth) == MsgPackResult.Success)
                {
                    sb.Append("error"u8);
                    RenderValue(ref inner, sb, depth + 1, cap);
                    return;
                }

                break;
            }
            case 4 when p.Length is 8 or 16:
            {
                long seconds = BinaryPrimitives.ReadInt64LittleEndian(p);
                int nsec = p.Length == 16 ? BinaryPrimitives.ReadInt32LittleEndian(p[8..]) : 0;
                short tz = p.Length == 16 ? BinaryPrimitives.ReadInt16LittleEndian(p[12..]) : (short)0;
                if (seconds is > -62135596800 and < 253402300800)
                {
                    var dt = DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime;
                    sb.Append(dt, "yyyy-MM-ddTHH:mm:ss");
                    if (nsec is > 0 and < 1_000_000_000)
                    {
                        sb.Append((byte)'.');
                        sb.Append(nsec, "D9");
                    }

                    if (tz == 0)
                    {
                        sb.Append((byte)'Z');
                    }
                    else
                    {
                        sb.Append(tz > 0 ? (byte)'+' : (byte)'-');
                        int a = Math.Abs((int)tz);
                        sb.Append(a / 60, "D2");
                        sb.Append(a % 60, "D2");
                    }

                    return;
                }

                break;
            }
        }

        sb.Append(TarantoolValues.ExtName(ext) ?? "ext");
        sb.Append('(');
        sb.Append(ext);
        sb.Append("):"u8);
        AppendHexCapped(sb, p, cap);
    }

    /// <summary>MP_DECIMAL: a MsgPack int scale, then packed BCD digits whose last nibble is the sign (0xd/0xb negative).</summary>
    private static bool TryRenderDecimal(Utf8Builder sb, ReadOnlySpan<byte> p)
    {
        if (MsgPackReader.Peek(p, 0, out var st) != MsgPackResult.Success || st.Type is not (MsgPackType.UInt or MsgPackType.Int))
        {
            return false;
        }

        long scale = st.Int64;
        var bcd = p[st.HeaderLength..];
        if (bcd.IsEmpty || scale is < -1000 or > 1000)
        {
            return false;
        }

        Span<byte> digits = stackalloc byte[Math.Min(bcd.Length * 2, 128)];
        int n = 0;
        for (int i = 0; i < bcd.Length; i++)
        {
            int hi = bcd[i] >> 4, lo = bcd[i] & 0xF;
            bool last = i == bcd.Length - 1;
            if (hi > 9 || (!last && lo > 9) || n + 2 > digits.Length)
            {
                return false;
            }

            digits[n++] = (byte)('0' + hi);
            if (!last)
            {
                digits[n++] = (byte)('0' + lo);
            }
        }

        int sign = bcd[^1] & 0xF;
        if (sign < 0xa)
        {
            return false;
        }

        int lead = 0;
        while (lead < n - 1 && digits[lead] == '0')
        {
            lead++;
        }

        var d = digits[lead..n];
        if (sign is 0xb or 0xd)
        {
            sb.Append((byte)'-');
        }

        if (scale <= 0)
        {
            sb.Append(d);
            for (long i = 0; i < -scale && i < 1000; i++)
            {
                sb.Append((byte)'0');
            }
        }
        else if (scale >= d.Length)
        {
            sb.Append("0."u8);
            for (long i = d.Length; i < scale; i++)
            {
                sb.Append((byte)'0');
            }

            sb.Append(d);
        }
        else
        {
            sb.Append(d[..(d.Length - (int)scale)]);
            sb.Append((byte)'.');
            sb.Append(d[(d.Length - (int)scale)..]);
        }

        return true;
    }

    private static void AppendUuid(Utf8Builder sb, ReadOnlySpan<byte> p)
    {
        for (int i = 0; i < 16; i++)
        {
            if (i is 4 or 6 or 8 or 10)
            {
                sb.Append((byte)'-');
            }

            sb.Append(p[i], "x2");
        }
    }

    private static void AppendQuoted(Utf8Builder sb, ReadOnlySpan<byte> s, int cap)
    {
        sb.Append((byte)'"');
        int room = Math.Max(16, cap - sb.Length);
        int n = Math.Min(s.Length, room);
        while (n < s.Length && n > 0 && (s[n] & 0xC0) == 0x80)
        {
            n--;
        }

        for (int i = 0; i < n; i++)
        {
            byte b = s[i];
            if (b == (byte)'"' || b == (byte)'\\')
            {
                sb.Append((byte)'\\');
                sb.Append(b);
            }
            else if (b < 0x20)
            {
                sb.Append(b switch { (byte)'\n' => "\\n"u8, (byte)'\r' => "\\r"u8, (byte)'\t' => "\\t"u8, _ => "\\u00"u8 });
                if (b is not ((byte)'\n' or (byte)'\r' or (byte)'\t'))
                {
                    sb.Append(b, "x2");
                }
            }
            else
            {
                sb.Append(b);
            }
        }

        if (n < s.Length)
        {
            sb.Append("…"u8);
        }

        sb.Append((byte)'"');
    }

    private static void AppendHexCapped(Utf8Builder sb, ReadOnlySpan<byte> p, int cap)
    {
        int room = Math.Max(8, (cap - sb.Length) / 2);
        int n = Math.Min(p.Length, room);
        for (int i = 0; i < n; i++)
        {
            sb.Append(p[i], "x2");
        }

        if (n < p.Length)
        {
            sb.Append("…"u8);
        }
    }

    /// <summary>The <c>tnt.mp.*</c> subtree of one (already validated) value.</summary>
    private void AddMpTree(DissectContext ctx, ref MsgPackReader r, int depth)
    {
        var t = ctx.Tree;
        int off = r.Offset;
        if (_valueNodes >= TarantoolLimits.MaxValueNodes)
        {
            if (_valueNodes++ == TarantoolLimits.MaxValueNodes)
            {
                ctx.Expert(_e.TooManyValues, off, 0);
            }

            r.TrySkip(TarantoolLimits.MaxDepth);
            return;
        }

        _valueNodes++;
        if (r.TryRead(out var tok) != MsgPackResult.Success)
        {
            r.Seek(r.Data.Length);
            return;
        }

        switch (tok.Type)
        {
            case MsgPackType.Nil:
                t.AddNone(_f.MpNil, off, 1);
                break;
            case MsgPackType.Bool:
                t.AddBool(_f.MpBool, off, 1, tok.Raw);
                break;
            case MsgPackType.UInt:
                t.AddUInt(_f.MpUInt, off, tok.HeaderLength, tok.Raw);
                break;
            case MsgPackType.Int:
                t.AddInt(_f.MpInt, off, tok.HeaderLength, tok.Int64);
                break;
            case MsgPackType.Float32:
            case MsgPackType.Float64:
                t.AddDouble(_f.MpDouble, off, tok.HeaderLength, tok.Double);
                break;
            case MsgPackType.Str:
                t.AddBytes(_f.MpStr, off, tok.TokenLength, tok.PayloadOffset, tok.Length);
                break;
            case MsgPackType.Bin:
                t.AddBytes(_f.MpBin, off, tok.TokenLength, tok.PayloadOffset, tok.Length);
                break;
            case MsgPackType.Array:
            case MsgPackType.Map:
            {
                bool map = tok.Type == MsgPackType.Map;
                int node = t.AddUInt(map ? _f.MpMap : _f.MpArray, off, tok.HeaderLength, (ulong)tok.Length);
                t.Reopen(node);
                int items = map ? 2 * tok.Length : tok.Length;
                for (int i = 0; i < items; i++)
                {
                    if (depth + 1 >= TarantoolLimits.MaxDepth)
                    {
                        r.TrySkip(TarantoolLimits.MaxDepth);
                        continue;
                    }

                    AddMpTree(ctx, ref r, depth + 1);
                }

                t.Close(node);
                t.SetLength(node, r.Offset - off);
                break;
            }
            case MsgPackType.Ext:
            {
                var p = r.Data.Slice(tok.PayloadOffset, tok.Length);
                bool badSize = tok.ExtType switch
                {
                    2 => tok.Length != 16,
                    4 => tok.Length is not (8 or 16),
                    _ => false,
                };
                if (tok.ExtType == 2 && !badSize)
                {
                    t.AddBytes(_f.MpUuid, off, tok.TokenLength, tok.PayloadOffset, 16);
                    break;
                }

                if (tok.ExtType == 1)
                {
                    _text.Clear();
                    if (TryRenderDecimal(_text, p))
                    {
                        t.AddGenerated(_f.MpDecimal, off, tok.TokenLength, _text.Span, NodeFlags.None);
                        break;
                    }

                    badSize = true;
                }

                int en = t.AddBytes(_f.MpExt, off, tok.TokenLength, tok.PayloadOffset, tok.Length);
                t.Reopen(en);
                t.AddInt(_f.MpExtType, off + tok.HeaderLength - 1, 1, tok.ExtType);
                t.Close(en);
                if (en >= 0 && t.WantsText)
                {
                    _text.Clear();
                    RenderExt(_text, tok.ExtType, p, depth, TarantoolLimits.MaxValueText);
                    t.SetLabelUtf8(en, _text.Span);
                }

                if (badSize)
                {
                    ctx.Expert(_e.BadExtSize, off, tok.TokenLength);
                }

                break;
            }
        }
    }
}
