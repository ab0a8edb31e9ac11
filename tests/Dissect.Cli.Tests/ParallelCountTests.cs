using System.Buffers.Binary;
using System.Text;
using Dissect.Cli.Commands;
using Dissectors.Core.Capture;
using Dissectors.Core.Pipeline;
using Dissectors.Testing;

namespace Dissect.Cli.Tests;

/// <summary>
/// <c>--count</c> split between threads by conversation must print, report and exit exactly as one thread
/// does, and must really split: the expected answer of every case is the single-threaded run's, and a
/// counter of finished split runs shows the split was taken (or, for IP fragments, given up).
/// </summary>
public sealed class ParallelCountTests
{
    private static readonly string[] SampleFilters =
    [
        "tcp", "not tcp", "tcp.len > 0", "tcp.port == 3306", "tcp.port == 3301 or tcp.port == 3302", "tcp.flags.syn == 1 and tcp.flags.ack == 0",
        "tcp.flags.reset == 1", "tcp.analysis.retransmission", "tcp.analysis.bytes_in_flight > 100", "tcp.analysis.ack_rtt > 0.0001",
        "tcp.time_delta > 0.1", "tcp.time_relative > 1", "frame.time_relative > 1", "frame.time_delta < 0.0005", "frame.number > 10",
        "mysql", "mysql.command == \"Query\"", "mysql.query contains \"SELECT\"", "mysql.response_time > 0.0001", "tarantool",
        "tarantool.request_type == 1", "_ws.malformed", "_ws.expert", "cql", "cql.opcode == QUERY", "tcp.stream == 1",
        "frame.time_delta_displayed > 0",
    ];

    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string>();
        foreach (string f in Directory.GetFiles(Paths.Samples, "*.pcap").Order())
        {
            data.Add(Path.GetFileName(f));
        }

