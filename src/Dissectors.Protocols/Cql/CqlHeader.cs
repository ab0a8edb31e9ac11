using System.Buffers.Binary;
using Dissectors.Core.Dissection;
using Dissectors.Protocols.Common;

namespace Dissectors.Protocols.Cql;

/// <summary>
/// The frame (v5: envelope) header and the v5 segment header, with the plausibility checks used by the
/// heuristic and by resynchronisation.
/// <code>
///  v3-v5 (9 bytes)                            v1-v2 (8 bytes)
///  0        8        16       24       32     0        8        16       24
///  +--------+--------+--------+--------+      +--------+--------+--------+--------+
///  |version | flags  |     stream      |      |version | flags  | stream | opcode |
///  +--------+--------+--------+--------+      +--------+--------+--------+--------+
///  | opcode |            length (4)  ...      |            length (4)             |
///  +--------+--------+--------+--------+-+    +--------+--------+--------+--------+
///  version: bit 7 = response, bits 0-6 = protocol version.
/// </code>
/// </summary>
internal static class CqlHeader
{
    public const int Size = 9;
    public const int SizeV1 = 8;

    /// <summary>v5 segment: 3-byte (uncompressed) or 5-byte (LZ4) little-endian header, then a 3-byte CRC24.</summary>
    public const int SegmentHeaderSize = 6;
    public const int SegmentHeaderSizeCompressed = 8;
    public const int SegmentTrailerSize = 4;
    public const int MaxSegmentPayload = 0x1FFFF;

    public static int HeaderLength(int version) => version <= 2 ? SizeV1 : Size;

    public static bool IsRequestOpcode(int opcode) => opcode is 0x01 or 0x05 or 0x07 or 0x09 or 0x0A or 0x0B or 0x0D or 0x0F;

    public static bool IsResponseOpcode(int opcode) => opcode is 0x00 or 0x02 or 0x03 or 0x06 or 0x08 or 0x0C or 0x0E or 0x10;

    /// <summary>Flags a version may set (anything else is reserved).</summary>
    public static byte AllowedFlags(int version) => version switch
    {
        <= 3 => 0x03,
        4 => 0x0F,
        _ => 0x1F,
    };

    /// <summary>
    /// Strict check of a frame header at the start of <paramref name="data"/> (at least 9 bytes): a known
    /// version (<paramref name="version"/>, or 3-6 when 0), the direction bit as expected (-1: either), no
    /// reserved flags, an opcode that belongs to the direction, a sane stream id and length.
    /// </summary>
    public static bool IsPlausible(ReadOnlySpan<byte> data, int version, int response)
    {
        if (data.Length < Size)
        {
            return false;
        }

        byte vb = data[0];
        int v = vb & 0x7F;
        bool isResponse = (vb & 0x80) != 0;
        if (version != 0 ? v != version : v is < 3 or > 6)
        {
            return false;
        }

        if (response >= 0 && isResponse != (response == 1))
        {
            return false;
        }

        int hl = HeaderLength(v);
        byte flags = data[1];
        if ((flags & ~AllowedFlags(v)) != 0)
        {
            return false;
        }

        int opcode = data[hl - 5];
        if (isResponse ? !IsResponseOpcode(opcode) : !IsRequestOpcode(opcode))
        {
            return false;
        }

        int stream = hl == SizeV1 ? (sbyte)data[2] : BinaryPrimitives.ReadInt16BigEndian(data[2..]);
        if (!isResponse && stream < 0)
        {
            return false;
        }

        if (isResponse && stream < 0 && opcode != (int)CqlOpcode.Event)
        {
            return false;
        }

        uint length = BinaryPrimitives.ReadUInt32BigEndian(data[(hl - 4)..]);
        if (length > CqlLimits.MaxBodyBytes)
        {
            return false;
        }

        // Messages with empty bodies, and messages that cannot be empty.
        return opcode switch
        {
            (int)CqlOpcode.Options or (int)CqlOpcode.Ready => length == 0 || (flags & 0x0F) != 0,
            (int)CqlOpcode.Startup or (int)CqlOpcode.Query or (int)CqlOpcode.Prepare or (int)CqlOpcode.Execute
                or (int)CqlOpcode.Register or (int)CqlOpcode.Batch or (int)CqlOpcode.Error or (int)CqlOpcode.Result
                or (int)CqlOpcode.Event or (int)CqlOpcode.Supported or (int)CqlOpcode.Authenticate => length >= 2,
            _ => true,
        };
    }

