using Dissectors.Protocols.Common;
using Dissectors.Testing;
using static Dissectors.Protocols.Tests.MySql.My;

namespace Dissectors.Protocols.Tests.MySql;

/// <summary>
/// The compressed protocol with zstd (MySQL 8.0.18+, CLIENT_ZSTD_COMPRESSION_ALGORITHM, capability bit 26):
/// the same 7-byte compressed header, the body a zstd frame. The frames were made by Debian's zstd tool
/// (MySql/Data/zstd/make.sh), not by the decoder under test.
/// </summary>
public class MySqlZstdTests
{
    private const uint ZstdCap = 1u << 26;
    private const uint CompressCap = 0x20;

    private static byte[] Data(string name) =>
        File.ReadAllBytes(Path.Combine(Paths.Root, "tests", "Dissectors.Protocols.Tests", "MySql", "Data", "zstd", name));

    /// <summary>The test greeting with CLIENT_ZSTD_COMPRESSION_ALGORITHM added to the server's capabilities.</summary>
    private static byte[] ZstdGreeting()
    {
        byte[] g = (byte[])Greeting.Clone();
        int i = g.AsSpan().IndexOf((ReadOnlySpan<byte>)[0x2d, 0x02, 0x00, 0x3f, 0x00]);   // collation, status, caps high
        Assert.True(i > 0);
        g[i + 4] |= 0x04;                                              // bit 26 = caps high bit 10
        return g;
    }

    /// <summary>Logged in with zstd (and CLIENT_COMPRESS when <paramref name="alsoZlib"/>); the login ends with the zstd level.</summary>
    private static TcpFlowBuilder ZstdSession(bool alsoZlib = false)
    {
        uint caps = 0x000A_A208u | ZstdCap | (alsoZlib ? CompressCap : 0);
        byte[] login = Login(caps);
        var flow = Flow();
        flow.Send(false, ZstdGreeting());
        flow.Send(true, Packet(1, [.. login.AsSpan(4), 3]));   // compression level 3
        flow.Send(false, Ok);
        return flow;
    }

    private static byte[] Compressed(byte seq, int uncompressed, byte[] body) =>
        Concat([(byte)body.Length, (byte)(body.Length >> 8), (byte)(body.Length >> 16), seq,
            (byte)uncompressed, (byte)(uncompressed >> 8), (byte)(uncompressed >> 16)], body);

    [Fact]
    public void Login_ShowsTheZstdLevel_AndTheCapability()
    {
        var frames = new MySqlHarness().Run(ZstdSession().Frames);
        var login = frames.Single(f => f.Has("mysql.login_request"));
        Assert.Equal("3", login.Value("mysql.compression.zstd_level"));
        Assert.Equal(["1"], login.Values("mysql.caps.compress_zsd"));
    }

    [Fact]
    public void ZstdQueryAndResult_AreDecompressed_AndTheirPacketsDissected()
    {
        var flow = ZstdSession();
        flow.Send(true, Compressed(0, Data("query.raw").Length, Data("query.zst")));
        flow.Send(false, Compressed(1, Data("result.raw").Length, Data("result.zst")));
        var h = new MySqlHarness();
        var frames = h.Run(flow.Frames);
        var query = frames[^2];
        var result = frames[^1];
        Assert.Equal("SELECT id, note FROM orders WHERE note LIKE '%zstd%' ORDER BY id", query.Value("mysql.query"));
        Assert.Equal("69", query.Value("mysql.compressed_packet_length_uncompressed"));
        Assert.Equal(["id", "note"], result.Values("mysql.field.name"));
        Assert.Equal(["1", "zstd one", "2", "zstd two", "3", "zstd three"], result.Values("mysql.row.text"));
        Assert.False(result.Has("mysql.uncompress_failure"));
        Assert.Equal(0, h.DissectorBugs);
    }

    [Fact]
    public void WithBothCompressionFlags_TheSessionUsesZlib()
    {
        // The server picks zlib when the client sets CLIENT_COMPRESS, whatever else it offers.
        var flow = ZstdSession(alsoZlib: true);
        byte[] inner = Query("SELECT 1");
        byte[] z = MySqlMessageTests.Zlib(inner);
        flow.Send(true, Compressed(0, inner.Length, z));
        var f = new MySqlHarness().Run(flow.Frames)[^1];
        Assert.Equal("SELECT 1", f.Value("mysql.query"));
    }

