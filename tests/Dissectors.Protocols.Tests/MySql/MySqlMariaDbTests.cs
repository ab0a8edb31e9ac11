using Dissectors.Testing;
using static Dissectors.Protocols.Tests.MySql.My;

namespace Dissectors.Protocols.Tests.MySql;

/// <summary>MariaDB's additions: extended capabilities in the reserved bytes, its collations, bulk execute.</summary>
public class MySqlMariaDbTests
{
    [Fact]
    public void MariaDbGreeting_ShowsItsExtendedCapabilities_AndLanguageAsMariaDbFields()
    {
        // The test greeting: version "...-MariaDB", CLIENT_MYSQL (bit 0) clear, reserved bytes 6 + 4 (extcaps 0).
        byte[] g = (byte[])Greeting.Clone();
        int caps = g.AsSpan().IndexOf((ReadOnlySpan<byte>)[0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x39]);
        g[caps + 6] = 0x1d;   // MariaDB caps: progress, bulk, extended metadata, cache metadata
        var flow = Flow();
        flow.Send(false, g);
        var f = new MySqlHarness().Run(flow.Frames)[^1];
        Assert.Equal("45", f.Value("mariadb.server_language"));
        Assert.False(f.Has("mysql.server_language"));
        Assert.Equal("0x0000001d", f.Value("mariadb.extcaps.server"));
        Assert.Equal(["1"], f.Values("mariadb.caps.pr"));
        Assert.Equal(["0"], f.Values("mariadb.caps.cm"));
        Assert.Equal(["1"], f.Values("mariadb.caps.bo"));
        Assert.Equal(["000000000000"], f.Values("mysql.unused"));
    }

    [Fact]
    public void LoginWithoutClientMysqlBit_HasMariaDbClientCaps_WithItBothWordsAreReserved()
    {
        // caps 0x000AA208: no CLIENT_MYSQL (bit 0), so bytes 28-31 are the MariaDB client capabilities.
        var flow = LoggedIn();
        var login = new MySqlHarness().Run(flow.Frames).Single(x => x.Has("mysql.login_request"));
        Assert.Equal("0x00000000", login.Value("mariadb.extcaps.client"));
        Assert.Equal(19 * 2, login.Value("mysql.unused")!.Length);
        Assert.Equal("45", login.Value("mariadb.charset"));   // collation of a MariaDB server's session

        var mysqlClient = LoggedIn(caps: 0x000A_A209);
        var login2 = new MySqlHarness().Run(mysqlClient.Frames).Single(x => x.Has("mysql.login_request"));
        Assert.False(login2.Has("mariadb.extcaps.client"));
        Assert.Equal(23 * 2, login2.Value("mysql.unused")!.Length);
    }
}

/// <summary>MariaDB COM_STMT_BULK_EXECUTE bodies, from the MariaDB protocol documentation.</summary>
public class MySqlBulkExecuteTests
{
    /// <summary>A COM_STMT_PREPARE of two parameters and its response: OK with stmt id 5, 2 parameter definitions, EOF.</summary>
    private static TcpFlowBuilder Prepared()
    {
        var flow = LoggedIn();
        flow.Send(true, Packet(0, Concat([0x16], System.Text.Encoding.ASCII.GetBytes("INSERT INTO t VALUES (?, ?)"))));
        flow.Send(false, Concat(
            Packet(1, H("00 05000000 0000 0200 00 0000")),   // OK, stmt 5, 0 columns, 2 params, filler, 0 warnings
            Column(2, "?"), Column(3, "?"), Eof(4)));
        return flow;
    }

    [Fact]
    public void BulkExecute_WithTypes_ShowsEveryRowsIndicatorsAndValues()
    {
        var flow = Prepared();
        flow.Send(true, Packet(0, H("""
            fa                       # COM_STMT_BULK_EXECUTE
            05000000                 # statement 5
            8000                     # bulk flags: SEND_TYPES_TO_SERVER
            0300 fd00                # LONG signed, VAR_STRING
            00 07000000  00 02 6869  # row 1: none 7, none "hi"
            01           02          # row 2: NULL, DEFAULT
            00 ffffffff  03          # row 3: none -1, IGNORE
            """)));
        flow.Send(false, Packet(1, H("00 03 00 0200 0000")));   // OK, 3 rows
        var h = new MySqlHarness();
        var frames = h.Run(flow.Frames);
        var bulk = frames[^2];
        Assert.Equal("250", bulk.Value("mysql.command"));
        Assert.Equal(["Request Command Execute Bulk Statement"], bulk.Labels("mysql.request"));   // tshark's line
        Assert.Equal("5", bulk.Value("mysql.stmt_id"));
        Assert.Equal("INSERT INTO t VALUES (?, ?)", bulk.Value("mysql.stmt.query"));
        Assert.Equal("0x0080", bulk.Value("mariadb.bulk.flags"));
        Assert.Equal(["1"], bulk.Values("mariadb.bulk.flag.sendtypes"));
        Assert.Equal(["0"], bulk.Values("mariadb.bulk.flag.autoid"));
        Assert.True(bulk.Has("mariadb.bulk.paramtypesg"));
        Assert.Equal(["3", "253"], bulk.Values("mysql.field.type"));
        Assert.Equal(["1", "2", "3"], bulk.Values("mariadb.bulk.row_nr"));
        Assert.Equal(["0x00", "0x00", "0x01", "0x02", "0x00", "0x03"], bulk.Values("mariadb.bulk.indicators"));
        Assert.Equal(["7", "-1"], bulk.Values("mysql.exec.field.long"));
        Assert.Equal(["hi"], bulk.Values("mysql.exec.field.string"));
        Assert.False(bulk.Has("mysql.exec_param"));   // tshark: the values sit in the row's "[N. Dataset]" item
        Assert.Equal("3", frames[^1].Value("mysql.affected_rows"));
        Assert.Equal(0, h.DissectorBugs);
    }

