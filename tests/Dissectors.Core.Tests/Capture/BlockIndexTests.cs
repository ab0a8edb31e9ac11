using Dissectors.Core.Capture;
using Dissectors.Core.Pipeline;
using Dissectors.Testing;

namespace Dissectors.Core.Tests.Capture;

/// <summary>
/// Readers of a pcap file through <see cref="SharedBlocks"/> that take the records of each block from its
/// <see cref="BlockIndex"/> (as the workers of a split count do) must see exactly the records, offsets and
/// warnings of a plain read, each block's index must be built once for all readers, and every entry must
/// carry the class and owner <see cref="FlowShard"/> gives its frame. Small blocks make records straddle
/// block boundaries, outgrow the head room and carry damage in the middle of a block.
/// </summary>
public sealed class BlockIndexTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"dissect-index-{Guid.NewGuid():N}.pcap");

    public void Dispose() => File.Delete(_path);

    private sealed record Seen(long Ns, int Length, int Original, long Offset, byte[] Data);

    /// <summary>TCP frames of 30 interleaved connections with payloads of 0 to ~3,000 bytes, some frames that are no flow, and a few records with a bad microsecond field.</summary>
    private void WriteCapture(int seed, bool nanos, bool bigEndian, int frames, bool damage)
    {
        var rng = new Random(seed);
        var b = new PcapBuilder(LinkType.Ethernet, nanos, bigEndian);
        var flows = Enumerable.Range(0, 30).Select(i => new TcpFlowBuilder(clientPort: (ushort)(42000 + i), serverPort: 9042).Handshake()).ToList();
        long ns = TestClock;
        foreach (var f in flows)
        {
            foreach (var frame in f.Frames)
            {
                b.Add(ns += 1000, frame);
            }
        }

        for (int k = 0; k < frames; k++)
        {
            ns += 1 + rng.Next(5000);
            int kind = rng.Next(100);
            if (kind < 5)
            {
                // No flow: an Ethernet frame of another EtherType.
                var other = new byte[60 + rng.Next(200)];
                rng.NextBytes(other);
                other[12] = 0x08;
                other[13] = 0x06;
                b.Add(ns, other);
                continue;
            }

            if (damage && kind < 7 && !nanos)
            {
                // A microsecond field of a second or more: a plain read warns and goes on.
                var f = flows[rng.Next(flows.Count)];
                var frame = f.Send(rng.Next(2) == 0, new byte[rng.Next(50)]);
                Raw(b, bigEndian, (uint)(ns / 1_000_000_000), 1_000_000 + (uint)rng.Next(1000), frame);
                continue;
            }

            int size = kind < 90 ? rng.Next(600) : kind < 98 ? 1000 + rng.Next(2000) : 0;
            var payload = new byte[size];
            rng.NextBytes(payload);
            var flow = flows[rng.Next(flows.Count)];
            b.Add(ns, flow.Send(rng.Next(2) == 0, payload));
        }

        File.WriteAllBytes(_path, b.ToArray());
    }

    private const long TestClock = 1_700_000_000_000_000_000;

    private static void Raw(PcapBuilder b, bool bigEndian, uint sec, uint frac, byte[] data)
    {
        var h = new byte[16];
        void Put(int at, uint v)
        {
            if (bigEndian)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(h.AsSpan(at), v);
            }
            else
            {
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(at), v);
            }
        }

        Put(0, sec);
        Put(4, frac);
        Put(8, (uint)data.Length);
        Put(12, (uint)data.Length);
        b.Raw(h).Raw(data);
    }

    private (List<Seen> Records, List<string> Warnings) PlainRead()
    {
        Assert.True(CaptureFile.TryOpen(_path, out var source, out string error, readAhead: false), error);
        using var s = source!;
        var seen = new List<Seen>();
        while (s.TryRead(out var r))
        {
            seen.Add(new Seen(r.TimestampNs, r.CapturedLength, r.OriginalLength, r.FileOffset, r.Data.ToArray()));
        }

        return (seen, s.Warnings.ToList());
    }

    /// <summary>Reads as a split-count worker does: from the index where there is one, record by record elsewhere.</summary>
    private (List<Seen> Records, List<string> Warnings, int Indexed) IndexedRead(SharedBlocks shared, int reader)
    {
        Assert.True(CaptureFile.TryOpen(_path, out var source, out string error, readAhead: false, shared, reader), error);
        using var s = source!;
        var pcap = Assert.IsType<PcapReader>(s);
        var seen = new List<Seen>();
        int indexed = 0;
        while (true)
        {
            if (pcap.TryTakeIndex(out var list, out int first, out long fileBase))
            {
                for (int i = first; i < list!.Count; i++)
                {
                    var r = pcap.IndexedRecord(list, i, fileBase);
                    seen.Add(new Seen(r.TimestampNs, r.CapturedLength, r.OriginalLength, r.FileOffset, r.Data.ToArray()));
                    ref readonly var e = ref list.Entries[i];
                    var kind = FlowShard.Classify(LinkType.Ethernet, r.Data.Span, out ulong hash);
                    Assert.Equal(kind, e.Kind);
                    Assert.Equal(hash, e.Hash);
                    Assert.Equal(kind == ShardKind.Flow ? FlowShard.OwnerOf(hash, shared.Readers) : 0, e.Owner);
                    Assert.True(pcap.IndexedFrame(list, i).SequenceEqual(r.Data.Span));
                    indexed++;
                }

                pcap.EndIndexed(list, first);
                continue;
            }

            if (!pcap.TryRead(out var rec))
            {
                break;
            }

            seen.Add(new Seen(rec.TimestampNs, rec.CapturedLength, rec.OriginalLength, rec.FileOffset, rec.Data.ToArray()));
        }

        shared.Leave(reader);
        return (seen, s.Warnings.ToList(), indexed);
    }

    private static T[] OnThreads<T>(int n, Func<int, T> body)
    {
        var tasks = Enumerable.Range(0, n).Select(i => Task.Factory.StartNew(() => body(i), TaskCreationOptions.LongRunning)).ToArray();
        Assert.True(Task.WaitAll(tasks, TimeSpan.FromSeconds(60)), "a reader waited for ever");
        return tasks.Select(t => t.Result).ToArray();
    }

    private static void AssertSameRecords(List<Seen> expected, List<Seen> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            var (e, a) = (expected[i], actual[i]);
            Assert.True(e.Ns == a.Ns && e.Length == a.Length && e.Original == a.Original && e.Offset == a.Offset, $"record {i + 1}: {e} vs {a}");
            Assert.True(e.Data.AsSpan().SequenceEqual(a.Data), $"record {i + 1}: data differs");
        }
    }

    [Theory]
    [InlineData(2, 16384, 4096, 3, false, false, false, 1)]
    [InlineData(2, 16384, 4096, 3, true, false, false, 2)]
    [InlineData(2, 16384, 4096, 3, false, true, false, 3)]
    [InlineData(3, 8192, 4096, 4, false, false, false, 4)]
    [InlineData(2, 65536, 8192, 2, false, true, true, 5)]
    [InlineData(3, 16384, 4096, 3, false, false, true, 6)]
    [InlineData(2, 8192, 2048, 3, false, false, false, 7)]
    public void EveryReader_SeesThePlainReadsRecords(int readers, int block, int headroom, int slots, bool nanos, bool bigEndian, bool damage, int seed)
    {
        WriteCapture(seed, nanos, bigEndian, 6000, damage);
        var (expected, warnings) = PlainRead();
        var shared = new SharedBlocks(readers, block, headroom, slots);
        foreach (var (records, seenWarnings, indexed) in OnThreads(readers, r => IndexedRead(shared, r)))
        {
            AssertSameRecords(expected, records);
            Assert.Equal(warnings, seenWarnings);
            // Most records come from the indexes (the rest: each block's first, and after damage the rest of its
            // block), unless a record outgrew the head room: the reader then read on by itself.
            if (headroom >= 4096)
            {
                Assert.True(indexed > expected.Count / (damage ? 10 : 2), $"only {indexed} of {expected.Count} records came from block indexes");
            }
        }

        Assert.True(shared.IndexesBuilt <= shared.BlocksRead, $"{shared.IndexesBuilt} indexes built for {shared.BlocksRead} blocks");
        Assert.True(shared.IndexesBuilt > 0);
        if (damage && !nanos)
        {
            Assert.NotEmpty(warnings);
        }
    }

    [Fact]
    public void AnIndexWalkedFromElsewhere_IsNotHandedToAReaderWhoseRecordsStartElsewhere()
    {
        File.WriteAllBytes(_path, new byte[40_000]);
        var shared = new SharedBlocks(2, 16384, 4096, 3);
        using var fs = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1);
        var file = fs.SafeFileHandle;
        var data = shared.Take(0, 0, null, 0, file, out int count);
        Assert.Equal(16384, count);
        int builds = 0;
        byte[] expected = data;
        void Build(byte[] d, int start, int end, BlockIndex index)
        {
            builds++;
            Assert.Same(expected, d);
            Assert.Equal(shared.Headroom + count, end);
            index.Add().Offset = start;
            index.Close(start + 16);
        }

        var a = shared.Index(0, 4096, Build);
        var again = shared.Index(0, 4096, Build);
        Assert.NotNull(a);
        Assert.Same(a, again);
        Assert.Equal(1, builds);
        Assert.Null(shared.Index(0, 4100, Build));
        Assert.Equal(0, a!.Find(4096));
        Assert.Equal(-1, a.Find(4097));

        // A block nobody holds any more is indexed afresh when its slot comes round again.
        shared.Take(1, 0, null, 0, file, out _);
        var next = shared.Take(0, 1, data, 0, file, out _);
        shared.Take(1, 1, data, 0, file, out _);
        expected = next;
        Assert.NotNull(shared.Index(1, 4096, Build));
        Assert.Equal(2, builds);
        Assert.NotSame(data, next);
    }
}
