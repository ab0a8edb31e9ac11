using System.Buffers.Binary;
using System.Diagnostics;
using Dissectors.Protocols.Tests.Cql;
using Dissectors.Testing;
using static Dissectors.Protocols.Tests.Scylla.Rpc;

namespace Dissectors.Protocols.Tests.Scylla;

/// <summary>Bad input: garbage, lying lengths, truncated negotiation, unknown features, bombs, seeded mutations.</summary>
public class ScyllaRobustnessTests
{
    private static int Iterations => int.TryParse(Environment.GetEnvironmentVariable("DISSECT_FUZZ_ITERATIONS"), out int n) ? n : 40;

    private static TcpFlowBuilder Negotiated()
    {
        var (c, s) = TimeoutNegotiation();
        var flow = Flow();
        flow.Send(true, c);
        flow.Send(false, s);
        return flow;
    }

    [Fact]
    public void AbsurdLength_IsFlagged_AndTheStreamResyncsOnTheNextRequest()
    {
        var flow = Negotiated();
        flow.Send(true, H("""
            e8 03 00 00 00 00 00 00    # timeout
            01 00 00 00 00 00 00 00    # verb MUTATION
            01 00 00 00 00 00 00 00    # msg id 1
            ff ff ff 7f                # length 2 GiB: impossible
            """));
        flow.Send(true, [.. H("de ad be ef"), .. Request(9, 2, [1])]);
        var h = new ScyllaHarness();
        var frames = h.Run(flow.Frames);
        Assert.True(frames[^2].Has("scylla.length_too_large"));
        Assert.Equal("9", frames[^1].Value("scylla.verb"));
        Assert.Equal("2", frames[^1].Value("scylla.msg_id"));
        Assert.Equal(0, h.DissectorBugs);
    }

    [Fact]
    public void LostSegmentInsideA200KBMutation_ResyncsOnTheNextRequest()
    {
        var flow = Negotiated();
        var big = Request(1, 1, new byte[200 * 1024]);
        int dropAt = -1;
        for (int off = 0; off < big.Length; off += 1400)
        {
            flow.Send(true, big.AsSpan(off, Math.Min(1400, big.Length - off)));
            if (off == 100 * 1400)
            {
                dropAt = flow.Frames.Count - 1;
            }
        }

        flow.Send(true, Request(9, 2, [1, 2]));
        flow.Send(false, Response(2, [3]));
        flow.Frames.RemoveAt(dropAt);
        var h = new ScyllaHarness();
        var frames = h.Run(flow.Frames);
        Assert.Equal(0, h.DissectorBugs);
        // The lost bytes are known lost once the peer acknowledges them, so both messages land in that frame.
        Assert.Contains(frames, f => f.Info.Contains("Request GOSSIP_ECHO (msg_id=2)", StringComparison.Ordinal));
        Assert.Contains(frames, f => f.Info.Contains("Response for GOSSIP_ECHO (msg_id=2)", StringComparison.Ordinal));
    }

    [Fact]
    public void Garbage_OnPort7000_DoesNotCrash()
    {
        var flow = MidConnection();
        var rnd = new Random(7);
        for (int i = 0; i < 20; i++)
        {
            var b = new byte[rnd.Next(1, 1400)];
            rnd.NextBytes(b);
            flow.Send(rnd.Next(2) == 0, b);
        }

        var h = new ScyllaHarness();
        h.Run(flow.Frames);
        Assert.Equal(0, h.DissectorBugs);
    }

    [Fact]
    public void TruncatedNegotiation_AndUnknownFeature_AreExpertItems()
    {
        var flow = Flow();
        flow.Send(true, H("""
            53 53 54 41 52 52 50 43    # magic
            14 00 00 00                # length 20
            09 00 00 00                # feature 9: unknown
            00 00 00 00                #   length 0
            04 00 00 00                # feature 4 ISOLATION
            40 00 00 00                #   length 64: more than is left
            00 00 00 00
            """));
        var f = new ScyllaHarness().Run(flow.Frames)[^1];
        Assert.True(f.Has("scylla.negotiation.unknown_feature"));
        Assert.True(f.Has("scylla.truncated"));
    }

