using System.Buffers.Binary;
using Dissectors.Core.Capture;

namespace Dissectors.Testing;

/// <summary>
/// Writes classic pcap bytes for tests: either byte order, µs or ns timestamps.
/// <code>new PcapBuilder(LinkType.Ethernet).Add(timestampNs, frame).ToArray()</code>
/// </summary>
public sealed class PcapBuilder
{
    private readonly MemoryStream _ms = new();
    private readonly bool _bigEndian;
    private readonly bool _nanos;

    public PcapBuilder(LinkType linkType, bool nanos = false, bool bigEndian = false, uint snapLength = 262144)
    {
        _bigEndian = bigEndian;
        _nanos = nanos;
        U32(nanos ? PcapReader.MagicNanos : PcapReader.MagicMicros);
        U16(2);
        U16(4);
        U32(0);
        U32(0);
        U32(snapLength);
        U32((uint)linkType);
    }

    /// <summary>Adds a record; <paramref name="originalLength"/> defaults to the data length.</summary>
    public PcapBuilder Add(long timestampNs, ReadOnlySpan<byte> data, int? originalLength = null, int? claimedLength = null)
    {
        U32((uint)(timestampNs / 1_000_000_000));
        long frac = timestampNs % 1_000_000_000;
        U32((uint)(_nanos ? frac : frac / 1000));
        U32((uint)(claimedLength ?? data.Length));
        U32((uint)(originalLength ?? data.Length));
        _ms.Write(data);
        return this;
    }

    /// <summary>Adds every frame of a flow, 100 µs apart from <paramref name="startNs"/>.</summary>
    public PcapBuilder AddAll(IEnumerable<byte[]> frames, long startNs = 1_700_000_000_000_000_000, long stepNs = 100_000)
    {
        long t = startNs;
        foreach (var f in frames)
        {
            Add(t, f);
            t += stepNs;
        }

        return this;
    }

    /// <summary>Raw bytes appended as they are (for damage tests).</summary>
    public PcapBuilder Raw(ReadOnlySpan<byte> bytes)
    {
        _ms.Write(bytes);
        return this;
    }

    public byte[] ToArray() => _ms.ToArray();

    private void U16(ushort v)
    {
        Span<byte> b = stackalloc byte[2];
        if (_bigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(b, v);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(b, v);
        }

        _ms.Write(b);
    }

    private void U32(uint v)
    {
        Span<byte> b = stackalloc byte[4];
        if (_bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(b, v);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        }

        _ms.Write(b);
    }
}
