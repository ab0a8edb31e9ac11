using static Dissectors.Protocols.Tests.Scylla.Rpc;

namespace Dissectors.Protocols.Tests.Scylla;

/// <summary>Every Seastar RPC frame kind, built from doc/rpc.md as commented hex (one line per field).</summary>
public class ScyllaFramingTests
{
    [Fact]
    public void Negotiation_WithEveryFeature_IsDecoded_AndRemembered()
    {
        var client = H("""
            53 53 54 41 52 52 50 43    # magic "SSTARRPC"
            50 00 00 00                # length 80
            00 00 00 00                # feature 0 COMPRESS
            03 00 00 00                #   length 3
            4c 5a 34                   #   "LZ4"
            01 00 00 00                # feature 1 TIMEOUT
            00 00 00 00                #   length 0
            03 00 00 00                # feature 3 STREAM_PARENT
            08 00 00 00                #   length 8
            2a 00 00 00 00 00 00 00    #   parent connection id 42
            04 00 00 00                # feature 4 ISOLATION
            0d 00 00 00                #   length 13
            09 00 00 00                #   cookie length 9
            73 74 61 74 65 6d 65 6e 74 #   "statement"
            05 00 00 00                # feature 5 HANDLER_DURATION
            00 00 00 00                #   length 0
            02 00 00 00                # feature 2 CONNECTION_ID (a client does not send it; decoded all the same)
            08 00 00 00                #   length 8
            07 00 00 00 00 00 00 00    #   id 7
            """);
        var flow = Flow();
        flow.Send(true, client);
        var f = new ScyllaHarness().Run(flow.Frames)[^1];
        Assert.Equal("Protocol negotiation", f.Info);
        Assert.Equal("SSTARRPC", f.Value("scylla.negotiation.magic"));
        Assert.Equal("80", f.Value("scylla.negotiation.size"));
        Assert.Equal(["0", "1", "3", "4", "5", "2"], f.Values("scylla.negotiation.feature.number"));
        Assert.Equal("LZ4", f.Value("scylla.negotiation.compression"));
        Assert.Equal("42", f.Value("scylla.stream_parent"));
        Assert.Equal("statement", f.Value("scylla.isolation_cookie"));
        Assert.Equal("7", f.Value("scylla.connection_id"));
        Assert.False(f.Has("_ws.expert"));
    }

