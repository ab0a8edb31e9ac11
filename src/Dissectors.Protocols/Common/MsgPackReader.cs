// MessagePack (https://github.com/msgpack/msgpack/blob/master/spec.md): every format family — positive and
// negative fixint, uint8-64, int8-64, nil, bool, float32/64, fixstr/str8-32, bin8-32, fixarray/array16/32,
// fixmap/map16/32, fixext1-16 and ext8-32. Used by the Tarantool iproto dissector; nothing in it is
// Tarantool-specific.
//
// Shape (STYLE.md, .NET binary-protocol readers): a ref struct over one whole span with an int cursor; every
// read returns a 4-way result instead of throwing; array/map counts are checked against the bytes left
// before anything is sized by them (an element needs at least one byte, a map entry two); skipping a value is
// iterative with an explicit depth limit.
using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Dissectors.Protocols.Common;

/// <summary>Outcome of a MessagePack read (Nerdbank.MessagePack's DecodeResult shape).</summary>
public enum MsgPackResult : byte
{
    /// <summary>The token was read and the cursor moved past it.</summary>
    Success,
    /// <summary>The next token is of another type than the one asked for, or is the reserved byte 0xc1; the cursor did not move.</summary>
    TokenMismatch,
    /// <summary>No bytes are left.</summary>
    EmptyBuffer,
    /// <summary>The token's header or payload (or the minimum size of its elements) runs past the end; the cursor did not move.</summary>
    InsufficientBuffer,
}

/// <summary>MessagePack type families.</summary>
public enum MsgPackType : byte
{
    Nil,
    Bool,
    /// <summary>Positive fixint and uint8-64 (and non-negative values of int8-64 are still <see cref="Int"/>).</summary>
    UInt,
    /// <summary>Negative fixint and int8-64.</summary>
    Int,
    Float32,
    Float64,
    Str,
    Bin,
    Array,
    Map,
    Ext,
    /// <summary>0xc1, which the spec says is never used.</summary>
    NeverUsed,
}

/// <summary>
/// One decoded MessagePack token. For str, bin and ext the payload is <see cref="PayloadOffset"/> and
/// <see cref="Length"/> bytes; for array and map, <see cref="Length"/> is the element (pair) count.
/// </summary>
public readonly struct MsgPackToken
{
    public MsgPackToken(MsgPackType type, int offset, int headerLength, ulong raw, int length, sbyte extType)
    {
        Type = type;
        Offset = offset;
        HeaderLength = headerLength;
        Raw = raw;
        Length = length;
        ExtType = extType;
    }

    public MsgPackType Type { get; }

    /// <summary>Offset of the token's first byte in the reader's span.</summary>
    public int Offset { get; }

    /// <summary>Bytes of the type byte plus its length/value bytes (for str/bin/ext: up to the payload).</summary>
    public int HeaderLength { get; }

    /// <summary>Integer bits: the value of UInt, the two's complement of Int, 0/1 for Bool, the IEEE bits of floats.</summary>
    public ulong Raw { get; }

    /// <summary>Payload bytes (str/bin/ext) or element count (array; pairs for map).</summary>
    public int Length { get; }

    /// <summary>Application type of an ext value.</summary>
    public sbyte ExtType { get; }

    public int PayloadOffset => Offset + HeaderLength;

    /// <summary>Total bytes of a scalar/str/bin/ext token; for array and map only the header.</summary>
    public int TokenLength => Type is MsgPackType.Str or MsgPackType.Bin or MsgPackType.Ext ? HeaderLength + Length : HeaderLength;

    public long Int64 => (long)Raw;

    public bool Bool => Raw != 0;

    public double Double => Type == MsgPackType.Float32
        ? BitConverter.Int32BitsToSingle((int)(uint)Raw)
        : BitConverter.Int64BitsToDouble((long)Raw);

    /// <summary>True for UInt, and for Int when the value is not negative (Tarantool accepts both for ids).</summary>
    public bool TryGetUInt64(out ulong value)
    {
        value = Raw;
        return Type == MsgPackType.UInt || (Type == MsgPackType.Int && (long)Raw >= 0);
    }
}

