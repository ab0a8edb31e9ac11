using static Dissectors.Protocols.Tests.Cql.Cql;
using static Dissectors.Protocols.Tests.Cql.CqlMessageTests;

namespace Dissectors.Protocols.Tests.Cql;

/// <summary>RESULT kinds and every column type (native_protocol_v4.spec §4.2.5, §6; v5 §5).</summary>
public class CqlResultTests
{
    /// <summary>A one-column, one-row Rows result with a global table spec.</summary>
    private static byte[] OneCell(byte[] typeOption, byte[] cell, string column = "c") => Concat(
        Int(2),                       // kind Rows
        Int(1),                       // flags Global_tables_spec
        Int(1),                       // 1 column
        Str("ks"), Str("tbl"),        // global table spec
        Str(column), typeOption,      // col spec
        Int(1),                       // 1 row
        cell);                        // [bytes] cell

    private static DissectedFrame Cell(byte[] typeOption, byte[] cell, int version = 4)
    {
        var h = new CqlHarness();
        var f = Exchange(h, (false, Response(version, 3, 0x08, OneCell(typeOption, cell))))[0];
        Assert.Equal(0, h.MalformedCount);
        Assert.False(f.Has("cql.truncated"));
        return f;
    }

    [Fact]
    public void Void() => Assert.Equal("1", Exchange((false, Response(4, 1, 0x08, Int(1))))[0].Value("cql.result.kind"));

    [Fact]
    public void SetKeyspace_IsACqlStringAsInTshark()
    {
        var f = Exchange((false, Response(4, 1, 0x08, Concat(Int(3), Str("test")))))[0];
        Assert.Equal("3", f.Value("cql.result.kind"));
        Assert.Equal("test", f.Value("cql.string"));
        Assert.Equal("test", f.Value("cql.keyspace"));
        Assert.Equal("v4 S->C Type RESULT Set Keyspace test", f.Info);
    }

    [Fact]
    public void SchemaChange_RealFieldsPlusTsharksThreeEmptyStrings()
    {
        var f = Exchange((false, Response(4, 6, 0x08, Concat(Int(5), Str("CREATED"), Str("TABLE"), Str("ks"), Str("t2")))))[0];
        Assert.Equal(["", "", ""], f.Values("cql.string"));
        Assert.Equal("CREATED", f.Value("cql.schema_change_type"));
        Assert.Equal("TABLE", f.Value("cql.schema_change_target"));
        Assert.Equal("ks", f.Value("cql.schema_change_keyspace"));
        Assert.Equal("t2", f.Value("cql.schema_change_object_name"));
        Assert.Equal("t2", f.Value("cql.table"));
        Assert.Equal("v4 S->C Type RESULT Schema Change CREATED TABLE ks.t2", f.Info);
    }

    [Fact]
    public void Prepared_V3_HasNoPartitionKeyIndexes()
    {
        var f = Exchange((false, Response(3, 2, 0x08, H("""
            00 00 00 04                 # Prepared
            00 02 0102                  # id
            00 00 00 01 00 00 00 01     # variables: global spec, 1 column
            00 02 6b73 00 01 74         # ks t
            00 01 61 00 09              # a int
            00 00 00 04 00 00 00 00     # result metadata: no metadata, 0 columns
            """))))[0];
        Assert.Equal("0102", f.Value("cql.query_id"));
        Assert.Equal("1", f.Value("cql.prepared.column_count"));
        Assert.False(f.Has("cql.prepared.pk_count"));
        Assert.Equal("a", f.Value("cql.result.rows.column_name"));
    }

    [Fact]
    public void Prepared_V5_HasAResultMetadataId()
    {
        var f = Exchange((false, Response(5, 2, 0x08, H("""
            00 00 00 04                 # Prepared
            00 02 0102                  # id
            00 02 0a0b                  # result metadata id
            00 00 00 00 00 00 00 00     # variables: no flags, 0 columns
            00 00 00 00                 # pk_count 0
            00 00 00 04 00 00 00 00     # result metadata: no metadata
            """))))[0];
        Assert.Equal("0a0b", f.Value("cql.result_metadata_id"));
        Assert.Equal("0", f.Value("cql.prepared.pk_count"));
    }

    [Fact]
    public void Rows_PerColumnTableSpecs_PagingState_AndKeyspaceOnce()
    {
        var body = H("""
            00 00 00 02                     # Rows
            00 00 00 02                     # flags: Has_more_pages (no global spec)
            00 00 00 02                     # 2 columns
            00 00 00 02 c0fe                # paging state
            00 02 6b73 00 01 74 00 01 61 00 09   # ks.t a int
            00 02 6b73 00 01 74 00 01 62 00 0d   # ks.t b varchar
            00 00 00 01                     # 1 row
            00 00 00 04 00000005            # a = 5
            ff ff ff ff                     # b = NULL
            """);
        var f = Exchange((false, Response(4, 1, 0x08, body)))[0];
        Assert.Equal("c0fe", f.Value("cql.paging_state"));
        Assert.Equal("1", f.Value("cql.result.rows.flags.has_more_pages"));
        Assert.Equal(["ks", "ks"], f.Values("cql.result.rows.keyspace_name"));
        Assert.Equal(["ks"], f.Values("cql.keyspace"));
        Assert.Equal(["t"], f.Values("cql.table"));
        Assert.Equal("5", f.Value("cql.int"));
        Assert.Contains("b: NULL", f.Labels("cql.null_value"));
        Assert.Equal("1", f.Value("cql.result.rows.row_count"));
        Assert.Equal("2", f.Value("cql.result.rows.column_count"));
        Assert.Equal("v4 S->C Type RESULT Rows (1 row)", f.Info);
    }

