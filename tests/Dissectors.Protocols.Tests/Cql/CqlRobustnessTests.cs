using System.Buffers.Binary;
using System.Diagnostics;
using Dissectors.Core.Capture;
using Dissectors.Testing;
using static Dissectors.Protocols.Tests.Cql.Cql;

namespace Dissectors.Protocols.Tests.Cql;

/// <summary>Bad input: garbage, impossible lengths, seeded mutations. Nothing throws, the stream resynchronises.</summary>
public class CqlRobustnessTests
{
    /// <summary>Iterations per seeded run; set CQL_FUZZ_ITERATIONS for long local runs.</summary>
    private static int Iterations => int.TryParse(Environment.GetEnvironmentVariable("CQL_FUZZ_ITERATIONS"), out int n) ? n : 60;

    [Fact]
    public void AbsurdLength_ShowsTheHeaderWithAnExpertItem_AndResyncsOnTheNextFrame()
    {
        var flow = Flow();
        flow.Send(true, Concat(
            H("04 00 0001 07 7fffffff"),        // QUERY claiming a 2 GiB body
            H("5a5a5a5a5a5a5a5a5a5a5a5a"),     // garbage
            Request(4, 2, 0x05, [])));          // then a real OPTIONS
        var h = new CqlHarness();
        var f = h.Run(flow.Frames)[^1];
        Assert.True(f.Has("cql.envelope.too_large"));
        Assert.Equal(["1", "2"], f.Values("cql.stream"));
        Assert.Contains("[impossible length]", f.Info, StringComparison.Ordinal);
        Assert.Equal(0, h.DissectorBugs);
    }

    [Fact]
    public void GarbageAtTheStartOfAMidStreamCapture_IsSkippedToTheFirstPlausibleHeader()
    {
        var flow = new TcpFlowBuilder(clientPort: 40000, serverPort: Port);   // no handshake
        flow.Send(true, Concat(H("ff 13 37 00 42 17 99"), Request(4, 5, 0x07, Concat(LongStr("SELECT 1"), H("0001 00")))));
        var h = new CqlHarness();
        var f = h.Run(flow.Frames)[^1];
        Assert.Equal("SELECT 1", f.Value("cql.query"));
        Assert.True(f.Has("data"));
    }

