using static Dissectors.Protocols.Tests.Cql.Cql;

namespace Dissectors.Protocols.Tests.Cql;

/// <summary>Every opcode's body, built from native_protocol_v4/v5.spec as commented hex.</summary>
public class CqlMessageTests
{
    /// <summary>Sends each (direction, frame) in its own segment on port 9042 and returns the frames that carried them.</summary>
    internal static List<DissectedFrame> Exchange(CqlHarness h, params (bool FromClient, byte[] Bytes)[] messages)
    {
        var flow = Flow();
        foreach (var (c, b) in messages)
        {
            // One segment per message, split into 60000-byte TCP segments when it is bigger than an IP packet.
            for (int off = 0; off < b.Length; off += 60_000)
            {
                flow.Send(c, b.AsSpan(off, Math.Min(60_000, b.Length - off)));
            }
        }

        var frames = h.Run(flow.Frames);
        Assert.Equal(0, h.DissectorBugs);
        return frames.Skip(3).ToList();
    }

    internal static List<DissectedFrame> Exchange(params (bool FromClient, byte[] Bytes)[] messages)
    {
        var h = new CqlHarness();
        var frames = Exchange(h, messages);
        Assert.Equal(0, h.MalformedCount);
        return frames;
    }

    [Fact]
    public void Startup_StringMapAsTshark_PlusOptionFields()
    {
        var body = H("""
            00 02                                   # [string map] 2 pairs
            00 0b 43514c5f56455253494f4e            # "CQL_VERSION"
            00 05 332e302e30                        # "3.0.0"
            00 0b 434f4d5052455353494f4e            # "COMPRESSION"
            00 06 736e61707079                      # "snappy"
            """);
        var f = Exchange((true, Request(4, 0, 0x01, body)))[0];
        Assert.Equal("2", f.Value("cql.string_map_size"));
        Assert.Equal(["CQL_VERSION", "3.0.0", "COMPRESSION", "snappy"], f.Values("cql.string"));
        Assert.Equal(["11", "5", "11", "6"], f.Values("cql.string_length"));
        Assert.Equal(["CQL_VERSION", "COMPRESSION"], f.Values("cql.option.name"));
        Assert.Equal(["3.0.0", "snappy"], f.Values("cql.option.value"));
    }

    [Fact]
    public void Query_V4_AllParameterFlags()
    {
        var body = H("""
            00 00 00 11 53454c454354202a2046524f4d2074203f   # [long string] "SELECT * FROM t ?"
            00 04                                           # consistency QUORUM
            7d                                              # flags: values|page size|paging state|serial|timestamp|names
            00 01                                           # 1 value
            00 01 6b                                        #   name "k"
            00 00 00 04 00000011                            #   [value] int 17
            00 00 13 88                                     # page size 5000
            00 00 00 02 abcd                                # paging state
            00 09                                           # serial consistency LOCAL_SERIAL
            00 05 6b 0a f3 de 25 00                         # default timestamp (µs)
            """);
        var f = Exchange((true, Request(4, 9, 0x07, body)))[0];
        Assert.Equal("SELECT * FROM t ?", f.Value("cql.query"));
        Assert.Equal(["SELECT * FROM t ?", "k"], f.Values("cql.string"));
        Assert.Equal(["0x0004", "0x0009"], f.Values("cql.consistency"));
        Assert.Equal("0x7d", f.Value("cql.query.flags"));
        Assert.Equal("1", f.Value("cql.query.flags.values"));
        Assert.Equal("0", f.Value("cql.query.flags.skip_metadata"));
        Assert.Equal("1", f.Value("cql.query.flags.value_names"));
        Assert.Equal("1", f.Value("cql.value_count"));
        Assert.Equal("5000", f.Value("cql.page_size"));
        Assert.Equal(["4", "2"], f.Values("cql.bytes_length.int"));
        Assert.Equal(["00000011", "abcd"], f.Values("cql.bytes"));
        Assert.True(f.Has("cql.timestamp"));
        Assert.Equal("v4 C->S Type QUERY: SELECT * FROM t ?", f.Info);
    }

