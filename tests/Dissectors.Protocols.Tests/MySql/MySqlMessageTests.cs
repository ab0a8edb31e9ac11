using Dissectors.Testing;
using static Dissectors.Protocols.Tests.MySql.My;

namespace Dissectors.Protocols.Tests.MySql;

/// <summary>Packets built from the protocol documentation, checked field by field and against tshark's Info column.</summary>
public class MySqlMessageTests
{
    [Fact]
    public void Greeting_LoginAndOk_DecodeWithTsharksInfo()
    {
        var h = new MySqlHarness();
        var frames = h.Run(LoggedIn().Frames);
        var greeting = frames[3];
        Assert.Equal("Server Greeting  proto=10 version=10.11.19-MariaDB ", greeting.Info);
        Assert.Equal("5.5.5-10.11.19-MariaDB", greeting.Value("mysql.version"));
        Assert.Equal("42", greeting.Value("mysql.thread_id"));
        Assert.Equal("1", greeting.Value("mysql.caps.cp"));
        Assert.Equal("mysql_native_password", greeting.Value("mysql.auth_plugin"));

        var login = frames[4];
        Assert.Equal("Login Request user=app db=shop ", login.Info);
        Assert.Equal("app", login.Value("mysql.user"));
        Assert.Equal("shop", login.Value("mysql.schema"));
        Assert.Equal("1", login.Value("mysql.packet_number"));

        var ok = frames[5];
        Assert.Equal("Response  OK ", ok.Info);
        Assert.Equal("0x00", ok.Value("mysql.response_code"));
        Assert.Equal("0x0002", ok.Value("mysql.server_status"));
        Assert.Equal(0, h.DissectorBugs);
    }

    [Fact]
    public void TextResultSet_ShowsColumnsRowsAndNull_InOneFrame()
    {
        var flow = LoggedIn();
        flow.Send(true, Query("SELECT customer, note FROM orders"));
        flow.Send(false, Concat(
            Packet(1, H("02")),                 // column count 2
            Column(2, "customer"),
            Column(3, "note", type: 252),
            Eof(4),
            Row(5, "alice", null),
            Row(6, "bob", "rush"),
            Eof(7)));
        var h = new MySqlHarness();
        var frames = h.Run(flow.Frames);
        var q = frames[^2];
        Assert.Equal("Request Query", q.Info);
        Assert.Equal("3", q.Value("mysql.command"));
        Assert.Equal("SELECT customer, note FROM orders", q.Value("mysql.query"));

        var r = frames[^1];
        Assert.Equal("Response TABULAR Response ", r.Info);
        Assert.Equal("2", r.Value("mysql.num_fields"));
        Assert.Equal(["customer", "note"], r.Values("mysql.field.name"));
        Assert.Equal(["253", "252"], r.Values("mysql.field.type"));
        Assert.Equal(["alice", "NULL", "bob", "rush"], r.Values("mysql.row.text"));
        Assert.Equal(["0xfe", "0xfe"], r.Values("mysql.response_code"));
        Assert.Equal(q.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Value("mysql.response_to"));
    }

    [Fact]
    public void Error_ShowsCodeStateAndMessage()
    {
        var flow = LoggedIn();
        flow.Send(true, Query("SELEC 1"));
        flow.Send(false, Packet(1, Concat(H("ff 2804 23 3432303030"), "You have an error"u8.ToArray())));   // 1064, #42000
        var f = new MySqlHarness().Run(flow.Frames)[^1];
        Assert.Equal("Response  Error 1064 ", f.Info);
        Assert.Equal("1064", f.Value("mysql.error_code"));
        Assert.Equal("42000", f.Value("mysql.sqlstate"));
        Assert.Equal("You have an error", f.Value("mysql.error.message"));
    }