        return data;
    }

    public static TheoryData<string> CorpusFilterLists()
    {
        var data = new TheoryData<string>();
        if (Paths.Corpus is { } corpus)
        {
            foreach (string f in Directory.GetFiles(corpus, "*filters.tsv", SearchOption.AllDirectories).Order())
            {
                data.Add(Path.GetRelativePath(corpus, f));
            }
        }
        else
        {
            data.Add("");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Sample_CountsTheSameOnOneThreadAndSplit(string sample)
    {
        string path = Paths.Sample(sample);
        int before = ParallelCount.FinishedSplits;
        foreach (string filter in SampleFilters)
        {
            AssertSame(path, "-Y", filter);
        }

        // No filter: with --strict every frame is dissected (and damage fails the run) instead of just counted.
        AssertSame(path, "--strict");

        // tcp_edge_cases.pcap carries IP fragments: every split of it stops and one thread counts.
        if (sample != "tcp_edge_cases.pcap")
        {
            Assert.True(ParallelCount.FinishedSplits > before, $"no count of {sample} was split between threads");
        }
    }

    [CorpusTheory("cql")]
    [MemberData(nameof(CorpusFilterLists))]
    public void CorpusFilters_CountTheSameOnOneThreadAndSplit(string list)
    {
        string tsv = Path.Combine(Paths.Corpus!, list);
        string capture = tsv[..tsv.LastIndexOf(".pcap", StringComparison.Ordinal)] + (tsv.Contains(".pcapng.", StringComparison.Ordinal) ? ".pcapng" : ".pcap");
        Assert.True(File.Exists(capture), capture);
        int before = ParallelCount.FinishedSplits;
        foreach (string line in File.ReadLines(tsv))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            AssertSame(capture, "-Y", line.Split('\t')[0]);
        }

        Assert.True(ParallelCount.FinishedSplits > before, $"no count of {list} was split between threads");
    }

    [Fact]
    public void ManyConversations_EveryWorkerCountsItsShare_AndTheTotalIsRight()
    {
        // 60 connections, each: handshake, 3 exchanges. 9 frames each, 540 in all; payload frames 6 per connection.
        var b = new PcapBuilder(LinkType.Ethernet);
        var flows = new List<TcpFlowBuilder>();
        for (int i = 0; i < 60; i++)
        {
            var f = new TcpFlowBuilder(clientPort: (ushort)(40000 + i), serverPort: 9999).Handshake();
            for (int x = 0; x < 3; x++)
            {
                f.Send(true, Encoding.ASCII.GetBytes($"request {x}"));
                f.Send(false, Encoding.ASCII.GetBytes($"response {x} with more"));
            }

            flows.Add(f);
        }

        long ns = TestCaptures.StartNs;
        for (int k = 0; k < flows[0].Frames.Count; k++)
        {
            foreach (var f in flows)
            {
                b.Add(ns += 1000, f.Frames[k]);
            }
        }

        using var dir = new TempDir();
        string path = dir.Write("many.pcap", b.ToArray());
        foreach (string threads in new[] { "1", "2", "3", "4" })
        {
            Assert.Equal("360\n", Encoding.ASCII.GetString(CliRunner.Run(path, "-Y", "tcp.len > 0", "--count", "--threads", threads).Stdout));
            Assert.Equal("60\n", Encoding.ASCII.GetString(CliRunner.Run(path, "-Y", "tcp.flags.syn == 1 and tcp.flags.ack == 0", "--count", "--threads", threads).Stdout));
            Assert.Equal("540\n", Encoding.ASCII.GetString(CliRunner.Run(path, "-Y", "frame.number <= 540", "--count", "--threads", threads).Stdout));
        }
    }

    [Fact]
    public void ACaptureOfManyBlocks_IsSplitThroughTheBlockIndexes_AndCountsAsOneThread()
    {
        // About 6 MB: 300 interleaved connections (so every block holds frames of every worker), payloads of 0
        // to 40,000 bytes (records straddle the 1 MiB shared blocks at every kind of offset), frames of no flow
        // (worker 0's), timestamps close enough for frame.time_delta filters and some retransmissions.
        var rng = new Random(31);
        var b = new PcapBuilder(LinkType.Ethernet);
        var flows = Enumerable.Range(0, 300).Select(i => new TcpFlowBuilder(clientPort: (ushort)(20000 + i), serverPort: (ushort)(i % 3 == 0 ? 9042 : 3306)).Handshake()).ToList();
        long ns = TestCaptures.StartNs;
        foreach (var f in flows)
        {
            foreach (var frame in f.Frames)
            {
                b.Add(ns += 1000, frame);
            }
        }

        long bytes = 0;
        while (bytes < 6_000_000)
        {
            ns += 1 + rng.Next(3000);
            int kind = rng.Next(1000);
            byte[] frame;
            if (kind < 20)
            {
                frame = new byte[60 + rng.Next(100)];
                rng.NextBytes(frame);
                frame[12] = 0x08;
                frame[13] = 0x06;
            }
            else
            {
                var f = flows[rng.Next(flows.Count)];
                var payload = new byte[kind < 900 ? rng.Next(800) : kind < 995 ? rng.Next(9000) : 20_000 + rng.Next(20_000)];
                rng.NextBytes(payload);
                frame = f.Send(rng.Next(2) == 0, payload);
                if (kind % 50 == 0)
                {
                    b.Add(ns, frame);
                    ns += 500_000;
                }
            }

            b.Add(ns, frame);
            bytes += frame.Length + 16;
        }

        using var dir = new TempDir();
        string path = dir.Write("blocks.pcap", b.ToArray());
        long runs = ParallelCount.IndexedRuns;
        int splits = ParallelCount.FinishedSplits;
        foreach (string filter in new[]
        {
            "tcp.len > 0", "not tcp", "tcp.port == 9042", "tcp.flags.syn == 1", "tcp.analysis.retransmission", "frame.time_delta > 0.000002",
            "frame.time_relative > 1", "tcp.time_delta > 0.01", "frame.number > 4000 and tcp.len > 100", "frame.len > 20000", "_ws.expert",
        })
        {
            AssertSame(path, "-Y", filter);
        }

        Assert.True(ParallelCount.FinishedSplits > splits, "no count was split");
        Assert.True(ParallelCount.IndexedRuns > runs, "no worker read a block index");
    }

    [Fact]
    public void IPFragments_StopTheSplit_AndOneThreadCountsThemRight()
    {
        var flow = new TcpFlowBuilder().Handshake();
        flow.Send(true, Encoding.ASCII.GetBytes("a request that will travel in two IP fragments"));
        flow.Send(false, Encoding.ASCII.GetBytes("a response"));
        var frames = new List<byte[]>(flow.Frames);
        byte[] whole = frames[3];
        frames.RemoveAt(3);
        var (first, second) = Fragment(whole, 24);
        frames.Insert(3, first);
        frames.Insert(4, second);
        using var dir = new TempDir();
        string path = dir.Write("fragments.pcap", TestCaptures.Pcap(frames, out _));

        int before = ParallelCount.FinishedSplits;
        var one = CliRunner.Run(path, "-Y", "tcp.len > 0", "--count", "--threads", "1");
        var split = CliRunner.Run(path, "-Y", "tcp.len > 0", "--count", "--threads", "2");
        Assert.Equal("2\n", Encoding.ASCII.GetString(one.Stdout));
        Assert.Equal(one.Stdout, split.Stdout);
        Assert.Equal(one.Stderr, split.Stderr);
        Assert.Equal(one.ExitCode, split.ExitCode);
        Assert.Equal(before, ParallelCount.FinishedSplits);
    }

    [Fact]
    public void FlowHashes_AreSplitEvenlyBetweenWorkers()
    {
        // 30,000 random 64-bit hashes: every worker gets its share, within 5%.
        var rng = new Random(7);
        var bytes = new byte[8];
        foreach (int workers in new[] { 2, 3, 4 })
        {
            var shares = new int[workers];
            for (int i = 0; i < 30_000; i++)
            {
                rng.NextBytes(bytes);
                int owner = FlowShard.OwnerOf(BinaryPrimitives.ReadUInt64LittleEndian(bytes), workers);
                Assert.InRange(owner, 0, workers - 1);
                shares[owner]++;
            }

            foreach (int n in shares)
            {
                Assert.InRange(n, 30_000 / workers * 95 / 100, 30_000 / workers * 105 / 100);
            }
        }

        Assert.Equal(0, FlowShard.OwnerOf(0, 2));
        Assert.Equal(1, FlowShard.OwnerOf(ulong.MaxValue, 2));
        Assert.Equal(3, FlowShard.OwnerOf(ulong.MaxValue, 4));
    }

    /// <summary>A capture of about 5 MB: 40 connections, each sending frames of <paramref name="payload"/> bytes.</summary>
    private static string FiveMegabytes(TempDir dir, string name, int payload)
    {
        var b = new PcapBuilder(LinkType.Ethernet);
        long ns = TestCaptures.StartNs;
        var body = new byte[payload];
        int perFlow = 5_000_000 / 40 / (payload + 54) + 1;
        for (int i = 0; i < 40; i++)
        {
            var f = new TcpFlowBuilder(clientPort: (ushort)(41000 + i), serverPort: 9999).Handshake();
            for (int k = 0; k < perFlow; k++)
            {
                f.Send(k % 2 == 0, body);
            }

            foreach (var frame in f.Frames)
            {
                b.Add(ns += 1000, frame);
            }
        }

        return dir.Write(name, b.ToArray());
    }

    [Fact]
    public void LargeFrames_AreCountedOnOneThreadUnlessThreadsAreAskedFor()
    {
        using var dir = new TempDir();
        string large = FiveMegabytes(dir, "large.pcap", 9000);
        string small = FiveMegabytes(dir, "small.pcap", 300);
        static long Mean(string path)
        {
            Assert.True(ParallelCount.Probe(path, 1 << 20, out _, out long mean));
            return mean;
        }

        Assert.True(Mean(large) >= ParallelCount.LargeFrames);
        Assert.True(Mean(small) < 1000);
        // pcapng is not sampled (its records are blocks of several kinds): unknown, so the split is not refused.
        string ng = dir.Write("large.pcapng", new PcapngBuilder().Interface(LinkType.Ethernet).Enhanced(0, 1, new byte[9000]).Enhanced(0, 2, new byte[9000]).ToArray());
        Assert.True(File.Exists(ng));
        Assert.Equal(0, Mean(ng));

        string expected = Encoding.ASCII.GetString(CliRunner.Run(large, "-Y", "tcp.len > 0", "--count", "--threads", "1").Stdout);
        int before = ParallelCount.FinishedSplits;
        Assert.Equal(expected, Encoding.ASCII.GetString(CliRunner.Run(large, "-Y", "tcp.len > 0", "--count").Stdout));
        Assert.Equal(before, ParallelCount.FinishedSplits);
        Assert.Equal(expected, Encoding.ASCII.GetString(CliRunner.Run(large, "-Y", "tcp.len > 0", "--count", "--threads", "2").Stdout));
        Assert.Equal(before + 1, ParallelCount.FinishedSplits);

        if (Environment.ProcessorCount >= 2)
        {
            // Small frames of a file this size are split by default.
            CliRunner.Run(small, "-Y", "tcp.len > 0", "--count");
            Assert.Equal(before + 2, ParallelCount.FinishedSplits);
        }
    }

    [Fact]
    public void ThreadsOutOfRange_IsAUsageError()
    {
        var r = CliRunner.Run(Paths.Sample("tcp_edge_cases.pcap"), "--count", "--threads", "0");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--threads", r.Stderr, StringComparison.Ordinal);
    }

    /// <summary>One thread against two and three (conversations split differently between them).</summary>
    private static void AssertSame(string path, params string[] options)
    {
        var one = CliRunner.Run([path, .. options, "--count", "--threads", "1"]);
        foreach (string threads in new[] { "2", "3" })
        {
            var split = CliRunner.Run([path, .. options, "--count", "--threads", threads]);
            string what = $"{Path.GetFileName(path)} {string.Join(' ', options)} ({threads} threads)";
            Assert.True(one.Stdout.AsSpan().SequenceEqual(split.Stdout), $"{what}: one thread {Encoding.ASCII.GetString(one.Stdout).Trim()}, split {Encoding.ASCII.GetString(split.Stdout).Trim()}");
            Assert.True(one.Stderr == split.Stderr, $"{what}: stderr differs:\n{one.Stderr}\n---\n{split.Stderr}");
            Assert.True(one.ExitCode == split.ExitCode, $"{what}: exit {one.ExitCode} vs {split.ExitCode}");
        }
    }

    /// <summary>Splits an Ethernet/IPv4 frame's IP payload at <paramref name="at"/> (a multiple of 8) into two fragments.</summary>
    private static (byte[] First, byte[] Second) Fragment(byte[] frame, int at)
    {
        const int ip = 14;
        byte[] payload = frame[(ip + 20)..];
        byte[] Make(ReadOnlySpan<byte> part, int offset, bool more)
        {
            var f = new byte[ip + 20 + part.Length];
            frame.AsSpan(0, ip + 20).CopyTo(f);
            part.CopyTo(f.AsSpan(ip + 20));
            BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(ip + 2), (ushort)(20 + part.Length));
            BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(ip + 6), (ushort)((more ? 0x2000 : 0) | (offset / 8)));
            BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(ip + 10), 0);
            uint sum = 0;
            for (int i = 0; i < 20; i += 2)
            {
                sum += BinaryPrimitives.ReadUInt16BigEndian(f.AsSpan(ip + i));
            }

            while (sum >> 16 != 0)
            {
                sum = (sum & 0xFFFF) + (sum >> 16);
            }

            BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(ip + 10), (ushort)~sum);
            return f;
        }

        return (Make(payload.AsSpan(0, at), 0, true), Make(payload.AsSpan(at), at, false));
    }
}
