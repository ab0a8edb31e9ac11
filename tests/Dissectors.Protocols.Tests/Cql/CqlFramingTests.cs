using static Dissectors.Protocols.Tests.Cql.Cql;

namespace Dissectors.Protocols.Tests.Cql;

/// <summary>Headers, PDU boundaries across segments, request/response matching, port/decode-as/heuristic choice.</summary>
public class CqlFramingTests
{
    private static byte[] Options4 => H("""
        04          # version: request, protocol v4
        00          # flags
        00 00       # stream 0
        05          # opcode OPTIONS
        00 00 00 00 # body length 0
        """);

    [Fact]
    public void OptionsRequest_HeaderFields_AsTsharkNamesThem()
    {
        var flow = Flow();
        flow.Send(true, Options4);
        var frames = new CqlHarness().Run(flow.Frames);
        var f = frames[^1];
        Assert.Equal("0x04", f.Value("cql.version"));
        Assert.Equal("4", f.Value("cql.protocol_version"));
        Assert.Equal("0x00", f.Value("cql.direction"));
        Assert.Equal("0x00", f.Value("cql.flags"));
        Assert.Equal("0", f.Value("cql.stream"));
        Assert.Equal("5", f.Value("cql.opcode"));
        Assert.Equal("0", f.Value("cql.message_length"));
        Assert.Equal("v4 C->S Type OPTIONS", f.Info);
        Assert.EndsWith(":cql", f.Protocols, StringComparison.Ordinal);
    }

    [Fact]
    public void ResponseHeader_DirectionBit_AndNegativeEventStream()
    {
        var body = Concat(Str("STATUS_CHANGE"), Str("UP"), H("04 7f000002"), Int(9042));
        var flow = Flow();
        flow.Send(false, H("""
            84          # version: response, v4
            00          # flags
            ff ff       # stream -1 (server-initiated)
            0c          # opcode EVENT
            """).Concat(Int(body.Length)).Concat(body).ToArray());
        var f = new CqlHarness().Run(flow.Frames)[^1];
        Assert.Equal("0x84", f.Value("cql.version"));
        Assert.Equal("0x08", f.Value("cql.direction"));
        Assert.Equal("-1", f.Value("cql.stream"));
        Assert.Equal("STATUS_CHANGE", f.Value("cql.event_type"));
        Assert.Equal("UP", f.Value("cql.event.change"));
        Assert.Equal("127.0.0.2", f.Value("cql.event.ipv4"));
        Assert.Equal("9042", f.Value("cql.event.port"));
        Assert.False(f.Has("cql.response_to"));
        Assert.Equal("v4 S->C Type EVENT STATUS_CHANGE UP 127.0.0.2", f.Info);
    }

    [Fact]
    public void V2Header_HasAOneByteStream()
    {
        var flow = Flow();
        flow.Send(true, H("""
            02          # version: request, v2
            00          # flags
            05          # stream 5 (one byte before v3)
            05          # opcode OPTIONS
            00 00 00 00 # length
            """));
        flow.Send(false, H("""
            82 00 05    # response v2, stream 5
            02          # READY
            00 00 00 00
            """));
        var frames = new CqlHarness().Run(flow.Frames);
        Assert.Equal("5", frames[^2].Value("cql.stream"));
        Assert.Equal("2", frames[^1].Value("cql.opcode"));
        Assert.Equal(frames[^2].Number.ToString(System.Globalization.CultureInfo.InvariantCulture), frames[^1].Value("cql.response_to"));
    }

    [Fact]
    public void PduSplitAtEveryByte_DissectsTheSame()
    {
        var query = Request(4, 7, 0x07, Concat(LongStr("SELECT * FROM ks.t"), H("0001 00")));
        for (int cut = 1; cut < query.Length; cut++)
        {
            var flow = Flow();
            flow.Send(true, query.AsSpan(0, cut));
            flow.Send(true, query.AsSpan(cut));
            var h = new CqlHarness();
            var frames = h.Run(flow.Frames);
            Assert.False(frames[^2].Has("cql.opcode"));
            Assert.Equal("SELECT * FROM ks.t", frames[^1].Value("cql.string"));
            Assert.Equal("0x0001", frames[^1].Value("cql.consistency"));
            Assert.Equal(0, h.MalformedCount);
        }
    }

    [Fact]
    public void ManyPdusInOneSegment_EachGetsItsItems_AndInfoJoinsThem()
    {
        var flow = Flow();
        flow.Send(true, Concat(Options4, Request(4, 1, 0x05, []), Request(4, 2, 0x07, Concat(LongStr("USE ks"), H("0001 00")))));
        var f = new CqlHarness().Run(flow.Frames)[^1];
        Assert.Equal(["0", "1", "2"], f.Values("cql.stream"));
        Assert.Equal("v4 C->S Type OPTIONS | v4 C->S Type OPTIONS | v4 C->S Type QUERY: USE ks", f.Info);
    }

