using Dissectors.Testing;
using static Dissectors.Protocols.Tests.MySql.My;

namespace Dissectors.Protocols.Tests.MySql;

/// <summary>Bad input: garbage, lying lengths, bombs, seeded mutations. Nothing throws, the stream goes on.</summary>
public class MySqlRobustnessTests
{
    [Fact]
    public void ZlibBomb_IsRefusedBeforeInflating()
    {
        var flow = LoggedIn(caps: 0x000A_A228);
        byte[] z = MySqlMessageTests.Zlib(new byte[1000]);
        // Declares 16 MiB from a few bytes: impossible for deflate, refused with an expert item.
        flow.Send(true, Concat([(byte)z.Length, 0, 0, 0, 0xff, 0xff, 0xff], z));
        var h = new MySqlHarness();
        var f = h.Run(flow.Frames)[^1];
        Assert.True(f.Has("mysql.decompression_refused"));
        Assert.Equal(0, h.DissectorBugs);
    }

    [Fact]
    public void ImpossibleDeclaredSize_IsRefusedBeforeTheBufferIsAllocated()
    {
        // 16 MiB declared for 12 compressed bytes: the size is checked before any buffer is sized by it.
        var flow = LoggedIn(caps: 0x000A_A228);
        flow.Send(true, Concat([12, 0, 0, 0, 0xff, 0xff, 0xff], new byte[12]));
        var frames = flow.Frames.ToList();
        var h = new MySqlHarness();
        h.Run(frames.Take(frames.Count - 1));
        long before = GC.GetAllocatedBytesForCurrentThread();
        var f = h.Run(frames.Skip(frames.Count - 1))[^1];
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(f.Has("mysql.decompression_refused"));
        Assert.True(allocated < 1024 * 1024, $"{allocated} bytes allocated for a refused packet");
    }

    [Fact]
    public void ZlibThatInflatesPastItsDeclaredSize_IsAnUncompressFailure()
    {
        var flow = LoggedIn(caps: 0x000A_A228);
        byte[] z = MySqlMessageTests.Zlib(new byte[100]);
        flow.Send(true, Concat([(byte)z.Length, 0, 0, 0, 50, 0, 0], z));
        var f = new MySqlHarness().Run(flow.Frames)[^1];
        Assert.True(f.Has("mysql.uncompress_failure"));
    }

    [Fact]
    public void TruncatedAndLyingFields_GiveExpertItems_NotExceptions()
    {
        var flow = LoggedIn();
        flow.Send(true, Packet(0, H("17 01")));                       // EXECUTE cut short
        flow.Send(false, Packet(1, H("ff 28")));                      // ERR cut short
        flow.Send(true, Query("SELECT 1"));
        flow.Send(false, Concat(Packet(1, H("01")), Packet(2, H("fc ffff 00"))));   // column def with a lying length
        var h = new MySqlHarness();
        var frames = h.Run(flow.Frames);
        Assert.True(frames[^4].Has("mysql.truncated"));
        Assert.True(frames[^3].Has("mysql.truncated"));
        Assert.True(frames[^1].Has("mysql.truncated") || frames[^1].Has("mysql.invalid_length"));
        Assert.Equal(0, h.DissectorBugs);
    }

    [Fact]
    public void SeededMutations_NeverThrow()
    {
        var flow = LoggedIn();
        flow.Send(true, Query("SELECT customer FROM orders"));
        flow.Send(false, Concat(Packet(1, H("01")), Column(2, "customer"), Eof(3), Row(4, "alice"), Eof(5)));
        var clean = flow.Frames;
        var rng = new Random(12345);
        for (int iteration = 0; iteration < 200; iteration++)
        {
            var frames = clean.Select(f => (byte[])f.Clone()).ToList();
            int victim = rng.Next(3, frames.Count);
            var bytes = frames[victim];
            int payloadStart = Math.Min(bytes.Length - 1, 66);
            for (int k = 0; k < 4; k++)
            {
                int at = rng.Next(payloadStart, bytes.Length);
                bytes[at] = (byte)rng.Next(256);
            }

            var h = new MySqlHarness();
            h.Run(frames);
            Assert.True(h.DissectorBugs == 0, $"seed 12345 iteration {iteration}");
        }
    }
    [Fact]
    public void CaptureStartingInsideAPacket_SkipsToTheFirstPlausibleHeader()
    {
        var flow = new TcpFlowBuilder(clientPort: 40000, serverPort: Port);   // no handshake, mid-connection
        // The tail of a row whose header was not captured, then a whole EOF and the next response.
        flow.Send(false, Concat(H("6c696365 05 3132 2e3530 ff ff ff"), Eof(5), Packet(1, H("00 01 00 0200 0000"))));
        var h = new MySqlHarness();
        var f = h.Run(flow.Frames)[^1];
        Assert.Equal(["0xfe", "0x00"], f.Values("mysql.response_code"));
        Assert.Equal(0, h.DissectorBugs);
    }

    [Fact]
    public void LostSegmentInsideAResultSet_ResyncsAndKeepsDecodingRows()
    {
        var flow = LoggedIn();
        flow.Send(true, Query("SELECT customer FROM orders"));
        flow.Send(false, Concat(Packet(1, H("01")), Column(2, "customer"), Eof(3), Row(4, "alice")));
        flow.ServerSeq += 40;                                  // a lost segment: rows 5.. never captured
        flow.Send(false, Concat(H("62 6f 62"), Row(9, "zed"), Eof(10)));   // the tail of a row, then more rows
        flow.Send(true, Query("SELECT 2"));
        flow.Send(false, Packet(1, H("00 00 00 0200 0000")));
        var h = new MySqlHarness();
        var frames = h.Run(flow.Frames);
        // The segment after the hole is dissected once the client's ACK shows the hole is lost.
        Assert.Contains(frames, f => f.Values("mysql.row.text").Contains("zed"));
        Assert.Contains(frames, f => f.Value("mysql.query") == "SELECT 2");
        Assert.Equal("Response  OK ", frames[^1].Info);
        Assert.Equal(0, h.DissectorBugs);
    }
}
