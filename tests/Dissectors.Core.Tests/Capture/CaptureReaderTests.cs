using System.IO.Compression;
using Dissectors.Core.Capture;
using Dissectors.Testing;

namespace Dissectors.Core.Tests.Capture;

public class CaptureReaderTests
{
    private static readonly byte[] s_frameA = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 8, 0, 0x45];
    private static readonly byte[] s_frameB = [9, 9, 9];

    private static List<CaptureRecord> ReadAll(byte[] bytes, out ICaptureSource source, string name = "test")
    {
        Assert.True(CaptureFile.TryOpen(new MemoryStream(bytes), name, true, out var s, out string error), error);
        source = s!;
        var list = new List<CaptureRecord>();
        while (source.TryRead(out var r))
        {
            // Copy: the data slice is only valid until the next read.
            list.Add(new CaptureRecord(r.TimestampNs, r.CapturedLength, r.OriginalLength, r.InterfaceId, r.LinkType, r.Data.ToArray(), r.FileOffset, r.Comment, r.PacketFlags));
        }

        return list;
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void Pcap_BothByteOrders_MicroAndNanoseconds(bool bigEndian, bool nanos)
    {
        long t1 = 1_527_044_945_858_588_000, t2 = t1 + 1_374_123;
        var bytes = new PcapBuilder(LinkType.Ethernet, nanos, bigEndian).Add(t1, s_frameA).Add(t2, s_frameB, originalLength: 60).ToArray();
        var recs = ReadAll(bytes, out var src);
        Assert.Equal(2, recs.Count);
        Assert.Equal(LinkType.Ethernet, src.LinkType);
        Assert.Equal(t1, recs[0].TimestampNs);
        Assert.Equal(nanos ? t2 : t2 - 123, recs[1].TimestampNs); // µs files lose the last three digits
        Assert.Equal(s_frameA, recs[0].Data.ToArray());
        Assert.Equal(60, recs[1].OriginalLength);
        Assert.Equal(3, recs[1].CapturedLength);
        Assert.Empty(src.Warnings);
        Assert.Equal(nanos ? "pcap-ns" : "pcap", src.Format);
    }

    [Fact]
    public void TruncatedLastRecord_KeepsCompleteFrames_AndWarns()
    {
        var bytes = new PcapBuilder(LinkType.Ethernet).Add(1_000, s_frameA).Add(2_000, s_frameA).ToArray();
        var recs = ReadAll(bytes[..^5], out var src);
        Assert.Single(recs);
        var w = Assert.Single(src.Warnings);
        Assert.Contains("cut short in the middle of a packet", w);
        Assert.Contains("record 2", w);
    }

    [Fact]
    public void RecordClaimingFourGigabytes_StopsWithAWarning_WithoutAllocatingIt()
    {
        var bytes = new PcapBuilder(LinkType.Ethernet).Add(1_000, s_frameA).Add(2_000, s_frameB, claimedLength: unchecked((int)0xFFFF_FFF0)).ToArray();
        long before = GC.GetAllocatedBytesForCurrentThread();
        var recs = ReadAll(bytes, out var src);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 * 1024 * 1024);
        Assert.Single(recs);
        Assert.Contains("claims 4294967280 bytes", Assert.Single(src.Warnings));
    }

    [Fact]
    public void Pcapng_SectionsInBothByteOrders_InterfacesAndBlockKinds()
    {
        var b = new PcapngBuilder(bigEndian: false)
            .Interface(LinkType.Ethernet, name: "lo")                       // µs by default
            .Interface(LinkType.LinuxSll2, tsresol: 9, tsoffset: 10)       // ns, +10 s
            .Enhanced(0, 1_527_044_945_858_588, s_frameA, comment: "hello")
            .Block(0x0BAD, [1, 2, 3, 4])                                     // unknown block: skipped
            .Enhanced(1, 5_000_000_123, s_frameB)
            .Simple(s_frameB, originalLength: 99)
            .Obsolete(0, 2_000_000, s_frameA)
            .Section(bigEndian: true)
            .Interface(LinkType.Raw, tsresol: 0x80 | 20)                    // 2^-20 s units
            .Enhanced(0, 3UL << 20, s_frameB);
        var recs = ReadAll(b.ToArray(), out var src);
        Assert.Equal(5, recs.Count);
        Assert.Equal(1_527_044_945_858_588_000, recs[0].TimestampNs);
        Assert.Equal("hello", recs[0].Comment);
        Assert.Equal(LinkType.LinuxSll2, recs[1].LinkType);
        Assert.Equal(1, recs[1].InterfaceId);
        Assert.Equal(15_000_000_123, recs[1].TimestampNs);
        Assert.Equal(99, recs[2].OriginalLength);
        Assert.Equal(2_000_000_000, recs[3].TimestampNs);
        Assert.Equal(LinkType.Raw, recs[4].LinkType);
        Assert.Equal(3_000_000_000, recs[4].TimestampNs);
        Assert.True(src.IsPcapng);
        Assert.Equal(2, src.SectionNumber);
        Assert.Empty(src.Warnings);
    }

    [Fact]
    public void Pcap_PeekAhead_ShowsTheFollowingRecords_WithoutConsumingThem()
    {
        byte[] c = [7, 7, 7, 7, 7];
        var bytes = new PcapBuilder(LinkType.Ethernet).Add(1, s_frameA).Add(2, s_frameB).Add(3, c).ToArray();
        Assert.True(CaptureFile.TryOpen(new MemoryStream(bytes), "x", true, out var src, out _));
        Assert.True(src!.TryRead(out _));
        Assert.True(src.TryPeekAhead(0, out var next));
        Assert.Equal(s_frameB, next.ToArray());
        Assert.True(src.TryPeekAhead(1, out var after));
        Assert.Equal(c, after.ToArray());
        Assert.False(src.TryPeekAhead(2, out _));
        Assert.True(src.TryRead(out var r));
        Assert.Equal(s_frameB, r.Data.ToArray());
        Assert.True(src.TryRead(out r));
        Assert.Equal(c, r.Data.ToArray());
        Assert.False(src.TryPeekAhead(0, out _));
        Assert.False(src.TryRead(out _));
    }

    [Fact]
    public void Pcap_PeekAheadEveryRecord_SeesTheRecordReadThreeLater_AcrossBufferRefills()
    {
        // 12,000 records of 1-400 bytes (about 2.5 MB: the 1 MB read buffer is refilled and compacted
        // several times), each byte naming its record. Peeking three ahead after every read (as the
        // look-ahead does) must show exactly the record read three reads later, also when a peek was
        // refused because the record was not yet in memory.
        var rng = new Random(11);
        var b = new PcapBuilder(LinkType.Ethernet);
        var frames = new List<byte[]>();
        for (int i = 0; i < 12_000; i++)
        {
            var f = new byte[rng.Next(1, 401)];
            Array.Fill(f, (byte)i);
            f[0] = (byte)(i >> 8);
            frames.Add(f);
            b.Add(i * 1000L, f);
        }

        Assert.True(CaptureFile.TryOpen(new MemoryStream(b.ToArray()), "x", true, out var src, out _));
        var peeked = new byte[]?[frames.Count + 4];
        int read = 0, refused = 0;
        while (src!.TryRead(out var r))
        {
            Assert.Equal(frames[read], r.Data.ToArray());
            if (peeked[read] is { } seen)
            {
                Assert.Equal(frames[read], seen);
            }

            if (src.TryPeekAhead(3, out var ahead))
            {
                peeked[read + 4] = ahead.ToArray();
            }
            else
            {
                refused++;
            }

            read++;
        }

        Assert.Equal(frames.Count, read);
        Assert.True(refused >= 4 && refused < 200, $"{refused} peeks refused");
    }

    [Fact]
    public void Pcap_PeekAhead_StopsAtARecordClaimingMoreThanIsThere()
    {
        var bytes = new PcapBuilder(LinkType.Ethernet).Add(1, s_frameA).Add(2, s_frameB, claimedLength: 5000).ToArray();
        Assert.True(CaptureFile.TryOpen(new MemoryStream(bytes), "x", true, out var src, out _));
        Assert.True(src!.TryRead(out _));
        Assert.False(src.TryPeekAhead(0, out _));
    }

    [Fact]
    public void Pcapng_InterfaceNames_AreAvailableForTheCurrentSection()
    {
        var b = new PcapngBuilder().Interface(LinkType.Ethernet, name: "eth0").Enhanced(0, 1, s_frameA);
        Assert.True(CaptureFile.TryOpen(new MemoryStream(b.ToArray()), "x", true, out var src, out _));
        Assert.True(src!.TryRead(out _));
        Assert.Equal("eth0", src.InterfaceName(0));
        Assert.Null(src.InterfaceName(7));
    }

    [Fact]
    public void Pcapng_BlockLengthSmallerThanItsHeader_IsDamage_NotACrash()
    {
        var good = new PcapngBuilder().Interface(LinkType.Ethernet).Enhanced(0, 1, s_frameA).ToArray();
        byte[] bad = [6, 0, 0, 0, 8, 0, 0, 0]; // EPB claiming 8 bytes
        var recs = ReadAll([.. good, .. bad, .. good], out var src);
        Assert.Single(recs);
        Assert.Contains("impossible length 8", Assert.Single(src.Warnings));
    }

    [Fact]
    public void Pcapng_PacketBeforeAnyInterface_IsSkippedWithAWarning()
    {
        var b = new PcapngBuilder().Enhanced(3, 1, s_frameA).Interface(LinkType.Ethernet).Enhanced(0, 1, s_frameB);
        var recs = ReadAll(b.ToArray(), out var src);
        Assert.Single(recs);
        Assert.Contains("interface 3", Assert.Single(src.Warnings));
    }

    [Fact]
    public void GzipCompressedCapture_IsReadTransparently_FromSeekableAndNonSeekableStreams()
    {
        var pcap = new PcapBuilder(LinkType.Ethernet).Add(1_000, s_frameA).Add(2_000, s_frameB).ToArray();
        var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
        {
            gz.Write(pcap);
        }

        Assert.Equal(2, ReadAll(ms.ToArray(), out _).Count);
        Assert.True(CaptureFile.TryOpen(new NonSeekableStream(ms.ToArray()), "-", true, out var src, out string err), err);
        int n = 0;
        while (src!.TryRead(out _))
        {
            n++;
        }

        Assert.Equal(2, n);
    }

    [Fact]
    public void DamagedGzip_EndsLikeATruncatedCapture()
    {
        // Random bytes do not compress, so the damage lands in the middle of the deflate data.
        var rng = new Random(42);
        var frames = new PcapBuilder(LinkType.Ethernet);
        for (int i = 0; i < 2000; i++)
        {
            var f = new byte[200];
            rng.NextBytes(f);
            frames.Add(i * 1000L, f);
        }

        var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
        {
            gz.Write(frames.ToArray());
        }

        var bytes = ms.ToArray();
        bytes[bytes.Length / 2] ^= 0xFF;
        var recs = ReadAll(bytes, out _);
        Assert.InRange(recs.Count, 1, 1999);

        var start = ms.ToArray();
        start[12] ^= 0xFF;
        start[13] ^= 0xFF;
        Assert.False(CaptureFile.TryOpen(new MemoryStream(start), "g", true, out _, out string error));
        Assert.Contains("damaged", error);
    }

    [Theory]
    [InlineData(new byte[0], "is empty")]
    [InlineData(new byte[] { 1, 2 }, "too short")]
    [InlineData(new byte[] { (byte)'h', (byte)'e', (byte)'l', (byte)'l', (byte)'o', (byte)'\n' }, "isn't a capture file")]
    public void NotACapture_IsAClearError(byte[] bytes, string expected)
    {
        Assert.False(CaptureFile.TryOpen(new MemoryStream(bytes), "f", true, out _, out string error));
        Assert.Contains(expected, error);
    }

    [Fact]
    public void MissingFileAndDirectory_AreClearErrors()
    {
        Assert.False(CaptureFile.TryOpen("/nonexistent/x.pcap", out _, out string e1));
        Assert.Contains("doesn't exist", e1);
        Assert.False(CaptureFile.TryOpen(Path.GetTempPath(), out _, out string e2));
        Assert.Contains("is a directory", e2);
    }

    [Fact]
    public void Writer_RoundTrips_PcapAndPcapng()
    {
        foreach (bool ng in new[] { false, true })
        {
            var ms = new MemoryStream();
            var w = new CaptureWriter(ms, ng);
            var r1 = new CaptureRecord(1_527_044_945_858_588_123, s_frameA.Length, 100, 0, LinkType.Ethernet, s_frameA);
            var r2 = new CaptureRecord(1_527_044_945_900_000_000, s_frameB.Length, 3, 0, ng ? LinkType.Raw : LinkType.Ethernet, s_frameB);
            Assert.True(w.TryWrite(r1, out _));
            Assert.True(w.TryWrite(r2, out _));
            var bytes = ms.ToArray();
            var recs = ReadAll(bytes, out _);
            Assert.Equal(2, recs.Count);
            Assert.Equal(r1.TimestampNs, recs[0].TimestampNs);
            Assert.Equal(100, recs[0].OriginalLength);
            Assert.Equal(s_frameB, recs[1].Data.ToArray());
            Assert.Equal(r2.LinkType, recs[1].LinkType);
        }
    }

    [Fact]
    public void PcapWriter_RefusesASecondLinkType()
    {
        var w = new CaptureWriter(new MemoryStream(), pcapng: false);
        Assert.True(w.TryWrite(new CaptureRecord(0, 3, 3, 0, LinkType.Ethernet, s_frameB), out _));
        Assert.False(w.TryWrite(new CaptureRecord(0, 3, 3, 0, LinkType.Raw, s_frameB), out string error));
        Assert.Contains(".pcapng", error);
    }

    [Fact]
    public void CorpusPcapAndPcapngOfTheSameTraffic_YieldTheSameFrames()
    {
        if (Paths.Corpus is not { } corpus)
        {
            return; // the shared corpus is beside the checkout only in the development workspace
        }

        var a = ReadAll(File.ReadAllBytes(Path.Combine(corpus, "mysql", "mysql_cli_session.pcap")), out _);
        var b = ReadAll(File.ReadAllBytes(Path.Combine(corpus, "mysql", "mysql_cli_session.pcapng")), out _);
        Assert.Equal(26, a.Count);
        Assert.Equal(a.Count, b.Count);
        for (int i = 0; i < a.Count; i++)
        {
            Assert.Equal(a[i].TimestampNs, b[i].TimestampNs);
            Assert.Equal(a[i].Data.ToArray(), b[i].Data.ToArray());
        }
    }

    [Fact]
    public void ReadingRecords_AllocatesNothingPerRecord()
    {
        var b = new PcapBuilder(LinkType.Ethernet);
        for (int i = 0; i < 20_000; i++)
        {
            b.Add(i * 1000L, s_frameA);
        }

        byte[] file = b.ToArray();
        // The least of three passes: the runtime's tiered compilation sometimes allocates a few KB on this
        // thread while a pass runs (it did in about one run in three); an allocation per record would show
        // in every pass (19 KB even at one byte a record).
        long least = long.MaxValue;
        for (int pass = 0; pass < 3; pass++)
        {
            Assert.True(CaptureFile.TryOpen(new MemoryStream(file), "x", true, out var src, out _));
            for (int i = 0; i < 1000; i++)
            {
                src!.TryRead(out _);
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            int n = 0;
            while (src!.TryRead(out _))
            {
                n++;
            }

            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.Equal(19_000, n);
        }

        Assert.True(least < 1024, $"{least} bytes for 19000 records");
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
