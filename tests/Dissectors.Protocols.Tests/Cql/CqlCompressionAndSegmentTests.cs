using static Dissectors.Protocols.Tests.Cql.Cql;
using static Dissectors.Protocols.Tests.Cql.CqlMessageTests;

namespace Dissectors.Protocols.Tests.Cql;

/// <summary>v3/v4 compressed bodies (LZ4, Snappy) and v5 segment framing (§2 of native_protocol_v5.spec).</summary>
public class CqlCompressionAndSegmentTests
{
    private static readonly byte[] QueryBody = Concat(LongStr("SELECT * FROM ks.t WHERE pk = 'compressed compressed compressed'"), H("0001 00"));

    private static byte[] Startup(int version, string? compression) => Request(version, 0, 0x01,
        compression is null ? StringMap(("CQL_VERSION", "3.0.0")) : StringMap(("CQL_VERSION", "3.0.0"), ("COMPRESSION", compression)));

    [Fact]
    public void Lz4Body_AfterStartupLz4()
    {
        var frames = Exchange(
            (true, Startup(4, "lz4")),
            (false, Response(4, 0, 0x02, [])),
            (true, Request(4, 1, 0x07, Lz4Body(QueryBody), flags: 0x01)));
        var f = frames[2];
        Assert.Equal("1", f.Value("cql.flags.compression"));
        Assert.Equal("SELECT * FROM ks.t WHERE pk = 'compressed compressed compressed'", f.Value("cql.query"));
        Assert.Equal("0x0001", f.Value("cql.consistency"));
        Assert.False(f.Has("cql.raw_compressed_bytes"));
    }

