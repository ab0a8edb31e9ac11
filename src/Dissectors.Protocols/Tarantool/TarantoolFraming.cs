using Dissectors.Core.Dissection;
using Dissectors.Protocols.Common;

namespace Dissectors.Protocols.Tarantool;

/// <summary>
/// Where iproto messages start and end.
/// <code>
///  greeting (server → client, once):  "Tarantool &lt;version&gt; (Binary) &lt;uuid&gt;" padded to 63 + '\n' | base64 salt padded to 63 + '\n'
///  message:  | MsgPack uint: N (any uint encoding; Tarantool writes 0xce + 4 bytes) | header map | body map (optional) |
///                                                                                   &lt;------------- N bytes -------------&gt;
/// </code>
/// </summary>
internal static class TarantoolFraming
{
    public static ReadOnlySpan<byte> GreetingPrefix => "Tarantool "u8;

    /// <summary>1 = starts a greeting, 0 = not, -1 = too short to tell.</summary>
    public static int IsGreetingStart(ReadOnlySpan<byte> data)
    {
        var p = GreetingPrefix;
        int n = Math.Min(p.Length, data.Length);
        if (!data[..n].SequenceEqual(p[..n]))
        {
            return 0;
        }

        return n == p.Length ? 1 : -1;
    }

    /// <summary>Bytes of the length prefix at the head of <paramref name="data"/>: 0 when not a uint, -1 when too short.</summary>
    public static int PrefixLength(ReadOnlySpan<byte> data, out ulong length)
    {
        length = 0;
        if (data.IsEmpty)
        {
            return -1;
        }

        byte b = data[0];
        if (b <= 0x7f)
        {
            length = b;
            return 1;
        }

        if (b is < 0xcc or > 0xcf)
        {
            return 0;
        }

        var r = MsgPackReader.Peek(data, 0, out var t);
        if (r != MsgPackResult.Success)
        {
            return -1;
        }

        length = t.Raw;
        return t.HeaderLength;
    }

    /// <summary>
    /// A plausible message start: a uint length of at least one byte and at most <paramref name="max"/>, then a
    /// non-empty header map whose first key is a header key (0x00-0x0b) with a uint value. With the whole
    /// message present, the header map must also end inside it. -1 = too short to tell, 0 = no, 1 = yes.
    /// </summary>
    public static int IsPlausibleMessage(ReadOnlySpan<byte> data, long max)
    {
        int pl = PrefixLength(data, out ulong length);
        if (pl <= 0)
        {
            return pl;
        }

        if (length < 3 || length > (ulong)max)
        {
            return 0;
        }

        var r = new MsgPackReader(data, pl);
        var res = r.TryReadMapHeader(out int count);
        if (res == MsgPackResult.TokenMismatch)
        {
            return 0;
        }

        if (res != MsgPackResult.Success)
        {
            // A count the bytes so far cannot hold may still be fine once more arrives (a big header is rare).
            return data.Length - pl >= (long)length ? 0 : -1;
        }

        if (count == 0 || count > 16)
        {
            return 0;
        }

        var k = r.TryReadUInt(out ulong key);
        if (k != MsgPackResult.Success)
        {
            return k == MsgPackResult.TokenMismatch ? 0 : -1;
        }

        if (key > 0x0b)
        {
            return 0;
        }

        var v = r.TryReadUInt(out ulong value);
        if (v != MsgPackResult.Success)
        {
            // TIMESTAMP (0x04) is a double.
            if (v == MsgPackResult.TokenMismatch && key == 0x04 && r.TryPeek(out var tok) == MsgPackResult.Success && tok.Type == MsgPackType.Float64)
            {
                return 1;
            }

            return v == MsgPackResult.TokenMismatch ? 0 : -1;
        }

        if (key == 0x00 && TarantoolValues.TypeName(value) is null && (value & TarantoolValues.ErrorFlag) == 0)
        {
            return 0;
        }

        if ((long)length <= data.Length - pl)
        {
            // The whole header must fit the message.
            var h = new MsgPackReader(data[..(pl + (int)length)], pl);
            if (h.TrySkip(8) != MsgPackResult.Success)
            {
                return 0;
            }
        }

        return 1;
    }

    /// <summary>First bytes of a conversation on a port nobody registered.</summary>
    public static HeuristicResult Heuristic(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return HeuristicResult.NeedMore;
        }

        int g = IsGreetingStart(data);
        if (g != 0)
        {
            return g > 0 ? HeuristicResult.Mine : HeuristicResult.NeedMore;
        }

        // Without a greeting be strict: Tarantool's own 0xce prefix only, a small message.
        if (data[0] != 0xce)
        {
            return HeuristicResult.NotMine;
        }

        return IsPlausibleMessage(data, 16 * 1024 * 1024) switch
        {
            1 => HeuristicResult.Mine,
            -1 => data.Length < 32 ? HeuristicResult.NeedMore : HeuristicResult.NotMine,
            _ => HeuristicResult.NotMine,
        };
    }
}
