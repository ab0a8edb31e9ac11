using System.Buffers.Binary;

namespace Dissectors.Core.Capture;

/// <summary>
/// Classic libpcap files (draft-ietf-opsawg-pcap), both byte orders, microsecond and nanosecond
/// timestamps. Streams through a reusable buffer: records are slices of it, valid until the next read.
/// <code>
/// file header (24 bytes)                         record header (16 bytes)
/// +-------------+-------+-------+               +-----------+-----------+
/// | magic (4)   | major | minor |               | ts_sec    | ts_frac   |  µs or ns
/// | thiszone(4) | sigfigs (4)   |               | incl_len  | orig_len  |
/// | snaplen (4) | linktype (4)  |               | data (incl_len bytes)  |
/// +-------------+---------------+               +-----------------------+
/// </code>
/// </summary>
public sealed class PcapReader : ICaptureSource
{
    public const uint MagicMicros = 0xA1B2C3D4;
    public const uint MagicNanos = 0xA1B23C4D;
    private const int FileHeaderLength = 24;
    private const int RecordHeaderLength = 16;

    private readonly ByteSource _src;
    private readonly List<string> _warnings = [];
    private readonly bool _bigEndian;
    private readonly bool _nanos;
    private readonly uint _snapLength;
    private long _record;
    private bool _done;

    private PcapReader(string name, ByteSource src, bool bigEndian, bool nanos, LinkType linkType, uint snapLength)
    {
        Name = name;
        _src = src;
        _bigEndian = bigEndian;
        _nanos = nanos;
        LinkType = linkType;
        _snapLength = snapLength;
    }

    public string Name { get; }

    public LinkType LinkType { get; }

    public string Format => _nanos ? "pcap-ns" : "pcap";

    public bool NanosecondTimestamps => _nanos;

    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>Checks the first four bytes for a pcap magic number in either byte order.</summary>
    public static bool IsPcap(ReadOnlySpan<byte> head) =>
        head.Length >= 4 && BinaryPrimitives.ReadUInt32LittleEndian(head) is MagicMicros or MagicNanos
            or 0xD4C3B2A1 or 0x4D3CB2A1;

    /// <summary>
    /// The mean captured length of the whole records in <paramref name="data"/>, the start of a pcap file
    /// (0 when it is not pcap or holds no whole record); stops at a length no reader would accept.
    /// </summary>
    public static long MeanRecordLength(ReadOnlySpan<byte> data)
    {
        if (data.Length < FileHeaderLength || !IsPcap(data))
        {
            return 0;
        }

        bool bigEndian = BinaryPrimitives.ReadUInt32LittleEndian(data) is 0xD4C3B2A1 or 0x4D3CB2A1;
        long records = 0, bytes = 0;
        for (int o = FileHeaderLength; o + RecordHeaderLength <= data.Length;)
        {
            uint incl = Read32(data[(o + 8)..], bigEndian);
            if (incl > CaptureLimits.MaxRecordLength || o + RecordHeaderLength + (long)incl > data.Length)
            {
                break;
            }

            records++;
            bytes += incl;
            o += RecordHeaderLength + (int)incl;
        }

        return records == 0 ? 0 : bytes / records;
    }

    internal static ICaptureSource? TryOpen(string name, ByteSource src, out string error)
    {
        error = "";
        if (!src.Ensure(FileHeaderLength))
        {
            error = $"{name}: the pcap file header is cut short ({src.Buffered} of {FileHeaderLength} bytes)";
            return null;
        }

        var h = src.Peek(FileHeaderLength);
        uint le = BinaryPrimitives.ReadUInt32LittleEndian(h);
        bool bigEndian = le is 0xD4C3B2A1 or 0x4D3CB2A1;
        uint magic = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(h) : le;
        bool nanos = magic == MagicNanos;
        uint snap = Read32(h[16..], bigEndian);
        uint link = Read32(h[20..], bigEndian) & 0x0FFF_FFFF; // upper bits: FCS length flags
        src.Skip(FileHeaderLength);
        return new PcapReader(name, src, bigEndian, nanos, LinkTypes.Normalize(link), snap);
    }