    [Fact]
    public void SnappyBody_AfterStartupSnappy()
    {
        var f = Exchange(
            (true, Startup(4, "snappy")),
            (true, Request(4, 1, 0x07, SnappyBody(QueryBody), flags: 0x01)))[1];
        Assert.Equal("SELECT * FROM ks.t WHERE pk = 'compressed compressed compressed'", f.Value("cql.string"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void CompressionIsInferred_WhenTheStartupWasNotCaptured(bool lz4)
    {
        var body = lz4 ? Lz4Body(QueryBody) : SnappyBody(QueryBody);
        var f = Exchange((true, Request(4, 1, 0x07, body, flags: 0x01)))[0];
        Assert.Equal("0x0001", f.Value("cql.consistency"));
    }

    [Fact]
    public void CorruptCompressedBody_ShowsRawBytesAndAnExpertItem()
    {
        var body = Lz4Body(QueryBody);
        for (int i = 6; i < body.Length; i += 2)
        {
            body[i] ^= 0x5A;
        }

        var h = new CqlHarness();
        var frames = Exchange(h, (true, Startup(4, "lz4")), (true, Request(4, 1, 0x07, body, flags: 0x01)), (true, Request(4, 2, 0x05, [])));
        Assert.True(frames[1].Has("cql.raw_compressed_bytes"));
        Assert.True(frames[1].Has("cql.decompression_failed"));
        Assert.Equal("5", frames[2].Value("cql.opcode"));
    }

    [Fact]
    public void DecompressionBomb_IsRefusedBeforeAllocating()
    {
        // LZ4: declares 200 MiB from a 20-byte block.
        var body = Concat(Int(200 * 1024 * 1024), H("1f 00 01 00 ff ff ff ff ff ff ff ff ff ff ff ff ff 00 00 00"));
        var h = new CqlHarness();
        long before = GC.GetAllocatedBytesForCurrentThread();
        var f = Exchange(h, (true, Startup(4, "lz4")), (true, Request(4, 1, 0x07, body, flags: 0x01)))[1];
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(f.Has("cql.decompression_refused"));
        Assert.True(allocated < 16 * 1024 * 1024, $"{allocated} bytes allocated");
    }

    // ---- v5 --------------------------------------------------------------------------------------

    /// <summary>A v5 connection: legacy STARTUP/READY, then segments from both sides.</summary>
    private static (CqlHarness H, List<DissectedFrame> Frames) V5(string? compression, params (bool FromClient, byte[] Bytes)[] segments)
    {
        var h = new CqlHarness();
        var all = new List<(bool, byte[])> { (true, Startup(5, compression)), (false, Response(5, 0, 0x02, [])) };
        all.AddRange(segments);
        return (h, Exchange(h, [.. all]));
    }

    [Fact]
    public void V5_SelfContainedSegment_WithTwoEnvelopes()
    {
        var envelopes = Concat(Request(5, 1, 0x05, []), Request(5, 2, 0x07, Concat(LongStr("SELECT 1"), H("0001 00000000"))));
        var (h, frames) = V5(null, (true, Segment(envelopes)), (false, Segment(Response(5, 2, 0x08, Int(1)))));
        var f = frames[2];
        Assert.Equal(["1", "2"], f.Values("cql.stream"));
        Assert.Equal("1", f.Value("cql.segment.self_contained"));
        Assert.Equal("1", f.Value("cql.segment.header_crc24.status"));
        Assert.Equal("1", f.Value("cql.segment.payload_crc32.status"));
        Assert.Equal("v5 C->S Type OPTIONS | v5 C->S Type QUERY: SELECT 1", f.Info);
        Assert.Equal(frames[2].Number.ToString(System.Globalization.CultureInfo.InvariantCulture), frames[3].Value("cql.response_to"));
        Assert.Equal(0, h.MalformedCount);
    }

    [Fact]
    public void V5_LargeEnvelope_SpansNonSelfContainedSegments()
    {
        var rowsBody = Concat(Int(2), Int(1), Int(1), Str("ks"), Str("t"), Str("v"), H("000d"), Int(1), Bytes(new byte[300_000]));
        var env = Response(5, 7, 0x08, rowsBody);
        var parts = new[] { env[..131071], env[131071..262142], env[262142..] };
        var (h, frames) = V5(null,
            (false, Segment(parts[0], selfContained: false)),
            (false, Segment(parts[1], selfContained: false)),
            (false, Segment(parts[2], selfContained: false)));
        var last = frames[^1];
        Assert.Equal("2", last.Value("cql.result.kind"));
        Assert.Equal("3", last.Value("cql.envelope.segment_count"));
        Assert.Equal("1", last.Value("cql.result.rows.row_count"));
        Assert.Contains("Segment", frames[^2].Info, StringComparison.Ordinal);
        Assert.Equal(0, h.MalformedCount);
    }

    [Fact]
    public void V5_BadHeaderCrc_IsAnExpertItem_AndTheStreamResyncs()
    {
        var (h, frames) = V5(null,
            (true, Segment(Request(5, 1, 0x05, []), corruptHeaderCrc: true)),
            (true, Segment(Request(5, 2, 0x05, []))));
        Assert.True(frames[2].Has("cql.segment.header_crc24.bad"));
        Assert.Equal("0", frames[2].Value("cql.segment.header_crc24.status"));
        Assert.Equal("2", frames[3].Value("cql.stream"));
        Assert.Equal(0, h.DissectorBugs);
    }

    [Fact]
    public void V5_BadPayloadCrc_IsAnExpertItem_ButTheEnvelopeIsStillShown()
    {
        var (_, frames) = V5(null, (true, Segment(Request(5, 3, 0x05, []), corruptPayloadCrc: true)));
        Assert.True(frames[2].Has("cql.segment.payload_crc32.bad"));
        Assert.Equal("3", frames[2].Value("cql.stream"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void V5_Lz4Segments(bool store)
    {
        var envelope = Request(5, 4, 0x07, Concat(LongStr("SELECT * FROM ks.t WHERE a = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'"), H("0001 00000000")));
        var (h, frames) = V5("lz4", (true, CompressedSegment(envelope, store: store)));
        var f = frames[2];
        Assert.Equal("1", f.Value("cql.segment.compressed"));
        Assert.Equal(store ? "0" : envelope.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), f.Value("cql.segment.uncompressed_length"));
        Assert.Equal("SELECT * FROM ks.t WHERE a = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'", f.Value("cql.query"));
        Assert.Equal(0, h.MalformedCount);
    }

    [Fact]
    public void V5_CaptureStartingAfterTheHandshake_FindsSegmentsByTheirCrc()
    {
        var flow = new Dissectors.Testing.TcpFlowBuilder(clientPort: 40000, serverPort: Port);   // no SYN: mid-stream
        flow.Send(true, Segment(Request(5, 9, 0x07, Concat(LongStr("SELECT now()"), H("0001 00000000")))));
        flow.Send(false, Segment(Response(5, 9, 0x08, Int(1))));
        var h = new CqlHarness();
        var frames = h.Run(flow.Frames);
        Assert.Equal("SELECT now()", frames[0].Value("cql.query"));
        Assert.Equal("1", frames[1].Value("cql.result.kind"));
    }

    [Fact]
    public void V5_MidStream_SegmentWhoseFirstByteLooksLikeAVersion_IsStillASegment()
    {
        // A 261-byte (0x105) envelope: the segment header starts 05 01 02, which also reads as a v5 frame header.
        var query = new string('x', 242);
        var envelope = Request(5, 9, 0x07, Concat(LongStr(query), H("0001 00000000")));
        Assert.Equal(0x105, envelope.Length);
        var flow = new Dissectors.Testing.TcpFlowBuilder(clientPort: 40000, serverPort: Port);
        flow.Send(true, Segment(envelope));
        var f = new CqlHarness().Run(flow.Frames)[0];
        Assert.Equal(query, f.Value("cql.query"));
        Assert.Equal("1", f.Value("cql.segment.header_crc24.status"));
    }

    [Fact]
    public void V5_LostSegment_CutsTheEnvelope_NextOneIsFine()
    {
        var env = Response(5, 7, 0x08, Concat(Int(1), new byte[200_000]));
        var flow = Flow();
        flow.Send(true, Startup(5, null));
        flow.Send(false, Response(5, 0, 0x02, []));
        flow.Send(false, Segment(env.AsSpan(0, 131071), selfContained: false));
        // The second part is lost: skip its bytes in the server's sequence space.
        var lost = Segment(env.AsSpan(131071), selfContained: false);
        flow.ServerSeq += (uint)lost.Length;
        flow.Send(false, Segment(Response(5, 8, 0x08, Int(1))));
        flow.Send(true, Segment(Request(5, 9, 0x05, [])));   // the client acknowledges past the hole
        var h = new CqlHarness();
        var frames = h.Run(flow.Frames);
        Assert.Contains(frames, f => f.Value("cql.stream") == "8");
        Assert.Equal(0, h.DissectorBugs);
    }

    // ---- pooling ---------------------------------------------------------------------------------

    [Fact]
    public void AConnectionAfterAForgottenV5Lz4One_IsReadAsIfItWereTheFirst()
    {
        // A: v5 with LZ4 segments, a USE, an envelope left half-sent by the server, then a reset.
        var a = Flow(clientPort: 40000);
        a.Send(true, Startup(5, "lz4"));
        a.Send(false, Response(5, 0, 0x02, []));
        a.Send(true, CompressedSegment(Request(5, 1, 0x07, Concat(LongStr("USE ks"), H("0001 00000000")))));
        a.Send(false, CompressedSegment(Response(5, 1, 0x08, Concat(Int(3), Str("ks")))));
        var big = Response(5, 2, 0x08, Concat(Int(1), new byte[200_000]));
        a.Send(false, CompressedSegment(big.AsSpan(0, 100_000), selfContained: false));
        a.Segment(true, a.ClientSeq, a.ServerSeq, Dissectors.Testing.TcpFlowBuilder.Rst | Dissectors.Testing.TcpFlowBuilder.Ack, []);
        // B, seen from its handshake and from its middle: v4 frames, then (mid-stream) v5 uncompressed segments.
        var b = Flow(clientPort: 40001);
        b.Send(true, Startup(4, null));
        b.Send(false, Response(4, 0, 0x02, []));
        b.Send(true, Request(4, 3, 0x07, QueryBody));
        b.Send(false, Response(4, 3, 0x08, Int(1)));
        var c = new Dissectors.Testing.TcpFlowBuilder(clientPort: 40002, serverPort: Port);
        c.Send(true, Segment(Request(5, 9, 0x07, Concat(LongStr("SELECT now()"), H("0001 00000000")))));
        c.Send(false, Segment(Response(5, 9, 0x08, Int(1))));
        byte[][] frames = [.. a.Frames, .. b.Frames, .. c.Frames];

        var pooled = new CqlHarness(closedKept: 0) { RetireEachFrame = true };
        var fresh = new CqlHarness(closedKept: 0, pooled: 0) { RetireEachFrame = true };
        var withPool = pooled.Run(frames);
        var without = fresh.Run(frames);
        Assert.True(pooled.Pipeline.Conversations.DissectorsReused >= 1);
        Assert.Equal(0, fresh.Pipeline.Conversations.DissectorsReused);
        for (int i = 0; i < frames.Length; i++)
        {
            Assert.Equal(without[i].Info, withPool[i].Info);
            Assert.Equal(without[i].Fields, withPool[i].Fields);
        }

        Assert.Equal("SELECT now()", withPool[^2].Value("cql.query"));
        Assert.Equal("v4 C->S Type STARTUP", withPool[a.Frames.Count + 3].Info);

        // A's dissector itself, once reused, holds what a new one holds.
        var alone = new CqlHarness();
        var seen = alone.Run(a.Frames);
        Assert.True(seen[6].Value("cql.keyspace") == "ks", string.Join("\n", seen.Select(f => f.Info)));
        var conv = Assert.Single(alone.Pipeline.Conversations.Snapshot());
        var used = conv.Dissector!;
        Assert.True(used.TryReuse(conv.Info));
        string? diff = Common.ConversationReuseTests.StateDiff(alone.Module.CreateStreamDissector(conv.Info), used, "CqlDissector", []);
        Assert.True(diff is null, diff);
    }
}
