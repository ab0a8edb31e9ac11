using System.Buffers.Binary;
using System.IO.Compression;
using Dissectors.Core.Capture;

namespace Dissect.Cli.Tests;

/// <summary>
/// Inputs that are not captures, or captures damaged in known ways, through the whole command: each run ends
/// with a clear message and the documented exit code, and every frame that can be read is still shown.
/// </summary>
/// <remarks>
/// Standard input ('-') is not covered: <c>CaptureFile.TryOpen</c> reads <c>Console.OpenStandardInput()</c>
/// itself, and <c>DissectApp.Run</c> takes no stdin stream, so an in-process test cannot replace it.
/// </remarks>
public sealed class BadInputTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    // ---- not a capture at all: exit 3 with one line naming the file --------------------------------

    [Fact]
    public void MissingFile_Exits3_AndNamesTheFile()
    {
        string path = Path.Combine(_dir.Path, "no-such-capture.pcap");
        var r = CliRun.Run(path);
        AssertBadInput(r, path, "doesn't exist");
    }

    [Fact]
    public void Directory_Exits3_AndSaysItIsADirectory()
    {
        var r = CliRun.Run(_dir.Path);
        AssertBadInput(r, _dir.Path, "is a directory");
    }

    [Fact]
    public void EmptyFile_Exits3_AndSaysItIsEmpty()
    {
        string path = _dir.Write("empty.pcap", []);
        var r = CliRun.Run(path);
        AssertBadInput(r, path, "is empty");
    }

    [Fact]
    public void TextFile_Exits3_AndSaysItIsNotACapture()
    {
        string path = _dir.Write("notes.txt", "This is a text file.\nIt is not a capture.\n"u8.ToArray());
        var r = CliRun.Run(path);
        AssertBadInput(r, path, "isn't a capture file");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void FileShorterThanAnyMagicNumber_Exits3_AndSaysItIsTooShort(int length)
    {
        string path = _dir.Write("tiny.pcap", new byte[length]);
        AssertBadInput(CliRun.Run(path), path, "too short");
    }

    [Theory]
    [InlineData(4)]
    [InlineData(23)]
    public void PcapFileHeaderCutShort_Exits3(int length)
    {
        byte[] pcap = TestCaptures.Pcap(TestCaptures.Frames(0));
        string path = _dir.Write("header.pcap", pcap[..length]);
        AssertBadInput(CliRun.Run(path), path, "file header is cut short");
    }

    [Theory]
    [InlineData(4)]
    [InlineData(15)]
    [InlineData(20)]
    public void PcapngSectionHeaderCutShort_Exits3(int length)
    {
        byte[] pcapng = TestCaptures.Pcapng(TestCaptures.Frames(0));
        string path = _dir.Write("header.pcapng", pcapng[..length]);
        AssertBadInput(CliRun.Run(path), path, "section header is cut short");
    }

    [Fact]
    public void PcapngWithABadByteOrderMagic_Exits3()
    {
        byte[] pcapng = TestCaptures.Pcapng(TestCaptures.Frames(1));
        pcapng[8] ^= 0xFF;
        string path = _dir.Write("bom.pcapng", pcapng);
        AssertBadInput(CliRun.Run(path), path, "byte-order magic");
    }

    [Fact]
    public void NotACapture_WithStrict_StillExits3()
    {
        string path = _dir.Write("notes.txt", "hello\n"u8.ToArray());
        AssertBadInput(CliRun.Run("--strict", path), path, "isn't a capture file");
    }

    [Fact]
    public void MissingFileAmongGoodOnes_ShowsTheGoodFrames_AndExits3()
    {
        var frames = TestCaptures.Frames();
        string good = _dir.Write("good.pcap", TestCaptures.Pcap(frames));
        string missing = Path.Combine(_dir.Path, "missing.pcap");
        var r = CliRun.Run(missing, good);
        Assert.Equal(ExitCodes.BadInput, r.ExitCode);
        Assert.Equal(frames.Count, FrameCounts.Summary(r.Stdout));
        Assert.Contains(missing, r.Stderr, StringComparison.Ordinal);
        AssertNoBug(r);
    }

    // ---- pcap record lengths that cannot be right -------------------------------------------------

    [Theory]
    [InlineData(false, 0xFFFF_FFF0u)]
    [InlineData(true, 0xFFFF_FFF0u)]
    [InlineData(false, CaptureLimits.MaxRecordLength + 1u)]
    [InlineData(false, 0x8000_0000u)]
    public void PcapRecordLengthOf4GB_KeepsEarlierFrames_AndWarns(bool bigEndian, uint inclLen)
    {
        var frames = TestCaptures.Frames();
        byte[] good = TestCaptures.Pcap(frames, bigEndian);
        byte[] bad = RecordHeader(bigEndian, inclLen, 60);
        byte[] trailing = TestCaptures.Pcap(frames, bigEndian)[24..]; // good records the reader must not trust any more
        string path = _dir.Write("4gb.pcap", [.. good, .. bad, .. new byte[60], .. trailing]);

        AssertDamageReported(path, frames.Count, $"claims {inclLen} bytes");
    }

    [Fact]
    public void PcapRecordLongerThanTheRestOfTheFile_KeepsEarlierFrames_AndWarns()
    {
        var frames = TestCaptures.Frames();
        byte[] good = TestCaptures.Pcap(frames);
        string path = _dir.Write("long.pcap", [.. good, .. RecordHeader(false, 1_000_000, 1_000_000), .. new byte[500]]);
        AssertDamageReported(path, frames.Count, "cut short in the middle of a packet");
    }

    [Theory]
    [InlineData(false, 0xFFFF_FFF0u)]
    [InlineData(false, 0x8000_0001u)]
    [InlineData(true, 0xFFFF_FFF0u)]
    public void OriginalLengthOver2GB_IsShownAsTsharkShowsIt_NeverNegative(bool pcapng, uint origLen)
    {
        // tshark 4.0 (wiretap keeps the length in a signed int) shows any orig_len past 2^31-1 as 2147483647
        // in the frame tree and in frame.len.
        var frames = TestCaptures.Frames(0);
        byte[] bytes;
        if (pcapng)
        {
            bytes = TestCaptures.Pcapng(frames, out var starts);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(starts[0] + 24), origLen); // EPB original length
        }
        else
        {
            bytes = TestCaptures.Pcap(frames, out var starts);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(starts[0] + 12), origLen); // orig_len
        }

        string path = _dir.Write(pcapng ? "orig.pcapng" : "orig.pcap", bytes);
        var r = CliRun.Run("-V", path);
        Assert.Equal(ExitCodes.Ok, r.ExitCode);
        Assert.Contains("Frame 1: 2147483647 bytes on wire", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("Frame Length: 2147483647 bytes", r.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(" -", r.Stdout.Split('\n')[0], StringComparison.Ordinal);
        Assert.Equal(frames.Count, FrameCounts.Verbose(r.Stdout));
        AssertNoBug(r);

        var fields = CliRun.Run("-T", "fields", "-e", "frame.len", "-e", "frame.cap_len", path);
        Assert.StartsWith($"2147483647\t{frames[0].Length}\n", fields.Stdout, StringComparison.Ordinal);
    }

    // ---- pcapng block lengths that cannot be right ------------------------------------------------

    [Theory]
    [InlineData(0u, false)]
    [InlineData(8u, false)]
    [InlineData(8u, true)]
    [InlineData(11u, false)]
    public void PcapngBlockLengthSmallerThanItsHeader_KeepsEarlierFrames_AndWarns(uint length, bool bigEndian)
    {
        AssertBadBlockLength(length, bigEndian, $"impossible length {length}");
    }

    [Theory]
    [InlineData(13u)]
    [InlineData(30u)]
    [InlineData(1023u)]
    public void PcapngBlockLengthNotAMultipleOf4_KeepsEarlierFrames_AndWarns(uint length)
    {
        AssertBadBlockLength(length, false, $"impossible length {length}");
    }

    [Theory]
    [InlineData(0xFFFF_FFF0u, "impossible length 4294967280")]
    [InlineData(CaptureLimits.MaxBlockLength + 4u, "impossible length")]
    [InlineData(1u << 20, "cut short in the middle of a packet")]
    public void PcapngHugeBlockLength_KeepsEarlierFrames_AndWarns(uint length, string warning)
    {
        AssertBadBlockLength(length, false, warning);
    }

    [Fact]
    public void PcapngPacketClaimingMoreBytesThanItsBlock_IsSkipped_AndLaterFramesAreShown()
    {
        var frames = TestCaptures.Frames();
        byte[] pcapng = TestCaptures.Pcapng(frames, out var starts);
        // EPB body: interface, ts high, ts low, captured length at body offset 12 (block offset 20).
        BinaryPrimitives.WriteUInt32LittleEndian(pcapng.AsSpan(starts[2] + 20), 10_000);
        string path = _dir.Write("epb.pcapng", pcapng);
        AssertDamageReported(path, frames.Count - 1, "claims 10000 captured bytes");
    }

    [Fact]
    public void PcapngSecondSectionWithAnImpossibleLength_KeepsTheFirstSection_AndWarns()
    {
        var frames = TestCaptures.Frames();
        byte[] first = TestCaptures.Pcapng(frames);
        byte[] second = TestCaptures.Pcapng(frames);
        BinaryPrimitives.WriteUInt32LittleEndian(second.AsSpan(4), 0xFFFF_FFF0);
        string path = _dir.Write("sections.pcapng", [.. first, .. second]);
        AssertDamageReported(path, frames.Count, "impossible length 4294967280");
    }

    // ---- a truncated last record: every complete frame shown -------------------------------------

    public static TheoryData<bool> BothByteOrders => new() { false, true };

    [Theory]
    [MemberData(nameof(BothByteOrders))]
    public void PcapTruncatedInsideTheLastRecord_ShowsEveryCompleteFrame_WhereverItIsCut(bool bigEndian)
    {
        var frames = TestCaptures.Frames();
        byte[] pcap = TestCaptures.Pcap(frames, out var starts, bigEndian);
        int last = starts[^2];
        foreach (int cut in CutsInside(last, pcap.Length, PcapLayout.RecordHeaderLength))
        {
            string path = _dir.Write($"cut{cut}.pcap", pcap[..cut]);
            string warning = cut - last < 16 ? "cut short in the middle of a packet header" : "cut short in the middle of a packet (record";
            AssertDamageReported(path, frames.Count - 1, warning, allModes: cut % 8 == 0, context: $"cut at {cut} (last record at {last})");
        }
    }

    [Theory]
    [MemberData(nameof(BothByteOrders))]
    public void PcapngTruncatedInsideTheLastBlock_ShowsEveryCompleteFrame_WhereverItIsCut(bool bigEndian)
    {
        var frames = TestCaptures.Frames();
        byte[] pcapng = TestCaptures.Pcapng(frames, out var starts, bigEndian);
        int last = starts[^2];
        foreach (int cut in CutsInside(last, pcapng.Length, 28))
        {
            string path = _dir.Write($"cut{cut}.pcapng", pcapng[..cut]);
            string warning = cut - last < 8 ? "cut short in the middle of a block header" : "cut short in the middle of a packet (block";
            AssertDamageReported(path, frames.Count - 1, warning, allModes: cut % 8 == 0, context: $"cut at {cut} (last block at {last})");
        }
    }

    [Fact]
    public void PcapngTruncatedInsideASecondSectionHeader_ShowsTheFirstSection_AndWarns()
    {
        var frames = TestCaptures.Frames();
        byte[] first = TestCaptures.Pcapng(frames);
        byte[] second = TestCaptures.Pcapng(frames);
        const int ShbLength = 28;
        for (int cut = 1; cut < ShbLength; cut++)
        {
            string path = _dir.Write($"shb{cut}.pcapng", [.. first, .. second[..cut]]);
            AssertDamageReported(path, frames.Count, "cut short", allModes: false, context: $"second section header cut after {cut} bytes");
        }
    }

    [Fact]
    public void PcapTruncatedAtARecordBoundary_IsComplete_AndNotDamage()
    {
        // The control for the tests above: a cut between records leaves a well-formed, shorter file.
        var frames = TestCaptures.Frames();
        byte[] pcap = TestCaptures.Pcap(frames, out var starts);
        string path = _dir.Write("boundary.pcap", pcap[..starts[^2]]);
        var r = CliRun.Run("--strict", path);
        Assert.Equal(ExitCodes.Ok, r.ExitCode);
        Assert.Equal(frames.Count - 1, FrameCounts.Summary(r.Stdout));
        Assert.Equal("", r.Stderr);
    }

    // ---- gzip ----------------------------------------------------------------------------------

    [Fact]
    public void TruncatedGzipCapture_ShowsEveryFrameThatDecompresses_AndWarns()
    {
        // Random payloads do not compress, so a cut in the compressed data lands inside a record.
        var rng = new Random(7);
        var frames = new List<byte[]>();
        for (int i = 0; i < 40; i++)
        {
            var payload = new byte[600];
            rng.NextBytes(payload);
            frames.Add(payload);
        }

        byte[] pcap = TestCaptures.Pcap(frames, out var starts);
        byte[] gz = Gzip(pcap);
        foreach (int percent in new[] { 10, 50, 90 })
        {
            int cut = gz.Length * percent / 100;
            int decompressed = DecompressedLength(gz[..cut]);
            int complete = starts.Count(s => s <= decompressed) - 1;
            Assert.True(complete > 0 && !starts.Contains(decompressed), $"precondition: the cut at {percent}% ends inside a record");
            string path = _dir.Write($"cut{percent}.pcap.gz", gz[..cut]);
            AssertDamageReported(path, complete, "cut short in the middle of a packet", allModes: true, context: $"gzip cut at {percent}%");
        }
    }

    [Fact(Skip = "Known gap: GZipStream ends a cut stream silently, so a gzip cut inside its 8-byte trailer "
        + "(or exactly at a record boundary) is not reported; needs our own CRC32/ISIZE trailer check per member.")]
    public void GzipCutInsideItsTrailer_ShowsEveryFrame_AndWarns()
    {
        var frames = TestCaptures.Frames();
        byte[] gz = Gzip(TestCaptures.Pcap(frames));
        string path = _dir.Write("trailer.pcap.gz", gz[..^5]);
        AssertDamageReported(path, frames.Count, "gzip");
    }

    [Fact]
    public void GzipOfGarbage_Exits3_AndSaysItIsNotACapture()
    {
        var garbage = new byte[5000];
        new Random(3).NextBytes(garbage);
        string path = _dir.Write("garbage.gz", Gzip(garbage));
        AssertBadInput(CliRun.Run(path), path, "isn't a capture file");
    }

    [Fact]
    public void GzipMagicFollowedByGarbage_Exits3_AndSaysTheCompressedDataIsDamaged()
    {
        var bytes = new byte[3000];
        new Random(4).NextBytes(bytes);
        bytes[0] = 0x1F;
        bytes[1] = 0x8B;
        bytes[2] = 8;
        bytes[3] = 0;
        string path = _dir.Write("damaged.gz", bytes);
        AssertBadInput(CliRun.Run(path), path, "compressed data is damaged");
    }

    [Fact]
    public void EmptyGzip_Exits3_AndSaysItIsEmpty()
    {
        string path = _dir.Write("empty.gz", Gzip([]));
        AssertBadInput(CliRun.Run(path), path, "is empty");
    }

    // ---- helpers -------------------------------------------------------------------------------

    /// <summary>Cut offsets inside the record at [<paramref name="start"/>, <paramref name="end"/>): every byte of
    /// its fixed header, then every 7th byte of its data, then its last byte.</summary>
    private static IEnumerable<int> CutsInside(int start, int end, int headerLength)
    {
        int cut = start + 1;
        for (; cut <= start + headerLength && cut < end; cut++)
        {
            yield return cut;
        }

        for (; cut < end - 1; cut += 7)
        {
            yield return cut;
        }

        yield return end - 1;
    }

    private void AssertBadBlockLength(uint length, bool bigEndian, string warning)
    {
        var frames = TestCaptures.Frames();
        byte[] good = TestCaptures.Pcapng(frames, bigEndian);
        var bad = new byte[16];
        WriteU32(bad, 0, 6, bigEndian);
        WriteU32(bad, 4, length, bigEndian);
        byte[] trailing = TestCaptures.Pcapng(frames, bigEndian);
        string path = _dir.Write("bad.pcapng", [.. good, .. bad, .. trailing]);
        AssertDamageReported(path, frames.Count, warning);
    }

    /// <summary>
    /// In every output mode: exit 0, exactly <paramref name="frames"/> frames shown, the warning and a damage
    /// summary on stderr; with --strict exit 4 (both with and without dissecting).
    /// </summary>
    private static void AssertDamageReported(string path, int frames, string warning, bool allModes = true, string context = "")
    {
        foreach (var mode in allModes ? FrameCounts.Modes : FrameCounts.Modes[..1])
        {
            var r = CliRun.Run([.. mode.Args, path], context, CliRun.DefaultBudget);
            Assert.True(r.ExitCode == ExitCodes.Ok, r.Describe(context));
            Assert.True(frames == mode.CountFrames(r.Stdout), $"{r.Describe(context)}\nexpected {frames} frames in:\n{r.Stdout}");
            Assert.True(r.Stderr.Contains(warning, StringComparison.Ordinal), r.Describe(context));
            Assert.True(r.Stderr.Contains($"damage: ", StringComparison.Ordinal) && r.Stderr.Contains($"; {frames} frames read", StringComparison.Ordinal), r.Describe(context));
            AssertNoBug(r, context);
        }

        foreach (string[] strict in new[] { new[] { "--strict", path }, ["--strict", "--count", path] })
        {
            var r = CliRun.Run(strict, context, CliRun.DefaultBudget);
            Assert.True(r.ExitCode == ExitCodes.Damage, r.Describe(context));
            Assert.True(r.Stderr.Contains(warning, StringComparison.Ordinal), r.Describe(context));
            int shown = strict.Contains("--count") ? FrameCounts.Count(r.Stdout) : FrameCounts.Summary(r.Stdout);
            Assert.True(frames == shown, r.Describe(context));
            AssertNoBug(r, context);
        }
    }

    private static void AssertBadInput(CliRunResult r, string path, string reason)
    {
        Assert.True(r.ExitCode == ExitCodes.BadInput, r.Describe());
        Assert.Equal("", r.Stdout);
        string line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("dissect: ", line, StringComparison.Ordinal);
        Assert.Contains(path, line, StringComparison.Ordinal);
        Assert.Contains(reason, line, StringComparison.Ordinal);
        AssertNoBug(r);
    }

    /// <summary>The last-resort guards must not have fired: they mean a bug, not bad input.</summary>
    internal static void AssertNoBug(CliRunResult r, string context = "")
    {
        Assert.False(r.Stderr.Contains("internal error", StringComparison.OrdinalIgnoreCase), r.Describe(context));
        Assert.False(r.Stderr.Contains("dissector bug", StringComparison.OrdinalIgnoreCase), r.Describe(context));
        Assert.False(r.Stdout.Contains("Dissector bug", StringComparison.OrdinalIgnoreCase), r.Describe(context));
    }

    private static byte[] RecordHeader(bool bigEndian, uint inclLen, uint origLen)
    {
        var h = new byte[16];
        WriteU32(h, 0, 1_700_000_001, bigEndian);
        WriteU32(h, 8, inclLen, bigEndian);
        WriteU32(h, 12, origLen, bigEndian);
        return h;
    }

    private static void WriteU32(byte[] b, int offset, uint v, bool bigEndian)
    {
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(offset), v);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(offset), v);
        }
    }

    private static byte[] Gzip(byte[] data)
    {
        var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
        {
            gz.Write(data);
        }

        return ms.ToArray();
    }

    /// <summary>How many bytes a (possibly cut) gzip stream yields before it ends or breaks.</summary>
    private static int DecompressedLength(byte[] gz)
    {
        using var z = new GZipStream(new MemoryStream(gz), CompressionMode.Decompress);
        var buf = new byte[65536];
        int total = 0;
        try
        {
            int n;
            while ((n = z.Read(buf)) > 0)
            {
                total += n;
            }
        }
        catch (InvalidDataException)
        {
            // Damaged data ends the stream, as it does for dissect.
        }

        return total;
    }
}