    [Fact]
    public void BulkExecute_WithoutTypes_ReusesTheBoundOnes_AndMinusOneIsTheLastPrepared()
    {
        var flow = Prepared();
        flow.Send(true, Packet(0, H("fa 05000000 8000 0800 fe00  00 0100000000000000 00 01 78")));   // LONGLONG, STRING
        flow.Send(false, Packet(1, H("00 01 00 0200 0000")));
        flow.Send(true, Packet(0, H("fa ffffffff 0000  00 0200000000000000 00 01 79  01 00 01 7a")));  // id -1, no types
        flow.Send(false, Packet(1, H("00 02 00 0200 0000")));
        var h = new MySqlHarness();
        var frames = h.Run(flow.Frames);
        var bulk = frames[^2];
        Assert.Equal("4294967295", bulk.Value("mysql.stmt_id"));
        Assert.Equal("INSERT INTO t VALUES (?, ?)", bulk.Value("mysql.stmt.query"));
        Assert.False(bulk.Has("mariadb.bulk.paramtypesg"));
        Assert.Equal(["2"], bulk.Values("mysql.exec.field.longlong"));
        Assert.Equal(["y", "z"], bulk.Values("mysql.exec.field.string"));
        Assert.Equal(["1", "2"], bulk.Values("mariadb.bulk.row_nr"));
        Assert.Equal(0, h.DissectorBugs);
    }

    [Fact]
    public void BulkExecute_CutInsideARow_OrForAnUnknownStatement_GivesExpertItems()
    {
        var flow = Prepared();
        flow.Send(true, Packet(0, H("fa 05000000 8000 0300 fd00  00 07000000 00 05 6869")));   // string longer than the packet
        flow.Send(true, Packet(0, H("fa 05000000 0000  00 08000000")));                       // second parameter missing
        flow.Send(true, Packet(0, H("fa 09000000 0000  00 01")));                              // never prepared
        flow.Send(true, Query("SELECT 1"));
        var h = new MySqlHarness();
        var frames = h.Run(flow.Frames);
        Assert.True(frames[^4].Has("mysql.invalid_length"));
        Assert.True(frames[^3].Has("mysql.truncated"));
        Assert.True(frames[^2].Has("mysql.prepare_response_needed"));
        Assert.Equal("SELECT 1", frames[^1].Value("mysql.query"));
        Assert.Equal(0, h.DissectorBugs);
    }
}

/// <summary>COM_QUERY with CLIENT_QUERY_ATTRIBUTES (MySQL 8.0.23+), from the MySQL protocol documentation.</summary>
public class MySqlQueryAttributesTests
{
    private const uint QueryAttributesCap = 1u << 27;

    /// <summary>Greeting and login both with CLIENT_QUERY_ATTRIBUTES (caps high bit 11).</summary>
    private static TcpFlowBuilder Session()
    {
        byte[] g = (byte[])Greeting.Clone();
        int i = g.AsSpan().IndexOf((ReadOnlySpan<byte>)[0x2d, 0x02, 0x00, 0x3f, 0x00]);
        g[i + 4] |= 0x08;
        var flow = Flow();
        flow.Send(false, g);
        flow.Send(true, Login(0x000A_A208u | QueryAttributesCap));
        flow.Send(false, Ok);
        return flow;
    }