    private static uint Read32(ReadOnlySpan<byte> b, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(b) : BinaryPrimitives.ReadUInt32LittleEndian(b);

    public bool TrySkip()
    {
        if (_done)
        {
            return false;
        }

        if (_src.Ensure(RecordHeaderLength))
        {
            var h = _src.Peek(RecordHeaderLength);
            uint incl = Read32(h[8..], _bigEndian);
            bool fracOk = _nanos || Read32(h[4..], _bigEndian) < 1_000_000;
            if (incl <= CaptureLimits.MaxRecordLength && fracOk && _src.Ensure(RecordHeaderLength + (int)incl))
            {
                _src.Skip(RecordHeaderLength + (int)incl);
                _record++;
                return true;
            }
        }

        // Damage, a warning or the end: the full path words the warning.
        return TryRead(out _);
    }

    /// <summary>
    /// The record header <paramref name="h"/> in one pass, when its record is one the fast path returns without a
    /// word: whole within the <paramref name="available"/> bytes from the header on, of an acceptable length, with
    /// a valid timestamp (anything else takes <see cref="TryReadFully"/>, which words the warning).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private bool TryCleanHeader(ReadOnlySpan<byte> h, int available, out long ns, out uint incl, out uint orig)
    {
        ulong first = BinaryPrimitives.ReadUInt64LittleEndian(h);
        ulong second = BinaryPrimitives.ReadUInt64LittleEndian(h[8..]);
        uint sec = (uint)first, frac = (uint)(first >> 32);
        incl = (uint)second;
        orig = (uint)(second >> 32);
        if (_bigEndian)
        {
            sec = BinaryPrimitives.ReverseEndianness(sec);
            frac = BinaryPrimitives.ReverseEndianness(frac);
            incl = BinaryPrimitives.ReverseEndianness(incl);
            orig = BinaryPrimitives.ReverseEndianness(orig);
        }

        ns = (long)sec * 1_000_000_000 + (_nanos ? frac : (long)frac * 1000);
        return incl <= (uint)(available - RecordHeaderLength) && incl <= CaptureLimits.MaxRecordLength && (_nanos || frac < 1_000_000);
    }

    public bool TryRead(out CaptureRecord record)
    {
        // The common case first, in one pass over the header: a whole record in the buffer that needs no
        // warning. Anything else (the buffer's end, damage, the end of the input) takes the full path.
        var src = _src;
        byte[] buffer = src.Array;
        int start = src.Start;
        int unread = src.End - start;
        if (unread >= RecordHeaderLength && !_done
            && TryCleanHeader(new ReadOnlySpan<byte>(buffer, start, RecordHeaderLength), unread, out long ns, out uint incl, out uint orig))
        {
            record = new CaptureRecord(ns, (int)incl, CaptureLimits.OriginalLength(orig, incl), 0, LinkType,
                new ReadOnlyMemory<byte>(buffer, start + RecordHeaderLength, (int)incl), src.Position);
            src.Skip(RecordHeaderLength + (int)incl);
            _record++;
            return true;
        }

        return TryReadFully(out record);
    }

    /// <summary><see cref="TryRead"/> with every check worded: refills, damaged headers, the end of the input.</summary>
    private bool TryReadFully(out CaptureRecord record)
    {
        record = default;
        if (_done)
        {
            return false;
        }

        if (!_src.Ensure(RecordHeaderLength))
        {
            if (_src.Buffered > 0)
            {
                Warn($"cut short in the middle of a packet header (record {_record + 1} at offset {_src.Position}: {_src.Buffered} of {RecordHeaderLength} header bytes)");
            }

            _done = true;
            return false;
        }

        var h = _src.Peek(RecordHeaderLength);
        uint sec = Read32(h, _bigEndian);
        uint frac = Read32(h[4..], _bigEndian);
        uint incl = Read32(h[8..], _bigEndian);
        uint orig = Read32(h[12..], _bigEndian);
        if (incl > CaptureLimits.MaxRecordLength)
        {
            Warn($"record {_record + 1} at offset {_src.Position} claims {incl} bytes (more than {CaptureLimits.MaxRecordLength}); the file is damaged from here on");
            _done = true;
            return false;
        }

        int total = RecordHeaderLength + (int)incl;
        if (!_src.Ensure(total))
        {
            Warn($"cut short in the middle of a packet (record {_record + 1} needs {incl} bytes, {Math.Max(0, _src.Buffered - RecordHeaderLength)} present)");
            _done = true;
            return false;
        }

        if (!_nanos && frac >= 1_000_000 && _warnings.Count < 100)
        {
            Warn($"record {_record + 1} has a microsecond field of {frac} (more than a second)");
        }

        long ns = (long)sec * 1_000_000_000 + (_nanos ? frac : (long)frac * 1000);
        long offset = _src.Position;
        record = new CaptureRecord(ns, (int)incl, CaptureLimits.OriginalLength(orig, incl), 0, LinkType, _src.PeekMemory(RecordHeaderLength, (int)incl), offset);
        _src.Skip(total);
        _record++;
        return true;
    }

    private const int PeekPrefetchBytes = 512;

    public bool TryPeekAhead(int ahead, out ReadOnlySpan<byte> frame)
    {
        frame = default;
        if (_done)
        {
            return false;
        }

        var src = _src;
        byte[] buffer = src.Array;
        int bufferStart = src.Start;
        int unread = src.End - bufferStart;
        // The look-ahead asks for the record after the one it found last time (one record was read since):
        // it starts where that one ends instead of walking the headers from the current record.
        long target = _record + ahead;
        if (target == _peekRecord + 1)
        {
            long at = _peekEnd - src.Position;
            if (at >= 0 && at <= unread - RecordHeaderLength)
            {
                int start = (int)at;
                uint len = Read32(buffer.AsSpan(bufferStart + start + 8, 4), _bigEndian);
                if (len <= (uint)(unread - start - RecordHeaderLength))
                {
                    return Found(buffer, bufferStart, unread, start, len, target, out frame);
                }
            }
        }

        var buffered = new ReadOnlySpan<byte>(buffer, bufferStart, unread);
        int o = 0;
        for (int k = 0; ; k++)
        {
            if (buffered.Length - o < RecordHeaderLength)
            {
                return false;
            }

            uint incl = Read32(buffered[(o + 8)..], _bigEndian);
            if (incl > (uint)(buffered.Length - o - RecordHeaderLength))
            {
                return false;
            }

            if (k == ahead)
            {
                return Found(buffer, bufferStart, unread, o, incl, target, out frame);
            }

            o += RecordHeaderLength + (int)incl;
        }
    }

    /// <summary>
    /// The record at <paramref name="start"/> of the <paramref name="unread"/> bytes from <paramref name="bufferStart"/>
    /// (the whole record is there), remembered as the one found last.
    /// </summary>
    private bool Found(byte[] buffer, int bufferStart, int unread, int start, uint incl, long record, out ReadOnlySpan<byte> frame)
    {
        int end = start + RecordHeaderLength + (int)incl;
        frame = new ReadOnlySpan<byte>(buffer, bufferStart + start + RecordHeaderLength, (int)incl);
        _peekRecord = record;
        long position = _src.Position;
        _peekEnd = position + end;
        // The records after it will be peeked at next: the read-ahead thread's copy left them in memory,
        // not in this core's cache. Lines asked for by an earlier call are not asked for again.
        long from = Math.Max(position + end, _prefetchedTo);
        long to = position + end + PeekPrefetchBytes;
        if (from < to && from - position < unread)
        {
            Pipeline.CachePrefetch.Bytes(new ReadOnlySpan<byte>(buffer, bufferStart, unread), (int)(from - position), (int)(to - from));
            _prefetchedTo = Math.Min(to, position + unread);
        }

        return true;
    }

    // The record TryPeekAhead found last (its index) and where it ends in the file; how far the bytes
    // after it were prefetched.
    private long _peekRecord = -2;
    private long _peekEnd;
    private long _prefetchedTo;

    // ---- shared-block indexes (a split count) ----------------------------------------------------

    private long _indexedBlock = -1;
    private Action<byte[], int, int, BlockIndex>? _buildIndex;

    /// <summary>
    /// In a split count over <see cref="SharedBlocks"/>: once per block, the block's record index (built here
    /// if this reader is the first in the block, see <see cref="BlockIndex"/>) with the entry of the next
    /// record to read, <paramref name="first"/>, and the file offset of the block array's byte 0. The reader
    /// returns the listed records with <see cref="IndexedRecord"/> and moves past them with
    /// <see cref="EndIndexed"/>; records it reads otherwise meanwhile would be read twice.
    /// </summary>
    public bool TryTakeIndex(out BlockIndex? index, out int first, out long fileBase)
    {
        index = null;
        first = -1;
        fileBase = 0;
        long block = _src.SharedBlock;
        if (block < 0 || block == _indexedBlock || _done)
        {
            return false;
        }

        _indexedBlock = block;
        index = _src.SharedIndex(_buildIndex ??= BuildIndex);
        if (index is null)
        {
            return false;
        }

        first = index.Find(_src.Start);
        fileBase = _src.Position - _src.Start;
        return first >= 0;
    }

    /// <summary>Entry <paramref name="i"/> of <paramref name="index"/> (taken with <see cref="TryTakeIndex"/>) as a record.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public CaptureRecord IndexedRecord(BlockIndex index, int i, long fileBase)
    {
        ref readonly var e = ref index.Entries[i];
        return new CaptureRecord(e.TimestampNs, e.Length, (int)e.OriginalLength, 0, LinkType,
            new ReadOnlyMemory<byte>(_src.Array, e.Offset + RecordHeaderLength, e.Length), fileBase + e.Offset);
    }

    /// <summary>The data of entry <paramref name="i"/> of <paramref name="index"/> (for cache hints).</summary>
    public ReadOnlySpan<byte> IndexedFrame(BlockIndex index, int i)
    {
        ref readonly var e = ref index.Entries[i];
        return new ReadOnlySpan<byte>(_src.Array, e.Offset + RecordHeaderLength, e.Length);
    }

    /// <summary>Moves past the records of <paramref name="index"/> from entry <paramref name="first"/> on, all of which were taken.</summary>
    public void EndIndexed(BlockIndex index, int first)
    {
        _src.Skip(index.End - _src.Start);
        _record += index.Count - first;
    }

    /// <summary>Lists the records from <paramref name="start"/> that <see cref="TryRead"/>'s fast path would return, with their flow classes.</summary>
    private void BuildIndex(byte[] data, int start, int end, BlockIndex index)
    {
        int workers = index.Workers;
        var link = LinkType;
        int o = start;
        while (end - o >= RecordHeaderLength)
        {
            if (!TryCleanHeader(new ReadOnlySpan<byte>(data, o, RecordHeaderLength), end - o, out long ns, out uint incl, out uint orig))
            {
                break;
            }

            ref var e = ref index.Add();
            e.Offset = o;
            e.Length = (int)incl;
            e.TimestampNs = ns;
            e.OriginalLength = (uint)CaptureLimits.OriginalLength(orig, incl);
            var kind = Pipeline.FlowShard.Classify(link, new ReadOnlySpan<byte>(data, o + RecordHeaderLength, (int)incl), out ulong hash);
            e.Kind = kind;
            e.Hash = hash;
            e.Owner = kind == Pipeline.ShardKind.Flow ? (byte)Pipeline.FlowShard.OwnerOf(hash, workers) : (byte)0;
            o += RecordHeaderLength + (int)incl;
        }

        index.Close(o);
    }

    private void Warn(string message) => _warnings.Add($"{Name}: {message}");

    /// <summary>The snap length from the file header.</summary>
    public uint SnapLength => _snapLength;

    public void Dispose() => _src.Dispose();
}
