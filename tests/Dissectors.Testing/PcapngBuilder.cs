using System.Buffers.Binary;
using System.Text;
using Dissectors.Core.Capture;

namespace Dissectors.Testing;

/// <summary>
/// Writes pcapng bytes for tests: sections in either byte order, interfaces with name/tsresol/tsoffset,
/// enhanced, simple and obsolete packet blocks, and arbitrary other blocks.
/// </summary>
public sealed class PcapngBuilder
{
    private readonly MemoryStream _ms = new();
    private bool _bigEndian;

    public PcapngBuilder(bool bigEndian = false) => Section(bigEndian);

    /// <summary>Starts a new section (SHB) in the given byte order.</summary>
    public PcapngBuilder Section(bool bigEndian = false)
    {
        _bigEndian = bigEndian;
        var body = new List<byte>();
        body.AddRange(U32(0x1A2B3C4D));
        body.AddRange(U16(1));
        body.AddRange(U16(0));
        body.AddRange(U64(ulong.MaxValue));
        // The block type bytes are the same in both orders (a palindrome).
        return Block(0x0A0D0D0A, [.. body]);
    }

    /// <summary>An interface: <paramref name="tsresol"/> is the raw if_tsresol byte (6 = µs, 9 = ns, 0x80|n = 2^-n).</summary>
    public PcapngBuilder Interface(LinkType linkType, uint snapLength = 262144, string? name = null, byte? tsresol = null, long? tsoffset = null)
    {
        var body = new List<byte>();
        body.AddRange(U16((ushort)linkType));
        body.AddRange(U16(0));
        body.AddRange(U32(snapLength));
        if (name is not null)
        {
            Option(body, 2, Encoding.UTF8.GetBytes(name));
        }

        if (tsresol is { } r)
        {
            Option(body, 9, [r]);
        }

        if (tsoffset is { } o)
        {
            Option(body, 14, _bigEndian ? BE64(o) : BitConverter.GetBytes(o));
        }

        if (name is not null || tsresol is not null || tsoffset is not null)
        {
            body.AddRange(U32(0));
        }

        return Block(1, [.. body]);
    }

    /// <summary>An enhanced packet block with a timestamp in the interface's units.</summary>
    public PcapngBuilder Enhanced(uint interfaceId, ulong ticks, ReadOnlySpan<byte> data, uint? originalLength = null, string? comment = null)
    {
        var body = new List<byte>();
        body.AddRange(U32(interfaceId));
        body.AddRange(U32((uint)(ticks >> 32)));
        body.AddRange(U32((uint)ticks));
        body.AddRange(U32((uint)data.Length));
        body.AddRange(U32(originalLength ?? (uint)data.Length));
        body.AddRange(data.ToArray());
        Pad(body);
        if (comment is not null)
        {
            Option(body, 1, Encoding.UTF8.GetBytes(comment));
            body.AddRange(U32(0));
        }

        return Block(6, [.. body]);
    }

    public PcapngBuilder Simple(ReadOnlySpan<byte> data, uint? originalLength = null)
    {
        var body = new List<byte>();
        body.AddRange(U32(originalLength ?? (uint)data.Length));
        body.AddRange(data.ToArray());
        Pad(body);
        return Block(3, [.. body]);
    }

    public PcapngBuilder Obsolete(ushort interfaceId, ulong ticks, ReadOnlySpan<byte> data)
    {
        var body = new List<byte>();
        body.AddRange(U16(interfaceId));
        body.AddRange(U16(0));
        body.AddRange(U32((uint)(ticks >> 32)));
        body.AddRange(U32((uint)ticks));
        body.AddRange(U32((uint)data.Length));
        body.AddRange(U32((uint)data.Length));
        body.AddRange(data.ToArray());
        Pad(body);
        return Block(2, [.. body]);
    }

    /// <summary>Any block (unknown types, name resolution, statistics...).</summary>
    public PcapngBuilder Block(uint type, byte[] body)
    {
        int total = 12 + body.Length;
        _ms.Write(U32(type));
        _ms.Write(U32((uint)total));
        _ms.Write(body);
        _ms.Write(U32((uint)total));
        return this;
    }

    public PcapngBuilder Raw(ReadOnlySpan<byte> bytes)
    {
        _ms.Write(bytes);
        return this;
    }

    public byte[] ToArray() => _ms.ToArray();

    private static void Pad(List<byte> b)
    {
        while (b.Count % 4 != 0)
        {
            b.Add(0);
        }
    }

    private void Option(List<byte> body, ushort code, byte[] value)
    {
        body.AddRange(U16(code));
        body.AddRange(U16((ushort)value.Length));
        body.AddRange(value);
        Pad(body);
    }

    private byte[] U16(ushort v)
    {
        var b = new byte[2];
        if (_bigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(b, v);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(b, v);
        }

        return b;
    }

    private byte[] U32(uint v)
    {
        var b = new byte[4];
        if (_bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(b, v);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        }

        return b;
    }

    private byte[] U64(ulong v)
    {
        var b = new byte[8];
        if (_bigEndian)
        {
            BinaryPrimitives.WriteUInt64BigEndian(b, v);
        }
        else
        {
            BinaryPrimitives.WriteUInt64LittleEndian(b, v);
        }

        return b;
    }

    private static byte[] BE64(long v)
    {
        var b = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(b, v);
        return b;
    }
}