    [Fact]
    public void PacketCutAcrossTwoZstdFrames_IsJoined()
    {
        var flow2 = ZstdSession();
        byte[] q = Query("SELECT id, note FROM orders WHERE id = 4");
        flow2.Send(true, Compressed(0, 0, q));                      // stored body: uncompressed length 0
        int whole = Data("split.raw").Length;
        byte[] s1 = Data("split1.zst");
        byte[] s2 = Data("split2.zst");
        flow2.Send(false, Compressed(1, 200, s1));
        flow2.Send(false, Compressed(2, whole - 200, s2));
        var h = new MySqlHarness();
        var frames = h.Run(flow2.Frames);
        Assert.Equal("SELECT id, note FROM orders WHERE id = 4", frames[^3].Value("mysql.query"));
        Assert.Equal(["4", new string('z', 240) + "-end"], frames[^1].Values("mysql.row.text"));
        Assert.Equal(0, h.DissectorBugs);
    }

    [Fact]
    public void FrameContentSize_IsReadFromTheZstdToolsHeaders()
    {
        Assert.Equal(Data("query.raw").Length, Decompression.ZstdFrameContentSize(Data("query.zst")));
        Assert.Equal(-1, Decompression.ZstdFrameContentSize(Data("result.zst")));        // made from a pipe: not stated
        Assert.Equal(64L * 1024 * 1024, Decompression.ZstdFrameContentSize(Data("bomb-sized.zst")));
        Assert.Equal(-1, Decompression.ZstdFrameContentSize([0x28, 0xb5, 0x2f]));
        Assert.Equal(-1, Decompression.ZstdFrameContentSize(Data("query.raw")));
    }

    [Fact]
    public void ZstdBomb_StatingMoreThanDeclared_IsRefusedBeforeDecoding()
    {
        // 2 KB that the frame header says is 64 MiB, under a compressed header that declares 1000 bytes.
        AssertStopped(Data("bomb-sized.zst"), declared: 1000, "mysql.decompression_refused");
    }

    [Fact]
    public void ZstdBomb_WithoutStatedSize_StopsWhenTheDeclaredSizeIsFull()
    {
        // 530 bytes that decode to 16 MiB of zeros; nothing states that until the decoder has produced 1000 bytes.
        AssertStopped(Data("bomb-unsized.zst"), declared: 1000, "mysql.uncompress_failure");
    }

    [Fact]
    public void ZstdBomb_DeclaringTheMaximum_IsRefusedByTheRatioCap()
    {
        // 0xFFFFFF declared from 400 bytes is above what zstd's densest blocks (RLE) can produce.
        AssertStopped(Data("bomb-unsized.zst")[..400], declared: 0xFF_FFFF, "mysql.decompression_refused");
    }

    [Fact]
    public void CorruptOrTruncatedZstd_IsAnUncompressFailure_AndTheStreamGoesOn()
    {
        byte[] z = Data("result.zst");
        byte[] flipped = (byte[])z.Clone();
        for (int i = 8; i < flipped.Length; i += 7)
        {
            flipped[i] ^= 0x5a;
        }

        var flow = ZstdSession();
        flow.Send(false, Compressed(1, Data("result.raw").Length, flipped));
        flow.Send(false, Compressed(2, Data("result.raw").Length, z[..^5]));
        flow.Send(false, Compressed(3, Data("result.raw").Length, [0x01, 0x02, 0x03]));
        flow.Send(true, Compressed(0, Data("query.raw").Length, Data("query.zst")));
        var h = new MySqlHarness();
        var frames = h.Run(flow.Frames);
        Assert.True(frames[^4].Has("mysql.uncompress_failure"));
        Assert.True(frames[^3].Has("mysql.uncompress_failure"));
        Assert.True(frames[^2].Has("mysql.uncompress_failure"));
        Assert.Equal("SELECT id, note FROM orders WHERE note LIKE '%zstd%' ORDER BY id", frames[^1].Value("mysql.query"));
        Assert.Equal(0, h.DissectorBugs);
    }

    private static void AssertStopped(byte[] body, int declared, string expert)
    {
        var flow = ZstdSession();
        flow.Send(false, Compressed(1, declared, body));
        var all = flow.Frames.ToList();
        var h = new MySqlHarness();
        h.Run(all.Take(all.Count - 1));
        long before = GC.GetAllocatedBytesForCurrentThread();
        var f = h.Run(all.Skip(all.Count - 1))[^1];
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(f.Has(expert), string.Join(", ", f.Fields.Select(x => x.Field)));
        Assert.True(allocated < 1024 * 1024, $"{allocated} bytes allocated");
        Assert.Equal(0, h.DissectorBugs);
    }
}
