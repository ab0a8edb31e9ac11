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