/// <summary>A forward-only MessagePack cursor over one complete span (a whole PDU body).</summary>
public ref struct MsgPackReader
{
    /// <summary>Default nesting limit of <see cref="TrySkip"/> (Tarantool's own decoder has none; real data stays under 10).</summary>
    public const int DefaultMaxDepth = 64;

    private readonly ReadOnlySpan<byte> _data;
    private int _pos;

    public MsgPackReader(ReadOnlySpan<byte> data, int offset = 0)
    {
        _data = data;
        _pos = offset;
    }

    public readonly int Offset => _pos;

    public readonly int Remaining => _data.Length - _pos;

    public readonly bool IsEnd => _pos >= _data.Length;

    public readonly ReadOnlySpan<byte> Data => _data;

    public void Seek(int offset) => _pos = Math.Clamp(offset, 0, _data.Length);

    /// <summary>Reads the next token's header (and, for str/bin/ext, steps over its payload).</summary>
    public MsgPackResult TryRead(out MsgPackToken token)
    {
        var r = Peek(_data, _pos, out token);
        if (r == MsgPackResult.Success)
        {
            _pos += token.TokenLength;
        }

        return r;
    }

    /// <summary>Looks at the next token without moving.</summary>
    public readonly MsgPackResult TryPeek(out MsgPackToken token) => Peek(_data, _pos, out token);

    /// <summary>An unsigned integer (a non-negative signed one too).</summary>
    public MsgPackResult TryReadUInt(out ulong value)
    {
        var r = Peek(_data, _pos, out var t);
        value = 0;
        if (r != MsgPackResult.Success)
        {
            return r;
        }

        if (!t.TryGetUInt64(out value))
        {
            return MsgPackResult.TokenMismatch;
        }

        _pos += t.TokenLength;
        return MsgPackResult.Success;
    }

    public MsgPackResult TryReadMapHeader(out int count) => TryReadContainer(MsgPackType.Map, out count);

    public MsgPackResult TryReadArrayHeader(out int count) => TryReadContainer(MsgPackType.Array, out count);

    private MsgPackResult TryReadContainer(MsgPackType type, out int count)
    {
        var r = Peek(_data, _pos, out var t);
        count = 0;
        if (r != MsgPackResult.Success)
        {
            return r;
        }

        if (t.Type != type)
        {
            return MsgPackResult.TokenMismatch;
        }

        count = t.Length;
        _pos += t.HeaderLength;
        return MsgPackResult.Success;
    }

    /// <summary>A str token: its payload's offset and length in the span.</summary>
    public MsgPackResult TryReadString(out int payloadOffset, out int length)
    {
        var r = Peek(_data, _pos, out var t);
        payloadOffset = 0;
        length = 0;
        if (r != MsgPackResult.Success)
        {
            return r;
        }

        if (t.Type != MsgPackType.Str)
        {
            return MsgPackResult.TokenMismatch;
        }

        payloadOffset = t.PayloadOffset;
        length = t.Length;
        _pos += t.TokenLength;
        return MsgPackResult.Success;
    }

    /// <summary>
    /// Steps over one whole value (arrays and maps with everything in them) without recursion. Nesting deeper
    /// than <paramref name="maxDepth"/> is a <see cref="MsgPackResult.TokenMismatch"/>; on any failure the
    /// cursor stays where it was.
    /// </summary>
    public MsgPackResult TrySkip(int maxDepth = DefaultMaxDepth)
    {
        int start = _pos;
        maxDepth = Math.Clamp(maxDepth, 1, 1024);
        Span<long> pending = maxDepth <= 128 ? stackalloc long[maxDepth] : new long[maxDepth];
        int depth = 0;
        long left = 1;
        while (true)
        {
            if (left == 0)
            {
                if (depth == 0)
                {
                    return MsgPackResult.Success;
                }

                left = pending[--depth];
                continue;
            }

            var r = TryRead(out var t);
            if (r != MsgPackResult.Success)
            {
                _pos = start;
                return r == MsgPackResult.EmptyBuffer ? MsgPackResult.InsufficientBuffer : r;
            }

            left--;
            if (t.Type is MsgPackType.Array or MsgPackType.Map && t.Length > 0)
            {
                if (depth == maxDepth)
                {
                    _pos = start;
                    return MsgPackResult.TokenMismatch;
                }

                pending[depth++] = left;
                left = t.Type == MsgPackType.Map ? 2L * t.Length : t.Length;
            }
        }
    }

    /// <summary>Decodes the token at <paramref name="pos"/> without moving anything.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static MsgPackResult Peek(ReadOnlySpan<byte> data, int pos, out MsgPackToken token)
    {
        token = default;
        if ((uint)pos >= (uint)data.Length)
        {
            return MsgPackResult.EmptyBuffer;
        }

        byte b = data[pos];
        if (b <= 0x7f)
        {
            token = new MsgPackToken(MsgPackType.UInt, pos, 1, b, 0, 0);
            return MsgPackResult.Success;
        }

        if (b >= 0xe0)
        {
            token = new MsgPackToken(MsgPackType.Int, pos, 1, (ulong)(long)(sbyte)b, 0, 0);
            return MsgPackResult.Success;
        }

        int left = data.Length - pos - 1;
        var rest = data[(pos + 1)..];
        switch (b)
        {
            case <= 0x8f:
                return Container(MsgPackType.Map, pos, 1, b & 0x0f, left, out token);
            case <= 0x9f:
                return Container(MsgPackType.Array, pos, 1, b & 0x0f, left, out token);
            case <= 0xbf:
                return Payload(MsgPackType.Str, pos, 1, b & 0x1f, 0, left, out token);
            case 0xc0:
                token = new MsgPackToken(MsgPackType.Nil, pos, 1, 0, 0, 0);
                return MsgPackResult.Success;
            case 0xc1:
                token = new MsgPackToken(MsgPackType.NeverUsed, pos, 1, 0, 0, 0);
                return MsgPackResult.TokenMismatch;
            case 0xc2:
            case 0xc3:
                token = new MsgPackToken(MsgPackType.Bool, pos, 1, b == 0xc3 ? 1UL : 0UL, 0, 0);
                return MsgPackResult.Success;
            case 0xc4:
            case 0xc5:
            case 0xc6:
            {
                int lb = 1 << (b - 0xc4);
                if (left < lb)
                {
                    return MsgPackResult.InsufficientBuffer;
                }

                long n = ReadBE(rest, lb);
                return Payload(MsgPackType.Bin, pos, 1 + lb, n, 0, left - lb, out token);
            }
            case 0xc7:
            case 0xc8:
            case 0xc9:
            {
                int lb = 1 << (b - 0xc7);
                if (left < lb + 1)
                {
                    return MsgPackResult.InsufficientBuffer;
                }

                long n = ReadBE(rest, lb);
                return Payload(MsgPackType.Ext, pos, 2 + lb, n, (sbyte)rest[lb], left - lb - 1, out token);
            }
            case 0xca:
            case 0xcb:
            {
                int w = b == 0xca ? 4 : 8;
                if (left < w)
                {
                    return MsgPackResult.InsufficientBuffer;
                }

                token = new MsgPackToken(b == 0xca ? MsgPackType.Float32 : MsgPackType.Float64, pos, 1 + w, (ulong)ReadBE(rest, w), 0, 0);
                return MsgPackResult.Success;
            }
            case >= 0xcc and <= 0xcf:
            {
                int w = 1 << (b - 0xcc);
                if (left < w)
                {
                    return MsgPackResult.InsufficientBuffer;
                }

                ulong v = w == 8 ? BinaryPrimitives.ReadUInt64BigEndian(rest) : (ulong)ReadBE(rest, w);
                token = new MsgPackToken(MsgPackType.UInt, pos, 1 + w, v, 0, 0);
                return MsgPackResult.Success;
            }
            case >= 0xd0 and <= 0xd3:
            {
                int w = 1 << (b - 0xd0);
                if (left < w)
                {
                    return MsgPackResult.InsufficientBuffer;
                }

                long v = w switch
                {
                    1 => (sbyte)rest[0],
                    2 => BinaryPrimitives.ReadInt16BigEndian(rest),
                    4 => BinaryPrimitives.ReadInt32BigEndian(rest),
                    _ => BinaryPrimitives.ReadInt64BigEndian(rest),
                };
                token = new MsgPackToken(MsgPackType.Int, pos, 1 + w, (ulong)v, 0, 0);
                return MsgPackResult.Success;
            }
            case >= 0xd4 and <= 0xd8:
            {
                if (left < 1)
                {
                    return MsgPackResult.InsufficientBuffer;
                }

                int n = 1 << (b - 0xd4);
                return Payload(MsgPackType.Ext, pos, 2, n, (sbyte)rest[0], left - 1, out token);
            }
            case 0xd9:
            case 0xda:
            case 0xdb:
            {
                int lb = 1 << (b - 0xd9);
                if (left < lb)
                {
                    return MsgPackResult.InsufficientBuffer;
                }

                return Payload(MsgPackType.Str, pos, 1 + lb, ReadBE(rest, lb), 0, left - lb, out token);
            }
            case 0xdc:
            case 0xdd:
            {
                int lb = b == 0xdc ? 2 : 4;
                if (left < lb)
                {
                    return MsgPackResult.InsufficientBuffer;
                }

                return Container(MsgPackType.Array, pos, 1 + lb, ReadBE(rest, lb), left - lb, out token);
            }
            default: // 0xde, 0xdf
            {
                int lb = b == 0xde ? 2 : 4;
                if (left < lb)
                {
                    return MsgPackResult.InsufficientBuffer;
                }

                return Container(MsgPackType.Map, pos, 1 + lb, ReadBE(rest, lb), left - lb, out token);
            }
        }
    }

    private static long ReadBE(ReadOnlySpan<byte> s, int width) => width switch
    {
        1 => s[0],
        2 => BinaryPrimitives.ReadUInt16BigEndian(s),
        4 => BinaryPrimitives.ReadUInt32BigEndian(s),
        _ => (long)BinaryPrimitives.ReadUInt64BigEndian(s),
    };

    private static MsgPackResult Payload(MsgPackType type, int pos, int header, long length, sbyte ext, int left, out MsgPackToken token)
    {
        token = default;
        if (length > left)
        {
            return MsgPackResult.InsufficientBuffer;
        }

        token = new MsgPackToken(type, pos, header, 0, (int)length, ext);
        return MsgPackResult.Success;
    }

    private static MsgPackResult Container(MsgPackType type, int pos, int header, long count, int left, out MsgPackToken token)
    {
        token = default;
        // Each element takes at least one byte; a map entry two. A count the bytes cannot hold is refused
        // before any caller sizes anything by it.
        long min = type == MsgPackType.Map ? 2 * count : count;
        if (min > left)
        {
            return MsgPackResult.InsufficientBuffer;
        }

        token = new MsgPackToken(type, pos, header, 0, (int)count, 0);
        return MsgPackResult.Success;
    }
}