    [Fact]
    public void TheManualsExample_OneStringAttribute_ThenTheQuery()
    {
        // The COM_QUERY example of the MySQL source documentation (page_protocol_com_query), byte for byte
        // except its packet header: the manual's length 0x21 (33) predates the attributes (1 + the 32-byte SQL).
        var flow = Session();
        flow.Send(true, Packet(0, H("""
            03
            01 01                    # 1 parameter, 1 parameter set
            00 01                    # NULL bitmap, new params bound
            fe 00 01 61              # STRING, name "a"
            01 31                    # value "1"
            73656c65637420404076657273696f6e5f636f6d6d656e74206c696d69742031   # select @@version_comment limit 1
            """)));
        var f = new MySqlHarness().Run(flow.Frames)[^1];
        Assert.Equal("1", f.Value("mysql.query_attrs_count"));
        Assert.Equal("1", f.Value("mysql.query_attrs_send_types_to_server"));
        Assert.Equal("0x00fe", f.Value("mysql.query_attr_name_type"));
        Assert.Equal("a", f.Value("mysql.query_attr_name"));
        Assert.Equal("1", f.Value("mysql.query_attr_value"));
        Assert.Equal("select @@version_comment limit 1", f.Value("mysql.query"));
    }

    [Fact]
    public void TypedAttributes_AreDecodedByType_AndNullsCarryNoValue()
    {
        var flow = Session();
        flow.Send(true, Packet(0, H("""
            03
            04 01                    # 4 parameters, 1 set
            02 01                    # NULL bitmap: the second is NULL; new params bound
            0880 02 6964             # LONGLONG unsigned "id"
            fd00 01 6e               # VAR_STRING "n" (NULL)
            0a00 02 6474             # DATE "dt"
            0500 01 64               # DOUBLE "d"
            2a00000000000000         # id = 42
            04 e807 0c 1f            # dt = 2024-12-31
            000000000000f83f         # d = 1.5
            53454c4543542031         # SELECT 1
            """)));
        var f = new MySqlHarness().Run(flow.Frames)[^1];
        Assert.Equal("4", f.Value("mysql.query_attrs_count"));
        Assert.Equal(["id", "n", "dt", "d"], f.Values("mysql.query_attr_name"));
        Assert.Equal(["0x8008", "0x00fd", "0x000a", "0x0005"], f.Values("mysql.query_attr_name_type"));
        Assert.Equal("42", f.Value("mysql.exec.field.unsigned_longlong"));
        Assert.Equal(["2024", "12", "31"], [f.Value("mysql.exec.field.year")!, f.Value("mysql.exec.field.month")!, f.Value("mysql.exec.field.day")!]);
        Assert.Equal("1.5", f.Value("mysql.exec.field.double"));
        Assert.False(f.Has("mysql.query_attr_value"));
        Assert.Equal("SELECT 1", f.Value("mysql.query"));
    }

    [Fact]
    public void Execute_WithQueryAttributes_HasAParameterCount_AndANamePerBoundType()
    {
        // MySQL 8.0.26+ COM_STMT_EXECUTE: parameter_count (lenenc), then per bound type its name; the count may
        // exceed the statement's own parameters (the rest are query attributes).
        var flow = Session();
        flow.Send(true, Packet(0, Concat([0x16], System.Text.Encoding.ASCII.GetBytes("SELECT ?"))));
        flow.Send(false, Concat(Packet(1, H("00 07000000 0100 0100 00 0000")), Column(2, "?"), Eof(3), Column(4, "?"), Eof(5)));
        flow.Send(true, Packet(0, H("""
            17 07000000 00 01000000  # execute stmt 7, no cursor, 1 iteration
            02                       # parameter_count 2 (1 from prepare + 1 attribute)
            00 01                    # NULL bitmap, new params bound
            0300 00                  # LONG, no name
            fd00 05 7472616365       # VAR_STRING named "trace"
            2a000000                 # 42
            03 616263                # "abc"
            """)));
        flow.Send(true, Packet(0, H("17 07000000 00 01000000  fd ffff 00")));   // count 65535 with 1 byte left
        flow.Send(true, Packet(0, H("03 00 01 53454c4543542033")));   // SELECT 3, no attributes
        var h = new MySqlHarness();
        var frames = h.Run(flow.Frames);
        var exec = frames[^3];
        Assert.Equal("2", exec.Value("mysql.num_params"));
        Assert.Equal(["3", "253"], exec.Values("mysql.field.type"));
        Assert.Equal(["", "trace"], exec.Values("mysql.query_attr_name"));
        Assert.Equal("42", exec.Value("mysql.exec.field.long"));
        Assert.Equal("abc", exec.Value("mysql.exec.field.string"));
        Assert.True(frames[^2].Has("mysql.count_too_large"));
        Assert.Equal("SELECT 3", frames[^1].Value("mysql.query"));
        Assert.Equal(0, h.DissectorBugs);
    }

