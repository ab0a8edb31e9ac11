using Dissectors.Protocols.Tests.Cql;
using static Dissectors.Protocols.Tests.Tarantool.TarantoolHarness;

namespace Dissectors.Protocols.Tests.Tarantool;

/// <summary>
/// The byte-by-byte examples of Tarantool's "Understanding the binary protocol" walkthrough, one test each,
/// decoding to the values the walkthrough gives.
/// </summary>
public class TarantoolWalkthroughTests
{
    private static DissectedFrame One(bool fromClient, byte[] payload, byte[]? before = null, bool beforeFromClient = true)
    {
        var flow = Flow();
        if (before is not null)
        {
            flow.Send(beforeFromClient, before);
        }

        flow.Send(fromClient, payload);
        var h = new TarantoolHarness();
        var frames = h.Run(flow.Frames);
        Assert.Equal(0, h.DissectorBugs);
        return frames[^1];
    }

    [Fact]
    public void Select_Sync4_Space512_Key280()
    {
        var f = One(true, H("""
            ce 00 00 00 1b   # MP_UINT 27 = bytes after this
            82               # header map, 2 items
            01 04            #   IPROTO_SYNC 4
            00 01            #   IPROTO_REQUEST_TYPE IPROTO_SELECT
            86               # body map, 6 items
            10 cd 02 00      #   IPROTO_SPACE_ID 512
            11 00            #   IPROTO_INDEX_ID 0
            14 00            #   IPROTO_ITERATOR 0 (EQ)
            13 00            #   IPROTO_OFFSET 0
            12 ce ff ff ff ff #  IPROTO_LIMIT 4294967295
            20 91 cd 01 18   #   IPROTO_KEY [280]
            """));
        Assert.Equal("27", f.Value("tnt.size"));
        Assert.Equal("4", f.Value("tnt.sync"));
        Assert.Equal("0x0001", f.Value("tnt.type"));
        Assert.Equal("select", f.Value("tnt.request"));
        Assert.Equal("0", f.Value("tnt.response"));
        Assert.Equal("512", f.Value("tnt.space_id"));
        Assert.Equal("0", f.Value("tnt.index_id"));
        Assert.Equal("0", f.Value("tnt.iterator"));
        Assert.Equal("0", f.Value("tnt.offset"));
        Assert.Equal("4294967295", f.Value("tnt.limit"));
        Assert.Equal("[280]", f.Value("tnt.key"));
        Assert.Equal(["280"], f.Values("tnt.mp.uint"));
        Assert.Equal("SELECT space=512 sync=4", f.Info);
        Assert.EndsWith(":tarantool", f.Protocols, StringComparison.Ordinal);
    }

    [Fact]
    public void Update_IndexBase1_OpsInTuple_Key2()
    {
        // The walkthrough's comment says "MP_UINT 256", but its bytes cd 02 00 are 512: we decode the bytes.
        var f = One(true, Msg(H("""
            82 01 07 00 04   # header: SYNC 7, REQUEST_TYPE IPROTO_UPDATE
            85               # body map, 5 items
            10 cd 02 00      #   IPROTO_SPACE_ID
            11 00            #   IPROTO_INDEX_ID 0
            15 01            #   IPROTO_INDEX_BASE 1
            21 91            #   IPROTO_TUPLE: array of 1 operation
               93 a1 3d 02 a5 42 42 42 42 42   # ['=', 2, 'BBBBB']
            20 91 02         #   IPROTO_KEY [2]
            """)));
        Assert.Equal("0x0004", f.Value("tnt.type"));
        Assert.Equal("512", f.Value("tnt.space_id"));
        Assert.Equal("1", f.Value("tnt.index_base"));
        Assert.Equal("[[\"=\", 2, \"BBBBB\"]]", f.Value("tnt.tuple"));
        Assert.Equal("=", f.Value("tnt.operation.operator"));
        Assert.Equal("2", f.Value("tnt.operation.field"));
        Assert.Equal("[2]", f.Value("tnt.key"));
    }

