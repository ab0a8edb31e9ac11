using static Dissectors.Protocols.Tests.MySql.My;

namespace Dissectors.Protocols.Tests.MySql;

/// <summary>Framing: 16 MiB payloads in 0xFFFFFF packets, LOCAL INFILE, CLIENT_DEPRECATE_EOF, several results.</summary>
public class MySqlFramingTests
{
    [Fact]
    public void PayloadOf16MiB_IsJoinedFromItsPackets()
    {
        var flow = LoggedIn();
        string sql = "SELECT '" + new string('x', 0xFF_FFFF - 8) + "tail'";   // 4 bytes more than one packet holds
        byte[] payload = System.Text.Encoding.ASCII.GetBytes("\u0003" + sql);
        byte[] first = payload[..0xFF_FFFF];
        byte[] rest = payload[0xFF_FFFF..];
        byte[] wire = Concat(Packet(0, first), Packet(1, rest));
        for (int o = 0; o < wire.Length; o += 60_000)
        {
            flow.Send(true, wire.AsSpan(o, Math.Min(60_000, wire.Length - o)));
        }

        var h = new MySqlHarness();
        var f = h.Run(flow.Frames)[^1];
        Assert.Equal(sql, f.Value("mysql.query"));
        Assert.True(f.Has("mysql.continuation"));
        Assert.Equal(0, h.DissectorBugs);
    }

    [Fact]
    public void LocalInfile_ShowsTheFileNameAndTheData()
    {
        var flow = LoggedIn();
        flow.Send(true, Query("LOAD DATA LOCAL INFILE 'a.tsv' INTO TABLE t"));
        flow.Send(false, Packet(1, Concat([0xfb], "a.tsv"u8.ToArray())));
        flow.Send(true, Concat(Packet(2, "1\tx\n"u8.ToArray()), Packet(3, [])));
        flow.Send(false, Packet(4, H("00 01 00 0200 0000")));
        var frames = new MySqlHarness().Run(flow.Frames);
        Assert.Equal("a.tsv", frames[^3].Value("mysql.local_infile.filename"));
        Assert.False(frames[^3].Has("mysql.num_fields"));
        Assert.True(frames[^2].Has("mysql.local_infile.data"));
        Assert.False(frames[^2].Has("mysql.command"));
        Assert.Equal("1", frames[^1].Value("mysql.affected_rows"));
    }

    [Fact]
    public void DeprecateEof_RowsEndWithAnOkPacket()
    {
        // Client and server both set CLIENT_DEPRECATE_EOF (high caps 0x0100).
        var flow = Flow();
        var greeting = (byte[])Greeting.Clone();
        greeting[4 + 1 + 23 + 4 + 9 + 2 + 1 + 2 + 1] |= 0x01;    // caps high, byte 2: DEPRECATE_EOF
        flow.Send(false, greeting);
        flow.Send(true, Login(caps: 0x010A_A208));
        flow.Send(false, Ok);
        flow.Send(true, Query("SELECT 1"));
        flow.Send(false, Concat(Packet(1, H("01")), Column(2, "1"), Row(3, "1"), Packet(4, H("fe 00 00 0200 0000"))));
        flow.Send(true, Query("SELECT 2"));
        var frames = new MySqlHarness().Run(flow.Frames);
        Assert.Equal(["1"], frames[^2].Values("mysql.row.text"));
        Assert.Equal(["0xfe"], frames[^2].Values("mysql.response_code"));
        Assert.Equal("SELECT 2", frames[^1].Value("mysql.query"));
    }

    [Fact]
    public void MultipleResults_AreReadOneAfterAnother()
    {
        var flow = LoggedIn();
        flow.Send(true, Query("SELECT 1; SELECT 2"));
        flow.Send(false, Concat(
            Packet(1, H("01")), Column(2, "1"), Eof(3, 0x000a), Row(4, "1"), Eof(5, 0x000a),   // MORE_RESULTS
            Packet(6, H("01")), Column(7, "2"), Eof(8), Row(9, "2"), Eof(10)));
        var f = new MySqlHarness().Run(flow.Frames)[^1];
        Assert.Equal(["1", "2"], f.Values("mysql.row.text"));
        Assert.Equal(["1", "2"], f.Values("mysql.field.name"));
    }
}
