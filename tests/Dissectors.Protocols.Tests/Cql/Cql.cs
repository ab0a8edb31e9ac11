using System.Buffers.Binary;
using System.Text;
using Dissectors.Protocols.Common;
using Dissectors.Testing;

namespace Dissectors.Protocols.Tests.Cql;

/// <summary>Builders for CQL bytes in tests: frames, primitive encodings and v5 segments, written from the spec.</summary>
internal static class Cql
{
    public const ushort Port = 9042;

    /// <summary>A v3-v5 frame: version (with the response bit), flags, stream, opcode, body length, body.</summary>
    public static byte[] Frame(byte version, byte flags, short stream, byte opcode, ReadOnlySpan<byte> body)
    {
        var f = new byte[9 + body.Length];
        f[0] = version;
        f[1] = flags;
        BinaryPrimitives.WriteInt16BigEndian(f.AsSpan(2), stream);
        f[4] = opcode;
        BinaryPrimitives.WriteInt32BigEndian(f.AsSpan(5), body.Length);
        body.CopyTo(f.AsSpan(9));
        return f;
    }

    public static byte[] Request(int version, short stream, byte opcode, ReadOnlySpan<byte> body, byte flags = 0) =>
        Frame((byte)version, flags, stream, opcode, body);

    public static byte[] Response(int version, short stream, byte opcode, ReadOnlySpan<byte> body, byte flags = 0) =>
        Frame((byte)(0x80 | version), flags, stream, opcode, body);

    public static byte[] H(string hex) => Hex.Parse(hex);

    public static byte[] Short(int v) => [(byte)(v >> 8), (byte)v];

    public static byte[] Int(int v)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(b, v);
        return b;
    }

    public static byte[] Long(long v)
    {
        var b = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(b, v);
        return b;
    }

    /// <summary>[string]</summary>
    public static byte[] Str(string s)
    {
        var u = Encoding.UTF8.GetBytes(s);
        return [.. Short(u.Length), .. u];
    }

    /// <summary>[long string]</summary>
    public static byte[] LongStr(string s)
    {
        var u = Encoding.UTF8.GetBytes(s);
        return [.. Int(u.Length), .. u];
    }

    /// <summary>[bytes]</summary>
    public static byte[] Bytes(ReadOnlySpan<byte> b) => [.. Int(b.Length), .. b];

    public static byte[] Null => Int(-1);

    /// <summary>[short bytes]</summary>
    public static byte[] ShortBytes(ReadOnlySpan<byte> b) => [.. Short(b.Length), .. b];

    public static byte[] StringMap(params (string Key, string Value)[] pairs)
    {
        var list = new List<byte>(Short(pairs.Length));
        foreach (var (k, v) in pairs)
        {
            list.AddRange(Str(k));
            list.AddRange(Str(v));
        }

        return [.. list];
    }

    public static byte[] StringList(params string[] items)
    {
        var list = new List<byte>(Short(items.Length));
        foreach (var s in items)
        {
            list.AddRange(Str(s));
        }

        return [.. list];
    }

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    /// <summary>A v5 uncompressed segment: 3-byte LE header (length, self-contained bit 17), CRC24, payload, CRC32.</summary>
    public static byte[] Segment(ReadOnlySpan<byte> payload, bool selfContained = true, bool corruptHeaderCrc = false, bool corruptPayloadCrc = false)
    {
        uint header = (uint)payload.Length | (selfContained ? 1u << 17 : 0);
        byte[] h = [(byte)header, (byte)(header >> 8), (byte)(header >> 16)];
        uint crc = Crc.Crc24(h) ^ (corruptHeaderCrc ? 1u : 0u);
        uint crc32 = Crc.CqlPayloadCrc32(payload) ^ (corruptPayloadCrc ? 0x100u : 0u);
        var s = new byte[6 + payload.Length + 4];
        h.CopyTo(s, 0);
        s[3] = (byte)crc;
        s[4] = (byte)(crc >> 8);
        s[5] = (byte)(crc >> 16);
        payload.CopyTo(s.AsSpan(6));
        BinaryPrimitives.WriteUInt32LittleEndian(s.AsSpan(6 + payload.Length), crc32);
        return s;
    }

    /// <summary>A v5 LZ4 segment: 5-byte LE header (compressed length, uncompressed length, self-contained bit 34), CRC24, payload, CRC32.</summary>
    public static byte[] CompressedSegment(ReadOnlySpan<byte> payload, bool selfContained = true, bool store = false)
    {
        byte[] body;
        int uncompressed;
        if (store)
        {
            body = payload.ToArray();
            uncompressed = 0;
        }
        else
        {
            body = new byte[K4os.Compression.LZ4.LZ4Codec.MaximumOutputSize(payload.Length)];
            int n = K4os.Compression.LZ4.LZ4Codec.Encode(payload, body);
            Array.Resize(ref body, n);
            uncompressed = payload.Length;
        }

        ulong header = (uint)body.Length | ((ulong)(uint)uncompressed << 17) | (selfContained ? 1UL << 34 : 0);
        var h = new byte[5];
        for (int i = 0; i < 5; i++)
        {
            h[i] = (byte)(header >> (8 * i));
        }

        uint crc = Crc.Crc24(h);
        var s = new byte[8 + body.Length + 4];
        h.CopyTo(s, 0);
        s[5] = (byte)crc;
        s[6] = (byte)(crc >> 8);
        s[7] = (byte)(crc >> 16);
        body.CopyTo(s, 8);
        BinaryPrimitives.WriteUInt32LittleEndian(s.AsSpan(8 + body.Length), Crc.CqlPayloadCrc32(body));
        return s;
    }

    /// <summary>A v4 LZ4 body: [int] uncompressed length (big-endian) then an LZ4 block.</summary>
    public static byte[] Lz4Body(ReadOnlySpan<byte> body)
    {
        var block = new byte[K4os.Compression.LZ4.LZ4Codec.MaximumOutputSize(body.Length)];
        int n = K4os.Compression.LZ4.LZ4Codec.Encode(body, block);
        return [.. Int(body.Length), .. block.AsSpan(0, n)];
    }

    public static byte[] SnappyBody(ReadOnlySpan<byte> body) => Snappier.Snappy.CompressToArray(body);

    /// <summary>A client/server conversation on <paramref name="serverPort"/> with the handshake done.</summary>
    public static TcpFlowBuilder Flow(ushort serverPort = Port, ushort clientPort = 40000) =>
        new TcpFlowBuilder(clientPort: clientPort, serverPort: serverPort).Handshake();
}