    [Fact]
    public void TruncatedMutationBody_IsMalformed_NotACrash()
    {
        var flow = Negotiated();
        flow.Send(true, Request(1, 1, H("""
            3b 00 00 00                # size1
            37 00 00 00                # size2
            ea 11 0f                   # table id cut short
            """)));
        flow.Send(true, Request(1, 2, [.. U32(0), .. U32(0), .. new byte[32], .. U32(0), .. U32(0x7fff_ffff)]));  // 2^31 keys, no bytes
        var h = new ScyllaHarness();
        var frames = h.Run(flow.Frames);
        Assert.True(frames[^2].Has("scylla.truncated"));
        Assert.True(frames[^1].Has("scylla.truncated"));
        Assert.Equal(0, h.DissectorBugs);
    }

    [Fact]
    public void DecompressionBomb_IsRefusedBeforeAllocating()
    {
        var flow = Flow();
        flow.Send(true, Negotiation(Feature(0, Str("LZ4")), Feature(1, [])));
        flow.Send(false, Negotiation(Feature(0, Str("LZ4")), Feature(1, [])));
        byte[] body = [.. U32(0x7000_0000), 0x00];   // claims 1.75 GiB from one byte
        flow.Send(true, [.. U32((uint)body.Length), .. body]);
        var h = new ScyllaHarness();
        var f = h.Run(flow.Frames)[^1];
        Assert.True(f.Has("scylla.decompression_refused"));
        Assert.Equal(0, h.DissectorBugs);
    }

    [Fact]
    public void ScyllaV3_IsShownCompressedWithItsAlgorithmByte()
    {
        var flow = Flow();
        flow.Send(true, Negotiation(Feature(0, Str("SCYLLA_V3,LZ4_FRAGMENTED,LZ4")), Feature(1, [])));
        flow.Send(false, Negotiation(Feature(0, Str("SCYLLA_V3")), Feature(1, [])));
        flow.Send(true, H("""
            03 00 00 00                # compressed frame length 3
            02                         # algorithm 2 zstd
            aa bb                      # zstd data (dictionary not on the wire)
            """));
        var f = new ScyllaHarness().Run(flow.Frames)[^1];
        Assert.Equal("2", f.Value("scylla.compressed.v3_algorithm"));
        Assert.Equal("aabb", f.Value("scylla.compressed.data"));
        Assert.True(f.Has("scylla.compressed.not_decoded"));
    }

    [Fact]
    public void SeededMutations_OfTheCorpusCaptures_NeverBreakTheDissector()
    {
        if (Paths.Corpus is not { } corpus)
        {
            return;
        }

        foreach (var path in Directory.GetFiles(Path.Combine(corpus, "scylla"), "*.pcap"))
        {
            var frames = CqlRobustnessTests.ReadFrames(path);
            for (int i = 0; i < Iterations; i++)
            {
                int seed = (i * 7919) + Path.GetFileName(path).Length;
                var rnd = new Random(seed);
                var mutated = frames.Select(f => f.Length > 54 && rnd.Next(6) == 0 ? MutateFrame(rnd, f) : f)
                    .Where(_ => rnd.Next(30) != 0).ToList();
                var h = new ScyllaHarness(buildAll: rnd.Next(2) == 0);
                var sw = Stopwatch.StartNew();
                h.Run(mutated, snapshot: false);
                Assert.True(h.DissectorBugs == 0, $"dissector bug in {Path.GetFileName(path)} seed {seed}");
                Assert.True(sw.Elapsed < TimeSpan.FromSeconds(20), $"{Path.GetFileName(path)} seed {seed} took {sw.Elapsed}");
            }
        }
    }

    /// <summary>Flips bits or writes a lying length into the TCP payload (headers intact so it still reaches Scylla).</summary>
    private static byte[] MutateFrame(Random rnd, byte[] frame)
    {
        var f = (byte[])frame.Clone();
        int tcp = 14 + ((f[14] & 0x0F) * 4);
        if (tcp + 13 >= f.Length)
        {
            return f;
        }

        int payload = tcp + ((f[tcp + 12] >> 4) * 4);
        if (payload + 4 <= f.Length && rnd.Next(3) == 0)
        {
            int at = rnd.Next(payload, f.Length - 3);
            BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(at), rnd.Next(3) switch { 0 => uint.MaxValue, 1 => 0x7fff_ffff, _ => (uint)rnd.Next(0, 1 << 20) });
            return f;
        }

        for (int n = rnd.Next(1, 5); n > 0 && payload < f.Length; n--)
        {
            f[rnd.Next(payload, f.Length)] ^= (byte)(1 << rnd.Next(8));
        }

        return f;
    }
}
