using System.Buffers.Binary;
using System.Text;

namespace Dissectors.Core.Capture;

/// <summary>
/// pcapng files (draft-ietf-opsawg-pcapng): section header blocks in either byte order (several sections
/// may follow each other, each resetting the interface list), interface description blocks with
/// <c>if_name</c>, <c>if_tsresol</c> (powers of 10 and of 2) and <c>if_tsoffset</c>, enhanced, simple and
/// obsolete packet blocks; every other block is skipped. Streams through a reusable buffer.
/// <code>
/// every block:   | type (4) | total length (4) | body ... (padded to 4) | total length (4) |
/// SHB body:      | byte-order magic 1A2B3C4D | major (2) | minor (2) | section length (8) | options |
/// IDB body:      | link type (2) | reserved (2) | snaplen (4) | options |
/// EPB body:      | interface (4) | ts high (4) | ts low (4) | captured (4) | original (4) | data | options |
/// SPB body:      | original (4) | data |
/// PB body:       | interface (2) | drops (2) | ts high | ts low | captured | original | data | options |
/// </code>
/// </summary>
public sealed class PcapngReader : ICaptureSource
{
    public const uint SectionHeaderType = 0x0A0D0D0A;
    private const uint ByteOrderMagic = 0x1A2B3C4D;
    private const uint InterfaceDescriptionType = 1;
    private const uint ObsoletePacketType = 2;
    private const uint SimplePacketType = 3;
    private const uint EnhancedPacketType = 6;
    private const int MinBlockLength = 12;
    private const ushort OptEnd = 0;
    private const ushort OptComment = 1;
    private const ushort OptIfName = 2;
    private const ushort OptIfTsResol = 9;
    private const ushort OptIfTsOffset = 14;
    private const ushort OptEpbFlags = 2;

    private readonly ByteSource _src;
    private readonly List<string> _warnings = [];
    private readonly List<Interface> _interfaces = [];
    private readonly HashSet<uint> _skippedTypes = [];
    private bool _bigEndian;
    private bool _done;
    private long _block;
    private bool _anyNanos;

    private sealed class Interface
    {
        public LinkType LinkType;
        public uint SnapLength;
        public string? Name;
        /// <summary>Resolution: units per second as a power of 10 (Exp10) or of 2 (Exp2).</summary>
        public int Exp10 = 6;
        public int Exp2 = -1;
        public long OffsetSeconds;
    }

    private PcapngReader(string name, ByteSource src)
    {
        Name = name;
        _src = src;
    }

    public string Name { get; }

    public LinkType LinkType => _interfaces.Count > 0 ? _interfaces[0].LinkType : LinkType.Ethernet;

    public string Format => "pcapng";

    public bool IsPcapng => true;

    public int SectionNumber { get; private set; }

    public bool NanosecondTimestamps => _anyNanos;

    public IReadOnlyList<string> Warnings => _warnings;

    public string? InterfaceName(int interfaceId) =>
        (uint)interfaceId < (uint)_interfaces.Count ? _interfaces[interfaceId].Name : null;

    public static bool HasMagic(ReadOnlySpan<byte> head) =>
        head.Length >= 4 && BinaryPrimitives.ReadUInt32LittleEndian(head) == SectionHeaderType;

    internal static ICaptureSource? TryOpen(string name, ByteSource src, out string error)
    {
        error = "";
        var r = new PcapngReader(name, src);
        if (!r.ReadSectionHeader(out error))
        {
            return null;
        }

        return r;
    }

    private uint U32(ReadOnlySpan<byte> b) => _bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(b) : BinaryPrimitives.ReadUInt32LittleEndian(b);

    private ushort U16(ReadOnlySpan<byte> b) => _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(b) : BinaryPrimitives.ReadUInt16LittleEndian(b);

    /// <summary>Reads an SHB at the current position; sets the byte order and starts a new section.</summary>
    private bool ReadSectionHeader(out string error)
    {
        error = "";
        if (!_src.Ensure(MinBlockLength + 4))
        {
            error = $"{Name}: the pcapng section header is cut short";
            return false;
        }

        var h = _src.Peek(MinBlockLength + 4);
        uint bom = BinaryPrimitives.ReadUInt32LittleEndian(h[8..]);
        if (bom == ByteOrderMagic)
        {
            _bigEndian = false;
        }
        else if (BinaryPrimitives.ReadUInt32BigEndian(h[8..]) == ByteOrderMagic)
        {
            _bigEndian = true;
        }
        else
        {
            error = $"{Name}: bad pcapng byte-order magic at offset {_src.Position}";
            return false;
        }

        uint length = U32(h[4..]);
        if (length < 28 || length % 4 != 0 || length > CaptureLimits.MaxBlockLength)
        {
            error = $"{Name}: pcapng section header at offset {_src.Position} has an impossible length {length}";
            return false;
        }

        if (!_src.SkipLong(length))
        {
            error = $"{Name}: the pcapng section header is cut short";
            return false;
        }

        _interfaces.Clear();
        SectionNumber++;
        return true;
    }