    /// <summary>
    /// Checks a v5 segment header at the start of <paramref name="data"/>: its CRC24 must match.
    /// Returns the total segment length (header + payload + CRC32), or -1.
    /// </summary>
    public static long SegmentLength(ReadOnlySpan<byte> data, bool compressed)
    {
        int hl = compressed ? SegmentHeaderSizeCompressed : SegmentHeaderSize;
        if (data.Length < hl)
        {
            return -1;
        }

        int fieldBytes = hl - 3;
        uint crc = (uint)(data[fieldBytes] | (data[fieldBytes + 1] << 8) | (data[fieldBytes + 2] << 16));
        if (Crc.Crc24(data[..fieldBytes]) != crc)
        {
            return -1;
        }

        ulong header = ReadLittleEndian(data[..fieldBytes]);
        long payload = (long)(header & MaxSegmentPayload);
        if (compressed)
        {
            long uncompressed = (long)((header >> 17) & MaxSegmentPayload);
            if (uncompressed != 0 && !Decompression.IsPlausibleLz4(uncompressed, (int)payload))
            {
                return -1;
            }
        }

        return hl + payload + SegmentTrailerSize;
    }

    public static ulong ReadLittleEndian(ReadOnlySpan<byte> b)
    {
        ulong v = 0;
        for (int i = b.Length - 1; i >= 0; i--)
        {
            v = (v << 8) | b[i];
        }

        return v;
    }

    /// <summary>
    /// Decides whether the first payload of a conversation on an unregistered port is CQL. Strict: a
    /// client's first message must be OPTIONS or STARTUP (a STARTUP whose body is a string map of
    /// upper-case keys), anything else must be one or more whole, strictly plausible frames that end
    /// exactly at the end of the data. Never reads past the span.
    /// </summary>
    public static HeuristicResult Heuristic(ReadOnlySpan<byte> data, bool fromServer)
    {
        if (data.Length < Size)
        {
            // Every CQL message of v3+ is at least 9 bytes; a short first chunk may still grow.
            return data.Length == 0 || (data[0] & 0x7F) is >= 3 and <= 6 ? HeuristicResult.NeedMore : HeuristicResult.NotMine;
        }

        int response = (data[0] & 0x80) != 0 ? 1 : 0;
        if (!IsPlausible(data, 0, response))
        {
            return HeuristicResult.NotMine;
        }

        int opcode = data[4];
        if (opcode == (int)CqlOpcode.Startup && !LooksLikeStringMap(data[Size..]))
        {
            return HeuristicResult.NotMine;
        }

        // Walk whole frames: the data must be a run of plausible frames (the last may be incomplete only
        // when it is the first, a large STARTUP/QUERY cut by the segment size).
        int offset = 0;
        int frames = 0;
        while (offset < data.Length)
        {
            var rest = data[offset..];
            if (rest.Length < Size || !IsPlausible(rest, data[0] & 0x7F, response))
            {
                return HeuristicResult.NotMine;
            }

            long total = Size + (long)BinaryPrimitives.ReadUInt32BigEndian(rest[5..]);
            frames++;
            if (total > rest.Length)
            {
                // An incomplete frame: acceptable only as the first one, and only if not absurdly long.
                return frames == 1 && total <= 1024 * 1024 ? HeuristicResult.Mine : HeuristicResult.NotMine;
            }

            offset += (int)total;
        }

        return HeuristicResult.Mine;
    }

    /// <summary>A [string map] whose first key is 1-64 upper-case ASCII letters, digits or underscores.</summary>
    private static bool LooksLikeStringMap(ReadOnlySpan<byte> body)
    {
        if (body.Length < 4)
        {
            return body.Length < 2 || BinaryPrimitives.ReadUInt16BigEndian(body) > 0;
        }

        int count = BinaryPrimitives.ReadUInt16BigEndian(body);
        int keyLength = BinaryPrimitives.ReadUInt16BigEndian(body[2..]);
        if (count is 0 or > 64 || keyLength is 0 or > 64)
        {
            return false;
        }

        var key = body.Slice(4, Math.Min(keyLength, body.Length - 4));
        foreach (byte b in key)
        {
            if (b is not ((>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9') or (byte)'_'))
            {
                return false;
            }
        }

        return true;
    }
}