    [Fact]
    public void Query_V5_IntFlags_KeyspaceAndNowInSeconds()
    {
        var body = H("""
            00 00 00 08 53454c4543542031        # "SELECT 1"
            00 01                               # ONE
            00 00 01 81                         # [int] flags: values | keyspace | now_in_seconds
            00 01 ff ff ff fe                   # 1 value: not set (-2)
            00 02 6b73                          # keyspace "ks"
            5f 00 00 00                         # now_in_seconds
            """);
        var f = Exchange((true, Request(5, 1, 0x07, body)))[0];
        Assert.Equal("0x00000181", f.Value("cql.query.flags32"));
        Assert.Equal("1", f.Value("cql.query.flags.with_keyspace"));
        Assert.Equal("1", f.Value("cql.query.flags.now_in_seconds"));
        Assert.Equal("ks", f.Value("cql.keyspace"));
        Assert.Equal("1593835520", f.Value("cql.now_in_seconds"));
        Assert.Equal("-2", f.Value("cql.bytes_length.int"));
        Assert.True(f.Has("cql.unset_value"));
    }

    [Fact]
    public void Prepare_ThenExecute_TypesTheBoundValues_OnAnotherConnectionToTheSameServer()
    {
        var prepare = Request(4, 2, 0x09, LongStr("SELECT v FROM ks.t WHERE pk = ? AND n = ?"));
        var prepared = Response(4, 2, 0x08, H("""
            00 00 00 04                 # kind Prepared
            00 04 cafebabe              # id
            00 00 00 01                 # variables: flags Global_tables_spec
            00 00 00 02                 # 2 bind markers
            00 00 00 01 00 00           # pk_count 1, pk_index 0
            00 02 6b73 00 01 74         # "ks" "t"
            00 02 706b 00 0d            # pk varchar
            00 01 6e 00 09              # n int
            00 00 00 04                 # result metadata: No_metadata
            00 00 00 00                 # 0 columns
            """));
        var execute = Request(4, 1, 0x0A, H("""
            00 04 cafebabe              # [short bytes] id
            00 01                       # consistency ONE
            03                          # flags: values | skip metadata
            00 02                       # 2 values
            00 00 00 02 6b31            # "k1"
            00 00 00 04 00000011        # 17
            """));
        var h = new CqlHarness();
        var a = Exchange(h, (true, prepare), (false, prepared));
        Assert.Equal("cafebabe", a[1].Value("cql.query_id"));
        Assert.Equal("2", a[1].Value("cql.prepared.column_count"));
        Assert.Equal("0", a[1].Value("cql.prepared.pk_index"));
        Assert.False(a[1].Has("cql.result.rows.column_count"));
        Assert.Equal("SELECT v FROM ks.t WHERE pk = ? AND n = ?", a[1].Value("cql.query"));

        // A second connection (another client port) to the same server executes it.
        var flow = Flow(clientPort: 40001);
        flow.Send(true, execute);
        var f = h.Run(flow.Frames)[^1];
        Assert.Equal("SELECT v FROM ks.t WHERE pk = ? AND n = ?", f.Value("cql.query"));
        Assert.Equal("k1", f.Value("cql.varchar"));
        Assert.Equal("17", f.Value("cql.int"));
        Assert.Contains("pk: \"k1\"", f.Labels("cql.varchar"));
        Assert.Equal("1", f.Value("cql.query.flags.skip_metadata"));
        Assert.Equal("v4 C->S Type EXECUTE: SELECT v FROM ks.t WHERE pk = ? AND n = ?", f.Info);
    }

    [Fact]
    public void Execute_WithoutItsPrepare_ShowsIdAndRawValues()
    {
        var f = Exchange((true, Request(4, 1, 0x0A, H("""
            00 02 dead                  # id
            00 01 01                    # ONE, values
            00 01 00 00 00 01 07        # one 1-byte value
            """))))[0];
        Assert.Equal("dead", f.Value("cql.query_id"));
        Assert.Equal("07", f.Value("cql.bytes"));
        Assert.True(f.Has("cql.prepared.unknown"));
        Assert.Equal("v4 C->S Type EXECUTE: id dead", f.Info);
    }

