using System.Buffers;
using System.Buffers.Binary;

namespace Dissectors.Core.Decode;

/// <summary>Outcome of adding a fragment.</summary>
public enum DefragResult : byte
{
    /// <summary>Stored; the datagram is not complete yet.</summary>
    Pending,
    /// <summary>This fragment completed the datagram.</summary>
    Complete,
    /// <summary>Over a limit (datagram too large, too many pending, memory budget): not kept.</summary>
    Dropped,
}

/// <summary>
/// Reassembles fragmented IPv4/IPv6 datagrams. Fragments are copied into a pooled buffer per datagram;
/// the datagram is complete when the last fragment (MF=0) has arrived and the bytes before it are all
/// covered. Limits: a datagram is at most 64 KiB + a header's worth, at most <see cref="MaxPending"/>
/// datagrams wait at once and at most <see cref="MaxPendingBytes"/> bytes in total; past a limit the
/// oldest pending datagram is dropped. Overlapping fragments: bytes already received win.
/// <para>
/// Each pending datagram also lists the fragments that made it (frame, offset, length; sorted by offset,
/// arrival order among equal offsets, as Wireshark keeps them) so the completing frame can show tshark's
/// "[N IPv4 Fragments ...]" subtree. A datagram lists at most <see cref="MaxFragmentsPerDatagram"/>
/// fragments (past that it is dropped). Pending-datagram objects and their lists are pooled, so
/// unfragmented traffic never reaches this class and fragmented traffic allocates only while the pool grows.
/// </para>
/// </summary>
public sealed class IPDefragmenter
{
    private const int MaxDatagram = 65535 + 64;
    private readonly Dictionary<Key, Pending> _pending = [];
    private readonly Queue<(Key Key, long Seq)> _order = new();
    private long _seq;
    private long _pendingBytes;
    private const int MaxPooled = 64;
    private readonly Stack<Pending> _pool = new();
    private readonly List<Fragment> _completeFragments = [];
    private byte[] _complete = new byte[MaxDatagram];

    public int MaxPending { get; init; } = 1024;

    public long MaxPendingBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>Most fragments one datagram may have (a flood of tiny or repeated fragments is dropped).</summary>
    public int MaxFragmentsPerDatagram { get; init; } = 2048;