    [Fact]
    public void Rows_WithoutMetadata_UseThePreparedStatementsResultMetadata()
    {
        var prepared = Response(4, 1, 0x08, H("""
            00 00 00 04 00 02 aaaa          # Prepared, id aaaa
            00 00 00 00 00 00 00 00 00 00 00 00   # no variables, pk_count 0
            00 00 00 01 00 00 00 01         # result metadata: global spec, 1 column
            00 02 6b73 00 01 74             # ks t
            00 03 6e756d 00 02              # num bigint
            """));
        var execute = Request(4, 2, 0x0A, H("00 02 aaaa 00 01 02"));   // skip metadata
        var rows = Response(4, 2, 0x08, H("""
            00 00 00 02 00 00 00 04 00 00 00 01   # Rows, No_metadata, 1 column
            00 00 00 01                           # 1 row
            00 00 00 08 0000000000000064          # num = 100
            """));
        var frames = Exchange((true, Request(4, 1, 0x09, LongStr("SELECT num FROM ks.t"))), (false, prepared), (true, execute), (false, rows));
        Assert.Equal("100", frames[3].Value("cql.bigint"));
        Assert.Contains("num: 100", frames[3].Labels("cql.bigint"));
        Assert.Equal("SELECT num FROM ks.t", frames[3].Value("cql.query"));
        Assert.Equal("1", frames[3].Value("cql.result.rows.flags.no_metadata"));
    }