    [Fact]
    public void Execute_V5_CarriesTheResultMetadataId()
    {
        var f = Exchange((true, Request(5, 1, 0x0A, H("""
            00 02 beef                  # id
            00 02 0102                  # result metadata id
            00 01 00 00 00 00           # ONE, [int] flags 0
            """))))[0];
        Assert.Equal("0102", f.Value("cql.result_metadata_id"));
        Assert.Equal("0x0001", f.Value("cql.consistency"));
    }

    [Fact]
    public void Batch_MixesQueryAndPreparedStatements()
    {
        var f = Exchange((true, Request(4, 11, 0x0D, H("""
            00                                  # LOGGED
            00 02                               # 2 statements
            00 00 00 00 08 494e534552542031     #   kind 0: "INSERT 1"
            00 00                               #   no values
            01 00 02 abcd                       #   kind 1: id abcd
            00 02 00 00 00 01 62 ff ff ff ff    #   2 values: "b", null
            00 04                               # consistency QUORUM
            20                                  # flags: default timestamp
            00 00 00 00 00 00 00 01             # timestamp
            """))))[0];
        Assert.Equal("0", f.Value("cql.batch_type"));
        Assert.Equal("2", f.Value("cql.batch_query_size"));
        Assert.Equal(["0", "1"], f.Values("cql.batch_query_type"));
        Assert.Equal("INSERT 1", f.Value("cql.string"));
        Assert.Equal("abcd", f.Value("cql.query_id"));
        Assert.Equal(["1", "-1"], f.Values("cql.bytes_length.int"));
        Assert.Equal("0x0004", f.Value("cql.consistency"));
        Assert.Equal("0x20", f.Value("cql.batch.flags"));
        Assert.Equal("1", f.Value("cql.batch.flags.default_timestamp"));
        Assert.Equal("v4 C->S Type BATCH LOGGED (2 statements): INSERT 1", f.Info);
    }

    [Fact]
    public void Register_Options_Ready_AuthExchange()
    {
        var frames = Exchange(
            (true, Request(4, 1, 0x0B, StringList("TOPOLOGY_CHANGE", "STATUS_CHANGE"))),
            (false, Response(4, 1, 0x02, [])),
            (true, Request(4, 2, 0x05, [])),
            (false, Response(4, 2, 0x03, Str("org.apache.cassandra.auth.PasswordAuthenticator"))),
            (true, Request(4, 3, 0x0F, Bytes(H("00 75 00 70")))),
            (false, Response(4, 3, 0x0E, Bytes(H("0102")))),
            (false, Response(4, 3, 0x10, Null)));
        Assert.Equal(["TOPOLOGY_CHANGE", "STATUS_CHANGE"], frames[0].Values("cql.string"));
        Assert.Equal("2", frames[0].Value("cql.string_list_size"));
        Assert.False(frames[1].Has("cql.ie_data_not_dissected_yet"));
        Assert.Equal("org.apache.cassandra.auth.PasswordAuthenticator", frames[3].Value("cql.authenticator"));
        Assert.False(frames[3].Has("cql.string"));
        Assert.Equal("00750070", frames[4].Value("cql.auth_token"));
        Assert.Equal("0102", frames[5].Value("cql.auth_token"));
        Assert.True(frames[6].Has("cql.null_value"));
        Assert.False(frames[6].Has("cql.bytes_length.int"));
    }

