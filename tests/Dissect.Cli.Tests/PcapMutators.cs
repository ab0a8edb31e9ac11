using System.Buffers.Binary;
using Dissectors.Core.Capture;

namespace Dissect.Cli.Tests;

/// <summary>One seeded change to a pcap file; <see cref="Apply"/> returns the new bytes and says what it did.</summary>
internal sealed record PcapMutator(string Name, Func<byte[], Random, (byte[] Bytes, string Detail)> Apply)
{
    public override string ToString() => Name;
}

/// <summary>
/// Mutators for classic pcap files: bit flips, truncation, length fields, whole records duplicated, dropped
/// or reordered, TCP payload and header bytes overwritten. They never touch the 24-byte file header unless
/// truncating, so the result is still a pcap and every frame in it is expected on stdout.
/// </summary>
internal static class PcapMutators
{
    public static readonly PcapMutator[] All =
    [
        new("bit-flips", FlipBits),
        new("truncate", Truncate),
        new("inflate-length", InflateLength),
        new("duplicate-records", DuplicateRecords),
        new("drop-records", DropRecords),
        new("reorder-records", ReorderRecords),
        new("overwrite-tcp-payload", OverwritePayload),
        new("overwrite-headers", OverwriteHeaders),
    ];

    /// <summary>
    /// MsgPack-aware: rewrites length and count headers inside TCP payloads (Tarantool iproto is MsgPack
    /// throughout: the 0xce length prefix, header and body maps, tuples). A 32-bit or 16-bit str/bin/array/map
    /// length or uint32 value becomes 0, one less or more, a huge value or all ones; a fixarray/fixmap/fixstr
    /// count becomes another count of the same family.
    /// </summary>
    public static readonly PcapMutator MsgPackLengths = new("msgpack-lengths", RewriteMsgPackLengths);

