using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Dissectors.Protocols.Common;

/// <summary>
/// A forward-only cursor over a span of wire bytes. Every read is a <c>TryXxx</c> that returns false
/// (and leaves the cursor where it was) when the bytes run out, so running past the end is a normal
/// outcome a dissector turns into an expert item, never an exception. Big-endian unless named LE.
/// </summary>
public ref struct WireReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _pos;

    public WireReader(ReadOnlySpan<byte> data, int offset = 0)
    {
        _data = data;
        _pos = offset;
    }

    /// <summary>Offset of the next byte, relative to the start of the span given to the constructor.</summary>
    public readonly int Offset => _pos;

    public readonly int Remaining => _data.Length - _pos;

    public readonly bool IsEnd => _pos >= _data.Length;

    public readonly int Length => _data.Length;

    /// <summary>The whole span the reader walks.</summary>
    public readonly ReadOnlySpan<byte> Data => _data;

    /// <summary>Moves the cursor to an absolute offset inside the span (clamped).</summary>
    public void Seek(int offset) => _pos = Math.Clamp(offset, 0, _data.Length);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TrySkip(long count)
    {
        if (count < 0 || count > Remaining)
        {
            return false;
        }

        _pos += (int)count;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadByte(out byte value)
    {
        if (_pos >= _data.Length)
        {
            value = 0;
            return false;
        }

        value = _data[_pos++];
        return true;
    }

    public readonly bool TryPeekByte(out byte value)
    {
        if (_pos >= _data.Length)
        {
            value = 0;
            return false;
        }

        value = _data[_pos];
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadUInt16BE(out ushort value)
    {
        if (Remaining < 2)
        {
            value = 0;
            return false;
        }

        value = BinaryPrimitives.ReadUInt16BigEndian(_data.Slice(_pos, 2));
        _pos += 2;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadInt16BE(out short value)
    {
        bool ok = TryReadUInt16BE(out ushort v);
        value = (short)v;
        return ok;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadInt32BE(out int value)
    {
        if (Remaining < 4)
        {
            value = 0;
            return false;
        }

        value = BinaryPrimitives.ReadInt32BigEndian(_data.Slice(_pos, 4));
        _pos += 4;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadUInt32BE(out uint value)
    {
        bool ok = TryReadInt32BE(out int v);
        value = (uint)v;
        return ok;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadInt64BE(out long value)
    {
        if (Remaining < 8)
        {
            value = 0;
            return false;
        }

        value = BinaryPrimitives.ReadInt64BigEndian(_data.Slice(_pos, 8));
        _pos += 8;
        return true;
    }

    /// <summary>Reads <paramref name="count"/> bytes as a slice of the underlying span (no copy).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadBytes(long count, out ReadOnlySpan<byte> bytes)
    {
        if (count < 0 || count > Remaining)
        {
            bytes = default;
            return false;
        }

        bytes = _data.Slice(_pos, (int)count);
        _pos += (int)count;
        return true;
    }

    /// <summary>
    /// An unsigned variable-length integer with the length in the leading one bits of the first byte
    /// (the CQL v5 [unsigned vint] and Cassandra's VIntCoding): 0xxxxxxx is one byte, 10xxxxxx two, ...,
    /// 11111111 nine.
    /// </summary>
    public bool TryReadUnsignedVInt(out ulong value)
    {
        value = 0;
        if (_pos >= _data.Length)
        {
            return false;
        }

        byte first = _data[_pos];
        int extra = System.Numerics.BitOperations.LeadingZeroCount((uint)(byte)~first) - 24;
        if (extra > Remaining - 1)
        {
            return false;
        }

        ulong v = extra >= 8 ? 0UL : (ulong)(first & (0xFF >> (extra + 1)));
        for (int i = 1; i <= extra; i++)
        {
            v = (v << 8) | _data[_pos + i];
        }

        _pos += 1 + extra;
        value = v;
        return true;
    }

    /// <summary>A zig-zag encoded signed [vint].</summary>
    public bool TryReadVInt(out long value)
    {
        if (!TryReadUnsignedVInt(out ulong u))
        {
            value = 0;
            return false;
        }

        value = (long)(u >> 1) ^ -(long)(u & 1);
        return true;
    }
}