    [Fact]
    public void Supported_MultimapGoesToOptionFields_NotCqlString()
    {
        var body = Concat(Short(2), Str("COMPRESSION"), StringList("lz4", "snappy"), Str("SCYLLA_RATE_LIMIT_ERROR"), StringList("ERROR_CODE=61440"));
        var h = new CqlHarness();
        var frames = Exchange(h, (true, Request(4, 0, 0x05, [])), (false, Response(4, 0, 0x06, body)),
            (true, Request(4, 1, 0x07, Concat(LongStr("UPDATE t"), H("0001 00")))),
            (false, Response(4, 1, 0x00, Concat(Int(61440), Str("rate limit"), H("01 00")))));
        Assert.Equal(["COMPRESSION", "SCYLLA_RATE_LIMIT_ERROR"], frames[1].Values("cql.option.name"));
        Assert.Equal(["lz4", "snappy", "ERROR_CODE=61440"], frames[1].Values("cql.option.value"));
        Assert.False(frames[1].Has("cql.string"));
        Assert.Equal("1", frames[3].Value("cql.error.rate_limit.op_type"));
        Assert.Equal("0", frames[3].Value("cql.error.rate_limit.rejected_by_coordinator"));
        Assert.StartsWith("v4 S->C Type ERROR Rate_limit (0xf000): rate limit", frames[3].Info, StringComparison.Ordinal);
    }

    [Fact]
    public void Events_TopologyStatusAndSchema()
    {
        var frames = Exchange(
            (false, Response(4, -1, 0x0C, Concat(Str("TOPOLOGY_CHANGE"), Str("NEW_NODE"), H("10 00000000000000000000000000000001"), Int(9042)))),
            (false, Response(4, -1, 0x0C, Concat(Str("SCHEMA_CHANGE"), Str("CREATED"), Str("FUNCTION"), Str("ks"), Str("f"), StringList("int", "text")))));
        Assert.Equal("::1", frames[0].Value("cql.event.ipv6"));
        Assert.Equal("NEW_NODE", frames[0].Value("cql.event.change"));
        Assert.Equal("FUNCTION", frames[1].Value("cql.schema_change_target"));
        Assert.Equal("f", frames[1].Value("cql.schema_change_object_name"));
        Assert.Equal(["int", "text"], frames[1].Values("cql.schema_change_argument"));
        Assert.Equal("ks", frames[1].Value("cql.keyspace"));
    }

    [Fact]
    public void TracingWarningsAndCustomPayload_PrefixesAreSkipped()
    {
        var body = Concat(
            H("00112233445566778899aabbccddeeff"),             // tracing id
            StringList("Aggregation query used without partition key"),
            H("0001"), Str("k"), Bytes(H("beef")),            // custom payload: 1 entry
            Int(1));                                          // RESULT Void
        var f = Exchange((false, Response(4, 0, 0x08, body, flags: 0x0E)))[0];
        Assert.Equal("00112233-4455-6677-8899-aabbccddeeff", f.Value("cql.tracing_id"));
        Assert.Equal("Aggregation query used without partition key", f.Value("cql.warning"));
        Assert.Equal("k", f.Value("cql.bytesmap.key"));
        Assert.Equal("beef", f.Value("cql.bytesmap.value"));
        Assert.Equal("1", f.Value("cql.result.kind"));
        Assert.Equal("1", f.Value("cql.flags.tracing"));
        Assert.Equal("1", f.Value("cql.flags.warning"));
        Assert.Equal("1", f.Value("cql.flags.custom_payload"));
    }

    [Fact]
    public void UnknownOpcode_IsNotDissectedYet_NotMalformed()
    {
        var h = new CqlHarness();
        var f = Exchange(h, (true, Request(4, 0, 0x04, H("0102"))))[0];
        Assert.True(f.Has("cql.ie_data_not_dissected_yet"));
        Assert.Equal("v4 C->S Type Unknown (0x04)", f.Info);
        Assert.Equal(0, h.MalformedCount);
    }

    [Fact]
    public void TruncatedBody_IsAnExpertItem_AndTheNextFrameIsFine()
    {
        var h = new CqlHarness();
        var frames = Exchange(h,
            (true, Request(4, 0, 0x07, H("00 00 00 ff 41"))),      // long string claims 255 bytes, has 1
            (true, Request(4, 1, 0x05, [])));
        Assert.True(frames[0].Has("cql.truncated"));
        Assert.Equal("5", frames[1].Value("cql.opcode"));
        Assert.Equal(1, h.MalformedCount);
    }
}