    /// <summary>
    /// The fragments of the datagram the last <see cref="Add"/> completed, sorted by offset. Valid until the
    /// next call.
    /// </summary>
    public ReadOnlySpan<Fragment> CompletedFragments => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_completeFragments);

    /// <summary>One fragment of a datagram: the frame it came in, and where its payload sits.</summary>
    public readonly record struct Fragment(uint Frame, int Offset, int Length);

    public long Dropped { get; private set; }

    public int PendingCount => _pending.Count;

    /// <summary>Identifies a datagram: addresses, identification and (IPv4) protocol.</summary>
    public readonly record struct Key(ulong A0, ulong A1, ulong B0, ulong B1, uint Id, byte Proto);

    public static Key KeyV4(uint src, uint dst, ushort id, byte proto) => new(src, 0, dst, 0, id, proto);

    public static Key KeyV6(ReadOnlySpan<byte> src, ReadOnlySpan<byte> dst, uint id) => new(
        BinaryPrimitives.ReadUInt64BigEndian(src), BinaryPrimitives.ReadUInt64BigEndian(src[8..]),
        BinaryPrimitives.ReadUInt64BigEndian(dst), BinaryPrimitives.ReadUInt64BigEndian(dst[8..]), id, 0);

    private sealed class Pending
    {
        public byte[] Buffer = [];
        public List<(int Start, int End)> Ranges = [];
        public List<Fragment> Fragments = [];
        public int TotalLength = -1;
        public int Extent;
        public long Seq;

        public void Reset()
        {
            Buffer = [];
            Ranges.Clear();
            Fragments.Clear();
            TotalLength = -1;
            Extent = 0;
        }
    }

    /// <summary>
    /// Adds one fragment's payload at <paramref name="offset"/>, received in frame <paramref name="frame"/>.
    /// When the datagram completes, <paramref name="datagram"/> is its payload and
    /// <see cref="CompletedFragments"/> its fragments; both valid until the next call.
    /// </summary>
    public DefragResult Add(Key key, uint frame, int offset, bool moreFragments, ReadOnlySpan<byte> payload, out ReadOnlySpan<byte> datagram)
    {
        datagram = default;
        _completeFragments.Clear();
        long end = (long)offset + payload.Length;
        if (end > MaxDatagram)
        {
            Dropped++;
            return DefragResult.Dropped;
        }

        if (!_pending.TryGetValue(key, out var p))
        {
            while (_pending.Count >= MaxPending || _pendingBytes + MaxDatagram > MaxPendingBytes)
            {
                if (!EvictOldest())
                {
                    break;
                }
            }

            p = _pool.Count > 0 ? _pool.Pop() : new Pending();
            p.Buffer = ArrayPool<byte>.Shared.Rent(MaxDatagram);
            p.Seq = ++_seq;
            _pending[key] = p;
            CompactOrder();
            _order.Enqueue((key, p.Seq));
            _pendingBytes += MaxDatagram;
        }

        if (p.Fragments.Count >= MaxFragmentsPerDatagram)
        {
            Remove(key, p);
            Dropped++;
            return DefragResult.Dropped;
        }

        InsertByOffset(p.Fragments, new Fragment(frame, offset, payload.Length));

        // Already-received bytes win: copy only the parts not yet covered.
        CopyUncovered(p, offset, payload);
        AddRange(p.Ranges, offset, (int)end);
        p.Extent = Math.Max(p.Extent, (int)end);
        if (!moreFragments)
        {
            p.TotalLength = (int)end;
        }

        if (p.TotalLength >= 0 && p.Ranges.Count == 1 && p.Ranges[0].Start == 0 && p.Ranges[0].End >= p.TotalLength)
        {
            p.Buffer.AsSpan(0, p.TotalLength).CopyTo(_complete);
            datagram = _complete.AsSpan(0, p.TotalLength);
            _completeFragments.AddRange(p.Fragments);
            Remove(key, p);
            return DefragResult.Complete;
        }

        return DefragResult.Pending;
    }

    private static void InsertByOffset(List<Fragment> list, Fragment f)
    {
        // Usually in order: append. Otherwise after the last fragment that does not start later.
        int i = list.Count;
        while (i > 0 && list[i - 1].Offset > f.Offset)
        {
            i--;
        }

        list.Insert(i, f);
    }

    private static void CopyUncovered(Pending p, int offset, ReadOnlySpan<byte> payload)
    {
        int pos = offset;
        int end = offset + payload.Length;
        foreach (var (s, e) in p.Ranges)
        {
            if (e <= pos || s >= end)
            {
                continue;
            }

            if (s > pos)
            {
                payload.Slice(pos - offset, s - pos).CopyTo(p.Buffer.AsSpan(pos));
            }

            pos = Math.Max(pos, e);
            if (pos >= end)
            {
                return;
            }
        }

        if (pos < end)
        {
            payload[(pos - offset)..].CopyTo(p.Buffer.AsSpan(pos));
        }
    }

    private static void AddRange(List<(int Start, int End)> ranges, int start, int end)
    {
        if (end <= start)
        {
            return;
        }

        int i = 0;
        while (i < ranges.Count && ranges[i].End < start)
        {
            i++;
        }

        int ns = start, ne = end;
        while (i < ranges.Count && ranges[i].Start <= ne)
        {
            ns = Math.Min(ns, ranges[i].Start);
            ne = Math.Max(ne, ranges[i].End);
            ranges.RemoveAt(i);
        }

        ranges.Insert(i, (ns, ne));
    }

    private bool EvictOldest()
    {
        while (_order.Count > 0)
        {
            var (k, seq) = _order.Dequeue();
            if (_pending.TryGetValue(k, out var p) && p.Seq == seq)
            {
                Remove(k, p);
                Dropped++;
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Drops queue entries of datagrams that completed (or whose key was reused) once they outnumber the
    /// pending ones, so the age queue stays proportional to what is pending. In place: no allocation.
    /// </summary>
    private void CompactOrder()
    {
        if (_order.Count < 2 * _pending.Count + 64)
        {
            return;
        }

        for (int n = _order.Count; n > 0; n--)
        {
            var entry = _order.Dequeue();
            if (_pending.TryGetValue(entry.Key, out var p) && p.Seq == entry.Seq)
            {
                _order.Enqueue(entry);
            }
        }
    }

    private void Remove(Key key, Pending p)
    {
        _pending.Remove(key);
        _pendingBytes -= MaxDatagram;
        ArrayPool<byte>.Shared.Return(p.Buffer);
        p.Reset();
        if (_pool.Count < MaxPooled)
        {
            _pool.Push(p);
        }
    }
}