    public bool TryRead(out CaptureRecord record)
    {
        record = default;
        while (!_done)
        {
            if (!_src.Ensure(8))
            {
                if (_src.Buffered > 0)
                {
                    Warn($"cut short in the middle of a block header at offset {_src.Position}");
                }

                _done = true;
                return false;
            }

            var head = _src.Peek(8);
            uint type = U32(head);
            if (BinaryPrimitives.ReadUInt32LittleEndian(head) == SectionHeaderType)
            {
                if (!ReadSectionHeader(out string err))
                {
                    Warn(err.Replace(Name + ": ", "", StringComparison.Ordinal));
                    _done = true;
                    return false;
                }

                continue;
            }

            uint length = U32(head[4..]);
            _block++;
            if (length < MinBlockLength || length % 4 != 0 || length > CaptureLimits.MaxBlockLength)
            {
                Warn($"block {_block} at offset {_src.Position} has an impossible length {length}; the file is damaged from here on");
                _done = true;
                return false;
            }

            if (!_src.Ensure((int)length))
            {
                Warn($"cut short in the middle of a packet (block {_block} at offset {_src.Position} needs {length} bytes, {_src.Buffered} present)");
                _done = true;
                return false;
            }

            long offset = _src.Position;
            var block = _src.Peek((int)length);
            var body = block[8..^4];
            bool produced = false;
            switch (type)
            {
                case InterfaceDescriptionType:
                    ReadInterface(body);
                    break;
                case EnhancedPacketType:
                    produced = ReadEnhanced(body, offset, out record);
                    break;
                case SimplePacketType:
                    produced = ReadSimple(body, offset, out record);
                    break;
                case ObsoletePacketType:
                    produced = ReadObsolete(body, offset, out record);
                    break;
                default:
                    // Name resolution, statistics, secrets, custom and unknown blocks carry no frames.
                    _skippedTypes.Add(type);
                    break;
            }

            _src.Skip((int)length);
            if (produced)
            {
                return true;
            }
        }

        return false;
    }

    private void ReadInterface(ReadOnlySpan<byte> body)
    {
        if (body.Length < 8)
        {
            Warn($"interface description block {_block} is too short");
            _interfaces.Add(new Interface { LinkType = LinkType.Ethernet });
            return;
        }

        var itf = new Interface
        {
            LinkType = LinkTypes.Normalize(U16(body)),
            SnapLength = U32(body[4..]),
        };
        foreach (var opt in Options(body[8..]))
        {
            var value = opt.Value;
            switch (opt.Code)
            {
                case OptIfName:
                    itf.Name = Encoding.UTF8.GetString(value);
                    break;
                case OptIfTsResol when value.Length >= 1:
                    byte r = value[0];
                    if ((r & 0x80) != 0)
                    {
                        itf.Exp2 = r & 0x7F;
                        _anyNanos |= itf.Exp2 > 20;
                    }
                    else
                    {
                        itf.Exp10 = r;
                        _anyNanos |= r > 6;
                    }

                    break;
                case OptIfTsOffset when value.Length >= 8:
                    itf.OffsetSeconds = _bigEndian ? BinaryPrimitives.ReadInt64BigEndian(value) : BinaryPrimitives.ReadInt64LittleEndian(value);
                    break;
                default:
                    break;
            }
        }

        _interfaces.Add(itf);
    }

    private bool ReadEnhanced(ReadOnlySpan<byte> body, long offset, out CaptureRecord record)
    {
        record = default;
        if (body.Length < 20)
        {
            Warn($"enhanced packet block {_block} is too short");
            return false;
        }

        uint ifId = U32(body);
        ulong ticks = ((ulong)U32(body[4..]) << 32) | U32(body[8..]);
        uint captured = U32(body[12..]);
        uint original = U32(body[16..]);
        if (captured > body.Length - 20)
        {
            Warn($"enhanced packet block {_block} claims {captured} captured bytes but holds {body.Length - 20}");
            return false;
        }

        if (ifId >= _interfaces.Count)
        {
            Warn($"enhanced packet block {_block} refers to interface {ifId}, which was not described; skipped");
            return false;
        }

        string? comment = null;
        uint flags = 0;
        int pad = (int)((captured + 3) & ~3u);
        if (20 + pad < body.Length)
        {
            foreach (var opt in Options(body[(20 + pad)..]))
            {
                if (opt.Code == OptComment)
                {
                    comment = Encoding.UTF8.GetString(opt.Value);
                }
                else if (opt.Code == OptEpbFlags && opt.Value.Length >= 4)
                {
                    flags = U32(opt.Value);
                }
            }
        }

        var itf = _interfaces[(int)ifId];
        record = new CaptureRecord(ToNanoseconds(itf, ticks), (int)captured, CaptureLimits.OriginalLength(original, captured), (int)ifId,
            itf.LinkType, _src.PeekMemory(8 + 20, (int)captured), offset, comment, flags);
        return true;
    }