    [Fact]
    public void Execute_StmtId_Bind_Options()
    {
        var f = One(true, Msg(H("""
            82 00 0b 01 09   # header: REQUEST_TYPE IPROTO_EXECUTE, SYNC 9
            83               # body map, 3 items
            43 ce d7 aa 74 1b  # IPROTO_STMT_ID
            41 92 01 a1 61   #   IPROTO_SQL_BIND [1, 'a']
            2b 90            #   IPROTO_OPTIONS []
            """)));
        Assert.Equal("0x00000000d7aa741b", f.Value("tnt.stmt_id"));
        Assert.Equal("[1, \"a\"]", f.Value("tnt.sql_bind"));
        Assert.Equal("[]", f.Value("tnt.options"));
        Assert.Equal("execute", f.Value("tnt.request"));
        Assert.Equal("EXECUTE stmt_id=0xd7aa741b sync=9", f.Info);
    }

    [Fact]
    public void InsertResponse_Ok_Sync83_Schema104_Data()
    {
        var f = One(false, H("""
            ce 00 00 00 20                 # length 32
            83                             # header map, 3 items
            00 ce 00 00 00 00              #   IPROTO_REQUEST_TYPE IPROTO_OK
            01 cf 00 00 00 00 00 00 00 53  #   IPROTO_SYNC 83
            05 ce 00 00 00 68              #   IPROTO_SCHEMA_VERSION 104
            81                             # body map, 1 item
            30 dd 00 00 00 01 91 06        #   IPROTO_DATA [[6]]
            """), before: Msg(H("82 00 02 01 53 82 10 cd 02 00 21 91 06")));
        Assert.Equal("0x0000", f.Value("tnt.type"));
        Assert.Equal("1", f.Value("tnt.response"));
        Assert.Equal("83", f.Value("tnt.sync"));
        Assert.Equal("104", f.Value("tnt.schema_version"));
        Assert.Equal("[[6]]", f.Value("tnt.data"));
        Assert.False(f.Has("tnt.space_id"));
        Assert.Equal("4", f.Value("tnt.response_to"));
        Assert.Equal("INSERT", f.Value("tnt.response_to_request"));
        Assert.Equal("OK sync=83 (INSERT)", f.Info);
    }

    [Fact]
    public void ErrorResponse_Code10_Error24Message()
    {
        var msg = "Space '_space' already exists"u8.ToArray();
        var f = One(false, [.. H("""
            ce 00 00 00 3b                 # length 59
            83                             # header map, 3 items
            00 ce 00 00 80 0a              #   IPROTO_REQUEST_TYPE 0x800a (error 10)
            01 cf 00 00 00 00 00 00 00 26  #   IPROTO_SYNC 38
            05 ce 00 00 00 78              #   IPROTO_SCHEMA_VERSION 120
            81                             # body map, 1 item
            31 db 00 00 00 1d              #   IPROTO_ERROR_24, str of 29 bytes
            """), .. msg]);
        Assert.Equal("0x800a", f.Value("tnt.type"));
        Assert.Equal("10", f.Value("tnt.error.code"));
        Assert.Equal("38", f.Value("tnt.sync"));
        Assert.Equal("120", f.Value("tnt.schema_version"));
        Assert.Equal("Space '_space' already exists", f.Value("tnt.error.message"));
        Assert.Equal("1", f.Value("tnt.response"));
        Assert.Equal("ERROR 10 sync=38: Space '_space' already exists", f.Info);
    }

    [Fact]
    public void SqlInsertResponse_RowCount_AutoincrementIds()
    {
        var f = One(false, Msg(H("""
            82 00 00 01 05    # header: OK, SYNC 5
            81                # body map, 1 item
            42 82             #   IPROTO_SQL_INFO, map of 2
               00 02          #     SQL_INFO_ROW_COUNT 2
               01 92 01 02    #     SQL_INFO_AUTOINCREMENT_IDS [1, 2]
            """)));
        Assert.Equal("2", f.Value("tnt.sql_info.row_count"));
        Assert.Equal(["1", "2"], f.Values("tnt.sql_info.autoincrement_id"));
    }