    private static (byte[], string) RewriteMsgPackLengths(byte[] file, Random rng)
    {
        var layout = PcapLayout.Read(file);
        if (layout.NotACapture)
        {
            return (file, "not a capture");
        }

        var b = (byte[])file.Clone();
        var candidates = new List<(int At, int Width)>();
        foreach (var (offset, length) in layout.Records)
        {
            if (!TryFindTcpPayload(b, offset + PcapLayout.RecordHeaderLength, length - PcapLayout.RecordHeaderLength, layout.LinkType(b), out var p))
            {
                continue;
            }

            for (int i = p.Start; i < p.Start + p.Length; i++)
            {
                int width = b[i] switch
                {
                    0xce or 0xc6 or 0xdb or 0xdd or 0xdf => 4,
                    0xcd or 0xc5 or 0xda or 0xdc or 0xde => 2,
                    >= 0x80 and <= 0xbf => 0, // fixmap, fixarray, fixstr
                    _ => -1,
                };
                if (width >= 0 && i + width < p.Start + p.Length)
                {
                    candidates.Add((i, width));
                }
            }
        }

        if (candidates.Count == 0)
        {
            return (b, "no MsgPack headers");
        }

        int n = rng.Next(1, 5);
        var where = new List<string>();
        for (int k = 0; k < n; k++)
        {
            var (at, width) = candidates[rng.Next(candidates.Count)];
            switch (width)
            {
                case 4:
                    {
                        uint old = BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(at + 1));
                        uint v = rng.Next(5) switch { 0 => 0, 1 => old - 1, 2 => old + 1, 3 => 0x7FFF_FFF0u + (uint)rng.Next(16), _ => uint.MaxValue };
                        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(at + 1), v);
                        where.Add($"0x{b[at]:x2} at {at}: {old} -> {v}");
                        break;
                    }

                case 2:
                    {
                        ushort old = BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(at + 1));
                        ushort v = rng.Next(4) switch { 0 => 0, 1 => (ushort)(old - 1), 2 => (ushort)(old + 1), _ => ushort.MaxValue };
                        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(at + 1), v);
                        where.Add($"0x{b[at]:x2} at {at}: {old} -> {v}");
                        break;
                    }

                default:
                    {
                        byte old = b[at];
                        int family = old & 0xf0;
                        byte v = family == 0x80 || family == 0x90
                            ? (byte)(family | rng.Next(16))
                            : (byte)(0xa0 | rng.Next(32));
                        b[at] = v;
                        where.Add($"0x{old:x2} at {at} -> 0x{v:x2}");
                        break;
                    }
            }
        }

        return (b, string.Join(", ", where));
    }

    private static (byte[], string) FlipBits(byte[] file, Random rng)
    {
        var b = (byte[])file.Clone();
        if (b.Length <= PcapLayout.FileHeaderLength)
        {
            return (b, "no bytes to flip");
        }

        int n = rng.Next(1, 33);
        var where = new List<int>();
        for (int i = 0; i < n; i++)
        {
            int off = rng.Next(PcapLayout.FileHeaderLength, b.Length);
            b[off] ^= (byte)(1 << rng.Next(8));
            where.Add(off);
        }

        return (b, $"{n} bits at {string.Join(',', where)}");
    }

    private static (byte[], string) Truncate(byte[] file, Random rng)
    {
        int cut = rng.Next(0, 10) == 0 ? rng.Next(0, Math.Min(file.Length, 64)) : rng.Next(0, file.Length);
        return (file[..cut], $"at {cut} of {file.Length}");
    }

    private static (byte[], string) InflateLength(byte[] file, Random rng)
    {
        var layout = PcapLayout.Read(file);
        if (layout.NotACapture || layout.Records.Count == 0)
        {
            return (file, "no records");
        }

        var b = (byte[])file.Clone();
        var (offset, length) = layout.Records[rng.Next(layout.Records.Count)];
        uint incl = (uint)(length - PcapLayout.RecordHeaderLength);
        bool orig = rng.Next(4) == 0;
        uint value = rng.Next(9) switch
        {
            0 => 0xFFFF_FFF0,
            1 => CaptureLimits.MaxRecordLength,
            2 => CaptureLimits.MaxRecordLength + 1u,
            3 => 0x7FFF_FFFF,
            4 => (uint)rng.NextInt64(0, 1L << 32),
            5 => incl > 0 ? (uint)rng.Next(0, (int)incl) : 0, // shorter: the next "record" starts inside this one
            6 => incl + (uint)rng.Next(1, 4),
            _ => incl + (uint)rng.Next(1, 100_000),
        };
        layout.WriteU32(b, offset + (orig ? 12 : 8), value);
        return (b, $"{(orig ? "orig_len" : "incl_len")} of the record at {offset} set to {value} (was {incl})");
    }

    private static (byte[], string) DuplicateRecords(byte[] file, Random rng)
    {
        var records = Split(file, out byte[] head, out byte[] tail);
        if (records.Count == 0)
        {
            return (file, "no records");
        }

        int i = rng.Next(records.Count), copies = rng.Next(1, 4);
        int at = rng.Next(2) == 0 ? i + 1 : rng.Next(records.Count + 1);
        for (int c = 0; c < copies; c++)
        {
            records.Insert(at, records[i]);
        }

        return (Join(head, records, tail), $"record {i + 1} copied {copies} times to position {at + 1}");
    }

    private static (byte[], string) DropRecords(byte[] file, Random rng)
    {
        var records = Split(file, out byte[] head, out byte[] tail);
        if (records.Count == 0)
        {
            return (file, "no records");
        }

        int n = Math.Min(records.Count, rng.Next(1, 4));
        var dropped = new List<int>();
        for (int k = 0; k < n; k++)
        {
            int i = rng.Next(records.Count);
            records.RemoveAt(i);
            dropped.Add(i + 1);
        }

        return (Join(head, records, tail), $"dropped records {string.Join(',', dropped)} (numbered as they were at each drop)");
    }

    private static (byte[], string) ReorderRecords(byte[] file, Random rng)
    {
        var records = Split(file, out byte[] head, out byte[] tail);
        if (records.Count < 2)
        {
            return (file, "fewer than two records");
        }

        int i = rng.Next(records.Count), j = rng.Next(records.Count);
        if (rng.Next(2) == 0)
        {
            (records[i], records[j]) = (records[j], records[i]);
            return (Join(head, records, tail), $"swapped records {i + 1} and {j + 1}");
        }

        int start = Math.Min(i, j), count = Math.Abs(i - j) + 1;
        records.Reverse(start, count);
        return (Join(head, records, tail), $"reversed records {start + 1}..{start + count}");
    }

    private static (byte[], string) OverwritePayload(byte[] file, Random rng)
    {
        var layout = PcapLayout.Read(file);
        if (layout.NotACapture)
        {
            return (file, "not a capture");
        }

        var b = (byte[])file.Clone();
        var payloads = new List<(int Start, int Length)>();
        foreach (var (offset, length) in layout.Records)
        {
            if (TryFindTcpPayload(b, offset + PcapLayout.RecordHeaderLength, length - PcapLayout.RecordHeaderLength, layout.LinkType(b), out var p))
            {
                payloads.Add(p);
            }
        }

        if (payloads.Count == 0)
        {
            return (b, "no TCP payload");
        }

        int segments = rng.Next(1, 4);
        var where = new List<string>();
        for (int s = 0; s < segments; s++)
        {
            var (start, len) = payloads[rng.Next(payloads.Count)];
            if (rng.Next(4) == 0)
            {
                rng.NextBytes(b.AsSpan(start, len));
                where.Add($"all {len} bytes at {start}");
                continue;
            }

            int n = rng.Next(1, 17);
            for (int k = 0; k < n; k++)
            {
                int off = start + rng.Next(len);
                b[off] = rng.Next(3) == 0 ? (byte)0xFF : (byte)rng.Next(256);
            }

            where.Add($"{n} bytes in the {len} at {start}");
        }

        return (b, string.Join("; ", where));
    }

    /// <summary>Random bytes in the first 64 bytes of records: link, IP and TCP headers.</summary>
    private static (byte[], string) OverwriteHeaders(byte[] file, Random rng)
    {
        var layout = PcapLayout.Read(file);
        if (layout.NotACapture || layout.Records.Count == 0)
        {
            return (file, "no records");
        }

        var b = (byte[])file.Clone();
        int n = rng.Next(1, 9);
        var where = new List<int>();
        for (int k = 0; k < n; k++)
        {
            var (offset, length) = layout.Records[rng.Next(layout.Records.Count)];
            int data = length - PcapLayout.RecordHeaderLength;
            if (data == 0)
            {
                continue;
            }

            int off = offset + PcapLayout.RecordHeaderLength + rng.Next(Math.Min(data, 64));
            b[off] = (byte)rng.Next(256);
            where.Add(off);
        }

        return (b, $"bytes at {string.Join(',', where)}");
    }

    /// <summary>The file header, each complete record, and whatever follows them.</summary>
    private static List<byte[]> Split(byte[] file, out byte[] head, out byte[] tail)
    {
        var layout = PcapLayout.Read(file);
        if (layout.NotACapture)
        {
            head = file;
            tail = [];
            return [];
        }

        head = file[..PcapLayout.FileHeaderLength];
        var records = new List<byte[]>();
        int end = PcapLayout.FileHeaderLength;
        foreach (var (offset, length) in layout.Records)
        {
            records.Add(file[offset..(offset + length)]);
            end = offset + length;
        }

        tail = file[end..];
        return records;
    }

    private static byte[] Join(byte[] head, List<byte[]> records, byte[] tail)
    {
        var ms = new MemoryStream();
        ms.Write(head);
        foreach (var r in records)
        {
            ms.Write(r);
        }

        ms.Write(tail);
        return ms.ToArray();
    }

    /// <summary>Finds the TCP payload of a frame (Ethernet/VLAN, Linux SLL/SLL2, raw IP, BSD loopback; IPv4 or IPv6).</summary>
    internal static bool TryFindTcpPayload(byte[] b, int start, int length, uint linkType, out (int Start, int Length) payload)
    {
        payload = default;
        var f = b.AsSpan(start, length);
        int ip;
        int etherType;
        switch (linkType)
        {
            case 1:
                ip = 14;
                if (f.Length < ip)
                {
                    return false;
                }

                etherType = BinaryPrimitives.ReadUInt16BigEndian(f[12..]);
                while (etherType is 0x8100 or 0x88A8 && f.Length >= ip + 4)
                {
                    etherType = BinaryPrimitives.ReadUInt16BigEndian(f[(ip + 2)..]);
                    ip += 4;
                }

                break;
            case 113:
                ip = 16;
                etherType = f.Length >= ip ? BinaryPrimitives.ReadUInt16BigEndian(f[14..]) : 0;
                break;
            case 276:
                ip = 20;
                etherType = f.Length >= ip ? BinaryPrimitives.ReadUInt16BigEndian(f) : 0;
                break;
            case 0:
                ip = 4;
                etherType = f.Length >= ip && (f[0] >> 4 == 6 || f[3] >> 4 == 6) ? 0x86DD : 0x0800;
                break;
            default:
                ip = 0;
                etherType = f.Length > 0 && f[0] >> 4 == 6 ? 0x86DD : 0x0800;
                break;
        }

        int tcp, end;
        if (etherType == 0x0800 && f.Length >= ip + 20)
        {
            if (f[ip + 9] != 6)
            {
                return false;
            }

            tcp = ip + ((f[ip] & 0x0F) * 4);
            end = Math.Min(f.Length, ip + BinaryPrimitives.ReadUInt16BigEndian(f[(ip + 2)..]));
        }
        else if (etherType == 0x86DD && f.Length >= ip + 40)
        {
            if (f[ip + 6] != 6)
            {
                return false;
            }

            tcp = ip + 40;
            end = Math.Min(f.Length, tcp + BinaryPrimitives.ReadUInt16BigEndian(f[(ip + 4)..]));
        }
        else
        {
            return false;
        }

        if (f.Length < tcp + 20)
        {
            return false;
        }

        int data = tcp + ((f[tcp + 12] >> 4) * 4);
        if (data >= end)
        {
            return false;
        }

        payload = (start + data, end - data);
        return true;
    }
}