    private bool ReadSimple(ReadOnlySpan<byte> body, long offset, out CaptureRecord record)
    {
        record = default;
        if (_interfaces.Count == 0)
        {
            Warn($"simple packet block {_block} comes before any interface description; skipped");
            return false;
        }

        if (body.Length < 4)
        {
            return false;
        }

        uint original = U32(body);
        var itf = _interfaces[0];
        uint captured = (uint)Math.Min(original, (uint)(body.Length - 4));
        if (itf.SnapLength != 0)
        {
            captured = Math.Min(captured, itf.SnapLength);
        }

        // A simple packet block has no timestamp.
        record = new CaptureRecord(0, (int)captured, CaptureLimits.OriginalLength(original, captured), 0, itf.LinkType,
            _src.PeekMemory(8 + 4, (int)captured), offset);
        return true;
    }

    private bool ReadObsolete(ReadOnlySpan<byte> body, long offset, out CaptureRecord record)
    {
        record = default;
        if (body.Length < 20)
        {
            return false;
        }

        int ifId = U16(body);
        ulong ticks = ((ulong)U32(body[4..]) << 32) | U32(body[8..]);
        uint captured = U32(body[12..]);
        uint original = U32(body[16..]);
        if (captured > body.Length - 20 || ifId >= _interfaces.Count)
        {
            Warn($"packet block {_block} is inconsistent; skipped");
            return false;
        }

        var itf = _interfaces[ifId];
        record = new CaptureRecord(ToNanoseconds(itf, ticks), (int)captured, CaptureLimits.OriginalLength(original, captured), ifId, itf.LinkType,
            _src.PeekMemory(8 + 20, (int)captured), offset);
        return true;
    }

    private static long ToNanoseconds(Interface itf, ulong ticks)
    {
        long ns;
        if (itf.Exp2 >= 0)
        {
            // 2^-n second units: ns = ticks * 1e9 / 2^n, exact in 128-bit arithmetic.
            UInt128 v = (UInt128)ticks * 1_000_000_000UL;
            ns = (long)(ulong)(v >> Math.Min(itf.Exp2, 127));
        }
        else if (itf.Exp10 <= 9)
        {
            ulong mul = Pow10(9 - itf.Exp10);
            ns = (long)(ticks * mul);
        }
        else
        {
            ns = (long)(ticks / Pow10(Math.Min(itf.Exp10 - 9, 19)));
        }

        return ns + (itf.OffsetSeconds * 1_000_000_000);
    }

    private static ulong Pow10(int n)
    {
        ulong v = 1;
        for (int i = 0; i < n; i++)
        {
            v *= 10;
        }

        return v;
    }

    /// <summary>Walks TLV options (code, length, value padded to 4); stops at opt_endofopt or on damage.</summary>
    private OptionList Options(ReadOnlySpan<byte> span) => new(span, _bigEndian);

    private readonly ref struct OptionList(ReadOnlySpan<byte> span, bool bigEndian)
    {
        private readonly ReadOnlySpan<byte> _span = span;

        public Enumerator GetEnumerator() => new(_span, bigEndian);

        public ref struct Enumerator(ReadOnlySpan<byte> span, bool bigEndian)
        {
            private ReadOnlySpan<byte> _rest = span;

            public Option Current { get; private set; }

            public bool MoveNext()
            {
                if (_rest.Length < 4)
                {
                    return false;
                }

                ushort code = bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(_rest) : BinaryPrimitives.ReadUInt16LittleEndian(_rest);
                ushort len = bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(_rest[2..]) : BinaryPrimitives.ReadUInt16LittleEndian(_rest[2..]);
                if (code == OptEnd || 4 + len > _rest.Length)
                {
                    return false;
                }

                Current = new Option(code, _rest.Slice(4, len));
                int padded = 4 + ((len + 3) & ~3);
                _rest = padded >= _rest.Length ? default : _rest[padded..];
                return true;
            }
        }
    }

    private readonly ref struct Option(ushort code, ReadOnlySpan<byte> value)
    {
        public ushort Code { get; } = code;

        public ReadOnlySpan<byte> Value { get; } = value;
    }

    private void Warn(string message)
    {
        if (_warnings.Count < 100)
        {
            _warnings.Add($"{Name}: {message}");
        }
    }

    public void Dispose() => _src.Dispose();
}