    [Fact]
    public void PreparedStatement_ExecuteParametersAndBinaryRows_DecodeByType()
    {
        var flow = LoggedIn();
        flow.Send(true, Packet(0, Concat([0x16], "SELECT id, s FROM t WHERE id > ?"u8.ToArray())));
        flow.Send(false, Concat(
            Packet(1, H("00 07000000 0200 0100 00 0000")),   // PREPARE_OK: stmt 7, 2 columns, 1 param
            Column(2, "?", type: 8),                         // parameter definition
            Eof(3),
            Column(4, "id", type: 8),
            Column(5, "s", type: 253),
            Eof(6)));
        flow.Send(true, Packet(0, H("""
            17 07000000 00 01000000   # EXECUTE stmt 7, no cursor, 1 iteration
            00                        # NULL bitmap
            01 0800                   # new params bound; LONGLONG, signed
            0500000000000000          # 5
            """)));
        flow.Send(false, Concat(
            Packet(1, H("02")),
            Column(2, "id", type: 8),
            Column(3, "s", type: 253),
            Eof(4),
            Packet(5, H("00 00 0900000000000000 03 616263")),   // row: id 9, s "abc"
            Packet(6, H("00 08 0a00000000000000")),             // row: id 10, s NULL (bit 3)
            Eof(7)));
        var h = new MySqlHarness();
        var frames = h.Run(flow.Frames);
        var prep = frames[^3];
        Assert.Equal("7", prep.Value("mysql.stmt_id"));
        Assert.Equal("1", prep.Value("mysql.num_params"));
        var exec = frames[^2];
        Assert.Equal("Request Execute Statement", exec.Info);
        Assert.Equal("5", exec.Value("mysql.exec.field.longlong"));
        Assert.Equal("SELECT id, s FROM t WHERE id > ?", exec.Value("mysql.stmt.query"));
        var rows = frames[^1];
        Assert.Equal(["9", "10"], rows.Values("mysql.exec.field.longlong"));
        Assert.Equal(["abc"], rows.Values("mysql.exec.field.string"));
        Assert.True(rows.Has("mysql.exec.field.null"));
        Assert.Equal(0, h.DissectorBugs);
    }

    [Fact]
    public void MidStreamCapture_DecodesCommandsWithoutTheHandshake()
    {
        var flow = new TcpFlowBuilder(clientPort: 40000, serverPort: Port);
        flow.Send(true, Query("COMMIT"));
        flow.Send(false, Packet(1, H("00 00 00 0200 0000")));
        var frames = new MySqlHarness().Run(flow.Frames);
        Assert.Equal("COMMIT", frames[0].Value("mysql.query"));
        Assert.Equal("Response  OK ", frames[1].Info);
        Assert.False(frames[1].Has("mysql.server_status"));   // tshark: no capabilities known, no status
    }

    [Fact]
    public void SslRequest_SwitchesTheConnectionToTls()
    {
        var flow = Flow();
        flow.Send(false, Greeting);
        flow.Send(true, Packet(1, H("08aa0a00 00000001 2d 00000000000000000000000000000000000000 00000000")));   // CLIENT_SSL
        flow.Send(true, H("16 0301 0005 0100000100"));        // a TLS ClientHello start
        var frames = new MySqlHarness().Run(flow.Frames);
        Assert.True(frames[^2].Has("mysql.tls"));
        Assert.False(frames[^1].Has("mysql"));
        Assert.True(frames[^1].Has("data.data"));
    }

    [Fact]
    public void CompressedProtocol_InflatesZlibBodies()
    {
        var flow = LoggedIn(caps: 0x000A_A228);   // + CLIENT_COMPRESS
        byte[] inner = Concat(Query("SELECT 1"));
        byte[] z = Zlib(inner);
        flow.Send(true, Concat([(byte)z.Length, (byte)(z.Length >> 8), 0, 0, (byte)inner.Length, 0, 0], z));
        var f = new MySqlHarness().Run(flow.Frames)[^1];
        Assert.Equal("SELECT 1", f.Value("mysql.query"));
        Assert.Equal(inner.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), f.Value("mysql.compressed_packet_length_uncompressed"));
    }

    internal static byte[] Zlib(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var z = new System.IO.Compression.ZLibStream(ms, System.IO.Compression.CompressionLevel.Optimal))
        {
            z.Write(data);
        }

        return ms.ToArray();
    }
}
