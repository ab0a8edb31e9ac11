using System.Buffers.Binary;
using System.Text;

namespace Dissectors.Core.Capture;

/// <summary>
/// Writes frames to a capture file for <c>-w</c>: pcapng when the name ends in ".pcapng" (one interface
/// description per link type seen, enhanced packet blocks with nanosecond timestamps), classic pcap
/// otherwise (little-endian, nanosecond magic so no precision is lost). A classic pcap holds a single
/// link type; a frame with another one is refused with a message suggesting pcapng.
/// </summary>
public sealed class CaptureWriter : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _pcapng;
    private readonly byte[] _scratch = new byte[64];
    private readonly Dictionary<LinkType, uint> _interfaces = [];
    private bool _headerWritten;
    private LinkType _pcapLinkType;

    public CaptureWriter(Stream stream, bool pcapng)
    {
        _stream = stream;
        _pcapng = pcapng;
    }

    public long Written { get; private set; }

    /// <summary>Creates the file; the format follows the extension (.pcapng → pcapng, else pcap).</summary>
    public static bool TryCreate(string path, out CaptureWriter? writer, out string error)
    {
        writer = null;
        error = "";
        try
        {
            var fs = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
            writer = new CaptureWriter(fs, path.EndsWith(".pcapng", StringComparison.OrdinalIgnoreCase));
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error = $"The file \"{path}\" could not be created: {ex.Message}";
            return false;
        }
    }

    /// <summary>Appends a frame; false (with a reason) when the format cannot hold it.</summary>
    public bool TryWrite(in CaptureRecord record, out string error)
    {
        error = "";
        var data = record.Data.Span;
        if (_pcapng)
        {
            if (!_headerWritten)
            {
                WriteSectionHeader();
                _headerWritten = true;
            }

            if (!_interfaces.TryGetValue(record.LinkType, out uint ifId))
            {
                ifId = (uint)_interfaces.Count;
                _interfaces[record.LinkType] = ifId;
                WriteInterface(record.LinkType);
            }

            WriteEnhanced(ifId, record, data);
        }
        else
        {
            if (!_headerWritten)
            {
                _pcapLinkType = record.LinkType;
                WritePcapHeader(record.LinkType);
                _headerWritten = true;
            }
            else if (record.LinkType != _pcapLinkType)
            {
                error = $"a pcap file holds one link type ({_pcapLinkType}); this frame is {record.LinkType}: write to a .pcapng file instead";
                return false;
            }

            var h = _scratch.AsSpan(0, 16);
            long secs = Math.DivRem(record.TimestampNs, 1_000_000_000, out long ns);
            if (ns < 0)
            {
                secs--;
                ns += 1_000_000_000;
            }

            BinaryPrimitives.WriteUInt32LittleEndian(h, (uint)secs);
            BinaryPrimitives.WriteUInt32LittleEndian(h[4..], (uint)ns);
            BinaryPrimitives.WriteUInt32LittleEndian(h[8..], (uint)data.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(h[12..], (uint)record.OriginalLength);
            _stream.Write(h);
            _stream.Write(data);
        }

        Written++;
        return true;
    }

    private void WritePcapHeader(LinkType linkType)
    {
        var h = _scratch.AsSpan(0, 24);
        h.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(h, PcapReader.MagicNanos);
        BinaryPrimitives.WriteUInt16LittleEndian(h[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(h[6..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(h[16..], 262144);
        BinaryPrimitives.WriteUInt32LittleEndian(h[20..], (uint)linkType);
        _stream.Write(h);
    }

    private void WriteSectionHeader()
    {
        byte[] app = Encoding.UTF8.GetBytes("dissect");
        int optLen = 4 + Pad(app.Length) + 4;
        int total = 28 + optLen;
        var b = new byte[total];
        BinaryPrimitives.WriteUInt32LittleEndian(b, PcapngReader.SectionHeaderType);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), (uint)total);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(8), 0x1A2B3C4D);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(12), 1);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(16), -1);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(24), 4); // shb_userappl
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(26), (ushort)app.Length);
        app.CopyTo(b, 28);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(total - 4), (uint)total);
        _stream.Write(b);
    }

    private void WriteInterface(LinkType linkType)
    {
        // link type, snaplen, if_tsresol = 9 (nanoseconds), end of options.
        const int total = 32;
        var b = _scratch.AsSpan(0, total);
        b.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(b, 1);
        BinaryPrimitives.WriteUInt32LittleEndian(b[4..], total);
        BinaryPrimitives.WriteUInt16LittleEndian(b[8..], (ushort)linkType);
        BinaryPrimitives.WriteUInt32LittleEndian(b[12..], 262144);
        BinaryPrimitives.WriteUInt16LittleEndian(b[16..], 9);
        BinaryPrimitives.WriteUInt16LittleEndian(b[18..], 1);
        b[20] = 9;
        BinaryPrimitives.WriteUInt32LittleEndian(b[28..], total);
        _stream.Write(b);
    }

    private void WriteEnhanced(uint ifId, in CaptureRecord record, ReadOnlySpan<byte> data)
    {
        int total = 32 + Pad(data.Length);
        var h = _scratch.AsSpan(0, 28);
        BinaryPrimitives.WriteUInt32LittleEndian(h, 6);
        BinaryPrimitives.WriteUInt32LittleEndian(h[4..], (uint)total);
        BinaryPrimitives.WriteUInt32LittleEndian(h[8..], ifId);
        ulong ts = (ulong)record.TimestampNs;
        BinaryPrimitives.WriteUInt32LittleEndian(h[12..], (uint)(ts >> 32));
        BinaryPrimitives.WriteUInt32LittleEndian(h[16..], (uint)ts);
        BinaryPrimitives.WriteUInt32LittleEndian(h[20..], (uint)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(h[24..], (uint)record.OriginalLength);
        _stream.Write(h);
        _stream.Write(data);
        Span<byte> tail = stackalloc byte[8];
        tail.Clear();
        int pad = Pad(data.Length) - data.Length;
        BinaryPrimitives.WriteUInt32LittleEndian(tail[pad..], (uint)total);
        _stream.Write(tail[..(pad + 4)]);
    }

    private static int Pad(int n) => (n + 3) & ~3;

    public void Dispose()
    {
        _stream.Flush();
        _stream.Dispose();
    }
}