    private static readonly string s_metadata = """
        32                       # IPROTO_METADATA
        92                       # 2 columns
        85                       #   column 1: map of 5
        00 a2 44 44              #     FIELD_NAME 'DD'
        01 a7 69 6e 74 65 67 65 72  #  FIELD_TYPE 'integer'
        03 c2                    #     IS_NULLABLE false
        04 c3                    #     IS_AUTOINCREMENT true
        05 c0                    #     SPAN nil
        85                       #   column 2: map of 5
        00 a2 d0 94              #     FIELD_NAME 'Д'
        01 a6 73 74 72 69 6e 67  #     FIELD_TYPE 'string'
        02 a7 75 6e 69 63 6f 64 65  #  FIELD_COLL 'unicode'
        03 c3                    #     IS_NULLABLE true
        05 a4 d0 b4 d0 b4        #     SPAN 'дд'
        """;

    [Fact]
    public void SqlSelect_FullMetadata_AndRows()
    {
        var f = One(false, Msg(H("82 00 00 01 0a   # header: OK, SYNC 10\n82   # body: metadata and rows\n" + s_metadata + "\n" + """
            30 92            # IPROTO_DATA, 2 rows
               92 01 a1 61   #   [1, 'a']
               92 02 a1 62   #   [2, 'b']
            """)));
        Assert.Equal(["DD", "Д"], f.Values("tnt.metadata.name"));
        Assert.Equal(["integer", "string"], f.Values("tnt.metadata.type"));
        Assert.Equal(["unicode"], f.Values("tnt.metadata.collation"));
        Assert.Equal(["0", "1"], f.Values("tnt.metadata.is_nullable"));
        Assert.Equal(["1"], f.Values("tnt.metadata.is_autoincrement"));
        Assert.Equal(["дд"], f.Values("tnt.metadata.span"));
        Assert.Equal("[[1, \"a\"], [2, \"b\"]]", f.Value("tnt.data"));
    }

    [Fact]
    public void PrepareResponse_StmtId_BindCount_BindMetadata_Metadata()
    {
        var f = One(false, Msg(H("82 00 00 01 0b   # header: OK, SYNC 11\n" + """
            84                 # body map, 4 items
            43 ce c2 3c 2c 1e  #   IPROTO_STMT_ID
            34 00              #   IPROTO_BIND_COUNT 0
            33 90              #   IPROTO_BIND_METADATA []
            """ + "\n" + s_metadata)));
        Assert.Equal("0x00000000c23c2c1e", f.Value("tnt.stmt_id"));
        Assert.Equal("0", f.Value("tnt.bind_count"));
        Assert.True(f.Has("tnt.bind_metadata"));
        Assert.Equal(2, f.Values("tnt.metadata.column").Length);
    }

    [Fact]
    public void Heartbeat_MasterAndReplica()
    {
        var master = Msg(H("""
            83                 # header map, 3 items
            00 00              #   REQUEST_TYPE 0 (OK)
            02 02              #   REPLICA_ID 2
            04 cb 41 d7 ba 06 7b 3a 03 21  # TIMESTAMP, float 64
            81 5a 14           # body: VCLOCK_SYNC 20
            """));
        var replica = Msg(H("""
            81 00 00           # header: REQUEST_TYPE 0 (OK)
            83                 # body map, 3 items
            26 81 01 06        #   VCLOCK {1: 6}
            5a 14              #   VCLOCK_SYNC 20
            53 31              #   TERM 49
            """));
        var flow = Flow();
        flow.Send(false, master);
        flow.Send(true, replica);
        var h = new TarantoolHarness();
        var frames = h.Run(flow.Frames);
        var m = frames[^2];
        Assert.Equal("2", m.Value("tnt.replica_id"));
        Assert.Equal("20", m.Value("tnt.vclock_sync"));
        Assert.Equal(1_592_269_292.906441, double.Parse(m.Value("tnt.timestamp")!, System.Globalization.CultureInfo.InvariantCulture), 5);
        Assert.False(m.Has("tnt.sync"));
        var r = frames[^1];
        Assert.Equal("{1: 6}", r.Value("tnt.vclock"));
        Assert.Equal("1", r.Value("tnt.vclock.replica_id"));
        Assert.Equal("6", r.Value("tnt.vclock.lsn"));
        Assert.Equal("20", r.Value("tnt.vclock_sync"));
        Assert.Equal("49", r.Value("tnt.term"));
    }
}