    [Fact]
    public void Responses_PairWithTheLatestRequestOnTheirStream()
    {
        var flow = Flow();
        flow.Send(true, Request(4, 3, 0x07, Concat(LongStr("SELECT 1"), H("0001 00"))));     // frame 4
        flow.Send(true, Request(4, 3, 0x07, Concat(LongStr("SELECT 2"), H("0001 00"))));     // frame 5: reuses stream 3
        flow.Send(false, Response(4, 3, 0x08, Int(1)));                                       // frame 6
        var h = new CqlHarness { StepNs = 2_000_000 };
        var frames = h.Run(flow.Frames);
        var rsp = frames[^1];
        Assert.Equal("5", rsp.Value("cql.response_to"));
        Assert.Equal("0.002000000", rsp.Value("cql.response_time"));
        Assert.Equal("SELECT 2", rsp.Value("cql.query"));
        Assert.Equal("v4 S->C Type RESULT VOID: SELECT 2", rsp.Info);
    }

    [Fact]
    public void ResponseIn_IsShownOnlyOnASecondPass()
    {
        var flow = Flow();
        flow.Send(true, Options4);
        flow.Send(false, Response(4, 0, 0x06, H("0000")));
        var h = new CqlHarness();
        h.Module.RecordResponseLinks = true;
        var first = h.Run(flow.Frames);
        Assert.False(first[^2].Has("cql.response_in"));
        Assert.Equal("4", first[^1].Value("cql.response_to"));
        h.BeginSecondPass();
        var second = h.Run(flow.Frames);
        Assert.Equal("5", second[^2].Value("cql.response_in"));
        Assert.Equal("4", second[^1].Value("cql.response_to"));
    }

    [Fact]
    public void DecodeAs_PutsCqlOnAnotherPort()
    {
        var flow = Flow(serverPort: 7777);
        flow.Send(true, Request(4, 1, 0x0B, StringList("SCHEMA_CHANGE")));
        var f = new CqlHarness(decodeAs: "tcp.port==7777,cql").Run(flow.Frames)[^1];
        Assert.Equal("11", f.Value("cql.opcode"));
        Assert.Equal("SCHEMA_CHANGE", f.Value("cql.string"));
    }

    [Fact]
    public void Heuristic_FindsAStartupOnAnUnknownPort()
    {
        var flow = Flow(serverPort: 19042);
        flow.Send(true, Request(4, 0, 0x01, StringMap(("CQL_VERSION", "3.0.0"))));
        flow.Send(false, Response(4, 0, 0x02, []));
        var frames = new CqlHarness().Run(flow.Frames);
        Assert.Equal("1", frames[^2].Value("cql.opcode"));
        Assert.Equal(["CQL_VERSION", "3.0.0"], frames[^2].Values("cql.string"));
        Assert.Equal("2", frames[^1].Value("cql.opcode"));
    }

    [Theory]
    [InlineData("4a0000000a352e352e352d31302e31312e3131")]               // MySQL/MariaDB server greeting
    [InlineData("546172616e746f6f6c20322e362e3020284269")]               // "Tarantool 2.6.0 (Bi"
    [InlineData("0100000001")]                                           // MySQL COM_QUIT
    [InlineData("03000000020000000000000000")]                           // v3 header, request bit with the READY opcode
    [InlineData("0400000007ffffffff0000")]                               // absurd length
    [InlineData("04000000070000000a000000")]                             // a frame that ends before the data does
    public void Heuristic_RejectsWhatIsNotCql(string hex)
    {
        var flow = Flow(serverPort: 3306);
        flow.Send(false, H(hex));
        var f = new CqlHarness().Run(flow.Frames)[^1];
        Assert.False(f.Has("cql"), f.Protocols);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void FilterOnlyRun_SkipsBodies_ButKeepsFramingState(int version)
    {
        var flow = Flow();
        flow.Send(true, Request(version, 0, 0x01, StringMap(("CQL_VERSION", "3.0.0"))));
        flow.Send(false, Response(version, 0, 0x02, []));
        var query = Request(version, 1, 0x07, Concat(LongStr("SELECT 1"), H("0001"), version >= 5 ? Int(0) : [0]));
        var execute = Request(version, 2, 0x0A, Concat(ShortBytes(H("01")), version >= 5 ? ShortBytes(H("02")) : [], H("0001"), version >= 5 ? Int(0) : [0]));
        flow.Send(true, version >= 5 ? Segment(Concat(query, execute)) : Concat(query, execute));
        var h = new CqlHarness(buildAll: false, columns: false);
        h.SetInterest("cql.opcode");
        var f = h.Run(flow.Frames)[^1];
        Assert.Equal(["7", "10"], f.Values("cql.opcode"));
        Assert.False(f.Has("cql.string"));
        Assert.Equal(0, h.MalformedCount);
    }
}