    [Theory]
    [InlineData("0001", "68656c6c6f", "cql.ascii", "hello")]
    [InlineData("0002", "fffffffde78ee600", "cql.bigint", "-9000000000")]
    [InlineData("0003", "0001feff", "cql.bytes", "0001feff")]
    [InlineData("0004", "01", "cql.boolean", "1")]
    [InlineData("0004", "00", "cql.boolean", "0")]
    [InlineData("0005", "000000000000002a", "cql.counter", "42")]
    [InlineData("0006", "00000002 3039", "cql.decimal", "123.45")]
    [InlineData("0006", "00000002 f7", "cql.decimal", "-0.09")]
    [InlineData("0007", "400c000000000000", "cql.double", "3.5")]
    [InlineData("0008", "bfa00000", "cql.float", "-1.25")]
    [InlineData("0009", "00000011", "cql.int", "17")]
    [InlineData("000b", "000001712b501200", "cql.result.timestamp", "1585569600000")]
    [InlineData("000c", "8c6a1f70000040008000000000000001", "cql.uuid", "8c6a1f70-0000-4000-8000-000000000001")]
    [InlineData("000d", "4265726c696e20c3bc", "cql.varchar", "Berlin ü")]
    [InlineData("000e", "ff7f", "cql.varint.value", "-129")]
    [InlineData("000e", "0080", "cql.varint64", "128")]
    [InlineData("000e", "7f", "cql.varint", "127")]
    [InlineData("000e", "010000000000000000", "cql.varint.value", "18446744073709551616")]
    [InlineData("000f", "d2177dd0eaa211dea572001b779c76e3", "cql.timeuuid", "d2177dd0-eaa2-11de-a572-001b779c76e3")]
    [InlineData("0010", "0a000007", "cql.ipv4", "10.0.0.7")]
    [InlineData("0010", "20010db8000000000000000000000001", "cql.ipv6", "2001:db8::1")]
    [InlineData("0011", "80004985", "cql.date", "2021-07-13")]
    [InlineData("0011", "7fffffff", "cql.date", "1969-12-31")]
    [InlineData("0012", "00002ba7def30000", "cql.time", "13:20:00.000000000")]
    [InlineData("0013", "fed4", "cql.smallint", "-300")]
    [InlineData("0014", "f9", "cql.tinyint", "-7")]
    [InlineData("0015", "02 04 06", "cql.duration", "1mo2d3ns")]
    [InlineData("0015", "01 01 01", "cql.duration", "-1mo1d1ns")]
    [InlineData("0015", "00 00 fc06a8c9358400", "cql.duration", "1h1m1s")]
    public void ColumnType_DecodesToItsField(string type, string value, string field, string expected)
    {
        var cell = Bytes(H(value));
        var f = Cell(H(type), cell);
        Assert.Equal(expected, f.Value(field));
        if (field is not ("cql.varint" or "cql.varint64"))
        {
            // Labelled with the column name (the tshark-compatible varint fields sit next to cql.varint.value, which is).
            Assert.StartsWith("c: ", f.Labels(field)[0], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ColumnType_Custom_ShowsTheClassName()
    {
        var f = Cell(Concat(H("0000"), Str("org.example.MyType")), Bytes(H("00ff")));
        Assert.Equal("org.example.MyType", f.Value("cql.data_type.custom"));
        Assert.Equal("00ff", f.Value("cql.bytes"));
    }

    [Fact]
    public void ColumnType_ListSetMap()
    {
        var list = Cell(H("0020 0009"), Bytes(Concat(Int(2), Bytes(Int(1)), Bytes(Int(2)))));
        Assert.Equal(["1", "2"], list.Values("cql.int"));
        Assert.Equal("2", list.Value("cql.result.rows.list_size"));

        var set = Cell(H("0022 000d"), Bytes(Concat(Int(1), Bytes("a"u8))));
        Assert.Equal("a", set.Value("cql.varchar"));
        Assert.Equal("1", set.Value("cql.result.rows.set_size"));

        var map = Cell(H("0021 000d 0009"), Bytes(Concat(Int(1), Bytes("x"u8), Bytes(Int(9)))));
        Assert.Equal("x", map.Value("cql.varchar"));
        Assert.Equal("9", map.Value("cql.int"));
        Assert.Equal("1", map.Value("cql.result.rows.map_size"));
        Assert.Contains("value [0]: 9", map.Labels("cql.int"));
    }

    [Fact]
    public void ColumnType_UdtTupleAndNulls()
    {
        var udt = Cell(Concat(H("0030"), Str("ks"), Str("addr"), Short(2), Str("street"), H("000d"), Str("zip"), H("0009")),
            Bytes(Concat(Bytes("Main St"u8), Bytes(Int(10115)))));
        Assert.Equal("Main St", udt.Value("cql.varchar"));
        Assert.Contains("zip: 10115", udt.Labels("cql.int"));
        Assert.Equal("addr", udt.Value("cql.result.rows.udt_name"));
        Assert.Equal("street", udt.Values("cql.result.rows.udt_field_name")[0]);

        var tuple = Cell(H("0031 0002 0009 000d"), Bytes(Concat(Bytes(Int(5)), Null)));
        Assert.Equal("5", tuple.Value("cql.int"));
        Assert.True(tuple.Has("cql.null_value"));
        Assert.Equal("2", tuple.Value("cql.result.rows.tuple_size"));
    }

    [Fact]
    public void ColumnType_VectorAsCassandraCustomType()
    {
        var cls = Concat(H("0000"), Str("org.apache.cassandra.db.marshal.VectorType(org.apache.cassandra.db.marshal.FloatType, 3)"));
        var f = Cell(cls, Bytes(H("3f800000 40000000 40400000")));
        Assert.Equal(["1", "2", "3"], f.Values("cql.float"));
        Assert.Contains("3", f.Values("cql.result.rows.vector_size"));
    }

    [Fact]
    public void ColumnType_VectorOfVariableSizeElements_HasVIntLengths()
    {
        var f = Cell(H("0016 000d 00000002"), Bytes(H("01 61 02 6263")));
        Assert.Equal(["a", "bc"], f.Values("cql.varchar"));
    }

    [Fact]
    public void NestedCollections_AreFollowed_ToTheDepthCap()
    {
        // list<list<int>> holding [[7]]
        var f = Cell(H("0020 0020 0009"), Bytes(Concat(Int(1), Bytes(Concat(Int(1), Bytes(Int(7)))))));
        Assert.Equal("7", f.Value("cql.int"));

        // 40 nested lists exceed the cap: an expert item, no crash, no malformed count.
        var type = Enumerable.Repeat(H("0020"), 40).SelectMany(b => b).Concat(H("0009")).ToArray();
        var h = new CqlHarness();
        var deep = Exchange(h, (false, Response(4, 1, 0x08, OneCell(type, Bytes(Int(0))))))[0];
        Assert.True(deep.Has("cql.type_too_deep"));
    }

    [Fact]
    public void WrongValueLength_ForItsType_IsFlaggedAndShownRaw()
    {
        var h = new CqlHarness();
        var f = Exchange(h, (false, Response(4, 1, 0x08, OneCell(H("0009"), Bytes(H("000102"))))))[0];
        Assert.True(f.Has("cql.bad_value_length"));
        Assert.Equal("000102", f.Value("cql.bytes"));
    }

    [Fact]
    public void EmptyValue_IsDistinctFromNull()
    {
        var f = Cell(H("0009"), Bytes([]));
        Assert.Equal("0", f.Values("cql.bytes_length.int")[0]);
        Assert.False(f.Has("cql.null_value"));
        Assert.False(f.Has("cql.int"));
    }

    [Fact]
    public void ImpossibleRowCount_IsAnExpertItem_NotAnAllocation()
    {
        var h = new CqlHarness();
        var body = Concat(Int(2), Int(1), Int(3), Str("ks"), Str("t"), Str("a"), H("0009"), Str("b"), H("0009"), Str("c"), H("0009"),
            Int(int.MaxValue), Bytes(Int(1)));
        var f = Exchange(h, (false, Response(4, 1, 0x08, body)))[0];
        Assert.True(f.Has("cql.count_too_large"));
    }
}