    [Fact]
    public void RequestWithTimeout_AndResponse_MatchByMsgId()
    {
        var (c, s) = TimeoutNegotiation();
        var flow = Flow();
        flow.Send(true, c);
        flow.Send(false, s);
        flow.Send(true, H("""
            e8 03 00 00 00 00 00 00    # timeout 1000 ms
            09 00 00 00 00 00 00 00    # verb 9 GOSSIP_ECHO
            04 00 00 00 00 00 00 00    # msg id 4
            02 00 00 00                # length 2
            ab cd                      # payload
            """));
        flow.Send(false, H("""
            04 00 00 00 00 00 00 00    # msg id 4
            01 00 00 00                # length 1
            00                         # payload
            """));
        var frames = new ScyllaHarness().Run(flow.Frames);
        var req = frames[^2];
        var resp = frames[^1];
        Assert.Equal("Request GOSSIP_ECHO (msg_id=4)", req.Info);
        Assert.Equal("1000", req.Value("scylla.timeout"));
        Assert.Equal("9", req.Value("scylla.verb"));
        Assert.Equal("4", req.Value("scylla.msg_id"));
        Assert.Equal("2", req.Value("scylla.len"));
        Assert.Equal("abcd", req.Value("scylla.payload"));
        Assert.True(req.Has("scylla.request"));
        Assert.Equal("Response for GOSSIP_ECHO (msg_id=4)", resp.Info);
        Assert.Equal("1", resp.Value("scylla.response.size"));
        Assert.Equal("9", resp.Value("scylla.verb"));
        Assert.Equal(req.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), resp.Value("scylla.response.request"));
        Assert.Equal("0.001000000", resp.Value("scylla.response_time"));
        Assert.True(resp.Has("scylla.response"));
    }

    [Fact]
    public void RequestWithoutTimeout_WhenTheServerDeclinedIt()
    {
        var flow = Flow();
        flow.Send(true, Negotiation(Feature(1, [])));      // client offers TIMEOUT
        flow.Send(false, Negotiation());                    // server declines everything
        flow.Send(true, H("""
            2f 00 00 00 00 00 00 00    # verb 47 RAFT_APPEND_ENTRIES (tshark 4.0 takes it for a response)
            01 00 00 00 00 00 00 00    # msg id 1
            00 00 00 00                # length 0
            """));
        var f = new ScyllaHarness().Run(flow.Frames)[^1];
        Assert.Equal("Request RAFT_APPEND_ENTRIES (msg_id=1)", f.Info);
        Assert.False(f.Has("scylla.timeout"));
        Assert.Equal("47", f.Value("scylla.verb"));
    }

    [Fact]
    public void ResponseWithHandlerDuration()
    {
        var flow = Flow();
        flow.Send(true, Negotiation(Feature(1, []), Feature(5, [])));
        flow.Send(false, Negotiation(Feature(1, []), Feature(5, [])));
        flow.Send(true, Request(21, 3, [])); // GET_SCHEMA_VERSION
        flow.Send(false, H("""
            03 00 00 00 00 00 00 00    # msg id 3
            02 00 00 00                # length 2
            10 27 00 00                # handler duration 10000 us
            01 02                      # payload
            """));
        var f = new ScyllaHarness().Run(flow.Frames)[^1];
        Assert.Equal("10000", f.Value("scylla.handler_duration"));
        Assert.Equal("0102", f.Value("scylla.payload"));
        Assert.Equal("21", f.Value("scylla.verb"));
        Assert.Equal("Response for GET_SCHEMA_VERSION (msg_id=3)", f.Info);
    }

    [Fact]
    public void Exceptions_UserAndUnknownVerb()
    {
        var (c, s) = TimeoutNegotiation();
        var flow = Flow();
        flow.Send(true, c);
        flow.Send(false, s);
        flow.Send(true, Request(14, 5, []));
        flow.Send(true, Request(93, 6, []));
        flow.Send(false, H("""
            fb ff ff ff ff ff ff ff    # msg id -5: exception for request 5
            0d 00 00 00                # length 13
            00 00 00 00                # exception type 0 USER
            05 00 00 00                # exception length 5
            01 00 00 00                # message length 1
            78                         # "x"
            """));
        flow.Send(false, H("""
            fa ff ff ff ff ff ff ff    # msg id -6
            10 00 00 00                # length 16
            01 00 00 00                # exception type 1 UNKNOWN_VERB
            08 00 00 00                # exception length 8
            5d 00 00 00 00 00 00 00    # verb 93
            """));
        var frames = new ScyllaHarness().Run(flow.Frames);
        var user = frames[^2];
        var unknown = frames[^1];
        Assert.Equal("0", user.Value("scylla.exception.type"));
        Assert.Equal("x", user.Value("scylla.exception.message"));
        Assert.Equal("14", user.Value("scylla.verb"));
        Assert.Equal("Response for MIGRATION_REQUEST (msg_id=5, exception USER: x)", user.Info);
        Assert.Equal("1", unknown.Value("scylla.exception.type"));
        Assert.Equal("93", unknown.Value("scylla.exception.verb"));
        Assert.Contains("exception UNKNOWN_VERB BACKUP_SNAPSHOT_SSTABLES", unknown.Info, StringComparison.Ordinal);
    }

    [Fact]
    public void Mutation_AsTsharkReadsIt()
    {
        var (c, s) = TimeoutNegotiation();
        var body = H("""
            3b 00 00 00                                        # size1 59
            37 00 00 00                                        # size2 55
            ea 11 0f 44 50 9e ef aa 00 00 00 00 00 00 23 8a    # table id
            5c 1a b0 de 00 00 10 00 80 00 00 00 00 00 be ef    # schema id
            07 00 00 00                                        # partition keys payload 7
            01 00 00 00                                        # 1 key
            03 00 00 00                                        #   length 3
            68 65 68                                           #   "heh"
            72 6f 77                                           # rest
            """);
        var flow = Flow();
        flow.Send(true, c);
        flow.Send(false, s);
        flow.Send(true, Request(1, 1, body));
        var f = new ScyllaHarness().Run(flow.Frames)[^1];
        Assert.Equal("ea110f44509eefaa000000000000238a", f.Value("scylla.mut.table_id"));
        Assert.Equal("5c1ab0de00001000800000000000beef", f.Value("scylla.mut.schema_id"));
        Assert.Equal("1", f.Value("scylla.mut.num_pkeys"));
        Assert.Equal("686568", f.Value("scylla.mut.pkey"));
        Assert.Equal("726f77", f.Value("scylla.payload"));
        Assert.Equal("Request MUTATION (msg_id=1, table_id=ea110f44509eefaa000000000000238a, pkey=686568)", f.Info);
    }

    [Fact]
    public void Lz4Compressed_RequestIsDecompressed()
    {
        var inner = Request(3, 9, new byte[200]);
        var block = new byte[K4os.Compression.LZ4.LZ4Codec.MaximumOutputSize(inner.Length)];
        int n = K4os.Compression.LZ4.LZ4Codec.Encode(inner, block);
        byte[] compressed = [.. U32((uint)inner.Length), .. block.AsSpan(0, n)];
        var flow = Flow();
        flow.Send(true, Negotiation(Feature(0, Str("LZ4")), Feature(1, [])));
        flow.Send(false, Negotiation(Feature(0, Str("LZ4")), Feature(1, [])));
        flow.Send(true, [.. U32((uint)compressed.Length), .. compressed]);   // compressed frame: u32 length, then the LZ4 body
        var f = new ScyllaHarness().Run(flow.Frames)[^1];
        Assert.Equal("LZ4", f.Value("scylla.compressed.algorithm"));
        Assert.Equal("228", f.Value("scylla.compressed.uncompressed_size"));
        Assert.Equal("3", f.Value("scylla.verb"));
        Assert.Equal("9", f.Value("scylla.msg_id"));
        Assert.StartsWith("Request READ_DATA (msg_id=9", f.Info, StringComparison.Ordinal);
    }

    [Fact]
    public void Lz4FragmentedCompressed_ResponseIsDecompressed()
    {
        var payload = new byte[(32 * 1024) + 100];
        for (int i = 0; i < payload.Length; i++)
        {
            payload[i] = (byte)(i % 7);
        }

        var inner = Response(2, payload.AsSpan(0, payload.Length - 12));
        Assert.Equal(payload.Length, inner.Length);
        var first = Lz4(inner.AsSpan(0, 32 * 1024));
        var last = Lz4(inner.AsSpan(32 * 1024));
        byte[] compressed =
        [
            .. U32((uint)first.Length), .. first,                 // intermediate chunk: compressed size, 32 KiB out
            .. U32(0x8000_0000u | 100), .. last,                  // last chunk: MSB | uncompressed size
        ];
        var flow = Flow();
        flow.Send(true, Negotiation(Feature(0, Str("LZ4_FRAGMENTED,LZ4")), Feature(1, [])));
        flow.Send(false, Negotiation(Feature(0, Str("LZ4_FRAGMENTED")), Feature(1, [])));
        flow.Send(true, [.. U32((uint)Lz4Frame(Request(4, 2, [])).Length), .. Lz4Frame(Request(4, 2, []))]);
        flow.Send(false, [.. U32((uint)compressed.Length), .. compressed]);
        var frames = new ScyllaHarness().Run(flow.Frames);
        var f = frames.Last(x => x.Has("scylla.response"));
        Assert.Equal("LZ4_FRAGMENTED", f.Value("scylla.compressed.algorithm"));
        Assert.Equal("4", f.Value("scylla.verb"));
        Assert.Equal(((32 * 1024) + 88).ToString(System.Globalization.CultureInfo.InvariantCulture), f.Value("scylla.response.size"));
    }

    [Fact]
    public void StreamConnection_FramesAndEndOfStream()
    {
        var flow = Flow();
        flow.Send(true, Negotiation(Feature(3, U64(42))));
        flow.Send(false, Negotiation(Feature(3, U64(42))));
        flow.Send(true, H("""
            03 00 00 00                # stream frame length 3
            01 02 03                   # data
            ff ff ff ff                # end of stream
            """));
        var f = new ScyllaHarness().Run(flow.Frames)[^1];
        Assert.Equal(["3", "4294967295"], f.Values("scylla.streaming.length"));
        Assert.Equal("010203", f.Value("scylla.streaming.data"));
        Assert.True(f.Has("scylla.streaming.end"));
        Assert.Equal("Stream frame (3 bytes) | Stream end", f.Info);
    }

    [Fact]
    public void CaptureStartingAfterNegotiation_InfersTheHeader_AndSaysSo()
    {
        var flow = MidConnection();
        flow.Send(true, Request(5, 12, [1, 2, 3]));
        flow.Send(false, Response(12, [9]));
        var frames = new ScyllaHarness().Run(flow.Frames);
        var req = frames[^2];
        Assert.Equal("5", req.Value("scylla.verb"));
        Assert.Equal("1000", req.Value("scylla.timeout"));
        Assert.True(req.Has("scylla.header_inferred"));
        Assert.Equal("Response for READ_DIGEST (msg_id=12)", frames[^1].Info);
    }

    [Fact]
    public void ConnectionOnPort7000WithoutNegotiation_IsNotScylla()
    {
        var flow = Flow();
        flow.Send(true, H("ca 55 2d fa 00 00 00 0c 00 00 00 01"));   // e.g. Cassandra's inter-node messaging
        var f = new ScyllaHarness().Run(flow.Frames)[^1];
        Assert.False(f.Has("scylla"));
        Assert.EndsWith(":data", f.Protocols, StringComparison.Ordinal);
    }

    [Fact]
    public void OtherPort_FoundByTheMagic_AndDecodeAsWorks()
    {
        var (c, s) = TimeoutNegotiation();
        var flow = Flow(serverPort: 17000);
        flow.Send(true, c);
        flow.Send(false, s);
        flow.Send(true, Request(6, 1, []));
        var f = new ScyllaHarness().Run(flow.Frames)[^1];
        Assert.Equal("Request GOSSIP_DIGEST_SYN (msg_id=1)", f.Info);

        var flow2 = MidConnection(serverPort: 17001);
        flow2.Send(true, Request(6, 1, []));
        var g = new ScyllaHarness(decodeAs: "tcp.port==17001,scylla").Run(flow2.Frames)[^1];
        Assert.Equal("6", g.Value("scylla.verb"));
    }

    [Fact]
    public void SecondPass_LinksRequests_AndFlagsMissingResponses_ButNotOneWayVerbs()
    {
        var (c, s) = TimeoutNegotiation();
        var flow = Flow();
        flow.Send(true, c);
        flow.Send(false, s);
        flow.Send(true, Request(9, 1, []));   // GOSSIP_ECHO, answered
        flow.Send(true, Request(5, 2, []));   // READ_DIGEST, never answered
        flow.Send(true, Request(1, 3, []));   // MUTATION: one-way
        flow.Send(false, Response(1, []));
        var h = new ScyllaHarness();
        h.Module.RecordResponseLinks = true;
        var first = h.Run(flow.Frames);
        Assert.DoesNotContain(first, x => x.Has("scylla.request.response") || x.Has("scylla.ei_scylla_response_missing"));
        h.BeginSecondPass();
        var second = h.Run(flow.Frames);
        var echo = second.Single(x => x.Info.StartsWith("Request GOSSIP_ECHO", StringComparison.Ordinal));
        var digest = second.Single(x => x.Info.StartsWith("Request READ_DIGEST", StringComparison.Ordinal));
        var mutation = second.Single(x => x.Info.StartsWith("Request MUTATION", StringComparison.Ordinal));
        var response = second.Single(x => x.Has("scylla.response"));
        Assert.Equal(response.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), echo.Value("scylla.request.response"));
        Assert.True(digest.Has("scylla.ei_scylla_response_missing"));
        Assert.False(mutation.Has("scylla.ei_scylla_response_missing"));
    }

    [Fact]
    public void AllVerbs_AreNamed_AndOldTsharkNamesStillWork()
    {
        var h = new ScyllaHarness();
        Assert.True(h.Engine.Registry.TryGet("scylla.verb", out var id));
        var vs = h.Engine.Registry[id].Values!;
        for (int v = 0; v < 94; v++)
        {
            Assert.True(vs.TryGetName(v, out _), $"verb {v}");
        }

        Assert.True(vs.TryGetName(11, out string name));
        Assert.Equal("DEFINITIONS_UPDATE", name);
        Assert.True(vs.TryGetValue("UNUSED__DEFINITIONS_UPDATE", out long v11, out _));
        Assert.Equal(11, v11);
        Assert.True(vs.TryGetValue("DIRECT_FD_PING", out long v63, out _));
        Assert.Equal(63, v63);
    }

    private static byte[] Lz4(ReadOnlySpan<byte> data)
    {
        var block = new byte[K4os.Compression.LZ4.LZ4Codec.MaximumOutputSize(data.Length)];
        int n = K4os.Compression.LZ4.LZ4Codec.Encode(data, block);
        return block[..n];
    }

    /// <summary>An LZ4_FRAGMENTED body of one last chunk.</summary>
    private static byte[] Lz4Frame(byte[] inner) => [.. U32(0x8000_0000u | (uint)inner.Length), .. Lz4(inner)];
}