    [Fact]
    public void LyingCountsAndCutValues_AreExpertItems_AndTheStreamGoesOn()
    {
        var flow = Session();
        flow.Send(true, Packet(0, H("03 fc ffff 01 00 01")));              // 65535 attributes in 3 bytes
        flow.Send(true, Packet(0, H("03 01 01 00 01 fe00 01 61 05 31")));   // value longer than the packet
        flow.Send(true, Packet(0, H("03 01 01 00 00 fe00 01 61")));         // new-params-bound 0
        flow.Send(true, Packet(0, H("03 00 01 53454c4543542032")));         // no attributes
        var h = new MySqlHarness();
        var frames = h.Run(flow.Frames);
        Assert.True(frames[^4].Has("mysql.count_too_large"));
        Assert.True(frames[^3].Has("mysql.invalid_length"));
        Assert.True(frames[^2].Has("mysql.unknown_response"));
        Assert.Equal("SELECT 2", frames[^1].Value("mysql.query"));
        Assert.Equal(0, h.DissectorBugs);
    }
}

public class MySqlOkPacketTests
{
    [Fact]
    public void ServerPackets_AreLabelledByKind_AsTsharkLabelsThem()
    {
        // tshark 4.0's "MySQL Protocol - <kind>" lines (checked against its -O mysql output of the samples).
        var flow = LoggedIn();
        flow.Send(true, Query("SELECT id, note FROM orders"));
        flow.Send(false, Concat(Packet(1, H("02")), Column(2, "id", 3), Column(3, "note"), Eof(4), Row(5, "1", "x"), Eof(6)));
        flow.Send(true, Packet(0, Concat([0x16], System.Text.Encoding.ASCII.GetBytes("SELECT ? FROM t"))));
        flow.Send(false, Concat(Packet(1, H("00 05000000 0100 0100 00 0000")), Column(2, "?"), Eof(3), Column(4, "a"), Eof(5)));
        flow.Send(true, Query("SELEKT"));
        flow.Send(false, Packet(1, H("ff 2804 23 3432303030 73796e746178")));
        var frames = new MySqlHarness().Run(flow.Frames);
        Assert.Equal(["MySQL Protocol - response OK"], frames.Single(f => f.Has("mysql.affected_rows")).Labels("mysql"));
        Assert.Equal(["MySQL Protocol - column count", "MySQL Protocol - field packet", "MySQL Protocol - field packet",
            "MySQL Protocol - intermediate EOF", "MySQL Protocol - row packet", "MySQL Protocol - response EOF"], frames[^5].Labels("mysql"));
        Assert.Equal(["MySQL Protocol - response to PREPARE", "MySQL Protocol - parameters in response to PREPARE",
            "MySQL Protocol - intermediate EOF", "MySQL Protocol - fields in response to PREPARE", "MySQL Protocol - response EOF"], frames[^3].Labels("mysql"));
        Assert.Equal(["MySQL Protocol - response ERROR"], frames[^1].Labels("mysql"));
        Assert.Equal([""], frames[^2].Labels("mysql"));   // requests keep the plain protocol line
    }

    [Fact]
    public void ServerStatusFlags_AreListedInBitOrder_AsTsharkListsThem()
    {
        var flow = LoggedIn();
        flow.Send(true, Query("SELECT 1"));
        flow.Send(false, Packet(1, H("00 00 00 0240 0000")));   // OK, status 0x4002
        var f = new MySqlHarness().Run(flow.Frames)[^1];
        var order = f.Fields.Select(x => x.Field).Where(n => n.StartsWith("mysql.stat.", StringComparison.Ordinal)).ToList();
        Assert.Equal(["mysql.stat.it", "mysql.stat.ac", "mysql.stat.mu", "mysql.stat.mr", "mysql.stat.bi", "mysql.stat.ni",
            "mysql.stat.cr", "mysql.stat.lr", "mysql.stat.dr", "mysql.stat.bs", "mysql.stat.mc", "mysql.stat.query_was_slow",
            "mysql.stat.ps_out_params", "mysql.stat.trans_readonly", "mysql.stat.session_state_changed"], order);
        Assert.Equal("1", f.Value("mysql.stat.session_state_changed"));
    }

    [Fact]
    public void InsertId_IsShownOnlyWhenThereIsOne_AsTsharkDoes()
    {
        var flow = LoggedIn();
        flow.Send(true, Query("UPDATE t SET a = 1"));
        flow.Send(false, Packet(1, H("00 02 00 2200 0000")));   // OK: 2 affected, insert id 0
        flow.Send(true, Query("INSERT INTO t VALUES (NULL)"));
        flow.Send(false, Packet(1, H("00 01 05 0200 0000")));   // OK: 1 affected, insert id 5
        var frames = new MySqlHarness().Run(flow.Frames);
        Assert.Equal("2", frames[^3].Value("mysql.affected_rows"));
        Assert.False(frames[^3].Has("mysql.insert_id"));
        Assert.Equal("5", frames[^1].Value("mysql.insert_id"));
    }
}