    [Fact]
    public void HugeButLegalLength_IsSkippedWithinTheReassemblyBudget()
    {
        var flow = Flow();
        flow.Send(false, H("84 00 0001 08 0c000000"));     // a 192 MiB RESULT: over the per-stream budget
        for (int i = 0; i < 20; i++)
        {
            flow.Send(false, new byte[50_000]);
        }

        var h = new CqlHarness();
        long before = GC.GetAllocatedBytesForCurrentThread();
        h.Run(flow.Frames, snapshot: false);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, h.DissectorBugs);
        Assert.True(allocated < 32L * 1024 * 1024, $"{allocated} bytes");
    }

    /// <summary>A session that touches every parser: v4 plain, v4 LZ4, v5 segments.</summary>
    private static List<(bool FromClient, byte[] Bytes)> RichSession(bool v5)
    {
        var rows = Concat(Int(2), Int(1), Int(4), Str("ks"), Str("t"),
            Str("a"), H("0009"), Str("b"), H("0020 000d"), Str("c"), H("0021 000d 0009"), Str("d"), Concat(H("0030"), Str("ks"), Str("u"), Short(1), Str("f"), H("000e")),
            Int(2),
            Bytes(Int(1)), Bytes(Concat(Int(1), Bytes("x"u8))), Bytes(Concat(Int(1), Bytes("k"u8), Bytes(Int(3)))), Bytes(Concat(Bytes(H("ff7f")))),
            Null, Null, Null, Null);
        var prepared = Concat(Int(4), ShortBytes(H("abcd")), Int(1), Int(1), Int(1), Short(0), Str("ks"), Str("t"), Str("a"), H("0009"), Int(4), Int(0));
        int v = v5 ? 5 : 4;
        var messages = new List<(bool, byte[])>
        {
            (true, Request(v, 0, 0x01, StringMap(("CQL_VERSION", "3.0.0")))),
            (false, Response(v, 0, 0x02, [])),
        };
        var envelopes = new List<(bool, byte[])>
        {
            (true, Request(v, 1, 0x07, Concat(LongStr("SELECT * FROM ks.t"), H("0001"), v5 ? Int(0x04) : [0x04], Int(5000)))),
            (false, Response(v, 1, 0x08, rows)),
            (true, Request(v, 2, 0x09, LongStr("SELECT * FROM ks.t WHERE a = ?"))),
            (false, Response(v, 2, 0x08, v5 ? Concat(Int(4), ShortBytes(H("abcd")), ShortBytes(H("01")), prepared[10..]) : prepared)),
            (true, Request(v, 3, 0x0A, Concat(ShortBytes(H("abcd")), v5 ? ShortBytes(H("01")) : [], H("0001"), v5 ? Int(1) : [0x01], Short(1), Bytes(Int(9))))),
            (false, Response(v, 3, 0x00, Concat(Int(0x1100), Str("timeout"), H("0004 00000001 00000002"), Str("SIMPLE")))),
            (false, Response(v, -1, 0x0C, Concat(Str("SCHEMA_CHANGE"), Str("DROPPED"), Str("KEYSPACE"), Str("ks")))),
            (true, Request(v, 4, 0x0D, Concat([0x01], Short(1), [0x00], LongStr("INSERT"), Short(0), H("0001"), v5 ? Int(0) : [0x00]))),
        };
        if (v5)
        {
            var payload = envelopes.Where(e => e.Item1).SelectMany(e => e.Item2).ToArray();
            var back = envelopes.Where(e => !e.Item1).SelectMany(e => e.Item2).ToArray();
            messages.Add((true, Segment(payload)));
            messages.Add((false, Segment(back.AsSpan(0, back.Length / 2), selfContained: false)));
            messages.Add((false, Segment(back.AsSpan(back.Length / 2), selfContained: false)));
        }
        else
        {
            messages.AddRange(envelopes);
            messages.Add((true, Request(4, 5, 0x07, Lz4Body(Concat(LongStr("SELECT compressed"), H("0001 00"))), flags: 0x01)));
        }

        return messages;
    }

    [Fact]
    public void RichSessions_DissectCleanly()
    {
        foreach (bool v5 in new[] { false, true })
        {
            var h = new CqlHarness();
            var frames = CqlMessageTests.Exchange(h, [.. RichSession(v5)]);
            var experts = frames.SelectMany(f => f.Fields.Where(x => x.Field == "_ws.expert.message").Select(x => $"#{f.Number} {x.Value}"));
            Assert.True(h.MalformedCount == 0, string.Join("; ", experts));
            Assert.Contains(frames, f => f.Value("cql.varint.value") == "-129");
        }
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 2)]
    public void SeededMutations_OfRichSessions_NeverBreakTheDissector(bool v5, int seedBase)
    {
        var session = RichSession(v5);
        for (int i = 0; i < Iterations; i++)
        {
            int seed = (seedBase * 1_000_003) + i;
            var rnd = new Random(seed);
            var mutated = session.Select(m => (m.FromClient, Mutate(rnd, m.Bytes))).ToList();
            if (rnd.Next(4) == 0 && mutated.Count > 3)
            {
                // Drop, duplicate or swap whole segments.
                int k = rnd.Next(2, mutated.Count);
                switch (rnd.Next(3))
                {
                    case 0:
                        mutated.RemoveAt(k);
                        break;
                    case 1:
                        mutated.Insert(k, mutated[k]);
                        break;
                    default:
                        (mutated[k], mutated[k - 1]) = (mutated[k - 1], mutated[k]);
                        break;
                }
            }

            RunBudgeted(mutated, seed);
        }
    }

    [Fact]
    public void SeededMutations_OfTheCorpusCaptures_NeverBreakTheDissector()
    {
        if (Paths.Corpus is not { } corpus)
        {
            return;
        }

        foreach (var path in Directory.GetFiles(Path.Combine(corpus, "cql"), "*.pcap"))
        {
            var frames = ReadFrames(path);
            int rounds = Math.Max(2, Iterations / 20);
            for (int i = 0; i < rounds; i++)
            {
                int seed = (Path.GetFileName(path).GetHashCode(StringComparison.Ordinal) & 0xFFFF) * 100 + i;
                var rnd = new Random(seed);
                var mutated = frames.Select(f => f.Length > 54 && rnd.Next(8) == 0 ? MutateFrame(rnd, f) : f).ToList();
                var h = new CqlHarness(buildAll: rnd.Next(2) == 0);
                var sw = Stopwatch.StartNew();
                h.Run(mutated, snapshot: false);
                Assert.True(h.DissectorBugs == 0, $"dissector bug in {Path.GetFileName(path)} seed {seed}");
                Assert.True(sw.Elapsed < TimeSpan.FromSeconds(30), $"{Path.GetFileName(path)} seed {seed} took {sw.Elapsed}");
            }
        }
    }

    private static void RunBudgeted(List<(bool FromClient, byte[] Bytes)> messages, int seed)
    {
        var flow = Flow();
        foreach (var (c, b) in messages)
        {
            for (int off = 0; off < b.Length; off += 60_000)
            {
                flow.Send(c, b.AsSpan(off, Math.Min(60_000, b.Length - off)));
            }
        }

        var h = new CqlHarness(buildAll: (seed & 1) == 0);
        var sw = Stopwatch.StartNew();
        h.Run(flow.Frames, snapshot: (seed & 2) == 0);
        Assert.True(h.DissectorBugs == 0, $"dissector bug, seed {seed}");
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(10), $"seed {seed} took {sw.Elapsed}");
    }

    /// <summary>Flip bits, truncate, or inflate a length field.</summary>
    private static byte[] Mutate(Random rnd, byte[] bytes)
    {
        var b = (byte[])bytes.Clone();
        switch (rnd.Next(5))
        {
            case 0:
                return b;
            case 1:
                for (int n = rnd.Next(1, 4); n > 0 && b.Length > 0; n--)
                {
                    b[rnd.Next(b.Length)] ^= (byte)(1 << rnd.Next(8));
                }

                return b;
            case 2:
                return b.Length > 1 ? b[..rnd.Next(1, b.Length)] : b;
            case 3:
                if (b.Length >= 13)
                {
                    // A length somewhere inside: a frame length at 5, or a body field after the header.
                    int at = rnd.Next(2) == 0 ? 5 : rnd.Next(9, b.Length - 3);
                    BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(at), rnd.Next(3) switch { 0 => int.MaxValue, 1 => -3, _ => rnd.Next(0, 1 << 20) });
                }

                return b;
            default:
                if (b.Length > 0)
                {
                    b[rnd.Next(b.Length)] = (byte)rnd.Next(256);
                }

                return b;
        }
    }

    /// <summary>Mutates the TCP payload of an Ethernet/IPv4/TCP frame (headers left intact so it still reaches CQL).</summary>
    private static byte[] MutateFrame(Random rnd, byte[] frame)
    {
        var f = (byte[])frame.Clone();
        int ihl = (f[14] & 0x0F) * 4;
        int tcp = 14 + ihl;
        if (tcp + 13 >= f.Length)
        {
            return f;
        }

        int payload = tcp + ((f[tcp + 12] >> 4) * 4);
        for (int n = rnd.Next(1, 5); n > 0 && payload < f.Length; n--)
        {
            f[rnd.Next(payload, f.Length)] ^= (byte)(1 << rnd.Next(8));
        }

        return f;
    }

    internal static List<byte[]> ReadFrames(string path)
    {
        Assert.True(CaptureFile.TryOpen(path, out var source, out string error), error);
        var frames = new List<byte[]>();
        using (source)
        {
            while (source!.TryRead(out CaptureRecord rec))
            {
                frames.Add(rec.Data.ToArray());
            }
        }

        return frames;
    }
}
